// Tests of lib/codegen/ir/Printer.cpp: functions built in memory through the DFG and
// Layout API, compared with the exact text the printer must give.
#include "codegen/ir/Printer.h"

#include "codegen/ir/Ieee.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <initializer_list>

using namespace irc::ir;

namespace {

/// Builds a function instruction by instruction. Words and immediates go where
/// InstData.h says each format keeps them.
struct Builder {
  Function f;

  explicit Builder(std::string name = "f", CallConv cc = CallConv::Fast) {
    f.externalName = ExternalName::testCase(std::move(name));
    f.signature.callConv = cc;
  }

  Block block() {
    Block b = f.dfg.makeBlock();
    f.layout.appendBlock(b);
    return b;
  }
  Value param(Block b, Type t) { return f.dfg.appendBlockParam(b, t); }

  Inst inst(Block b, Opcode op, std::initializer_list<uint32_t> words,
            std::initializer_list<Type> results = {}, uint8_t aux8 = 0, uint16_t aux16 = 0) {
    InstData d;
    d.opcode = op;
    d.aux8 = aux8;
    d.aux16 = aux16;
    unsigned k = 0;
    for (uint32_t w : words)
      d.w[k++] = w;
    Inst i = f.dfg.makeInst(d);
    for (Type t : results)
      f.dfg.appendResult(i, t);
    if (b.isValid())
      f.layout.appendInst(i, b);
    return i;
  }
  Value result(Inst i, unsigned n = 0) { return f.dfg.results(i)[n]; }

  // Shorthands for the common formats.
  Value iconst(Block b, Type t, int64_t imm) {
    Inst i = inst(b, Opcode::Iconst, {}, {t});
    f.dfg.inst(i).setImm64(imm);
    return result(i);
  }
  Value unary(Block b, Opcode op, Value a, Type t) { return result(inst(b, op, {a.index()}, {t})); }
  Value binary(Block b, Opcode op, Value x, Value y, Type t) {
    return result(inst(b, op, {x.index(), y.index()}, {t}));
  }
  Inst floatConst(Block b, Opcode op, uint64_t bits, Type t) {
    Inst i = inst(b, op, {}, {t});
    f.dfg.inst(i).setIeeeBits(bits);
    return i;
  }
  BlockCall call(Block target, std::initializer_list<BlockArg> args = {}) {
    return f.dfg.makeBlockCall(target, std::vector<BlockArg>(args));
  }
  uint32_t list(std::initializer_list<Value> values) {
    return f.dfg.makeValueList(std::vector<Value>(values)).handle;
  }
  Inst ret(Block b, std::initializer_list<Value> values = {}) {
    return inst(b, Opcode::Return, {0, list(values)});
  }
  Inst trap(Block b) { return inst(b, Opcode::Trap, {}, {}, 0, TrapCode::user(1).raw()); }
  uint16_t flags(const MemFlags &m) { return f.dfg.internMemFlags(m).index; }
};

BlockArg arg(Value v) { return BlockArg::value(v); }

std::string print(const Builder &b) { return printFunction(b.f); }

} // namespace

TEST_CASE("printer: the smallest function", "[printer]") {
  Builder b("minimal");
  Block b0 = b.block();
  b.inst(b0, Opcode::Trap, {}, {}, TrapCode::user(1).raw());
  CHECK(print(b) == "function %minimal() fast {\n"
                    "block0:\n"
                    "    trap user1\n"
                    "}\n");
}

TEST_CASE("printer: a function without blocks or preamble", "[printer]") {
  Builder b("empty", CallConv::SystemV);
  CHECK(print(b) == "function %empty() system_v {\n}\n");
}

TEST_CASE("printer: signature, block parameters, blank lines between blocks", "[printer]") {
  Builder b("sig", CallConv::SystemV);
  b.f.signature.params = {AbiParam{types::I32}, AbiParam{types::I64, ArgExt::Uext},
                          AbiParam{types::I64, ArgExt::None, ArgPurpose::VMContext}};
  b.f.signature.returns = {AbiParam{types::I32, ArgExt::Sext}};
  Block b0 = b.block();
  Value v0 = b.param(b0, types::I32);
  Value v1 = b.param(b0, types::I64);
  Value v2 = b.param(b0, types::I64);
  Block b1 = b.block();
  Value v3 = b.param(b1, types::I32);
  b.f.dfg.setCold(b1, true);
  (void)v1;
  (void)v2;
  b.inst(b0, Opcode::Jump, {b.call(b1, {arg(v0)}).index()});
  b.ret(b1, {v3});
  CHECK(print(b) == "function %sig(i32, i64 uext, i64 vmctx) -> i32 sext system_v {\n"
                    "block0(v0: i32, v1: i64, v2: i64):\n"
                    "    jump block1(v0)\n"
                    "\n"
                    "block1(v3: i32) cold:\n"
                    "    return v3\n"
                    "}\n");
}

TEST_CASE("printer: user function names and multi-value returns", "[printer]") {
  Builder b;
  b.f.externalName = ExternalName::user(2, 7);
  b.f.signature.returns = {AbiParam{types::I8}, AbiParam{types::F64}};
  b.f.signature.params = {AbiParam{types::I64, ArgExt::None, ArgPurpose::StructArgument, 16},
                          AbiParam{types::I64, ArgExt::None, ArgPurpose::StructReturn}};
  Block b0 = b.block();
  b.param(b0, types::I64);
  b.param(b0, types::I64);
  Value x = b.iconst(b0, types::I8, 1);
  Value y = b.result(b.floatConst(b0, Opcode::F64const, 0, types::F64));
  b.ret(b0, {x, y});
  CHECK(print(b) == "function u2:7(i64 sarg(16), i64 sret) -> i8, f64 fast {\n"
                    "block0(v0: i64, v1: i64):\n"
                    "    v2 = iconst.i8 1\n"
                    "    v3 = f64const 0.0\n"
                    "    return v2, v3\n"
                    "}\n");
}

TEST_CASE("printer: every preamble kind, each sorted by display number", "[printer]") {
  Builder b("pre", CallConv::SystemV);
  Function &f = b.f;

  // Stack slots created in the order ss2, ss0, ss1.
  StackSlot s2 = f.stackSlots.push(StackSlotData{8, 4, std::nullopt});
  StackSlot s0 = f.stackSlots.push(StackSlotData{8, 0, std::nullopt});
  StackSlot s1 = f.stackSlots.push(StackSlotData{64, 0, 1234});
  f.numbers.stackSlots.set(s2, 2);
  f.numbers.stackSlots.set(s0, 0);
  f.numbers.stackSlots.set(s1, 1);

  GlobalValueData vmctx;
  GlobalValue g0 = f.globalValues.push(vmctx);
  GlobalValueData load;
  load.kind = GlobalValueData::Kind::Load;
  load.base = g0;
  load.offset = 8;
  load.type = types::I64;
  load.flags = MemFlags::trusted();
  load.flags.setReadonly();
  GlobalValue g1 = f.globalValues.push(load);
  GlobalValueData iaddImm;
  iaddImm.kind = GlobalValueData::Kind::IAddImm;
  iaddImm.base = g1;
  iaddImm.offset = 16;
  iaddImm.type = types::I64;
  GlobalValue g2 = f.globalValues.push(iaddImm);
  GlobalValueData sym;
  sym.kind = GlobalValueData::Kind::Symbol;
  sym.name = ExternalName::testCase("foo");
  sym.offset = 8;
  sym.colocated = true;
  sym.tls = true;
  f.globalValues.push(sym);
  GlobalValueData scale;
  scale.kind = GlobalValueData::Kind::DynScaleTargetConst;
  scale.type = types::I32X4;
  GlobalValue g4 = f.globalValues.push(scale);
  GlobalValueData sym2;
  sym2.kind = GlobalValueData::Kind::Symbol;
  sym2.name = ExternalName::user(0, 3);
  sym2.offset = -8;
  f.globalValues.push(sym2);
  GlobalValueData load2;
  load2.kind = GlobalValueData::Kind::Load;
  load2.base = g0;
  load2.type = types::I32;
  f.globalValues.push(load2);

  DynamicType dt0 = f.dynamicTypes.push(DynamicTypeData{types::I32X4, g4});
  f.dynamicStackSlots.push(DynamicStackSlotData{dt0});
  f.aliasRegions.push(AliasRegionData{36, "heap"});

  Signature sig;
  sig.params = {AbiParam{types::I32}};
  sig.returns = {AbiParam{types::I32}};
  sig.callConv = CallConv::SystemV;
  SigRef sig0 = f.dfg.signatures.push(sig);
  Signature sig1;
  sig1.callConv = CallConv::Tail;
  SigRef sigB = f.dfg.signatures.push(sig1);
  f.numbers.sigs.set(sigB, 5);
  f.numbers.sigs.set(sig0, 7);

  f.dfg.extFuncs.push(ExtFuncData{ExternalName::testCase("foo"), sig0, true, true});
  f.dfg.extFuncs.push(ExtFuncData{ExternalName::user(1, 2), sigB, false, false});

  std::vector<uint8_t> bytes(16);
  for (unsigned k = 0; k < 16; ++k)
    bytes[k] = uint8_t(k);
  f.dfg.constants.push(bytes);
  f.dfg.constants.push(std::vector<uint8_t>{0xff, 0x01});
  f.stackLimit = g2;

  Block b0 = b.block();
  b.ret(b0);
  CHECK(print(b) == "function %pre() system_v {\n"
                    "    ss0 = explicit_slot 8\n"
                    "    ss1 = explicit_slot 64, key = 1234\n"
                    "    ss2 = explicit_slot 8, align = 16\n"
                    "    dss0 = explicit_dynamic_slot dt0\n"
                    "    gv0 = vmctx\n"
                    "    gv1 = load.i64 notrap aligned readonly gv0+8\n"
                    "    gv2 = iadd_imm.i64 gv1, 16\n"
                    "    gv3 = symbol colocated tls %foo+8\n"
                    "    gv4 = dyn_scale_target_const.i32x4\n"
                    "    gv5 = symbol u0:3-8\n"
                    "    gv6 = load.i32 gv0\n"
                    "    dt0 = i32x4*gv4\n"
                    "    region0 = 36 \"heap\"\n"
                    "    sig5 = () tail\n"
                    "    sig7 = (i32) -> i32 system_v\n"
                    "    fn0 = colocated patchable %foo sig7\n"
                    "    fn1 = u1:2 sig5\n"
                    "    const0 = 0x0f0e0d0c0b0a09080706050403020100\n"
                    "    const1 = 0x01ff\n"
                    "    stack_limit = gv2\n"
                    "\n"
                    "block0:\n"
                    "    return\n"
                    "}\n");
}

TEST_CASE("printer: display numbers, not indices", "[printer]") {
  Builder b;
  Block b0 = b.block();
  Block b1 = b.block();
  Value p = b.param(b0, types::I32);
  Value x = b.binary(b0, Opcode::Iadd, p, p, types::I32);
  b.inst(b0, Opcode::Jump, {b.call(b1, {arg(x)}).index()});
  Value q = b.param(b1, types::I32);
  b.ret(b1, {q});
  b.f.numbers.blocks.set(b0, 7);
  b.f.numbers.blocks.set(b1, 3);
  b.f.numbers.values.set(p, 1000);
  b.f.numbers.values.set(x, 5);
  // q has no number: it comes after the largest one (1000).
  CHECK(print(b) == "function %f() fast {\n"
                    "block7(v1000: i32):\n"
                    "    v5 = iadd v1000, v1000\n"
                    "    jump block3(v5)\n"
                    "\n"
                    "block3(v1001: i32):\n"
                    "    return v1001\n"
                    "}\n");
}

TEST_CASE("printer: type suffixes", "[printer]") {
  Builder b;
  Block b0 = b.block();
  Value p = b.param(b0, types::I32);
  Value c = b.iconst(b0, types::I64, 5);                  // Result: always
  Value s = b.binary(b0, Opcode::Iadd, c, c, types::I64); // earlier result: inferred
  Value u = b.unary(b0, Opcode::Uextend, p, types::I64);  // Result: always
  Value r = b.binary(b0, Opcode::Iadd, p, p, types::I32); // block parameter: inferred
  Block b1 = b.block();
  b.inst(b0, Opcode::Brif, {r.index(), b.call(b1).index(), b.call(b1).index()});
  // In another block every OpN operand needs the suffix.
  Value s2 = b.binary(b1, Opcode::Isub, s, u, types::I64);
  b.inst(b1, Opcode::Brif, {r.index(), b.call(b1).index(), b.call(b1).index()});
  (void)s2;
  CHECK(print(b) == "function %f() fast {\n"
                    "block0(v0: i32):\n"
                    "    v1 = iconst.i64 5\n"
                    "    v2 = iadd v1, v1\n"
                    "    v3 = uextend.i64 v0\n"
                    "    v4 = iadd v0, v0\n"
                    "    brif v4, block1, block1\n"
                    "\n"
                    "block1:\n"
                    "    v5 = isub.i64 v2, v3\n"
                    "    brif.i32 v4, block1, block1\n"
                    "}\n");
}

TEST_CASE("printer: suffix on use before def and on aliased operands", "[printer]") {
  Builder b;
  Block b0 = b.block();
  Value p = b.param(b0, types::I32);
  // v1 = iadd v2, v2 comes before v2 = iconst in the layout.
  Inst first = b.inst(b0, Opcode::Iadd, {0, 0}, {types::I32});
  Value later = b.iconst(b0, types::I32, 1);
  b.f.dfg.setInstArg(first, 0, later);
  b.f.dfg.setInstArg(first, 1, later);
  Value alias = b.f.dfg.makeAlias(p, types::I32);
  b.binary(b0, Opcode::Imul, alias, p, types::I32);
  // The typevar of select is its second operand.
  b.result(b.inst(b0, Opcode::Select, {later.index(), p.index(), p.index()}, {types::I32}));
  b.result(b.inst(b0, Opcode::Select, {p.index(), alias.index(), p.index()}, {types::I32}));
  CHECK(print(b) == "function %f() fast {\n"
                    "block0(v0: i32):\n"
                    "    v3 -> v0\n"
                    "    v1 = iadd.i32 v2, v2\n"
                    "    v2 = iconst.i32 1\n"
                    "    v4 = imul.i32 v3, v0\n"
                    "    v5 = select v2, v0, v0\n"
                    "    v6 = select.i32 v0, v3, v0\n"
                    "}\n");
}

TEST_CASE("printer: integer immediates", "[printer]") {
  Builder b;
  Block b0 = b.block();
  b.iconst(b0, types::I32, 10000);
  b.iconst(b0, types::I32, -10000);
  b.iconst(b0, types::I32, 10001);
  b.iconst(b0, types::I32, 65536);
  b.iconst(b0, types::I32, -16);
  b.iconst(b0, types::I32, -65536); // masked to 32 bits
  b.iconst(b0, types::I16, -20000); // masked to 16 bits
  b.iconst(b0, types::I8, -1);
  b.iconst(b0, types::I64, -65536); // masked to 64 bits
  b.iconst(b0, types::I64, INT64_MIN);
  b.iconst(b0, types::I64, 0x123456789);
  // A value stored zero-extended prints as if sign-extended from the type's width.
  b.iconst(b0, types::I32, 0xfffffff0);
  CHECK(print(b) == "function %f() fast {\n"
                    "block0:\n"
                    "    v0 = iconst.i32 10000\n"
                    "    v1 = iconst.i32 -10000\n"
                    "    v2 = iconst.i32 0x2711\n"
                    "    v3 = iconst.i32 0x0001_0000\n"
                    "    v4 = iconst.i32 -16\n"
                    "    v5 = iconst.i32 0xffff_0000\n"
                    "    v6 = iconst.i16 0xb1e0\n"
                    "    v7 = iconst.i8 -1\n"
                    "    v8 = iconst.i64 0xffff_ffff_ffff_0000\n"
                    "    v9 = iconst.i64 0x8000_0000_0000_0000\n"
                    "    v10 = iconst.i64 0x0001_2345_6789\n"
                    "    v11 = iconst.i32 -16\n"
                    "}\n");
}

TEST_CASE("printer: offsets and global-value immediates", "[printer]") {
  Builder b;
  Function &f = b.f;
  GlobalValueData vm;
  GlobalValue g0 = f.globalValues.push(vm);
  GlobalValueData ld;
  ld.kind = GlobalValueData::Kind::Load;
  ld.base = g0;
  ld.offset = -65536;
  ld.type = types::I64;
  f.globalValues.push(ld);
  GlobalValueData add;
  add.kind = GlobalValueData::Kind::IAddImm;
  add.base = g0;
  add.offset = -20000;
  add.type = types::I32;
  f.globalValues.push(add);
  GlobalValueData add64 = add;
  add64.type = types::I64;
  f.globalValues.push(add64);
  GlobalValueData sym;
  sym.kind = GlobalValueData::Kind::Symbol;
  sym.name = ExternalName::testCase("s");
  sym.offset = INT64_MIN;
  f.globalValues.push(sym);
  StackSlot ss = f.stackSlots.push(StackSlotData{16, 0, std::nullopt});

  Block b0 = b.block();
  Value p = b.param(b0, types::I64);
  Inst l = b.inst(b0, Opcode::Load, {p.index()}, {types::I32}, 0, b.flags(MemFlags()));
  b.f.dfg.inst(l).setOffset(10001);
  Inst st = b.inst(b0, Opcode::Store, {b.result(l).index(), p.index()}, {}, 0, b.flags(MemFlags()));
  b.f.dfg.inst(st).setOffset(-8);
  b.inst(b0, Opcode::StackAddr, {ss.index(), 0}, {types::I64});
  b.inst(b0, Opcode::StackAddr, {ss.index(), 4}, {types::I64});
  b.inst(b0, Opcode::StackAddr, {ss.index(), uint32_t(-70000)}, {types::I64});
  b.inst(b0, Opcode::Load, {p.index()}, {types::I64}, 0, b.flags(MemFlags()));
  CHECK(print(b) == "function %f() fast {\n"
                    "    ss0 = explicit_slot 16\n"
                    "    gv0 = vmctx\n"
                    "    gv1 = load.i64 gv0-0x0001_0000\n"
                    "    gv2 = iadd_imm.i32 gv0, 0xffff_b1e0\n"
                    "    gv3 = iadd_imm.i64 gv0, 0xffff_ffff_ffff_b1e0\n"
                    "    gv4 = symbol %s-0x8000_0000_0000_0000\n"
                    "\n"
                    "block0(v0: i64):\n"
                    "    v1 = load.i32 v0+0x2711\n"
                    "    store v1, v0-8\n"
                    "    v2 = stack_addr.i64 ss0\n"
                    "    v3 = stack_addr.i64 ss0+4\n"
                    "    v4 = stack_addr.i64 ss0-0x0001_1170\n"
                    "    v5 = load.i64 v0\n"
                    "}\n");
}

TEST_CASE("printer: float constants of every width", "[printer]") {
  Builder b;
  Block b0 = b.block();
  auto f16 = [&](uint64_t bits) { b.floatConst(b0, Opcode::F16const, bits, types::F16); };
  auto f32 = [&](uint64_t bits) { b.floatConst(b0, Opcode::F32const, bits, types::F32); };
  auto f64 = [&](uint64_t bits) { b.floatConst(b0, Opcode::F64const, bits, types::F64); };
  f16(0x3e00);             // 1.5
  f16(0x0001);             // smallest subnormal
  f16(0x7e01);             // quiet NaN with payload
  f16(0xfc00);             // -Inf
  f32(0x40400000);         // 3.0
  f32(0x80000000);         // -0.0
  f32(0x00000001);         // smallest subnormal
  f32(0x7fc00000);         // NaN
  f32(0x7f800001);         // signaling NaN
  f32(0xffc00000);         // -NaN
  f32(0x7f800000);         // +Inf
  f64(0x3ff0000000000000); // 1.0
  f64(0x000fffffffffffff); // largest subnormal
  f64(0x7ff8000000000abc); // NaN payload
  f64(0xc000000000000000); // -2.0
  auto f128 = [&](u128 bits) {
    std::vector<uint8_t> bytes(16);
    for (unsigned k = 0; k < 16; ++k)
      bytes[k] = uint8_t(bits >> (8 * k));
    Constant c = b.f.dfg.constants.push(bytes);
    b.inst(b0, Opcode::F128const, {c.index()}, {types::F128});
  };
  f128(u128(0x3fff) << 112);       // 1.0
  f128(1);                         // smallest subnormal
  f128((u128(0x7fff) << 112) | 5); // signaling NaN
  f128(u128(0xffff) << 112);       // -Inf
  CHECK(print(b) == "function %f() fast {\n"
                    "block0:\n"
                    "    v0 = f16const 0x1.800p0\n"
                    "    v1 = f16const 0x0.004p-14\n"
                    "    v2 = f16const +NaN:0x1\n"
                    "    v3 = f16const -Inf\n"
                    "    v4 = f32const 0x1.800000p1\n"
                    "    v5 = f32const -0.0\n"
                    "    v6 = f32const 0x0.000002p-126\n"
                    "    v7 = f32const +NaN\n"
                    "    v8 = f32const +sNaN:0x1\n"
                    "    v9 = f32const -NaN\n"
                    "    v10 = f32const +Inf\n"
                    "    v11 = f64const 0x1.0000000000000p0\n"
                    "    v12 = f64const 0x0.fffffffffffffp-1022\n"
                    "    v13 = f64const +NaN:0xabc\n"
                    "    v14 = f64const -0x1.0000000000000p1\n"
                    "    v15 = f128const 0x1.0000000000000000000000000000p0\n"
                    "    v16 = f128const 0x0.0000000000000000000000000001p-16382\n"
                    "    v17 = f128const +sNaN:0x5\n"
                    "    v18 = f128const -Inf\n"
                    "}\n");
}

TEST_CASE("printer: constants only an f128const uses are not declared", "[printer]") {
  Builder b;
  Block b0 = b.block();
  std::vector<uint8_t> one(16, 0);
  one[15] = 0x3f;
  one[14] = 0xff;
  Constant shared = b.f.dfg.constants.push(one);
  Constant own = b.f.dfg.constants.push(one);
  b.inst(b0, Opcode::F128const, {own.index()}, {types::F128});
  b.inst(b0, Opcode::F128const, {shared.index()}, {types::F128});
  b.inst(b0, Opcode::Vconst, {shared.index()}, {types::I8X16});
  CHECK(print(b) == "function %f() fast {\n"
                    "    const0 = 0x3fff0000000000000000000000000000\n"
                    "\n"
                    "block0:\n"
                    "    v0 = f128const 0x1.0000000000000000000000000000p0\n"
                    "    v1 = f128const 0x1.0000000000000000000000000000p0\n"
                    "    v2 = vconst.i8x16 const0\n"
                    "}\n");
}

TEST_CASE("printer: aliases follow the definition they resolve to", "[printer]") {
  Builder b;
  Block b0 = b.block();
  Value p = b.param(b0, types::I32);
  Value c = b.iconst(b0, types::I32, 0);
  Value a1 = b.f.dfg.makeAlias(c, types::I32);  // v2 -> v1
  Value a2 = b.f.dfg.makeAlias(a1, types::I32); // v3 -> v2
  Value a3 = b.f.dfg.makeAlias(p, types::I32);  // v4 -> v0
  b.f.dfg.makeAlias(c, types::I32);             // v5 -> v1
  Block b1 = b.block();
  Value q = b.param(b1, types::I32);
  Value a5 = b.f.dfg.makeAlias(q, types::I32);
  b.inst(b0, Opcode::Jump, {b.call(b1, {arg(a2)}).index()});
  b.ret(b1, {a5, a3});
  // Aliases of one value come in display order: v5 is numbered v1 here, before v2.
  const uint32_t numbers[] = {0, 20, 2, 3, 4, 1, 5, 6};
  for (uint32_t k = 0; k < b.f.dfg.numValues(); ++k)
    b.f.numbers.values.set(Value(k), numbers[k]);
  CHECK(print(b) == "function %f() fast {\n"
                    "block0(v0: i32):\n"
                    "    v4 -> v0\n"
                    "    v20 = iconst.i32 0\n"
                    "    v1 -> v20\n"
                    "    v2 -> v20\n"
                    "    v3 -> v2\n"
                    "    jump block1(v3)\n"
                    "\n"
                    "block1(v5: i32):\n"
                    "    v6 -> v5\n"
                    "    return v6, v4\n"
                    "}\n");
}

TEST_CASE("printer: dangling aliases and alias cycles go to the end of the entry block",
          "[printer]") {
  Builder b;
  Block b0 = b.block();
  Block b1 = b.block();
  // v0 is a result of an instruction outside the layout: never defined in the text.
  Inst orphan = b.inst(Block(), Opcode::Iconst, {}, {types::I32});
  Value undefined = b.result(orphan);
  Value d1 = b.f.dfg.makeAlias(undefined, types::I32); // v1 -> v0
  Value d2 = b.f.dfg.makeAlias(d1, types::I32);        // v2 -> v1
  Value c1 = b.f.dfg.makeAlias(Value(0), types::I32);  // v3, made a cycle below
  Value c2 = b.f.dfg.makeAlias(c1, types::I32);        // v4 -> v3
  b.f.dfg.changeToAlias(c1, c2);                       // v3 -> v4
  // An alias of a value defined in a later block is printed there, not in the entry.
  b.inst(b0, Opcode::Jump, {b.call(b1).index()});
  Value late = b.iconst(b1, types::I32, 7);
  Value a = b.f.dfg.makeAlias(late, types::I32);
  b.ret(b1, {a, d2});
  CHECK(print(b) == "function %f() fast {\n"
                    "block0:\n"
                    "    jump block1\n"
                    "    v1 -> v0\n"
                    "    v2 -> v1\n"
                    "    v3 -> v4\n"
                    "    v4 -> v3\n"
                    "\n"
                    "block1:\n"
                    "    v5 = iconst.i32 7\n"
                    "    v6 -> v5\n"
                    "    return v6, v2\n"
                    "}\n");
}

TEST_CASE("printer: branches and block calls", "[printer]") {
  Builder b;
  Block b0 = b.block();
  Block b1 = b.block();
  Block b2 = b.block();
  Block b3 = b.block();
  Value sel = b.param(b0, types::I32);
  Value x = b.param(b0, types::I64);
  JumpTable jt = b.f.dfg.jumpTables.push(
      JumpTableData{{b.call(b1, {arg(x)}), b.call(b2), b.call(b3, {arg(x), arg(x)})}});
  JumpTable empty = b.f.dfg.jumpTables.push(JumpTableData{{b.call(b2)}});
  b.inst(b0, Opcode::BrTable, {sel.index(), jt.index()});
  b.param(b1, types::I64);
  b.inst(b1, Opcode::BrTable, {sel.index(), empty.index()});
  b.inst(b2, Opcode::Brif,
         {sel.index(), b.call(b3, {arg(x), arg(sel)}).index(), b.call(b2).index()});
  b.param(b3, types::I64);
  b.param(b3, types::I64);
  b.inst(b3, Opcode::Jump, {b.call(b0, {arg(sel), arg(x)}).index()});
  CHECK(print(b) == "function %f() fast {\n"
                    "block0(v0: i32, v1: i64):\n"
                    "    br_table v0, block1(v1), [block2, block3(v1, v1)]\n"
                    "\n"
                    "block1(v2: i64):\n"
                    "    br_table v0, block2, []\n"
                    "\n"
                    "block2:\n"
                    "    brif.i32 v0, block3(v1, v0), block2\n"
                    "\n"
                    "block3(v3: i64, v4: i64):\n"
                    "    jump block0(v0, v1)\n"
                    "}\n");
}

TEST_CASE("printer: calls, tail calls and try_call", "[printer]") {
  Builder b("calls", CallConv::Tail);
  Signature sig;
  sig.params = {AbiParam{types::I32}};
  sig.returns = {AbiParam{types::I32}};
  sig.callConv = CallConv::Tail;
  SigRef s0 = b.f.dfg.signatures.push(sig);
  FuncRef fn0 = b.f.dfg.extFuncs.push(ExtFuncData{ExternalName::testCase("g"), s0, true, false});
  Block b0 = b.block();
  Block b1 = b.block();
  Block b2 = b.block();
  Block b3 = b.block();
  Value v0 = b.param(b0, types::I32);
  Value ptr = b.param(b0, types::I64);
  Inst c = b.inst(b0, Opcode::Call, {fn0.index(), b.list({v0})}, {types::I32});
  b.inst(b0, Opcode::CallIndirect, {s0.index(), b.list({ptr, b.result(c)})}, {types::I32});
  b.inst(b0, Opcode::FuncAddr, {fn0.index()}, {types::I64});
  b.inst(b0, Opcode::Call, {fn0.index(), 0});
  ExceptionTableData table;
  table.signature = s0;
  table.normalReturn = b.call(b1, {BlockArg::ret(0), arg(v0)});
  ExceptionTableItem tag;
  tag.kind = ExceptionTableItem::Kind::Tag;
  tag.tag = 1;
  tag.handler = b.call(b2, {BlockArg::exn(0)});
  ExceptionTableItem dflt;
  dflt.kind = ExceptionTableItem::Kind::Default;
  dflt.handler = b.call(b3);
  ExceptionTableItem ctx;
  ctx.kind = ExceptionTableItem::Kind::Context;
  ctx.context = ptr;
  table.items = {tag, dflt, ctx};
  ExceptionTable et = b.f.dfg.exceptionTables.push(table);
  b.inst(b0, Opcode::TryCall, {fn0.index(), b.list({v0}), et.index()});
  ExceptionTableData bare;
  bare.signature = s0;
  bare.normalReturn = b.call(b3);
  ExceptionTable et2 = b.f.dfg.exceptionTables.push(bare);
  b.param(b1, types::I32);
  b.param(b1, types::I32);
  b.inst(b1, Opcode::TryCallIndirect, {0, b.list({ptr, v0}), et2.index()});
  b.param(b2, types::I64);
  b.inst(b2, Opcode::ReturnCall, {fn0.index(), b.list({v0})});
  b.inst(b3, Opcode::ReturnCallIndirect, {s0.index(), b.list({ptr})});
  CHECK(print(b) == "function %calls() tail {\n"
                    "    sig0 = (i32) -> i32 tail\n"
                    "    fn0 = colocated %g sig0\n"
                    "\n"
                    "block0(v0: i32, v1: i64):\n"
                    "    v2 = call fn0(v0)\n"
                    "    v3 = call_indirect sig0, v1(v2)\n"
                    "    v4 = func_addr.i64 fn0\n"
                    "    call fn0()\n"
                    "    try_call fn0(v0), sig0, block1(ret0, v0), "
                    "[ tag1: block2(exn0), default: block3, context v1 ]\n"
                    "\n"
                    "block1(v5: i32, v6: i32):\n"
                    "    try_call_indirect.i64 v1(v0), sig0, block3, []\n"
                    "\n"
                    "block2(v7: i64):\n"
                    "    return_call fn0(v0)\n"
                    "\n"
                    "block3:\n"
                    "    return_call_indirect.i64 sig0, v1()\n"
                    "}\n");
}

TEST_CASE("printer: memory flags in canonical order", "[printer]") {
  Builder b;
  AliasRegion r = b.f.aliasRegions.push(AliasRegionData{0, "heap"});
  b.f.numbers.aliasRegions.set(r, 3);
  Block b0 = b.block();
  Value p = b.param(b0, types::I64);
  Value v = b.param(b0, types::I32);
  MemFlags all;
  all.setRegion(r);
  all.setChecked();
  all.setCanMove();
  all.setEndianness(Endianness::Big);
  all.setReadonly();
  all.setAligned();
  all.setNotrap();
  MemFlags code;
  code.setTrapCode(TrapCode::user(7));
  code.setEndianness(Endianness::Little);
  MemFlags divz;
  divz.setTrapCode(TrapCode::integerDivisionByZero());
  b.inst(b0, Opcode::Load, {p.index(), 16}, {types::I32}, 0, b.flags(all));
  b.inst(b0, Opcode::Store, {v.index(), p.index(), 0}, {}, 0, b.flags(code));
  b.inst(b0, Opcode::Istore8, {v.index(), p.index(), 0}, {}, 0, b.flags(divz));
  b.inst(b0, Opcode::AtomicRmw, {p.index(), v.index()}, {types::I32}, uint8_t(AtomicRmwOp::Xchg),
         b.flags(code));
  b.inst(b0, Opcode::AtomicCas, {p.index(), v.index(), v.index()}, {types::I32}, 0,
         b.flags(MemFlags()));
  b.inst(b0, Opcode::AtomicLoad, {p.index()}, {types::I64}, 0, b.flags(MemFlags::trusted()));
  b.inst(b0, Opcode::AtomicStore, {v.index(), p.index()}, {}, 0, b.flags(MemFlags::trusted()));
  MemFlags little;
  little.setEndianness(Endianness::Little);
  b.inst(b0, Opcode::Bitcast, {v.index()}, {types::F32}, 0, b.flags(little));
  CHECK(print(b) == "function %f() fast {\n"
                    "    region3 = 0 \"heap\"\n"
                    "\n"
                    "block0(v0: i64, v1: i32):\n"
                    "    v2 = load.i32 notrap aligned readonly big can_move checked region3 v0+16\n"
                    "    store user7 little v1, v0\n"
                    "    istore8 int_divz v1, v0\n"
                    "    v3 = atomic_rmw.i32 user7 little xchg v0, v1\n"
                    "    v4 = atomic_cas v0, v1, v1\n"
                    "    v5 = atomic_load.i64 notrap aligned v0\n"
                    "    atomic_store notrap aligned v1, v0\n"
                    "    v6 = bitcast.f32 little v1\n"
                    "}\n");
}

TEST_CASE("printer: compares, traps, lanes, stack and global values", "[printer]") {
  Builder b;
  StackSlot ss = b.f.stackSlots.push(StackSlotData{8, 0, std::nullopt});
  GlobalValue gv = b.f.globalValues.push(GlobalValueData{});
  GlobalValueData scale;
  scale.kind = GlobalValueData::Kind::DynScaleTargetConst;
  scale.type = types::I32X4;
  GlobalValue gs = b.f.globalValues.push(scale);
  DynamicType dt = b.f.dynamicTypes.push(DynamicTypeData{types::I32X4, gs});
  DynamicStackSlot dss = b.f.dynamicStackSlots.push(DynamicStackSlotData{dt});
  Type dyn(LaneKind::I32, 2, true);
  Block b0 = b.block();
  Block b1 = b.block();
  Value x = b.param(b0, types::I32);
  Value y = b.param(b0, types::I32);
  Value fx = b.param(b0, types::F64);
  Value vec = b.param(b0, types::I32X4);
  b.inst(b0, Opcode::Icmp, {x.index(), y.index()}, {types::I8}, uint8_t(IntCC::Uge));
  b.inst(b0, Opcode::Fcmp, {fx.index(), fx.index()}, {types::I8}, uint8_t(FloatCC::Uno));
  b.inst(b0, Opcode::Trapz, {x.index()}, {}, TrapCode::heapOutOfBounds().raw());
  b.inst(b0, Opcode::Trapnz, {x.index()}, {}, TrapCode::user(250).raw());
  b.inst(b0, Opcode::UaddOverflowTrap, {x.index(), y.index()}, {types::I32},
         TrapCode::integerOverflow().raw());
  b.inst(b0, Opcode::Extractlane, {vec.index()}, {types::I32}, 3);
  b.inst(b0, Opcode::Insertlane, {vec.index(), x.index()}, {types::I32X4}, 1);
  std::vector<uint8_t> mask(16);
  for (unsigned k = 0; k < 16; ++k)
    mask[k] = uint8_t(15 - k);
  Immediate m = b.f.dfg.immediates.push(mask);
  Value bytes = b.param(b0, types::I8X16);
  b.inst(b0, Opcode::Shuffle, {bytes.index(), bytes.index(), m.index()}, {types::I8X16});
  b.inst(b0, Opcode::StackAddr, {ss.index(), 4}, {types::I64});
  b.inst(b0, Opcode::DynamicStackAddr, {dss.index()}, {types::I64});
  Inst dl = b.inst(b0, Opcode::DynamicStackLoad, {dss.index()}, {dyn});
  b.inst(b0, Opcode::DynamicStackStore, {b.result(dl).index(), dss.index()});
  b.inst(b0, Opcode::GlobalValue, {gv.index()}, {types::I64});
  b.inst(b0, Opcode::SymbolValue, {gv.index()}, {types::I64});
  Inst eh = b.inst(b0, Opcode::GetExceptionHandlerAddress, {b1.index()}, {types::I64});
  b.f.dfg.inst(eh).setImm64(0);
  b.inst(b0, Opcode::GetPinnedReg, {}, {types::I64});
  b.inst(b0, Opcode::Fence, {});
  b.inst(b0, Opcode::Trap, {}, {}, TrapCode::stackOverflow().raw());
  b.inst(b1, Opcode::Trap, {}, {}, TrapCode::badConversionToInteger().raw());
  CHECK(print(b) == "function %f() fast {\n"
                    "    ss0 = explicit_slot 8\n"
                    "    dss0 = explicit_dynamic_slot dt0\n"
                    "    gv0 = vmctx\n"
                    "    gv1 = dyn_scale_target_const.i32x4\n"
                    "    dt0 = i32x4*gv1\n"
                    "\n"
                    "block0(v0: i32, v1: i32, v2: f64, v3: i32x4, v9: i8x16):\n"
                    "    v4 = icmp uge v0, v1\n"
                    "    v5 = fcmp uno v2, v2\n"
                    "    trapz v0, heap_oob\n"
                    "    trapnz v0, user250\n"
                    "    v6 = uadd_overflow_trap v0, v1, int_ovf\n"
                    "    v7 = extractlane v3, 3\n"
                    "    v8 = insertlane v3, v0, 1\n"
                    "    v10 = shuffle v9, v9, [15 14 13 12 11 10 9 8 7 6 5 4 3 2 1 0]\n"
                    "    v11 = stack_addr.i64 ss0+4\n"
                    "    v12 = dynamic_stack_addr.i64 dss0\n"
                    "    v13 = dynamic_stack_load.i32x4xN dss0\n"
                    "    dynamic_stack_store v13, dss0\n"
                    "    v14 = global_value.i64 gv0\n"
                    "    v15 = symbol_value.i64 gv0\n"
                    "    v16 = get_exception_handler_address.i64 block1, 0\n"
                    "    v17 = get_pinned_reg.i64\n"
                    "    fence\n"
                    "    trap stk_ovf\n"
                    "\n"
                    "block1:\n"
                    "    trap bad_toint\n"
                    "}\n");
}

TEST_CASE("printer: debug tags, source locations and stack maps", "[printer]") {
  Builder b;
  StackSlot ss = b.f.stackSlots.push(StackSlotData{8, 0, std::nullopt});
  Signature sig;
  sig.params = {AbiParam{types::I32}};
  sig.returns = {AbiParam{types::I32}};
  SigRef s0 = b.f.dfg.signatures.push(sig);
  FuncRef fn0 = b.f.dfg.extFuncs.push(ExtFuncData{ExternalName::testCase("g"), s0, false, false});
  Block b0 = b.block();
  Value x = b.param(b0, types::I32);
  Inst c = b.inst(b0, Opcode::Call, {fn0.index(), b.list({x})}, {types::I32});
  b.f.debugTags[c.index()] = {DebugTag{DebugTag::Kind::StackSlot, ss.index()},
                              DebugTag{DebugTag::Kind::User, 1}, DebugTag{DebugTag::Kind::User, 0}};
  b.f.srcLocs[c] = 0x1f;
  b.f.userStackMaps[c.index()] = {UserStackMapEntry{types::I32, ss, 0},
                                  UserStackMapEntry{types::I64, ss, 4}};
  Inst sp = b.inst(b0, Opcode::SequencePoint, {});
  b.f.debugTags[sp.index()] = {DebugTag{DebugTag::Kind::User, 0},
                               DebugTag{DebugTag::Kind::User, 1}};
  Inst r = b.ret(b0, {b.result(c)});
  b.f.srcLocs[r] = 0x12345;
  CHECK(print(b) ==
        "function %f() fast {\n"
        "    ss0 = explicit_slot 8\n"
        "    sig0 = (i32) -> i32 fast\n"
        "    fn0 = %g sig0\n"
        "\n"
        "block0(v0: i32):\n"
        "    <ss0, 1, 0> @001f v1 = call fn0(v0), stack_map=[i32 @ ss0+0, i64 @ ss0+4]\n"
        "    <0, 1> sequence_point\n"
        "    @12345 return v1\n"
        "}\n");
  CHECK(printInst(b.f, c) == "v1 = call fn0(v0), stack_map=[i32 @ ss0+0, i64 @ ss0+4]");
}

TEST_CASE("printer: printInst on its own", "[printer]") {
  Builder b;
  Block b0 = b.block();
  Value x = b.param(b0, types::I32);
  Value y = b.binary(b0, Opcode::Iadd, x, x, types::I32);
  Inst outside = b.inst(Block(), Opcode::Isub, {y.index(), x.index()}, {types::I32});
  CHECK(printInst(b.f, b.f.dfg.valueInst(y).value()) == "v1 = iadd v0, v0");
  // Outside the layout nothing is known to precede it: the suffix is printed.
  CHECK(printInst(b.f, outside) == "v2 = isub.i32 v1, v0");
  CHECK(printInst(b.f, Inst(99)).empty());
}

TEST_CASE("printer: references to blocks outside the layout", "[printer]") {
  Builder b;
  Block b0 = b.block();
  Block ghost = b.f.dfg.makeBlock(); // never inserted
  b.param(ghost, types::I32);
  Value x = b.param(b0, types::I32);
  b.inst(b0, Opcode::Jump, {b.call(ghost, {arg(x)}).index()});
  CHECK(print(b) == "function %f() fast {\n"
                    "block0(v1: i32):\n"
                    "    jump block1(v1)\n"
                    "}\n");
}

TEST_CASE("printer: hand-assembled instructions with broken handles", "[printer]") {
  Builder b;
  Block b0 = b.block();
  Value x = b.param(b0, types::I32);
  // A block call and a call argument list that lie outside the pool: the verifier reports
  // them and prints the instruction in its message, so printing must not read them.
  Inst br = b.inst(b0, Opcode::Brif, {x.index(), 999999, 0});
  Inst ret = b.inst(b0, Opcode::Return, {0, 888888});
  CHECK(printInst(b.f, br) == "brif v0, <invalid block call>, <invalid block call>");
  CHECK(printInst(b.f, ret) == "return");
}

TEST_CASE("printer: a 100k-instruction function prints fast", "[printer]") {
  Builder b;
  Block b0 = b.block();
  Value acc = b.param(b0, types::I64);
  constexpr int kInsts = 100000;
  for (int k = 0; k < kInsts; ++k)
    acc = b.binary(b0, Opcode::Iadd, acc, acc, types::I64);
  b.ret(b0, {acc});
  auto start = std::chrono::steady_clock::now();
  std::string text = print(b);
  auto elapsed = std::chrono::steady_clock::now() - start;
  std::string head = "function %f() fast {\nblock0(v0: i64):\n    v1 = iadd v0, v0\n    v2 = ";
  CHECK(text.substr(0, head.size()) == head);
  CHECK(text.substr(text.size() - 55) ==
        "    v100000 = iadd v99999, v99999\n    return v100000\n}\n");
  CHECK(std::count(text.begin(), text.end(), '\n') == kInsts + 4);
  // A few ms in a release build; the bound leaves room for sanitizers and slow machines.
  CHECK(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count() < 500);
  WARN("printed " << kInsts << " instructions in "
                  << std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count()
                  << " us");
}
