// Lower: the s390x lowering rules, split by area into one file each. Backend.cpp's
// lowerInst tries the areas in turn; each returns false for an opcode it does not own, so
// an opcode nobody owns is reported as unsupported by the driver.
//
//   LowerAlu.cpp      constants, integer arithmetic, bit operations, shifts, compares,
//                     selects, extensions, overflow ops; lowerCondition
//   LowerMemory.cpp   loads, stores, stack slots, global_value, symbol_value, func_addr,
//                     frame/stack pointer and return address; lowerAddress
//   LowerCall.cpp     call, call_indirect (arguments and results per Abi.cpp's SigLayout)
//   LowerControl.cpp  return, trap, trapz/trapnz, branches (brif, jump, br_table)
//
// Values narrower than 64 bits have undefined upper bits in their register: a rule that
// reads them extends first (extendTo64). Arch13 (z15) forms only when Backend::hasMie3().
#pragma once

#include "codegen/mach/Lower.h"
#include "target/s390x/Backend.h"
#include "target/s390x/MInst.h"

#include <cstdint>
#include <span>

namespace irc::s390x {

using LowerCtx = mach::LowerCtx<MInst>;

// ---- Areas: each returns false when the opcode is not one of its own ----
bool lowerAlu(const Backend &backend, LowerCtx &ctx, ir::Inst inst);     // LowerAlu.cpp
bool lowerMemory(const Backend &backend, LowerCtx &ctx, ir::Inst inst);  // LowerMemory.cpp
bool lowerCall(const Backend &backend, LowerCtx &ctx, ir::Inst inst);    // LowerCall.cpp
bool lowerControl(const Backend &backend, LowerCtx &ctx, ir::Inst inst); // LowerControl.cpp
/// Instructions with an i128 result (or i128 stores, isplit, ireduce), tried first.
bool lowerI128(const Backend &backend, LowerCtx &ctx, ir::Inst inst);    // LowerI128.cpp
bool lowerBranchInst(const Backend &backend, LowerCtx &ctx, ir::Inst inst,
                     std::span<const uint32_t> targets); // LowerControl.cpp

// ---- Shared helpers ----
/// A fresh general register.
inline Reg gprTmp(LowerCtx &ctx) { return ctx.tmp(RegClass::Int); }
/// r extended from `bits` to 64 bits (r itself when bits is 64). LowerAlu.cpp.
Reg extendTo64(LowerCtx &ctx, Reg r, unsigned bits, bool isSigned);
/// A register holding the 64-bit constant. LowerAlu.cpp.
Reg constantReg(LowerCtx &ctx, uint64_t value);
/// Sets the condition code so that the returned mask holds exactly when the integer value
/// `cond` is non-zero, folding an icmp producer into the compare. LowerAlu.cpp.
CondMask lowerCondition(LowerCtx &ctx, ir::Value cond);
/// i128 versions of emitCompare+mask and of lowerCondition. LowerI128.cpp.
CondMask lowerIcmp128(LowerCtx &ctx, ir::IntCC cc, ir::Value a, ir::Value b);
CondMask lowerCondition128(LowerCtx &ctx, ir::Value cond);
/// An i128 (low register first) from/to 16 big-endian bytes. LowerI128.cpp.
void loadI128(LowerCtx &ctx, const mach::ValueRegs &dst, const MemArg &mem);
void storeI128(LowerCtx &ctx, const mach::ValueRegs &src, const MemArg &mem);
/// The memory operand for `addr + offset` (base + index + displacement). LowerMemory.cpp.
MemArg lowerAddress(LowerCtx &ctx, ir::Value addr, int32_t offset);
/// Loads/stores a value of type `ty` (integers up to 64 bits, f32, f64) in big-endian
/// order; an integer load fills the whole register (zero-extended). LowerMemory.cpp.
void emitLoad(LowerCtx &ctx, ir::Type ty, Reg dst, const MemArg &mem);
void emitStore(LowerCtx &ctx, ir::Type ty, Reg src, const MemArg &mem);
/// Where a stack argument's bytes start within its doubleword slot area (an f32 is
/// right-justified). Abi.cpp.
int32_t stackArgDisp(const mach::ArgPart &part);

} // namespace irc::s390x
