// FrameCode: a prologue or epilogue as a target generates it: its instructions, each with
// the call-frame information (CFI) that holds right after it.
//
// The CFI of a frame's setup and teardown is known where those instructions are chosen,
// so the target states it there; emission (Emit.h) records each step's CFI at the offset
// after its instruction and, for an epilogue that more code follows, brackets the changes
// with remember/restore-state. A target's emitInst never has to recognise prologue or
// epilogue instructions. Register numbers in the records are the target's DWARF numbers.
#pragma once

#include "codegen/mach/CompiledCode.h"

#include <cassert>
#include <initializer_list>
#include <utility>
#include <vector>

namespace irc::mach {

template <typename I>
struct FrameStep {
  I inst;
  std::vector<CfiOp> cfiAfter; // in order; empty when the frame state does not change
};

/// The steps of one prologue or epilogue, in emission order.
template <typename I>
class FrameCode {
public:
  void add(I inst, std::initializer_list<CfiOp> cfiAfter = {}) {
    steps_.push_back(FrameStep<I>{std::move(inst), std::vector<CfiOp>(cfiAfter)});
  }
  /// Adds CFI to the last step (for records computed in a loop).
  void addCfiToLast(CfiOp op) {
    assert(!steps_.empty());
    steps_.back().cfiAfter.push_back(op);
  }

  const std::vector<FrameStep<I>> &steps() const { return steps_; }
  bool empty() const { return steps_.empty(); }
  void clear() { steps_.clear(); }

private:
  std::vector<FrameStep<I>> steps_;
};

} // namespace irc::mach
