// Input: everything a register allocator (and the checker) may know about the code.
//
// It is a plain view of flat arrays owned by VCode (or built by a test by hand), so the
// allocators depend on no target and no machine-instruction type. Instructions are
// numbered 0..numInsts-1 in final order; blocks own contiguous ranges of them.
//
// Rules the allocators rely on. checkInputRules (InputRules.cpp), which allocate() runs
// before any allocator, reports an Error for an Input that breaks one; the allocators
// themselves do not check them again:
// - every block is non-empty and ends with exactly one branch or return instruction
//   (isBranch/isRet); no other instruction is one;
// - the entry block has no parameters and no predecessors (function arguments are defs of
//   an instruction in it, with fixed registers);
// - no critical edges: a block with several successors is the only predecessor of each,
//   and so is a successor of a branch that defines vregs (a call that is a terminator):
//   moves after such a branch go at the start of its successors;
// - block parameters are vregs defined at the block's start; a branch passes, for each
//   successor, exactly as many vregs as that successor has parameters (branchArgs), each
//   of its parameter's class, and those are not operands of the branch instruction;
// - successors are blocks other than the entry, and a block's predecessors are exactly
//   the blocks that branch to it (once per branch);
// - every vreg is defined once (by an operand, or as a block parameter) — SSA — and has
//   one class; every use and branch argument names a defined vreg, and no instruction
//   uses a vreg it defines;
// - operands follow Operand.h (a fixed register of the operand's class; a reuse def names
//   an early use of its class, no two the same one); a kRemat instruction is one def alone.
// Whether a definition reaches its uses needs liveness: each allocator reports that itself.
#pragma once

#include "codegen/regalloc/Operand.h"

#include <cstdint>
#include <span>
#include <vector>

namespace irc::regalloc {

using mach::PRegSet;

struct InstRange {
  uint32_t first = 0; // first instruction
  uint32_t last = 0;  // one past the last
};

/// The registers an allocator may use, per class, in order of preference.
struct MachineEnv {
  /// Caller-saved registers: used first (cheap in leaf code).
  std::vector<PReg> preferred[mach::kNumRegClasses];
  /// Callee-saved registers: each one used costs a save/restore in the prologue.
  std::vector<PReg> nonPreferred[mach::kNumRegClasses];
  /// Bytes of a spill slot per class (8 for Int, 16 for 128-bit vector classes).
  uint32_t spillSlotBytes[mach::kNumRegClasses] = {8, 16, 16};
};

struct Input {
  uint32_t numInsts = 0;
  uint32_t numBlocks = 0;
  uint32_t numVRegs = 0; // vreg indices are < numVRegs
  uint32_t entryBlock = 0;

  std::span<const InstRange> blockInsts; // per block

  // Compressed sparse rows: the successors of block b are
  // succs[succOffsets[b] .. succOffsets[b+1]); likewise preds and block params.
  std::span<const uint32_t> succOffsets, succs;
  std::span<const uint32_t> predOffsets, preds;
  std::span<const uint32_t> paramOffsets;
  std::span<const VReg> params;

  // Branch arguments of block b toward its k-th successor:
  // branchArgs[branchArgOffsets[succOffsets[b] + k] .. branchArgOffsets[succOffsets[b] + k + 1]).
  std::span<const uint32_t> branchArgOffsets;
  std::span<const VReg> branchArgs;

  // Operands of instruction i: operands[operandOffsets[i] .. operandOffsets[i+1]).
  std::span<const uint32_t> operandOffsets;
  std::span<const Operand> operands;

  /// Registers each instruction overwrites beyond its defs (calls); per instruction, or
  /// empty for none. A clobber happens at the Late point: an early use may sit in a
  /// clobbered register (a call's arguments), a late def too (its result); a late use or
  /// an early def may not, and no value lives across the instruction in one.
  std::span<const PRegSet> clobbers;
  /// Per instruction: bit 0 = return, bit 1 = branch (block terminator), bit 2 = a plain
  /// register-to-register move the allocator may coalesce, bit 3 = rematerializable: the
  /// instruction's only operand is one def, it clobbers nothing, and running it again
  /// anywhere (with the def in any register of its class) recreates the same value (a
  /// constant), so an allocator may do that instead of spilling and reloading the value.
  std::span<const uint8_t> instFlags;

  const MachineEnv *env = nullptr;

  static constexpr uint8_t kRet = 1, kBranch = 2, kMove = 4, kRemat = 8;

  // Convenience accessors.
  std::span<const Operand> instOperands(uint32_t i) const {
    return operands.subspan(operandOffsets[i], operandOffsets[i + 1] - operandOffsets[i]);
  }
  std::span<const uint32_t> blockSuccs(uint32_t b) const {
    return succs.subspan(succOffsets[b], succOffsets[b + 1] - succOffsets[b]);
  }
  std::span<const uint32_t> blockPreds(uint32_t b) const {
    return preds.subspan(predOffsets[b], predOffsets[b + 1] - predOffsets[b]);
  }
  std::span<const VReg> blockParams(uint32_t b) const {
    return params.subspan(paramOffsets[b], paramOffsets[b + 1] - paramOffsets[b]);
  }
  std::span<const VReg> blockBranchArgs(uint32_t b, uint32_t succIndex) const {
    uint32_t e = succOffsets[b] + succIndex;
    return branchArgs.subspan(branchArgOffsets[e], branchArgOffsets[e + 1] - branchArgOffsets[e]);
  }
  bool isRet(uint32_t i) const { return instFlags[i] & kRet; }
  bool isBranch(uint32_t i) const { return instFlags[i] & kBranch; }
  bool isMove(uint32_t i) const { return instFlags[i] & kMove; }
  bool isRemat(uint32_t i) const { return instFlags[i] & kRemat; }
};

} // namespace irc::regalloc
