// Frame arithmetic and argument assignment shared by every target (see Abi.h).
#include "codegen/mach/Abi.h"

#include <algorithm>
#include <cassert>

namespace irc::mach {

namespace {

uint32_t alignUp(uint32_t v, uint32_t align) {
  assert(align != 0 && (align & (align - 1)) == 0);
  return (v + align - 1) & ~(align - 1);
}

} // namespace

uint32_t placeSlots(std::span<const FrameRequest::Slot> slots, std::vector<uint32_t> &offsets,
                    uint32_t &maxAlign) {
  uint32_t at = 0;
  offsets.clear();
  offsets.reserve(slots.size());
  for (const FrameRequest::Slot &s : slots) {
    uint32_t align = std::max<uint32_t>(s.align, 1);
    maxAlign = std::max(maxAlign, align);
    at = alignUp(at, align);
    offsets.push_back(at);
    at += s.size;
  }
  return alignUp(at, maxAlign);
}

FrameLayout computeFrameLayout(const FrameRequest &req, const FrameShape &shape) {
  FrameLayout f;
  f.incomingArgsBytes = req.incomingArgsBytes;
  f.setupBytes = shape.setupBytes;
  f.usesFramePointer = shape.usesFramePointer;
  f.isLeaf = !req.hasCalls;
  uint32_t align = std::max<uint32_t>(shape.stackAlign, 1);
  f.outgoingArgsBytes = alignUp(req.outgoingArgsBytes, align);

  uint32_t maxAlign = 1;
  f.spillBytes = placeSlots(req.spillSlots, f.spillOffsets, maxAlign);
  f.stackSlotsBytes = placeSlots(req.stackSlots, f.stackSlotOffsets, maxAlign);

  // Callee saves sit right below the setup area: after the slot areas, each save
  // aligned to its own size.
  uint32_t at = f.outgoingArgsBytes + f.spillBytes + f.stackSlotsBytes;
  uint32_t savesStart = at;
  for (const auto &[reg, bytes] : shape.saves) {
    at = alignUp(at, std::max<uint32_t>(bytes, 1));
    f.calleeSaves.push_back(FrameLayout::Save{reg, at});
    at += bytes;
  }
  f.calleeSaveBytes = at - savesStart;
  // The whole frame keeps SP aligned: the setup area is the target's business (it is
  // pushed by call and prologue and sized so the CFA is aligned).
  f.frameBytes = alignUp(at, align);
  // Pad at the bottom of the callee-save area is harmless; move the saves up so they
  // sit directly below the setup area (what unwinders and debuggers expect).
  uint32_t shift = f.frameBytes - at;
  for (FrameLayout::Save &s : f.calleeSaves)
    s.offset += shift;
  f.calleeSaveBytes += shift;
  return f;
}

std::optional<PReg> ArgAssigner::nextReg(RegClass cls) {
  if (cls == RegClass::Int) {
    if (nextInt_ < intRegs_.size())
      return intRegs_[nextInt_++];
    return std::nullopt;
  }
  if (nextFloat_ < floatRegs_.size())
    return floatRegs_[nextFloat_++];
  return std::nullopt;
}

uint32_t ArgAssigner::nextStack(uint32_t bytes, uint32_t align) {
  stack_ = alignUp(stack_, std::max(align, slotBytes_));
  uint32_t off = stack_;
  stack_ += alignUp(std::max(bytes, slotBytes_), slotBytes_);
  return off;
}

} // namespace irc::mach
