// The contract between the target-independent machine layer and a target's machine
// instruction type (x86_64::MInst, s390x::MInst).
//
// Register operands are visited, never listed twice: an instruction's visitOperands
// calls the visitor once per register field, in a fixed order. The same function serves
// to collect operands for the allocator (OperandCollector) and to rewrite virtual
// registers with their allocations afterwards (AllocationApplier), so the two can never
// disagree. Physical registers written directly into an instruction (the stack pointer,
// a frame pointer) are not allocatable and must not be passed to the visitor.
#pragma once

#include "codegen/mach/Reg.h"

#include <concepts>
#include <optional>
#include <string>
#include <utility>

namespace irc::mach {

/// The verbs an instruction uses to describe its register fields. Each takes the field
/// by reference; a visitor may rewrite it.
template <typename V>
concept OperandVisitor = requires(V &v, Reg &r, PReg p, unsigned idx, const PRegSet &set) {
  v.use(r);             // read at Early
  v.lateUse(r);         // read, still live at Late (no def may share its register)
  v.def(r);             // written at Late
  v.earlyDef(r);        // written at Early (may not share a register with any use)
  v.fixedUse(r, p);     // read from exactly p
  v.fixedLateUse(r, p);
  v.fixedDef(r, p);     // written into exactly p
  v.fixedEarlyDef(r, p);
  v.reuseDef(r, idx);   // written into the register of the idx-th operand (a use)
  v.clobbers(set);      // registers overwritten beyond the defs (calls)
};

/// What the machine layer needs from a target's instruction type I.
///   template <OperandVisitor V> void visitOperands(V &v);
///     one call per register field, in a fixed order; reuseDef's index counts the
///     operands this instruction reported before it, virtual ones only (physical
///     registers are skipped by every visitor, so they must not shift what a def reuses);
///   bool isTerminator() const;  // ends a block (branch, return, trap-only block end)
///   bool isReturn() const;
///   std::optional<std::pair<Reg, Reg>> isMove() const;  // (dst, src) of a plain copy
///   static I genMove(Reg dst, Reg src, RegClass cls);   // register-to-register copy
///   bool isRemat() const;  // a constant's definition the allocator may re-execute: its
///                          // only operand is one def; it reads no register or memory
///   I remat() const;       // (isRemat) an instruction writing the same value into the
///                          // same def field without touching anything else, flags
///                          // included: it may run between a compare and its branch
///   std::string print() const;  // after allocation: with physical register names
template <typename I>
concept MachInstType = requires(const I &ci, Reg r, RegClass c) {
  { ci.isTerminator() } -> std::same_as<bool>;
  { ci.isReturn() } -> std::same_as<bool>;
  { ci.isMove() } -> std::same_as<std::optional<std::pair<Reg, Reg>>>;
  { ci.isRemat() } -> std::same_as<bool>;
  { ci.remat() } -> std::same_as<I>;
  { I::genMove(r, r, c) } -> std::same_as<I>;
  { ci.print() } -> std::convertible_to<std::string>;
};

} // namespace irc::mach
