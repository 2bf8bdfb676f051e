// Tests of lib/target/x86_64: every Insts.def form against llvm-mc's bytes and text
// (EmitTestData.inc), and the operand visitor, printer, payload ownership, traps, call
// records and register tables.
#include "EmitTestRows.h"

#include "codegen/mach/MachBuffer.h"
#include "target/x86_64/MInst.h"
#include "target/x86_64/Regs.h"

#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <string>
#include <vector>

using namespace irc;
using namespace irc::x86_64;
using irc::x86_64::test::Row;

namespace {

Reg v(uint32_t index, RegClass cls = RegClass::Int) { return Reg(mach::VReg(index, cls)); }
Reg p(PReg r) { return Reg(r); }

std::string regText(Reg r) {
  if (r.isPhysical())
    return std::string(regName(r.preg(), OpSize::Q));
  return "v" + std::to_string(r.vreg().index());
}

/// Records the operands a visitor sees, one string each.
struct Recorder {
  std::vector<std::string> ops;
  void use(Reg &r) { ops.push_back("use " + regText(r)); }
  void lateUse(Reg &r) { ops.push_back("lateUse " + regText(r)); }
  void def(Reg &r) { ops.push_back("def " + regText(r)); }
  void earlyDef(Reg &r) { ops.push_back("earlyDef " + regText(r)); }
  void fixedUse(Reg &r, PReg pr) {
    ops.push_back("fixedUse " + regText(r) + " " + regText(Reg(pr)));
  }
  void fixedLateUse(Reg &r, PReg pr) {
    ops.push_back("fixedLateUse " + regText(r) + " " + regText(Reg(pr)));
  }
  void fixedDef(Reg &r, PReg pr) {
    ops.push_back("fixedDef " + regText(r) + " " + regText(Reg(pr)));
  }
  void fixedEarlyDef(Reg &r, PReg pr) {
    ops.push_back("fixedEarlyDef " + regText(r) + " " + regText(Reg(pr)));
  }
  void reuseDef(Reg &r, unsigned idx) {
    ops.push_back("reuseDef " + regText(r) + " " + std::to_string(idx));
  }
  void clobbers(const mach::PRegSet &s) { ops.push_back("clobbers " + std::to_string(s.count())); }
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

} // namespace

TEST_CASE("x86_64 encodings and text match llvm-mc for every test row", "[x86_64][emit]") {
  const std::vector<Row> rows = test::allRows();
  REQUIRE(rows.size() > 3000);
  size_t failures = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    const Row &row = rows[i];
    test::Emitted got = test::emitRow(row);
    std::string text = row.inst.print();
    bool ok = got.hex == row.hex && text == row.text && got.relocs == row.relocs;
    if (!ok) {
      ++failures;
      INFO("row " << i << " (" << formName(row.inst.form()) << "): expected " << row.hex << " \""
                  << row.text << "\" [" << row.relocs << "]");
      CHECK(got.hex == row.hex);
      CHECK(text == row.text);
      CHECK(got.relocs == row.relocs);
    }
  }
  CHECK(failures == 0);
}

TEST_CASE("x86_64 every Insts.def form has test rows", "[x86_64][emit]") {
  std::set<Form> covered;
  for (const Row &row : test::allRows())
    covered.insert(row.inst.form());
  std::string missing;
  for (unsigned f = 0; f < kNumForms; ++f)
    if (!covered.count(static_cast<Form>(f)))
      missing += std::string(formName(static_cast<Form>(f))) + " ";
  CHECK(missing == "");
}

TEST_CASE("x86_64 operand visitor declares each shape's constraints", "[x86_64][operands]") {
  Amode vmem = Amode::baseIndex(v(3), v(4), 4, 8);
  CHECK(operandsOf(MInst::aluRR(Form::AddRR, OpSize::Q, v(0), v(1), v(2))) ==
        "use v1, use v2, reuseDef v0 0");
  CHECK(operandsOf(MInst::aluRM(Form::SubRM, OpSize::L, v(0), v(1), vmem)) ==
        "use v1, use v3, use v4, reuseDef v0 0");
  CHECK(operandsOf(MInst::aluRI(Form::AndRI, OpSize::W, v(0), v(1), 7)) == "use v1, reuseDef v0 0");
  CHECK(operandsOf(MInst::aluMR(Form::AddMR, OpSize::Q, vmem, v(1))) == "use v3, use v4, use v1");
  CHECK(operandsOf(MInst::aluMI(Form::AddMI, OpSize::Q, vmem, 1)) == "use v3, use v4");
  CHECK(operandsOf(MInst::cmpRR(Form::CmpRR, OpSize::Q, v(1), v(2))) == "use v1, use v2");
  CHECK(operandsOf(MInst::cmpRM(Form::CmpRM, OpSize::Q, v(1), vmem)) == "use v1, use v3, use v4");
  CHECK(operandsOf(MInst::cmpRI(Form::TestRI, OpSize::B, v(1), 1)) == "use v1");
  CHECK(operandsOf(MInst::unary(Form::NegR, OpSize::Q, v(0), v(1))) == "use v1, reuseDef v0 0");
  CHECK(operandsOf(MInst::shiftCl(Form::ShlRCl, OpSize::L, v(0), v(1), v(2))) ==
        "use v1, fixedUse v2 rcx, reuseDef v0 0");
  CHECK(operandsOf(MInst::shiftImm(Form::SarRI, OpSize::L, v(0), v(1), 3)) ==
        "use v1, reuseDef v0 0");
  CHECK(operandsOf(MInst::imulRRI(OpSize::Q, v(0), v(1), 9)) == "use v1, def v0");
  CHECK(operandsOf(MInst::mulWide(Form::MulR, OpSize::Q, v(0), v(1), v(2), v(3))) ==
        "fixedUse v2 rax, use v3, fixedDef v0 rax, fixedDef v1 rdx");
  CHECK(operandsOf(MInst::divWide(Form::IdivR, OpSize::L, v(0), v(1), v(2), v(3), v(4),
                                  ir::TrapCode::integerDivisionByZero())) ==
        "fixedUse v2 rax, fixedUse v3 rdx, use v4, fixedDef v0 rax, fixedDef v1 rdx");
  CHECK(operandsOf(MInst::mul8(Form::Mul8R, v(0), v(1), v(2))) ==
        "fixedUse v1 rax, use v2, fixedDef v0 rax");
  CHECK(operandsOf(MInst::div8(Form::Div8R, v(0), v(1), v(2), ir::TrapCode::none())) ==
        "fixedUse v1 rax, use v2, fixedDef v0 rax");
  CHECK(operandsOf(MInst::signExtendRax(OpSize::Q, v(0), v(1))) ==
        "fixedUse v1 rax, fixedDef v0 rdx");
  CHECK(operandsOf(MInst::setcc(CondCode::E, v(0))) == "def v0");
  // The zeroing idiom reads nothing: its register is only defined.
  CHECK(operandsOf(MInst::zero(v(0))) == "def v0");
  CHECK(operandsOf(MInst::cmovRR(CondCode::L, OpSize::Q, v(0), v(1), v(2))) ==
        "use v1, use v2, reuseDef v0 0");
  CHECK(operandsOf(MInst::rr(Form::MovzbRR, OpSize::L, v(0), v(1))) == "use v1, def v0");
  CHECK(operandsOf(MInst::rm(Form::MovRM, OpSize::Q, v(0), vmem)) == "use v3, use v4, def v0");
  CHECK(operandsOf(MInst::rm(Form::Lea, OpSize::Q, v(0), vmem)) == "use v3, use v4, def v0");
  CHECK(operandsOf(MInst::mr(Form::MovMR, OpSize::Q, vmem, v(1))) == "use v3, use v4, use v1");
  CHECK(operandsOf(MInst::movRI(OpSize::L, v(0), 5)) == "def v0");
  CHECK(operandsOf(MInst::push(v(1))) == "use v1");
  CHECK(operandsOf(MInst::pop(v(0))) == "def v0");
  CHECK(operandsOf(MInst::jmpTableSeq(v(1), v(2), v(3), {Label{0}})) ==
        "use v1, earlyDef v2, earlyDef v3");
  CHECK(operandsOf(MInst::loadExtName(v(0), ir::ExternalName::testCase("g"), 0,
                                      ExtNameKind::Got)) == "def v0");
  CHECK(operandsOf(MInst::args({{v(0), regs::rdi()}, {v(1, RegClass::Float), regs::xmm0()}})) ==
        "fixedDef v0 rdi, fixedDef v1 xmm0");
  CHECK(operandsOf(MInst::rets({{v(0), regs::rax()}})) == "fixedUse v0 rax");

  CallInfo ci;
  ci.callee = ir::ExternalName::testCase("f");
  ci.uses = {{v(1), regs::rdi()}, {v(2), regs::rsi()}};
  ci.defs = {{v(0), regs::rax()}};
  ci.clobbers = sysvCallClobbers({});
  CHECK(operandsOf(MInst::callKnown(ci)) ==
        "fixedUse v1 rdi, fixedUse v2 rsi, fixedDef v0 rax, clobbers 25");
  CHECK(operandsOf(MInst::callReg(v(5), ci)) ==
        "use v5, fixedUse v1 rdi, fixedUse v2 rsi, fixedDef v0 rax, clobbers 25");
  ci.targetMem = Amode::base(v(6), 16);
  CHECK(operandsOf(MInst::callMem(ci)) ==
        "use v6, fixedUse v1 rdi, fixedUse v2 rsi, fixedDef v0 rax, clobbers 25");

  // Physical registers are written into the instruction and never visited.
  CHECK(operandsOf(MInst::rm(Form::MovRM, OpSize::Q, v(0), Amode::base(p(regs::rsp()), 8))) ==
        "def v0");
  CHECK(operandsOf(MInst::aluRI(Form::SubRI, OpSize::Q, p(regs::rsp()), p(regs::rsp()), 32)) == "");
  CHECK(operandsOf(MInst::shiftCl(Form::ShlRCl, OpSize::Q, v(0), v(1), p(regs::rcx()))) ==
        "use v1, reuseDef v0 0");
  CHECK(operandsOf(MInst::jmp(Label{1})) == "");
  CHECK(operandsOf(MInst::trapIf(CondCode::O, ir::TrapCode::integerOverflow())) == "");
}

TEST_CASE("x86_64 allocation rewrites registers and emission uses them", "[x86_64][operands]") {
  MInst add = MInst::aluRR(Form::AddRR, OpSize::Q, v(0), v(1), v(2));
  CHECK(add.print() == "addq %v2q, %v1q, %v0q");
  Applier a;
  a.alloc = {{0, regs::rax()}, {1, regs::rax()}, {2, regs::rcx()}};
  add.visitOperands(a);
  CHECK(add.print() == "addq %rcx, %rax");

  MInst shift = MInst::shiftCl(Form::SarRCl, OpSize::L, v(0), v(0), v(1));
  CHECK(shift.print() == "sarl %v1b, %v0l");
  Applier b;
  b.alloc = {{0, regs::r9()}};
  shift.visitOperands(b);
  CHECK(shift.print() == "sarl %cl, %r9d");
}

TEST_CASE("x86_64 printing before allocation names virtual registers by width", "[x86_64][print]") {
  CHECK(MInst::rr(Form::MovzbRR, OpSize::L, v(0), v(1)).print() == "movzbl %v1b, %v0l");
  CHECK(MInst::rr(Form::MovswRR, OpSize::Q, v(0), v(1)).print() == "movswq %v1w, %v0q");
  CHECK(MInst::rm(Form::MovRM, OpSize::L, v(0), Amode::baseIndex(v(3), v(4), 4, 8)).print() ==
        "movl 8(%v3q,%v4q,4), %v0l");
  CHECK(
      MInst::rr(Form::MovapsRR, OpSize::Q, v(0, RegClass::Float), v(1, RegClass::Float)).print() ==
      "movaps %v1x, %v0x");
  CHECK(MInst::rr(Form::MovqToXmm, OpSize::Q, v(0, RegClass::Float), v(1)).print() ==
        "movq %v1q, %v0x");
  CHECK(MInst::unary(Form::NotR, OpSize::W, v(0), v(1)).print() == "notw %v1w, %v0w");
  CHECK(MInst::aluRI(Form::XorRI, OpSize::B, v(0), v(0), 255).print() == "xorb $-1, %v0b");
  CHECK(MInst::setcc(CondCode::Ae, v(7)).print() == "setae %v7b");
  CHECK(MInst::zero(v(5)).print() == "xorl %v5l, %v5l");
  CHECK(MInst::args({{v(0), regs::rdi()}}).print() == "args %v0q=%rdi");
  CHECK(MInst::nop(12).print() == "nopw (%rax,%rax); nopl (%rax)");
}

TEST_CASE("x86_64 moves, spills and reloads", "[x86_64][abi]") {
  MInst mi = MInst::genMove(p(regs::rax()), p(regs::rcx()), RegClass::Int);
  CHECK(mi.print() == "movq %rcx, %rax");
  REQUIRE(mi.isMove());
  CHECK(mi.isMove()->first == p(regs::rax()));
  CHECK(mi.isMove()->second == p(regs::rcx()));
  MInst mf = MInst::genMove(p(regs::xmm0()), p(regs::xmm9()), RegClass::Float);
  CHECK(mf.print() == "movaps %xmm9, %xmm0");
  CHECK(mf.isMove().has_value());
  CHECK_FALSE(MInst::rr(Form::MovRR, OpSize::L, v(0), v(1)).isMove().has_value());
  CHECK_FALSE(MInst::rr(Form::MovzbRR, OpSize::Q, v(0), v(1)).isMove().has_value());

  CHECK(MInst::genSpill(p(regs::r12()), RegClass::Int, regs::rsp(), 16).print() ==
        "movq %r12, 16(%rsp)");
  CHECK(MInst::genReload(p(regs::r12()), RegClass::Int, regs::rbp(), -8).print() ==
        "movq -8(%rbp), %r12");
  CHECK(MInst::genSpill(p(regs::xmm3()), RegClass::Float, regs::rbp(), -32).print() ==
        "movups %xmm3, -32(%rbp)");
  CHECK(MInst::genReload(p(regs::xmm14()), RegClass::Float, regs::rsp(), 0).print() ==
        "movups (%rsp), %xmm14");

  CHECK(MInst::loadConst64(p(regs::rax()), 0xffffffffu).print() == "movl $-1, %eax");
  CHECK(MInst::loadConst64(p(regs::rax()), uint64_t(-5)).print() == "movq $-5, %rax");
  CHECK(MInst::loadConst64(p(regs::rax()), 0x100000000ull).print() == "movabsq $4294967296, %rax");
}

TEST_CASE("x86_64 integer conditions map to flags conditions", "[x86_64][queries]") {
  using ir::IntCC;
  const std::pair<IntCC, const char *> cases[] = {
      {IntCC::Eq, "e"},  {IntCC::Ne, "ne"}, {IntCC::Slt, "l"}, {IntCC::Sge, "ge"},
      {IntCC::Sgt, "g"}, {IntCC::Sle, "le"}, {IntCC::Ult, "b"}, {IntCC::Uge, "ae"},
      {IntCC::Ugt, "a"}, {IntCC::Ule, "be"}};
  for (auto [cc, name] : cases) {
    CHECK(condName(condOf(cc)) == name);
    CHECK(condOf(ir::inverse(cc)) == invert(condOf(cc)));
  }
}

TEST_CASE("x86_64 terminators and returns", "[x86_64][queries]") {
  CHECK(MInst::jmp(Label{0}).isTerminator());
  CHECK(MInst::jmpCond(CondCode::E, Label{0}, Label{1}).isTerminator());
  CHECK(MInst::jmpTableSeq(v(0), v(1), v(2), {}).isTerminator());
  CHECK(MInst::rets({}).isTerminator());
  CHECK(MInst::rets({}).isReturn());
  CHECK(MInst::ud2(ir::TrapCode::user(3)).isTerminator());
  CHECK_FALSE(MInst::ud2(ir::TrapCode::user(3)).isReturn());
  CHECK_FALSE(MInst::trapIf(CondCode::E, ir::TrapCode::user(3)).isTerminator());
  CHECK_FALSE(MInst::callKnown(CallInfo{}).isTerminator());
  CHECK_FALSE(MInst::aluRR(Form::AddRR, OpSize::Q, v(0), v(1), v(2)).isTerminator());
}

TEST_CASE("x86_64 traps are recorded at the faulting instruction", "[x86_64][emit]") {
  auto heap = ir::TrapCode::heapOutOfBounds();
  mach::MachBuffer buf(false);
  emit(MInst::rr(Form::MovRR, OpSize::Q, p(regs::rax()), p(regs::rcx())), buf, {}); // 3 bytes
  emit(MInst::rm(Form::MovRM, OpSize::L, p(regs::rax()),
                 Amode::base(p(regs::rdi()), 8).withTrap(heap)),
       buf, {}); // 3 bytes
  emit(MInst::rm(Form::Lea, OpSize::Q, p(regs::rax()),
                 Amode::base(p(regs::rdi()), 8).withTrap(heap)),
       buf, {});                                                    // 4, none
  emit(MInst::trapIf(CondCode::B, ir::TrapCode::user(7)), buf, {}); // ud2 at +2
  emit(MInst::divWide(Form::DivR, OpSize::Q, p(regs::rax()), p(regs::rdx()), p(regs::rax()),
                      p(regs::rdx()), p(regs::rcx()), ir::TrapCode::integerDivisionByZero()),
       buf, {});
  emit(MInst::ud2(ir::TrapCode::user(9)), buf, {});
  mach::CompiledCode code = buf.finish();
  REQUIRE(code.traps.size() == 4);
  CHECK(code.traps[0].offset == 3);
  CHECK(code.traps[0].code == heap);
  CHECK(code.traps[1].offset == 3 + 3 + 4 + 2);
  CHECK(code.traps[1].code == ir::TrapCode::user(7));
  CHECK(code.traps[2].offset == 14);
  CHECK(code.traps[2].code == ir::TrapCode::integerDivisionByZero());
  CHECK(code.traps[3].offset == 17);
  CHECK(code.traps[3].code == ir::TrapCode::user(9));
}

TEST_CASE("x86_64 calls record patch sites and exception call sites", "[x86_64][emit]") {
  mach::MachBuffer buf(false);
  Label handler = buf.newLabel();
  emit(MInst::nop(1), buf, {});
  CallInfo ci;
  ci.callee = ir::ExternalName::testCase("f");
  ci.patchable = true;
  emit(MInst::callKnown(ci), buf, {});
  CallInfo tc;
  tc.handlers = {{std::optional<uint32_t>(3), handler}, {std::nullopt, handler}};
  emit(MInst::callReg(p(regs::r11()), tc), buf, {});
  buf.bindLabel(handler);
  mach::CompiledCode code = buf.finish();
  REQUIRE(code.patchSites.size() == 1);
  CHECK(code.patchSites[0].offset == 1);
  CHECK(code.patchSites[0].length == 5);
  REQUIRE(code.callSites.size() == 1);
  CHECK(code.callSites[0].callOffset == 6);
  CHECK(code.callSites[0].returnAddrOffset == 9);
  REQUIRE(code.callSites[0].handlers.size() == 2);
  CHECK(code.callSites[0].handlers[0].tag == std::optional<uint32_t>(3));
  CHECK(code.callSites[0].handlers[0].handlerOffset == 9);
  CHECK_FALSE(code.callSites[0].handlers[1].tag.has_value());
}

TEST_CASE("x86_64 Rets emits the epilogue the ABI provides", "[x86_64][emit]") {
  struct Epilogue : EmitInfo::EpilogueEmitter {
    void emitEpilogue(mach::MachBuffer &buf) const override {
      emit(MInst::pop(p(regs::rbp())), buf, {});
      emit(MInst::ret(), buf, {});
    }
  } epilogue;
  EmitInfo info;
  info.epilogue = &epilogue;
  mach::MachBuffer buf(false);
  emit(MInst::rets({{p(regs::rax()), regs::rax()}}), buf, info);
  CHECK(hexOf(buf.finish().code) == "5dc3"); // popq %rbp; retq (llvm-mc: [0x5d], [0xc3])
}

TEST_CASE("x86_64 instructions own their payloads", "[x86_64][minst]") {
  std::vector<MInst> insts;
  {
    CallInfo ci;
    ci.callee = ir::ExternalName::testCase("callee");
    ci.uses = {{v(1), regs::rdi()}};
    MInst call = MInst::callKnown(ci);
    MInst load =
        MInst::rm(Form::MovRM, OpSize::Q, v(0), Amode::rip(ir::ExternalName::testCase("g"), 16));
    insts.push_back(call);
    insts.push_back(load);
    insts.push_back(MInst::jmpTableSeq(v(1), v(2), v(3), {Label{4}, Label{5}}));
    MInst moved = std::move(call);
    insts.push_back(moved);
    insts[0] = insts[1];
  }
  CHECK(insts[0].print() == "movq g+16(%rip), %v0q");
  CHECK(insts[1].print() == "movq g+16(%rip), %v0q");
  CHECK(insts[2].print() == "jmp_table %v1q, %v2q, %v3q, [label4, label5]");
  CHECK(insts[3].print() == "callq callee");
  CHECK(operandsOf(insts[3]) == "fixedUse v1 rdi, clobbers 0");
  Amode a = Amode::rip(ir::ExternalName::user(2, 3), -8);
  Amode b = a;
  a = Amode::base(v(1));
  CHECK(b.symbol().name.symbol() == "u2_3");
  CHECK(b.symbol().addend == -8);
}

TEST_CASE("x86_64 register table", "[x86_64][regs]") {
  CHECK(dwarfRegNumber(regs::rax()) == 0);
  CHECK(dwarfRegNumber(regs::rdx()) == 1);
  CHECK(dwarfRegNumber(regs::rcx()) == 2);
  CHECK(dwarfRegNumber(regs::rbx()) == 3);
  CHECK(dwarfRegNumber(regs::rsi()) == 4);
  CHECK(dwarfRegNumber(regs::rdi()) == 5);
  CHECK(dwarfRegNumber(regs::rbp()) == 6);
  CHECK(dwarfRegNumber(regs::rsp()) == 7);
  CHECK(dwarfRegNumber(regs::r8()) == 8);
  CHECK(dwarfRegNumber(regs::r15()) == 15);
  CHECK(dwarfRegNumber(regs::xmm0()) == 17);
  CHECK(dwarfRegNumber(regs::xmm15()) == 32);
  CHECK(dwarfRegNumber(regs::r16()) == 130);
  CHECK(dwarfRegNumber(regs::xmm16()) == 67);
  CHECK(regName(regs::rsi(), OpSize::B) == "sil");
  CHECK(regName(regs::r10(), OpSize::W) == "r10w");
  CHECK(regName(regs::r10(), OpSize::L) == "r10d");
  CHECK(regName(regs::xmm7(), OpSize::L) == "xmm7");
  CHECK(byteRegNeedsRex(regs::rdi()));
  CHECK_FALSE(byteRegNeedsRex(regs::rbx()));

  mach::PRegSet callee = sysvCalleeSaved();
  CHECK(callee.count() == 6);
  for (PReg r : {regs::rbx(), regs::rbp(), regs::r12(), regs::r13(), regs::r14(), regs::r15()})
    CHECK(callee.contains(r));
  mach::PRegSet clobbers = sysvCallClobbers({});
  CHECK(clobbers.count() == 9 + 16); // rax rcx rdx rsi rdi r8-r11, xmm0-15
  CHECK(sysvCallClobbers({true, false}).count() == 9 + 16 + 16);
  mach::PRegSet alloc = allocatableRegs({}, true);
  CHECK_FALSE(alloc.contains(regs::rsp()));
  CHECK_FALSE(alloc.contains(regs::rbp()));
  CHECK_FALSE(alloc.contains(regs::r16()));
  CHECK(alloc.count() == 14 + 16);
  CHECK(allocatableRegs({}, false).contains(regs::rbp()));
}
