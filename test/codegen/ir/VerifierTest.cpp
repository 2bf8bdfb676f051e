// Tests of the verifier's structural, SSA, type and memory checks (Verifier.cpp,
// VerifyTypes.cpp) on functions built in memory. Each test compares the complete list
// of errors: source line, location string and message.
#include "codegen/ir/Verifier.h"

#include "../analysis/TestFunctionBuilder.h"

#include <catch2/catch.hpp>

#include <chrono>

using namespace irc::ir;
using irc::ir::test::TestFunctionBuilder;

namespace {

/// "line: location: message" per error, one per line.
std::string describe(const std::vector<VerifierError> &errors) {
  std::string out;
  for (const VerifierError &e : errors)
    out += std::to_string(e.loc.line) + ": " + e.location + ": " + e.message + "\n";
  return out;
}

std::string verify(const Function &f, unsigned pointerBits = 64) {
  VerifierOptions options;
  options.pointerBits = pointerBits;
  return describe(verifyFunction(f, options));
}

BlockArg arg(Value v) { return BlockArg::value(v); }

} // namespace

TEST_CASE("a well-formed function has no errors", "[verifier]") {
  TestFunctionBuilder fb;
  fb.f.signature = TestFunctionBuilder::sig({types::I32}, {types::I32});
  Block b0 = fb.block({types::I32}), b1 = fb.block({types::I32});
  Value x = fb.param(b0, 0);
  Value one = fb.iconst(b0, types::I32, 1);
  Value sum = fb.binary(b0, Opcode::Iadd, x, one, types::I32);
  fb.brif(b0, x, fb.target(b1, {arg(sum)}), fb.target(b1, {arg(x)}));
  fb.ret(b1, {fb.param(b1, 0)});
  CHECK(verify(fb.f) == "");
}

TEST_CASE("a function without blocks is fine", "[verifier]") {
  Function f;
  CHECK(verifyFunction(f).empty());
}

TEST_CASE("terminators end blocks and only there", "[verifier][layout]") {
  TestFunctionBuilder fb;
  Block b0 = fb.block(), b1 = fb.block(), b2 = fb.block();
  fb.jump(b0, fb.target(b1)); // line 5
  fb.ret(b0);                 // line 6
  fb.iconst(b1, types::I32, 0);
  fb.ret(b2);
  CHECK(verify(fb.f) == "5: inst0 (jump block1): a terminator instruction was encountered "
                        "before the end of block0\n"
                        "3: block1: block does not end in a terminator instruction\n");
}

TEST_CASE("empty blocks and cold entry blocks", "[verifier][layout]") {
  TestFunctionBuilder fb;
  Block b0 = fb.block(), b1 = fb.block();
  fb.f.dfg.setCold(b0, true);
  fb.jump(b0, fb.target(b1));
  CHECK(verify(fb.f) == "2: block0: entry block cannot be marked as cold\n"
                        "3: block1: block1 cannot be empty\n");
}

TEST_CASE("branch targets exist, are in the layout and are not the entry", "[verifier][layout]") {
  TestFunctionBuilder fb;
  fb.f.signature = TestFunctionBuilder::sig({types::I32}, {});
  Block b0 = fb.block({types::I32}), b1 = fb.block();
  Block detached = fb.f.dfg.makeBlock();
  fb.brif(b0, fb.param(b0, 0), fb.target(detached), fb.target(b1)); // line 4
  fb.jump(b1, fb.target(b0, {arg(fb.param(b0, 0))}));               // line 5
  CHECK(verify(fb.f) == "4: inst0 (brif v0, block2, block1): invalid block reference block2\n"
                        "5: inst1 (jump block0(v0)): invalid reference to entry block block0\n");
}

TEST_CASE("uses must be dominated by their definitions", "[verifier][ssa]") {
  TestFunctionBuilder fb;
  fb.f.signature = TestFunctionBuilder::sig({types::I32}, {types::I32});
  Block b0 = fb.block({types::I32});
  Value v0 = fb.param(b0, 0);
  // v1 = iadd v2, v0 ; v2 = iadd v1, v0 ; v3 = iadd v3, v0 (uses itself)
  Inst first = fb.inst(b0, Opcode::Iadd, {2, v0.index()}, {types::I32});
  fb.inst(b0, Opcode::Iadd, {1, v0.index()}, {types::I32});
  Inst self = fb.inst(b0, Opcode::Iadd, {0, v0.index()}, {types::I32});
  fb.f.dfg.inst(self).setArg(0, fb.result(self));
  fb.ret(b0, {fb.result(first)});
  CHECK(verify(fb.f) == "3: inst0 (v1 = iadd.i32 v2, v0): uses value v2 from non-dominating inst1\n"
                        "5: inst2 (v3 = iadd.i32 v3, v0): uses value v3 from itself\n");
}

TEST_CASE("block parameters are usable only where their block dominates", "[verifier][ssa]") {
  TestFunctionBuilder fb;
  fb.f.signature = TestFunctionBuilder::sig({types::I32}, {types::I32});
  Block b0 = fb.block({types::I32}), b1 = fb.block({types::I32});
  Value v0 = fb.param(b0, 0), v1 = fb.param(b1, 0);
  Value sum = fb.binary(b0, Opcode::Iadd, v0, v1, types::I32); // line 4
  fb.ret(b0, {sum});
  // b1 is unreachable: its uses of anything are fine.
  Value other = fb.binary(b1, Opcode::Iadd, v0, v1, types::I32);
  fb.ret(b1, {other});
  CHECK(verify(fb.f) == "4: inst0 (v2 = iadd v0, v1): uses value arg from non-dominating "
                        "block1 (parameter v1)\n");
}

TEST_CASE("unreachable code may use values from reachable code and from itself",
          "[verifier][ssa]") {
  TestFunctionBuilder fb;
  fb.f.signature = TestFunctionBuilder::sig({}, {types::I32});
  Block b0 = fb.block(), b2 = fb.block(), b3 = fb.block({types::I32}), b9 = fb.block({types::I32});
  Value v1 = fb.iconst(b0, types::I32, 0);
  fb.jump(b0, fb.target(b2));
  fb.jump(b2, fb.target(b2));
  Value v4 = fb.binary(b3, Opcode::Iadd, v1, fb.param(b3, 0), types::I32);
  fb.jump(b3, fb.target(b9, {arg(v4)}));
  Value v9 = fb.binary(b9, Opcode::Iadd, fb.param(b3, 0), fb.param(b9, 0), types::I32);
  fb.ret(b9, {v9});
  CHECK(verify(fb.f) == "");
}

TEST_CASE("values must exist and be defined in the layout", "[verifier][ssa]") {
  TestFunctionBuilder fb;
  Block b0 = fb.block();
  Inst detached = fb.inst(Block(), Opcode::Iconst, {}, {types::I32}); // not in the layout
  Value v0 = fb.result(detached);
  fb.inst(b0, Opcode::Ineg, {v0.index()}, {types::I32}); // line 3
  fb.inst(b0, Opcode::Ineg, {77}, {types::I32});         // line 4
  fb.ret(b0);
  CHECK(verify(fb.f) == "3: inst1 (v1 = ineg.i32 v0): v0 is defined by inst0 which is not in the "
                        "layout\n"
                        "4: inst2 (v2 = ineg v77): invalid value reference v77\n");
}

TEST_CASE("aliases resolve to their definitions", "[verifier][ssa]") {
  TestFunctionBuilder fb;
  fb.f.signature = TestFunctionBuilder::sig({types::I32}, {types::I32});
  Block b0 = fb.block({types::I32});
  Value alias = fb.f.dfg.makeAlias(fb.param(b0, 0), types::I32);
  fb.ret(b0, {alias});
  CHECK(verify(fb.f) == "");
  // An alias cycle defines nothing.
  Value a = fb.f.dfg.makeAlias(alias, types::I32);
  Value b = fb.f.dfg.makeAlias(a, types::I32);
  fb.f.dfg.changeToAlias(a, b);
  fb.ret(fb.block(), {b});
  CHECK(verify(fb.f) == "5: inst1 (return v3): value v3 is an alias that never reaches a "
                        "definition\n");
}

TEST_CASE("controlling types and fixed operands follow the opcode table", "[verifier][types]") {
  TestFunctionBuilder fb;
  fb.f.signature = TestFunctionBuilder::sig({types::I32, types::I8, types::F32}, {});
  Block b0 = fb.block({types::I32, types::I8, types::F32});
  Value v0 = fb.param(b0, 0), v1 = fb.param(b0, 1), v2 = fb.param(b0, 2);
  fb.binary(b0, Opcode::Iadd, v0, v1, types::I32);        // line 3: derived operand
  fb.binary(b0, Opcode::Iadd, v2, v2, types::F32);        // line 4: ctrl outside the set
  fb.unary(b0, Opcode::Uextend, v0, types::I16);          // line 5: free operand
  fb.unary(b0, Opcode::ScalarToVector, v0, types::F32X4); // line 6: lane type
  fb.binary(b0, Opcode::Icmp, v0, v0, types::I32);        // line 7: result type
  fb.inst(b0, Opcode::Iconst, {});                        // line 8: missing result
  fb.ret(b0);
  CHECK(verify(fb.f) ==
        "3: inst0 (v3 = iadd v0, v1): arg 1 (v1) has type i8, expected i32\n"
        "4: inst1 (v4 = iadd v2, v2): has an invalid controlling type f32 (allowed set is "
        "integer scalars and vectors)\n"
        "5: inst2 (v5 = uextend.i16 v0): arg 0 (v0) with type i32 failed to satisfy type set: "
        "integers with lanes narrower than i16 and the lane count of i16\n"
        "6: inst3 (v6 = scalar_to_vector.f32x4 v0): arg 0 (v0) has type i32, expected f32\n"
        "7: inst4 (v7 = icmp eq v0, v0): expected result 0 (v7) to have type i8, found i32\n"
        "8: inst5 (iconst 0): expected 1 result values, found 0\n");
}

TEST_CASE("free operand sets: wider, float widths, lanes", "[verifier][types]") {
  TestFunctionBuilder fb;
  fb.f.signature = TestFunctionBuilder::sig({types::I8, types::F32, types::I32X4}, {});
  Block b0 = fb.block({types::I8, types::F32, types::I32X4});
  Value i8v = fb.param(b0, 0), f32v = fb.param(b0, 1), vec = fb.param(b0, 2);
  fb.unary(b0, Opcode::Ireduce, i8v, types::I64);        // line 3
  fb.unary(b0, Opcode::Fpromote, f32v, types::F32);      // line 4
  fb.unary(b0, Opcode::FcvtFromSint, vec, types::F64X2); // line 5
  fb.unary(b0, Opcode::Fdemote, f32v, types::F16);       // fine
  fb.unary(b0, Opcode::Sextend, i8v, types::I128);       // fine
  fb.ret(b0);
  CHECK(verify(fb.f) ==
        "3: inst0 (v3 = ireduce.i64 v0): arg 0 (v0) with type i8 failed to satisfy type set: "
        "integers with lanes wider than i64 and the lane count of i64\n"
        "4: inst1 (v4 = fpromote.f32 v1): arg 0 (v1) with type f32 failed to satisfy type set: "
        "floats with lanes narrower than f32 and the lane count of f32\n"
        "5: inst2 (v5 = fcvt_from_sint.f64x2 v2): arg 0 (v2) with type i32x4 failed to satisfy "
        "type set: integers with the lane count of f64x2\n");
}

TEST_CASE("bitcast sizes and flags", "[verifier][types]") {
  TestFunctionBuilder fb;
  fb.f.signature = TestFunctionBuilder::sig({types::I32, types::I32X4}, {});
  Block b0 = fb.block({types::I32, types::I32X4});
  Value v0 = fb.param(b0, 0), v1 = fb.param(b0, 1);
  MemFlags little;
  little.setEndianness(Endianness::Little);
  MemFlags notrap;
  notrap.setNotrap();
  fb.inst(b0, Opcode::Bitcast, {v0.index()}, {types::F32});                        // ok
  fb.inst(b0, Opcode::Bitcast, {v0.index()}, {types::I64});                        // line 4
  fb.inst(b0, Opcode::Bitcast, {v0.index()}, {types::F32}, 0, fb.flags(notrap));   // line 5
  fb.inst(b0, Opcode::Bitcast, {v1.index()}, {types::I64X2});                      // line 6
  fb.inst(b0, Opcode::Bitcast, {v1.index()}, {types::I64X2}, 0, fb.flags(little)); // ok
  fb.ret(b0);
  CHECK(verify(fb.f) ==
        "4: inst1 (v3 = bitcast.i64 v0): The bitcast argument v0 has a type of 32 bits, which "
        "doesn't match an expected type of 64 bits\n"
        "5: inst2 (v4 = bitcast.f32 notrap v0): The bitcast instruction only accepts the `big` "
        "or `little` memory flags\n"
        "6: inst3 (v5 = bitcast.i64x2 v1): Byte order specifier required for bitcast "
        "instruction changing lane count\n");
}

TEST_CASE("lane indices, shuffle masks, constant sizes, iconst ranges", "[verifier][types]") {
  TestFunctionBuilder fb;
  Block b0 = fb.block();
  Constant c16 = fb.f.dfg.constants.push(std::vector<uint8_t>(16, 0));
  Constant c5 = fb.f.dfg.constants.push({1, 2, 3, 4, 5});
  Value vec = fb.result(fb.inst(b0, Opcode::Vconst, {c16.index()}, {types::I32X4}));
  fb.inst(b0, Opcode::Vconst, {c5.index()}, {types::I32X4}); // line 4
  Value lane = fb.iconst(b0, types::I32, 42);
  fb.inst(b0, Opcode::Insertlane, {vec.index(), lane.index()}, {types::I32X4}, 4); // line 6
  fb.inst(b0, Opcode::Extractlane, {vec.index()}, {types::I32}, 3);                // ok
  std::vector<uint8_t> mask(16, 0);
  mask[15] = 32;
  Immediate m = fb.f.dfg.immediates.push(mask);
  Value bytes = fb.result(fb.inst(b0, Opcode::Vconst, {c16.index()}, {types::I8X16}));
  fb.inst(b0, Opcode::Shuffle, {bytes.index(), bytes.index(), m.index()}, {types::I8X16}); // line 9
  fb.iconst(b0, types::I8, -1);  // fine: signed
  fb.iconst(b0, types::I8, 255); // fine: unsigned
  fb.iconst(b0, types::I8, 256); // line 12
  fb.ret(b0);
  CHECK(verify(fb.f) ==
        "4: inst1 (v1 = vconst.i32x4 const1): The instruction expects const1 to have a size of "
        "16 bytes but it has 5\n"
        "6: inst3 (v3 = insertlane v0, v2, 4): The lane 4 does not index into the type i32x4\n"
        "9: inst6 (v6 = shuffle v5, v5, [0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 32]): shuffle immediate "
        "index 32 is larger than the maximum 31\n"
        "12: inst9 (v9 = iconst.i8 0): constant immediate is out of bounds\n");
}

TEST_CASE("memory accesses: pointer width, readonly stores, alias regions", "[verifier][memory]") {
  TestFunctionBuilder fb;
  fb.f.signature = TestFunctionBuilder::sig({types::I64, types::I32}, {});
  Block b0 = fb.block({types::I64, types::I32});
  Value p64 = fb.param(b0, 0), p32 = fb.param(b0, 1);
  MemFlags readonly;
  readonly.setReadonly();
  MemFlags region;
  region.setRegion(AliasRegion(0));
  Value x = fb.result(fb.inst(b0, Opcode::Load, {p64.index(), 0}, {types::I32}));     // ok
  fb.inst(b0, Opcode::Load, {p32.index(), 16}, {types::I8});                          // line 4
  fb.inst(b0, Opcode::Store, {x.index(), p64.index(), 0}, {}, 0, fb.flags(readonly)); // line 5
  fb.inst(b0, Opcode::AtomicRmw, {p32.index(), x.index()}, {types::I32});             // line 6
  fb.inst(b0, Opcode::Load, {p64.index(), 0}, {types::I32}, 0, fb.flags(region));     // line 7
  fb.ret(b0);
  CHECK(verify(fb.f) ==
        "4: inst1 (v3 = load.i8 v1+16): invalid pointer width (got 32, expected 64) "
        "encountered v1\n"
        "5: inst2 (store readonly v2, v0): A store instruction cannot have the `readonly` "
        "MemFlag\n"
        "6: inst3 (v4 = atomic_rmw.i32 add v1, v2): invalid pointer width (got 32, expected 64) "
        "encountered v1\n"
        "7: inst4 (v5 = load.i32 region0 v0): undefined alias region region0\n");
  // The same accesses on a 32-bit target flag the other operands.
  CHECK(verify(fb.f, 32) ==
        "3: inst0 (v2 = load.i32 v0): invalid pointer width (got 64, expected 32) encountered "
        "v0\n"
        "5: inst2 (store readonly v2, v0): A store instruction cannot have the `readonly` "
        "MemFlag\n"
        "5: inst2 (store readonly v2, v0): invalid pointer width (got 64, expected 32) "
        "encountered v0\n"
        "7: inst4 (v5 = load.i32 region0 v0): undefined alias region region0\n"
        "7: inst4 (v5 = load.i32 region0 v0): invalid pointer width (got 64, expected 32) "
        "encountered v0\n");
}

TEST_CASE("alias regions have distinct user ids", "[verifier][memory]") {
  TestFunctionBuilder fb;
  AliasRegion r0 = fb.f.aliasRegions.push(AliasRegionData{36, "first"});
  AliasRegion r1 = fb.f.aliasRegions.push(AliasRegionData{36, "second"});
  fb.f.aliasRegions.push(AliasRegionData{37, "third"});
  fb.f.positions.aliasRegions[r0] = fb.here();
  fb.f.positions.aliasRegions[r1] = fb.here();
  fb.ret(fb.block());
  CHECK(verify(fb.f) == "3: region1: duplicate alias region user_id 36\n");
}

TEST_CASE("stack slots exist and stack_addr stays inside them", "[verifier][memory]") {
  TestFunctionBuilder fb;
  StackSlot ss0 = fb.f.stackSlots.push(StackSlotData{16, 0, std::nullopt});
  Block b0 = fb.block();
  fb.inst(b0, Opcode::StackAddr, {ss0.index(), 16}, {types::I64}); // the end is fine
  fb.inst(b0, Opcode::StackAddr, {ss0.index(), 20}, {types::I64}); // line 4
  fb.inst(b0, Opcode::StackAddr, {5, 0}, {types::I64});            // line 5
  fb.ret(b0);
  CHECK(verify(fb.f) == "4: inst1 (v1 = stack_addr.i64 ss0+20): offset 20 is outside ss0 of "
                        "size 16\n"
                        "5: inst2 (v2 = stack_addr.i64 ss5): invalid stack slot ss5\n");
}

TEST_CASE("global values: cycles, vmctx, base types, instruction types", "[verifier][gv]") {
  TestFunctionBuilder fb;
  auto gv = [&](GlobalValueData d) {
    GlobalValue g = fb.f.globalValues.push(std::move(d));
    fb.f.positions.globalValues[g] = fb.here();
    return g;
  };
  GlobalValueData vmctx;
  GlobalValueData load;
  load.kind = GlobalValueData::Kind::Load;
  load.type = types::I32;
  GlobalValueData symbol;
  symbol.kind = GlobalValueData::Kind::Symbol;
  GlobalValue g0 = gv(vmctx); // line 2: no vmctx parameter
  load.base = g0;
  GlobalValue g1 = gv(load); // fine: based on a pointer
  load.base = g1;
  gv(load); // line 4: based on an i32
  load.base = GlobalValue(4);
  gv(load); // line 5: gv3 -> gv4 -> gv3
  load.base = GlobalValue(3);
  gv(load); // line 6
  GlobalValue g5 = gv(symbol);
  Block b0 = fb.block();
  fb.inst(b0, Opcode::SymbolValue, {g5.index()}, {types::I32}); // line 9
  fb.inst(b0, Opcode::GlobalValue, {g1.index()}, {types::I32}); // fine
  fb.ret(b0);
  CHECK(verify(fb.f) == "5: gv3: global value cycle: [gv3, gv4]\n"
                        "2: gv0: undeclared vmctx reference gv0\n"
                        "4: gv2: base gv1 has type i32, which is not the pointer type i64\n"
                        "9: inst0 (v0 = symbol_value.i32 gv5): global_value instruction with "
                        "type i32 references global value with type i64\n");
}

TEST_CASE("debug tags only on calls and sequence points", "[verifier]") {
  TestFunctionBuilder fb;
  Block b0 = fb.block();
  Inst k = fb.inst(b0, Opcode::Iconst, {}, {types::I32});
  Inst sp = fb.inst(b0, Opcode::SequencePoint, {});
  fb.ret(b0);
  fb.f.debugTags[k.index()] = {DebugTag{DebugTag::Kind::User, 1}};
  fb.f.debugTags[sp.index()] = {DebugTag{DebugTag::Kind::StackSlot, 3}};
  CHECK(verify(fb.f) == "3: inst0 (v0 = iconst.i32 0): debug tags present on non-call, "
                        "non-sequence point instruction\n"
                        "4: inst1 (sequence_point): debug tag names invalid stack slot ss3\n");
}

TEST_CASE("a 100k-instruction function verifies in linear time", "[verifier][perf]") {
  TestFunctionBuilder fb;
  fb.f.signature = TestFunctionBuilder::sig({types::I64}, {types::I64});
  Block b = fb.block({types::I64});
  Value acc = fb.param(b, 0);
  // 1000 blocks of 100 instructions, each block jumping to the next with the running sum.
  for (int blk = 0; blk < 1000; ++blk) {
    for (int k = 0; k < 98; ++k)
      acc = fb.binary(b, Opcode::Iadd, acc, acc, types::I64);
    if (blk == 999) {
      fb.ret(b, {acc});
      break;
    }
    Block next = fb.block({types::I64});
    fb.jump(b, fb.target(next, {arg(acc)}));
    b = next;
    acc = fb.param(b, 0);
  }
  auto start = std::chrono::steady_clock::now();
  std::vector<VerifierError> errors = verifyFunction(fb.f);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  start)
                .count();
  CHECK(errors.empty());
  // About 9 ms of CPU on a loaded 2-core CI machine; the bound is loose so that only a
  // super-linear regression (seconds) fails it, not a busy machine.
  if (irc::ir::test::kCheckTimes)
    CHECK(ms < 250);
}

TEST_CASE("iadd_imm global values and unknown pointer widths", "[verifier][gv]") {
  TestFunctionBuilder fb;
  fb.f.signature = TestFunctionBuilder::sig({types::I64}, {});
  fb.f.signature.params[0].purpose = ArgPurpose::VMContext;
  auto gv = [&](GlobalValueData d) {
    GlobalValue g = fb.f.globalValues.push(std::move(d));
    fb.f.positions.globalValues[g] = fb.here();
    return g;
  };
  GlobalValue g0 = gv(GlobalValueData{}); // vmctx
  GlobalValueData add;
  add.kind = GlobalValueData::Kind::IAddImm;
  add.base = g0;
  add.type = types::I32;
  gv(add); // line 3: i32 on an i64 base
  add.type = types::F64;
  gv(add); // line 4: not an integer
  add.type = types::I64;
  GlobalValue g3 = gv(add); // fine
  Block b0 = fb.block({types::I64});
  fb.inst(b0, Opcode::GlobalValue, {g3.index()}, {types::I64});
  fb.inst(b0, Opcode::GlobalValue, {g0.index()}, {types::I32}); // line 8
  Value addr = fb.result(fb.inst(b0, Opcode::GlobalValue, {g0.index()}, {types::I64}));
  fb.inst(b0, Opcode::Load, {addr.index(), 0}, {types::I8});
  fb.ret(b0);
  CHECK(verify(fb.f) == "3: gv1: iadd_imm type i32 differs from operand type i64\n"
                        "4: gv2: iadd_imm global value with non-int type f64\n"
                        "8: inst1 (v2 = global_value.i32 gv0): global_value instruction with "
                        "type i32 references global value with type i64\n");
  // With no target, nothing says vmctx is 64 bits wide: only the float type is wrong.
  CHECK(verify(fb.f, 0) == "4: gv2: iadd_imm global value with non-int type f64\n");
  // On a 32-bit target vmctx is an i32: gv1 becomes right, gv3 and the uses wrong.
  CHECK(verify(fb.f, 32) ==
        "4: gv2: iadd_imm global value with non-int type f64\n"
        "5: gv3: iadd_imm type i64 differs from operand type i32\n"
        "9: inst2 (v3 = global_value.i64 gv0): global_value instruction with type i64 "
        "references global value with type i32\n"
        "10: inst3 (v4 = load.i8 v3): invalid pointer width (got 64, expected 32) "
        "encountered v3\n");
}

TEST_CASE("results belong to their instruction", "[verifier][ssa]") {
  TestFunctionBuilder fb;
  Block b0 = fb.block();
  Inst a = fb.inst(b0, Opcode::Iconst, {}, {types::I32});
  Inst b = fb.inst(b0, Opcode::Iconst, {}, {types::I32});
  fb.ret(b0);
  // Make b's result list name a's result.
  fb.f.dfg.changeToAlias(fb.result(b), fb.result(a));
  CHECK(verify(fb.f) == "4: inst1 (v1 = iconst.i32 0): instruction result v1 is not defined "
                        "by the instruction\n");
}

TEST_CASE("user stack maps only on calls, inside their slots", "[verifier]") {
  TestFunctionBuilder fb;
  StackSlot ss0 = fb.f.stackSlots.push(StackSlotData{8, 0, std::nullopt});
  FuncRef fn = fb.function("g", fb.signature(TestFunctionBuilder::sig({}, {})));
  Block b0 = fb.block();
  Inst call = fb.call(b0, Opcode::Call, fn, {}); // line 4
  Inst nop = fb.inst(b0, Opcode::Nop, {});       // line 5
  fb.ret(b0);
  fb.f.userStackMaps[call.index()] = {UserStackMapEntry{types::I64, ss0, 0},
                                      UserStackMapEntry{types::I32, ss0, 6},
                                      UserStackMapEntry{types::I32, StackSlot(4), 0}};
  fb.f.userStackMaps[nop.index()] = {UserStackMapEntry{types::I8, ss0, 0}};
  const std::string callText = "4: inst0 (call fn0(), stack_map=[i64 @ ss0+0, i32 @ ss0+6, "
                               "i32 @ ss4+0]): ";
  CHECK(verify(fb.f) ==
        callText + "user stack map entry i32 @ ss0+6 does not fit in the slot of size 8\n" +
            callText + "user stack map names invalid stack slot ss4\n" +
            "5: inst1 (nop, stack_map=[i8 @ ss0+0]): user stack map present on a non-call "
            "instruction\n");
}
