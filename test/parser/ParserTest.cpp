// Parser: header lines, function headers and signatures, the preamble, blocks, values,
// aliases, type inference for operands defined later, comments, numbering, positions.
// Instructions by format are in ParserInstTest.cpp, errors in ParserErrorTest.cpp.
#include "ParserTestUtil.h"

#include <algorithm>
#include <chrono>
#include <iostream>
#include <ctime>

using namespace irc;
using namespace irc::ir;
using namespace irc::parser;
using namespace irc::parser::test;

TEST_CASE("header lines: test, set, target, feature, in order", "[parser]") {
  TestFile file = parseOk("; header comment\n"
                          "test compile precise-output\n"
                          "test run\n"
                          "set opt_level=speed enable_verifier\n"
                          "target x86_64 has_avx=true sse42\n"
                          "set unwind_info=false ; trailing\n"
                          "target s390x\n"
                          "feature \"foo\"\n"
                          "feature !\"bar\"\n"
                          "function %f() {}\n");
  REQUIRE(file.commands.size() == 2);
  CHECK(file.commands[0].name == "compile");
  CHECK(file.commands[0].options == std::vector<std::string>{"precise-output"});
  CHECK(locText(file.commands[0].loc) == "2:1");
  CHECK(file.commands[1].name == "run");
  CHECK(file.commands[1].options.empty());

  REQUIRE(file.settings.size() == 3);
  CHECK((file.settings[0].name == "opt_level" && file.settings[0].value == "speed"));
  CHECK(locText(file.settings[0].loc) == "4:5");
  CHECK((file.settings[1].name == "enable_verifier" && file.settings[1].value.empty()));
  CHECK(locText(file.settings[1].loc) == "4:21");
  CHECK((file.settings[2].name == "unwind_info" && file.settings[2].value == "false"));

  REQUIRE(file.targets.size() == 2);
  CHECK(file.targets[0].isa == "x86_64");
  REQUIRE(file.targets[0].isaFlags.size() == 2);
  CHECK((file.targets[0].isaFlags[0].name == "has_avx" && file.targets[0].isaFlags[0].value == "true"));
  CHECK((file.targets[0].isaFlags[1].name == "sse42" && file.targets[0].isaFlags[1].value.empty()));
  CHECK(locText(file.targets[0].isaFlags[1].loc) == "5:28");
  CHECK(file.targets[0].settings.size() == 2); // the sets above it
  CHECK(file.targets[1].isa == "s390x");
  CHECK(file.targets[1].settings.size() == 3);
  CHECK(file.targets[1].settings[2].name == "unwind_info");

  REQUIRE(file.features.size() == 2);
  CHECK((file.features[0].name == "foo" && file.features[0].enabled));
  CHECK((file.features[1].name == "bar" && !file.features[1].enabled));

  using K = HeaderLine::Kind;
  REQUIRE(file.headerLines.size() == 8);
  std::vector<std::pair<K, uint32_t>> order;
  for (const HeaderLine &h : file.headerLines)
    order.emplace_back(h.kind, h.index);
  CHECK(order == std::vector<std::pair<K, uint32_t>>{{K::Test, 0},   {K::Test, 1},
                                                     {K::Set, 0},    {K::Target, 0},
                                                     {K::Set, 2},    {K::Target, 1},
                                                     {K::Feature, 0}, {K::Feature, 1}});
  CHECK(file.headerLines[2].count == 2);
  CHECK(file.headerLines[4].count == 1);

  REQUIRE(file.headerComments.size() == 2);
  CHECK(file.headerComments[0].text == " header comment");
  CHECK(locText(file.headerComments[0].loc) == "1:1");
  CHECK(file.headerComments[1].text == " trailing");
  REQUIRE(file.functions.size() == 1);
}

TEST_CASE("an empty file and a file with only a header parse", "[parser]") {
  CHECK(parseOk("").functions.empty());
  CHECK(parseOk("test verifier\n").commands.size() == 1);
}

TEST_CASE("function headers: names, parameters, returns, calling conventions", "[parser]") {
  TestFile file = parseOk(
      "function %function() {}\n"
      "function u0:12(i32 uext, i64 sext, i64 vmctx, i32 sret, i64 sarg(16), i64 stack_limit)"
      " -> i8 uext, f64 system_v {\n}\n"
      "function %t(f32x4, i8x16) -> i32, i64 tail {}\n"
      "function %m(\n  i64,\n  i32\n) preserve_all {}\n");
  REQUIRE(file.functions.size() == 4);
  const Function &f0 = *file.functions[0].function;
  CHECK(f0.externalName.text() == "%function");
  CHECK(f0.signature.callConv == CallConv::Fast);
  CHECK(f0.signature.params.empty());
  CHECK(f0.layout.numBlocks() == 0);
  CHECK(locText(f0.positions.function) == "1:1");
  CHECK(file.functions[0].beginOffset == 0);
  CHECK(file.functions[0].endOffset == 23); // one past the '}'

  const Function &f1 = *file.functions[1].function;
  CHECK(f1.externalName.kind == ExternalName::Kind::User);
  CHECK((f1.externalName.ns == 0 && f1.externalName.index == 12));
  CHECK(signatureText(f1.signature) ==
        "(i32 uext, i64 sext, i64 vmctx, i32 sret, i64 sarg(16), i64 stack_limit) -> i8 uext, "
        "f64 system_v");
  CHECK(f1.signature.params[4].structSize == 16);
  CHECK(locText(file.functions[1].loc) == "2:1");

  CHECK(signatureText(file.functions[2].function->signature) == "(f32x4, i8x16) -> i32, i64 tail");
  CHECK(signatureText(file.functions[3].function->signature) == "(i64, i32) preserve_all");
}

TEST_CASE("preamble: stack slots, global values, regions, stack limit", "[parser]") {
  TestFile file = parseOk("function %p(i64 vmctx) {\n"
                          "    ss10 = explicit_slot 8\n"
                          "    ss2 = explicit_slot 0xffffffff, align = 16, key = 7\n"
                          "    gv0 = iadd_imm.i64 gv1, -32\n"
                          "    gv1 = load.i32 notrap aligned readonly gv2-72\n"
                          "    gv2 = vmctx\n"
                          "    gv3 = symbol colocated tls %sym+8\n"
                          "    gv4 = symbol u1:2\n"
                          "    gv5 = dyn_scale_target_const.i32x4\n"
                          "    dt0 = i32x4*gv5\n"
                          "    dss3 = explicit_dynamic_slot dt0\n"
                          "    region4 = 36 \"heap\"\n"
                          "    stack_limit = gv2\n"
                          "}\n");
  const Function &f = *file.functions[0].function;
  REQUIRE(f.stackSlots.size() == 2);
  CHECK(f.name(StackSlot(0)) == "ss10");
  CHECK(f.stackSlots[StackSlot(0)].size == 8);
  CHECK(f.stackSlots[StackSlot(0)].alignShift == 0);
  CHECK(!f.stackSlots[StackSlot(0)].key);
  CHECK(f.name(StackSlot(1)) == "ss2");
  CHECK(f.stackSlots[StackSlot(1)].size == 0xffffffffu);
  CHECK(f.stackSlots[StackSlot(1)].alignShift == 4);
  CHECK(f.stackSlots[StackSlot(1)].key == 7u);
  CHECK(locText(f.positions.stackSlots[StackSlot(1)]) == "3:5");

  // gv0 names gv1 before its declaration: gv1 is entity 1, created by that reference.
  REQUIRE(f.globalValues.size() == 6);
  const GlobalValueData &gv0 = f.globalValues[GlobalValue(0)];
  CHECK(gv0.kind == GlobalValueData::Kind::IAddImm);
  CHECK(f.name(gv0.base) == "gv1");
  CHECK(gv0.offset == -32);
  CHECK(gv0.type == types::I64);
  const GlobalValueData &gv1 = f.globalValues[gv0.base];
  CHECK(gv1.kind == GlobalValueData::Kind::Load);
  CHECK(gv1.type == types::I32);
  CHECK((gv1.flags.notrap() && gv1.flags.aligned() && gv1.flags.readonly()));
  CHECK(gv1.offset == -72);
  CHECK(f.name(gv1.base) == "gv2");
  CHECK(f.globalValues[gv1.base].kind == GlobalValueData::Kind::VMContext);
  CHECK(locText(f.positions.globalValues[gv0.base]) == "5:5");
  const GlobalValueData &gv3 = f.globalValues[GlobalValue(3)];
  CHECK(gv3.kind == GlobalValueData::Kind::Symbol);
  CHECK((gv3.colocated && gv3.tls));
  CHECK(gv3.name.text() == "%sym");
  CHECK(gv3.offset == 8);
  CHECK(f.globalValues[GlobalValue(4)].name.text() == "u1:2");
  CHECK(f.globalValues[GlobalValue(5)].kind == GlobalValueData::Kind::DynScaleTargetConst);
  CHECK(f.globalValues[GlobalValue(5)].type == types::I32X4);

  REQUIRE(f.dynamicTypes.size() == 1);
  CHECK(f.dynamicTypes[DynamicType(0)].baseVector == types::I32X4);
  CHECK(f.name(f.dynamicTypes[DynamicType(0)].scale) == "gv5");
  REQUIRE(f.dynamicStackSlots.size() == 1);
  CHECK(f.name(DynamicStackSlot(0)) == "dss3");
  CHECK(f.name(f.dynamicStackSlots[DynamicStackSlot(0)].dynType) == "dt0");

  REQUIRE(f.aliasRegions.size() == 1);
  CHECK(f.name(AliasRegion(0)) == "region4");
  CHECK(f.aliasRegions[AliasRegion(0)].userId == 36);
  CHECK(f.aliasRegions[AliasRegion(0)].name == "heap");
  CHECK(f.aliasRegions[AliasRegion(0)].declared);
  CHECK(locText(f.positions.aliasRegions[AliasRegion(0)]) == "12:5");

  REQUIRE(f.stackLimit);
  CHECK(f.name(*f.stackLimit) == "gv2");
}

TEST_CASE("preamble: signatures, external functions, implicit signatures", "[parser]") {
  TestFile file = parseOk("function %s() {\n"
                          "    sig10 = ()\n"
                          "    fn8 = colocated patchable %bar(i32) -> i8 system_v\n"
                          "    sig11 = (i32, f64) -> i32, i8 tail\n"
                          "    fn5 = %foo sig11\n"
                          "    fn6 = u3:4 sig10\n"
                          "    fn7 = %baz(i64)\n"
                          "block0:\n"
                          "    call_indirect sig13, v0()\n"
                          "    v0 = iconst.i64 0\n"
                          "    return\n"
                          "}\n");
  const Function &f = *file.functions[0].function;
  // Explicit sig10 and sig11; fn8's and fn7's signatures come after them: sig12, sig13.
  REQUIRE(f.dfg.signatures.size() == 4);
  CHECK(f.name(SigRef(0)) == "sig10");
  CHECK(f.name(SigRef(1)) == "sig12");
  CHECK(f.name(SigRef(2)) == "sig11");
  CHECK(f.name(SigRef(3)) == "sig13");
  CHECK(signatureText(f.dfg.signatures[SigRef(0)]) == "() fast");
  CHECK(signatureText(f.dfg.signatures[SigRef(1)]) == "(i32) -> i8 system_v");
  CHECK(signatureText(f.dfg.signatures[SigRef(2)]) == "(i32, f64) -> i32, i8 tail");
  CHECK(locText(f.positions.signatures[SigRef(1)]) == "3:35");

  REQUIRE(f.dfg.extFuncs.size() == 4);
  const ExtFuncData &fn8 = f.dfg.extFuncs[FuncRef(0)];
  CHECK(f.name(FuncRef(0)) == "fn8");
  CHECK((fn8.colocated && fn8.patchable));
  CHECK(fn8.name.text() == "%bar");
  CHECK(f.name(fn8.signature) == "sig12");
  CHECK(f.name(f.dfg.extFuncs[FuncRef(1)].signature) == "sig11");
  CHECK(f.dfg.extFuncs[FuncRef(2)].name.text() == "u3:4");
  CHECK(!f.dfg.extFuncs[FuncRef(1)].colocated);
  CHECK(locText(f.positions.extFuncs[FuncRef(1)]) == "5:5");

  // The body names an implicit signature by its number.
  Inst call = insts(f)[0];
  CHECK(f.name(f.dfg.inst(call).sigRef()) == "sig13");
}

TEST_CASE("preamble: constants", "[parser]") {
  TestFile file = parseOk("function %c() {\n"
                          "    const3 = 0x0102030405\n"
                          "    const1 = i32x4 [1 2 -1 0x10]\n"
                          "    const0 = [1 255 -1]\n"
                          "    const2 = i8x16 0x01\n"
                          "}\n");
  const Function &f = *file.functions[0].function;
  REQUIRE(f.dfg.constants.size() == 4);
  CHECK(f.name(Constant(0)) == "const3");
  CHECK(f.dfg.constants[Constant(0)] == std::vector<uint8_t>{5, 4, 3, 2, 1});
  CHECK(f.dfg.constants[Constant(1)] ==
        std::vector<uint8_t>{1, 0, 0, 0, 2, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x10, 0, 0, 0});
  CHECK(f.dfg.constants[Constant(2)] == std::vector<uint8_t>{1, 255, 255});
  std::vector<uint8_t> one(16, 0);
  one[0] = 1;
  CHECK(f.dfg.constants[Constant(3)] == one);
  CHECK(locText(f.positions.constants[Constant(1)]) == "3:5");
}

TEST_CASE("blocks: parameters, cold, empty parentheses, numbers", "[parser]") {
  TestFile file = parseOk("function %b(i32, f64) {\n"
                          "block7(v90: i32, v1:f64):\n"
                          "    jump block2()\n"
                          "block2() cold:\n"
                          "    jump block3\n"
                          "block3 cold:\n"
                          "    return\n"
                          "}\n");
  const Function &f = *file.functions[0].function;
  std::vector<std::string> order;
  for (Block b : f.layout.blocks())
    order.push_back(f.name(b));
  CHECK(order == std::vector<std::string>{"block7", "block2", "block3"});
  Block b7 = blockNumbered(f, 7);
  CHECK(names(f, f.dfg.blockParams(b7)) == "v90 v1");
  CHECK(f.dfg.valueType(valueNumbered(f, 90)) == types::I32);
  CHECK(f.dfg.valueType(valueNumbered(f, 1)) == types::F64);
  CHECK(f.dfg.valueData(valueNumbered(f, 1)).kind == ValueKind::Param);
  CHECK(f.dfg.valueData(valueNumbered(f, 1)).num == 1);
  CHECK(!f.dfg.isCold(b7));
  CHECK(f.dfg.isCold(blockNumbered(f, 2)));
  CHECK(f.dfg.isCold(blockNumbered(f, 3)));
  CHECK(f.dfg.blockParams(blockNumbered(f, 2)).empty());
  CHECK(locText(f.positions.blocks[blockNumbered(f, 2)]) == "4:1");
}

TEST_CASE("values: results keep their numbers, aliases resolve", "[parser]") {
  TestFile file = parseOk("function %a(i32, i32) -> i32 {\n"
                          "block0(v0: i32, v1: i32):\n"
                          "    v2 -> v0\n"
                          "    v2 -> v0\n"
                          "    v5 -> v4\n"
                          "    v4 -> v3\n"
                          "    v3 = iadd v2, v1\n"
                          "    v1000, v7 = isplit.i64 v8\n"
                          "    v8 = iconcat v3, v3\n"
                          "    return v5\n"
                          "}\n");
  const Function &f = *file.functions[0].function;
  Value v2 = valueNumbered(f, 2), v5 = valueNumbered(f, 5), v3 = valueNumbered(f, 3);
  CHECK(f.dfg.valueData(v2).kind == ValueKind::Alias);
  CHECK(f.dfg.resolveAliases(v2) == valueNumbered(f, 0));
  CHECK(f.dfg.valueType(v2) == types::I32);
  // v5 -> v4 -> v3, all declared before v3 is defined: types arrive through the worklist.
  CHECK(f.dfg.resolveAliases(v5) == v3);
  CHECK(f.dfg.valueType(v5) == types::I32);
  CHECK(f.dfg.valueType(valueNumbered(f, 4)) == types::I32);
  // isplit takes i64 from its suffix; iconcat.i32 -> i64 from v3.
  std::vector<Inst> is = insts(f);
  REQUIRE(is.size() == 4);
  CHECK(names(f, f.dfg.results(is[1])) == "v1000 v7");
  CHECK(f.dfg.valueType(valueNumbered(f, 1000)) == types::I32);
  CHECK(f.dfg.valueData(valueNumbered(f, 7)).num == 1);
  CHECK(f.dfg.valueType(valueNumbered(f, 8)) == types::I64);
  CHECK(names(f, f.dfg.instArgs(is[0])) == "v2 v1");
  CHECK(names(f, f.dfg.instArgs(is[3])) == "v5");
}

TEST_CASE("type inference waits for operands defined later", "[parser]") {
  TestFile file = parseOk("function %late() -> i64 {\n"
                          "block0:\n"
                          "    jump block2\n"
                          "block1:\n"
                          "    v3 = iadd v2, v2\n"
                          "    v4 = icmp eq v3, v2\n"
                          "    v5 = select v4, v3, v3\n"
                          "    v6 = ireduce.i32 v5\n"
                          "    return v5\n"
                          "block2:\n"
                          "    v1 = iconst.i64 1\n"
                          "    v2 = iadd v1, v1\n"
                          "    jump block1\n"
                          "}\n");
  const Function &f = *file.functions[0].function;
  CHECK(f.dfg.valueType(valueNumbered(f, 3)) == types::I64);
  CHECK(f.dfg.valueType(valueNumbered(f, 4)) == types::I8);
  CHECK(f.dfg.valueType(valueNumbered(f, 5)) == types::I64);
  CHECK(f.dfg.valueType(valueNumbered(f, 6)) == types::I32);
  Inst icmp = insts(f)[2];
  CHECK(f.dfg.ctrlType(icmp) == types::I64);
}

TEST_CASE("type inference over a 100k-long reversed chain uses no recursion", "[parser]") {
  // v1 = iadd v2, v2; v2 = iadd v3, v3; ...; the last one is defined in a later block.
  const int n = 100000;
  std::string text = "function %chain() -> i32 {\nblock0:\n    jump block2\nblock1:\n";
  for (int i = 1; i < n; ++i)
    text += "    v" + std::to_string(i) + " = iadd v" + std::to_string(i + 1) + ", v" +
            std::to_string(i + 1) + "\n";
  text += "    return v1\nblock2:\n    v" + std::to_string(n) + " = iconst.i32 1\n    jump block1\n}\n";
  TestFile file = parseOk(text);
  const Function &f = *file.functions[0].function;
  CHECK(f.dfg.numInsts() == uint32_t(n + 3));
  for (uint32_t i = 0; i < f.dfg.numValues(); ++i)
    REQUIRE(f.dfg.valueType(Value(i)) == types::I32);
}

TEST_CASE("references to blocks and regions that are never defined", "[parser]") {
  TestFile file = parseOk("function %r(i32, i64) {\n"
                          "block0(v0: i32, v1: i64):\n"
                          "    v2 = load.i32 notrap region7 v1\n"
                          "    v3 = get_exception_handler_address.i64 block17, 0\n"
                          "    br_table v0, block2, [block0, block3(v0)]\n"
                          "}\n");
  const Function &f = *file.functions[0].function;
  // block2, block17 and block3 exist as entities but not in the layout.
  CHECK(f.layout.numBlocks() == 1);
  CHECK(f.dfg.numBlocks() == 4);
  CHECK(!f.layout.isBlockInserted(blockNumbered(f, 17)));
  CHECK(!f.layout.isBlockInserted(blockNumbered(f, 3)));
  REQUIRE(f.aliasRegions.size() == 1);
  CHECK(f.name(AliasRegion(0)) == "region7");
  CHECK(!f.aliasRegions[AliasRegion(0)].declared);
  CHECK(f.dfg.memFlags(insts(f)[0]).region() == AliasRegion(0));
}

TEST_CASE("instruction positions, source locations and debug tags", "[parser]") {
  TestFile file = parseOk("function %d() {\n"
                          "    ss0 = explicit_slot 4\n"
                          "    fn0 = %g()\n"
                          "block0:\n"
                          "    @0019 v1 = iconst.i32 1\n"
                          "    <0, 1> @a call fn0()\n"
                          "    @00ff <ss0, 7, 0> sequence_point\n"
                          "    <> nop\n"
                          "    return\n"
                          "}\n");
  const Function &f = *file.functions[0].function;
  std::vector<Inst> is = insts(f);
  REQUIRE(is.size() == 5);
  CHECK(locText(f.positions.insts[is[0]]) == "5:11");
  CHECK(locText(f.positions.insts[is[1]]) == "6:15");
  CHECK(locText(f.positions.insts[is[4]]) == "9:5");
  CHECK(f.srcLocs[is[0]] == 0x19u);
  CHECK(f.srcLocs[is[1]] == 0xau);
  CHECK(f.srcLocs[is[2]] == 0xffu);
  CHECK(!f.srcLocs[is[4]]);
  REQUIRE(f.debugTags.count(is[1].index()) == 1);
  const std::vector<DebugTag> &t1 = f.debugTags.at(is[1].index());
  REQUIRE(t1.size() == 2);
  CHECK((t1[0].kind == DebugTag::Kind::User && t1[0].value == 0));
  CHECK((t1[1].kind == DebugTag::Kind::User && t1[1].value == 1));
  const std::vector<DebugTag> &t2 = f.debugTags.at(is[2].index());
  REQUIRE(t2.size() == 3);
  CHECK((t2[0].kind == DebugTag::Kind::StackSlot && t2[0].value == 0));
  CHECK((t2[1].value == 7 && t2[2].value == 0));
  CHECK(f.debugTags.count(is[3].index()) == 0);
}

TEST_CASE("comments go to the function they follow", "[parser]") {
  const char *text = "; file\n"
                     "function %a() { ; decl\n"
                     "block0: ; block\n"
                     "    return ; inst\n"
                     "}\n"
                     "; run: %a()\n"
                     "function %b() {\n"
                     "}\n"
                     "; after b\n";
  TestFile file = parseOk(text);
  REQUIRE(file.headerComments.size() == 1);
  REQUIRE(file.functions.size() == 2);
  std::vector<std::string> a;
  for (const Comment &c : file.functions[0].comments)
    a.push_back(c.text);
  CHECK(a == std::vector<std::string>{" decl", " block", " inst", " run: %a()"});
  REQUIRE(file.functions[1].comments.size() == 1);
  CHECK(file.functions[1].comments[0].text == " after b");
  CHECK(locText(file.functions[1].comments[0].loc) == "9:1");

  ParseOptions quiet;
  quiet.keepComments = false;
  TestFile bare = parseOk(text, quiet);
  CHECK(bare.headerComments.empty());
  CHECK(bare.functions[0].comments.empty());
}

TEST_CASE("constants made by vconst are shared and numbered after declared ones", "[parser]") {
  TestFile file = parseOk("function %v() {\n"
                          "    const4 = 0x00000004000000030000000200000001\n"
                          "block0:\n"
                          "    v0 = vconst.i32x4 [1 2 3 4]\n"
                          "    v1 = vconst.i32x4 [5 6 7 8]\n"
                          "    v2 = vconst.i64x2 0x0000000800000007_0000000600000005\n"
                          "    v3 = vconst.i32x4 const4\n"
                          "    v4 = f128const 0x1.0p0\n"
                          "    return\n"
                          "}\n");
  const Function &f = *file.functions[0].function;
  std::vector<Inst> is = insts(f);
  CHECK(f.dfg.inst(is[0]).constant() == Constant(0)); // same bytes as const4
  CHECK(f.dfg.inst(is[3]).constant() == Constant(0));
  Constant c1 = f.dfg.inst(is[1]).constant();
  CHECK(c1 == Constant(1));
  CHECK(f.dfg.inst(is[2]).constant() == c1);
  CHECK(f.name(c1) == "const5");
  Constant c2 = f.dfg.inst(is[4]).constant();
  CHECK(f.name(c2) == "const6");
  std::vector<uint8_t> f128one(16, 0);
  f128one[15] = 0x3f;
  f128one[14] = 0xff;
  CHECK(f.dfg.constants[c2] == f128one);
  CHECK(f.dfg.valueType(valueNumbered(f, 4)) == types::F128);
}

TEST_CASE("a 100k-instruction function parses quickly", "[parser][perf]") {
  std::string text = "function %big(i32) -> i32 {\nblock0(v0: i32):\n";
  for (int i = 1; i <= 100000; ++i)
    text += "    v" + std::to_string(i) + " = iadd v" + std::to_string(i - 1) + ", v0\n";
  text += "    return v100000\n}\n";
  auto cpuMs = [] {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
  };
  double best = 1e9;
  for (int k = 0; k < 3; ++k) {
    double t0 = cpuMs();
    auto r = parseTestFile(text);
    double t1 = cpuMs();
    REQUIRE(r);
    CHECK(r->functions[0].function->dfg.numInsts() == 100001);
    best = std::min(best, t1 - t0);
  }
  std::cout << "parser: 100k instructions in " << best << " ms of CPU time\n";
#if defined(NDEBUG) && !defined(__SANITIZE_ADDRESS__)
  // Linear time; the bound is loose so a loaded machine does not make it flaky.
  CHECK(best < 300);
#endif
}
