// LowerDivision: x86_64 lowering of the high half of a multiply (umulhi smulhi) and of
// division and remainder (udiv sdiv urem srem), for i8..i64.
//
// Division goes through div/idiv with the dividend in rdx:rax (ax for 8 bits, whose forms
// leave the remainder in ah). Cranelift's semantics: a zero divisor traps with
// int_divz, recorded at the div itself when only that can fault; sdiv of MIN by -1 traps
// with int_ovf (the divisor is tested for zero first, so the div's own fault can only be
// the overflow); srem of anything by -1 is 0 (the divisor -1 is replaced by 1, which gives
// the same remainder without the fault).
#include "target/x86_64/LowerAluParts.h"

namespace irc::x86_64 {

using ir::Opcode;
using ir::TrapCode;
using namespace alu;

namespace {

bool lowerMulHigh(LowerCtx &ctx, ir::Inst inst, bool isSigned) {
  const ir::InstData &d = ctx.dfg().inst(inst);
  const ir::Type t = resultType(ctx, inst);
  if (t.bits() > 64)
    return false;
  const Reg a = ctx.putInReg(d.arg(0)), b = ctx.putInReg(d.arg(1));
  const Reg dst = ctx.outputReg(inst);
  if (t.bits() == 8) {
    // The 16-bit product of the extended bytes, shifted down by 8.
    Reg wa = tmpInt(ctx), wb = tmpInt(ctx), product = tmpInt(ctx);
    emitExtend(ctx, wa, a, 8, 32, isSigned);
    emitExtend(ctx, wb, b, 8, 32, isSigned);
    ctx.emit(MInst::aluRR(Form::ImulRR, OpSize::L, product, wa, wb));
    ctx.emit(MInst::shiftImm(isSigned ? Form::SarRI : Form::ShrRI, OpSize::L, dst, product, 8));
    return true;
  }
  ctx.emit(MInst::mulWide(isSigned ? Form::ImulR : Form::MulR, opSizeOf(t), tmpInt(ctx), dst, a,
                          b));
  return true;
}

bool lowerDivRem(LowerCtx &ctx, ir::Inst inst, bool isSigned, bool wantRem) {
  const ir::InstData &d = ctx.dfg().inst(inst);
  const ir::Type t = resultType(ctx, inst);
  if (t.bits() > 64)
    return false;
  const OpSize s = opSizeOf(t);
  const std::optional<int64_t> constDivisor = ctx.inputAsSignedConst(d.arg(1));
  const bool nonZero = constDivisor && *constDivisor != 0;
  const Reg dst = ctx.outputReg(inst);

  if (isSigned && wantRem && constDivisor && *constDivisor == -1) {
    emitConst(ctx, dst, 0); // x % -1
    return true;
  }

  Reg divisor = ctx.putInReg(d.arg(1));
  TrapCode trap = nonZero ? TrapCode::none() : TrapCode::integerDivisionByZero();
  if (isSigned && !wantRem) {
    if (!nonZero) {
      ctx.emit(MInst::cmpRR(Form::TestRR, s, divisor, divisor));
      ctx.emit(MInst::trapIf(CondCode::E, TrapCode::integerDivisionByZero()));
    }
    const bool mayOverflow = !constDivisor || *constDivisor == -1;
    trap = mayOverflow ? TrapCode::integerOverflow() : TrapCode::none();
  } else if (isSigned && !constDivisor) {
    // srem: divide by 1 instead of -1 (same remainder, 0; no MIN / -1 fault).
    Reg one = tmpInt(ctx), safe = tmpInt(ctx);
    emitConst(ctx, one, 1);
    ctx.emit(MInst::cmpRI(Form::CmpRI, s, divisor, -1));
    ctx.emit(MInst::cmovRR(CondCode::E, sizeNoByte(t), safe, divisor, one));
    divisor = safe;
  }

  const Reg dividend = ctx.putInReg(d.arg(0));
  if (t.bits() == 8) {
    Reg ax = tmpInt(ctx);
    emitExtend(ctx, ax, dividend, 8, 32, isSigned);
    const Form f = isSigned ? Form::Idiv8R : Form::Div8R;
    if (!wantRem) {
      ctx.emit(MInst::div8(f, dst, ax, divisor, trap)); // the quotient is al
      return true;
    }
    Reg result = tmpInt(ctx);
    ctx.emit(MInst::div8(f, result, ax, divisor, trap));
    ctx.emit(MInst::shiftImm(Form::ShrRI, OpSize::L, dst, result, 8)); // ah
    return true;
  }
  Reg high = tmpInt(ctx);
  if (isSigned)
    ctx.emit(MInst::signExtendRax(s, high, dividend));
  else
    emitConst(ctx, high, 0);
  const Reg other = tmpInt(ctx);
  ctx.emit(MInst::divWide(isSigned ? Form::IdivR : Form::DivR, s, wantRem ? other : dst,
                          wantRem ? dst : other, dividend, high, divisor, trap));
  return true;
}

} // namespace

namespace alu {

bool lowerDivision(LowerCtx &ctx, ir::Inst inst) {
  switch (ctx.dfg().opcode(inst)) {
  case Opcode::Umulhi:
    return lowerMulHigh(ctx, inst, false);
  case Opcode::Smulhi:
    return lowerMulHigh(ctx, inst, true);
  case Opcode::Udiv:
    return lowerDivRem(ctx, inst, false, false);
  case Opcode::Sdiv:
    return lowerDivRem(ctx, inst, true, false);
  case Opcode::Urem:
    return lowerDivRem(ctx, inst, false, true);
  case Opcode::Srem:
    return lowerDivRem(ctx, inst, true, true);
  default:
    return false; // not a multiply-high or division (see lowerAlu)
  }
}

} // namespace alu
} // namespace irc::x86_64
