// Lower: the x86_64 lowering rules, split by area into one file each. Backend.cpp's
// lowerInst tries the areas in turn; each returns false for an opcode it does not own, so
// an opcode nobody owns is reported as unsupported by the driver.
//
//   LowerAlu.cpp      constants, integer arithmetic, bit operations, shifts, compares,
//                     selects, extensions, overflow and carry ops; lowerCondition
//   LowerMemory.cpp   loads, stores, stack_addr, global_value, symbol_value, func_addr,
//                     frame/stack pointer and return address; lowerAddress
//   LowerCall.cpp     call, call_indirect, return_call*, try_call*, argument/result moves
//   LowerControl.cpp  return, trap, trapz/trapnz, branches (brif, jump, br_table)
//
// Shared vocabulary between the areas lives here; each helper says which file defines it.
#pragma once

#include "codegen/mach/Lower.h"
#include "target/x86_64/MInst.h"

#include <optional>

namespace irc::x86_64 {

class Backend;
using LowerCtx = mach::LowerCtx<MInst>;

/// The operand size of an integer type of 8..64 bits (i128 halves use Q).
OpSize opSizeOf(ir::Type t); // LowerAlu.cpp

// ---- Areas: each returns false when the opcode is not one of its own ----
bool lowerAlu(const Backend &backend, LowerCtx &ctx, ir::Inst inst); // LowerAlu.cpp
bool lowerMemory(LowerCtx &ctx, ir::Inst inst);                       // LowerMemory.cpp
bool lowerCall(const Backend &backend, LowerCtx &ctx, ir::Inst inst); // LowerCall.cpp
bool lowerControl(const Backend &backend, LowerCtx &ctx, ir::Inst inst); // LowerControl.cpp
bool lowerBranch(LowerCtx &ctx, ir::Inst inst, std::span<const uint32_t> targets); // LowerControl.cpp

/// Emits what sets the flags so that `cc` holds exactly when the integer value `cond` is
/// non-zero (true), folding an icmp producer (a single use, no side effect between) into a
/// cmp. Used by brif, select, trapz/trapnz. LowerAlu.cpp.
CondCode lowerCondition(LowerCtx &ctx, ir::Value cond);

/// The memory operand for `addr + offset`, folding an iadd/ishl/iconst address computation
/// into base + index * scale + disp where it fits. LowerMemory.cpp.
Amode lowerAddress(LowerCtx &ctx, ir::Value addr, int32_t offset);

} // namespace irc::x86_64
