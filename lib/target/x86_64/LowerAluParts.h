// LowerAluParts: what the integer-lowering files (LowerAlu.cpp, LowerBits.cpp,
// LowerDivision.cpp) share: operand folding and small emission helpers.
//
// Conventions every rule here keeps (Cranelift's): a value narrower than its register has
// undefined upper bits, so a rule that depends on them (division, right shifts of 8/16-bit
// values through 32-bit operations, bit counts) extends first; flags are only ever read by
// the instruction right after the one that set them within one rule's group (constants
// materialized in between use mov, which keeps the flags; only an iconst's own group uses
// the flag-clobbering `xorl %r, %r` for zero).
#pragma once

#include "target/x86_64/Lower.h"

#include <cstdint>
#include <optional>

namespace irc::x86_64::alu {

/// The type of the instruction's controlling value (its first result, else operand 0).
ir::Type resultType(const LowerCtx &ctx, ir::Inst inst);

/// The size an operation of type `t` is computed at when its form has no 8-bit variant
/// (imul, cmov, bsr/bsf): 8-bit values use the 32-bit form, whose low byte is the same.
OpSize sizeNoByte(ir::Type t);
/// L for types of up to 32 bits, else Q: the size of the bit-count sequences.
OpSize atLeast32(ir::Type t);

/// `v` as an immediate of an instruction of size opSizeOf(t): an iconst whose value,
/// sign-extended from t's width, fits the sign-extended imm32 (always for 8..32 bits).
std::optional<int32_t> immOperand(const LowerCtx &ctx, ir::Value v, ir::Type t);

/// `v` as a memory operand: a plain `load` of exactly t's width (native or little-endian)
/// that may be sunk into `user` (the instruction being lowered, or one it looks through);
/// sinks it. Only for integer types of 8..64 bits. Never into a `user` with a result of
/// several uses (Cranelift's rule): another user may have looked through it to the load
/// (an address mode through an iadd, a branch through an icmp) and read it in a register.
/// An invalid `user` skips that check (the load feeds the current instruction directly).
std::optional<Amode> sinkLoadOperand(LowerCtx &ctx, ir::Value v, ir::Type t, ir::Inst user);

/// A fresh integer vreg.
Reg tmpInt(LowerCtx &ctx);

/// dst = constant (mov forms only: the flags are kept).
void emitConst(LowerCtx &ctx, Reg dst, uint64_t value);

/// dst = src extended from `fromBits` (8, 16, 32, 64: a copy) to `toBits` (at least 32
/// bits are written; a zero-extension always clears all 64).
void emitExtend(LowerCtx &ctx, Reg dst, Reg src, unsigned fromBits, unsigned toBits,
                bool isSigned);

/// Flags for `icmp cc a, b`; returns the x86 condition that then holds. Folds an immediate
/// on either side (swapping the condition), a zero into test, a sinkable load into
/// `foldInto` (the icmp, or the instruction itself; nullopt: no load folding, when the
/// caller reads a and b in registers too), and i128 operands into a short sequence.
CondCode emitCompare(LowerCtx &ctx, ir::IntCC cc, ir::Value a, ir::Value b,
                     std::optional<ir::Inst> foldInto);

// ---- The other files' parts of lowerAlu; each returns false for opcodes it does not own.
/// `isa` picks lzcnt (has_lzcnt), tzcnt (has_bmi1) and popcnt (has_popcnt) for the bit
/// counts over the baseline sequences.
bool lowerBits(const target::IsaFlags &isa, LowerCtx &ctx, ir::Inst inst); // LowerBits.cpp
bool lowerDivision(LowerCtx &ctx, ir::Inst inst); // LowerDivision.cpp

} // namespace irc::x86_64::alu
