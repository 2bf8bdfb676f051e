// ParallelMoves: turns moves that happen "at the same time" (edge moves into block
// parameters, the fix-ups after one instruction) into a sequence of single moves.
//
// Input: moves with pairwise distinct destinations; each destination must end up with
// the value its source held before any of the moves. A source may be a Remat (never a
// destination). Output: Edits (without points) in execution order, never moving stack to
// stack, nor rematerializing into a slot, directly.
//
// Cycles (a swap of two registers) are broken through a temporary: the free register of
// the class when the caller has one, else an emergency spill slot. A stack-to-stack move
// goes through the free register, or, when there is none, through a borrowed register
// whose value is saved to a second emergency slot and restored afterwards. So the
// resolver always succeeds; it only needs the class's allocatable registers to borrow from.
#pragma once

#include "codegen/regalloc/Output.h"

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace irc::regalloc {

struct MoveScratch {
  /// Per class: a register that holds nothing live during the moves, or an invalid PReg.
  PReg freeReg[mach::kNumRegClasses];
  /// Per class: registers that may be borrowed (saved and restored) if freeReg is invalid.
  std::span<const PReg> borrowable[mach::kNumRegClasses];
  /// Returns the emergency spill slot `which` (0 or 1) of a class, creating it on first use.
  std::function<uint32_t(mach::RegClass cls, unsigned which)> emergencySlot;
};

class ParallelMoves {
public:
  void add(Allocation from, Allocation to, mach::RegClass cls) { moves_.push_back({from, to, cls}); }
  bool empty() const { return moves_.empty(); }
  size_t size() const { return moves_.size(); }
  void clear() { moves_.clear(); }
  /// True if `a` is the source or destination of a pending move.
  bool mentions(Allocation a) const;

  /// Appends the sequential moves to `out` (points left default; the caller sets them)
  /// and clears the set.
  void resolve(std::vector<Edit> &out, const MoveScratch &scratch);

  /// Stack-to-stack moves (and rematerializations into a slot) routed through a register
  /// so far (for Stats::stackMoves).
  uint32_t stackToStack = 0;

private:
  struct Move {
    Allocation from, to;
    mach::RegClass cls;
  };
  std::vector<Move> moves_;
};

} // namespace irc::regalloc
