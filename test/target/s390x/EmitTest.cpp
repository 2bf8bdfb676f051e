// Tests of lib/target/s390x: every Insts.def form against llvm-mc's bytes and objdump's text
// (EmitTestData.inc), and the operand visitor, printer, payload ownership, frame areas,
// traps, call records and register tables.
#include "EmitTestRows.h"

#include "codegen/mach/MachBuffer.h"
#include "target/s390x/MInst.h"
#include "target/s390x/Regs.h"

#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <string>
#include <vector>

using namespace irc;
using namespace irc::s390x;
using irc::s390x::test::Row;

namespace {

Reg v(uint32_t index, RegClass cls = RegClass::Int) { return Reg(mach::VReg(index, cls)); }
Reg p(PReg r) { return Reg(r); }

std::string regText(Reg r) {
  if (r.isPhysical())
    return std::string(regInfo(r.preg()).name);
  return "v" + std::to_string(r.vreg().index());
}

/// Records the operands a visitor sees, one string each.
struct Recorder {
  std::vector<std::string> ops;
  void use(Reg &r) { ops.push_back("use " + regText(r)); }
  void lateUse(Reg &r) { ops.push_back("lateUse " + regText(r)); }
  void def(Reg &r) { ops.push_back("def " + regText(r)); }
  void earlyDef(Reg &r) { ops.push_back("earlyDef " + regText(r)); }
  void fixedUse(Reg &r, PReg pr) { ops.push_back("fixedUse " + regText(r) + " " + regText(Reg(pr))); }
  void fixedLateUse(Reg &r, PReg pr) {
    ops.push_back("fixedLateUse " + regText(r) + " " + regText(Reg(pr)));
  }
  void fixedDef(Reg &r, PReg pr) { ops.push_back("fixedDef " + regText(r) + " " + regText(Reg(pr))); }
  void fixedEarlyDef(Reg &r, PReg pr) {
    ops.push_back("fixedEarlyDef " + regText(r) + " " + regText(Reg(pr)));
  }
  void reuseDef(Reg &r, unsigned idx) {
    ops.push_back("reuseDef " + regText(r) + " " + std::to_string(idx));
  }
  void clobbers(const mach::PRegSet &s) {
    std::string names;
    s.forEach([&](PReg r) { names += (names.empty() ? "" : ",") + std::string(regInfo(r).name); });
    ops.push_back("clobbers " + names);
  }
};

std::string operandsOf(MInst inst) {
  Recorder rec;
  inst.visitOperands(rec);
  std::string s;
  for (const std::string &o : rec.ops)
    s += (s.empty() ? "" : ", ") + o;
  return s;
}

/// Rewrites virtual registers to physical ones (as the allocation applier does).
struct Applier {
  std::map<uint32_t, PReg> alloc;
  void set(Reg &r) { r = Reg(alloc.at(r.vreg().index())); }
  void use(Reg &r) { set(r); }
  void lateUse(Reg &r) { set(r); }
  void def(Reg &r) { set(r); }
  void earlyDef(Reg &r) { set(r); }
  void fixedUse(Reg &r, PReg pr) { r = Reg(pr); }
  void fixedLateUse(Reg &r, PReg pr) { r = Reg(pr); }
  void fixedDef(Reg &r, PReg pr) { r = Reg(pr); }
  void fixedEarlyDef(Reg &r, PReg pr) { r = Reg(pr); }
  void reuseDef(Reg &r, unsigned) { set(r); }
  void clobbers(const mach::PRegSet &) {}
};
static_assert(mach::OperandVisitor<Recorder> && mach::OperandVisitor<Applier>);

std::string hexOf(const std::vector<uint8_t> &bytes) {
  std::string s;
  char two[3];
  for (uint8_t b : bytes) {
    std::snprintf(two, sizeof two, "%02x", b);
    s += two;
  }
  return s;
}

mach::CompiledCode emitAlone(const MInst &inst, const EmitInfo &info = EmitInfo{}) {
  mach::MachBuffer buf(true);
  emit(inst, buf, info);
  return buf.finish();
}

} // namespace

TEST_CASE("s390x encodings and text match llvm-mc and objdump for every test row",
          "[s390x][emit]") {
  const std::vector<Row> rows = test::allRows();
  REQUIRE(rows.size() > 1000);
  size_t failures = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    const Row &row = rows[i];
    test::Emitted got = test::emitRow(row);
    std::string text = row.inst.print();
    bool ok = got.hex == row.hex && text == row.text && got.relocs == row.relocs &&
              got.traps == row.traps;
    if (!ok) {
      ++failures;
      INFO("row " << i << " (" << formName(row.inst.form()) << "): expected " << row.hex
                  << " \"" << row.text << "\" [" << row.relocs << "] [" << row.traps << "]");
      CHECK(got.hex == row.hex);
      CHECK(text == row.text);
      CHECK(got.relocs == row.relocs);
      CHECK(got.traps == row.traps);
    }
  }
  CHECK(failures == 0);
}

TEST_CASE("s390x every Insts.def form has test rows", "[s390x][emit]") {
  std::set<Form> covered;
  for (const Row &row : test::allRows())
    covered.insert(row.inst.form());
  std::string missing;
  for (unsigned f = 0; f < kNumForms; ++f)
    if (!covered.count(static_cast<Form>(f)))
      missing += std::string(formName(static_cast<Form>(f))) + " ";
  CHECK(missing == "");
}

TEST_CASE("s390x instruction sizes follow the formats", "[s390x][emit]") {
  for (const Row &row : test::allRows()) {
    Format f = formatOf(row.inst.shape());
    // Memory forms may switch rows or compute the address first; brc may become brcl.
    if (f == Format::Pseudo || row.inst.hasMem() || row.inst.shape() == Shape::BranchRel ||
        std::string(row.hex).empty())
      continue;
    INFO(formName(row.inst.form()) << " " << row.hex);
    CHECK(std::string(row.hex).size() == 2 * formatSize(f));
  }
}

TEST_CASE("s390x z15 rows are gated on has_mie3", "[s390x][emit]") {
  std::set<std::string> gated;
  for (unsigned f = 0; f < kNumForms; ++f)
    if (formInfo(static_cast<Form>(f)).feature == target::S390xFlag::HasMie3)
      gated.insert(std::string(formName(static_cast<Form>(f))));
  CHECK(gated == std::set<std::string>{"Ncgrk", "Ncrk", "Ocgrk", "Ocrk", "Nngrk", "Nnrk", "Nogrk",
                                       "Nork", "Nxgrk", "Nxrk", "Selgr", "Selr", "Popcnt"});
  CHECK(!formInfo(Form::PopcntByte).feature.has_value());
  CHECK(!formInfo(Form::Msgrkc).feature.has_value()); // z14 (MIE2) is the baseline
}

TEST_CASE("s390x operand visitor declares each shape's constraints", "[s390x][operands]") {
  MemArg vmem = MemArg::bxd(v(3), v(4), 8);
  CHECK(operandsOf(MInst::alu(Form::Agr, v(0), v(1), v(2))) == "use v1, use v2, reuseDef v0 0");
  CHECK(operandsOf(MInst::alu(Form::Ar, v(0), v(1), v(2))) == "use v1, use v2, reuseDef v0 0");
  CHECK(operandsOf(MInst::alu(Form::Agrk, v(0), v(1), v(2))) == "use v1, use v2, def v0");
  CHECK(operandsOf(MInst::rr(Form::Lcgr, v(0), v(1))) == "use v1, def v0");
  CHECK(operandsOf(MInst::rr(Form::Popcnt, v(0), v(1))) == "use v1, def v0");
  CHECK(operandsOf(MInst::cmp(Form::Cgr, v(1), v(2))) == "use v1, use v2");
  CHECK(operandsOf(MInst::loadZero(Form::Lzdr, v(0, RegClass::Float))) == "def v0");
  CHECK(operandsOf(MInst::select(Form::Selgr, CondMask::E, v(0), v(1), v(2))) ==
        "use v1, use v2, def v0");
  CHECK(operandsOf(MInst::cmov(Form::Locgr, CondMask::E, v(0), v(1), v(2))) ==
        "use v1, use v2, reuseDef v0 0");
  CHECK(operandsOf(MInst::cmovImm(Form::Locghi, CondMask::E, v(0), v(1), 3)) ==
        "use v1, reuseDef v0 0");
  CHECK(operandsOf(MInst::flogr(v(0), v(1), v(2))) == "use v2, fixedDef v0 r2, fixedDef v1 r3");
  CHECK(operandsOf(MInst::mulWide(Form::Mlgr, v(0), v(1), v(2), v(3))) ==
        "fixedUse v2 r3, use v3, fixedDef v0 r2, fixedDef v1 r3");
  CHECK(operandsOf(MInst::mulWide(Form::Mgrk, v(0), v(1), v(2), v(3))) ==
        "use v2, use v3, fixedDef v0 r2, fixedDef v1 r3");
  CHECK(operandsOf(MInst::divS(Form::Dsgr, v(0), v(1), v(2), v(3))) ==
        "fixedUse v2 r3, use v3, fixedDef v0 r2, fixedDef v1 r3");
  CHECK(operandsOf(MInst::divU(Form::Dlgr, v(0), v(1), v(2), v(3), v(4))) ==
        "fixedUse v2 r2, fixedUse v3 r3, use v4, fixedDef v0 r2, fixedDef v1 r3");
  CHECK(operandsOf(MInst::load(Form::Lg, v(0), vmem)) == "use v3, use v4, def v0");
  CHECK(operandsOf(MInst::load(Form::Vl, v(0, RegClass::Float), vmem)) == "use v3, use v4, def v0");
  CHECK(operandsOf(MInst::store(Form::Stg, v(1), vmem)) == "use v3, use v4, use v1");
  CHECK(operandsOf(MInst::aluMem(Form::Ag, v(0), v(1), vmem)) ==
        "use v1, use v3, use v4, reuseDef v0 0");
  CHECK(operandsOf(MInst::cmpMem(Form::C, v(1), vmem)) == "use v3, use v4, use v1");
  CHECK(operandsOf(MInst::shift(Form::Sllg, v(0), v(1), v(2), 0)) == "use v1, use v2, def v0");
  CHECK(operandsOf(MInst::shift(Form::Sll, v(0), v(1), v(2), 0)) ==
        "use v1, use v2, reuseDef v0 0");
  CHECK(operandsOf(MInst::shift(Form::Srag, v(0), v(1), Reg(), 3)) == "use v1, def v0");
  CHECK(operandsOf(MInst::storeImm(Form::Mvghi, MemArg::bd(v(3), 0), 1)) == "use v3");
  CHECK(operandsOf(MInst::aluImm(Form::Aghi, v(0), v(1), 1)) == "use v1, reuseDef v0 0");
  CHECK(operandsOf(MInst::aluImm(Form::Nilf, v(0), v(1), 1)) == "use v1, reuseDef v0 0");
  CHECK(operandsOf(MInst::aluImm(Form::Aghik, v(0), v(1), 1)) == "use v1, def v0");
  CHECK(operandsOf(MInst::loadImm(Form::Lgfi, v(0), 1)) == "def v0");
  CHECK(operandsOf(MInst::cmpImm(Form::Clgfi, v(1), 1)) == "use v1");
  CHECK(operandsOf(MInst::rotate(Form::Risbgn, v(0), v(1), v(2), 0, 63, 0)) ==
        "use v1, use v2, reuseDef v0 0");
  CHECK(operandsOf(MInst::pcRel(Form::Larl, v(0), Label{0})) == "def v0");
  CHECK(operandsOf(MInst::pcRel(Form::Stgrl, v(1), Label{0})) == "use v1");
  CHECK(operandsOf(MInst::jumpTableSeq(v(1), {Label{0}, Label{1}})) == "use v1");
  CHECK(operandsOf(MInst::loadSymbol(v(0), SymbolRef{ir::ExternalName::testCase("g"), 0},
                                     ExtNameKind::Got)) == "def v0");
  CHECK(operandsOf(MInst::loadConst64(v(0), 5)) == "def v0");
  CHECK(operandsOf(MInst::loadFpuConst64(v(0, RegClass::Float), 5)) == "def v0");
  CHECK(operandsOf(MInst::args({{v(0), regs::r2()}, {v(1, RegClass::Float), regs::v0()}})) ==
        "fixedDef v0 r2, fixedDef v1 v0");
  CHECK(operandsOf(MInst::rets({{v(0), regs::r2()}})) == "fixedUse v0 r2");

  // Calls add the link register to the clobbers and leave out their results' registers.
  CallInfo ci;
  ci.callee = ir::ExternalName::testCase("f");
  ci.uses = {{v(1), regs::r2()}, {v(2), regs::r3()}};
  ci.defs = {{v(0), regs::r2()}};
  ci.clobbers.add(regs::r2());
  ci.clobbers.add(regs::r5());
  CHECK(operandsOf(MInst::callKnown(ci)) ==
        "fixedUse v1 r2, fixedUse v2 r3, fixedDef v0 r2, clobbers r5,r14");
  CHECK(operandsOf(MInst::callReg(v(5), ci)) ==
        "use v5, fixedUse v1 r2, fixedUse v2 r3, fixedDef v0 r2, clobbers r5,r14");

  // Physical registers are written into the instruction and never visited.
  CHECK(operandsOf(MInst::load(Form::Lg, v(0), MemArg::bd(p(regs::r15()), 8))) == "def v0");
  CHECK(operandsOf(MInst::load(Form::Lg, v(0), MemArg::slot(8))) == "def v0");
  CHECK(operandsOf(MInst::aluImm(Form::Aghi, p(regs::r15()), p(regs::r15()), -160)) == "");
  CHECK(operandsOf(MInst::multi(Form::Stmg, regs::r6(), regs::r15(),
                                MemArg::bd(p(regs::r15()), 48))) == "");
  CHECK(operandsOf(MInst::jump(Label{1})) == "");
  CHECK(operandsOf(MInst::trapIf(CondMask::O, ir::TrapCode::integerOverflow())) == "");
}

TEST_CASE("s390x allocation rewrites the visited fields, printing shows both states",
          "[s390x][operands]") {
  MInst add = MInst::alu(Form::Agr, v(0), v(1), v(2));
  CHECK(add.print() == "agr %v0i<-%v1i,%v2i");
  Applier a;
  a.alloc = {{0, regs::r4()}, {1, regs::r4()}, {2, regs::r13()}};
  add.visitOperands(a);
  CHECK(add.print() == "agr %r4,%r13");
  CHECK(hexOf(emitAlone(add).code) == "b908004d");

  MInst ld = MInst::load(Form::Ld, v(0, RegClass::Float), MemArg::bxd(v(1), v(2), 8));
  CHECK(ld.print() == "ld %v0f,8(%v2i,%v1i)");
  Applier b;
  b.alloc = {{0, regs::v3()}, {1, regs::r5()}, {2, regs::r6()}};
  ld.visitOperands(b);
  CHECK(ld.print() == "ld %f3,8(%r6,%r5)");

  MInst div = MInst::divU(Form::Dlgr, v(0), v(1), v(2), v(3), v(4));
  Applier c;
  c.alloc = {{4, regs::r9()}};
  div.visitOperands(c);
  CHECK(div.print() == "dlgr %r2,%r9");
  CHECK(hexOf(emitAlone(div).code) == "b9870029");
}

TEST_CASE("s390x frame-area operands resolve at emission", "[s390x][emit]") {
  EmitInfo info;
  info.slotAreaOffset = 160;
  info.cfaOffset = 4000;
  // Same bytes as the equivalent %r15-based rows (whose bytes the row test checks).
  auto same = [&](const MInst &area, const MInst &plain) {
    CHECK(hexOf(emitAlone(area, info).code) == hexOf(emitAlone(plain).code));
  };
  Reg sp = p(regs::r15());
  same(MInst::load(Form::Lg, p(regs::r2()), MemArg::slot(8)),
       MInst::load(Form::Lg, p(regs::r2()), MemArg::bd(sp, 168)));
  same(MInst::store(Form::St, p(regs::r2()), MemArg::cfa(100)),
       MInst::store(Form::St, p(regs::r2()), MemArg::bd(sp, 4100)));
  same(MInst::load(Form::L, p(regs::r2()), MemArg::cfa(-8)),
       MInst::load(Form::L, p(regs::r2()), MemArg::bd(sp, 3992)));
  MemArg indexed = MemArg::slot(16);
  indexed.index = p(regs::r3());
  same(MInst::load(Form::Vl, p(regs::v1()), indexed),
       MInst::load(Form::Vl, p(regs::v1()), MemArg::bxd(sp, p(regs::r3()), 176)));
  CHECK(MInst::load(Form::Lg, p(regs::r2()), MemArg::slot(8)).print() == "lg %r2,8+slots(%r15)");
  CHECK(MInst::load(Form::Lg, p(regs::r2()), MemArg::cfa(-8)).print() == "lg %r2,-8+cfa(%r15)");
}

TEST_CASE("s390x calls record patch sites and exception call sites", "[s390x][emit]") {
  CallInfo ci;
  ci.callee = ir::ExternalName::testCase("f");
  ci.patchable = true;
  mach::MachBuffer buf(true);
  emit(MInst::nop(2), buf, EmitInfo{});
  Label handler = buf.newLabel();
  CallInfo tc = ci;
  tc.patchable = false;
  tc.handlers = {{std::optional<uint32_t>(7), handler}};
  emit(MInst::callKnown(ci), buf, EmitInfo{});
  emit(MInst::callReg(p(regs::r1()), tc), buf, EmitInfo{});
  buf.bindLabel(handler);
  mach::CompiledCode code = buf.finish();
  REQUIRE(code.patchSites.size() == 1);
  CHECK(code.patchSites[0].offset == 2);
  CHECK(code.patchSites[0].length == 6);
  REQUIRE(code.callSites.size() == 1);
  CHECK(code.callSites[0].callOffset == 8);
  CHECK(code.callSites[0].returnAddrOffset == 10);
  REQUIRE(code.callSites[0].handlers.size() == 1);
  CHECK(code.callSites[0].handlers[0].tag == std::optional<uint32_t>(7));
  CHECK(code.callSites[0].handlers[0].handlerOffset == 10);
}

TEST_CASE("s390x Rets emits the ABI's epilogue before br %r14", "[s390x][emit]") {
  struct Epilogue : EmitInfo::EpilogueEmitter {
    void emitEpilogue(mach::MachBuffer &buf) const override {
      emit(MInst::multi(Form::Lmg, regs::r6(), regs::r15(), MemArg::bd(Reg(regs::r15()), 208)),
           buf, EmitInfo{});
    }
  } epilogue;
  EmitInfo info;
  info.epilogue = &epilogue;
  // lmg %r6,%r15,208(%r15); br %r14 (llvm-mc: eb6ff0d00004, 07fe).
  CHECK(hexOf(emitAlone(MInst::rets({}), info).code) == "eb6ff0d0000407fe");
}

TEST_CASE("s390x payloads are owned: copies are deep, moves steal", "[s390x][minst]") {
  MInst a = MInst::jumpTableSeq(v(1), {Label{0}, Label{1}, Label{2}});
  MInst b = a;
  CHECK(&a.jumpTargets() != &b.jumpTargets());
  CHECK(b.jumpTargets().size() == 3);
  MInst c = std::move(a);
  CHECK(c.jumpTargets().size() == 3);
  b = c;
  CHECK(b.jumpTargets().size() == 3);
  b = MInst::nop(2);
  CHECK(b.print() == "nopr %r7");
  std::vector<MInst> many;
  for (int i = 0; i < 100; ++i)
    many.push_back(MInst::args({{v(uint32_t(i)), regs::r2()}}));
  CHECK(many[99].bindings()[0].reg == v(99));
  static_assert(sizeof(MInst) <= 32);
}

TEST_CASE("s390x queries: terminators, returns, moves", "[s390x][minst]") {
  CHECK(MInst::jump(Label{0}).isTerminator());
  CHECK(!MInst::branch(Form::Brc, CondMask::E, Label{0}).isTerminator());
  CHECK(MInst::condBranch(CondMask::E, Label{0}, Label{1}).isTerminator());
  CHECK(MInst::jumpTableSeq(v(0), {Label{0}}).isTerminator());
  CHECK(MInst::trap(ir::TrapCode::user(1)).isTerminator());
  CHECK(!MInst::trapIf(CondMask::E, ir::TrapCode::user(1)).isTerminator());
  CHECK(MInst::rets({}).isTerminator());
  CHECK(MInst::rets({}).isReturn());
  CHECK(!MInst::jump(Label{0}).isReturn());
  CHECK(MInst::genMove(v(0), v(1), RegClass::Int).isMove() == std::make_pair(v(0), v(1)));
  CHECK(MInst::genMove(v(0, RegClass::Float), v(1, RegClass::Float), RegClass::Float).form() ==
        Form::Vlr);
  CHECK(MInst::rr(Form::Ldr, v(0), v(1)).isMove().has_value());
  CHECK(!MInst::rr(Form::Lr, v(0), v(1)).isMove().has_value());
  CHECK(!MInst::rr(Form::Lgfr, v(0), v(1)).isMove().has_value());
}

TEST_CASE("s390x 64-bit constants take the shortest immediate sequence", "[s390x][emit]") {
  auto forms = [](uint64_t value) {
    std::string s;
    for (const ConstStep &st : const64Steps(value))
      s += std::string(formName(st.form)) + " ";
    return s;
  };
  CHECK(forms(1) == "Lghi ");
  CHECK(forms(0x10000) == "Llilh ");
  CHECK(forms(0xffffffff80000000ull) == "Lgfi ");
  CHECK(forms(0xffff000000000000ull) == "Llihh ");
  CHECK(forms(0x100000000ull) == "Llihl ");
  CHECK(forms(0x1234567800000000ull) == "Llihf ");
  CHECK(forms(0x0000000087654321ull) == "Llilf ");
  CHECK(forms(0x1234567887654321ull) == "Llihf Iilf ");
}

TEST_CASE("s390x register tables follow the ELF ABI", "[s390x][regs]") {
  CHECK(dwarfRegNumber(regs::r0()) == 0);
  CHECK(dwarfRegNumber(regs::r15()) == 15);
  // f0, f2, f4, f6 = 16..19; f1, f3, f5, f7 = 20..23; f8.. even 24..27; odd 28..31.
  const uint16_t fprDwarf[16] = {16, 20, 17, 21, 18, 22, 19, 23, 24, 28, 25, 29, 26, 30, 27, 31};
  for (unsigned i = 0; i < 16; ++i)
    CHECK(dwarfRegNumber(regs::vr(i)) == fprDwarf[i]);
  for (unsigned i = 16; i < 32; ++i)
    CHECK(dwarfRegNumber(regs::vr(i)) == 68 + (i - 16));

  mach::PRegSet alloc = allocatableRegs();
  CHECK(!alloc.contains(regs::r0()));
  CHECK(!alloc.contains(regs::r1()));
  CHECK(!alloc.contains(regs::r15()));
  CHECK(alloc.contains(regs::r14()));
  CHECK(alloc.classBits(RegClass::Int) == 0x7ffc);
  CHECK(alloc.classBits(RegClass::Float) == 0xffffffffull);

  mach::PRegSet saved = calleeSaved();
  CHECK(saved.classBits(RegClass::Int) == 0x7fc0);     // r6..r14
  CHECK(saved.classBits(RegClass::Float) == 0xff00);   // f8..f15
  mach::PRegSet clob = callClobbers();
  CHECK(clob.classBits(RegClass::Int) == 0x403f);      // r0..r5, r14
  CHECK(clob.classBits(RegClass::Float) == 0xffffffffull); // v8..v15 lose their low halves

  CHECK(std::vector<PReg>(std::begin(kIntArgRegs), std::end(kIntArgRegs)) ==
        std::vector<PReg>{regs::r2(), regs::r3(), regs::r4(), regs::r5(), regs::r6()});
  CHECK(std::vector<PReg>(std::begin(kVectorArgRegs), std::end(kVectorArgRegs)) ==
        std::vector<PReg>{regs::v24(), regs::v26(), regs::v28(), regs::v30(), regs::v25(),
                          regs::v27(), regs::v29(), regs::v31()});
  CHECK(kIntResultReg == regs::r2());
  CHECK(kFloatResultReg == regs::v0());
  CHECK(isFpr(regs::v15()));
  CHECK(!isFpr(regs::v16()));
}
