// Tests of the verifier's control-transfer and declaration checks (VerifyCalls.cpp,
// VerifyDecls.cpp): branch arguments, calls, returns, tail calls, try_call, patchable
// callees, signatures and the entry block. Each test compares the complete error list.
#include "codegen/ir/Verifier.h"

#include "../analysis/TestFunctionBuilder.h"

#include <catch2/catch.hpp>

using namespace irc::ir;
using irc::ir::test::TestFunctionBuilder;

namespace {

std::string verify(const Function &f) {
  std::string out;
  for (const VerifierError &e : verifyFunction(f))
    out += std::to_string(e.loc.line) + ": " + e.location + ": " + e.message + "\n";
  return out;
}

BlockArg arg(Value v) { return BlockArg::value(v); }

Signature sig(std::initializer_list<Type> params, std::initializer_list<Type> returns,
              CallConv cc = CallConv::Fast) {
  return TestFunctionBuilder::sig(params, returns, cc);
}

} // namespace

TEST_CASE("branch arguments match the target's parameters", "[verifier][branch]") {
  TestFunctionBuilder fb;
  Block b0 = fb.block(), b1 = fb.block({types::I64, types::I16}), b2 = fb.block({types::F32});
  Value v0 = fb.iconst(b0, types::I16, 10);
  Value v1 = fb.iconst(b0, types::I64, 20);
  fb.brif(b0, v0, fb.target(b1, {arg(v0), arg(v1)}), fb.target(b2)); // line 7
  fb.ret(b1);
  fb.ret(b2);
  CHECK(verify(fb.f) ==
        "7: inst2 (brif v3, block1(v3, v4), block2): arg v3 has type i16, expected i64\n"
        "7: inst2 (brif v3, block1(v3, v4), block2): arg v4 has type i64, expected i16\n"
        "7: inst2 (brif v3, block1(v3, v4), block2): mismatched argument count for `brif v3, "
        "block1(v3, v4), block2`: got 0, expected 1\n");
}

TEST_CASE("br_table targets and index", "[verifier][branch]") {
  TestFunctionBuilder fb;
  Block b0 = fb.block(), b1 = fb.block({types::I32}), b2 = fb.block();
  Value index = fb.iconst(b0, types::I64, 0);
  fb.brTable(b0, index, {fb.target(b2), fb.target(b1)}); // line 6
  fb.ret(b1);
  fb.ret(b2);
  CHECK(verify(fb.f) ==
        "6: inst1 (br_table v1, block2, [block1]): arg 0 (v1) has type i64, expected i32\n"
        "6: inst1 (br_table v1, block2, [block1]): mismatched argument count for `br_table v1, "
        "block2, [block1]`: got 0, expected 1\n");
}

TEST_CASE("calls match their signatures", "[verifier][call]") {
  TestFunctionBuilder fb;
  fb.f.signature = sig({types::I64}, {});
  FuncRef fn2 = fb.function("great_fn", fb.signature(sig({types::I32, types::F32}, {})));
  SigRef sig9 = fb.signature(sig({types::F32}, {types::I64}));
  Block b0 = fb.block({types::I64});
  Value v0 = fb.param(b0, 0);
  fb.call(b0, Opcode::Call, fn2, {}); // line 4
  Value v1 = fb.iconst(b0, types::I32, 56);
  fb.inst(b0, Opcode::CallIndirect, {sig9.index(), fb.list({v0, v1})}, {types::I32}); // line 6
  fb.inst(b0, Opcode::CallIndirect, {sig9.index(), fb.list({v0})});                   // line 7
  fb.ret(b0);
  CHECK(verify(fb.f) ==
        "4: inst0 (call fn0()): mismatched argument count for `call fn0()`: got 0, expected 2\n"
        "6: inst2 (v2 = call_indirect sig1, v0(v1)): arg 0 (v1) has type i32, expected f32\n"
        "6: inst2 (v2 = call_indirect sig1, v0(v1)): expected result 0 (v2) to have type i64, "
        "found i32\n"
        "7: inst3 (call_indirect sig1, v0()): mismatched argument count for `call_indirect sig1, "
        "v0()`: got 0, expected 1\n"
        "7: inst3 (call_indirect sig1, v0()): expected 1 result values, found 0\n");
}

TEST_CASE("returns match the function's signature", "[verifier][call]") {
  TestFunctionBuilder fb;
  fb.f.signature = sig({}, {types::F32});
  Block b0 = fb.block(), b1 = fb.block();
  Value v0 = fb.iconst(b0, types::I32, 1);
  fb.brif(b0, v0, fb.target(b1), fb.target(b1));
  fb.ret(b1, {v0});   // line 6
  fb.ret(fb.block()); // line 8
  CHECK(verify(fb.f) == "6: inst2 (return v0): result 0 has type i32, must match function "
                        "signature of f32\n"
                        "8: inst3 (return): arguments of return must match function signature\n");
}

TEST_CASE("tail calls: conventions and results", "[verifier][call]") {
  auto tailCall = [](CallConv caller, CallConv callee, std::initializer_list<Type> callerRets,
                     std::initializer_list<Type> calleeRets) {
    TestFunctionBuilder fb("f", caller);
    fb.f.signature = sig({types::I32}, callerRets, caller);
    FuncRef fn = fb.function("wow", fb.signature(sig({types::I32}, calleeRets, callee)));
    Block b0 = fb.block({types::I32});
    fb.call(b0, Opcode::ReturnCall, fn, {fb.param(b0, 0)});
    return verify(fb.f);
  };
  using CC = CallConv;
  CHECK(tailCall(CC::Tail, CC::Tail, {types::I32}, {types::I32}) == "");
  CHECK(tailCall(CC::Fast, CC::Tail, {types::I32}, {types::I32}) ==
        "4: inst0 (return_call fn0(v0)): callee's calling convention must match caller\n");
  CHECK(tailCall(CC::Tail, CC::Fast, {types::I32}, {types::I32}) ==
        "4: inst0 (return_call fn0(v0)): calling convention `fast` does not support tail calls\n"
        "4: inst0 (return_call fn0(v0)): callee's calling convention must match caller\n");
  CHECK(tailCall(CC::Tail, CC::Tail, {}, {types::I32}) ==
        "4: inst0 (return_call fn0(v0)): results of callee must match caller\n");
  CHECK(tailCall(CC::Tail, CC::Tail, {types::I32}, {types::I64}) ==
        "4: inst0 (return_call fn0(v0)): result 0 has type i64, must match function signature "
        "of i32\n");
}

TEST_CASE("patchable callees", "[verifier][call]") {
  TestFunctionBuilder fb("f", CallConv::Tail);
  FuncRef far = fb.function("a", fb.signature(sig({}, {}, CallConv::SystemV)), false, true);
  FuncRef rets =
      fb.function("b", fb.signature(sig({}, {types::I32}, CallConv::SystemV)), true, true);
  FuncRef tail = fb.function("c", fb.signature(sig({}, {}, CallConv::Tail)), true, true);
  Block b0 = fb.block();
  fb.call(b0, Opcode::Call, far, {});                // line 6
  fb.call(b0, Opcode::Call, rets, {}, {types::I32}); // line 7
  fb.call(b0, Opcode::ReturnCall, tail, {});         // line 8
  CHECK(verify(fb.f) ==
        "6: inst0 (call fn0()): patchable call to non-colocated function\n"
        "7: inst1 (v0 = call fn1()): patchable call cannot occur to a function with return "
        "values\n"
        "8: inst2 (return_call fn2()): patchable function fn2 cannot be the target of a "
        "return_call\n");
}

namespace {

/// try_call fn0(), sig0, block1(normal...), [ default: block2(handler...) ] with a
/// callee of the given returns and convention.
struct TryCallFunction {
  TestFunctionBuilder fb;
  Block b0, b1, b2;
  FuncRef fn;
  SigRef sig0;

  TryCallFunction(std::initializer_list<Type> calleeReturns, CallConv cc,
                  std::initializer_list<Type> normalParams,
                  std::initializer_list<Type> handlerParams) {
    sig0 = fb.signature(sig({}, calleeReturns, cc));
    fn = fb.function("g", sig0);
    b0 = fb.block();
    b1 = fb.block(normalParams);
    b2 = fb.block(handlerParams);
  }
  std::string run(std::initializer_list<BlockArg> normalArgs,
                  std::initializer_list<BlockArg> handlerArgs) {
    ExceptionTableData et;
    et.signature = sig0;
    et.normalReturn = fb.target(b1, normalArgs);
    et.items.push_back({ExceptionTableItem::Kind::Default, 0, Value(), fb.target(b2, handlerArgs)});
    fb.tryCall(b0, fn, {}, std::move(et));
    fb.ret(b1);
    fb.ret(b2);
    return verify(fb.f);
  }
};

} // namespace

TEST_CASE("try_call: retN and exnN", "[verifier][try_call]") {
  using CC = CallConv;
  const BlockArg ret0 = BlockArg::ret(0), exn0 = BlockArg::exn(0), exn1 = BlockArg::exn(1),
                 exn2 = BlockArg::exn(2);
  CHECK(TryCallFunction({types::F32}, CC::Tail, {types::F32}, {types::I64, types::I64})
            .run({ret0}, {exn0, exn1}) == "");
  CHECK(TryCallFunction({types::I32}, CC::Tail, {types::F32}, {}).run({ret0}, {}) ==
        "6: inst0 (try_call fn0(), sig0, block1(ret0), [ default: block2 ]): arg ret0 has type "
        "i32, expected f32\n");
  CHECK(TryCallFunction({}, CC::Tail, {}, {types::I32}).run({}, {exn0}) ==
        "6: inst0 (try_call fn0(), sig0, block1, [ default: block2(exn0) ]): arg exn0 has type "
        "i64, expected i32\n");
  CHECK(TryCallFunction({}, CC::Tail, {}, {types::I64}).run({}, {exn2}) ==
        "6: inst0 (try_call fn0(), sig0, block1, [ default: block2(exn2) ]): out-of-bounds "
        "`exnN` block argument\n");
  CHECK(TryCallFunction({}, CC::Tail, {types::I64}, {}).run({exn0}, {}) ==
        "6: inst0 (try_call fn0(), sig0, block1(exn0), [ default: block2 ]): `exnN` block "
        "argument used outside normal-return target of `try_call`\n");
  CHECK(TryCallFunction({types::I32}, CC::Tail, {types::I32}, {types::I32}).run({ret0}, {ret0}) ==
        "6: inst0 (try_call fn0(), sig0, block1(ret0), [ default: block2(ret0) ]): `retN` block "
        "argument used outside normal-return target of `try_call`\n");
  CHECK(TryCallFunction({}, CC::Tail, {types::I32}, {}).run({BlockArg::ret(1)}, {}) ==
        "6: inst0 (try_call fn0(), sig0, block1(ret1), [ default: block2 ]): out-of-bounds "
        "`retN` block argument\n");
  CHECK(TryCallFunction({}, CC::WindowsFastcall, {}, {}).run({}, {}) ==
        "6: inst0 (try_call fn0(), sig0, block1, [ default: block2 ]): calling convention "
        "`windows_fastcall` of callee does not support exceptions\n");
}

TEST_CASE("try_call: the exception table's signature is the callee's", "[verifier][try_call]") {
  TestFunctionBuilder fb;
  SigRef sig0 = fb.signature(sig({types::I32}, {}, CallConv::Tail));
  FuncRef fn = fb.function("g", fb.signature(sig({types::I64}, {}, CallConv::Tail)), true, true);
  fb.f.signature = sig({types::I32}, {});
  Block b0 = fb.block({types::I32}), b1 = fb.block(), b2 = fb.block();
  ExceptionTableData et;
  et.signature = sig0;
  et.normalReturn = fb.target(b1);
  et.items.push_back({ExceptionTableItem::Kind::Tag, 1, Value(), fb.target(b2)});
  fb.tryCall(b0, fn, {fb.param(b0, 0)}, std::move(et)); // line 6
  fb.ret(b1);
  fb.ret(b2);
  // The arguments follow sig0 (no error for v0); the patchable rules apply as for call.
  CHECK(verify(fb.f) == "6: inst0 (try_call fn0(v0), sig0, block1, [ tag1: block2 ]): exception "
                        "table signature sig0 did not match function fn0's signature sig1\n");
}

TEST_CASE("get_exception_handler_address", "[verifier][try_call]") {
  auto run = [](int64_t index, int which) {
    TestFunctionBuilder fb;
    fb.f.signature = sig({}, {types::I64});
    SigRef sig0 = fb.signature(sig({}, {}, CallConv::Tail));
    FuncRef fn = fb.function("g", sig0);
    Block b0 = fb.block(), b1 = fb.block(), b2 = fb.block(), b3 = fb.block();
    Block target = which == 0 ? b1 : which == 1 ? b2 : Block(17);
    Inst addr = fb.inst(b0, Opcode::GetExceptionHandlerAddress, {target.index()}, {types::I64});
    fb.f.dfg.inst(addr).setImm64(index);
    fb.jump(b0, fb.target(b1));
    ExceptionTableData et;
    et.signature = sig0;
    et.normalReturn = fb.target(b2);
    et.items.push_back({ExceptionTableItem::Kind::Default, 0, Value(), fb.target(b3)});
    fb.tryCall(b1, fn, {}, std::move(et));
    fb.ret(b2, {fb.result(addr)});
    fb.ret(b3, {fb.result(addr)});
    return verify(fb.f);
  };
  CHECK(run(0, 0) == "");
  CHECK(run(1, 0) == "7: inst0 (v0 = get_exception_handler_address.i64 block1, 1): exception "
                     "handler index 1 is out-of-range\n");
  CHECK(run(-1, 0) == "7: inst0 (v0 = get_exception_handler_address.i64 block1, -1): exception "
                      "handler index -1 cannot be negative\n");
  CHECK(run(0, 1) == "7: inst0 (v0 = get_exception_handler_address.i64 block2, 0): referenced "
                     "block block2 does not end in a try_call\n");
  CHECK(run(0, 2) == "7: inst0 (v0 = get_exception_handler_address.i64 block17, 0): invalid "
                     "block reference block17\n");
}

TEST_CASE("signatures: extensions, preserve_all returns, invalid types", "[verifier][sig]") {
  TestFunctionBuilder fb;
  fb.f.signature = sig({types::F32, types::I8}, {types::F32});
  fb.f.signature.params[0].ext = ArgExt::Sext;
  fb.f.signature.params[1].ext = ArgExt::Uext; // fine
  fb.f.signature.returns[0].ext = ArgExt::Uext;
  SigRef sig0 = fb.signature(sig({}, {types::I8}, CallConv::PreserveAll));
  fb.f.positions.signatures[sig0] = fb.here(); // line 2
  fb.function("g", fb.signature(sig({types::Invalid}, {types::I8}, CallConv::PreserveAll))); // 3
  fb.function("h", sig0); // uses sig0: reported once, on sig0's line
  Block b0 = fb.block({types::F32, types::I8});
  fb.ret(b0, {fb.param(b0, 0)});
  CHECK(verify(fb.f) == "1: function %f: Parameter at position 0 has invalid extension Sext\n"
                        "1: function %f: Return value at position 0 has invalid extension Uext\n"
                        "2: sig0: Signature with `preserve_all` ABI cannot have return values\n"
                        "3: fn0: Parameter at position 0 has an invalid type\n"
                        "3: fn0: Signature with `preserve_all` ABI cannot have return values\n");
}

TEST_CASE("entry block parameters match the signature", "[verifier][sig]") {
  TestFunctionBuilder fb;
  fb.f.signature = sig({types::I32}, {});
  fb.ret(fb.block());
  CHECK(verify(fb.f) == "2: block0: entry block parameters (0) must match function signature "
                        "(1)\n");
  TestFunctionBuilder fb2;
  fb2.f.signature = sig({types::I32}, {});
  fb2.ret(fb2.block({types::F32}));
  CHECK(verify(fb2.f) == "2: block0: entry block parameter 0 expected to have type i32, got "
                         "f32\n");
}

TEST_CASE("try_call to a patchable callee follows the call rules", "[verifier][try_call]") {
  TestFunctionBuilder fb;
  SigRef sig0 = fb.signature(sig({}, {types::I32}, CallConv::Tail));
  FuncRef fn = fb.function("g", sig0, false, true);
  Block b0 = fb.block(), b1 = fb.block({types::I32}), b2 = fb.block();
  ExceptionTableData et;
  et.signature = sig0;
  et.normalReturn = fb.target(b1, {BlockArg::ret(0)});
  et.items.push_back({ExceptionTableItem::Kind::Default, 0, Value(), fb.target(b2)});
  fb.tryCall(b0, fn, {}, std::move(et)); // line 6
  fb.ret(b1);
  fb.ret(b2);
  CHECK(verify(fb.f) ==
        "6: inst0 (try_call fn0(), sig0, block1(ret0), [ default: block2 ]): patchable call to "
        "non-colocated function\n"
        "6: inst0 (try_call fn0(), sig0, block1(ret0), [ default: block2 ]): patchable call "
        "cannot occur to a function with return values\n");
}

TEST_CASE("without a target, pointer-sized types are not checked", "[verifier][call]") {
  // exnN is pointer-sized: with no target its width is unknown, so an i32 handler
  // parameter is accepted; with a 64-bit target it is not.
  TestFunctionBuilder fb;
  SigRef sig0 = fb.signature(sig({}, {}, CallConv::Tail));
  FuncRef fn = fb.function("g", sig0);
  Block b0 = fb.block(), b1 = fb.block(), b2 = fb.block({types::I32});
  ExceptionTableData et;
  et.signature = sig0;
  et.normalReturn = fb.target(b1);
  et.items.push_back(
      {ExceptionTableItem::Kind::Default, 0, Value(), fb.target(b2, {BlockArg::exn(0)})});
  fb.tryCall(b0, fn, {}, std::move(et));
  fb.ret(b1);
  fb.ret(b2);
  VerifierOptions noTarget;
  noTarget.pointerBits = 0;
  CHECK(verifyFunction(fb.f, noTarget).empty());
  CHECK(verify(fb.f) == "6: inst0 (try_call fn0(), sig0, block1, [ default: block2(exn0) ]): "
                        "arg exn0 has type i64, expected i32\n");
}

TEST_CASE("a function with blocks needs one in the layout", "[verifier][sig]") {
  TestFunctionBuilder fb;
  fb.f.dfg.makeBlock();
  CHECK(verify(fb.f) == "1: function %f: function has blocks but none of them is in the layout\n");
}
