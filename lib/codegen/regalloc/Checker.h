// Checker: an independent proof that a register allocator's Output is correct for its
// Input (the model is regalloc2's checker.rs; see docs/regalloc-checker.md).
//
// It shares no code with the allocators: only the Input/Output/Operand types. It proves:
// - every allocation is a location of its vreg's class and meets its operand's constraint
//   (Any, Reg, FixedReg, Reuse), and no two operands of one instruction collide in one
//   location at overlapping times (Operand.h's Early/Late rules, clobbers as late writes);
// - every edit is well formed (sorted, of one class, never stack to stack, never after a
//   terminator);
// - every use finds its vreg in its allocation, by abstract interpretation: per location
//   the set of vregs it is known to hold, intersected where control flow merges, iterated
//   to a fixed point; an edge defines each block parameter in the locations that hold its
//   branch argument.
// Cost: linear in instructions, operands and edits per sweep of the CFG, plus the size of
// the live-in sets (facts about dead vregs are dropped at block entries).
#pragma once

#include "codegen/regalloc/Input.h"
#include "codegen/regalloc/Output.h"
#include "support/Expected.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace irc::regalloc {

enum class CheckErrorKind : uint8_t {
  BadInput,    // the Input breaks Input.h's rules (a vreg defined twice, an argument count...)
  BadOutput,   // the Output's shape: array sizes, unsorted or malformed edits
  BadLocation, // a location of the wrong class, a spill slot out of range, no allocation
  Constraint,  // an allocation that breaks its operand's constraint
  Conflict,    // two operands (or an operand and a clobber) in one location at one time
  WrongValue,  // a use whose location does not hold its vreg there
};

/// The first problem found, with the entities it concerns (kNone where none applies).
struct CheckError {
  static constexpr uint32_t kNone = ~0u;
  CheckErrorKind kind = CheckErrorKind::BadOutput;
  uint32_t inst = kNone;      // instruction index
  uint32_t operand = kNone;   // index among the instruction's operands
  uint32_t edit = kNone;      // index into Output::edits
  uint32_t vreg = kNone;      // vreg index the operand names
  Allocation where;           // the location concerned
  std::vector<uint32_t> held; // WrongValue: the vregs `where` was known to hold, ascending
  /// The whole message, e.g. "inst 12 operand 1: use of v7 in %r3i, which holds v9".
  std::string message;
};

/// Proves `output` correct for `input`, or returns the first problem (static problems of
/// operands and edits first, then wrong values in instruction order).
std::optional<CheckError> findAllocationError(const Input &input, const Output &output);

/// The same as an Expected: the error message is CheckError::message.
Expected<void> checkAllocation(const Input &input, const Output &output);

} // namespace irc::regalloc
