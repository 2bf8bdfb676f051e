// Abi: x86_64 calling conventions and frames.
//
// Every convention irc supports on x86_64 passes arguments as System V does: integers in
// rdi rsi rdx rcx r8 r9, floats and 128-bit vectors in xmm0-7, the rest in 8-byte stack
// slots (16 bytes, aligned, for i128 and vectors) in parameter order; an i128 takes two
// integer registers or a stack slot. Results go to rax rdx and xmm0 xmm1 in order; results
// that do not fit go to a return area the caller provides, whose address is passed as a
// hidden first integer argument (rdi), as with Cranelift's enable_multi_ret_implicit_sret.
// fast and cold are system_v here (both sides are irc's); tail is system_v except that
// the callee pops its stack arguments (`ret $n`; the caller re-reserves them after the
// call), which lets return_call pass more stack arguments than it received;
// preserve_all (whose signatures have no results) preserves every allocatable register.
//
// Prologue: push %rbp; mov %rsp, %rbp; sub $frameBytes, %rsp; stores of the clobbered
// callee-saved registers (%rbp-relative). Epilogue: the reloads, mov %rbp, %rsp; pop %rbp
// (the Rets pseudo then emits ret). Each step carries the CFI that holds after it.
#include "target/x86_64/Backend.h"

#include <algorithm>
#include <cassert>

namespace irc::x86_64 {

using mach::ArgLoc;
using mach::ArgPart;
using mach::CfiOp;
using mach::FrameLayout;
using mach::FrameRequest;
using mach::PReg;
using mach::PRegSet;
using mach::SigLayout;

namespace {

uint32_t alignUp(uint32_t v, uint32_t align) { return (v + align - 1) & ~(align - 1); }

constexpr PReg kIntArgRegs[] = {regs::rdi(), regs::rsi(), regs::rdx(),
                                regs::rcx(), regs::r8(),  regs::r9()};
constexpr PReg kFloatArgRegs[] = {regs::xmm0(), regs::xmm1(), regs::xmm2(), regs::xmm3(),
                                  regs::xmm4(), regs::xmm5(), regs::xmm6(), regs::xmm7()};
constexpr PReg kIntRetRegs[] = {regs::rax(), regs::rdx()};
constexpr PReg kFloatRetRegs[] = {regs::xmm0(), regs::xmm1()};

bool isFloatClass(ir::Type t) { return t.isFloat() || t.isVector(); }

/// Assigns registers from fixed lists and stack offsets, in order.
struct Assigner {
  std::span<const PReg> ints, floats;
  size_t nextInt = 0, nextFloat = 0;
  uint32_t stack = 0;

  ArgLoc place(const ir::AbiParam &p) {
    ArgLoc loc;
    const ir::Type t = p.type;
    if (p.purpose == ir::ArgPurpose::StructArgument) {
      loc.kind = ArgLoc::Kind::StructArg;
      loc.structSize = p.structSize;
      stack = alignUp(stack, 8);
      loc.parts.push_back(ArgPart::onStack(stack, ir::types::I64));
      stack += alignUp(p.structSize, 8);
      return loc;
    }
    if (t == ir::types::I128) {
      if (nextInt + 2 <= ints.size()) {
        loc.parts.push_back(ArgPart::inReg(ints[nextInt], ir::types::I64));
        loc.parts.push_back(ArgPart::inReg(ints[nextInt + 1], ir::types::I64));
        nextInt += 2;
      } else {
        stack = alignUp(stack, 16);
        loc.parts.push_back(ArgPart::onStack(stack, ir::types::I64));
        loc.parts.push_back(ArgPart::onStack(stack + 8, ir::types::I64));
        stack += 16;
      }
      return loc;
    }
    if (isFloatClass(t)) {
      if (nextFloat < floats.size()) {
        loc.parts.push_back(ArgPart::inReg(floats[nextFloat++], t, p.ext));
      } else {
        uint32_t bytes = std::max(8u, t.bytes());
        stack = alignUp(stack, bytes);
        loc.parts.push_back(ArgPart::onStack(stack, t, p.ext));
        stack += bytes;
      }
      return loc;
    }
    if (nextInt < ints.size()) {
      loc.parts.push_back(ArgPart::inReg(ints[nextInt++], t, p.ext));
    } else {
      stack = alignUp(stack, 8);
      loc.parts.push_back(ArgPart::onStack(stack, t, p.ext));
      stack += 8;
    }
    return loc;
  }
};

/// Integer and float registers a list of results needs.
void countRegs(const std::vector<ir::AbiParam> &ps, unsigned &ints, unsigned &floats) {
  ints = floats = 0;
  for (const ir::AbiParam &p : ps) {
    if (p.type == ir::types::I128)
      ints += 2;
    else if (isFloatClass(p.type))
      ++floats;
    else
      ++ints;
  }
}

} // namespace

StackSlotArea layoutStackSlots(std::span<const FrameRequest::Slot> slots) {
  StackSlotArea area;
  uint32_t at = 0;
  for (const FrameRequest::Slot &s : slots) {
    uint32_t align = std::clamp<uint32_t>(s.align, 1, 16);
    at = alignUp(at, align);
    area.offsets.push_back(at);
    at += s.size;
  }
  area.bytes = alignUp(at, 16);
  return area;
}

StackSlotArea layoutStackSlots(const ir::Function &func) {
  std::vector<FrameRequest::Slot> slots;
  for (const ir::StackSlotData &ss : func.stackSlots.values())
    slots.push_back(FrameRequest::Slot{ss.size, uint32_t(1) << ss.alignShift});
  return layoutStackSlots(slots);
}

PRegSet callClobbers(ir::CallConv callee) {
  if (callee == ir::CallConv::PreserveAll)
    return PRegSet(); // such a function has no results and preserves everything
  return sysvCallClobbers(RegFeatures{});
}

SigLayout Backend::sigLayout(const ir::Signature &sig) const {
  SigLayout s;
  s.callConv = sig.callConv;

  // Results first: whether they need a return area decides the first argument register.
  unsigned retInts = 0, retFloats = 0;
  countRegs(sig.returns, retInts, retFloats);
  const bool needsRetArea = retInts > std::size(kIntRetRegs) || retFloats > std::size(kFloatRetRegs);
  Assigner rets{kIntRetRegs, kFloatRetRegs};
  for (const ir::AbiParam &p : sig.returns) {
    ir::AbiParam q = p;
    q.purpose = ir::ArgPurpose::Normal; // a result is never a struct argument
    s.rets.push_back(rets.place(q));
  }
  s.stackRetBytes = alignUp(rets.stack, 16);

  Assigner args{kIntArgRegs, kFloatArgRegs};
  if (needsRetArea) {
    ArgLoc ptr;
    ptr.parts.push_back(ArgPart::inReg(kIntArgRegs[0], ir::types::I64));
    s.retAreaPtr = ptr;
    args.nextInt = 1;
  }
  for (const ir::AbiParam &p : sig.params)
    s.params.push_back(args.place(p));
  s.stackArgBytes = alignUp(args.stack, 16);
  return s;
}

void Backend::lowerArgs(LowerCtx &ctx, std::span<const mach::ValueRegs> params) const {
  const SigLayout &sig = ctx.sigLayout();
  std::vector<RegBinding> defs;
  if (sig.retAreaPtr)
    defs.push_back(RegBinding{retAreaPointer(ctx), sig.retAreaPtr->parts[0].reg});
  // Stack parameters are read after Args: loads from the incoming argument area (a
  // struct argument's value is the address of its copy there).
  struct StackParam {
    Reg dst;
    ir::Type type;
    uint32_t offset;
    bool address;
  };
  std::vector<StackParam> stackParams;
  const ir::Function &func = ctx.func();
  auto paramUsed = [&](size_t i) {
    return ctx.useCount(func.dfg.blockParams(*func.layout.entryBlock())[i]) != 0;
  };
  for (size_t i = 0; i < params.size() && i < sig.params.size(); ++i) {
    const ArgLoc &loc = sig.params[i];
    if (loc.kind == ArgLoc::Kind::StructArg) {
      if (paramUsed(i))
        stackParams.push_back(StackParam{params[i].regs[0], ir::types::I64, loc.parts[0].offset, true});
      continue;
    }
    for (size_t k = 0; k < loc.parts.size() && k < params[i].count; ++k) {
      const ArgPart &part = loc.parts[k];
      if (part.kind == ArgPart::Kind::Reg)
        defs.push_back(RegBinding{params[i].regs[k], part.reg});
      else if (paramUsed(i))
        stackParams.push_back(StackParam{params[i].regs[k], part.type, part.offset, false});
    }
  }
  ctx.emit(MInst::args(std::move(defs)));
  for (const StackParam &p : stackParams) {
    Amode mem = Amode::base(regs::rbp(), kIncomingArgsRbpOffset + static_cast<int32_t>(p.offset));
    if (p.address)
      ctx.emit(MInst::rm(Form::Lea, OpSize::Q, p.dst, std::move(mem)));
    else
      emitLoadValue(ctx, p.type, std::move(mem), mach::ValueRegs::one(p.dst));
  }
}

Reg retAreaPointer(LowerCtx &ctx) {
  if (!ctx.retAreaPtr.isValid())
    ctx.retAreaPtr = ctx.tmp(mach::RegClass::Int);
  return Reg(ctx.retAreaPtr);
}

PRegSet Backend::calleeSaved(ir::CallConv cc) const {
  if (cc == ir::CallConv::PreserveAll)
    return allocatableRegs(RegFeatures{}, true);
  PRegSet s = sysvCalleeSaved();
  s.remove(regs::rbp()); // the frame pointer: saved by the setup area
  return s;
}

FrameLayout Backend::layoutFrame(const FrameRequest &req) const {
  FrameLayout f;
  f.incomingArgsBytes = req.incomingArgsBytes;
  f.setupBytes = 16; // return address, saved %rbp
  f.usesFramePointer = true;
  f.isLeaf = !req.hasCalls;
  if (req.callConv == ir::CallConv::Tail)
    f.calleePopBytes = req.incomingArgsBytes;
  f.outgoingArgsBytes = alignUp(req.outgoingArgsBytes, 16);

  uint32_t at = 0;
  for (const FrameRequest::Slot &s : req.spillSlots) {
    at = alignUp(at, std::clamp<uint32_t>(s.align, 1, 16));
    f.spillOffsets.push_back(at);
    at += s.size;
  }
  f.spillBytes = alignUp(at, 16);

  // Callee saves: 16-byte xmm saves first, then 8-byte ones, the whole area padded at
  // its bottom so that it ends right below the stack slots.
  std::vector<PReg> saves = req.clobberedCalleeSaves;
  std::stable_sort(saves.begin(), saves.end(), [](PReg a, PReg b) {
    return a.cls() != mach::RegClass::Int && b.cls() == mach::RegClass::Int;
  });
  uint32_t raw = 0;
  for (PReg r : saves)
    raw += r.cls() == mach::RegClass::Int ? 8 : 16;
  f.calleeSaveBytes = alignUp(raw, 16);
  uint32_t saveAt = f.outgoingArgsBytes + f.spillBytes + (f.calleeSaveBytes - raw);
  for (PReg r : saves) {
    f.calleeSaves.push_back(FrameLayout::Save{r, saveAt});
    saveAt += r.cls() == mach::RegClass::Int ? 8 : 16;
  }

  StackSlotArea area = layoutStackSlots(req.stackSlots);
  f.stackSlotsBytes = area.bytes;
  for (uint32_t off : area.offsets)
    f.stackSlotOffsets.push_back(f.calleeSaveBytes + off); // stackSlotOffset() stays right
  f.frameBytes = f.outgoingArgsBytes + f.spillBytes + f.calleeSaveBytes + f.stackSlotsBytes;
  return f;
}

namespace {
int32_t rbpDisp(const FrameLayout &frame, uint32_t spOffset) {
  return static_cast<int32_t>(spOffset) - static_cast<int32_t>(frame.frameBytes);
}
} // namespace

// The CFA is %rsp + 8 at entry (the CIE's rule), %rsp + 16 after the push, and %rbp + 16
// from the mov on; a callee-saved register's rule starts once its store is done.
void Backend::genPrologue(const FrameLayout &frame, mach::FrameCode<MInst> &code) const {
  constexpr uint16_t dwarfRbp = dwarfRegNumber(regs::rbp());
  code.add(MInst::push(Reg(regs::rbp())),
           {CfiOp::defCfaOffset(16), CfiOp::savedAt(dwarfRbp, -kIncomingArgsRbpOffset)});
  code.add(MInst::rr(Form::MovRR, OpSize::Q, Reg(regs::rbp()), Reg(regs::rsp())),
           {CfiOp::defCfaRegister(dwarfRbp)});
  if (frame.frameBytes > 0)
    code.add(MInst::aluRI(Form::SubRI, OpSize::Q, Reg(regs::rsp()), Reg(regs::rsp()),
                          static_cast<int32_t>(frame.frameBytes)));
  for (const FrameLayout::Save &s : frame.calleeSaves) {
    const int32_t disp = rbpDisp(frame, s.offset);
    const CfiOp saved = CfiOp::savedAt(dwarfRegNumber(s.reg), disp - kIncomingArgsRbpOffset);
    Amode slot = Amode::base(regs::rbp(), disp);
    if (s.reg.cls() == mach::RegClass::Int)
      code.add(MInst::mr(Form::MovMR, OpSize::Q, std::move(slot), Reg(s.reg)), {saved});
    else
      code.add(MInst::mr(Form::MovupsMR, OpSize::Q, std::move(slot), Reg(s.reg)), {saved});
  }
}

// Only the pop changes the frame state (the CFA stays %rbp + 16 until then): CFA is
// %rsp + 8 again and %rbp has the caller's value.
void Backend::genEpilogue(const FrameLayout &frame, mach::FrameCode<MInst> &code) const {
  for (const FrameLayout::Save &s : frame.calleeSaves) {
    Amode slot = Amode::base(regs::rbp(), rbpDisp(frame, s.offset));
    if (s.reg.cls() == mach::RegClass::Int)
      code.add(MInst::rm(Form::MovRM, OpSize::Q, Reg(s.reg), std::move(slot)));
    else
      code.add(MInst::rm(Form::MovupsRM, OpSize::Q, Reg(s.reg), std::move(slot)));
  }
  if (frame.frameBytes > 0)
    code.add(MInst::rr(Form::MovRR, OpSize::Q, Reg(regs::rsp()), Reg(regs::rbp())));
  code.add(MInst::pop(Reg(regs::rbp())),
           {CfiOp::defCfa(dwarfRegNumber(regs::rsp()), 8),
            CfiOp::restore(dwarfRegNumber(regs::rbp()))});
}

} // namespace irc::x86_64
