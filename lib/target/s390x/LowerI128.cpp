// LowerI128: s390x lowering of i128, a pair of general registers (low half first, as
// ValueRegs holds it), with 64-bit scalar instructions only: carry chains for add and
// subtract (algrk/alcgr, slgrk/slbgr), mlgr for the low product, and branch-free shifts that
// pick between the two halves with load-on-condition. In memory an i128 is big-endian: the
// high doubleword first. (Emitting helpers are never two arguments of one call: C++ leaves
// their order open, and the listing must not depend on the compiler.)
#include "target/s390x/Lower.h"

namespace irc::s390x {

namespace {

using ir::Opcode;

struct Pair {
  Reg lo, hi;
};

bool isI128(ir::Type t) { return t == ir::types::I128; }

Pair inPair(LowerCtx &ctx, ir::Value v) {
  mach::ValueRegs r = ctx.putInRegs(v);
  return Pair{r.regs[0], r.regs[1]};
}
Pair outPair(LowerCtx &ctx, ir::Inst inst, unsigned n = 0) {
  mach::ValueRegs r = ctx.outputRegs(inst, n);
  return Pair{r.regs[0], r.regs[1]};
}
Reg tmp(LowerCtx &ctx) { return gprTmp(ctx); }
void move(LowerCtx &ctx, Reg dst, Reg src) { ctx.emit(MInst::genMove(dst, src, RegClass::Int)); }
Reg op3(LowerCtx &ctx, Form f, Reg a, Reg b) {
  Reg d = tmp(ctx);
  ctx.emit(MInst::alu(f, d, a, b));
  return d;
}
Reg shiftReg(LowerCtx &ctx, Form f, Reg src, Reg amount, int32_t imm = 0) {
  Reg d = tmp(ctx);
  ctx.emit(MInst::shift(f, d, src, amount, imm));
  return d;
}
void setPair(LowerCtx &ctx, const Pair &dst, const Pair &src) {
  move(ctx, dst.lo, src.lo);
  move(ctx, dst.hi, src.hi);
}

/// The low register of a shift amount of any integer type (only its low 7 bits matter).
Reg amountReg(LowerCtx &ctx, ir::Value amt) { return ctx.putInRegs(amt).regs[0]; }

enum class ShiftKind { Left, LogicalRight, ArithRight };

/// x shifted by (amount mod 128). Two candidate results are computed for amount mod 64,
/// then bit 6 of the amount (tmll) selects: below 64 the halves mix, from 64 on one half
/// moves to the other and the vacated half fills with zeros (or sign bits).
Pair shift128(LowerCtx &ctx, ShiftKind kind, Pair x, Reg amount) {
  // 63 - (amount mod 64) in the low 6 bits, for the bits that cross between the halves.
  Reg inv = tmp(ctx);
  ctx.emit(MInst::aluImm(Form::Xilf, inv, amount, 63));
  Pair near, far; // near: amount < 64; far: amount >= 64
  if (kind == ShiftKind::Left) {
    Reg lo = shiftReg(ctx, Form::Sllg, x.lo, amount);
    Reg hi = shiftReg(ctx, Form::Sllg, x.hi, amount);
    Reg cross = shiftReg(ctx, Form::Srlg, shiftReg(ctx, Form::Srlg, x.lo, Reg(), 1), inv);
    near = Pair{lo, op3(ctx, Form::Ogrk, hi, cross)};
    far = Pair{constantReg(ctx, 0), lo};
  } else {
    Reg lo = shiftReg(ctx, Form::Srlg, x.lo, amount);
    Reg hi = shiftReg(ctx, kind == ShiftKind::ArithRight ? Form::Srag : Form::Srlg, x.hi, amount);
    Reg cross = shiftReg(ctx, Form::Sllg, shiftReg(ctx, Form::Sllg, x.hi, Reg(), 1), inv);
    near = Pair{op3(ctx, Form::Ogrk, lo, cross), hi};
    far = Pair{hi, kind == ShiftKind::ArithRight ? shiftReg(ctx, Form::Srag, x.hi, Reg(), 63)
                                                  : constantReg(ctx, 0)};
  }
  ctx.emit(MInst::cmpImm(Form::Tmll, amount, 64)); // CC3: bit 6 set
  Pair out{tmp(ctx), tmp(ctx)};
  ctx.emit(MInst::cmov(Form::Locgr, CondMask::O, out.lo, near.lo, far.lo));
  ctx.emit(MInst::cmov(Form::Locgr, CondMask::O, out.hi, near.hi, far.hi));
  return out;
}

/// flogr of r: leading zeros, 64 for zero.
Reg clz64(LowerCtx &ctx, Reg r) {
  Reg c = tmp(ctx);
  ctx.emit(MInst::flogr(c, tmp(ctx), r));
  return c;
}

/// Trailing zeros of r, 64 for zero.
Reg ctz64(LowerCtx &ctx, Reg r) {
  Reg neg = tmp(ctx);
  ctx.emit(MInst::rr(Form::Lcgr, neg, r));
  Reg c = clz64(ctx, op3(ctx, Form::Ngrk, r, neg));
  Reg fixed = tmp(ctx);
  ctx.emit(MInst::cmovImm(Form::Locghi, CondMask::E, fixed, c, -1));
  return op3(ctx, Form::Sgrk, constantReg(ctx, 63), fixed);
}

/// (first == 64) ? 64 + second : first, for counts that continue into the other half.
Reg chainCounts(LowerCtx &ctx, Reg first, Reg second) {
  Reg plus = tmp(ctx);
  ctx.emit(MInst::aluImm(Form::Aghik, plus, second, 64));
  ctx.emit(MInst::cmpImm(Form::Cghi, first, 64));
  Reg out = tmp(ctx);
  ctx.emit(MInst::cmov(Form::Locgr, CondMask::E, out, first, plus));
  return out;
}

Reg popcnt64(const Backend &be, LowerCtx &ctx, Reg r) {
  Reg p = tmp(ctx);
  if (be.hasMie3()) {
    ctx.emit(MInst::rr(Form::Popcnt, p, r));
    return p;
  }
  ctx.emit(MInst::rr(Form::PopcntByte, p, r));
  for (int32_t s : {32, 16, 8})
    p = op3(ctx, Form::Agrk, p, shiftReg(ctx, Form::Sllg, p, Reg(), s));
  return shiftReg(ctx, Form::Srlg, p, Reg(), 56);
}

Reg bitrev64(LowerCtx &ctx, Reg x) {
  static constexpr std::pair<int32_t, uint64_t> kSteps[] = {
      {1, 0x5555555555555555u}, {2, 0x3333333333333333u}, {4, 0x0f0f0f0f0f0f0f0fu}};
  for (const auto &[s, mask] : kSteps) {
    Reg m = constantReg(ctx, mask);
    Reg hi = op3(ctx, Form::Ngrk, shiftReg(ctx, Form::Srlg, x, Reg(), s), m);
    Reg lo = shiftReg(ctx, Form::Sllg, op3(ctx, Form::Ngrk, x, m), Reg(), s);
    x = op3(ctx, Form::Ogrk, hi, lo);
  }
  Reg out = tmp(ctx);
  ctx.emit(MInst::rr(Form::Lrvgr, out, x));
  return out;
}

Reg notReg(LowerCtx &ctx, Reg r) {
  Reg a = tmp(ctx), b = tmp(ctx);
  ctx.emit(MInst::aluImm(Form::Xilf, a, r, 0xffffffff));
  ctx.emit(MInst::aluImm(Form::Xihf, b, a, 0xffffffff));
  return b;
}

Pair loadPair(LowerCtx &ctx, const MemArg &m, bool little) {
  MemArg second = m;
  second.disp += 8;
  Pair p{tmp(ctx), tmp(ctx)};
  // Big-endian: the high doubleword first; little-endian: the low one, each reversed.
  ctx.emit(MInst::load(little ? Form::Lrvg : Form::Lg, little ? p.lo : p.hi, m));
  ctx.emit(MInst::load(little ? Form::Lrvg : Form::Lg, little ? p.hi : p.lo, second));
  return p;
}

void storePair(LowerCtx &ctx, const Pair &p, const MemArg &m, bool little) {
  MemArg second = m;
  second.disp += 8;
  ctx.emit(MInst::store(little ? Form::Strvg : Form::Stg, little ? p.lo : p.hi, m));
  ctx.emit(MInst::store(little ? Form::Strvg : Form::Stg, little ? p.hi : p.lo, second));
}

MemArg memOf(LowerCtx &ctx, ir::Inst inst, ir::Value addr) {
  const ir::MemFlags &flags = ctx.dfg().memFlags(inst);
  MemArg m = lowerAddress(ctx, addr, ctx.dfg().inst(inst).offset());
  return flags.notrap() ? m : m.withTrap(flags.trapCode());
}

bool littleOf(LowerCtx &ctx, ir::Inst inst) {
  return ctx.dfg().memFlags(inst).endianness() == ir::Endianness::Little;
}

} // namespace

void loadI128(LowerCtx &ctx, const mach::ValueRegs &dst, const MemArg &mem) {
  setPair(ctx, Pair{dst.regs[0], dst.regs[1]}, loadPair(ctx, mem, false));
}

void storeI128(LowerCtx &ctx, const mach::ValueRegs &src, const MemArg &mem) {
  storePair(ctx, Pair{src.regs[0], src.regs[1]}, mem, false);
}

CondMask lowerIcmp128(LowerCtx &ctx, ir::IntCC cc, ir::Value a, ir::Value b) {
  Pair x = inPair(ctx, a), y = inPair(ctx, b);
  if (cc == ir::IntCC::Eq || cc == ir::IntCC::Ne) {
    Reg lo = op3(ctx, Form::Xgrk, x.lo, y.lo), hi = op3(ctx, Form::Xgrk, x.hi, y.hi);
    op3(ctx, Form::Ogrk, lo, hi); // CC0: all bits equal
    return cc == ir::IntCC::Eq ? CondMask::E : CondMask::Ne;
  }
  // x - y with a borrow chain: the final borrow says x < y (unsigned). Signed compares
  // flip both sign bits first. ugt/ule swap the operands.
  const bool swap = cc == ir::IntCC::Sgt || cc == ir::IntCC::Sle || cc == ir::IntCC::Ugt ||
                    cc == ir::IntCC::Ule;
  if (swap)
    std::swap(x, y);
  if (ir::isSigned(cc)) {
    Reg xh = tmp(ctx), yh = tmp(ctx);
    ctx.emit(MInst::aluImm(Form::Xihf, xh, x.hi, 0x80000000));
    ctx.emit(MInst::aluImm(Form::Xihf, yh, y.hi, 0x80000000));
    x.hi = xh;
    y.hi = yh;
  }
  op3(ctx, Form::Slgrk, x.lo, y.lo);
  Reg hi = tmp(ctx);
  ctx.emit(MInst::alu(Form::Slbgr, hi, x.hi, y.hi));
  const bool less = cc == ir::IntCC::Slt || cc == ir::IntCC::Ult || cc == ir::IntCC::Sgt ||
                    cc == ir::IntCC::Ugt;
  return less ? CondMask::Le /* CC0, CC1: borrow */ : CondMask::Nle;
}

CondMask lowerCondition128(LowerCtx &ctx, ir::Value cond) {
  Pair x = inPair(ctx, cond);
  op3(ctx, Form::Ogrk, x.lo, x.hi);
  return CondMask::Ne;
}

bool lowerI128(const Backend &be, LowerCtx &ctx, ir::Inst inst) {
  const ir::DataFlowGraph &dfg = ctx.dfg();
  const ir::InstData &d = dfg.inst(inst);
  const Opcode op = d.opcode;
  // Instructions with an i128 result, plus the few that take an i128 and give less.
  const bool result128 = dfg.hasResults(inst) && isI128(dfg.valueType(dfg.firstResult(inst)));
  if (op == Opcode::Isplit) {
    Pair x = inPair(ctx, d.arg(0));
    move(ctx, ctx.outputReg(inst, 0), x.lo);
    move(ctx, ctx.outputReg(inst, 1), x.hi);
    return true;
  }
  if (op == Opcode::Ireduce && isI128(dfg.valueType(d.arg(0)))) {
    move(ctx, ctx.outputReg(inst), inPair(ctx, d.arg(0)).lo);
    return true;
  }
  if ((op == Opcode::Store || op == Opcode::Istore8 || op == Opcode::Istore16 ||
       op == Opcode::Istore32) &&
      isI128(dfg.valueType(d.arg(0)))) {
    if (op != Opcode::Store) {
      // The low half's low bytes.
      const unsigned bits = op == Opcode::Istore8 ? 8 : op == Opcode::Istore16 ? 16 : 32;
      const bool little = littleOf(ctx, inst) && bits > 8;
      Form f = bits == 8    ? Form::Stc
               : bits == 16 ? (little ? Form::Strvh : Form::Sth)
                            : (little ? Form::Strv : Form::St);
      ctx.emit(MInst::store(f, inPair(ctx, d.arg(0)).lo, memOf(ctx, inst, d.arg(1))));
      return true;
    }
    storePair(ctx, inPair(ctx, d.arg(0)), memOf(ctx, inst, d.arg(1)), littleOf(ctx, inst));
    return true;
  }
  if (op == Opcode::Bmask && !result128 && isI128(dfg.valueType(d.arg(0)))) {
    CondMask m = lowerCondition128(ctx, d.arg(0));
    Reg zero = constantReg(ctx, 0);
    ctx.emit(MInst::cmovImm(Form::Locghi, m, ctx.outputReg(inst), zero, -1));
    return true;
  }
  if (!result128)
    return false;

  Pair out = outPair(ctx, inst);
  switch (op) {
  case Opcode::Iconst: // the immediate is zero-extended
    ctx.emit(MInst::loadConst64(out.lo, *ctx.inputAsConst(dfg.firstResult(inst))));
    ctx.emit(MInst::loadConst64(out.hi, 0));
    return true;
  case Opcode::Iconcat:
    move(ctx, out.lo, ctx.putInReg(d.arg(0)));
    move(ctx, out.hi, ctx.putInReg(d.arg(1)));
    return true;
  case Opcode::Uextend:
  case Opcode::Sextend: {
    const unsigned bits = dfg.valueType(d.arg(0)).bits();
    Reg lo = extendTo64(ctx, ctx.putInReg(d.arg(0)), bits, op == Opcode::Sextend);
    move(ctx, out.lo, lo);
    if (op == Opcode::Sextend)
      ctx.emit(MInst::shift(Form::Srag, out.hi, lo, Reg(), 63));
    else
      ctx.emit(MInst::loadConst64(out.hi, 0));
    return true;
  }
  case Opcode::Load:
    setPair(ctx, out, loadPair(ctx, memOf(ctx, inst, d.arg(0)), littleOf(ctx, inst)));
    return true;
  case Opcode::Iadd:
  case Opcode::Isub: {
    Pair x = inPair(ctx, d.arg(0)), y = inPair(ctx, d.arg(1));
    const bool add = op == Opcode::Iadd;
    ctx.emit(MInst::alu(add ? Form::Algrk : Form::Slgrk, out.lo, x.lo, y.lo));
    ctx.emit(MInst::alu(add ? Form::Alcgr : Form::Slbgr, out.hi, x.hi, y.hi));
    return true;
  }
  case Opcode::Ineg: {
    Pair x = inPair(ctx, d.arg(0));
    ctx.emit(MInst::alu(Form::Slgrk, out.lo, constantReg(ctx, 0), x.lo));
    ctx.emit(MInst::alu(Form::Slbgr, out.hi, constantReg(ctx, 0), x.hi));
    return true;
  }
  case Opcode::Imul: {
    Pair x = inPair(ctx, d.arg(0)), y = inPair(ctx, d.arg(1));
    Reg hi = tmp(ctx), lo = tmp(ctx);
    ctx.emit(MInst::mulWide(Form::Mlgr, hi, lo, x.lo, y.lo));
    Reg cross1 = op3(ctx, Form::Msgrkc, x.lo, y.hi);
    Reg cross2 = op3(ctx, Form::Msgrkc, x.hi, y.lo);
    Reg cross = op3(ctx, Form::Agrk, cross1, cross2);
    move(ctx, out.lo, lo);
    ctx.emit(MInst::alu(Form::Agrk, out.hi, hi, cross));
    return true;
  }
  case Opcode::Band:
  case Opcode::Bor:
  case Opcode::Bxor:
  case Opcode::BandNot:
  case Opcode::BorNot:
  case Opcode::BxorNot: {
    Pair x = inPair(ctx, d.arg(0)), y = inPair(ctx, d.arg(1));
    if (op == Opcode::BandNot || op == Opcode::BorNot || op == Opcode::BxorNot)
      y = Pair{notReg(ctx, y.lo), notReg(ctx, y.hi)};
    Form f = op == Opcode::Band || op == Opcode::BandNot ? Form::Ngrk
             : op == Opcode::Bor || op == Opcode::BorNot ? Form::Ogrk
                                                         : Form::Xgrk;
    ctx.emit(MInst::alu(f, out.lo, x.lo, y.lo));
    ctx.emit(MInst::alu(f, out.hi, x.hi, y.hi));
    return true;
  }
  case Opcode::Bnot: {
    Pair x = inPair(ctx, d.arg(0));
    setPair(ctx, out, Pair{notReg(ctx, x.lo), notReg(ctx, x.hi)});
    return true;
  }
  case Opcode::Bitselect: {
    Pair c = inPair(ctx, d.arg(0)), x = inPair(ctx, d.arg(1)), y = inPair(ctx, d.arg(2));
    for (int half = 0; half < 2; ++half) {
      Reg cr = half ? c.hi : c.lo, xr = half ? x.hi : x.lo, yr = half ? y.hi : y.lo;
      Reg t = op3(ctx, Form::Ngrk, xr, cr);
      Reg f = op3(ctx, Form::Ngrk, yr, notReg(ctx, cr));
      ctx.emit(MInst::alu(Form::Ogrk, half ? out.hi : out.lo, t, f));
    }
    return true;
  }
  case Opcode::Ishl:
  case Opcode::Ushr:
  case Opcode::Sshr: {
    ShiftKind k = op == Opcode::Ishl   ? ShiftKind::Left
                  : op == Opcode::Ushr ? ShiftKind::LogicalRight
                                       : ShiftKind::ArithRight;
    setPair(ctx, out, shift128(ctx, k, inPair(ctx, d.arg(0)), amountReg(ctx, d.arg(1))));
    return true;
  }
  case Opcode::Rotl:
  case Opcode::Rotr: {
    // rotl(x, n) = (x << n) | (x >> -n), both mod 128; rotr swaps the directions.
    Pair x = inPair(ctx, d.arg(0));
    Reg n = amountReg(ctx, d.arg(1));
    Reg neg = tmp(ctx);
    ctx.emit(MInst::rr(Form::Lcgr, neg, n));
    const bool left = op == Opcode::Rotl;
    Pair a = shift128(ctx, ShiftKind::Left, x, left ? n : neg);
    Pair b = shift128(ctx, ShiftKind::LogicalRight, x, left ? neg : n);
    ctx.emit(MInst::alu(Form::Ogrk, out.lo, a.lo, b.lo));
    ctx.emit(MInst::alu(Form::Ogrk, out.hi, a.hi, b.hi));
    return true;
  }
  case Opcode::Clz: {
    Pair x = inPair(ctx, d.arg(0));
    Reg high = clz64(ctx, x.hi);
    Reg low = clz64(ctx, x.lo);
    move(ctx, out.lo, chainCounts(ctx, high, low));
    ctx.emit(MInst::loadConst64(out.hi, 0));
    return true;
  }
  case Opcode::Ctz: {
    Pair x = inPair(ctx, d.arg(0));
    Reg low = ctz64(ctx, x.lo);
    Reg high = ctz64(ctx, x.hi);
    move(ctx, out.lo, chainCounts(ctx, low, high));
    ctx.emit(MInst::loadConst64(out.hi, 0));
    return true;
  }
  case Opcode::Cls: {
    // clz(x ^ (x >>s 127)) - 1
    Pair x = inPair(ctx, d.arg(0));
    Reg sign = shiftReg(ctx, Form::Srag, x.hi, Reg(), 63);
    Reg lo = op3(ctx, Form::Xgrk, x.lo, sign), hi = op3(ctx, Form::Xgrk, x.hi, sign);
    Reg high = clz64(ctx, hi);
    Reg low = clz64(ctx, lo);
    Reg c = chainCounts(ctx, high, low);
    ctx.emit(MInst::aluImm(Form::Aghik, out.lo, c, -1));
    ctx.emit(MInst::loadConst64(out.hi, 0));
    return true;
  }
  case Opcode::Popcnt: {
    Pair x = inPair(ctx, d.arg(0));
    Reg low = popcnt64(be, ctx, x.lo);
    Reg high = popcnt64(be, ctx, x.hi);
    ctx.emit(MInst::alu(Form::Agrk, out.lo, low, high));
    ctx.emit(MInst::loadConst64(out.hi, 0));
    return true;
  }
  case Opcode::Bswap: {
    Pair x = inPair(ctx, d.arg(0));
    ctx.emit(MInst::rr(Form::Lrvgr, out.lo, x.hi));
    ctx.emit(MInst::rr(Form::Lrvgr, out.hi, x.lo));
    return true;
  }
  case Opcode::Bitrev: {
    Pair x = inPair(ctx, d.arg(0));
    setPair(ctx, out, Pair{bitrev64(ctx, x.hi), bitrev64(ctx, x.lo)});
    return true;
  }
  case Opcode::Select:
  case Opcode::SelectSpectreGuard: {
    CondMask m = lowerCondition(ctx, d.arg(0));
    Pair t = inPair(ctx, d.arg(1)), f = inPair(ctx, d.arg(2));
    ctx.emit(MInst::cmov(Form::Locgr, m, out.lo, f.lo, t.lo));
    ctx.emit(MInst::cmov(Form::Locgr, m, out.hi, f.hi, t.hi));
    return true;
  }
  case Opcode::Bmask: {
    CondMask m = lowerCondition(ctx, d.arg(0));
    Reg zero = constantReg(ctx, 0);
    Reg mask = tmp(ctx);
    ctx.emit(MInst::cmovImm(Form::Locghi, m, mask, zero, -1));
    move(ctx, out.lo, mask);
    move(ctx, out.hi, mask);
    return true;
  }
  case Opcode::Smin:
  case Opcode::Smax:
  case Opcode::Umin:
  case Opcode::Umax: {
    const bool isSigned = op == Opcode::Smin || op == Opcode::Smax;
    const bool isMin = op == Opcode::Smin || op == Opcode::Umin;
    ir::IntCC cc = isSigned ? ir::IntCC::Slt : ir::IntCC::Ult;
    CondMask m = lowerIcmp128(ctx, cc, d.arg(0), d.arg(1)); // holds when arg0 < arg1
    Pair x = inPair(ctx, d.arg(0)), y = inPair(ctx, d.arg(1));
    Pair ifLess = isMin ? x : y, other = isMin ? y : x;
    ctx.emit(MInst::cmov(Form::Locgr, m, out.lo, other.lo, ifLess.lo));
    ctx.emit(MInst::cmov(Form::Locgr, m, out.hi, other.hi, ifLess.hi));
    return true;
  }
  default:
    return false;
  }
}

} // namespace irc::s390x
