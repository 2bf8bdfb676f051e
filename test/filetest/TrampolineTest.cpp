// Trampolines of run tests: exact CLIF text, and that it parses and verifies.
#include "filetest/Trampoline.h"
#include "codegen/ir/Verifier.h"
#include "parser/Parser.h"

#include <catch2/catch.hpp>

using namespace irc::filetest;
namespace ir = irc::ir;
using namespace ir::types;

namespace {

void checkParsesAndVerifies(const std::string &text) {
  INFO(text);
  auto parsed = irc::parser::parseTestFile(text);
  REQUIRE(parsed.hasValue());
  REQUIRE(parsed->functions.size() == 1);
  const ir::Function &func = *parsed->functions[0].function;
  CHECK(func.signature.callConv == ir::CallConv::SystemV);
  std::vector<ir::VerifierError> errors = ir::verifyFunction(func);
  for (const auto &e : errors)
    FAIL_CHECK(e.location << ": " << e.message);
}

} // namespace

TEST_CASE("trampoline: several results, another convention", "[filetest][trampoline]") {
  ir::Signature sig;
  sig.params = {ir::AbiParam{I32}, ir::AbiParam{F64}, ir::AbiParam{I64}};
  sig.params[2].purpose = ir::ArgPurpose::VMContext;
  sig.params[0].ext = ir::ArgExt::Uext;
  sig.returns = {ir::AbiParam{I32}, ir::AbiParam{I8X16}, ir::AbiParam{I128}};
  sig.callConv = ir::CallConv::Tail;
  std::string text =
      generateTrampoline("__irc_run_f", ir::ExternalName::testCase("__irc_fn_f"), sig);
  CHECK(text == "function %__irc_run_f(i64, i64) system_v {\n"
                "    fn0 = %__irc_fn_f(i32 uext, f64, i64 vmctx) -> i32, i8x16, i128 tail\n"
                "\n"
                "block0(v0: i64, v1: i64):\n"
                "    v2 = load.i32 v0\n"
                "    v3 = load.f64 v0+16\n"
                "    v4 = load.i64 v0+32\n"
                "    v5, v6, v7 = call fn0(v2, v3, v4)\n"
                "    store v5, v1\n"
                "    store v6, v1+16\n"
                "    store v7, v1+32\n"
                "    return\n"
                "}\n");
  checkParsesAndVerifies(text);
}

TEST_CASE("trampoline: no arguments, no results, a user name", "[filetest][trampoline]") {
  ir::Signature sig;
  sig.callConv = ir::CallConv::PreserveAll;
  std::string text = generateTrampoline("__irc_run_u0_7", ir::ExternalName::user(0, 7), sig);
  CHECK(text == "function %__irc_run_u0_7(i64, i64) system_v {\n"
                "    fn0 = u0:7() preserve_all\n"
                "\n"
                "block0(v0: i64, v1: i64):\n"
                "    call fn0()\n"
                "    return\n"
                "}\n");
  checkParsesAndVerifies(text);
}

TEST_CASE("trampoline: every scalar and vector type", "[filetest][trampoline]") {
  ir::Signature sig;
  for (ir::Type t :
       {I8, I16, I32, I64, I128, F16, F32, F64, F128, I32X4, F64X2, ir::Type(ir::LaneKind::I16, 2)})
    sig.params.push_back(ir::AbiParam{t});
  sig.returns = sig.params;
  sig.callConv = ir::CallConv::Fast;
  checkParsesAndVerifies(
      generateTrampoline("__irc_run_all", ir::ExternalName::testCase("all"), sig));
}
