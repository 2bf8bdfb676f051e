// emit: encodes one allocated MInst into a MachBuffer, reading the opcode bytes, prefixes
// and ModRM layout from the instruction's Insts.def row (see Encode.h for the byte rules).
//
// Choices that follow llvm-mc, so that irc's bytes equal the assembler's for the same text:
// - an immediate that fits a signed byte uses the imm8 form (OpS) where the row has one;
// - otherwise rax/eax/ax/al with an immediate uses the accumulator form (OpA), and al always;
// - a shift by 1 uses the D1 form; mov $imm to a 8/16/32-bit register the B0/B8+r form.
// Memory accesses with a trap code record it at the instruction's start (the faulting pc).
// TrapIf is inline: `j<!cc> +2; ud2` (4 bytes, no out-of-line island), the trap recorded at
// the ud2. A Jmp (or JmpCond target) equal to EmitInfo::fallthrough is not written.
#include "target/x86_64/Encode.h"
#include "target/x86_64/MInst.h"

#include <cassert>

namespace irc::x86_64 {

namespace {

using enc::hw;
using mach::MachBuffer;

bool fitsI8(int64_t v) { return v >= -128 && v <= 127; }

unsigned digit(const FormInfo &fi) {
  assert(fi.modrm >= ModRMKind::D0 && fi.modrm <= ModRMKind::D7);
  return static_cast<unsigned>(fi.modrm) - static_cast<unsigned>(ModRMKind::D0);
}

/// Bytes of a full-size immediate: imm16 for 16-bit, else imm32 (sign-extended for 64-bit).
unsigned immBytes(OpSize s) { return s == OpSize::B ? 1 : s == OpSize::W ? 2 : 4; }

/// A byte register in hw 4..7 is spl..dil only with REX.
bool byteRex(OpSize s, Reg r) { return s == OpSize::B && byteRegNeedsRex(r.preg()); }

enc::Opcode opcode(const FormInfo &fi, OpSize s, int16_t byte) {
  assert(byte >= 0 && "the row has no opcode for this size");
  enc::Opcode op;
  op.map = fi.map;
  op.byte = static_cast<uint8_t>(byte);
  op.opsize16 = fi.w == WMode::Wsz && s == OpSize::W;
  op.rexW = fi.w == WMode::W1 || (fi.w == WMode::Wsz && s == OpSize::Q);
  return op;
}

/// The row's opcode for the size (Op8 for bytes).
enc::Opcode sizedOpcode(const FormInfo &fi, OpSize s) {
  return opcode(fi, s, s == OpSize::B ? fi.op8 : fi.op);
}

void recordTrap(MachBuffer &buf, const Amode &mem) {
  if (!mem.trap().isNone())
    buf.addTrap(mem.trap());
}

/// Register-register with the row's direction: MR puts src in ModRM.reg, RM puts dst.
/// byteOps: which of (dst, src) are byte registers (REX for spl..dil).
void emitDirRR(MachBuffer &buf, const FormInfo &fi, enc::Opcode op, Reg dst, Reg src, bool dstByte,
               bool srcByte) {
  op.forceRex =
      (dstByte && byteRegNeedsRex(dst.preg())) || (srcByte && byteRegNeedsRex(src.preg()));
  if (fi.modrm == ModRMKind::MR)
    enc::regRm(buf, op, hw(src), hw(dst));
  else
    enc::regRm(buf, op, hw(dst), hw(src));
}

/// opcode /digit with a register rm.
void emitDigitR(MachBuffer &buf, const FormInfo &fi, enc::Opcode op, Reg rm, bool rmByte) {
  op.forceRex = rmByte && byteRegNeedsRex(rm.preg());
  enc::regRm(buf, op, digit(fi), hw(rm));
}

/// Reg-with-memory: the register goes in ModRM.reg.
void emitRegMem(MachBuffer &buf, enc::Opcode op, Reg reg, bool regByte, const Amode &mem,
                unsigned immAfter) {
  recordTrap(buf, mem);
  op.forceRex = regByte && byteRegNeedsRex(reg.preg());
  enc::regMem(buf, op, hw(reg), mem, immAfter);
}

/// op $imm, %reg for AluRI/CmpRI: imm8, accumulator or full form, as llvm-mc picks.
void emitRegImm(MachBuffer &buf, const FormInfo &fi, OpSize s, Reg reg, int32_t value) {
  const bool isAcc = hw(reg) == 0;
  if (s == OpSize::B) {
    if (fi.opA >= 0 && isAcc) {
      enc::opOnly(buf, opcode(fi, s, static_cast<int16_t>(fi.opA - 1)));
    } else {
      emitDigitR(buf, fi, opcode(fi, s, fi.op8), reg, true);
    }
    enc::imm(buf, value, 1);
    return;
  }
  if (fi.opS >= 0 && fitsI8(value)) {
    emitDigitR(buf, fi, opcode(fi, s, fi.opS), reg, false);
    enc::imm(buf, value, 1);
  } else if (fi.opA >= 0 && isAcc) {
    enc::opOnly(buf, opcode(fi, s, fi.opA));
    enc::imm(buf, value, immBytes(s));
  } else {
    emitDigitR(buf, fi, opcode(fi, s, fi.op), reg, false);
    enc::imm(buf, value, immBytes(s));
  }
}

/// op $imm, mem for AluMI/CmpMI/MovMI.
void emitMemImm(MachBuffer &buf, const FormInfo &fi, OpSize s, const Amode &mem, int32_t value) {
  recordTrap(buf, mem);
  if (s == OpSize::B) {
    enc::regMem(buf, opcode(fi, s, fi.op8), digit(fi), mem, 1);
    enc::imm(buf, value, 1);
  } else if (fi.opS >= 0 && fitsI8(value)) {
    enc::regMem(buf, opcode(fi, s, fi.opS), digit(fi), mem, 1);
    enc::imm(buf, value, 1);
  } else {
    enc::regMem(buf, opcode(fi, s, fi.op), digit(fi), mem, immBytes(s));
    enc::imm(buf, value, immBytes(s));
  }
}

void emitBranch(MachBuffer &buf, Label target, const mach::BranchKind &kind, uint32_t payload) {
  buf.addBranch(target, kind, payload);
}

void emitJmpTable(MachBuffer &buf, const MInst &inst) {
  // lea table(%rip), tmp1; movslq (tmp1,idx,4), tmp2; addq tmp1, tmp2; jmpq *tmp2; table:
  const Reg idx = inst.reg(0), tmp1 = inst.reg(1), tmp2 = inst.reg(2);
  Label table = buf.newLabel();
  emit(MInst::rm(Form::Lea, OpSize::Q, tmp1, Amode::rip(table)), buf, EmitInfo{});
  emit(MInst::rm(Form::MovslRM, OpSize::Q, tmp2, Amode::baseIndex(tmp1, idx, 4)), buf, EmitInfo{});
  emit(MInst::aluRR(Form::AddRR, OpSize::Q, tmp2, tmp2, tmp1), buf, EmitInfo{});
  emit(MInst::jmpReg(tmp2), buf, EmitInfo{});
  buf.bindLabel(table);
  for (Label target : inst.jumpTargets()) {
    uint32_t field = buf.rawOffset();
    buf.put4(0);
    buf.useLabel(field, target, mach::LabelUse{4, 0, 0, false, table});
  }
}

void emitLoadExtName(MachBuffer &buf, const MInst &inst) {
  const ExtNameInfo &en = inst.extName();
  const Reg dst = inst.reg(0);
  switch (en.kind) {
  case ExtNameKind::RipRelative:
    emit(MInst::rm(Form::Lea, OpSize::Q, dst, Amode::rip(en.sym.name, en.sym.addend)), buf,
         EmitInfo{});
    return;
  case ExtNameKind::Absolute: {
    enc::opReg(buf, opcode(formInfo(Form::MovAbsRI), OpSize::Q, formInfo(Form::MovAbsRI).op),
               hw(dst));
    buf.addReloc(buf.rawOffset(), mach::Reloc::Abs8, en.sym.name, en.sym.addend);
    buf.put8(0);
    return;
  }
  case ExtNameKind::Got: {
    // movq sym@GOTPCREL(%rip), %dst [; leaq addend(%dst), %dst]
    const FormInfo &mov = formInfo(Form::MovRM);
    enc::regRipReloc(buf, opcode(mov, OpSize::Q, mov.op), hw(dst), mach::Reloc::X86GOTPCRel4,
                     en.sym.name, 0, 0);
    if (en.sym.addend != 0)
      emit(MInst::rm(Form::Lea, OpSize::Q, dst,
                     Amode::base(dst, static_cast<int32_t>(en.sym.addend))),
           buf, EmitInfo{});
    return;
  }
  }
}

void emitNops(MachBuffer &buf, unsigned length) {
  // Recommended multi-byte NOPs (the forms llvm-mc's .nops writes), at most 9 bytes each.
  static constexpr uint8_t kNops[9][9] = {
      {0x90},
      {0x66, 0x90},
      {0x0F, 0x1F, 0x00},
      {0x0F, 0x1F, 0x40, 0x00},
      {0x0F, 0x1F, 0x44, 0x00, 0x00},
      {0x66, 0x0F, 0x1F, 0x44, 0x00, 0x00},
      {0x0F, 0x1F, 0x80, 0x00, 0x00, 0x00, 0x00},
      {0x0F, 0x1F, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00},
      {0x66, 0x0F, 0x1F, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00},
  };
  while (length > 0) {
    unsigned n = length > 9 ? 9 : length;
    buf.putBytes(std::span<const uint8_t>(kNops[n - 1], n));
    length -= n;
  }
}

} // namespace

void emit(const MInst &inst, MachBuffer &buf, const EmitInfo &info) {
  const FormInfo &fi = inst.info();
  const OpSize s = inst.size();
  assert(!fi.feature || !info.isaFlags || info.isaFlags->has(*fi.feature));
  switch (fi.shape) {
  case Shape::AluRR:
  case Shape::CmovRR: {
    assert(inst.reg(0) == inst.reg(1) && "two-address dst and src1 differ");
    enc::Opcode op = sizedOpcode(fi, s);
    if (fi.shape == Shape::CmovRR)
      op.byte = static_cast<uint8_t>(op.byte + static_cast<uint8_t>(inst.cond()));
    emitDirRR(buf, fi, op, inst.reg(0), inst.reg(2), s == OpSize::B, s == OpSize::B);
    return;
  }
  case Shape::CmpRR:
    emitDirRR(buf, fi, sizedOpcode(fi, s), inst.reg(0), inst.reg(1), s == OpSize::B,
              s == OpSize::B);
    return;
  case Shape::MovRR:
  case Shape::UnRR:
  case Shape::XmmRR:
  case Shape::GprToXmm:
  case Shape::XmmToGpr:
  case Shape::Ext16RR:
  case Shape::Ext32RR:
    emitDirRR(buf, fi, sizedOpcode(fi, s), inst.reg(0), inst.reg(1), s == OpSize::B,
              s == OpSize::B && fi.shape == Shape::MovRR);
    return;
  case Shape::Ext8RR:
    emitDirRR(buf, fi, sizedOpcode(fi, s), inst.reg(0), inst.reg(1), false, true);
    return;
  case Shape::AluRM:
  case Shape::CmovRM: {
    assert(inst.reg(0) == inst.reg(1) && "two-address dst and src1 differ");
    enc::Opcode op = sizedOpcode(fi, s);
    if (fi.shape == Shape::CmovRM)
      op.byte = static_cast<uint8_t>(op.byte + static_cast<uint8_t>(inst.cond()));
    emitRegMem(buf, op, inst.reg(0), s == OpSize::B, inst.mem(), 0);
    return;
  }
  case Shape::CmpRM:
  case Shape::AluMR:
  case Shape::CmpMR:
  case Shape::MovRM:
  case Shape::MovMR:
  case Shape::UnRM:
  case Shape::XmmRM:
  case Shape::XmmMR:
  case Shape::Ext8RM:
  case Shape::Ext16RM:
  case Shape::Ext32RM:
    emitRegMem(buf, sizedOpcode(fi, s), inst.reg(0), s == OpSize::B, inst.mem(), 0);
    return;
  case Shape::Lea: {
    // No access: a trap code on the Amode is not recorded.
    enc::regMem(buf, sizedOpcode(fi, s), hw(inst.reg(0)), inst.mem(), 0);
    return;
  }
  case Shape::AluRI:
    assert(inst.reg(0) == inst.reg(1) && "two-address dst and src1 differ");
    emitRegImm(buf, fi, s, inst.reg(0), inst.imm());
    return;
  case Shape::CmpRI:
    emitRegImm(buf, fi, s, inst.reg(0), inst.imm());
    return;
  case Shape::AluMI:
  case Shape::CmpMI:
  case Shape::MovMI:
    emitMemImm(buf, fi, s, inst.mem(), inst.imm());
    return;
  case Shape::UnaryR:
    assert(inst.reg(0) == inst.reg(1) && "two-address dst and src1 differ");
    if (fi.modrm == ModRMKind::O)
      enc::opReg(buf, sizedOpcode(fi, s), hw(inst.reg(0)));
    else
      emitDigitR(buf, fi, sizedOpcode(fi, s), inst.reg(0), s == OpSize::B);
    return;
  case Shape::ShiftRCl:
    assert(inst.reg(0) == inst.reg(1) && "two-address dst and src1 differ");
    assert(hw(inst.reg(2)) == regs::rcx().hw() && "shift count must be in %cl");
    emitDigitR(buf, fi, sizedOpcode(fi, s), inst.reg(0), s == OpSize::B);
    return;
  case Shape::ShiftRI:
    assert(inst.reg(0) == inst.reg(1) && "two-address dst and src1 differ");
    if (inst.imm() == 1) {
      emitDigitR(buf, fi, opcode(fi, s, s == OpSize::B ? fi.opS - 1 : fi.opS), inst.reg(0),
                 s == OpSize::B);
    } else {
      emitDigitR(buf, fi, sizedOpcode(fi, s), inst.reg(0), s == OpSize::B);
      enc::imm(buf, inst.imm(), 1);
    }
    return;
  case Shape::ImulRRI: {
    const bool short8 = fitsI8(inst.imm());
    emitDirRR(buf, fi, opcode(fi, s, short8 ? fi.opS : fi.op), inst.reg(0), inst.reg(1), false,
              false);
    enc::imm(buf, inst.imm(), short8 ? 1 : immBytes(s));
    return;
  }
  case Shape::ImulRMI: {
    const bool short8 = fitsI8(inst.imm());
    const unsigned n = short8 ? 1 : immBytes(s);
    emitRegMem(buf, opcode(fi, s, short8 ? fi.opS : fi.op), inst.reg(0), false, inst.mem(), n);
    enc::imm(buf, inst.imm(), n);
    return;
  }
  case Shape::MulWide:
  case Shape::Mul8:
    emitDigitR(buf, fi, sizedOpcode(fi, s), inst.reg(3), s == OpSize::B);
    return;
  case Shape::DivWide:
  case Shape::Div8: {
    if (!inst.trapCode().isNone())
      buf.addTrap(inst.trapCode());
    Reg divisor = inst.reg(fi.shape == Shape::DivWide ? 4 : 3);
    emitDigitR(buf, fi, sizedOpcode(fi, s), divisor, s == OpSize::B);
    return;
  }
  case Shape::SignExtend:
    enc::opOnly(buf, sizedOpcode(fi, s));
    return;
  case Shape::Setcc: {
    enc::Opcode op = sizedOpcode(fi, s);
    op.byte = static_cast<uint8_t>(op.byte + static_cast<uint8_t>(inst.cond()));
    emitDigitR(buf, fi, op, inst.reg(0), true);
    return;
  }
  case Shape::MovRI: {
    const Reg dst = inst.reg(0);
    if (s == OpSize::Q) {
      emitDigitR(buf, fi, opcode(fi, s, fi.op), dst, false);
      enc::imm(buf, inst.imm(), 4);
    } else {
      enc::Opcode op = opcode(fi, s, s == OpSize::B ? fi.op8 : fi.opA);
      op.forceRex = byteRex(s, dst);
      enc::opReg(buf, op, hw(dst));
      enc::imm(buf, inst.imm(), immBytes(s));
    }
    return;
  }
  case Shape::MovAbsRI:
    enc::opReg(buf, sizedOpcode(fi, s), hw(inst.reg(0)));
    enc::imm(buf, inst.imm64(), 8);
    return;
  case Shape::ZeroR:
    emitDirRR(buf, fi, sizedOpcode(fi, s), inst.reg(0), inst.reg(0), false, false);
    return;
  case Shape::PushR:
  case Shape::PopR:
    enc::opReg(buf, sizedOpcode(fi, s), hw(inst.reg(0)));
    return;
  case Shape::Jmp:
    if (inst.label(0) != info.fallthrough)
      emitBranch(buf, inst.label(0), enc::kJmp, 0);
    return;
  case Shape::JmpCond: {
    const Label taken = inst.label(0), notTaken = inst.label(1);
    const CondCode cc = inst.cond();
    if (taken == notTaken) {
      if (taken != info.fallthrough)
        emitBranch(buf, taken, enc::kJmp, 0);
    } else if (notTaken == info.fallthrough) {
      emitBranch(buf, taken, enc::kJcc, static_cast<uint32_t>(cc));
    } else if (taken == info.fallthrough) {
      emitBranch(buf, notTaken, enc::kJcc, static_cast<uint32_t>(invert(cc)));
    } else {
      emitBranch(buf, taken, enc::kJcc, static_cast<uint32_t>(cc));
      emitBranch(buf, notTaken, enc::kJmp, 0);
    }
    return;
  }
  case Shape::JmpR:
    emitDigitR(buf, fi, sizedOpcode(fi, s), inst.reg(0), false);
    return;
  case Shape::JmpM:
    recordTrap(buf, inst.mem());
    enc::regMem(buf, sizedOpcode(fi, s), digit(fi), inst.mem(), 0);
    return;
  case Shape::CallR: {
    const uint32_t start = buf.rawOffset();
    emitDigitR(buf, fi, sizedOpcode(fi, s), inst.reg(0), false);
    if (!inst.callInfo().handlers.empty())
      buf.addCallSite(start, inst.callInfo().handlers);
    return;
  }
  case Shape::CallM: {
    const CallInfo &ci = inst.callInfo();
    const uint32_t start = buf.rawOffset();
    recordTrap(buf, ci.targetMem);
    enc::regMem(buf, sizedOpcode(fi, s), digit(fi), ci.targetMem, 0);
    if (!ci.handlers.empty())
      buf.addCallSite(start, ci.handlers);
    return;
  }
  case Shape::CallKnown: {
    const CallInfo &ci = inst.callInfo();
    const uint32_t start = buf.rawOffset();
    enc::opOnly(buf, sizedOpcode(fi, s));
    buf.addReloc(buf.rawOffset(), mach::Reloc::X86CallPLTRel4, ci.callee, -4);
    buf.put4(0);
    if (ci.patchable)
      buf.addPatchSite(start, buf.rawOffset() - start);
    if (!ci.handlers.empty())
      buf.addCallSite(start, ci.handlers);
    return;
  }
  case Shape::Ret:
    enc::opOnly(buf, sizedOpcode(fi, s));
    return;
  case Shape::RetImm:
    enc::opOnly(buf, sizedOpcode(fi, s));
    enc::imm(buf, inst.imm(), 2);
    return;
  case Shape::Ud2:
    if (!inst.trapCode().isNone())
      buf.addTrap(inst.trapCode());
    enc::opOnly(buf, sizedOpcode(fi, s));
    return;
  case Shape::Args:
    return;
  case Shape::Rets:
    if (info.epilogue)
      info.epilogue->emitEpilogue(buf);
    else
      emit(MInst::ret(), buf, info);
    return;
  case Shape::JmpTableSeq:
    emitJmpTable(buf, inst);
    return;
  case Shape::TrapIf: {
    // j<!cc> over the 2-byte ud2.
    const FormInfo &jcc = formInfo(Form::JmpCond);
    buf.put1(static_cast<uint8_t>(jcc.opS + static_cast<uint8_t>(invert(inst.cond()))));
    buf.put1(2);
    emit(MInst::ud2(inst.trapCode()), buf, info);
    return;
  }
  case Shape::LoadExtName:
    emitLoadExtName(buf, inst);
    return;
  case Shape::Nop:
    emitNops(buf, inst.nopLength());
    return;
  }
}

} // namespace irc::x86_64
