// `irc test PATH...`: the filetest runner (lib/filetest/Runner.h) on files and folders.
// One line per file and target on stdout, then the totals; exit 0 iff nothing failed.
#include "Driver.h"

#include "filetest/Runner.h"

#include <cstdio>
#include <cstdlib>
#include <thread>

namespace irc::tool {

namespace {

constexpr const char *kTestExamples = R"(Examples:
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

class TestCommand final : public Command {
public:
  explicit TestCommand(CLI::App &app) {
    CLI::App *command = app_ = app.add_subcommand(
        "test", "Run CLIF filetests (verifier, compile, run) on files and folders");
    command->add_option("PATH", paths_, "CLIF files, or folders searched for *.clif and *.ir")
        ->type_name("")
        ->required();
    command->add_option("--target", target_, "Only targets of this ISA: x86_64 or s390x")
        ->type_name("ISA")
        ->check(CLI::IsMember({"x86_64", "s390x"}));
    command->add_flag("--bless", bless_,
                      "Rewrite precise-output expectations with the current output");
    command->add_flag("--no-precise", noPrecise_,
                      "Compile precise-output tests but do not compare their output");
    command->add_option("-j,--jobs", jobs_, "Files tested at once (default: one per CPU)")
        ->type_name("N")
        ->check(CLI::Range(1, 1024));
    command->add_flag("--keep-temps", keepTemps_,
                      "Keep run tests' temporary directories and print where they are");
    command->add_option("--filter", filter_, "Only files whose path contains SUBSTR")
        ->type_name("SUBSTR");
    command->add_option("--regalloc", regalloc_, "Shorthand for --set regalloc_algorithm=ALGO")
        ->type_name("ALGO")
        ->check(CLI::IsMember({"backtracking", "single_pass", "experimental"}));
    addCommonOptions(*command, common_);
    command->footer(kTestExamples);
  }

  int run() override {
    if (!regalloc_.empty()) // checked (and warned about) with the other settings
      common_.settings.push_back("regalloc_algorithm=" + regalloc_);
    if (!checkCommandLineSettings(common_))
      return kExitBadUsage;
    if (bless_ && noPrecise_) {
      printError("--bless and --no-precise cannot be used together");
      return kExitBadUsage;
    }
    filetest::RunnerOptions options;
    if (!target_.empty())
      options.target = target::parseIsa(target_);
    options.bless = bless_;
    options.comparePrecise = !noPrecise_;
    options.settings = common_.settings;
    options.jobs = jobs_ != 0 ? jobs_ : std::max(1u, std::thread::hardware_concurrency());
    options.keepTemps = keepTemps_;
    options.filter = filter_;
    const char *tmp = std::getenv("TMPDIR");
    options.tempRoot = tmp && *tmp ? tmp : "/tmp";
    options.toolchain = filetest::Toolchain::fromEnvironment();

    auto files = filetest::collectTestFiles(paths_, filter_);
    if (!files) {
      printError(files.error().message);
      return kExitBadInput;
    }
    filetest::Summary summary =
        filetest::runFileTests(*files, options, [](const filetest::FileResult &result) {
          std::string text = filetest::formatFileResult(result);
          std::fwrite(text.data(), 1, text.size(), stdout);
          std::fflush(stdout);
        });
    std::string last = filetest::formatSummary(summary);
    std::fwrite(last.data(), 1, last.size(), stdout);
    return summary.failed == 0 ? kExitSuccess : kExitBadInput;
  }

private:
  std::vector<std::string> paths_;
  std::string target_;
  bool bless_ = false;
  bool noPrecise_ = false;
  unsigned jobs_ = 0;
  bool keepTemps_ = false;
  std::string filter_;
  std::string regalloc_;
};

} // namespace

std::unique_ptr<Command> addTestCommand(CLI::App &app) {
  return std::make_unique<TestCommand>(app);
}

} // namespace irc::tool
