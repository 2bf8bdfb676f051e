// Abi: the target-independent half of calling conventions and stack frames
// (Cranelift's machinst/abi.rs). A target computes where arguments go (SigLayout) and
// which registers a convention preserves; this file holds the types and the frame
// arithmetic every target shares.
//
// The frame, after the prologue (stack grows down; offsets are what FrameLayout gives):
//
//        high addresses
//   |  caller's frame                       |
//   +---------------------------------------+
//   |  incoming stack arguments             |  incomingArgOffset(off) = cfaToSp + off
//   +=======================================+  <- CFA (the SP value the caller had at
//   |  setup area: return address and/or    |     its call, plus any area the ABI gives
//   |  saved frame pointer (setupBytes)     |     the callee there; s390x: SP + 160)
//   +---------------------------------------+  <- frame pointer, when kept
//   |  clobbered callee-saved registers     |  calleeSaves[k].offset (from SP)
//   +---------------------------------------+
//   |  explicit stack slots (ss0, ss1, ...) |  stackSlotOffset(ss)
//   +---------------------------------------+
//   |  spill slots (allocator)              |  spillSlotOffset(k)
//   +---------------------------------------+
//   |  outgoing arguments of calls          |  SP + 0 upward
//   +=======================================+  <- SP
//        low addresses
//
// frameBytes is everything below the setup area; the prologue moves SP down by it (after
// pushing the setup area, where the target does that). Every area's size is a multiple of
// its alignment and frameBytes keeps SP aligned to stackAlign.
#pragma once

#include "codegen/ir/Signature.h"
#include "codegen/ir/Types.h"
#include "codegen/mach/Reg.h"

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace irc::mach {

/// One piece of an argument or return value.
struct ArgPart {
  enum class Kind : uint8_t { Reg, Stack };
  Kind kind = Kind::Reg;
  PReg reg;           // Kind::Reg
  uint32_t offset = 0; // Kind::Stack: bytes from the start of the stack argument area
  ir::Type type;      // of this piece (i64 for each half of an i128 on a 64-bit target)
  ir::ArgExt ext = ir::ArgExt::None; // widening the convention asks of the caller

  static ArgPart inReg(PReg r, ir::Type t, ir::ArgExt ext = ir::ArgExt::None) {
    return ArgPart{Kind::Reg, r, 0, t, ext};
  }
  static ArgPart onStack(uint32_t offset, ir::Type t, ir::ArgExt ext = ir::ArgExt::None) {
    return ArgPart{Kind::Stack, PReg(), offset, t, ext};
  }
};

/// Where one parameter or return value goes.
struct ArgLoc {
  enum class Kind : uint8_t {
    Parts,       // the value itself, in parts[] (one part, or two for a register pair)
    StructArg,   // sarg(N): N bytes copied into the stack area at parts[0].offset
    ImplicitPtr, // the value is stored in memory the caller owns; parts[0] is the pointer
  };
  Kind kind = Kind::Parts;
  std::vector<ArgPart> parts;
  uint32_t structSize = 0; // StructArg
};

/// A signature laid out for a calling convention (computed by the target).
struct SigLayout {
  ir::CallConv callConv = ir::CallConv::Fast;
  std::vector<ArgLoc> params; // parallel to Signature::params
  std::vector<ArgLoc> rets;   // parallel to Signature::returns
  /// Bytes of stack the arguments need (the caller's outgoing area; the callee's
  /// incoming area), a multiple of the stack alignment.
  uint32_t stackArgBytes = 0;
  /// Results that do not fit in registers go to a return area the caller allocates:
  /// its size, and where the hidden pointer to it is passed (as with Cranelift's
  /// enable_multi_ret_implicit_sret). rets[] parts of Kind::Stack are offsets in it.
  uint32_t stackRetBytes = 0;
  std::optional<ArgLoc> retAreaPtr;
};

/// What a function needs from its frame, known once registers are allocated.
struct FrameRequest {
  ir::CallConv callConv = ir::CallConv::Fast;
  /// Callee-saved registers the function writes, in PReg index order.
  std::vector<PReg> clobberedCalleeSaves;
  struct Slot {
    uint32_t size = 0;
    uint32_t align = 1;
  };
  std::vector<Slot> stackSlots;  // per ir::StackSlot index
  std::vector<Slot> spillSlots;  // per allocator spill slot
  uint32_t incomingArgsBytes = 0;
  uint32_t outgoingArgsBytes = 0; // largest outgoing argument area of any call
  bool hasCalls = false;
  bool preserveFramePointers = false;
};

/// The target's shape of a frame: the numbers computeFrameLayout cannot know.
struct FrameShape {
  uint32_t setupBytes = 0; // return address + saved frame pointer, above the CFA line
  uint32_t stackAlign = 16;
  bool usesFramePointer = false;
  /// Callee-saved registers saved in this frame and the bytes each takes (a target that
  /// saves some elsewhere, like s390x's GPRs in the caller's save area, leaves them out).
  std::vector<std::pair<PReg, uint32_t>> saves;
};

struct FrameLayout {
  uint32_t incomingArgsBytes = 0;
  uint32_t setupBytes = 0;
  uint32_t calleeSaveBytes = 0;
  struct Save {
    PReg reg;
    uint32_t offset; // from SP after the prologue
  };
  std::vector<Save> calleeSaves;
  uint32_t stackSlotsBytes = 0;
  std::vector<uint32_t> stackSlotOffsets; // within the stack slot area
  uint32_t spillBytes = 0;
  std::vector<uint32_t> spillOffsets; // within the spill area
  uint32_t outgoingArgsBytes = 0;
  uint32_t frameBytes = 0; // the SP adjustment below the setup area (aligned)
  bool usesFramePointer = false;
  bool isLeaf = true;
  /// Incoming stack-argument bytes the function pops when it returns (a callee-pop
  /// convention such as x86_64 `tail`); 0 when the caller pops them.
  uint32_t calleePopBytes = 0;

  /// Offsets from SP after the prologue.
  uint32_t spillSlotOffset(uint32_t k) const { return outgoingArgsBytes + spillOffsets[k]; }
  uint32_t stackSlotOffset(uint32_t ss) const {
    return outgoingArgsBytes + spillBytes + stackSlotOffsets[ss];
  }
  /// Distance from SP to the CFA.
  uint32_t cfaToSp() const { return frameBytes + setupBytes; }
  uint32_t incomingArgOffset(uint32_t off) const { return cfaToSp() + off; }
};

/// Places slots one after another, each at its alignment, into `offsets`; returns the
/// area's size (rounded to the largest alignment, which `maxAlign` accumulates). This is
/// how computeFrameLayout places the stack-slot and spill areas, so a target that
/// addresses stack slots before the frame is known (relative to the slot area) gets the
/// same offsets.
uint32_t placeSlots(std::span<const FrameRequest::Slot> slots, std::vector<uint32_t> &offsets,
                    uint32_t &maxAlign);

/// Lays out a frame: areas from SP upward as drawn above, each slot aligned, the whole
/// below-setup part padded to the stack alignment.
FrameLayout computeFrameLayout(const FrameRequest &req, const FrameShape &shape);

/// Helpers for targets computing SigLayouts: assigns registers from lists, then stack
/// slots, in parameter order (the common System V-like scheme).
class ArgAssigner {
public:
  ArgAssigner(std::span<const PReg> intRegs, std::span<const PReg> floatRegs,
              uint32_t stackSlotBytes)
      : intRegs_(intRegs), floatRegs_(floatRegs), slotBytes_(stackSlotBytes) {}
  /// The next register of the class, if any is left.
  std::optional<PReg> nextReg(RegClass cls);
  /// A stack part of `bytes` (rounded up to the slot size, aligned to `align`).
  uint32_t nextStack(uint32_t bytes, uint32_t align);
  uint32_t stackBytes() const { return stack_; }

private:
  std::span<const PReg> intRegs_, floatRegs_;
  uint32_t slotBytes_;
  size_t nextInt_ = 0, nextFloat_ = 0;
  uint32_t stack_ = 0;
};

} // namespace irc::mach
