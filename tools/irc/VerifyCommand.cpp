// `irc verify FILE...`: parse each file, check its header, verify every function. Silent
// when all is well; every problem is a located diagnostic on stderr.
#include "Driver.h"

namespace irc::tool {

const char *const kVerifyExamples = R"(Examples:
  irc verify factorial.ir             no output when every function is well formed
  irc verify a.clif b.ir              check several files; each error looks like
      sum.ir:4:5: error: arg 1 (v1) has type i64, expected i32
          v2 = iadd v0, v1
          ^

Exit status: 0 all verified, 1 a file could not be read, parsed or verified, 2 bad usage.)";

int runCommand(const VerifyOptions &options) {
  if (!checkCommandLineSettings(options.common))
    return kExitBadUsage;
  int exitCode = kExitSuccess;
  for (const std::string &path : options.files) {
    std::optional<InputFile> file = loadInputFile(path, /*keepComments=*/false);
    if (!file) {
      exitCode = kExitBadInput;
      continue;
    }
    bool headerOk = checkFileHeader(*file);
    size_t errors = verifyFile(*file, pointerBitsForFile(*file));
    if (!headerOk || errors != 0)
      exitCode = kExitBadInput;
  }
  return exitCode;
}

} // namespace irc::tool
