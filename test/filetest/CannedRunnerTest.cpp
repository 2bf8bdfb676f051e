// The runner's compile and run paths with a stand-in code generator: CannedIsa hands back
// hand-assembled x86_64 code and listings per function, so object writing, the harness,
// trampoline calls, traps, precise-output diffs, --bless and UNSUPPORTED are exercised
// before irc has a backend (and independently of it afterwards).
#include "filetest/Runner.h"

#include "FiletestTestUtil.h"

#include <map>

using namespace irc::filetest;
using irc::filetest::testutil::readTestdata;
using irc::filetest::testutil::testdataPath;
namespace mach = irc::mach;

namespace {

struct Canned {
  std::vector<uint8_t> code;
  std::string asmText;
  std::string error; // compile fails with this when not empty
};

class CannedIsa final : public mach::TargetIsa {
public:
  explicit CannedIsa(std::map<std::string, Canned> functions) : functions_(std::move(functions)) {}
  std::string_view name() const override { return "x86_64"; }
  unsigned pointerBits() const override { return 64; }
  bool bigEndian() const override { return false; }
  irc::Expected<mach::CompiledCode> compile(const irc::ir::Function &func,
                                            const mach::CompileOptions &) const override {
    auto it = functions_.find(func.externalName.symbol());
    if (it == functions_.end())
      return irc::makeError("unsupported: opcode load on target x86_64");
    if (!it->second.error.empty())
      return irc::makeError(it->second.error);
    mach::CompiledCode code;
    code.code = it->second.code;
    code.instBytes = static_cast<uint32_t>(code.code.size());
    code.asmText = it->second.asmText;
    return code;
  }

private:
  std::map<std::string, Canned> functions_;
};

RunnerOptions cannedOptions(std::map<std::string, Canned> functions) {
  RunnerOptions options;
  options.tempRoot = "/tmp";
  options.toolchain = Toolchain::fromEnvironment();
  options.makeIsa =
      [functions](
          const irc::target::TargetConfig &) -> irc::Expected<std::unique_ptr<mach::TargetIsa>> {
    return std::unique_ptr<mach::TargetIsa>(std::make_unique<CannedIsa>(functions));
  };
  return options;
}

// lea (%rdi,%rsi), %eax; ret
const Canned kAdd{{0x8d, 0x04, 0x37, 0xc3}, "", ""};
// mov %edi, %eax; cltd; idiv %esi; ret
const Canned kDiv{{0x89, 0xf8, 0x99, 0xf7, 0xfe, 0xc3}, "", ""};
const Canned kRet{{0xc3}, "", ""};
// The trampoline of %twice(i64) -> i64, i64: mov (%rdi), %rax; lea (%rax,%rax), %rcx;
// mov %rcx, (%rsi); mov %rax, 16(%rsi); ret
const Canned kTwiceTrampoline{
    {0x48, 0x8b, 0x07, 0x48, 0x8d, 0x0c, 0x00, 0x48, 0x89, 0x0e, 0x48, 0x89, 0x46, 0x10, 0xc3},
    "",
    ""};

} // namespace

TEST_CASE("canned runner: run lines, traps, trampolines, print", "[filetest][canned][run]") {
#if !defined(__x86_64__)
  WARN("not an x86_64 host: skipped");
  return;
#endif
  RunnerOptions options = cannedOptions({{"__irc_fn_add", kAdd},
                                         {"__irc_fn_div", kDiv},
                                         {"__irc_fn_twice", kRet},
                                         {"__irc_run_twice", kTwiceTrampoline}});
  std::string p = testdataPath("inputs/canned-run.clif.in");
  CHECK(formatFileResult(runFileTest(p, options)) ==
        "FAIL " + p + " [x86_64]: test run: 3 of 7 run line(s) failed\n" + "    " + p +
            ":10: %add(1, 2) == 4 failed: got 3\n" + "    " + p +
            ":18: %div(7, 0) == 0 failed: trap SIGFPE\n" + "    " + p +
            ":26: %twice(1) == [2, 2] failed: got [2, 1]\n" + "    " + p +
            ":27: %twice(5) -> [10, 5]\n");
}

TEST_CASE("canned runner: an unsupported opcode", "[filetest][canned][run]") {
  Canned unsupported{{}, "", "unsupported: opcode sdiv on target x86_64"};
  RunnerOptions options = cannedOptions({{"__irc_fn_add", kAdd},
                                         {"__irc_fn_div", unsupported},
                                         {"__irc_fn_twice", kRet},
                                         {"__irc_run_twice", kTwiceTrampoline}});
  std::string p = testdataPath("inputs/canned-run.clif.in");
  CHECK(formatFileResult(runFileTest(p, options)) ==
        "UNSUPPORTED " + p + " [x86_64]: opcode sdiv\n");
  // Another error is a failure, named with its function.
  options = cannedOptions({{"__irc_fn_add", kAdd},
                           {"__irc_fn_div", Canned{{}, "", "frame too large"}},
                           {"__irc_fn_twice", kRet},
                           {"__irc_run_twice", kTwiceTrampoline}});
  CHECK(formatFileResult(runFileTest(p, options)) ==
        "FAIL " + p + " [x86_64]: test run: compilation failed\n" + "    " + p +
            ":12: %div: compile error: frame too large\n");
}

TEST_CASE("canned runner: precise output, diff and bless", "[filetest][canned][precise]") {
  std::map<std::string, Canned> functions = {
      {"same", Canned{{0xc3}, "block0:\n  movl %edi, %eax\n  retq\n", ""}},
      {"stale", Canned{{0xc3}, "block0:\n  movq %rdi, %rax\n\n  retq\n", ""}},
      {"missing", Canned{{0xc3}, "block0:\n  movq %rdi, %rax\n\n  retq\n", ""}},
      {"last", Canned{{0xc3}, "block0:\n  retq\n", ""}},
  };
  RunnerOptions options = cannedOptions(functions);
  std::string before = readTestdata("inputs/precise-output.clif.in");
  auto dir = TempDir::create("/tmp", "irc-bless-test-");
  REQUIRE(dir.hasValue());
  std::string copy = dir->path() + "/precise.clif";
  REQUIRE(writeWholeFile(copy, before).hasValue());

  CHECK(formatFileResult(runFileTest(copy, options)) ==
        "FAIL " + copy + " [x86_64]: test compile: 3 of 4 function(s) failed\n" + "    " + copy +
            ":20: %stale: the output differs from the expected block (--bless updates it):\n" +
            "      @@ -20,4 +20,4 @@\n" + "       ; block0:\n" + "      -;   movl %edi, %eax\n" +
            "      +;   movq %rdi, %rax\n" + "       ;\n" + "       ;   retq\n" + "    " + copy +
            ":30: %missing: the output differs from the expected block (--bless updates it):\n" +
            "      @@ -30,0 +30,4 @@\n" + "      +; block0:\n" + "      +;   movq %rdi, %rax\n" +
            "      +;\n" + "      +;   retq\n" + "    " + copy +
            ":34: %last: the output differs from the expected block (--bless updates it):\n" +
            "      @@ -34,0 +34,2 @@\n" + "      +; block0:\n" + "      +;   retq\n");
  CHECK(*readWholeFile(copy) == before);

  options.bless = true;
  CHECK(formatFileResult(runFileTest(copy, options)) ==
        "PASS " + copy + " [x86_64]\n    blessed: new expected output for 3 function(s)\n");
  CHECK(*readWholeFile(copy) == readTestdata("inputs/precise-output.blessed.in"));
  options.bless = false;
  CHECK(formatFileResult(runFileTest(copy, options)) == "PASS " + copy + " [x86_64]\n");

  // expect-fail inverts: every function compiled, so each one fails the test.
  std::string expectFail = dir->path() + "/expect-fail.clif";
  std::string text = before;
  text.replace(0, text.find('\n'), "test compile expect-fail");
  REQUIRE(writeWholeFile(expectFail, text).hasValue());
  std::string out = formatFileResult(runFileTest(expectFail, options));
  CHECK(out.starts_with("FAIL " + expectFail +
                        " [x86_64]: test compile: 4 of 4 function(s) failed\n    " + expectFail +
                        ":5: %same compiled, but the test expects compilation to fail\n"));
}

TEST_CASE("canned runner: --no-precise compiles without comparing", "[filetest][canned][precise]") {
  // The listings of %stale, %missing and %last differ from the file's blocks.
  std::map<std::string, Canned> functions = {
      {"same", Canned{{0xc3}, "block0:\n  movl %edi, %eax\n  retq\n", ""}},
      {"stale", Canned{{0xc3}, "block0:\n  movq %rdi, %rax\n\n  retq\n", ""}},
      {"missing", Canned{{0xc3}, "block0:\n  movq %rdi, %rax\n\n  retq\n", ""}},
      {"last", Canned{{0xc3}, "block0:\n  retq\n", ""}},
  };
  RunnerOptions options = cannedOptions(functions);
  std::string p = testdataPath("inputs/precise-output.clif.in");
  std::string before = readTestdata("inputs/precise-output.clif.in");
  CHECK(formatFileResult(runFileTest(p, options))
            .starts_with("FAIL " + p + " [x86_64]: test compile: 3 of 4 function(s) failed\n"));

  options.comparePrecise = false;
  CHECK(formatFileResult(runFileTest(p, options)) == "PASS " + p + " [x86_64]\n");
  CHECK(readTestdata("inputs/precise-output.clif.in") == before);

  // Compilation still runs: an error is still a failure, an unsupported opcode still
  // UNSUPPORTED.
  functions["same"].error = "frame too large";
  options = cannedOptions(functions);
  options.comparePrecise = false;
  CHECK(formatFileResult(runFileTest(p, options)) ==
        "FAIL " + p + " [x86_64]: test compile: 1 of 4 function(s) failed\n    " + p +
            ":5: %same: compile error: frame too large\n");
  functions["same"].error = "unsupported: opcode fma on target x86_64";
  options = cannedOptions(functions);
  options.comparePrecise = false;
  CHECK(formatFileResult(runFileTest(p, options)) ==
        "UNSUPPORTED " + p + " [x86_64]: opcode fma\n");
}
