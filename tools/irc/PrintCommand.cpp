// `irc print FILE...`: parse each file and print it back in canonical CLIF: its header
// lines, then its functions (comments are dropped).
#include "Driver.h"

#include "parser/TestFilePrinter.h"

#include <cstdio>

namespace irc::tool {

const char *const kPrintExamples = R"(Examples:
  irc print factorial.ir              canonical text of every function
  irc print a.clif b.clif > all.clif  several files, one after the other
  cat f.clif | irc print -            read standard input

Exit status: 0 printed, 1 a file could not be read or parsed, 2 bad usage.)";

int runCommand(const PrintOptions &options) {
  if (!checkCommandLineSettings(options.common))
    return kExitBadUsage;
  int exitCode = kExitSuccess;
  for (const std::string &path : options.files) {
    std::optional<InputFile> file = loadInputFile(path, /*keepComments=*/true);
    if (!file) {
      exitCode = kExitBadInput;
      continue;
    }
    std::string text = parser::printTestFile(file->parsed);
    std::fwrite(text.data(), 1, text.size(), stdout);
  }
  return exitCode;
}

} // namespace irc::tool
