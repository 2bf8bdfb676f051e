// Backend: the x86_64 code generator as the machine layer sees it (mach::TargetBackend):
// register shapes, System V argument layout, lowering dispatch, frames, emission.
//
// The frame (always with a frame pointer, as Cranelift's x64 backend keeps one):
//
//   | incoming stack arguments |  16(%rbp) upward
//   | return address           |
//   | saved %rbp               |  <- %rbp  (CFA = %rbp + 16)
//   | explicit stack slots     |  %rbp - stackSlotAreaBytes ... %rbp (known before allocation)
//   | callee-saved registers   |
//   | spill slots              |
//   | outgoing call arguments  |  <- %rsp
//
// Stack slots sit right below %rbp so that lowering can address them before register
// allocation has sized the other areas; spill slots and outgoing arguments are %rsp-based.
// Physical %rbp appears only in the prologue and epilogue, in stack-slot and incoming-
// argument addresses, and in get_frame_pointer's copy. genPrologue and genEpilogue state
// their own CFI (mach/FrameCode.h); emitInst writes CFI only for return_call, whose
// expansion tears the frame down.
#pragma once

#include "codegen/mach/Compile.h"
#include "codegen/mach/FrameCode.h"
#include "target/TargetInfo.h"
#include "target/x86_64/Lower.h"

#include <span>
#include <string_view>
#include <vector>

namespace irc::x86_64 {

/// Where the explicit stack slots of a function are, relative to %rbp.
struct StackSlotArea {
  uint32_t bytes = 0;             // a multiple of 16
  std::vector<uint32_t> offsets;  // per slot, from the area's bottom (%rbp - bytes)
  int32_t rbpOffset(uint32_t slot) const {
    return static_cast<int32_t>(offsets[slot]) - static_cast<int32_t>(bytes);
  }
};
/// Lays out explicit stack slots (each at its alignment, at most 16). Abi.cpp.
StackSlotArea layoutStackSlots(std::span<const mach::FrameRequest::Slot> slots);
StackSlotArea layoutStackSlots(const ir::Function &func);

/// Registers a call with the callee's convention may overwrite (beyond its results).
mach::PRegSet callClobbers(ir::CallConv callee);

/// The vreg holding the hidden return-area pointer of the function being lowered (made on
/// first use: returns are lowered before the entry block defines it). Abi.cpp.
Reg retAreaPointer(LowerCtx &ctx);

/// Incoming stack arguments start above the saved %rbp and the return address.
inline constexpr int32_t kIncomingArgsRbpOffset = 16;

// ---- Moving whole values between registers and memory (LowerMemory.cpp), shared by
// loads and stores, argument and result passing. `mem` carries the access's trap code.
/// A value of type t (integer up to i128, float, 128-bit vector) from memory; a narrow
/// integer is zero-extended to 32 bits.
void emitLoadValue(LowerCtx &ctx, ir::Type t, Amode mem, mach::ValueRegs dst);
/// A value of type t to memory.
void emitStoreValue(LowerCtx &ctx, ir::Type t, Amode mem, mach::ValueRegs src);
/// The 64-bit register of an integer value extended as an argument or result asks
/// (`src` itself when no widening is needed).
Reg extendForAbi(LowerCtx &ctx, ir::Type t, ir::ArgExt ext, Reg src);

class Backend {
public:
  using MInst = x86_64::MInst;
  explicit Backend(const target::TargetConfig &config);

  // ---- Lowering (Lower.h in mach).
  std::string_view name() const { return "x86_64"; }
  mach::RegShape regShape(ir::Type t) const;
  const regalloc::MachineEnv &machineEnv(ir::CallConv cc) const;
  mach::SigLayout sigLayout(const ir::Signature &sig) const; // Abi.cpp
  bool lowerInst(LowerCtx &ctx, ir::Inst inst) const;
  bool lowerBranch(LowerCtx &ctx, ir::Inst inst, std::span<const uint32_t> targets) const;
  void lowerArgs(LowerCtx &ctx, std::span<const mach::ValueRegs> params) const; // Abi.cpp
  void genJump(LowerCtx &ctx, uint32_t target) const;

  // ---- Frames (Abi.cpp).
  mach::PRegSet calleeSaved(ir::CallConv cc) const;
  mach::FrameLayout layoutFrame(const mach::FrameRequest &req) const;

  // ---- Emission.
  bool bigEndian() const { return false; }
  void emitInst(const MInst &inst, mach::MachBuffer &buf, const mach::EmitContext &ctx) const;
  mach::PReg stackPointer() const { return regs::rsp(); }
  void genPrologue(const mach::FrameLayout &frame, mach::FrameCode<MInst> &code) const; // Abi.cpp
  void genEpilogue(const mach::FrameLayout &frame, mach::FrameCode<MInst> &code) const; // Abi.cpp

  const target::IsaFlags &isaFlags() const { return flags_; }

private:
  target::IsaFlags flags_;
  regalloc::MachineEnv sysvEnv_;        // system_v, fast, cold, tail
  regalloc::MachineEnv preserveAllEnv_; // preserve_all: every register is callee-saved
};
static_assert(mach::TargetBackend<Backend>);

} // namespace irc::x86_64
