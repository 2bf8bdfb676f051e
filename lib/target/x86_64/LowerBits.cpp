// LowerBits: x86_64 lowering of shifts and rotates (ishl ushr sshr rotl rotr) and of the
// bit counts and permutations (clz ctz cls popcnt bswap bitrev), for i8..i64.
//
// Shift amounts are taken modulo the type's width (Cranelift's semantics): a constant is
// masked here; a register amount is masked by the hardware for 32 and 64 bits, and by an
// explicit `and` for 8 and 16 bits, where x86 would mask to 5 bits only. Rotates need no
// mask: rotating by the 5-bit-masked count is the same rotation.
//
// The bit counts use lzcnt, tzcnt and popcnt when the ISA flags has_lzcnt, has_bmi1 and
// has_popcnt allow them (each defined for a zero input: the operand width), else baseline
// sequences (bsr/bsf with a cmov for zero, shifts and masks). Narrow inputs are extended
// to 32 bits where their undefined upper bits would change the answer.
#include "target/x86_64/LowerAluParts.h"

#include <utility>
#include <vector>

namespace irc::x86_64 {

using ir::Opcode;
using namespace alu;

namespace {

/// Which counting instructions the target's ISA flags allow.
struct CountInsts {
  bool lzcnt, tzcnt, popcnt;
  explicit CountInsts(const target::IsaFlags &isa)
      : lzcnt(isa.has(target::X86_64Flag::HasLzcnt)),
        tzcnt(isa.has(target::X86_64Flag::HasBmi1)),
        popcnt(isa.has(target::X86_64Flag::HasPopcnt)) {}
};

unsigned bitsOf(OpSize s) { return s == OpSize::Q ? 64 : 32; }

/// Emits three-address-looking operations (each result a fresh vreg) at one size, keeping
/// wide masks in registers once materialized.
class BitEmitter {
public:
  BitEmitter(LowerCtx &ctx, OpSize s) : ctx_(ctx), s_(s) {}

  Reg shift(Form f, Reg x, uint8_t amount) {
    Reg d = tmpInt(ctx_);
    ctx_.emit(MInst::shiftImm(f, s_, d, x, amount));
    return d;
  }
  Reg op(Form rr, Reg a, Reg b) {
    Reg d = tmpInt(ctx_);
    ctx_.emit(MInst::aluRR(rr, s_, d, a, b));
    return d;
  }
  /// a op mask, as an immediate when it fits (sign-extended), else through a register.
  Reg opMask(Form rr, Form ri, Reg a, uint64_t mask) {
    Reg d = tmpInt(ctx_);
    const int64_t k = static_cast<int64_t>(mask);
    if (s_ != OpSize::Q || (k >= INT32_MIN && k <= INT32_MAX))
      ctx_.emit(MInst::aluRI(ri, s_, d, a, static_cast<int32_t>(k)));
    else
      ctx_.emit(MInst::aluRR(rr, s_, d, a, constant(mask)));
    return d;
  }
  Reg andMask(Reg a, uint64_t mask) { return opMask(Form::AndRR, Form::AndRI, a, mask); }
  Reg constant(uint64_t value) {
    for (const auto &[v, r] : consts_)
      if (v == value)
        return r;
    Reg r = tmpInt(ctx_);
    emitConst(ctx_, r, value);
    consts_.emplace_back(value, r);
    return r;
  }

private:
  LowerCtx &ctx_;
  OpSize s_;
  std::vector<std::pair<uint64_t, Reg>> consts_;
};

/// A mask of `bits` bits repeating `pattern` (a byte) in every byte.
constexpr uint64_t repeatByte(uint8_t pattern, unsigned bits) {
  uint64_t m = 0;
  for (unsigned k = 0; k < bits; k += 8)
    m |= uint64_t(pattern) << k;
  return m;
}

enum class Shift128 : uint8_t { Left, RightLogical, RightArithmetic };

/// (outLo, outHi) = (lo, hi) shifted by amt mod 128. Each half is shifted by amt mod 64
/// and the bits crossing between halves by 64 - amt; a zero amount has no crossing bits
/// (the shift by 64 would be one by 0), and bit 6 of amt moves whole halves.
void emitShift128(LowerCtx &ctx, Shift128 kind, Reg outLo, Reg outHi, Reg lo, Reg hi,
                  Reg amt) {
  auto byCl = [&](Form f, Reg x, Reg count) {
    Reg d = tmpInt(ctx);
    ctx.emit(MInst::shiftCl(f, OpSize::Q, d, x, count));
    return d;
  };
  Reg sixtyFour = tmpInt(ctx), back = tmpInt(ctx), zero = tmpInt(ctx);
  ctx.emit(MInst::movRI(OpSize::L, sixtyFour, 64));
  ctx.emit(MInst::aluRR(Form::SubRR, OpSize::Q, back, sixtyFour, amt));
  emitConst(ctx, zero, 0);
  const bool left = kind == Shift128::Left;
  // `near` is the half the bits move away from, `far` the one they move into.
  Reg farShifted = left ? byCl(Form::ShlRCl, hi, amt) : byCl(Form::ShrRCl, lo, amt);
  Reg nearShifted = left                              ? byCl(Form::ShlRCl, lo, amt)
                    : kind == Shift128::RightLogical ? byCl(Form::ShrRCl, hi, amt)
                                                      : byCl(Form::SarRCl, hi, amt);
  Reg crossing = left ? byCl(Form::ShrRCl, lo, back) : byCl(Form::ShlRCl, hi, back);
  Reg fill = zero;
  if (kind == Shift128::RightArithmetic) {
    fill = tmpInt(ctx);
    ctx.emit(MInst::shiftImm(Form::SarRI, OpSize::Q, fill, hi, 63));
  }
  Reg crossingOrZero = tmpInt(ctx), far = tmpInt(ctx);
  ctx.emit(MInst::cmpRI(Form::TestRI, OpSize::Q, amt, 127));
  ctx.emit(MInst::cmovRR(CondCode::E, OpSize::Q, crossingOrZero, crossing, zero));
  ctx.emit(MInst::aluRR(Form::OrRR, OpSize::Q, far, farShifted, crossingOrZero));
  // Below 64: (near, far) as computed; from 64 on: the near half moved into the far one.
  Reg outNear = left ? outLo : outHi, outFar = left ? outHi : outLo;
  ctx.emit(MInst::cmpRI(Form::TestRI, OpSize::Q, amt, 64));
  ctx.emit(MInst::cmovRR(CondCode::E, OpSize::Q, outNear, fill, nearShifted));
  ctx.emit(MInst::cmovRR(CondCode::E, OpSize::Q, outFar, nearShifted, far));
}

bool lowerShift128(LowerCtx &ctx, ir::Inst inst, Form byCl) {
  const ir::InstData &d = ctx.dfg().inst(inst);
  mach::ValueRegs x = ctx.putInRegs(d.arg(0));
  mach::ValueRegs out = ctx.outputRegs(inst);
  Reg amt = ctx.putInRegs(d.arg(1)).regs[0];
  const Reg lo = x.regs[0], hi = x.regs[1];
  if (byCl == Form::ShlRCl || byCl == Form::ShrRCl || byCl == Form::SarRCl) {
    const Shift128 kind = byCl == Form::ShlRCl   ? Shift128::Left
                          : byCl == Form::ShrRCl ? Shift128::RightLogical
                                                 : Shift128::RightArithmetic;
    emitShift128(ctx, kind, out.regs[0], out.regs[1], lo, hi, amt);
    return true;
  }
  // A rotate: the shift one way by amt or'ed with the shift the other way by 128 - amt.
  const bool left = byCl == Form::RolRCl;
  Reg k128 = tmpInt(ctx), back = tmpInt(ctx);
  ctx.emit(MInst::movRI(OpSize::L, k128, 128));
  ctx.emit(MInst::aluRR(Form::SubRR, OpSize::Q, back, k128, amt));
  Reg aLo = tmpInt(ctx), aHi = tmpInt(ctx), bLo = tmpInt(ctx), bHi = tmpInt(ctx);
  emitShift128(ctx, left ? Shift128::Left : Shift128::RightLogical, aLo, aHi, lo, hi, amt);
  emitShift128(ctx, left ? Shift128::RightLogical : Shift128::Left, bLo, bHi, lo, hi, back);
  ctx.emit(MInst::aluRR(Form::OrRR, OpSize::Q, out.regs[0], aLo, bLo));
  ctx.emit(MInst::aluRR(Form::OrRR, OpSize::Q, out.regs[1], aHi, bHi));
  return true;
}

bool lowerShift(LowerCtx &ctx, ir::Inst inst, Form byCl, Form byImm, bool isRotate) {
  const ir::InstData &d = ctx.dfg().inst(inst);
  const ir::Type t = resultType(ctx, inst);
  if (t.bits() > 64)
    return lowerShift128(ctx, inst, byCl);
  const OpSize s = opSizeOf(t);
  const unsigned mask = t.bits() - 1;
  const Reg dst = ctx.outputReg(inst);
  const Reg src = ctx.putInReg(d.arg(0));
  if (auto k = ctx.inputAsConst(d.arg(1))) {
    ctx.emit(MInst::shiftImm(byImm, s, dst, src, static_cast<uint8_t>(*k & mask)));
    return true;
  }
  Reg count = ctx.putInRegs(d.arg(1)).regs[0]; // an i128 amount: its low half
  if (!isRotate && t.bits() < 32) {
    Reg masked = tmpInt(ctx);
    ctx.emit(MInst::aluRI(Form::AndRI, OpSize::L, masked, count, static_cast<int32_t>(mask)));
    count = masked;
  }
  ctx.emit(MInst::shiftCl(byCl, s, dst, src, count));
  return true;
}

/// The index of the highest set bit of `x` at size `s`, or -1 when x is zero.
Reg emitBsrOrMinusOne(LowerCtx &ctx, OpSize s, Reg x) {
  Reg minusOne = tmpInt(ctx), scan = tmpInt(ctx), out = tmpInt(ctx);
  emitConst(ctx, minusOne, s == OpSize::Q ? ~uint64_t(0) : 0xffffffffu);
  ctx.emit(MInst::rr(Form::BsrRR, s, scan, x));
  ctx.emit(MInst::cmovRR(CondCode::E, s, out, scan, minusOne));
  return out;
}

/// out = (bits - 1) - bsr(x) for a 32- or 64-bit x, with bsr(0) taken as -1: clz when
/// `bits` is the width of x (a zero-extended narrow value: its own width). With lzcnt
/// (which gives the operand width for zero): lzcnt(x) - (width - bits).
Reg emitClz(LowerCtx &ctx, CountInsts isa, OpSize s, Reg out, Reg x, unsigned bits) {
  if (isa.lzcnt) {
    const unsigned width = bitsOf(s);
    if (width == bits) {
      ctx.emit(MInst::rr(Form::LzcntRR, s, out, x));
      return out;
    }
    Reg count = tmpInt(ctx);
    ctx.emit(MInst::rr(Form::LzcntRR, s, count, x));
    ctx.emit(MInst::aluRI(Form::SubRI, s, out, count, static_cast<int32_t>(width - bits)));
    return out;
  }
  Reg index = emitBsrOrMinusOne(ctx, s, x);
  Reg k = tmpInt(ctx);
  ctx.emit(MInst::movRI(s == OpSize::Q ? OpSize::Q : OpSize::L, k, static_cast<int32_t>(bits - 1)));
  ctx.emit(MInst::aluRR(Form::SubRR, s, out, k, index));
  return out;
}

/// out = ctz of a 32- or 64-bit x: tzcnt, or bsf with the width for zero.
Reg emitCtz(LowerCtx &ctx, CountInsts isa, OpSize s, Reg out, Reg x) {
  if (isa.tzcnt) {
    ctx.emit(MInst::rr(Form::TzcntRR, s, out, x));
    return out;
  }
  Reg width = tmpInt(ctx), scan = tmpInt(ctx);
  ctx.emit(MInst::movRI(OpSize::L, width, s == OpSize::Q ? 64 : 32));
  ctx.emit(MInst::rr(Form::BsfRR, s, scan, x));
  ctx.emit(MInst::cmovRR(CondCode::E, s, out, scan, width));
  return out;
}

/// out = popcnt of a 32- or 64-bit x: the popcnt instruction, or sum bits in pairs,
/// nibbles, bytes and let a multiply add the bytes into the top one.
Reg emitPopcnt(LowerCtx &ctx, CountInsts isa, OpSize s, Reg out, Reg x) {
  if (isa.popcnt) {
    ctx.emit(MInst::rr(Form::PopcntRR, s, out, x));
    return out;
  }
  const unsigned bits = s == OpSize::Q ? 64 : 32;
  BitEmitter e(ctx, s);
  Reg pairs = e.op(Form::SubRR, x, e.andMask(e.shift(Form::ShrRI, x, 1), repeatByte(0x55, bits)));
  Reg pairsHigh = e.andMask(e.shift(Form::ShrRI, pairs, 2), repeatByte(0x33, bits));
  Reg pairsLow = e.andMask(pairs, repeatByte(0x33, bits));
  Reg quads = e.op(Form::AddRR, pairsLow, pairsHigh);
  Reg bytes = e.andMask(e.op(Form::AddRR, quads, e.shift(Form::ShrRI, quads, 4)),
                        repeatByte(0x0f, bits));
  Reg total = tmpInt(ctx);
  if (s == OpSize::Q)
    ctx.emit(MInst::aluRR(Form::ImulRR, s, total, bytes, e.constant(repeatByte(0x01, bits))));
  else
    ctx.emit(MInst::imulRRI(s, total, bytes, static_cast<int32_t>(repeatByte(0x01, bits))));
  ctx.emit(MInst::shiftImm(Form::ShrRI, s, out, total, static_cast<uint8_t>(bits - 8)));
  return out;
}

/// A narrow (8/16-bit) input extended to 32 bits; wider ones as they are.
Reg widened(LowerCtx &ctx, Reg x, ir::Type t, bool isSigned) {
  if (t.bits() >= 32)
    return x;
  Reg wide = tmpInt(ctx);
  emitExtend(ctx, wide, x, t.bits(), 32, isSigned);
  return wide;
}

/// clz of the pair (lo, hi): clz(hi), or 64 + clz(lo) when hi is zero.
Reg emitClz128(LowerCtx &ctx, CountInsts isa, Reg lo, Reg hi) {
  Reg high = emitClz(ctx, isa, OpSize::Q, tmpInt(ctx), hi, 64);
  Reg low = emitClz(ctx, isa, OpSize::Q, tmpInt(ctx), lo, 64);
  Reg lowPlus = tmpInt(ctx), out = tmpInt(ctx);
  ctx.emit(MInst::aluRI(Form::AddRI, OpSize::Q, lowPlus, low, 64));
  ctx.emit(MInst::cmpRI(Form::CmpRI, OpSize::Q, high, 64));
  ctx.emit(MInst::cmovRR(CondCode::E, OpSize::Q, out, high, lowPlus));
  return out;
}

/// An i128 count: the low half computed, the high half zero.
void defineCount128(LowerCtx &ctx, ir::Inst inst, Reg count) {
  mach::ValueRegs out = ctx.outputRegs(inst);
  ctx.emit(MInst::genMove(out.regs[0], count, RegClass::Int));
  emitConst(ctx, out.regs[1], 0);
}

bool lowerClz(CountInsts isa, LowerCtx &ctx, ir::Inst inst) {
  const ir::Type t = resultType(ctx, inst);
  mach::ValueRegs in = ctx.putInRegs(ctx.dfg().inst(inst).arg(0));
  if (t.bits() > 64) {
    defineCount128(ctx, inst, emitClz128(ctx, isa, in.regs[0], in.regs[1]));
    return true;
  }
  // A zero-extended narrow value has the same index of its highest set bit.
  const OpSize s = atLeast32(t);
  emitClz(ctx, isa, s, ctx.outputReg(inst), widened(ctx, in.regs[0], t, false), t.bits());
  return true;
}

bool lowerCls(CountInsts isa, LowerCtx &ctx, ir::Inst inst) {
  const ir::Type t = resultType(ctx, inst);
  mach::ValueRegs in = ctx.putInRegs(ctx.dfg().inst(inst).arg(0));
  // cls = clz(x ^ (x >> bits-1, arithmetic)) - 1: the xor clears the sign copies.
  if (t.bits() > 64) {
    BitEmitter e(ctx, OpSize::Q);
    Reg signs = e.shift(Form::SarRI, in.regs[1], 63);
    Reg lo = e.op(Form::XorRR, signs, in.regs[0]);
    Reg hi = e.op(Form::XorRR, signs, in.regs[1]);
    Reg clz = emitClz128(ctx, isa, lo, hi);
    Reg cls = tmpInt(ctx);
    ctx.emit(MInst::aluRI(Form::SubRI, OpSize::Q, cls, clz, 1));
    defineCount128(ctx, inst, cls);
    return true;
  }
  // A sign-extended narrow value has (32 - bits) more sign copies: bits - 1 - 1 - bsr.
  const OpSize s = atLeast32(t);
  Reg x = widened(ctx, in.regs[0], t, true);
  BitEmitter e(ctx, s);
  Reg signs = e.shift(Form::SarRI, x, s == OpSize::Q ? 63 : 31);
  Reg flipped = e.op(Form::XorRR, signs, x);
  emitClz(ctx, isa, s, ctx.outputReg(inst), flipped, t.bits() - 1);
  return true;
}

bool lowerCtz(CountInsts isa, LowerCtx &ctx, ir::Inst inst) {
  const ir::Type t = resultType(ctx, inst);
  mach::ValueRegs in = ctx.putInRegs(ctx.dfg().inst(inst).arg(0));
  if (t.bits() > 64) {
    // ctz(lo), or 64 + ctz(hi) when lo is zero.
    Reg low = emitCtz(ctx, isa, OpSize::Q, tmpInt(ctx), in.regs[0]);
    Reg high = emitCtz(ctx, isa, OpSize::Q, tmpInt(ctx), in.regs[1]);
    Reg highPlus = tmpInt(ctx), out = tmpInt(ctx);
    ctx.emit(MInst::aluRI(Form::AddRI, OpSize::Q, highPlus, high, 64));
    ctx.emit(MInst::cmpRI(Form::CmpRI, OpSize::Q, low, 64));
    ctx.emit(MInst::cmovRR(CondCode::E, OpSize::Q, out, low, highPlus));
    defineCount128(ctx, inst, out);
    return true;
  }
  const Reg dst = ctx.outputReg(inst);
  if (t.bits() < 32) {
    // A set bit just above the value bounds the answer by the width and makes bsf defined;
    // the undefined bits above it do not matter.
    Reg bounded = tmpInt(ctx);
    ctx.emit(MInst::aluRI(Form::OrRI, OpSize::L, bounded, in.regs[0], int32_t(1) << t.bits()));
    ctx.emit(MInst::rr(isa.tzcnt ? Form::TzcntRR : Form::BsfRR, OpSize::L, dst, bounded));
    return true;
  }
  emitCtz(ctx, isa, opSizeOf(t), dst, in.regs[0]);
  return true;
}

bool lowerPopcnt(CountInsts isa, LowerCtx &ctx, ir::Inst inst) {
  const ir::Type t = resultType(ctx, inst);
  mach::ValueRegs in = ctx.putInRegs(ctx.dfg().inst(inst).arg(0));
  if (t.bits() > 64) {
    Reg low = emitPopcnt(ctx, isa, OpSize::Q, tmpInt(ctx), in.regs[0]);
    Reg high = emitPopcnt(ctx, isa, OpSize::Q, tmpInt(ctx), in.regs[1]);
    Reg sum = tmpInt(ctx);
    ctx.emit(MInst::aluRR(Form::AddRR, OpSize::Q, sum, low, high));
    defineCount128(ctx, inst, sum);
    return true;
  }
  const OpSize s = atLeast32(t);
  emitPopcnt(ctx, isa, s, ctx.outputReg(inst), widened(ctx, in.regs[0], t, false));
  return true;
}

bool lowerBswap(LowerCtx &ctx, ir::Inst inst) {
  const ir::Type t = resultType(ctx, inst);
  mach::ValueRegs in = ctx.putInRegs(ctx.dfg().inst(inst).arg(0));
  mach::ValueRegs out = ctx.outputRegs(inst);
  switch (t.bits()) {
  case 16:
    ctx.emit(MInst::shiftImm(Form::RolRI, OpSize::W, out.regs[0], in.regs[0], 8));
    return true;
  case 32:
  case 64:
    ctx.emit(MInst::unary(Form::BswapR, opSizeOf(t), out.regs[0], in.regs[0]));
    return true;
  case 128:
    ctx.emit(MInst::unary(Form::BswapR, OpSize::Q, out.regs[0], in.regs[1]));
    ctx.emit(MInst::unary(Form::BswapR, OpSize::Q, out.regs[1], in.regs[0]));
    return true;
  default:
    return false;
  }
}

/// Reverses the bits within each byte of x (at size s; bits above `bits` stay out of the
/// low `bits` bits): swaps adjacent bits, then pairs, then nibbles.
Reg emitReverseBitsInBytes(BitEmitter &e, Reg x, unsigned bits) {
  static constexpr std::pair<uint8_t, uint8_t> kSteps[] = {{1, 0x55}, {2, 0x33}, {4, 0x0f}};
  for (const auto &[amount, pattern] : kSteps) {
    const uint64_t m = repeatByte(pattern, bits);
    Reg high = e.andMask(e.shift(Form::ShrRI, x, amount), m);
    Reg low = e.shift(Form::ShlRI, e.andMask(x, m), amount);
    x = e.op(Form::OrRR, high, low);
  }
  return x;
}

bool lowerBitrev(LowerCtx &ctx, ir::Inst inst) {
  const ir::Type t = resultType(ctx, inst);
  mach::ValueRegs in = ctx.putInRegs(ctx.dfg().inst(inst).arg(0));
  mach::ValueRegs out = ctx.outputRegs(inst);
  if (t.bits() > 64) {
    // Each half reversed, the halves swapped.
    for (unsigned k = 0; k < 2; ++k) {
      BitEmitter e(ctx, OpSize::Q);
      Reg x = emitReverseBitsInBytes(e, in.regs[1 - k], 64);
      ctx.emit(MInst::unary(Form::BswapR, OpSize::Q, out.regs[k], x));
    }
    return true;
  }
  const OpSize s = atLeast32(t);
  BitEmitter e(ctx, s);
  Reg x = emitReverseBitsInBytes(e, in.regs[0], t.bits());
  switch (t.bits()) {
  case 8:
    ctx.emit(MInst::genMove(out.regs[0], x, RegClass::Int));
    return true;
  case 16:
    ctx.emit(MInst::shiftImm(Form::RolRI, OpSize::W, out.regs[0], x, 8));
    return true;
  default:
    ctx.emit(MInst::unary(Form::BswapR, s, out.regs[0], x));
    return true;
  }
}

} // namespace

namespace alu {

bool lowerBits(const target::IsaFlags &isaFlags, LowerCtx &ctx, ir::Inst inst) {
  const CountInsts isa(isaFlags);
  switch (ctx.dfg().opcode(inst)) {
  case Opcode::Ishl:
    return lowerShift(ctx, inst, Form::ShlRCl, Form::ShlRI, false);
  case Opcode::Ushr:
    return lowerShift(ctx, inst, Form::ShrRCl, Form::ShrRI, false);
  case Opcode::Sshr:
    return lowerShift(ctx, inst, Form::SarRCl, Form::SarRI, false);
  case Opcode::Rotl:
    return lowerShift(ctx, inst, Form::RolRCl, Form::RolRI, true);
  case Opcode::Rotr:
    return lowerShift(ctx, inst, Form::RorRCl, Form::RorRI, true);
  case Opcode::Clz:
    return lowerClz(isa, ctx, inst);
  case Opcode::Cls:
    return lowerCls(isa, ctx, inst);
  case Opcode::Ctz:
    return lowerCtz(isa, ctx, inst);
  case Opcode::Popcnt:
    return lowerPopcnt(isa, ctx, inst);
  case Opcode::Bswap:
    return lowerBswap(ctx, inst);
  case Opcode::Bitrev:
    return lowerBitrev(ctx, inst);
  default:
    return false; // not a shift or bit count (see lowerAlu)
  }
}

} // namespace alu
} // namespace irc::x86_64
