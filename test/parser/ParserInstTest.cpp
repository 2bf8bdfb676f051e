// Parser: instructions, format by format, checked through the InstData words, the DFG
// pools and the side tables; and one instruction of every opcode in Opcodes.def.
#include "ParserTestUtil.h"

#include "codegen/ir/Ieee.h"

using namespace irc;
using namespace irc::ir;
using namespace irc::parser;
using namespace irc::parser::test;

namespace {

/// Parses `body` (instructions of block0) in a function with a fixed preamble and
/// parameters v0: i32, v1: i64, v2: f32, v3: f64, v4: i8x16, v5: i32x4, v6: i8, v7: f32x4.
TestFile parseBody(const std::string &body) {
  return parseOk("function %t(i32, i64, f32, f64, i8x16, i32x4, i8, f32x4) {\n"
                 "    ss0 = explicit_slot 16\n"
                 "    gv0 = vmctx\n"
                 "    gv1 = dyn_scale_target_const.i32x4\n"
                 "    dt0 = i32x4*gv1\n"
                 "    dss0 = explicit_dynamic_slot dt0\n"
                 "    sig0 = (i64) -> i32, f64\n"
                 "    fn0 = %callee(i64) -> i32, f64\n"
                 "    const0 = i8x16 0x01\n"
                 "block0(v0: i32, v1: i64, v2: f32, v3: f64, v4: i8x16, v5: i32x4, v6: i8, "
                 "v7: f32x4):\n" +
                 body + "}\n");
}

struct Parsed {
  TestFile file;
  const Function &f;
  std::vector<Inst> is;
  explicit Parsed(const std::string &body)
      : file(parseBody(body)), f(*file.functions[0].function), is(insts(f)) {}
  const InstData &d(size_t i) const { return f.dfg.inst(is.at(i)); }
  std::string args(size_t i) const { return names(f, f.dfg.instArgs(is.at(i))); }
  std::string results(size_t i) const { return names(f, f.dfg.results(is.at(i))); }
  Type type(uint32_t v) const { return f.dfg.valueType(valueNumbered(f, v)); }
  std::string blockCall(BlockCall bc) const {
    std::string s = f.name(f.dfg.blockCallTarget(bc)) + "(";
    bool first = true;
    for (BlockArg a : f.dfg.blockCallArgs(bc)) {
      s += first ? "" : ", ";
      first = false;
      switch (a.kind()) {
      case BlockArg::Kind::Value:
        s += f.name(a.asValue());
        break;
      case BlockArg::Kind::TryCallRet:
        s += "ret" + std::to_string(a.index());
        break;
      case BlockArg::Kind::TryCallExn:
        s += "exn" + std::to_string(a.index());
        break;
      }
    }
    return s + ")";
  }
};

} // namespace

TEST_CASE("formats: unary, binary, ternary, lanes, compares", "[parser][inst]") {
  Parsed p("    v10 = iadd v0, v0\n"
           "    v11 = bnot v1\n"
           "    v12 = select v6, v2, v2\n"
           "    v13 = extractlane v5, 3\n"
           "    v14 = insertlane v5, v0, 0x1\n"
           "    v15 = icmp ugt v1, v1\n"
           "    v16 = fcmp uno v7, v7\n"
           "    v17 = iadd_pairwise v5, v5\n"
           "    v18 = uextend.i64 v0\n"
           "    v19, v20 = uadd_overflow v0, v0\n"
           "    v21 = bitcast.i32 big v2\n");
  CHECK(p.d(0).opcode == Opcode::Iadd);
  CHECK(p.args(0) == "v0 v0");
  CHECK(p.type(10) == types::I32);
  CHECK(p.f.dfg.ctrlType(p.is[0]) == types::I32);
  CHECK((p.d(1).opcode == Opcode::Bnot && p.args(1) == "v1" && p.type(11) == types::I64));
  // select's controlling type is its second operand.
  CHECK((p.args(2) == "v6 v2 v2" && p.type(12) == types::F32));
  CHECK((p.d(3).imm8() == 3 && p.type(13) == types::I32 && p.args(3) == "v5"));
  CHECK((p.d(4).imm8() == 1 && p.args(4) == "v5 v0" && p.type(14) == types::I32X4));
  CHECK((p.d(5).intCC() == IntCC::Ugt && p.type(15) == types::I8));
  CHECK((p.d(6).floatCC() == FloatCC::Uno && p.type(16) == types::I32X4));
  CHECK(p.type(17) == types::I32X4);
  CHECK(p.type(18) == types::I64);
  CHECK((p.results(9) == "v19 v20" && p.type(19) == types::I32 && p.type(20) == types::I8));
  CHECK((p.type(21) == types::I32 && p.f.dfg.memFlags(p.is[10]).endianness() == Endianness::Big));
}

TEST_CASE("formats: immediates and constants", "[parser][inst]") {
  Parsed p("    v10 = iconst.i8 255\n"
           "    v11 = iconst.i16 -32768\n"
           "    v12 = iconst.i32 0xffff_ffff\n"
           "    v13 = iconst.i64 -1\n"
           "    v14 = iconst.i64 0x8000000000000000\n"
           "    v15 = iconst.i8 127\n"
           "    v16 = f16const -0x1.0p-2\n"
           "    v17 = f32const +Inf\n"
           "    v18 = f64const NaN:0x1\n"
           "    v19 = f32const -sNaN:0x1\n"
           "    v20 = f64const 0.5\n"
           "    v21 = vconst.i8x16 const0\n"
           "    v22 = vconst.f32x4 [0x1.0p0 -0.0 Inf 1.5]\n"
           "    v23 = shuffle v4, v4, [0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 31]\n"
           "    v24 = shuffle v4, v4, 0x1f\n"
           "    v25 = global_value.i64 gv0\n");
  // iconst immediates are sign-extended from the type's width.
  CHECK(p.d(0).imm64() == -1);
  CHECK(p.d(1).imm64() == -32768);
  CHECK(p.d(2).imm64() == -1);
  CHECK(p.d(3).imm64() == -1);
  CHECK(p.d(4).imm64() == INT64_MIN);
  CHECK(p.d(5).imm64() == 127);
  CHECK(p.type(10) == types::I8);
  CHECK(p.d(6).ieeeBits() == 0xb400);
  CHECK(p.d(7).ieeeBits() == 0x7f800000);
  CHECK(p.d(8).ieeeBits() == 0x7ff8000000000001ull);
  CHECK(p.d(9).ieeeBits() == 0xff800001);
  CHECK(p.d(10).ieeeBits() == 0x3fe0000000000000ull);
  CHECK((p.type(16) == types::F16 && p.type(18) == types::F64));
  CHECK(p.f.name(p.d(11).constant()) == "const0");
  CHECK(p.f.dfg.constants[p.d(12).constant()] ==
        std::vector<uint8_t>{0, 0, 0x80, 0x3f, 0, 0, 0, 0x80, 0, 0, 0x80, 0x7f, 0, 0, 0xc0, 0x3f});
  CHECK(p.type(22) == types::F32X4);
  std::vector<uint8_t> mask{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 31};
  CHECK(p.f.dfg.immediates[p.d(13).shuffleMask()] == mask);
  CHECK((p.args(13) == "v4 v4" && p.type(23) == types::I8X16));
  std::vector<uint8_t> mask2(16, 0);
  mask2[0] = 0x1f;
  CHECK(p.f.dfg.immediates[p.d(14).shuffleMask()] == mask2);
  CHECK((p.f.name(p.d(15).globalValue()) == "gv0" && p.type(25) == types::I64));
}

TEST_CASE("formats: memory", "[parser][inst]") {
  Parsed p("    v10 = load.i32 notrap aligned v1+16\n"
           "    v11 = load.i64 v1-0x8\n"
           "    store notrap aligned v0, v1+4\n"
           "    store.i8 little user5 v6, v1\n"
           "    istore8 readonly can_move checked region3 v0, v1\n"
           "    v12 = atomic_load.i64 big v1\n"
           "    atomic_store.i32 v0, v1\n"
           "    v13 = atomic_rmw.i32 little xchg v1, v0\n"
           "    v14 = atomic_cas.i64 notrap v1, v1, v1\n"
           "    v15 = stack_addr.i64 ss0+12\n"
           "    v16 = stack_addr.i32 ss0\n"
           "    v17 = dynamic_stack_addr.i64 dss0\n"
           "    v18 = dynamic_stack_load.dt0 dss0\n"
           "    dynamic_stack_store v18, dss0\n"
           "    v19 = uload16x4 heap_oob v1\n");
  const DataFlowGraph &dfg = p.f.dfg;
  CHECK((p.args(0) == "v1" && p.d(0).offset() == 16 && p.type(10) == types::I32));
  const MemFlags &m0 = dfg.memFlags(p.is[0]);
  CHECK((m0.notrap() && m0.aligned() && !m0.readonly()));
  CHECK((p.d(1).offset() == -8 && dfg.memFlags(p.is[1]) == MemFlags()));
  CHECK((p.args(2) == "v0 v1" && p.d(2).offset() == 4));
  CHECK(p.d(0).memFlagsRef().index == p.d(2).memFlagsRef().index); // interned once
  const MemFlags &m3 = dfg.memFlags(p.is[3]);
  CHECK((m3.endianness() == Endianness::Little && m3.trapCode() == TrapCode::user(5)));
  CHECK(dfg.ctrlType(p.is[3]) == types::I8);
  const MemFlags &m4 = dfg.memFlags(p.is[4]);
  CHECK((m4.readonly() && m4.canMove() && m4.checked()));
  CHECK(p.f.name(m4.region()) == "region3");
  CHECK((p.type(12) == types::I64 && dfg.memFlags(p.is[5]).endianness() == Endianness::Big));
  CHECK(p.args(6) == "v0 v1");
  CHECK((p.d(7).atomicOp() == AtomicRmwOp::Xchg && p.args(7) == "v1 v0" && p.type(13) == types::I32));
  CHECK((p.args(8) == "v1 v1 v1" && dfg.memFlags(p.is[8]).notrap()));
  CHECK((p.f.name(p.d(9).stackSlot()) == "ss0" && p.d(9).stackOffset() == 12));
  CHECK((p.d(10).stackOffset() == 0 && p.type(16) == types::I32));
  CHECK(p.f.name(p.d(11).dynamicStackSlot()) == "dss0");
  CHECK(p.type(18) == Type(LaneKind::I32, 2, true));
  CHECK((p.f.name(p.d(13).dynamicStackSlot()) == "dss0" && p.args(13) == "v18"));
  CHECK((p.type(19) == types::I32X4 && dfg.memFlags(p.is[14]).trapCode() == TrapCode::heapOutOfBounds()));
}

TEST_CASE("formats: branches", "[parser][inst]") {
  Parsed p("    jump block1(v0, v1)\n"
           "block1(v10: i32, v11: i64):\n"
           "    brif v10, block2, block3(v11)\n"
           "block2:\n"
           "    br_table v10, block3(v1), [block2, block3(v11), block9]\n"
           "block3(v12: i64):\n"
           "    br_table v10, block2, []\n");
  CHECK(p.blockCall(p.d(0).jumpDest()) == "block1(v0, v1)");
  CHECK(p.args(1) == "v10");
  CHECK(p.blockCall(p.d(1).brifThen()) == "block2()");
  CHECK(p.blockCall(p.d(1).brifElse()) == "block3(v11)");
  const JumpTableData &jt = p.f.dfg.jumpTables[p.d(2).jumpTable()];
  REQUIRE(jt.entries.size() == 4);
  CHECK(p.blockCall(jt.defaultBlock()) == "block3(v1)");
  CHECK(p.blockCall(jt.entries[1]) == "block2()");
  CHECK(p.blockCall(jt.entries[2]) == "block3(v11)");
  CHECK(p.blockCall(jt.entries[3]) == "block9()");
  CHECK(p.f.dfg.jumpTables[p.d(3).jumpTable()].entries.size() == 1);
  CHECK(p.args(2) == "v10");
}

TEST_CASE("formats: calls, stack maps, try_call", "[parser][inst]") {
  Parsed p("    v10, v11 = call fn0(v1)\n"
           "    v12, v13 = call_indirect sig0, v1(v1), stack_map=[i32 @ ss0+0, f64x2 @ ss0 + 4]\n"
           "    v14 = func_addr.i64 fn0\n"
           "    v15, v16 = call fn0(v1), stack_map=[]\n"
           "    try_call fn0(v1), sig0, block1(ret0, v2), [ tag1: block2(exn0), default: "
           "block3(v2, exn1), context v0 ]\n"
           "block1(v20: i32, v21: f32):\n"
           "    try_call_indirect v14(v1), sig0, block2(ret1), []\n"
           "block2(v22: i64):\n"
           "    return_call fn0(v1)\n"
           "block3(v23: f32, v24: i64):\n"
           "    return_call_indirect sig0, v14(v1)\n");
  CHECK(p.f.name(p.d(0).funcRef()) == "fn0");
  CHECK(p.args(0) == "v1");
  CHECK((p.type(10) == types::I32 && p.type(11) == types::F64));
  CHECK(p.f.name(p.d(1).sigRef()) == "sig0");
  CHECK(p.args(1) == "v1 v1"); // callee, then the argument
  CHECK(names(p.f, p.f.dfg.varArgs(p.is[1])) == "v1");
  REQUIRE(p.f.userStackMaps.count(p.is[1].index()) == 1);
  const std::vector<UserStackMapEntry> &map = p.f.userStackMaps.at(p.is[1].index());
  REQUIRE(map.size() == 2);
  CHECK((map[0].type == types::I32 && p.f.name(map[0].slot) == "ss0" && map[0].offset == 0));
  CHECK((map[1].type == types::F64X2 && map[1].offset == 4));
  CHECK(p.f.userStackMaps.count(p.is[0].index()) == 0);
  CHECK(p.f.userStackMaps.count(p.is[3].index()) == 0);
  CHECK(p.type(14) == types::I64);

  const InstData &tc = p.d(4);
  CHECK(p.f.name(tc.funcRef()) == "fn0");
  CHECK(p.args(4) == "v1");
  CHECK(p.results(4).empty());
  const ExceptionTableData &et = p.f.dfg.exceptionTables[tc.exceptionTable()];
  CHECK(p.f.name(et.signature) == "sig0");
  CHECK(p.blockCall(et.normalReturn) == "block1(ret0, v2)");
  REQUIRE(et.items.size() == 3);
  CHECK((et.items[0].kind == ExceptionTableItem::Kind::Tag && et.items[0].tag == 1));
  CHECK(p.blockCall(et.items[0].handler) == "block2(exn0)");
  CHECK(et.items[1].kind == ExceptionTableItem::Kind::Default);
  CHECK(p.blockCall(et.items[1].handler) == "block3(v2, exn1)");
  CHECK((et.items[2].kind == ExceptionTableItem::Kind::Context && p.f.name(et.items[2].context) == "v0"));
  CHECK(p.f.dfg.branchDestinations(p.is[4]).size() == 3);

  const InstData &tci = p.d(5);
  CHECK(p.args(5) == "v14 v1");
  const ExceptionTableData &et2 = p.f.dfg.exceptionTables[tci.exceptionTable()];
  CHECK(p.blockCall(et2.normalReturn) == "block2(ret1)");
  CHECK(et2.items.empty());
  CHECK((p.d(6).opcode == Opcode::ReturnCall && p.results(6).empty()));
  CHECK((p.d(7).opcode == Opcode::ReturnCallIndirect && p.args(7) == "v14 v1"));
}

TEST_CASE("formats: traps, returns, nullary, handler address", "[parser][inst]") {
  Parsed p("    trapz v0, int_divz\n"
           "    trapnz v6, user42\n"
           "    v10 = uadd_overflow_trap v0, v0, heap_oob\n"
           "    v11 = get_exception_handler_address.i64 block1, -1\n"
           "    v12 = get_frame_pointer.i64\n"
           "    fence\n"
           "    return v0, v1\n"
           "block1:\n"
           "    return\n"
           "block2:\n"
           "    trap stk_ovf\n");
  CHECK((p.d(0).trapCode() == TrapCode::integerDivisionByZero() && p.args(0) == "v0"));
  CHECK(p.d(1).trapCode() == TrapCode::user(42));
  CHECK((p.d(2).trapCode() == TrapCode::heapOutOfBounds() && p.type(10) == types::I32));
  CHECK((p.f.name(p.d(3).block()) == "block1" && p.d(3).imm64() == -1));
  CHECK(p.type(12) == types::I64);
  CHECK(p.d(5).opcode == Opcode::Fence);
  CHECK(p.args(6) == "v0 v1");
  CHECK(p.args(7).empty());
  CHECK(p.d(8).trapCode() == TrapCode::stackOverflow());
}

TEST_CASE("a return without values ends at the line", "[parser][inst]") {
  // The value on the next line starts the next statement (the verifier reports the
  // misplaced terminator).
  Parsed p("    return\n"
           "    v10 = iconst.i32 1\n");
  CHECK(p.args(0).empty());
  CHECK(p.d(1).opcode == Opcode::Iconst);
}

TEST_CASE("every opcode parses by its format", "[parser][inst]") {
  auto suffixFor = [](const OpcodeInfo &info) -> std::string {
    if (info.typeVar == TypeVar::None)
      return "";
    const Type candidates[] = {types::I32,   types::I64,   types::I8,    types::I128,
                               types::F32,   types::F64,   types::I32X4, types::F32X4,
                               types::I16X8, types::I64X2, types::I8X16, types::F64X2,
                               Type(LaneKind::I32, 2, true)};
    for (Type t : candidates)
      if (typeSetContains(info.ctrlSet, t))
        return "." + t.name();
    return ".none";
  };
  auto operandsFor = [](Opcode op, const OpcodeInfo &info) -> std::string {
    switch (info.format) {
    case Format::NullAry:
      return "";
    case Format::Unary:
      return "v0";
    case Format::UnaryImm:
      return "7";
    case Format::UnaryIeee16:
    case Format::UnaryIeee32:
    case Format::UnaryIeee64:
      return "0x1.0p0";
    case Format::UnaryConst:
      return op == Opcode::F128const ? "0x1.0p0" : "const0";
    case Format::UnaryGlobalValue:
      return "gv0";
    case Format::Binary:
      return "v0, v0";
    case Format::BinaryImm8:
      return "v0, 1";
    case Format::Ternary:
      return "v0, v0, v0";
    case Format::TernaryImm8:
      return "v0, v0, 1";
    case Format::Shuffle:
      return "v0, v0, 0x00";
    case Format::IntCompare:
      return "eq v0, v0";
    case Format::FloatCompare:
      return "uno v0, v0";
    case Format::Jump:
      return "block1(v0)";
    case Format::Brif:
      return "v0, block1, block1(v0)";
    case Format::BranchTable:
      return "v0, block1, [block1, block1(v0)]";
    case Format::Call:
      return "fn0(v1)";
    case Format::CallIndirect:
      return "sig0, v1(v1)";
    case Format::FuncAddr:
      return "fn0";
    case Format::TryCall:
      return "fn0(v1), sig0, block1(ret0), [tag1: block1(exn0), default: block1, context v1]";
    case Format::TryCallIndirect:
      return "v1(v1), sig0, block1, []";
    case Format::MultiAry:
      return "v0, v1";
    case Format::Load:
      return "notrap aligned v1+8";
    case Format::LoadNoOffset:
      return "little v1";
    case Format::Store:
      return "notrap v0, v1-4";
    case Format::StoreNoOffset:
      return "v0, v1";
    case Format::AtomicRmw:
      return "little xchg v1, v0";
    case Format::AtomicCas:
      return "v1, v0, v0";
    case Format::StackLoad:
      return "ss0+4";
    case Format::DynamicStackLoad:
      return "dss0";
    case Format::DynamicStackStore:
      return "v0, dss0";
    case Format::Trap:
      return "user3";
    case Format::CondTrap:
      return "v0, int_divz";
    case Format::IntAddTrap:
      return "v0, v0, heap_oob";
    case Format::ExceptionHandlerAddress:
      return "block1, 0";
    }
    return "?";
  };
  std::string body;
  uint32_t next = 100;
  for (unsigned k = 0; k < kNumOpcodes; ++k) {
    Opcode op = static_cast<Opcode>(k);
    const OpcodeInfo &info = opcodeInfo(op);
    unsigned results = info.numResults;
    if ((info.format == Format::Call || info.format == Format::CallIndirect) && !info.isReturn())
      results = 2; // sig0 returns i32, f64
    if (info.format == Format::TryCall || info.format == Format::TryCallIndirect)
      results = 0;
    std::string line = "    ";
    for (unsigned r = 0; r < results; ++r)
      line += (r ? ", v" : "v") + std::to_string(next++);
    if (results)
      line += " = ";
    line += std::string(info.name) + suffixFor(info) + " " + operandsFor(op, info) + "\n";
    body += line;
  }
  body += "block1:\n    return\n";
  Parsed p(body);
  REQUIRE(p.is.size() == kNumOpcodes + 1);
  for (unsigned k = 0; k < kNumOpcodes; ++k) {
    INFO(opcodeName(static_cast<Opcode>(k)));
    const InstData &d = p.d(k);
    CHECK(d.opcode == static_cast<Opcode>(k));
    const FormatInfo &fmt = formatInfo(d.format());
    CHECK(p.f.dfg.fixedArgs(p.is[k]).size() == fmt.fixedValues);
    for (Value r : p.f.dfg.results(p.is[k]))
      CHECK(p.f.dfg.valueType(r).isValid());
  }
}
