// Operand: one register mention of a machine instruction, as the register allocator
// sees it: which virtual register, read or written, when, and under what constraint.
//
// Timing follows regalloc2: every instruction has an Early point (where uses are read)
// and a Late point (where defs are written). A late use stays live through the Late
// point (so no def may share its register); an early def is written at Early (so it may
// not share a register with any use).
#pragma once

#include "codegen/mach/Reg.h"

#include <cstdint>

namespace irc::regalloc {

using mach::PReg;
using mach::RegClass;
using mach::regClassName;
using mach::VReg;

enum class OperandKind : uint8_t { Use, Def };
enum class OperandPos : uint8_t { Early, Late };

enum class Constraint : uint8_t {
  Any,      // a register or a spill slot
  Reg,      // any register of the class
  FixedReg, // exactly this physical register
  Reuse,    // a def in the same register as the use operand at reuseIndex (two-address)
};

class Operand {
public:
  static Operand use(VReg v) { return Operand(v, OperandKind::Use, OperandPos::Early, Constraint::Reg, 0); }
  static Operand lateUse(VReg v) { return Operand(v, OperandKind::Use, OperandPos::Late, Constraint::Reg, 0); }
  static Operand def(VReg v) { return Operand(v, OperandKind::Def, OperandPos::Late, Constraint::Reg, 0); }
  static Operand earlyDef(VReg v) { return Operand(v, OperandKind::Def, OperandPos::Early, Constraint::Reg, 0); }
  static Operand fixedUse(VReg v, PReg p) {
    return Operand(v, OperandKind::Use, OperandPos::Early, Constraint::FixedReg, p.index());
  }
  static Operand fixedLateUse(VReg v, PReg p) {
    return Operand(v, OperandKind::Use, OperandPos::Late, Constraint::FixedReg, p.index());
  }
  static Operand fixedDef(VReg v, PReg p) {
    return Operand(v, OperandKind::Def, OperandPos::Late, Constraint::FixedReg, p.index());
  }
  static Operand fixedEarlyDef(VReg v, PReg p) {
    return Operand(v, OperandKind::Def, OperandPos::Early, Constraint::FixedReg, p.index());
  }
  static Operand reuseDef(VReg v, unsigned useIndex) {
    return Operand(v, OperandKind::Def, OperandPos::Late, Constraint::Reuse, useIndex);
  }
  static Operand anyUse(VReg v) { return Operand(v, OperandKind::Use, OperandPos::Early, Constraint::Any, 0); }
  static Operand anyDef(VReg v) { return Operand(v, OperandKind::Def, OperandPos::Late, Constraint::Any, 0); }

  VReg vreg() const { return vreg_; }
  RegClass cls() const { return vreg_.cls(); }
  OperandKind kind() const { return kind_; }
  OperandPos pos() const { return pos_; }
  Constraint constraint() const { return constraint_; }
  bool isUse() const { return kind_ == OperandKind::Use; }
  bool isDef() const { return kind_ == OperandKind::Def; }
  PReg fixedReg() const { return PReg::fromIndex(extra_); }
  unsigned reuseIndex() const { return extra_; }

private:
  Operand(VReg v, OperandKind k, OperandPos p, Constraint c, unsigned extra)
      : vreg_(v), kind_(k), pos_(p), constraint_(c), extra_(static_cast<uint8_t>(extra)) {}
  VReg vreg_;
  OperandKind kind_;
  OperandPos pos_;
  Constraint constraint_;
  uint8_t extra_; // fixed register index, or reuse operand index
};
static_assert(sizeof(Operand) == 8);

} // namespace irc::regalloc
