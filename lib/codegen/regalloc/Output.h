// Output: an allocator's answer. Where each operand lives (allocs, parallel to
// Input::operands), and the moves to insert between instructions (edits), which carry
// values between registers and spill slots.
#pragma once

#include "codegen/mach/Reg.h"

#include <cstdint>
#include <string>
#include <vector>

namespace irc::regalloc {

using mach::PReg;

/// A place a value can be: nowhere, a physical register, or a spill slot. An edit may
/// also read a value from its rematerializing instruction (Remat): re-executing that
/// instruction, a constant's definition flagged Input::kRemat, recreates the value.
class Allocation {
public:
  enum class Kind : uint8_t { None, Reg, Stack, Remat };
  constexpr Allocation() = default;
  static constexpr Allocation reg(PReg p) { return Allocation(Kind::Reg, p.index()); }
  static constexpr Allocation stack(uint32_t slot) { return Allocation(Kind::Stack, slot); }
  static constexpr Allocation remat(uint32_t inst) { return Allocation(Kind::Remat, inst); }
  constexpr Kind kind() const { return kind_; }
  constexpr bool isNone() const { return kind_ == Kind::None; }
  constexpr bool isReg() const { return kind_ == Kind::Reg; }
  constexpr bool isStack() const { return kind_ == Kind::Stack; }
  constexpr bool isRemat() const { return kind_ == Kind::Remat; }
  constexpr PReg asReg() const { return PReg::fromIndex(index_); }
  constexpr uint32_t asStack() const { return index_; }
  constexpr uint32_t asRemat() const { return index_; } // the instruction to re-execute
  friend constexpr bool operator==(Allocation a, Allocation b) {
    return a.kind_ == b.kind_ && a.index_ == b.index_;
  }
  friend constexpr bool operator!=(Allocation a, Allocation b) { return !(a == b); }
  std::string text() const; // "%r3i", "stack5", "remat(inst7)", "none"

private:
  constexpr Allocation(Kind k, uint32_t index) : kind_(k), index_(index) {}
  Kind kind_ = Kind::None;
  uint32_t index_ = 0;
};

/// A point between instructions: before or after instruction `inst`.
class ProgPoint {
public:
  constexpr ProgPoint() = default;
  static constexpr ProgPoint before(uint32_t inst) { return ProgPoint(inst * 2); }
  static constexpr ProgPoint after(uint32_t inst) { return ProgPoint(inst * 2 + 1); }
  constexpr uint32_t inst() const { return bits_ >> 1; }
  constexpr bool isAfter() const { return bits_ & 1; }
  constexpr uint32_t bits() const { return bits_; }
  std::string text() const; // "before inst3", "after inst3"
  friend constexpr bool operator<(ProgPoint a, ProgPoint b) { return a.bits_ < b.bits_; }
  friend constexpr bool operator==(ProgPoint a, ProgPoint b) { return a.bits_ == b.bits_; }

private:
  constexpr explicit ProgPoint(uint32_t bits) : bits_(bits) {}
  uint32_t bits_ = 0;
};

/// Move the value in `from` to `to` at `point`. Moves at the same point happen in order
/// (the allocator has already sequentialized parallel moves). No edit moves stack to
/// stack: an allocator routes such a copy through a register itself, so a target only
/// ever needs register moves, spills, reloads and rematerializations (a Remat `from`
/// into a register `to`: the defining instruction again, writing `to`).
struct Edit {
  ProgPoint point;
  Allocation from;
  Allocation to;
  mach::RegClass cls = mach::RegClass::Int;
  std::string text() const; // "before inst3: %r1i -> stack0"
};

struct Stats {
  uint32_t moves = 0;   // register-to-register moves inserted
  uint32_t spills = 0;  // register-to-stack moves
  uint32_t reloads = 0; // stack-to-register moves
  uint32_t remats = 0;  // constants recomputed into a register instead of reloaded
  uint32_t stackMoves = 0; // stack-to-stack copies the allocator routed through a register
  /// Counts the edits by kind (stackMoves is left to the allocator).
  void count(const std::vector<Edit> &edits);
  /// Adds another allocation's counts (totals over a module, a benchmark).
  Stats &operator+=(const Stats &o) {
    moves += o.moves, spills += o.spills, reloads += o.reloads, remats += o.remats;
    stackMoves += o.stackMoves;
    return *this;
  }
  std::string text() const; // "moves=2 spills=1 reloads=1 stack_moves=0"
};

struct Output {
  std::vector<Allocation> allocs; // parallel to Input::operands
  std::vector<Edit> edits;        // sorted by point (stable within a point)
  uint32_t numSpillSlots = 0;     // slot indices < numSpillSlots
  /// Class of each spill slot (its size comes from MachineEnv::spillSlotBytes).
  std::vector<mach::RegClass> spillSlotClasses;
  Stats stats;
};

} // namespace irc::regalloc
