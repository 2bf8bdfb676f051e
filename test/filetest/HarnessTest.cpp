// The C harness of run tests: its exact text for given run lines, its stdout protocol,
// and (with the host C compiler, and qemu-s390x when installed) a real run against
// functions written in C, so the whole path from run line to report is exercised
// without an irc backend.
#include "filetest/Harness.h"
#include "filetest/Process.h"

#include "FiletestTestUtil.h"

#include <csignal>

using namespace irc::filetest;
using irc::filetest::testutil::readTestdata;
using irc::filetest::testutil::testdataPath;
namespace ir = irc::ir;

namespace {

ir::Signature signature(std::vector<ir::Type> params, std::vector<ir::Type> returns,
                        ir::CallConv cc) {
  ir::Signature sig;
  for (ir::Type t : params)
    sig.params.push_back(ir::AbiParam{t});
  for (ir::Type t : returns)
    sig.returns.push_back(ir::AbiParam{t});
  sig.callConv = cc;
  return sig;
}

HarnessCall call(uint32_t line, std::string directive, const ir::Signature &sig, std::string symbol,
                 bool direct) {
  auto command = irc::parser::parseRunCommand(directive, sig);
  INFO(directive);
  REQUIRE(command.hasValue());
  HarnessCall c;
  c.line = line;
  c.text = directive.substr(directive.find(':') + 2);
  c.command = *command;
  for (const auto &p : sig.params)
    c.paramTypes.push_back(p.type);
  for (const auto &p : sig.returns)
    c.resultTypes.push_back(p.type);
  c.symbol = std::move(symbol);
  c.direct = direct;
  return c;
}

using namespace ir::types;
const ir::Signature kAdd = signature({I32, I32}, {I32}, ir::CallConv::SystemV);
const ir::Signature kPair = signature({I64}, {I64, I8}, ir::CallConv::Fast);
const ir::Signature kVadd = signature({I32X4, I32X4}, {I32X4}, ir::CallConv::SystemV);
const ir::Signature kDiv = signature({I32, I32}, {I32}, ir::CallConv::SystemV);
const ir::Signature kNeg = signature({F64}, {F64}, ir::CallConv::SystemV);
const ir::Signature kOdd = signature({I32}, {I8}, ir::CallConv::SystemV);

/// The harness spec of the tests (x86_64: every system_v function here is direct).
HarnessSpec testSpec() {
  HarnessSpec spec;
  spec.title = "harness-test.clif [x86_64]";
  spec.calls = {
      call(10, "run: %add(1, 2) == 3", kAdd, "t_add", true),
      call(11, "run: %add(1, 2) == 4", kAdd, "t_add", true),
      call(12, "run: %add(-1, 2) != 0", kAdd, "t_add", true),
      call(20, "run: %pair(7) == [14, 1]", kPair, "t_run_pair", false),
      call(21, "run: %pair(-2) == [-4, 1]", kPair, "t_run_pair", false),
      call(30, "run: %vadd([1 2 3 4], [10 20 30 -4]) == [11 22 33 0]", kVadd, "t_vadd", true),
      call(31, "run: %vadd([1 2 3 4], [0 0 0 0]) == [1 2 3 5]", kVadd, "t_vadd", true),
      call(40, "run: %div(7, 0) == 0", kDiv, "t_div", true),
      call(41, "run: %div(7, 2) == 3", kDiv, "t_div", true),
      call(50, "run: %neg(0x1.8p1) == -0x1.8p1", kNeg, "t_neg", true),
      call(51, "run: %neg(+NaN) == +NaN", kNeg, "t_neg", true),
      call(60, "run: %odd(3)", kOdd, "t_odd", true),
      call(61, "run: %odd(4)", kOdd, "t_odd", true),
      call(70, "print: %pair(5)", kPair, "t_run_pair", false),
  };
  return spec;
}

/// The functions under test, in C (t_run_pair plays a trampoline).
constexpr const char *kFunctions = R"(#include <stdint.h>
#include <string.h>
typedef uint32_t v4 __attribute__((vector_size(16)));
uint32_t t_add(uint32_t a, uint32_t b) { return a + b; }
void t_run_pair(unsigned char *args, unsigned char *results) {
  uint64_t a;
  memcpy(&a, args, 8);
  uint64_t twice = a * 2;
  uint8_t low = (uint8_t)(a & 1) | (uint8_t)(a >> 63);
  memcpy(results, &twice, 8);
  memcpy(results + 16, &low, 1);
}
v4 t_vadd(v4 a, v4 b) { return a + b; }
uint32_t t_div(uint32_t a, uint32_t b) { return (int32_t)a / (int32_t)b; }
double t_neg(double x) { return -x; }
uint8_t t_odd(uint32_t x) { return x & 1; }
)";

/// What the run of testSpec() reports, whatever the target.
const std::vector<std::string> kExpectedReports = {
    "t.clif:11: %add(1, 2) == 4 failed: got 3",
    "t.clif:31: %vadd([1 2 3 4], [0 0 0 0]) == [1 2 3 5] failed: got [1 2 3 4]",
    "t.clif:40: %div(7, 0) == 0 failed: trap SIGFPE",
    "t.clif:51: %neg(+NaN) == +NaN failed: got -NaN",
    "t.clif:61: %odd(4) failed: got 0",
    "t.clif:70: %pair(5) -> [10, 1]",
};

std::vector<std::string> reports(const HarnessSpec &spec, const HarnessOutput &output) {
  std::vector<std::string> out;
  for (const HarnessEvent &event : output.events) {
    auto it = std::find_if(spec.calls.begin(), spec.calls.end(),
                           [&](const HarnessCall &c) { return c.line == event.line; });
    REQUIRE(it != spec.calls.end());
    out.push_back(formatHarnessEvent("t.clif", *it, event));
  }
  return out;
}

void runHarness(const std::vector<std::string> &cc, const std::vector<std::string> &runner,
                const std::vector<std::string> &flags) {
  HarnessSpec spec = testSpec();
  auto dir = TempDir::create("/tmp", "irc-harness-test-");
  REQUIRE(dir.hasValue());
  std::string harness = dir->path() + "/harness.c", functions = dir->path() + "/functions.c";
  std::string exe = dir->path() + "/harness";
  REQUIRE(writeWholeFile(harness, generateHarness(spec)).hasValue());
  REQUIRE(writeWholeFile(functions, kFunctions).hasValue());
  std::vector<std::string> build = cc;
  build.insert(build.end(), flags.begin(), flags.end());
  build.insert(build.end(), {"-O0", "-w", "-o", exe, harness, functions});
  auto built = runProcess(build, 120);
  REQUIRE(built.hasValue());
  INFO(built->err);
  REQUIRE(built->succeeded());
  std::vector<std::string> run = runner;
  run.push_back(exe);
  auto ran = runProcess(run, 120);
  REQUIRE(ran.hasValue());
  INFO(ran->out << ran->err);
  CHECK(ran->succeeded());
  auto output = parseHarnessOutput(ran->out);
  REQUIRE(output.hasValue());
  CHECK(output->finished);
  CHECK(output->callsRun == spec.calls.size());
  CHECK(reports(spec, *output) == kExpectedReports);
}

} // namespace

TEST_CASE("harness: which signatures C calls directly", "[filetest][harness]") {
  using irc::target::Isa;
  CHECK(isDirectlyCallable(kAdd, Isa::X86_64));
  CHECK(isDirectlyCallable(kAdd, Isa::S390x));
  CHECK_FALSE(isDirectlyCallable(kPair, Isa::X86_64)); // fast, two results
  CHECK(isDirectlyCallable(kVadd, Isa::X86_64));
  CHECK(isDirectlyCallable(kVadd, Isa::S390x));
  auto i128 = signature({I128}, {I128}, ir::CallConv::SystemV);
  CHECK(isDirectlyCallable(i128, Isa::X86_64));
  CHECK_FALSE(isDirectlyCallable(i128, Isa::S390x));
  auto f16 = signature({F16}, {}, ir::CallConv::SystemV);
  CHECK(isDirectlyCallable(f16, Isa::X86_64));
  CHECK_FALSE(isDirectlyCallable(f16, Isa::S390x));
  CHECK_FALSE(isDirectlyCallable(signature({F128}, {}, ir::CallConv::SystemV), Isa::X86_64));
  CHECK_FALSE(
      isDirectlyCallable(signature({ir::Type(ir::LaneKind::I32, 1)}, {}, ir::CallConv::SystemV),
                         Isa::X86_64)); // i32x2: 64-bit vectors go through a trampoline
  CHECK_FALSE(isDirectlyCallable(signature({I32}, {}, ir::CallConv::Tail), Isa::X86_64));
  ir::Signature sret = signature({I64}, {}, ir::CallConv::SystemV);
  sret.params[0].purpose = ir::ArgPurpose::StructReturn;
  CHECK_FALSE(isDirectlyCallable(sret, Isa::X86_64));
  ir::Signature vmctx = signature({I64}, {I64}, ir::CallConv::SystemV);
  vmctx.params[0].purpose = ir::ArgPurpose::VMContext;
  CHECK(isDirectlyCallable(vmctx, Isa::X86_64));
}

TEST_CASE("harness: generated C text", "[filetest][harness]") {
  CHECK(generateHarness(testSpec()) == readTestdata("harness.c.expected"));
}

TEST_CASE("harness: stdout protocol", "[filetest][harness]") {
  auto output = parseHarnessOutput("fail 11 03000000\ntrap 40 8\nprint 70 0a0000000000000001\n"
                                   "fail 12 \ndone 14\n");
  REQUIRE(output.hasValue());
  CHECK(output->finished);
  CHECK(output->callsRun == 14);
  REQUIRE(output->events.size() == 4);
  CHECK(output->events[0].kind == HarnessEvent::Kind::Fail);
  CHECK(output->events[0].line == 11);
  CHECK(output->events[0].bytes == std::vector<uint8_t>{3, 0, 0, 0});
  CHECK(output->events[1].kind == HarnessEvent::Kind::Trap);
  CHECK(output->events[1].signal == 8);
  CHECK(output->events[2].kind == HarnessEvent::Kind::Print);
  CHECK(output->events[2].bytes.size() == 9);
  CHECK(output->events[3].bytes.empty());

  auto unfinished = parseHarnessOutput("fail 11 03000000\n");
  REQUIRE(unfinished.hasValue());
  CHECK_FALSE(unfinished->finished);

  auto bad = parseHarnessOutput("fail 11 0300000\n");
  REQUIRE_FALSE(bad.hasValue());
  CHECK(bad.error().message == "unexpected harness output: 'fail 11 0300000'");
  CHECK_FALSE(parseHarnessOutput("Segmentation fault\n").hasValue());
  CHECK_FALSE(parseHarnessOutput("trap 3\n").hasValue());
}

TEST_CASE("harness: result decoding and reports", "[filetest][harness]") {
  std::vector<ir::Type> types = {I64, I8};
  auto values =
      decodeResults(std::vector<uint8_t>{0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1}, types);
  REQUIRE(values.hasValue());
  CHECK(resultsText(*values) == "[-2, 1]");
  CHECK_FALSE(decodeResults(std::vector<uint8_t>{1, 2}, types).hasValue());
  CHECK(decodeResults(std::vector<uint8_t>(10, 0), types).error().message ==
        "the harness reported 10 bytes of results, more than the types need");

  HarnessSpec spec = testSpec();
  HarnessEvent trap{HarnessEvent::Kind::Trap, 40, {}, SIGILL};
  CHECK(formatHarnessEvent("a/b.clif", spec.calls[7], trap) ==
        "a/b.clif:40: %div(7, 0) == 0 failed: trap SIGILL");
  HarnessEvent fail{HarnessEvent::Kind::Fail, 20, {0, 0, 0, 0, 0, 0, 0, 0x80, 0}, 0};
  CHECK(formatHarnessEvent("a/b.clif", spec.calls[3], fail) ==
        "a/b.clif:20: %pair(7) == [14, 1] failed: got [-9223372036854775808, 0]");
}

TEST_CASE("harness: runs natively against C functions", "[filetest][harness][run]") {
#if defined(__x86_64__)
  const char *cc = std::getenv("CC");
  runHarness({cc && *cc ? cc : "cc"}, {}, {});
#else
  WARN("not an x86_64 host: skipped");
#endif
}

TEST_CASE("harness: runs under qemu-s390x against C functions", "[filetest][harness][run]") {
  if (findExecutable("s390x-linux-gnu-gcc").empty() || findExecutable("qemu-s390x").empty()) {
    WARN("s390x-linux-gnu-gcc or qemu-s390x not installed: skipped");
    return;
  }
  runHarness({"s390x-linux-gnu-gcc"}, {"qemu-s390x", "-L", "/usr/s390x-linux-gnu"},
             {"-march=z14", "-static"});
}
