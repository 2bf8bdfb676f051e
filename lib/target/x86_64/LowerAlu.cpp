// LowerAlu: x86_64 lowering of integer constants, add/sub/mul, bitwise logic, compares,
// selects, extensions, min/max/abs, the overflow and carry ops, and lowerCondition (what
// brif, select and the conditional traps branch on). Shifts and bit counts live in
// LowerBits.cpp, multiply-high and division in LowerDivision.cpp; LowerAluParts.h says
// what they share and the conventions all three keep.
//
// Rules try the most specific form first: an immediate operand (imm32, sign-extended), then
// a load sunk into the instruction (exact width only), then registers. Commutative ops look
// at both sides; a compare with the constant or load on the left swaps its condition.
#include "target/x86_64/LowerAluParts.h"

#include "target/x86_64/Backend.h"

#include <cstdint>

namespace irc::x86_64 {

using ir::Opcode;

OpSize opSizeOf(ir::Type t) {
  switch (t.bits()) {
  case 8:
    return OpSize::B;
  case 16:
    return OpSize::W;
  case 32:
    return OpSize::L;
  default:
    return OpSize::Q;
  }
}

namespace alu {

ir::Type resultType(const LowerCtx &ctx, ir::Inst inst) {
  const ir::DataFlowGraph &dfg = ctx.dfg();
  if (dfg.hasResults(inst))
    return dfg.valueType(dfg.firstResult(inst));
  return dfg.valueType(dfg.inst(inst).arg(0));
}

OpSize sizeNoByte(ir::Type t) { return t.bits() <= 8 ? OpSize::L : opSizeOf(t); }
OpSize atLeast32(ir::Type t) { return t.bits() <= 32 ? OpSize::L : OpSize::Q; }

std::optional<int32_t> immOperand(const LowerCtx &ctx, ir::Value v, ir::Type t) {
  if (!t.isInt() || t.bits() > 64)
    return std::nullopt;
  auto k = ctx.inputAsSignedConst(v);
  if (!k || *k < INT32_MIN || *k > INT32_MAX)
    return std::nullopt;
  return static_cast<int32_t>(*k);
}

std::optional<Amode> sinkLoadOperand(LowerCtx &ctx, ir::Value v, ir::Type t, ir::Inst user) {
  if (!t.isInt() || t.bits() > 64)
    return std::nullopt;
  if (user.isValid())
    for (ir::Value r : ctx.dfg().results(user))
      if (ctx.useCount(r) > 1)
        return std::nullopt;
  auto ld = ctx.sinkableLoad(v, t.bits());
  if (!ld)
    return std::nullopt;
  const ir::InstData &d = ctx.dfg().inst(*ld);
  const ir::MemFlags &flags = ctx.dfg().memFlags(*ld);
  if (d.opcode != Opcode::Load || flags.endianness() == ir::Endianness::Big)
    return std::nullopt;
  ctx.sinkInst(*ld);
  return lowerAddress(ctx, d.arg(0), d.offset()).withTrap(flags.trapCode());
}

Reg tmpInt(LowerCtx &ctx) { return Reg(ctx.tmp(RegClass::Int)); }

void emitConst(LowerCtx &ctx, Reg dst, uint64_t value) {
  ctx.emit(MInst::loadConst64(dst, value));
}

void emitExtend(LowerCtx &ctx, Reg dst, Reg src, unsigned fromBits, unsigned toBits,
                bool isSigned) {
  // Zero-extension to 32 bits also clears bits 32..63; sign-extension needs the size.
  const OpSize s = toBits > 32 ? OpSize::Q : OpSize::L;
  switch (fromBits) {
  case 8:
    ctx.emit(isSigned ? MInst::rr(Form::MovsbRR, s, dst, src)
                      : MInst::rr(Form::MovzbRR, OpSize::L, dst, src));
    return;
  case 16:
    ctx.emit(isSigned ? MInst::rr(Form::MovswRR, s, dst, src)
                      : MInst::rr(Form::MovzwRR, OpSize::L, dst, src));
    return;
  case 32:
    ctx.emit(isSigned ? MInst::rr(Form::MovslRR, OpSize::Q, dst, src)
                      : MInst::rr(Form::MovRR, OpSize::L, dst, src));
    return;
  default:
    ctx.emit(MInst::genMove(dst, src, RegClass::Int));
    return;
  }
}

namespace {

/// Flags of a 128-bit compare: eq/ne from the or of both halves' xor; the ordered ones from
/// cmp low, sbb high (which leaves the signed and unsigned less-than flags of a - b).
CondCode emitCompare128(LowerCtx &ctx, ir::IntCC cc, ir::Value a, ir::Value b) {
  using ir::IntCC;
  if (cc == IntCC::Sgt || cc == IntCC::Sle || cc == IntCC::Ugt || cc == IntCC::Ule) {
    std::swap(a, b);
    cc = ir::swapped(cc);
  }
  mach::ValueRegs ra = ctx.putInRegs(a), rb = ctx.putInRegs(b);
  if (cc == IntCC::Eq || cc == IntCC::Ne) {
    Reg lo = tmpInt(ctx), hi = tmpInt(ctx), any = tmpInt(ctx);
    ctx.emit(MInst::aluRR(Form::XorRR, OpSize::Q, lo, ra.regs[0], rb.regs[0]));
    ctx.emit(MInst::aluRR(Form::XorRR, OpSize::Q, hi, ra.regs[1], rb.regs[1]));
    ctx.emit(MInst::aluRR(Form::OrRR, OpSize::Q, any, lo, hi));
    return condOf(cc);
  }
  ctx.emit(MInst::cmpRR(Form::CmpRR, OpSize::Q, ra.regs[0], rb.regs[0]));
  ctx.emit(MInst::aluRR(Form::SbbRR, OpSize::Q, tmpInt(ctx), ra.regs[1], rb.regs[1]));
  return condOf(cc);
}

} // namespace

CondCode emitCompare(LowerCtx &ctx, ir::IntCC cc, ir::Value a, ir::Value b,
                     std::optional<ir::Inst> foldInto) {
  const ir::Type t = ctx.dfg().valueType(a);
  if (t.bits() > 64)
    return emitCompare128(ctx, cc, a, b);
  const OpSize s = opSizeOf(t);
  // `cmp $0, r` and `test r, r` leave the same flags (CF and OF clear).
  auto cmpImm = [&](Reg r, int32_t k) {
    ctx.emit(k == 0 ? MInst::cmpRR(Form::TestRR, s, r, r) : MInst::cmpRI(Form::CmpRI, s, r, k));
  };
  if (auto k = immOperand(ctx, b, t)) {
    if (auto m = foldInto ? sinkLoadOperand(ctx, a, t, *foldInto) : std::nullopt)
      ctx.emit(MInst::cmpMI(Form::CmpMI, s, *m, *k));
    else
      cmpImm(ctx.putInReg(a), *k);
    return condOf(cc);
  }
  if (auto k = immOperand(ctx, a, t)) {
    if (auto m = foldInto ? sinkLoadOperand(ctx, b, t, *foldInto) : std::nullopt)
      ctx.emit(MInst::cmpMI(Form::CmpMI, s, *m, *k));
    else
      cmpImm(ctx.putInReg(b), *k);
    return condOf(ir::swapped(cc));
  }
  if (foldInto) {
    if (auto m = sinkLoadOperand(ctx, b, t, *foldInto)) {
      ctx.emit(MInst::cmpRM(Form::CmpRM, s, ctx.putInReg(a), *m));
      return condOf(cc);
    }
    if (auto m = sinkLoadOperand(ctx, a, t, *foldInto)) {
      ctx.emit(MInst::cmpMR(Form::CmpMR, s, *m, ctx.putInReg(b)));
      return condOf(cc);
    }
  }
  ctx.emit(MInst::cmpRR(Form::CmpRR, s, ctx.putInReg(a), ctx.putInReg(b)));
  return condOf(cc);
}

} // namespace alu

using namespace alu;

namespace {

/// The register, immediate and memory forms of one two-address ALU operation.
struct AluForms {
  Form rr, rm, ri;
};
constexpr AluForms kAdd{Form::AddRR, Form::AddRM, Form::AddRI};
constexpr AluForms kSub{Form::SubRR, Form::SubRM, Form::SubRI};
constexpr AluForms kAnd{Form::AndRR, Form::AndRM, Form::AndRI};
constexpr AluForms kOr{Form::OrRR, Form::OrRM, Form::OrRI};
constexpr AluForms kXor{Form::XorRR, Form::XorRM, Form::XorRI};

/// dst = a op b for a type of 8..64 bits, folding an immediate or a load (either side when
/// commutative). Every form leaves the same flags, which the overflow ops read.
void emitAluBinary(LowerCtx &ctx, ir::Inst inst, const AluForms &f, bool commutative,
                   ir::Type t, Reg dst, ir::Value a, ir::Value b) {
  const OpSize s = opSizeOf(t);
  if (auto k = immOperand(ctx, b, t)) {
    ctx.emit(MInst::aluRI(f.ri, s, dst, ctx.putInReg(a), *k));
    return;
  }
  if (commutative) {
    if (auto k = immOperand(ctx, a, t)) {
      ctx.emit(MInst::aluRI(f.ri, s, dst, ctx.putInReg(b), *k));
      return;
    }
  }
  if (auto m = sinkLoadOperand(ctx, b, t, inst)) {
    ctx.emit(MInst::aluRM(f.rm, s, dst, ctx.putInReg(a), *m));
    return;
  }
  if (commutative) {
    if (auto m = sinkLoadOperand(ctx, a, t, inst)) {
      ctx.emit(MInst::aluRM(f.rm, s, dst, ctx.putInReg(b), *m));
      return;
    }
  }
  ctx.emit(MInst::aluRR(f.rr, s, dst, ctx.putInReg(a), ctx.putInReg(b)));
}

/// An i128 operation done on each half: `lo` on the low halves, `hi` on the high ones
/// (adc/sbb after add/sub carries between them).
void emitAluPair(LowerCtx &ctx, ir::Inst inst, Form lo, Form hi) {
  const ir::InstData &d = ctx.dfg().inst(inst);
  mach::ValueRegs out = ctx.outputRegs(inst);
  mach::ValueRegs a = ctx.putInRegs(d.arg(0)), b = ctx.putInRegs(d.arg(1));
  ctx.emit(MInst::aluRR(lo, OpSize::Q, out.regs[0], a.regs[0], b.regs[0]));
  ctx.emit(MInst::aluRR(hi, OpSize::Q, out.regs[1], a.regs[1], b.regs[1]));
}

bool lowerBinaryAlu(LowerCtx &ctx, ir::Inst inst, const AluForms &f, bool commutative,
                    Form hiForm) {
  const ir::InstData &d = ctx.dfg().inst(inst);
  const ir::Type t = resultType(ctx, inst);
  if (!t.isInt())
    return false;
  if (t.bits() > 64) {
    emitAluPair(ctx, inst, f.rr, hiForm);
    return true;
  }
  emitAluBinary(ctx, inst, f, commutative, t, ctx.outputReg(inst), d.arg(0), d.arg(1));
  return true;
}

bool lowerIconst(LowerCtx &ctx, ir::Inst inst) {
  const ir::Value v = ctx.dfg().firstResult(inst);
  const uint64_t k = *ctx.inputAsConst(v);
  const Reg dst = ctx.outputReg(inst);
  // Zero as `xorl %r, %r` (shorter, and a recognized dependency-breaking idiom). It
  // clobbers the flags, which is safe only here: an iconst is its own group (the driver
  // flushes each IR instruction's group whole, mach/Lower.h), and every flag producer is
  // in the same group as its consumer, so no flags are live between groups.
  if (k == 0) {
    ctx.emit(MInst::zero(dst));
    return true;
  }
  // A narrow constant's upper bits are free: movl is the shortest for all of them.
  if (ctx.dfg().valueType(v).bits() <= 32)
    ctx.emit(MInst::movRI(OpSize::L, dst, static_cast<int32_t>(static_cast<uint32_t>(k))));
  else
    emitConst(ctx, dst, k);
  return true;
}

bool lowerImul(LowerCtx &ctx, ir::Inst inst) {
  const ir::InstData &d = ctx.dfg().inst(inst);
  const ir::Type t = resultType(ctx, inst);
  if (t.bits() > 64) {
    // (ah:al) * (bh:bl) mod 2^128 = al*bl (wide) + ((al*bh + ah*bl) << 64).
    mach::ValueRegs out = ctx.outputRegs(inst);
    mach::ValueRegs a = ctx.putInRegs(d.arg(0)), b = ctx.putInRegs(d.arg(1));
    Reg cross1 = tmpInt(ctx), cross2 = tmpInt(ctx), hiPart = tmpInt(ctx), sum = tmpInt(ctx);
    ctx.emit(MInst::aluRR(Form::ImulRR, OpSize::Q, cross1, a.regs[0], b.regs[1]));
    ctx.emit(MInst::aluRR(Form::ImulRR, OpSize::Q, cross2, a.regs[1], b.regs[0]));
    ctx.emit(MInst::aluRR(Form::AddRR, OpSize::Q, sum, cross1, cross2));
    ctx.emit(MInst::mulWide(Form::MulR, OpSize::Q, out.regs[0], hiPart, a.regs[0], b.regs[0]));
    ctx.emit(MInst::aluRR(Form::AddRR, OpSize::Q, out.regs[1], hiPart, sum));
    return true;
  }
  const OpSize s = sizeNoByte(t);
  const Reg dst = ctx.outputReg(inst);
  ir::Value a = d.arg(0), b = d.arg(1);
  if (auto k = immOperand(ctx, b, t)) {
    ctx.emit(MInst::imulRRI(s, dst, ctx.putInReg(a), *k));
    return true;
  }
  if (auto k = immOperand(ctx, a, t)) {
    ctx.emit(MInst::imulRRI(s, dst, ctx.putInReg(b), *k));
    return true;
  }
  if (t.bits() >= 16) {
    if (auto m = sinkLoadOperand(ctx, b, t, inst)) {
      ctx.emit(MInst::aluRM(Form::ImulRM, s, dst, ctx.putInReg(a), *m));
      return true;
    }
    if (auto m = sinkLoadOperand(ctx, a, t, inst)) {
      ctx.emit(MInst::aluRM(Form::ImulRM, s, dst, ctx.putInReg(b), *m));
      return true;
    }
  }
  ctx.emit(MInst::aluRR(Form::ImulRR, s, dst, ctx.putInReg(a), ctx.putInReg(b)));
  return true;
}

bool lowerUnary(LowerCtx &ctx, ir::Inst inst, Form f) {
  const ir::InstData &d = ctx.dfg().inst(inst);
  const ir::Type t = resultType(ctx, inst);
  if (!t.isInt())
    return false;
  if (t.bits() > 64) {
    mach::ValueRegs out = ctx.outputRegs(inst), a = ctx.putInRegs(d.arg(0));
    if (f == Form::NotR) {
      ctx.emit(MInst::unary(Form::NotR, OpSize::Q, out.regs[0], a.regs[0]));
      ctx.emit(MInst::unary(Form::NotR, OpSize::Q, out.regs[1], a.regs[1]));
      return true;
    }
    // ineg: 0 - a, as sub/sbb from zero.
    Reg zeroLo = tmpInt(ctx), zeroHi = tmpInt(ctx);
    emitConst(ctx, zeroLo, 0);
    emitConst(ctx, zeroHi, 0);
    ctx.emit(MInst::aluRR(Form::SubRR, OpSize::Q, out.regs[0], zeroLo, a.regs[0]));
    ctx.emit(MInst::aluRR(Form::SbbRR, OpSize::Q, out.regs[1], zeroHi, a.regs[1]));
    return true;
  }
  ctx.emit(MInst::unary(f, opSizeOf(t), ctx.outputReg(inst), ctx.putInReg(d.arg(0))));
  return true;
}

/// band_not / bor_not / bxor_not: a op ~b (a constant b is inverted at compile time).
bool lowerAluNot(LowerCtx &ctx, ir::Inst inst, const AluForms &f) {
  const ir::InstData &d = ctx.dfg().inst(inst);
  const ir::Type t = resultType(ctx, inst);
  if (!t.isInt())
    return false;
  if (t.bits() > 64) {
    mach::ValueRegs out = ctx.outputRegs(inst);
    mach::ValueRegs a = ctx.putInRegs(d.arg(0)), b = ctx.putInRegs(d.arg(1));
    for (unsigned k = 0; k < 2; ++k) {
      Reg nb = tmpInt(ctx);
      ctx.emit(MInst::unary(Form::NotR, OpSize::Q, nb, b.regs[k]));
      ctx.emit(MInst::aluRR(f.rr, OpSize::Q, out.regs[k], a.regs[k], nb));
    }
    return true;
  }
  const OpSize s = opSizeOf(t);
  const Reg dst = ctx.outputReg(inst);
  if (auto k = immOperand(ctx, d.arg(1), t)) {
    ctx.emit(MInst::aluRI(f.ri, s, dst, ctx.putInReg(d.arg(0)), ~*k));
    return true;
  }
  Reg nb = tmpInt(ctx);
  ctx.emit(MInst::unary(Form::NotR, s, nb, ctx.putInReg(d.arg(1))));
  ctx.emit(MInst::aluRR(f.rr, s, dst, ctx.putInReg(d.arg(0)), nb));
  return true;
}

bool lowerIabs(LowerCtx &ctx, ir::Inst inst) {
  const ir::Type t = resultType(ctx, inst);
  if (t.bits() > 64) {
    // (x ^ s) - s with s = all sign bits.
    mach::ValueRegs x = ctx.putInRegs(ctx.dfg().inst(inst).arg(0));
    mach::ValueRegs out = ctx.outputRegs(inst);
    Reg sign = tmpInt(ctx), lo = tmpInt(ctx), hi = tmpInt(ctx);
    ctx.emit(MInst::shiftImm(Form::SarRI, OpSize::Q, sign, x.regs[1], 63));
    ctx.emit(MInst::aluRR(Form::XorRR, OpSize::Q, lo, x.regs[0], sign));
    ctx.emit(MInst::aluRR(Form::XorRR, OpSize::Q, hi, x.regs[1], sign));
    ctx.emit(MInst::aluRR(Form::SubRR, OpSize::Q, out.regs[0], lo, sign));
    ctx.emit(MInst::aluRR(Form::SbbRR, OpSize::Q, out.regs[1], hi, sign));
    return true;
  }
  // neg leaves SF set when the input was positive: then the input is the answer (and for
  // MIN, whose negation is itself).
  const Reg src = ctx.putInReg(ctx.dfg().inst(inst).arg(0));
  const Reg neg = tmpInt(ctx);
  ctx.emit(MInst::unary(Form::NegR, opSizeOf(t), neg, src));
  ctx.emit(MInst::cmovRR(CondCode::S, sizeNoByte(t), ctx.outputReg(inst), neg, src));
  return true;
}

/// smin/smax/umin/umax: a when `a cc b`, else b.
bool lowerMinMax(LowerCtx &ctx, ir::Inst inst, ir::IntCC takeA) {
  const ir::InstData &d = ctx.dfg().inst(inst);
  const ir::Type t = resultType(ctx, inst);
  const CondCode cc = emitCompare(ctx, takeA, d.arg(0), d.arg(1), std::nullopt);
  mach::ValueRegs a = ctx.putInRegs(d.arg(0)), b = ctx.putInRegs(d.arg(1));
  mach::ValueRegs out = ctx.outputRegs(inst);
  const OpSize s = t.bits() > 64 ? OpSize::Q : sizeNoByte(t);
  for (unsigned k = 0; k < out.count; ++k)
    ctx.emit(MInst::cmovRR(cc, s, out.regs[k], b.regs[k], a.regs[k]));
  return true;
}

bool lowerSelect(LowerCtx &ctx, ir::Inst inst) {
  const ir::InstData &d = ctx.dfg().inst(inst);
  const ir::Type t = resultType(ctx, inst);
  if (!t.isInt())
    return false;
  const CondCode cc = lowerCondition(ctx, d.arg(0));
  if (t.bits() > 64) {
    mach::ValueRegs out = ctx.outputRegs(inst);
    mach::ValueRegs x = ctx.putInRegs(d.arg(1)), y = ctx.putInRegs(d.arg(2));
    ctx.emit(MInst::cmovRR(cc, OpSize::Q, out.regs[0], y.regs[0], x.regs[0]));
    ctx.emit(MInst::cmovRR(cc, OpSize::Q, out.regs[1], y.regs[1], x.regs[1]));
    return true;
  }
  ctx.emit(MInst::cmovRR(cc, sizeNoByte(t), ctx.outputReg(inst), ctx.putInReg(d.arg(2)),
                         ctx.putInReg(d.arg(1))));
  return true;
}

bool lowerBitselect(LowerCtx &ctx, ir::Inst inst) {
  const ir::InstData &d = ctx.dfg().inst(inst);
  const ir::Type t = resultType(ctx, inst);
  if (!t.isInt())
    return false;
  // (x & c) | (y & ~c), per 64-bit half.
  mach::ValueRegs out = ctx.outputRegs(inst);
  mach::ValueRegs c = ctx.putInRegs(d.arg(0)), x = ctx.putInRegs(d.arg(1)),
                  y = ctx.putInRegs(d.arg(2));
  const OpSize s = t.bits() > 64 ? OpSize::Q : opSizeOf(t);
  for (unsigned k = 0; k < out.count; ++k) {
    Reg xs = tmpInt(ctx), nc = tmpInt(ctx), ys = tmpInt(ctx);
    ctx.emit(MInst::aluRR(Form::AndRR, s, xs, x.regs[k], c.regs[k]));
    ctx.emit(MInst::unary(Form::NotR, s, nc, c.regs[k]));
    ctx.emit(MInst::aluRR(Form::AndRR, s, ys, nc, y.regs[k]));
    ctx.emit(MInst::aluRR(Form::OrRR, s, out.regs[k], xs, ys));
  }
  return true;
}

bool lowerIcmp(LowerCtx &ctx, ir::Inst inst) {
  const ir::InstData &d = ctx.dfg().inst(inst);
  if (!ctx.dfg().valueType(d.arg(0)).isInt())
    return false;
  const CondCode cc = emitCompare(ctx, d.intCC(), d.arg(0), d.arg(1), inst);
  ctx.emit(MInst::setcc(cc, ctx.outputReg(inst)));
  return true;
}

bool lowerExtend(LowerCtx &ctx, ir::Inst inst, bool isSigned) {
  const ir::InstData &d = ctx.dfg().inst(inst);
  const ir::Type from = ctx.dfg().valueType(d.arg(0));
  const ir::Type to = resultType(ctx, inst);
  if (to.bits() > 64) {
    mach::ValueRegs out = ctx.outputRegs(inst);
    emitExtend(ctx, out.regs[0], ctx.putInReg(d.arg(0)), from.bits(), 64, isSigned);
    if (isSigned)
      ctx.emit(MInst::shiftImm(Form::SarRI, OpSize::Q, out.regs[1], out.regs[0], 63));
    else
      emitConst(ctx, out.regs[1], 0);
    return true;
  }
  const Reg dst = ctx.outputReg(inst);
  if (auto m = sinkLoadOperand(ctx, d.arg(0), from, inst)) {
    const OpSize s = to.bits() > 32 ? OpSize::Q : OpSize::L;
    switch (from.bits()) {
    case 8:
      ctx.emit(isSigned ? MInst::rm(Form::MovsbRM, s, dst, *m)
                        : MInst::rm(Form::MovzbRM, OpSize::L, dst, *m));
      return true;
    case 16:
      ctx.emit(isSigned ? MInst::rm(Form::MovswRM, s, dst, *m)
                        : MInst::rm(Form::MovzwRM, OpSize::L, dst, *m));
      return true;
    default:
      ctx.emit(isSigned ? MInst::rm(Form::MovslRM, OpSize::Q, dst, *m)
                        : MInst::rm(Form::MovRM, OpSize::L, dst, *m));
      return true;
    }
  }
  emitExtend(ctx, dst, ctx.putInReg(d.arg(0)), from.bits(), to.bits(), isSigned);
  return true;
}

bool lowerIreduce(LowerCtx &ctx, ir::Inst inst) {
  mach::ValueRegs src = ctx.putInRegs(ctx.dfg().inst(inst).arg(0));
  ctx.emit(MInst::genMove(ctx.outputReg(inst), src.regs[0], RegClass::Int));
  return true;
}

/// *_overflow: the operation, then its flag as the i8 second result (an i128 one is
/// add/adc or sub/sbb, whose last flags are those of the whole operation).
bool lowerOverflow(LowerCtx &ctx, ir::Inst inst, const AluForms &f, bool commutative,
                   Form hiForm, CondCode overflow) {
  const ir::InstData &d = ctx.dfg().inst(inst);
  const ir::Type t = resultType(ctx, inst);
  if (t.bits() > 64) {
    emitAluPair(ctx, inst, f.rr, hiForm);
    ctx.emit(MInst::setcc(overflow, ctx.outputReg(inst, 1)));
    return true;
  }
  emitAluBinary(ctx, inst, f, commutative, t, ctx.outputReg(inst, 0), d.arg(0), d.arg(1));
  ctx.emit(MInst::setcc(overflow, ctx.outputReg(inst, 1)));
  return true;
}

bool lowerMulOverflow(LowerCtx &ctx, ir::Inst inst, bool isSigned) {
  const ir::InstData &d = ctx.dfg().inst(inst);
  const ir::Type t = resultType(ctx, inst);
  if (t.bits() > 64)
    return false;
  const Reg a = ctx.putInReg(d.arg(0)), b = ctx.putInReg(d.arg(1));
  const Reg dst = ctx.outputReg(inst, 0);
  // mul sets OF (and CF) when the high half is non-zero, imul when it is not the sign
  // extension of the low half: exactly the overflow of the narrow product.
  if (t.bits() == 8)
    ctx.emit(MInst::mul8(isSigned ? Form::Imul8R : Form::Mul8R, dst, a, b));
  else if (isSigned)
    ctx.emit(MInst::aluRR(Form::ImulRR, opSizeOf(t), dst, a, b));
  else
    ctx.emit(MInst::mulWide(Form::MulR, opSizeOf(t), dst, tmpInt(ctx), a, b));
  ctx.emit(MInst::setcc(CondCode::O, ctx.outputReg(inst, 1)));
  return true;
}

/// *_overflow_cin / *_overflow_bin: a +/- b +/- (c != 0), with the carry or overflow flag.
bool lowerCarryChain(LowerCtx &ctx, ir::Inst inst, Form f, CondCode overflow) {
  const ir::InstData &d = ctx.dfg().inst(inst);
  const ir::Type t = resultType(ctx, inst);
  if (t.bits() > 64)
    return false;
  const Reg a = ctx.putInReg(d.arg(0)), b = ctx.putInReg(d.arg(1));
  // neg sets CF exactly when its operand is non-zero.
  ctx.emit(MInst::unary(Form::NegR, OpSize::B, tmpInt(ctx), ctx.putInReg(d.arg(2))));
  ctx.emit(MInst::aluRR(f, opSizeOf(t), ctx.outputReg(inst, 0), a, b));
  ctx.emit(MInst::setcc(overflow, ctx.outputReg(inst, 1)));
  return true;
}

bool lowerUaddOverflowTrap(LowerCtx &ctx, ir::Inst inst) {
  const ir::InstData &d = ctx.dfg().inst(inst);
  const ir::Type t = resultType(ctx, inst);
  emitAluBinary(ctx, inst, kAdd, true, t, ctx.outputReg(inst), d.arg(0), d.arg(1));
  ctx.emit(MInst::trapIf(CondCode::B, d.trapCode()));
  return true;
}

/// bmask: all ones when the input is non-zero: neg sets CF = (x != 0), sbb r, r = -CF.
bool lowerBmask(LowerCtx &ctx, ir::Inst inst) {
  const ir::InstData &d = ctx.dfg().inst(inst);
  const ir::Type from = ctx.dfg().valueType(d.arg(0));
  const ir::Type to = resultType(ctx, inst);
  mach::ValueRegs in = ctx.putInRegs(d.arg(0));
  Reg x = in.regs[0];
  OpSize fromSize = opSizeOf(from);
  if (from.bits() > 64) {
    x = tmpInt(ctx);
    ctx.emit(MInst::aluRR(Form::OrRR, OpSize::Q, x, in.regs[0], in.regs[1]));
    fromSize = OpSize::Q;
  }
  const Reg neg = tmpInt(ctx);
  ctx.emit(MInst::unary(Form::NegR, fromSize, neg, x));
  mach::ValueRegs out = ctx.outputRegs(inst);
  const OpSize toSize = to.bits() > 64 ? OpSize::Q : opSizeOf(to);
  ctx.emit(MInst::aluRR(Form::SbbRR, toSize, out.regs[0], neg, neg));
  if (out.count == 2)
    ctx.emit(MInst::genMove(out.regs[1], out.regs[0], RegClass::Int));
  return true;
}

bool lowerIconcat(LowerCtx &ctx, ir::Inst inst) {
  const ir::InstData &d = ctx.dfg().inst(inst);
  mach::ValueRegs out = ctx.outputRegs(inst);
  if (out.count != 2)
    return false;
  ctx.emit(MInst::genMove(out.regs[0], ctx.putInReg(d.arg(0)), RegClass::Int));
  ctx.emit(MInst::genMove(out.regs[1], ctx.putInReg(d.arg(1)), RegClass::Int));
  return true;
}

bool lowerIsplit(LowerCtx &ctx, ir::Inst inst) {
  mach::ValueRegs in = ctx.putInRegs(ctx.dfg().inst(inst).arg(0));
  if (in.count != 2)
    return false;
  ctx.emit(MInst::genMove(ctx.outputReg(inst, 0), in.regs[0], RegClass::Int));
  ctx.emit(MInst::genMove(ctx.outputReg(inst, 1), in.regs[1], RegClass::Int));
  return true;
}

/// Every rule here is for scalar integers (i8..i128) only; float and vector forms of the
/// same opcodes (select, band, icmp, ...) belong to other areas.
bool onlyScalarInts(const LowerCtx &ctx, ir::Inst inst) {
  const ir::DataFlowGraph &dfg = ctx.dfg();
  for (ir::Value v : dfg.results(inst))
    if (!dfg.valueType(v).isInt())
      return false;
  for (ir::Value v : dfg.fixedArgs(inst))
    if (!dfg.valueType(v).isInt())
      return false;
  return true;
}

} // namespace

bool lowerAlu(const Backend &backend, LowerCtx &ctx, ir::Inst inst) {
  if (!onlyScalarInts(ctx, inst))
    return false;
  const Opcode op = ctx.dfg().opcode(inst);
  switch (op) {
  case Opcode::Iconst:
    return lowerIconst(ctx, inst);
  case Opcode::Iadd:
    return lowerBinaryAlu(ctx, inst, kAdd, true, Form::AdcRR);
  case Opcode::Isub:
    return lowerBinaryAlu(ctx, inst, kSub, false, Form::SbbRR);
  case Opcode::Band:
    return lowerBinaryAlu(ctx, inst, kAnd, true, Form::AndRR);
  case Opcode::Bor:
    return lowerBinaryAlu(ctx, inst, kOr, true, Form::OrRR);
  case Opcode::Bxor:
    return lowerBinaryAlu(ctx, inst, kXor, true, Form::XorRR);
  case Opcode::BandNot:
    return lowerAluNot(ctx, inst, kAnd);
  case Opcode::BorNot:
    return lowerAluNot(ctx, inst, kOr);
  case Opcode::BxorNot:
    return lowerAluNot(ctx, inst, kXor);
  case Opcode::Ineg:
    return lowerUnary(ctx, inst, Form::NegR);
  case Opcode::Bnot:
    return lowerUnary(ctx, inst, Form::NotR);
  case Opcode::Imul:
    return lowerImul(ctx, inst);
  case Opcode::Iabs:
    return lowerIabs(ctx, inst);
  case Opcode::Smin:
    return lowerMinMax(ctx, inst, ir::IntCC::Slt);
  case Opcode::Smax:
    return lowerMinMax(ctx, inst, ir::IntCC::Sgt);
  case Opcode::Umin:
    return lowerMinMax(ctx, inst, ir::IntCC::Ult);
  case Opcode::Umax:
    return lowerMinMax(ctx, inst, ir::IntCC::Ugt);
  case Opcode::Select:
  case Opcode::SelectSpectreGuard:
    return lowerSelect(ctx, inst);
  case Opcode::Bitselect:
    return lowerBitselect(ctx, inst);
  case Opcode::Icmp:
    return lowerIcmp(ctx, inst);
  case Opcode::Uextend:
    return lowerExtend(ctx, inst, false);
  case Opcode::Sextend:
    return lowerExtend(ctx, inst, true);
  case Opcode::Ireduce:
    return lowerIreduce(ctx, inst);
  case Opcode::Bmask:
    return lowerBmask(ctx, inst);
  case Opcode::Iconcat:
    return lowerIconcat(ctx, inst);
  case Opcode::Isplit:
    return lowerIsplit(ctx, inst);
  case Opcode::UaddOverflow:
    return lowerOverflow(ctx, inst, kAdd, true, Form::AdcRR, CondCode::B);
  case Opcode::SaddOverflow:
    return lowerOverflow(ctx, inst, kAdd, true, Form::AdcRR, CondCode::O);
  case Opcode::UsubOverflow:
    return lowerOverflow(ctx, inst, kSub, false, Form::SbbRR, CondCode::B);
  case Opcode::SsubOverflow:
    return lowerOverflow(ctx, inst, kSub, false, Form::SbbRR, CondCode::O);
  case Opcode::UmulOverflow:
    return lowerMulOverflow(ctx, inst, false);
  case Opcode::SmulOverflow:
    return lowerMulOverflow(ctx, inst, true);
  case Opcode::UaddOverflowCin:
    return lowerCarryChain(ctx, inst, Form::AdcRR, CondCode::B);
  case Opcode::SaddOverflowCin:
    return lowerCarryChain(ctx, inst, Form::AdcRR, CondCode::O);
  case Opcode::UsubOverflowBin:
    return lowerCarryChain(ctx, inst, Form::SbbRR, CondCode::B);
  case Opcode::SsubOverflowBin:
    return lowerCarryChain(ctx, inst, Form::SbbRR, CondCode::O);
  case Opcode::UaddOverflowTrap:
    return lowerUaddOverflowTrap(ctx, inst);
  default:
    // The areas split the opcode set (Lower.h): the rest belongs to LowerBits.cpp,
    // LowerDivision.cpp or another area, which Backend.cpp tries in turn.
    break;
  }
  return lowerBits(backend.isaFlags(), ctx, inst) || lowerDivision(ctx, inst);
}

CondCode lowerCondition(LowerCtx &ctx, ir::Value cond) {
  const ir::DataFlowGraph &dfg = ctx.dfg();
  if (auto p = ctx.inputPureInst(cond); p && dfg.opcode(*p) == Opcode::Icmp) {
    // A compare used elsewhere too is computed again here; its operand loads are then
    // not sunk (sinkLoadOperand sees the icmp's other uses).
    const ir::InstData &d = dfg.inst(*p);
    return emitCompare(ctx, d.intCC(), d.arg(0), d.arg(1), *p);
  }
  const ir::Type t = dfg.valueType(cond);
  if (t.bits() > 64) {
    mach::ValueRegs r = ctx.putInRegs(cond);
    ctx.emit(MInst::aluRR(Form::OrRR, OpSize::Q, tmpInt(ctx), r.regs[0], r.regs[1]));
    return CondCode::Ne;
  }
  const OpSize s = opSizeOf(t);
  if (auto m = sinkLoadOperand(ctx, cond, t, ir::Inst())) {
    ctx.emit(MInst::cmpMI(Form::CmpMI, s, *m, 0));
    return CondCode::Ne;
  }
  const Reg r = ctx.putInReg(cond);
  ctx.emit(MInst::cmpRR(Form::TestRR, s, r, r));
  return CondCode::Ne;
}

} // namespace irc::x86_64
