// LowerAlu: s390x lowering of constants, integer arithmetic, bit operations, shifts,
// compares, selects, extensions and overflow ops (Cranelift's s390x lower.isle, by hand).
//
// Conventions: 64-bit types use the 64-bit ("g") forms; i8/i16/i32 the 32-bit forms where
// the result's low bits do not depend on the upper bits (add, multiply, logic, left
// shift), and extend to 64 bits first where they do (compares of i8/i16, right shifts,
// division, counting). Every 0/1 result is materialized as `lghi d,0; lochi<cc> d,1`.
#include "target/s390x/Lower.h"

namespace irc::s390x {

namespace {

using ir::Opcode;

Reg in(LowerCtx &ctx, ir::Value v) { return ctx.putInReg(v); }
unsigned bitsOf(LowerCtx &ctx, ir::Value v) { return ctx.dfg().valueType(v).bits(); }

bool fitsS16(int64_t v) { return v >= INT16_MIN && v <= INT16_MAX; }
bool fitsS32(int64_t v) { return v >= INT32_MIN && v <= INT32_MAX; }

/// A fresh copy of the mask sign-extended from `bits` (INT_MIN of the width, as i64).
int64_t intMin(unsigned bits) { return bits >= 64 ? INT64_MIN : -(int64_t(1) << (bits - 1)); }

Reg shiftImm(LowerCtx &ctx, Form f, Reg src, int32_t amount) {
  Reg d = gprTmp(ctx);
  ctx.emit(MInst::shift(f, d, src, Reg(), amount));
  return d;
}
Reg shiftReg(LowerCtx &ctx, Form f, Reg src, Reg amount) {
  Reg d = gprTmp(ctx);
  ctx.emit(MInst::shift(f, d, src, amount, 0));
  return d;
}
Reg alu3(LowerCtx &ctx, Form f, Reg a, Reg b) {
  Reg d = gprTmp(ctx);
  ctx.emit(MInst::alu(f, d, a, b));
  return d;
}
Reg un(LowerCtx &ctx, Form f, Reg a) {
  Reg d = gprTmp(ctx);
  ctx.emit(MInst::rr(f, d, a));
  return d;
}
Reg imm2(LowerCtx &ctx, Form f, Reg a, int64_t imm) {
  Reg d = gprTmp(ctx);
  ctx.emit(MInst::aluImm(f, d, a, imm));
  return d;
}
void move(LowerCtx &ctx, Reg dst, Reg src) { ctx.emit(MInst::genMove(dst, src, RegClass::Int)); }

/// dst = cc in mask ? 1 : 0 (or `ifTrue`).
void materializeCond(LowerCtx &ctx, CondMask m, Reg dst, int16_t ifTrue = 1) {
  Reg zero = gprTmp(ctx);
  ctx.emit(MInst::loadImm(Form::Lghi, zero, 0));
  ctx.emit(MInst::cmovImm(Form::Locghi, m, dst, zero, ifTrue));
}

CondMask maskOf(ir::IntCC cc) {
  switch (cc) {
  case ir::IntCC::Eq:
    return CondMask::E;
  case ir::IntCC::Ne:
    return CondMask::Ne;
  case ir::IntCC::Slt:
  case ir::IntCC::Ult:
    return CondMask::L;
  case ir::IntCC::Sge:
  case ir::IntCC::Uge:
    return CondMask::He;
  case ir::IntCC::Sgt:
  case ir::IntCC::Ugt:
    return CondMask::H;
  case ir::IntCC::Sle:
  case ir::IntCC::Ule:
    return CondMask::Le;
  }
  return CondMask::E;
}

/// Compares a and b as `bits`-wide integers (signed or unsigned); the condition code then
/// says low (CC1), equal (CC0) or high (CC2).
void emitCompare(LowerCtx &ctx, bool isSigned, ir::Value a, ir::Value b) {
  const unsigned bits = bitsOf(ctx, a);
  Reg ra = in(ctx, a);
  if (bits == 32) {
    if (auto c = ctx.inputAsSignedConst(b); c && isSigned) {
      ctx.emit(MInst::cmpImm(fitsS16(*c) ? Form::Chi : Form::Cfi, ra, *c));
      return;
    }
    if (auto c = ctx.inputAsConst(b); c && !isSigned) {
      ctx.emit(MInst::cmpImm(Form::Clfi, ra, int64_t(*c)));
      return;
    }
    ctx.emit(MInst::cmp(isSigned ? Form::Cr : Form::Clr, ra, in(ctx, b)));
    return;
  }
  ra = extendTo64(ctx, ra, bits, isSigned);
  if (isSigned) {
    if (auto c = ctx.inputAsSignedConst(b); c && fitsS32(*c)) {
      ctx.emit(MInst::cmpImm(fitsS16(*c) ? Form::Cghi : Form::Cgfi, ra, *c));
      return;
    }
  } else if (auto c = ctx.inputAsConst(b); c && *c <= UINT32_MAX) {
    ctx.emit(MInst::cmpImm(Form::Clgfi, ra, int64_t(*c)));
    return;
  }
  Reg rb = extendTo64(ctx, in(ctx, b), bits, isSigned);
  ctx.emit(MInst::cmp(isSigned ? Form::Cgr : Form::Clgr, ra, rb));
}

CondMask lowerIcmp(LowerCtx &ctx, ir::IntCC cc, ir::Value a, ir::Value b) {
  if (ctx.dfg().valueType(a) == ir::types::I128)
    return lowerIcmp128(ctx, cc, a, b);
  emitCompare(ctx, ir::isSigned(cc), a, b);
  return maskOf(cc);
}

// ---- Arithmetic ---------------------------------------------------------------------------

void lowerAddSub(LowerCtx &ctx, ir::Inst inst, bool isAdd) {
  const ir::InstData &d = ctx.dfg().inst(inst);
  const bool wide = bitsOf(ctx, d.arg(0)) == 64;
  Reg dst = ctx.outputReg(inst);
  ir::Value x = d.arg(0), y = d.arg(1);
  if (isAdd && ctx.inputAsSignedConst(x) && !ctx.inputAsSignedConst(y))
    std::swap(x, y);
  if (auto c = ctx.inputAsSignedConst(y)) {
    int64_t imm = isAdd ? *c : -*c;
    if (!wide)
      imm = static_cast<int32_t>(imm);
    if (fitsS16(imm)) {
      ctx.emit(MInst::aluImm(wide ? Form::Aghik : Form::Ahik, dst, in(ctx, x), imm));
      return;
    }
    if (fitsS32(imm)) {
      ctx.emit(MInst::aluImm(wide ? Form::Agfi : Form::Afi, dst, in(ctx, x), imm));
      return;
    }
  }
  Form f = isAdd ? (wide ? Form::Agrk : Form::Ark) : (wide ? Form::Sgrk : Form::Srk);
  ctx.emit(MInst::alu(f, dst, in(ctx, x), in(ctx, y)));
}

void lowerMul(LowerCtx &ctx, ir::Inst inst) {
  const ir::InstData &d = ctx.dfg().inst(inst);
  const bool wide = bitsOf(ctx, d.arg(0)) == 64;
  Reg dst = ctx.outputReg(inst);
  ir::Value x = d.arg(0), y = d.arg(1);
  if (ctx.inputAsSignedConst(x) && !ctx.inputAsSignedConst(y))
    std::swap(x, y);
  if (auto c = ctx.inputAsSignedConst(y)) {
    int64_t imm = wide ? *c : static_cast<int32_t>(*c);
    if (fitsS16(imm)) {
      ctx.emit(MInst::aluImm(wide ? Form::Mghi : Form::Mhi, dst, in(ctx, x), imm));
      return;
    }
    if (fitsS32(imm)) {
      ctx.emit(MInst::aluImm(wide ? Form::Msgfi : Form::Msfi, dst, in(ctx, x), imm));
      return;
    }
  }
  ctx.emit(MInst::alu(wide ? Form::Msgrkc : Form::Msrkc, dst, in(ctx, x), in(ctx, y)));
}

void lowerMulHigh(LowerCtx &ctx, ir::Inst inst, bool isSigned) {
  const ir::InstData &d = ctx.dfg().inst(inst);
  const unsigned bits = bitsOf(ctx, d.arg(0));
  Reg dst = ctx.outputReg(inst);
  if (bits == 64) {
    // mlgr/mgrk: the 128-bit product in %r2:%r3, the high half in %r2.
    ctx.emit(MInst::mulWide(isSigned ? Form::Mgrk : Form::Mlgr, dst, gprTmp(ctx),
                            in(ctx, d.arg(0)), in(ctx, d.arg(1))));
    return;
  }
  Reg x = extendTo64(ctx, in(ctx, d.arg(0)), bits, isSigned);
  Reg y = extendTo64(ctx, in(ctx, d.arg(1)), bits, isSigned);
  Reg p = alu3(ctx, Form::Msgrkc, x, y);
  ctx.emit(MInst::shift(isSigned ? Form::Srag : Form::Srlg, dst, p, Reg(), int32_t(bits)));
}

/// Traps with int_divz when the (extended) divisor is zero, unless it is a non-zero constant.
void checkDivisor(LowerCtx &ctx, ir::Value y, Reg divisor) {
  if (auto c = ctx.inputAsConst(y); c && *c != 0)
    return;
  ctx.emit(MInst::cmpImm(Form::Cghi, divisor, 0));
  ctx.emit(MInst::trapIf(CondMask::E, ir::TrapCode::integerDivisionByZero()));
}

void lowerDiv(LowerCtx &ctx, ir::Inst inst, bool isSigned, bool wantRem) {
  const ir::InstData &d = ctx.dfg().inst(inst);
  const unsigned bits = bitsOf(ctx, d.arg(0));
  Reg dst = ctx.outputReg(inst);
  Reg x = extendTo64(ctx, in(ctx, d.arg(0)), bits, isSigned);
  Reg y = extendTo64(ctx, in(ctx, d.arg(1)), bits, isSigned);
  checkDivisor(ctx, d.arg(1), y);
  Reg rem = gprTmp(ctx), quot = gprTmp(ctx);
  if (!isSigned) {
    Reg hi = constantReg(ctx, 0);
    ctx.emit(MInst::divU(Form::Dlgr, rem, quot, hi, x, y));
  } else {
    auto c = ctx.inputAsSignedConst(d.arg(1));
    const bool mayBeMinusOne = !c || *c == -1;
    if (mayBeMinusOne && !wantRem) {
      // INT_MIN / -1 overflows: trap when (x ^ INT_MIN) | (y + 1) is zero.
      Reg yPlus1 = imm2(ctx, Form::Aghik, y, 1);
      Reg xFlip = alu3(ctx, Form::Xgrk, x, constantReg(ctx, uint64_t(intMin(bits))));
      Reg both = gprTmp(ctx);
      ctx.emit(MInst::alu(Form::Ogrk, both, xFlip, yPlus1));
      ctx.emit(MInst::trapIf(CondMask::E, ir::TrapCode::integerOverflow()));
    } else if (mayBeMinusOne) {
      // x % -1 is 0 (and INT_MIN % -1 must not trap): divide 0 instead.
      ctx.emit(MInst::cmpImm(Form::Cghi, y, -1));
      Reg x0 = gprTmp(ctx);
      ctx.emit(MInst::cmovImm(Form::Locghi, CondMask::E, x0, x, 0));
      x = x0;
    }
    ctx.emit(MInst::divS(Form::Dsgr, rem, quot, x, y));
  }
  move(ctx, dst, wantRem ? rem : quot);
}

// ---- Bit operations ------------------------------------------------------------------------

Reg bnotReg(const Backend &be, LowerCtx &ctx, Reg x, unsigned bits) {
  Reg d = gprTmp(ctx);
  if (be.hasMie3()) {
    ctx.emit(MInst::alu(Form::Nogrk, d, x, x));
    return d;
  }
  ctx.emit(MInst::aluImm(Form::Xilf, d, x, 0xffffffff));
  if (bits <= 32)
    return d;
  Reg e = gprTmp(ctx);
  ctx.emit(MInst::aluImm(Form::Xihf, e, d, 0xffffffff));
  return e;
}

void lowerLogic(LowerCtx &ctx, ir::Inst inst) {
  const ir::InstData &d = ctx.dfg().inst(inst);
  const unsigned bits = bitsOf(ctx, d.arg(0));
  Reg dst = ctx.outputReg(inst);
  const Opcode op = d.opcode;
  ir::Value x = d.arg(0), y = d.arg(1);
  if (ctx.inputAsConst(x) && !ctx.inputAsConst(y))
    std::swap(x, y);
  if (auto c = ctx.inputAsConst(y)) {
    const uint64_t lo = *c & 0xffffffffu, hi = *c >> 32;
    std::optional<std::pair<Form, uint64_t>> pick;
    if (op == Opcode::Band) {
      if (bits <= 32 || hi == 0xffffffffu)
        pick = {Form::Nilf, lo};
      else if (lo == 0xffffffffu)
        pick = {Form::Nihf, hi};
    } else {
      Form low = op == Opcode::Bor ? Form::Oilf : Form::Xilf;
      Form high = op == Opcode::Bor ? Form::Oihf : Form::Xihf;
      if (bits <= 32 || hi == 0)
        pick = {low, lo};
      else if (lo == 0)
        pick = {high, hi};
    }
    if (pick) {
      ctx.emit(MInst::aluImm(pick->first, dst, in(ctx, x), int64_t(pick->second)));
      return;
    }
  }
  Form f = op == Opcode::Band ? Form::Ngrk : op == Opcode::Bor ? Form::Ogrk : Form::Xgrk;
  ctx.emit(MInst::alu(f, dst, in(ctx, x), in(ctx, y)));
}

void lowerLogicNot(const Backend &be, LowerCtx &ctx, ir::Inst inst) {
  const ir::InstData &d = ctx.dfg().inst(inst);
  const unsigned bits = bitsOf(ctx, d.arg(0));
  Reg dst = ctx.outputReg(inst);
  Reg x = in(ctx, d.arg(0)), y = in(ctx, d.arg(1));
  const Opcode op = d.opcode;
  if (be.hasMie3()) {
    Form f = op == Opcode::BandNot ? Form::Ncgrk : op == Opcode::BorNot ? Form::Ocgrk : Form::Nxgrk;
    ctx.emit(MInst::alu(f, dst, x, y));
    return;
  }
  Reg ny = bnotReg(be, ctx, y, bits);
  Form f = op == Opcode::BandNot ? Form::Ngrk : op == Opcode::BorNot ? Form::Ogrk : Form::Xgrk;
  ctx.emit(MInst::alu(f, dst, x, ny));
}

// ---- Shifts and rotates ----------------------------------------------------------------------

/// The shift amount masked to the type's width: a constant, or a register.
struct Amount {
  std::optional<uint32_t> imm;
  Reg reg;
};
Amount shiftAmount(LowerCtx &ctx, ir::Value amt, unsigned bits) {
  if (auto c = ctx.inputAsConst(amt))
    return Amount{uint32_t(*c & (bits - 1)), Reg()};
  Reg a = ctx.putInRegs(amt).regs[0];
  if (bits == 64)
    return Amount{std::nullopt, a}; // sllg & co. use the low 6 bits
  return Amount{std::nullopt, imm2(ctx, Form::Nilf, a, bits - 1)};
}

Reg shiftBy(LowerCtx &ctx, Form f, Reg src, const Amount &a) {
  return a.imm ? shiftImm(ctx, f, src, int32_t(*a.imm)) : shiftReg(ctx, f, src, a.reg);
}

void lowerShift(LowerCtx &ctx, ir::Inst inst) {
  const ir::InstData &d = ctx.dfg().inst(inst);
  const unsigned bits = bitsOf(ctx, d.arg(0));
  Reg dst = ctx.outputReg(inst);
  Reg x = in(ctx, d.arg(0));
  Amount a = shiftAmount(ctx, d.arg(1), bits);
  Form f{};
  switch (d.opcode) {
  case Opcode::Ishl:
    f = bits == 64 ? Form::Sllg : Form::Sllk;
    break;
  case Opcode::Ushr:
    f = bits == 64 ? Form::Srlg : Form::Srlk;
    if (bits < 32)
      x = un(ctx, bits == 8 ? Form::Llcr : Form::Llhr, x);
    break;
  default: // Sshr
    f = bits == 64 ? Form::Srag : Form::Srak;
    if (bits < 32)
      x = un(ctx, bits == 8 ? Form::Lbr : Form::Lhr, x);
    break;
  }
  move(ctx, dst, shiftBy(ctx, f, x, a));
}

void lowerRotate(LowerCtx &ctx, ir::Inst inst) {
  const ir::InstData &d = ctx.dfg().inst(inst);
  const unsigned bits = bitsOf(ctx, d.arg(0));
  const bool left = d.opcode == Opcode::Rotl;
  Reg dst = ctx.outputReg(inst);
  Reg x = in(ctx, d.arg(0));
  Amount a = shiftAmount(ctx, d.arg(1), bits);
  if (bits >= 32) {
    Form f = bits == 64 ? Form::Rllg : Form::Rll;
    if (!left) {
      if (a.imm)
        a.imm = (bits - *a.imm) & (bits - 1);
      else
        a.reg = un(ctx, Form::Lcr, a.reg); // rotate left by -n (mod the width)
    }
    move(ctx, dst, shiftBy(ctx, f, x, a));
    return;
  }
  // i8/i16: (z << l) | (z >> (width - l)) on the zero-extended value, l the left amount.
  Reg z = un(ctx, bits == 8 ? Form::Llcr : Form::Llhr, x);
  Amount l = a, r = a;
  if (a.imm) {
    if (*a.imm == 0) {
      move(ctx, dst, x);
      return;
    }
    (left ? r : l).imm = bits - *a.imm;
  } else {
    Reg neg = un(ctx, Form::Lcr, a.reg);
    (left ? r : l).reg = imm2(ctx, Form::Ahi, neg, bits);
  }
  Reg hi = shiftBy(ctx, Form::Sllk, z, l);
  Reg lo = shiftBy(ctx, Form::Srlk, z, r);
  ctx.emit(MInst::alu(Form::Ork, dst, hi, lo));
}

// ---- Counting and reversing -------------------------------------------------------------------

/// flogr: count (64 for zero) of `src`; the condition code is 0 when src is zero.
Reg flogr(LowerCtx &ctx, Reg src) {
  Reg count = gprTmp(ctx);
  ctx.emit(MInst::flogr(count, gprTmp(ctx), src));
  return count;
}

void lowerClz(LowerCtx &ctx, ir::Inst inst) {
  const ir::InstData &d = ctx.dfg().inst(inst);
  const unsigned bits = bitsOf(ctx, d.arg(0));
  Reg dst = ctx.outputReg(inst);
  Reg c = flogr(ctx, extendTo64(ctx, in(ctx, d.arg(0)), bits, false));
  if (bits == 64)
    move(ctx, dst, c);
  else
    ctx.emit(MInst::aluImm(Form::Aghik, dst, c, -int64_t(64 - bits)));
}

void lowerCls(LowerCtx &ctx, ir::Inst inst) {
  const ir::InstData &d = ctx.dfg().inst(inst);
  const unsigned bits = bitsOf(ctx, d.arg(0));
  Reg dst = ctx.outputReg(inst);
  Reg s = extendTo64(ctx, in(ctx, d.arg(0)), bits, true);
  Reg sign = shiftImm(ctx, Form::Srag, s, 63);
  Reg c = flogr(ctx, alu3(ctx, Form::Xgrk, s, sign));
  ctx.emit(MInst::aluImm(Form::Aghik, dst, c, -int64_t(1 + 64 - bits)));
}

void lowerCtz(LowerCtx &ctx, ir::Inst inst) {
  const ir::InstData &d = ctx.dfg().inst(inst);
  const unsigned bits = bitsOf(ctx, d.arg(0));
  Reg dst = ctx.outputReg(inst);
  Reg x = in(ctx, d.arg(0));
  if (bits < 64) {
    // A set bit just above the type makes the input non-zero: ctz(0) = bits.
    Form f = bits == 32 ? Form::Oihl : bits == 16 ? Form::Oilh : Form::Oill;
    x = imm2(ctx, f, x, bits == 8 ? 0x100 : 1);
  }
  Reg lowest = alu3(ctx, Form::Ngrk, x, un(ctx, Form::Lcgr, x));
  Reg c = flogr(ctx, lowest);
  if (bits == 64) {
    Reg fixed = gprTmp(ctx); // zero input: flogr says 64, and 63 - (-1) = 64
    ctx.emit(MInst::cmovImm(Form::Locghi, CondMask::E, fixed, c, -1));
    c = fixed;
  }
  ctx.emit(MInst::alu(Form::Sgrk, dst, constantReg(ctx, 63), c));
}

void lowerPopcnt(const Backend &be, LowerCtx &ctx, ir::Inst inst) {
  const ir::InstData &d = ctx.dfg().inst(inst);
  const unsigned bits = bitsOf(ctx, d.arg(0));
  Reg dst = ctx.outputReg(inst);
  Reg z = extendTo64(ctx, in(ctx, d.arg(0)), bits, false);
  if (be.hasMie3()) {
    ctx.emit(MInst::rr(Form::Popcnt, dst, z));
    return;
  }
  Reg p = un(ctx, Form::PopcntByte, z); // a count per byte
  if (bits == 8) {
    move(ctx, dst, p);
    return;
  }
  for (int32_t s : {32, 16, 8})
    p = alu3(ctx, Form::Agrk, p, shiftImm(ctx, Form::Sllg, p, s));
  ctx.emit(MInst::shift(Form::Srlg, dst, p, Reg(), 56));
}

void lowerBswap(LowerCtx &ctx, ir::Inst inst) {
  const ir::InstData &d = ctx.dfg().inst(inst);
  const unsigned bits = bitsOf(ctx, d.arg(0));
  Reg dst = ctx.outputReg(inst);
  Reg x = in(ctx, d.arg(0));
  if (bits == 64) {
    ctx.emit(MInst::rr(Form::Lrvgr, dst, x));
  } else if (bits == 32) {
    ctx.emit(MInst::rr(Form::Lrvr, dst, x));
  } else { // i16
    ctx.emit(MInst::shift(Form::Srlk, dst, un(ctx, Form::Lrvr, x), Reg(), 16));
  }
}

void lowerBitrev(LowerCtx &ctx, ir::Inst inst) {
  const ir::InstData &d = ctx.dfg().inst(inst);
  const unsigned bits = bitsOf(ctx, d.arg(0));
  Reg dst = ctx.outputReg(inst);
  Reg x = in(ctx, d.arg(0));
  // Swap bits, bit pairs and nibbles within each byte, then reverse the bytes.
  static constexpr std::pair<int32_t, uint64_t> kSteps[] = {
      {1, 0x5555555555555555u}, {2, 0x3333333333333333u}, {4, 0x0f0f0f0f0f0f0f0fu}};
  for (const auto &[s, mask] : kSteps) {
    Reg m = constantReg(ctx, mask);
    Reg hi = alu3(ctx, Form::Ngrk, shiftImm(ctx, Form::Srlg, x, s), m);
    Reg lo = shiftImm(ctx, Form::Sllg, alu3(ctx, Form::Ngrk, x, m), s);
    x = alu3(ctx, Form::Ogrk, hi, lo);
  }
  if (bits == 64) {
    ctx.emit(MInst::rr(Form::Lrvgr, dst, x));
    return;
  }
  ctx.emit(MInst::shift(Form::Srlg, dst, un(ctx, Form::Lrvgr, x), Reg(), int32_t(64 - bits)));
}

// ---- Compares, selects, min/max ---------------------------------------------------------------

void lowerSelect(const Backend &be, LowerCtx &ctx, ir::Inst inst) {
  const ir::InstData &d = ctx.dfg().inst(inst);
  ir::Type ty = ctx.dfg().valueType(ctx.dfg().firstResult(inst));
  CondMask m = lowerCondition(ctx, d.arg(0));
  if (ty.isFloat()) {
    // No conditional FPR move: select the bits in general registers.
    Reg t = un(ctx, Form::Lgdr, in(ctx, d.arg(1)));
    Reg f = un(ctx, Form::Lgdr, in(ctx, d.arg(2)));
    Reg r = gprTmp(ctx);
    ctx.emit(MInst::cmov(Form::Locgr, m, r, f, t));
    ctx.emit(MInst::rr(Form::Ldgr, ctx.outputReg(inst), r));
    return;
  }
  Reg dst = ctx.outputReg(inst);
  Reg t = in(ctx, d.arg(1)), f = in(ctx, d.arg(2));
  if (be.hasMie3())
    ctx.emit(MInst::select(Form::Selgr, m, dst, t, f));
  else
    ctx.emit(MInst::cmov(Form::Locgr, m, dst, f, t));
}

void lowerMinMax(LowerCtx &ctx, ir::Inst inst) {
  const ir::InstData &d = ctx.dfg().inst(inst);
  const Opcode op = d.opcode;
  const bool isSigned = op == Opcode::Smin || op == Opcode::Smax;
  const bool isMin = op == Opcode::Smin || op == Opcode::Umin;
  Reg dst = ctx.outputReg(inst);
  emitCompare(ctx, isSigned, d.arg(0), d.arg(1));
  ctx.emit(MInst::cmov(Form::Locgr, isMin ? CondMask::L : CondMask::H, dst, in(ctx, d.arg(1)),
                       in(ctx, d.arg(0))));
}

// ---- Overflow ops -----------------------------------------------------------------------------

/// Computes x OP y into `value` and sets the condition code so that the returned mask
/// holds exactly on overflow (carry, borrow).
CondMask emitOverflowOp(LowerCtx &ctx, Opcode op, ir::Value xv, ir::Value yv, Reg value) {
  const unsigned bits = bitsOf(ctx, xv);
  Reg x = in(ctx, xv), y = in(ctx, yv);
  const bool isSigned =
      op == Opcode::SaddOverflow || op == Opcode::SsubOverflow || op == Opcode::SmulOverflow;
  if (bits >= 32) {
    const bool wide = bits == 64;
    switch (op) {
    case Opcode::UaddOverflow:
    case Opcode::UaddOverflowTrap:
      ctx.emit(MInst::alu(wide ? Form::Algrk : Form::Alrk, value, x, y));
      return CondMask::Nle; // CC2, CC3: carry
    case Opcode::SaddOverflow:
      ctx.emit(MInst::alu(wide ? Form::Agrk : Form::Ark, value, x, y));
      return CondMask::O;
    case Opcode::UsubOverflow:
      ctx.emit(MInst::alu(wide ? Form::Slgrk : Form::Slrk, value, x, y));
      return CondMask::Le; // CC0, CC1: borrow
    case Opcode::SsubOverflow:
      ctx.emit(MInst::alu(wide ? Form::Sgrk : Form::Srk, value, x, y));
      return CondMask::O;
    case Opcode::SmulOverflow:
      ctx.emit(MInst::alu(wide ? Form::Msgrkc : Form::Msrkc, value, x, y));
      return CondMask::O;
    case Opcode::UmulOverflow:
      if (wide) {
        Reg hi = gprTmp(ctx);
        ctx.emit(MInst::mulWide(Form::Mlgr, hi, value, x, y));
        ctx.emit(MInst::cmpImm(Form::Cghi, hi, 0));
        return CondMask::Ne;
      } else {
        Reg xe = extendTo64(ctx, x, 32, false);
        Reg ye = extendTo64(ctx, y, 32, false);
        Reg p = alu3(ctx, Form::Msgrkc, xe, ye);
        move(ctx, value, p);
        ctx.emit(MInst::cmpImm(Form::Cghi, shiftImm(ctx, Form::Srlg, p, 32), 0));
        return CondMask::Ne;
      }
    default:
      break;
    }
    return CondMask::Never;
  }
  // i8/i16: compute exactly in 64 bits, then check the result fits the width.
  Reg xe = extendTo64(ctx, x, bits, isSigned), ye = extendTo64(ctx, y, bits, isSigned);
  Form f = op == Opcode::SmulOverflow || op == Opcode::UmulOverflow ? Form::Msgrkc
           : op == Opcode::UsubOverflow || op == Opcode::SsubOverflow ? Form::Sgrk
                                                                      : Form::Agrk;
  Reg p = alu3(ctx, f, xe, ye);
  move(ctx, value, p);
  if (isSigned) {
    ctx.emit(MInst::cmp(Form::Cgr, extendTo64(ctx, p, bits, true), p));
    return CondMask::Ne;
  }
  if (op == Opcode::UsubOverflow) {
    ctx.emit(MInst::cmpImm(Form::Cghi, p, 0));
    return CondMask::L;
  }
  ctx.emit(MInst::cmpImm(Form::Cghi, shiftImm(ctx, Form::Srlg, p, int32_t(bits)), 0));
  return CondMask::Ne;
}

/// Bit operations on f32/f64: on the bits, through general registers (an f32 is the high
/// word there, and the 64-bit operations keep every bit in place).
void lowerFloatBits(const Backend &be, LowerCtx &ctx, ir::Inst inst) {
  const ir::InstData &d = ctx.dfg().inst(inst);
  Reg x = un(ctx, Form::Lgdr, in(ctx, d.arg(0)));
  Reg r;
  if (d.opcode == Opcode::Bnot) {
    r = bnotReg(be, ctx, x, 64);
  } else {
    Reg y = un(ctx, Form::Lgdr, in(ctx, d.arg(1)));
    const Opcode op = d.opcode;
    if (op == Opcode::BandNot || op == Opcode::BorNot || op == Opcode::BxorNot)
      y = bnotReg(be, ctx, y, 64);
    Form f = op == Opcode::Band || op == Opcode::BandNot ? Form::Ngrk
             : op == Opcode::Bor || op == Opcode::BorNot ? Form::Ogrk
                                                         : Form::Xgrk;
    r = alu3(ctx, f, x, y);
  }
  ctx.emit(MInst::rr(Form::Ldgr, ctx.outputReg(inst), r));
}

/// bitcast between scalars of one size: a copy within a class, ldgr/lgdr across (an f32 is
/// the high word of its FPR, an i32 the low word of its GPR). False for other types.
bool lowerBitcast(LowerCtx &ctx, ir::Inst inst) {
  const ir::InstData &d = ctx.dfg().inst(inst);
  ir::Type from = ctx.dfg().valueType(d.arg(0));
  ir::Type to = ctx.dfg().valueType(ctx.dfg().firstResult(inst));
  auto scalar = [](ir::Type t) {
    return (t.isInt() && t.bits() <= 64) || t == ir::types::F32 || t == ir::types::F64;
  };
  if (!scalar(from) || !scalar(to) || from.bits() != to.bits())
    return false;
  Reg src = in(ctx, d.arg(0)), dst = ctx.outputReg(inst);
  if (from.isFloat() == to.isFloat()) {
    ctx.emit(MInst::genMove(dst, src, from.isFloat() ? RegClass::Float : RegClass::Int));
  } else if (to.isFloat()) {
    Reg bits = from.bits() == 32 ? shiftImm(ctx, Form::Sllg, src, 32) : src;
    ctx.emit(MInst::rr(Form::Ldgr, dst, bits));
  } else if (from.bits() == 32) {
    ctx.emit(MInst::shift(Form::Srlg, dst, un(ctx, Form::Lgdr, src), Reg(), 32));
  } else {
    ctx.emit(MInst::rr(Form::Lgdr, dst, src));
  }
  return true;
}

bool isBitOp(Opcode op) {
  return op == Opcode::Band || op == Opcode::Bor || op == Opcode::Bxor || op == Opcode::Bnot ||
         op == Opcode::BandNot || op == Opcode::BorNot || op == Opcode::BxorNot;
}

} // namespace

Reg extendTo64(LowerCtx &ctx, Reg r, unsigned bits, bool isSigned) {
  if (bits >= 64)
    return r;
  Form f = isSigned ? (bits == 8 ? Form::Lgbr : bits == 16 ? Form::Lghr : Form::Lgfr)
                    : (bits == 8 ? Form::Llgcr : bits == 16 ? Form::Llghr : Form::Llgfr);
  return un(ctx, f, r);
}

Reg constantReg(LowerCtx &ctx, uint64_t value) {
  Reg d = gprTmp(ctx);
  ctx.emit(MInst::loadConst64(d, value));
  return d;
}

CondMask lowerCondition(LowerCtx &ctx, ir::Value cond) {
  if (auto p = ctx.inputPureInst(cond); p && ctx.dfg().opcode(*p) == Opcode::Icmp) {
    const ir::InstData &d = ctx.dfg().inst(*p);
    return lowerIcmp(ctx, d.intCC(), d.arg(0), d.arg(1));
  }
  const unsigned bits = bitsOf(ctx, cond);
  if (bits == 128)
    return lowerCondition128(ctx, cond);
  Reg r = in(ctx, cond);
  if (bits == 64)
    ctx.emit(MInst::cmpImm(Form::Cghi, r, 0));
  else if (bits == 32)
    ctx.emit(MInst::cmpImm(Form::Chi, r, 0));
  else // tmll: CC0 when the selected bits are all zero
    ctx.emit(MInst::cmpImm(Form::Tmll, r, bits == 8 ? 0xff : 0xffff));
  return CondMask::Ne;
}

bool lowerAlu(const Backend &be, LowerCtx &ctx, ir::Inst inst) {
  const ir::DataFlowGraph &dfg = ctx.dfg();
  const ir::InstData &d = dfg.inst(inst);
  if (d.opcode == Opcode::Bitcast)
    return lowerBitcast(ctx, inst);
  // Below, every rule but select's is for integers: floats only take bit operations.
  if (dfg.hasResults(inst) && d.opcode != Opcode::Select &&
      d.opcode != Opcode::SelectSpectreGuard && !dfg.valueType(dfg.firstResult(inst)).isInt()) {
    if (!isBitOp(d.opcode) || !dfg.valueType(dfg.firstResult(inst)).isFloat())
      return false;
    lowerFloatBits(be, ctx, inst);
    return true;
  }
  switch (d.opcode) {
  case Opcode::Iconst:
    ctx.emit(MInst::loadConst64(ctx.outputReg(inst), *ctx.inputAsConst(dfg.firstResult(inst))));
    return true;
  case Opcode::Iadd:
    lowerAddSub(ctx, inst, true);
    return true;
  case Opcode::Isub:
    lowerAddSub(ctx, inst, false);
    return true;
  case Opcode::Ineg:
    ctx.emit(MInst::rr(bitsOf(ctx, d.arg(0)) == 64 ? Form::Lcgr : Form::Lcr, ctx.outputReg(inst),
                       in(ctx, d.arg(0))));
    return true;
  case Opcode::Iabs: {
    const unsigned bits = bitsOf(ctx, d.arg(0));
    Reg x = in(ctx, d.arg(0));
    if (bits == 32)
      ctx.emit(MInst::rr(Form::Lpr, ctx.outputReg(inst), x));
    else
      ctx.emit(MInst::rr(Form::Lpgr, ctx.outputReg(inst), extendTo64(ctx, x, bits, true)));
    return true;
  }
  case Opcode::Imul:
    lowerMul(ctx, inst);
    return true;
  case Opcode::Umulhi:
  case Opcode::Smulhi:
    lowerMulHigh(ctx, inst, d.opcode == Opcode::Smulhi);
    return true;
  case Opcode::Udiv:
  case Opcode::Urem:
  case Opcode::Sdiv:
  case Opcode::Srem:
    lowerDiv(ctx, inst, d.opcode == Opcode::Sdiv || d.opcode == Opcode::Srem,
             d.opcode == Opcode::Urem || d.opcode == Opcode::Srem);
    return true;
  case Opcode::Band:
  case Opcode::Bor:
  case Opcode::Bxor:
    lowerLogic(ctx, inst);
    return true;
  case Opcode::BandNot:
  case Opcode::BorNot:
  case Opcode::BxorNot:
    lowerLogicNot(be, ctx, inst);
    return true;
  case Opcode::Bitselect: {
    // (x & c) | (y & ~c)
    Reg c = in(ctx, d.arg(0));
    Reg t = alu3(ctx, Form::Ngrk, in(ctx, d.arg(1)), c);
    Reg f = alu3(ctx, Form::Ngrk, in(ctx, d.arg(2)), bnotReg(be, ctx, c, 64));
    ctx.emit(MInst::alu(Form::Ogrk, ctx.outputReg(inst), t, f));
    return true;
  }
  case Opcode::Bnot:
    move(ctx, ctx.outputReg(inst), bnotReg(be, ctx, in(ctx, d.arg(0)), bitsOf(ctx, d.arg(0))));
    return true;
  case Opcode::Ishl:
  case Opcode::Ushr:
  case Opcode::Sshr:
    lowerShift(ctx, inst);
    return true;
  case Opcode::Rotl:
  case Opcode::Rotr:
    lowerRotate(ctx, inst);
    return true;
  case Opcode::Clz:
    lowerClz(ctx, inst);
    return true;
  case Opcode::Cls:
    lowerCls(ctx, inst);
    return true;
  case Opcode::Ctz:
    lowerCtz(ctx, inst);
    return true;
  case Opcode::Popcnt:
    lowerPopcnt(be, ctx, inst);
    return true;
  case Opcode::Bswap:
    lowerBswap(ctx, inst);
    return true;
  case Opcode::Bitrev:
    lowerBitrev(ctx, inst);
    return true;
  case Opcode::Icmp:
    materializeCond(ctx, lowerIcmp(ctx, d.intCC(), d.arg(0), d.arg(1)), ctx.outputReg(inst));
    return true;
  case Opcode::Select:
  case Opcode::SelectSpectreGuard:
    lowerSelect(be, ctx, inst);
    return true;
  case Opcode::Bmask:
    materializeCond(ctx, lowerCondition(ctx, d.arg(0)), ctx.outputReg(inst), -1);
    return true;
  case Opcode::Smin:
  case Opcode::Smax:
  case Opcode::Umin:
  case Opcode::Umax:
    lowerMinMax(ctx, inst);
    return true;
  case Opcode::Uextend:
  case Opcode::Sextend: {
    const unsigned bits = bitsOf(ctx, d.arg(0));
    Reg x = in(ctx, d.arg(0));
    Reg e = extendTo64(ctx, x, bits, d.opcode == Opcode::Sextend);
    move(ctx, ctx.outputReg(inst), e);
    return true;
  }
  case Opcode::Ireduce:
    move(ctx, ctx.outputReg(inst), in(ctx, d.arg(0)));
    return true;
  case Opcode::UaddOverflow:
  case Opcode::SaddOverflow:
  case Opcode::UsubOverflow:
  case Opcode::SsubOverflow:
  case Opcode::UmulOverflow:
  case Opcode::SmulOverflow: {
    CondMask m = emitOverflowOp(ctx, d.opcode, d.arg(0), d.arg(1), ctx.outputReg(inst, 0));
    materializeCond(ctx, m, ctx.outputReg(inst, 1));
    return true;
  }
  case Opcode::UaddOverflowTrap: {
    const unsigned bits = bitsOf(ctx, d.arg(0));
    if (bits < 32) {
      CondMask m = emitOverflowOp(ctx, Opcode::UaddOverflow, d.arg(0), d.arg(1),
                                  ctx.outputReg(inst));
      ctx.emit(MInst::trapIf(m, d.trapCode()));
      return true;
    }
    CondMask m = emitOverflowOp(ctx, d.opcode, d.arg(0), d.arg(1), ctx.outputReg(inst));
    ctx.emit(MInst::trapIf(m, d.trapCode()));
    return true;
  }
  default:
    return false;
  }
}

} // namespace irc::s390x
