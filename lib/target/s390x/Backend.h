// Backend: the s390x code generator as the machine layer sees it (mach::TargetBackend):
// register shapes and the allocator's environment, the ELF ABI (Abi.cpp), the lowering
// rules (Lower*.cpp, see Lower.h), frames, prologue/epilogue (with their CFI, Abi.cpp) and
// emission.
//
// What always holds:
// - Integer values up to 64 bits live in one general register; only the low bits of the
//   type are meaningful (the upper bits are undefined), so every rule that reads the upper
//   bits (compares, divisions, right shifts, extensions) extends first.
// - f32/f64 live in v0..v15 (their high halves: the FPRs).
// - The frame: GPR saves go to the caller's 160-byte save area with one stmg before %r15
//   moves; the CFA is %r15 + 160 at entry and %r15 + 160 + frameBytes in the body.
// - A Backend is immutable once made: functions compile in parallel against one object.
#pragma once

#include "codegen/mach/Compile.h"
#include "codegen/mach/FrameCode.h"
#include "codegen/mach/Lower.h"
#include "target/TargetInfo.h"
#include "target/s390x/MInst.h"

#include <span>
#include <string_view>
#include <vector>

namespace irc::s390x {

class Backend {
public:
  using MInst = s390x::MInst;

  explicit Backend(target::IsaFlags flags);

  const target::IsaFlags &isaFlags() const { return flags_; }
  /// The z15 (arch13) miscellaneous-instruction-extensions facility 3.
  bool hasMie3() const { return flags_.has(target::S390xFlag::HasMie3); }

  // ---- Lowering (Backend.cpp, Abi.cpp, Lower*.cpp) ----
  std::string_view name() const { return "s390x"; }
  mach::RegShape regShape(ir::Type t) const;
  const regalloc::MachineEnv &machineEnv(ir::CallConv) const { return env_; }
  mach::SigLayout sigLayout(const ir::Signature &sig) const; // Abi.cpp
  bool lowerInst(mach::LowerCtx<MInst> &ctx, ir::Inst inst) const;
  bool lowerBranch(mach::LowerCtx<MInst> &ctx, ir::Inst inst,
                   std::span<const uint32_t> targets) const;
  void lowerArgs(mach::LowerCtx<MInst> &ctx, std::span<const mach::ValueRegs> params) const; // Abi.cpp
  void genJump(mach::LowerCtx<MInst> &ctx, uint32_t target) const;

  // ---- Frames (Abi.cpp) ----
  mach::PRegSet calleeSaved(ir::CallConv) const;
  mach::FrameLayout layoutFrame(const mach::FrameRequest &req) const;

  // ---- Emission (Backend.cpp; prologue and epilogue, with their CFI, in Abi.cpp) ----
  bool bigEndian() const { return true; }
  void emitInst(const MInst &inst, mach::MachBuffer &buf, const mach::EmitContext &ctx) const;
  mach::PReg stackPointer() const { return regs::stackPointer(); }
  void genPrologue(const mach::FrameLayout &frame, mach::FrameCode<MInst> &code) const;
  void genEpilogue(const mach::FrameLayout &frame, mach::FrameCode<MInst> &code) const;

private:
  target::IsaFlags flags_;
  regalloc::MachineEnv env_;
};
static_assert(mach::TargetBackend<Backend>);

/// The 160-byte register save area every caller provides at its SP (s390x ELF ABI).
inline constexpr uint32_t kRegSaveAreaBytes = 160;

} // namespace irc::s390x
