// The s390x encoder: bytes for every Insts.def row, by format, and the expansions of the
// pseudo-instructions.
//
// Instructions are written in order, most significant byte first (the MachBuffer is
// big-endian). Relative fields count halfwords from the instruction's start. Branches to
// labels go through MachBuffer::addBranch (brc, relaxed to brcl); larl/RIL-b fields through
// useLabel with rilLabelUse(); calls and symbol addresses through relocations with addend
// +2 (the field sits 2 bytes into the instruction). The emitter's temporaries are %r1 and
// %r0 (never allocatable), and only %r1 ever appears in an address.
#include "target/s390x/MInst.h"

#include <cassert>

namespace irc::s390x {

namespace {

using mach::MachBuffer;

// ---- Fields ----------------------------------------------------------------------------

/// The number of a physical register in a field of the given file.
unsigned fieldReg(Reg r, bool vector, bool fpr) {
  assert(r.isPhysical() && "emission needs allocated registers");
  PReg p = r.preg();
  if (vector || fpr) {
    assert(p.cls() == RegClass::Float && "a vector/FPR field needs a Float register");
    assert((!fpr || p.hw() < 16) && "an FPR field takes f0..f15 only");
  } else {
    assert(p.cls() == RegClass::Int && "a general field needs an Int register");
  }
  return p.hw();
}
unsigned gpr(Reg r) { return fieldReg(r, false, false); }

/// The register file of the first and second register field of a row.
struct Files {
  bool fpr1, fpr2, vec;
};
Files filesOf(RegFiles f) {
  switch (f) {
  case RegFiles::G:
    return {false, false, false};
  case RegFiles::F:
    return {true, true, false};
  case RegFiles::V:
    return {false, false, true};
  case RegFiles::FG:
    return {true, false, false};
  case RegFiles::GF:
    return {false, true, false};
  }
  return {false, false, false};
}
unsigned reg1(const FormInfo &fi, Reg r) {
  Files f = filesOf(fi.regs);
  return fieldReg(r, f.vec, f.fpr1);
}
unsigned reg2(const FormInfo &fi, Reg r) {
  Files f = filesOf(fi.regs);
  return fieldReg(r, f.vec, f.fpr2);
}

/// A base or index register: 0 means none, so r0 may never be one.
unsigned addrReg(Reg r) {
  if (!r.isValid())
    return 0;
  unsigned n = gpr(r);
  assert(n != 0 && "r0 cannot be a base or index register");
  return n;
}

bool fits12(int64_t d) { return d >= 0 && d < 4096; }
bool fits20(int64_t d) { return d >= -(int64_t(1) << 19) && d < (int64_t(1) << 19); }

/// A resolved address: register numbers (0 = none) and the final displacement.
struct Addr {
  unsigned base = 0, index = 0;
  int64_t disp = 0;
};

Addr resolve(const MemArg &m, const EmitInfo &info) {
  Addr a;
  a.index = addrReg(m.index);
  switch (m.area) {
  case MemArea::Regs:
    a.base = addrReg(m.base);
    a.disp = m.disp;
    break;
  case MemArea::SlotArea:
    assert(!m.base.isValid() && "frame-area operands use %r15 implicitly");
    a.base = regs::stackPointer().hw();
    a.disp = int64_t(m.disp) + info.slotAreaOffset;
    break;
  case MemArea::Cfa:
    assert(!m.base.isValid() && "frame-area operands use %r15 implicitly");
    a.base = regs::stackPointer().hw();
    a.disp = int64_t(m.disp) + info.cfaOffset;
    break;
  }
  return a;
}

// ---- Formats (each writes one instruction) ----------------------------------------------

void put2(MachBuffer &b, unsigned v) { b.put2(static_cast<uint16_t>(v)); }
void nib(MachBuffer &b, unsigned hi, unsigned lo) {
  assert(hi < 16 && lo < 16);
  b.put1(static_cast<uint8_t>(hi << 4 | lo));
}
void byte(MachBuffer &b, unsigned v) { b.put1(static_cast<uint8_t>(v)); }

void encE(MachBuffer &b, unsigned op) { put2(b, op); }
void encRR(MachBuffer &b, unsigned op, unsigned r1, unsigned r2) {
  byte(b, op);
  nib(b, r1, r2);
}
void encRRE(MachBuffer &b, unsigned op, unsigned r1, unsigned r2) {
  put2(b, op);
  byte(b, 0);
  nib(b, r1, r2);
}
/// RRF: the third byte is (R3 or M3) << 4 | M4.
void encRRF(MachBuffer &b, unsigned op, unsigned hi3, unsigned lo3, unsigned r1, unsigned r2) {
  put2(b, op);
  nib(b, hi3, lo3);
  nib(b, r1, r2);
}
void encRX(MachBuffer &b, unsigned op, unsigned r1, const Addr &a) {
  assert(fits12(a.disp));
  byte(b, op);
  nib(b, r1, a.index);
  nib(b, a.base, unsigned(a.disp >> 8));
  byte(b, unsigned(a.disp & 0xff));
}
/// RXY, RSY, SIY: op-hi, A, B2 DL (12 bits), DH (8 bits), op-lo.
void encLongDisp(MachBuffer &b, unsigned op, unsigned a1, unsigned a2, unsigned base,
                 int64_t disp) {
  assert(fits20(disp));
  auto d = static_cast<uint32_t>(disp);
  byte(b, op >> 8);
  nib(b, a1, a2);
  nib(b, base, (d >> 8) & 0xf);
  byte(b, d & 0xff);
  byte(b, (d >> 12) & 0xff);
  byte(b, op & 0xff);
}
void encRS(MachBuffer &b, unsigned op, unsigned r1, unsigned r3, const Addr &a) {
  assert(fits12(a.disp) && a.index == 0);
  byte(b, op);
  nib(b, r1, r3);
  nib(b, a.base, unsigned(a.disp >> 8));
  byte(b, unsigned(a.disp & 0xff));
}
void encRI(MachBuffer &b, unsigned op12, unsigned r1, unsigned imm16) {
  byte(b, op12 >> 4);
  nib(b, r1, op12 & 0xf);
  put2(b, imm16 & 0xffff);
}
void encRIL(MachBuffer &b, unsigned op12, unsigned r1, uint32_t imm32) {
  byte(b, op12 >> 4);
  nib(b, r1, op12 & 0xf);
  b.put4(imm32);
}
/// RIE-d and RIE-g: op-hi, R1 R3/M3, I2 (16 bits), 0, op-lo.
void encRIE16(MachBuffer &b, unsigned op, unsigned r1, unsigned r3m3, unsigned imm16) {
  byte(b, op >> 8);
  nib(b, r1, r3m3);
  put2(b, imm16 & 0xffff);
  byte(b, 0);
  byte(b, op & 0xff);
}
void encRIEf(MachBuffer &b, unsigned op, unsigned r1, unsigned r2, std::array<uint8_t, 3> i) {
  byte(b, op >> 8);
  nib(b, r1, r2);
  byte(b, i[0]);
  byte(b, i[1]);
  byte(b, i[2]);
  byte(b, op & 0xff);
}
void encSIL(MachBuffer &b, unsigned op, const Addr &a, unsigned imm16) {
  assert(fits12(a.disp) && a.index == 0);
  put2(b, op);
  nib(b, a.base, unsigned(a.disp >> 8));
  byte(b, unsigned(a.disp & 0xff));
  put2(b, imm16 & 0xffff);
}
void encSI(MachBuffer &b, unsigned op, const Addr &a, unsigned imm8) {
  assert(fits12(a.disp) && a.index == 0);
  byte(b, op);
  byte(b, imm8);
  nib(b, a.base, unsigned(a.disp >> 8));
  byte(b, unsigned(a.disp & 0xff));
}
/// The RXB nibble: bit 3 - i extends the i-th vector field (0-based) to v16..v31.
unsigned rxb(unsigned v1, unsigned v2 = 0) { return (v1 >> 4) << 3 | (v2 >> 4) << 2; }
void encVRX(MachBuffer &b, unsigned op, unsigned v1, const Addr &a, unsigned m3) {
  assert(fits12(a.disp));
  byte(b, op >> 8);
  nib(b, v1 & 15, a.index);
  nib(b, a.base, unsigned(a.disp >> 8));
  byte(b, unsigned(a.disp & 0xff));
  nib(b, m3, rxb(v1));
  byte(b, op & 0xff);
}
void encVRRa(MachBuffer &b, unsigned op, unsigned v1, unsigned v2) {
  byte(b, op >> 8);
  nib(b, v1 & 15, v2 & 15);
  byte(b, 0);
  byte(b, 0);
  nib(b, 0, rxb(v1, v2));
  byte(b, op & 0xff);
}

// ---- Labels, branches ------------------------------------------------------------------

bool brcShortReaches(int64_t d) { return d % 2 == 0 && d >= -65536 && d <= 65534; }

void brcEncode(bool isShort, int64_t d, uint32_t mask, std::span<uint8_t> out) {
  assert(d % 2 == 0 && mask < 16);
  auto h = static_cast<uint32_t>(d / 2);
  if (isShort) {
    assert(out.size() == 4);
    out[0] = 0xA7;
    out[1] = static_cast<uint8_t>(mask << 4 | 0x4);
    out[2] = static_cast<uint8_t>(h >> 8);
    out[3] = static_cast<uint8_t>(h);
    return;
  }
  assert(out.size() == 6 && d >= -(int64_t(1) << 32) && d < (int64_t(1) << 32));
  out[0] = 0xC0;
  out[1] = static_cast<uint8_t>(mask << 4 | 0x4);
  for (unsigned i = 0; i < 4; ++i)
    out[2 + i] = static_cast<uint8_t>(h >> (24 - 8 * i));
}

constexpr mach::BranchKind kBrc{4, 6, brcShortReaches, brcEncode};

/// An RIL-b/c instruction whose field refers to a label.
void encRILLabel(MachBuffer &b, unsigned op12, unsigned r1, Label target) {
  uint32_t start = b.rawOffset();
  encRIL(b, op12, r1, 0);
  b.useLabel(start + 2, target, rilLabelUse());
}

/// An RIL-b instruction whose field refers to a symbol (relocation at the field).
void encRILReloc(MachBuffer &b, unsigned op12, unsigned r1, mach::Reloc kind,
                 const ir::ExternalName &name, int64_t addend) {
  uint32_t start = b.rawOffset();
  encRIL(b, op12, r1, 0);
  b.addReloc(start + 2, kind, name, addend + 2);
}

Reg phys(PReg p) { return Reg(p); }

void emitOne(const MInst &inst, MachBuffer &b, const EmitInfo &info);

/// Computes the address of `a` into %r1 (never touching the condition code), per `fit`.
Addr materialize(MachBuffer &b, const EmitInfo &info, const Addr &a, MemFit fit) {
  const Reg r1 = phys(regs::r1());
  auto reg = [](unsigned n) { return n ? phys(regs::gpr(n)) : Reg(); };
  switch (fit) {
  case MemFit::Direct:
    return a;
  case MemFit::ViaLay:
    emitOne(MInst::load(Form::Lay, r1, MemArg::bxd(reg(a.base), reg(a.index), int32_t(a.disp))),
            b, info);
    break;
  case MemFit::ViaLgfi:
    assert(a.base != 1 && a.index != 1 && "the address already uses %r1");
    assert(a.disp >= INT32_MIN && a.disp <= INT32_MAX);
    emitOne(MInst::loadImm(Form::Lgfi, r1, a.disp), b, info);
    if (a.base)
      emitOne(MInst::load(Form::La, r1, MemArg::bxd(reg(a.base), r1)), b, info);
    if (a.index)
      emitOne(MInst::load(Form::La, r1, MemArg::bxd(reg(a.index), r1)), b, info);
    break;
  }
  return Addr{1, 0, 0};
}

/// Emits a memory-operand row: plans the displacement, materializes if needed, records the
/// trap, and calls `enc` with the row to encode and the final address.
template <typename Enc>
void emitMem(const MInst &inst, MachBuffer &b, const EmitInfo &info, Enc &&enc) {
  const MemArg &m = inst.mem();
  Addr a = resolve(m, info);
  MemPlan plan = planMem(inst.form(), a.disp);
  a = materialize(b, info, a, plan.fit);
  if (!m.trap.isNone())
    b.addTrap(m.trap);
  enc(formInfo(plan.form), a);
}

/// The constant's bytes, most significant first.
std::array<uint8_t, 8> bigEndian8(uint64_t v) {
  std::array<uint8_t, 8> out{};
  for (unsigned i = 0; i < 8; ++i)
    out[i] = static_cast<uint8_t>(v >> (56 - 8 * i));
  return out;
}

/// larl %r1,<pool constant>; then `load` dst, 0(%r1).
void emitPoolLoad(MachBuffer &b, const EmitInfo &info, Form load, Reg dst,
                  std::span<const uint8_t> bytes, uint32_t align) {
  Label c = b.addConstant(bytes, align);
  encRILLabel(b, formInfo(Form::Larl).op, 1, c);
  emitOne(MInst::load(load, dst, MemArg::bd(phys(regs::r1()))), b, info);
}

void emitJumpTable(const MInst &inst, MachBuffer &b, const EmitInfo &info) {
  const std::vector<Label> &t = inst.jumpTargets();
  const Reg idx = inst.reg(0), r0 = phys(regs::r0()), r1 = phys(regs::r1());
  const auto n = static_cast<int64_t>(t.size() - 1);
  // Bounds check: idx >= n (unsigned: CC0 equal or CC2 high) goes to the default.
  emitOne(MInst::cmpImm(Form::Clgfi, idx, n), b, info);
  b.addBranch(t[0], kBrc, maskBits(CondMask::He));
  // r1 = table + sext(table[idx]); r0 keeps the table's address (it cannot be a base).
  Label table = b.newLabel();
  emitOne(MInst::shift(Form::Sllg, r1, idx, Reg(), 2), b, info);
  encRILLabel(b, formInfo(Form::Larl).op, 0, table);
  emitOne(MInst::alu(Form::Agr, r1, r1, r0), b, info);
  emitOne(MInst::load(Form::Lgf, r1, MemArg::bd(r1)), b, info);
  emitOne(MInst::alu(Form::Agr, r1, r1, r0), b, info);
  emitOne(MInst::branchReg(CondMask::Always, r1), b, info);
  b.bindLabel(table);
  mach::LabelUse entry{4, 0, 0, true, table};
  for (size_t i = 1; i < t.size(); ++i) {
    uint32_t at = b.rawOffset();
    b.put4(0);
    b.useLabel(at, t[i], entry);
  }
}

void emitLoadSymbol(const MInst &inst, MachBuffer &b, const EmitInfo &info) {
  const ExtNameInfo &e = inst.extName();
  const Reg dst = inst.reg(0);
  const unsigned rd = gpr(dst);
  int64_t addend = e.sym.addend;
  switch (e.kind) {
  case ExtNameKind::PcRelative: {
    // larl reaches even addresses only; an odd addend takes one `la` more.
    int64_t even = addend & ~int64_t(1);
    encRILReloc(b, formInfo(Form::Larl).op, rd, mach::Reloc::S390xPCRel32Dbl, e.sym.name, even);
    addend -= even;
    break;
  }
  case ExtNameKind::Got:
    encRILReloc(b, formInfo(Form::Lgrl).op, rd, mach::Reloc::S390xGOTEntRel32Dbl, e.sym.name, 0);
    break;
  }
  if (addend != 0) {
    assert(addend >= INT32_MIN && addend <= INT32_MAX);
    emitOne(MInst::load(Form::La, dst, MemArg::bd(dst, int32_t(addend))), b, info);
  }
}

void emitCall(const MInst &inst, MachBuffer &b) {
  const CallInfo &ci = inst.callInfo();
  uint32_t start = b.rawOffset();
  if (inst.shape() == Shape::CallKnown) {
    encRILReloc(b, inst.info().op, gpr(inst.reg(0)), mach::Reloc::S390xPLTRel32Dbl, ci.callee, 0);
    if (ci.patchable)
      b.addPatchSite(start, 6);
  } else {
    unsigned target = gpr(inst.reg(1));
    assert(target != 0 && "basr with R2 = 0 does not branch");
    encRR(b, inst.info().op, gpr(inst.reg(0)), target);
  }
  if (!ci.handlers.empty())
    b.addCallSite(start, ci.handlers);
}

void emitOne(const MInst &inst, MachBuffer &b, const EmitInfo &info) {
  const FormInfo &fi = inst.info();
  if (fi.feature && info.isaFlags)
    assert(info.isaFlags->has(*fi.feature) && "instruction needs an ISA feature not enabled");
  const unsigned op = fi.op;
  switch (fi.shape) {
  case Shape::RRBin:
    assert(inst.reg(0) == inst.reg(1));
    encRR(b, op, reg1(fi, inst.reg(0)), reg2(fi, inst.reg(2)));
    return;
  case Shape::RRUn:
  case Shape::RRCmp:
    encRR(b, op, reg1(fi, inst.reg(0)), reg2(fi, inst.reg(1)));
    return;
  case Shape::BranchReg:
    encRR(b, op, maskBits(inst.mask()), gpr(inst.reg(0)));
    return;
  case Shape::CallReg:
  case Shape::CallKnown:
    emitCall(inst, b);
    return;
  case Shape::RREBin:
    assert(inst.reg(0) == inst.reg(1));
    encRRE(b, op, reg1(fi, inst.reg(0)), reg2(fi, inst.reg(2)));
    return;
  case Shape::RREUn:
  case Shape::RRECmp:
    encRRE(b, op, reg1(fi, inst.reg(0)), reg2(fi, inst.reg(1)));
    return;
  case Shape::RREDef:
    encRRE(b, op, reg1(fi, inst.reg(0)), 0);
    return;
  case Shape::RRFa3:
    encRRF(b, op, gpr(inst.reg(2)), 0, gpr(inst.reg(0)), gpr(inst.reg(1)));
    return;
  case Shape::RRFaSel:
    encRRF(b, op, gpr(inst.reg(2)), maskBits(inst.mask()), gpr(inst.reg(0)), gpr(inst.reg(1)));
    return;
  case Shape::RRFcCMov:
    assert(inst.reg(0) == inst.reg(1));
    encRRF(b, op, maskBits(inst.mask()), 0, gpr(inst.reg(0)), gpr(inst.reg(2)));
    return;
  case Shape::RRFcUn:
    encRRF(b, op, fi.fixed, 0, gpr(inst.reg(0)), gpr(inst.reg(1)));
    return;
  case Shape::Flogr:
    assert(inst.reg(0).preg() == regs::r2() && inst.reg(1).preg() == regs::r3());
    encRRE(b, op, 2, gpr(inst.reg(2)));
    return;
  case Shape::MulWide:
  case Shape::DivS:
    assert(inst.reg(0).preg() == regs::r2() && inst.reg(1).preg() == regs::r3());
    assert(inst.reg(2).preg() == regs::r3());
    encRRE(b, op, 2, gpr(inst.reg(3)));
    return;
  case Shape::DivU:
    assert(inst.reg(0).preg() == regs::r2() && inst.reg(1).preg() == regs::r3());
    assert(inst.reg(2).preg() == regs::r2() && inst.reg(3).preg() == regs::r3());
    encRRE(b, op, 2, gpr(inst.reg(4)));
    return;
  case Shape::MulWide3:
    assert(inst.reg(0).preg() == regs::r2() && inst.reg(1).preg() == regs::r3());
    encRRF(b, op, gpr(inst.reg(3)), 0, 2, gpr(inst.reg(2)));
    return;
  case Shape::RXLoad:
  case Shape::RXStore:
  case Shape::RXYLoad:
  case Shape::RXYStore:
  case Shape::RXCmp:
  case Shape::RXYCmp:
  case Shape::RXBin:
  case Shape::RXYBin: {
    if (fi.shape == Shape::RXBin || fi.shape == Shape::RXYBin)
      assert(inst.reg(0) == inst.reg(1));
    const unsigned r = reg1(fi, inst.reg(0));
    emitMem(inst, b, info, [&](const FormInfo &row, const Addr &a) {
      if (formatOf(row.shape) == Format::RX)
        encRX(b, row.op, r, a);
      else
        encLongDisp(b, row.op, r, a.index, a.base, a.disp);
    });
    return;
  }
  case Shape::BranchMem:
    emitMem(inst, b, info, [&](const FormInfo &row, const Addr &a) {
      encRX(b, row.op, maskBits(inst.mask()), a);
    });
    return;
  case Shape::RSShift: {
    assert(inst.reg(0) == inst.reg(1));
    Addr a{addrReg(inst.mem().base), 0, inst.mem().disp};
    encRS(b, op, gpr(inst.reg(0)), 0, a);
    return;
  }
  case Shape::RSYShift:
    encLongDisp(b, op, gpr(inst.reg(0)), gpr(inst.reg(1)), addrReg(inst.mem().base),
                inst.mem().disp);
    return;
  case Shape::RSYStoreMulti:
  case Shape::RSYLoadMulti: {
    const unsigned r1 = gpr(inst.reg(0)), r3 = gpr(inst.reg(1));
    assert(inst.mem().index.isValid() == false);
    emitMem(inst, b, info, [&](const FormInfo &row, const Addr &a) {
      encLongDisp(b, row.op, r1, r3, a.base, a.disp);
    });
    return;
  }
  case Shape::VRXLoad:
  case Shape::VRXStore: {
    const unsigned v = reg1(fi, inst.reg(0));
    emitMem(inst, b, info,
            [&](const FormInfo &row, const Addr &a) { encVRX(b, row.op, v, a, row.fixed); });
    return;
  }
  case Shape::VRRUn:
    encVRRa(b, op, reg1(fi, inst.reg(0)), reg2(fi, inst.reg(1)));
    return;
  case Shape::SILStore:
  case Shape::SIStore:
  case Shape::SIYStore: {
    assert(!inst.mem().index.isValid() && "storage-immediate forms have no index");
    const auto imm = static_cast<unsigned>(inst.smallImm());
    emitMem(inst, b, info, [&](const FormInfo &row, const Addr &a) {
      Format f = formatOf(row.shape);
      if (f == Format::SIL)
        encSIL(b, row.op, a, imm);
      else if (f == Format::SI)
        encSI(b, row.op, a, imm & 0xff);
      else // SIY: the byte immediate takes the R1/X2 byte
        encLongDisp(b, row.op, (imm >> 4) & 0xf, imm & 0xf, a.base, a.disp);
    });
    return;
  }
  case Shape::RIBin:
    assert(inst.reg(0) == inst.reg(1));
    encRI(b, op, gpr(inst.reg(0)), static_cast<unsigned>(inst.imm()));
    return;
  case Shape::RILoad:
  case Shape::RICmp:
    encRI(b, op, gpr(inst.reg(0)), static_cast<unsigned>(inst.imm()));
    return;
  case Shape::RILBin:
    assert(inst.reg(0) == inst.reg(1));
    encRIL(b, op, gpr(inst.reg(0)), static_cast<uint32_t>(inst.imm()));
    return;
  case Shape::RILLoad:
  case Shape::RILCmp:
    encRIL(b, op, gpr(inst.reg(0)), static_cast<uint32_t>(inst.imm()));
    return;
  case Shape::RIEd3:
    encRIE16(b, op, gpr(inst.reg(0)), gpr(inst.reg(1)), static_cast<unsigned>(inst.imm()));
    return;
  case Shape::RIEfRot:
    assert(inst.reg(0) == inst.reg(1));
    encRIEf(b, op, gpr(inst.reg(0)), gpr(inst.reg(2)), inst.rotateImms());
    return;
  case Shape::RIEgCMov:
    assert(inst.reg(0) == inst.reg(1));
    encRIE16(b, op, gpr(inst.reg(0)), maskBits(inst.mask()), static_cast<unsigned>(inst.imm()));
    return;
  case Shape::RILbAddr:
  case Shape::RILbLoad:
  case Shape::RILbStore:
    encRILLabel(b, op, gpr(inst.reg(0)), inst.label(0));
    return;
  case Shape::BranchRel:
    if (inst.mask() == CondMask::Always && inst.label(0) == info.fallthrough)
      return;
    b.addBranch(inst.label(0), kBrc, maskBits(inst.mask()));
    return;
  case Shape::BranchRelLong:
    encRILLabel(b, op, maskBits(inst.mask()), inst.label(0));
    return;
  case Shape::Trap:
    b.addTrap(inst.trapCode());
    encE(b, op);
    return;
  case Shape::Args:
    return;
  case Shape::Rets:
    if (info.epilogue)
      info.epilogue->emitEpilogue(b);
    emitOne(MInst::branchReg(CondMask::Always, phys(regs::returnAddress())), b, info);
    return;
  case Shape::CondBranch: {
    CondMask m = inst.mask();
    Label taken = inst.label(0), notTaken = inst.label(1);
    if (taken == info.fallthrough) {
      std::swap(taken, notTaken);
      m = invert(m);
    }
    if (m != CondMask::Never)
      b.addBranch(taken, kBrc, maskBits(m));
    if (m != CondMask::Always && notTaken != info.fallthrough)
      b.addBranch(notTaken, kBrc, maskBits(CondMask::Always));
    return;
  }
  case Shape::JumpTableSeq:
    emitJumpTable(inst, b, info);
    return;
  case Shape::TrapIf: {
    CondMask m = inst.mask();
    if (m == CondMask::Never)
      return;
    if (m != CondMask::Always) {
      // Branch over the 2-byte trap: brc (not m), .+6.
      encRI(b, formInfo(Form::Brc).op, maskBits(invert(m)), 3);
    }
    emitOne(MInst::trap(inst.trapCode()), b, info);
    return;
  }
  case Shape::LoadSymbol:
    emitLoadSymbol(inst, b, info);
    return;
  case Shape::LoadConst64:
    for (const ConstStep &s : const64Steps(static_cast<uint64_t>(inst.imm()))) {
      const Reg dst = inst.reg(0);
      if (formInfo(s.form).shape == Shape::RILBin)
        emitOne(MInst::aluImm(s.form, dst, dst, s.imm), b, info);
      else
        emitOne(MInst::loadImm(s.form, dst, s.imm), b, info);
    }
    return;
  case Shape::LoadConstPool64: {
    // lgrl needs a doubleword-aligned operand: the pool keeps the alignment.
    std::array<uint8_t, 8> bytes = bigEndian8(static_cast<uint64_t>(inst.imm()));
    Label c = b.addConstant(bytes, 8);
    encRILLabel(b, formInfo(Form::Lgrl).op, gpr(inst.reg(0)), c);
    return;
  }
  case Shape::LoadFpuConst32: {
    std::array<uint8_t, 8> bytes = bigEndian8(static_cast<uint64_t>(inst.imm()) << 32);
    emitPoolLoad(b, info, Form::Le, inst.reg(0), std::span(bytes).first(4), 4);
    return;
  }
  case Shape::LoadFpuConst64: {
    std::array<uint8_t, 8> bytes = bigEndian8(static_cast<uint64_t>(inst.imm()));
    emitPoolLoad(b, info, Form::Ld, inst.reg(0), bytes, 8);
    return;
  }
  case Shape::LoadVecConst:
    emitPoolLoad(b, info, Form::Vl, inst.reg(0), inst.vecBytes(), 16);
    return;
  case Shape::Nop:
    for (unsigned left = static_cast<unsigned>(inst.smallImm()); left > 0;) {
      if (left >= 6) {
        encRIL(b, formInfo(Form::Brcl).op, 0, 0); // brcl 0,.
        left -= 6;
      } else if (left == 4) {
        encRX(b, formInfo(Form::Bc).op, 0, Addr{}); // bc 0,0
        left -= 4;
      } else {
        encRR(b, formInfo(Form::Bcr).op, 0, 7); // bcr 0,%r7
        left -= 2;
      }
    }
    return;
  }
}

} // namespace

const mach::BranchKind &relaxableBranch() { return kBrc; }

mach::LabelUse rilLabelUse() { return mach::LabelUse{4, -2, 1, true, Label{}}; }

MemPlan planMem(Form f, int64_t disp) {
  const FormInfo &fi = formInfo(f);
  bool shortDisp = false;
  switch (formatOf(fi.shape)) {
  case Format::RX:
  case Format::RS:
  case Format::SIL:
  case Format::SI:
  case Format::VRX:
    shortDisp = true;
    break;
  case Format::RXY:
  case Format::RSY:
  case Format::SIY:
    break;
  case Format::E:
  case Format::RR:
  case Format::RRE:
  case Format::RRFa:
  case Format::RRFc:
  case Format::RI:
  case Format::RIL:
  case Format::RIEd:
  case Format::RIEf:
  case Format::RIEg:
  case Format::VRRa:
  case Format::Pseudo:
    assert(false && "not a memory form");
    break;
  }
  if (shortDisp) {
    if (fits12(disp))
      return {f, MemFit::Direct};
    if (fi.longForm >= 0 && fits20(disp))
      return {static_cast<Form>(fi.longForm), MemFit::Direct};
  } else if (fits20(disp)) {
    return {f, MemFit::Direct};
  }
  return {f, fits20(disp) ? MemFit::ViaLay : MemFit::ViaLgfi};
}

void emit(const MInst &inst, mach::MachBuffer &buf, const EmitInfo &info) {
  emitOne(inst, buf, info);
}

} // namespace irc::s390x
