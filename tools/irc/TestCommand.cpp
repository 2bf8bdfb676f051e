// `irc test PATH...`: the filetest runner (lib/filetest/Runner.h) on files and folders.
// One line per file and target on stdout, then the totals; exit 0 iff nothing failed.
#include "Driver.h"

#include "filetest/Runner.h"

#include <cstdio>
#include <cstdlib>
#include <thread>

namespace irc::tool {

const char *const kTestExamples = R"(Examples:
  irc test testdata                          every .clif and .ir file below testdata
  irc test testdata/isa/x86_64 --bless       rewrite the expected output of precise-output tests
  irc test testdata/isa --regalloc experimental --no-precise
                                             compile the goldens under another allocator
  irc test runtests/ --target x86_64 -j 8    only x86_64 targets, eight files at a time
  irc test f.clif --keep-temps               keep the run test's harness, object and C source
  irc test testdata --filter icmp --set opt_level=speed

Each file runs its `test` lines (verifier, compile [precise-output|expect-fail], run)
once per `target` line. Output, one line per file and target:
  PASS path [x86_64]
  FAIL path [x86_64]: reason          (details indented below)
  SKIP path: reason
  UNSUPPORTED path [s390x]: opcode fma
and last "N passed, M failed, K skipped, U unsupported".

Run tests build a C harness with $CC (default cc) for x86_64, with s390x-linux-gnu-gcc
($IRC_S390X_CC) for s390x, run under qemu-s390x ($IRC_QEMU_S390X); temporary files go
under $TMPDIR.

Exit status: 0 nothing failed, 1 a test failed or a path cannot be read, 2 bad usage.)";

int runCommand(const TestOptions &options) {
  CommonOptions common = options.common;
  if (!options.regalloc.empty()) // checked (and warned about) with the other settings
    common.settings.push_back("regalloc_algorithm=" + options.regalloc);
  if (!checkCommandLineSettings(common))
    return kExitBadUsage;
  if (options.bless && options.noPrecise) {
    printError("--bless and --no-precise cannot be used together");
    return kExitBadUsage;
  }
  filetest::RunnerOptions runner;
  if (!options.target.empty())
    runner.target = target::parseIsa(options.target);
  runner.bless = options.bless;
  runner.comparePrecise = !options.noPrecise;
  runner.settings = common.settings;
  runner.jobs =
      options.jobs != 0 ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  runner.keepTemps = options.keepTemps;
  runner.filter = options.filter;
  const char *tmp = std::getenv("TMPDIR");
  runner.tempRoot = tmp && *tmp ? tmp : "/tmp";
  runner.toolchain = filetest::Toolchain::fromEnvironment();

  auto files = filetest::collectTestFiles(options.paths, options.filter);
  if (!files) {
    printError(files.error().message);
    return kExitBadInput;
  }
  filetest::Summary summary =
      filetest::runFileTests(*files, runner, [](const filetest::FileResult &result) {
        std::string text = filetest::formatFileResult(result);
        std::fwrite(text.data(), 1, text.size(), stdout);
        std::fflush(stdout);
      });
  std::string last = filetest::formatSummary(summary);
  std::fwrite(last.data(), 1, last.size(), stdout);
  return summary.failed == 0 ? kExitSuccess : kExitBadInput;
}

} // namespace irc::tool
