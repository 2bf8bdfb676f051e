// Emission: allocated VCode to machine code (Cranelift's VCode::emit).
//
// For each block in layout order: bind its label, then for each instruction the
// allocator's edits before it (as target moves, spills, reloads and rematerialized
// constants), the epilogue if the instruction returns, the instruction itself with its
// virtual registers replaced by their allocations (AllocationApplier on a copy: VCode
// stays as lowered; a move that became a register to itself is dropped), and the edits
// after it. The prologue comes first. The buffer's labels 0..numBlocks-1 are the blocks'.
//
// Frame CFI comes from the target's FrameCode (each prologue/epilogue step with the CFI
// holding after it), recorded here right after the step's instruction. An epilogue that
// is not the function's last code (its block has a fallthrough) and changes the frame
// state is bracketed: RememberState right before its first step with CFI, RestoreState
// right after the return instruction, so the code that follows sees the body's state.
#pragma once

#include "codegen/mach/Abi.h"
#include "codegen/mach/FrameCode.h"
#include "codegen/mach/MachBuffer.h"
#include "codegen/mach/VCode.h"
#include "codegen/regalloc/Output.h"

#include <concepts>
#include <string>
#include <vector>

namespace irc::mach {

/// What a target's emitter is told besides the instruction.
struct EmitContext {
  const FrameLayout &frame;
  uint32_t block = 0;
  /// The label laid out right after this block (invalid for the last one): a jump to it
  /// as the block's last instruction may be left out.
  Label fallthrough;
};

/// What a target implements to be emitted (all const).
///   bigEndian()                              byte order of the buffer
///   emitInst(inst, buffer, context)          encode one allocated instruction
///   stackPointer()                           the register spill slots are addressed
///                                            from (FrameLayout::spillSlotOffset)
///   genPrologue(frame, code), genEpilogue(frame, code)
///                                            frame setup / teardown with its CFI
///                                            (FrameCode.h); the epilogue goes right
///                                            before each return instruction
/// Register-to-register moves are MInst::genMove; spills and reloads MInst::genSpill and
/// MInst::genReload (src/dst, class, base register, displacement).
/// Other CFI an emitInst records itself (a pseudo-instruction whose expansion tears the
/// frame down, such as a tail call) must bracket itself when ctx.fallthrough is valid.
template <typename B>
concept EmitBackend =
    requires(const B &b, const typename B::MInst &inst, MachBuffer &buf, const EmitContext &ctx,
             const FrameLayout &frame, uint32_t slot, PReg reg, RegClass cls,
             FrameCode<typename B::MInst> &code) {
      { b.bigEndian() } -> std::same_as<bool>;
      { b.emitInst(inst, buf, ctx) } -> std::same_as<void>;
      { b.stackPointer() } -> std::same_as<PReg>;
      { B::MInst::genSpill(Reg(reg), cls, reg, int32_t(0)) } -> std::same_as<typename B::MInst>;
      { B::MInst::genReload(Reg(reg), cls, reg, int32_t(0)) } -> std::same_as<typename B::MInst>;
      { b.genPrologue(frame, code) } -> std::same_as<void>;
      { b.genEpilogue(frame, code) } -> std::same_as<void>;
    };

struct EmitOptions {
  bool listing = false; // fill CompiledCode::asmText
};

template <EmitBackend B>
CompiledCode emitFunction(const B &backend, const VCode<typename B::MInst> &vcode,
                          const regalloc::Output &alloc, const FrameLayout &frame,
                          const EmitOptions &options) {
  using I = typename B::MInst;
  MachBuffer buf(backend.bigEndian());
  for (uint32_t b = 0; b < vcode.numBlocks(); ++b) {
    [[maybe_unused]] Label l = buf.newLabel();
    assert(l.id == b);
  }
  std::string listing;
  EmitContext ctx{frame, 0, Label{}};
  auto put = [&](const I &inst) {
    uint32_t raw = buf.rawOffset(), branches = buf.numBranches();
    backend.emitInst(inst, buf, ctx);
    // The listing shows what was emitted: a jump to the fallthrough block vanishes.
    if (options.listing && (buf.rawOffset() != raw || buf.numBranches() != branches))
      listing += "  " + std::string(inst.print()) + "\n";
  };
  auto putEdit = [&](const regalloc::Edit &e) {
    if (e.from.isRemat()) {
      // The constant's definition again, its one operand (the def) now `to`.
      I again = vcode.insts[e.from.asRemat()].remat();
      const regalloc::Allocation to[1] = {e.to};
      AllocationApplier apply{std::span<const regalloc::Allocation>(to)};
      again.visitOperands(apply);
      assert(apply.consumedAll());
      put(again);
    } else if (e.from.isReg() && e.to.isReg())
      put(I::genMove(Reg(e.to.asReg()), Reg(e.from.asReg()), e.cls));
    else if (e.from.isReg())
      put(I::genSpill(Reg(e.from.asReg()), e.cls, backend.stackPointer(),
                      static_cast<int32_t>(frame.spillSlotOffset(e.to.asStack()))));
    else
      put(I::genReload(Reg(e.to.asReg()), e.cls, backend.stackPointer(),
                       static_cast<int32_t>(frame.spillSlotOffset(e.from.asStack()))));
  };

  FrameCode<I> frameCode;
  backend.genPrologue(frame, frameCode);
  for (const FrameStep<I> &step : frameCode.steps()) {
    put(step.inst);
    for (const CfiOp &op : step.cfiAfter)
      buf.addCfi(op);
  }

  size_t nextEdit = 0;
  const auto &edits = alloc.edits;
  for (uint32_t b = 0; b < vcode.numBlocks(); ++b) {
    ctx.block = b;
    ctx.fallthrough = b + 1 < vcode.numBlocks() ? Label{b + 1} : Label{};
    buf.bindLabel(Label{b});
    if (options.listing)
      listing += "block" + std::to_string(b) + ":\n";
    for (uint32_t i = vcode.blockInsts[b].first; i < vcode.blockInsts[b].last; ++i) {
      while (nextEdit < edits.size() && edits[nextEdit].point == regalloc::ProgPoint::before(i))
        putEdit(edits[nextEdit++]);
      I inst = vcode.insts[i];
      bool restoreStateAfter = false;
      if (inst.isReturn()) {
        frameCode.clear();
        backend.genEpilogue(frame, frameCode);
        const bool moreCodeFollows = ctx.fallthrough.isValid();
        for (const FrameStep<I> &step : frameCode.steps()) {
          if (moreCodeFollows && !restoreStateAfter && !step.cfiAfter.empty()) {
            buf.addCfi(CfiOp::rememberState());
            restoreStateAfter = true;
          }
          put(step.inst);
          for (const CfiOp &op : step.cfiAfter)
            buf.addCfi(op);
        }
      }
      AllocationApplier apply(std::span<const regalloc::Allocation>(
          alloc.allocs.data() + vcode.operandOffsets[i],
          vcode.operandOffsets[i + 1] - vcode.operandOffsets[i]));
      inst.visitOperands(apply);
      assert(apply.consumedAll());
      // A move whose two vregs got one register is gone.
      if (auto mv = inst.isMove(); !(mv && mv->first == mv->second))
        put(inst);
      if (restoreStateAfter)
        buf.addCfi(CfiOp::restoreState());
      while (nextEdit < edits.size() && edits[nextEdit].point == regalloc::ProgPoint::after(i))
        putEdit(edits[nextEdit++]);
    }
  }
  assert(nextEdit == edits.size() && "edits out of order or past the last instruction");
  CompiledCode code = buf.finish();
  code.frameSize = frame.cfaToSp();
  code.asmText = std::move(listing);
  return code;
}

} // namespace irc::mach
