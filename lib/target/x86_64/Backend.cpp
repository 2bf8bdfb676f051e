// Backend: the x86_64 TargetBackend — register shapes and environments, lowering dispatch
// to the areas of Lower.h, emission (with the CFI of return_call's frame teardown; the
// prologue and epilogue carry their own, Abi.cpp), and the factory Registry.cpp calls.
#include "target/x86_64/Backend.h"

#include "target/x86_64/Target.h"

#include <cassert>

namespace irc::x86_64 {

using mach::CfiOp;
using mach::PReg;
using mach::RegClass;

namespace {

void fillEnv(regalloc::MachineEnv &env, const mach::PRegSet &callerSaved) {
  // Caller-saved first in a fixed order (the allocator takes the first free one).
  allocatableRegs(RegFeatures{}, true).forEach([&](PReg r) {
    unsigned c = static_cast<unsigned>(r.cls());
    if (callerSaved.contains(r))
      env.preferred[c].push_back(r);
    else
      env.nonPreferred[c].push_back(r);
  });
}

/// br_table's dispatch as a table of jumps rather than of offsets, so that every byte of
/// .text is an instruction (objdump shows no `(bad)`) and nothing needs relocating:
///   leaq table(%rip), %tmp; leaq (%tmp,%idx,8), %tmp; jmpq *%tmp
///   table: jmp target0 (E9 rel32); nopl (%rax) (0F 1F 00) ... one 8-byte entry each
void emitBranchTable(const MInst &inst, mach::MachBuffer &buf, const EmitInfo &info) {
  const Reg idx = inst.reg(0), tmp = inst.reg(1);
  const Label table = buf.newLabel();
  emit(MInst::rm(Form::Lea, OpSize::Q, tmp, Amode::rip(table)), buf, info);
  emit(MInst::rm(Form::Lea, OpSize::Q, tmp, Amode::baseIndex(tmp, idx, 8)), buf, info);
  emit(MInst::jmpReg(tmp), buf, info);
  buf.bindLabel(table);
  for (Label target : inst.jumpTargets()) {
    buf.put1(0xE9);
    const uint32_t field = buf.rawOffset();
    buf.put4(0);
    buf.useLabel(field, target, mach::LabelUse{4, 4, 0, false, Label{}});
    buf.put1(0x0F);
    buf.put1(0x1F);
    buf.put1(0x00);
  }
}

constexpr uint16_t kDwarfRbp = dwarfRegNumber(regs::rbp());
constexpr uint16_t kDwarfRsp = dwarfRegNumber(regs::rsp());

/// return_call: restore the callee-saved registers, move the stack arguments from the
/// outgoing area to their place above the (possibly moved) return address, restore %rsp
/// and %rbp as the caller had them, and jump. Scratch: %r10 (caller's %rbp), %r11 (return
/// address), %xmm15 (copying); none of them carries an argument, and an indirect target
/// is in %rax (LowerCall.cpp).
void emitTailCall(const MInst &inst, mach::MachBuffer &buf, const EmitInfo &info,
                  const mach::FrameLayout &frame, bool lastBlock) {
  const CallInfo &ci = inst.callInfo();
  const CallInfo::TailCall &tail = *ci.tail;
  const Reg rbp(regs::rbp()), rsp(regs::rsp()), r10(regs::r10()), r11(regs::r11()),
      xmm15(regs::xmm15());
  if (!lastBlock)
    buf.addCfi(CfiOp::rememberState());
  for (const mach::FrameLayout::Save &s : frame.calleeSaves) {
    Amode slot = Amode::base(regs::rbp(), static_cast<int32_t>(s.offset) -
                                              static_cast<int32_t>(frame.frameBytes));
    emit(MInst::rm(s.reg.cls() == RegClass::Int ? Form::MovRM : Form::MovupsRM, OpSize::Q,
                   Reg(s.reg), std::move(slot)),
         buf, info);
  }
  emit(MInst::rm(Form::MovRM, OpSize::Q, r11, Amode::base(regs::rbp(), 8)), buf, info);
  emit(MInst::rm(Form::MovRM, OpSize::Q, r10, Amode::base(regs::rbp(), 0)), buf, info);
  // Destination above the source (the frame lies between): copy the highest word first.
  const int32_t dstStart = kIncomingArgsRbpOffset + static_cast<int32_t>(tail.argsEnd) -
                           static_cast<int32_t>(tail.argBytes);
  for (int32_t k = static_cast<int32_t>(tail.argBytes) - 8; k >= 0; k -= 8) {
    emit(MInst::rm(Form::MovqRM, OpSize::Q, xmm15, Amode::base(regs::rsp(), k)), buf, info);
    emit(MInst::mr(Form::MovqMR, OpSize::Q, Amode::base(regs::rbp(), dstStart + k), xmm15), buf,
         info);
  }
  emit(MInst::rm(Form::Lea, OpSize::Q, rsp, Amode::base(regs::rbp(), dstStart - 8)), buf, info);
  emit(MInst::mr(Form::MovMR, OpSize::Q, Amode::base(regs::rsp(), 0), r11), buf, info);
  emit(MInst::rr(Form::MovRR, OpSize::Q, rbp, r10), buf, info);
  buf.addCfi(CfiOp::defCfa(kDwarfRsp, 8));
  buf.addCfi(CfiOp::restore(kDwarfRbp));
  if (inst.shape() == Shape::CallKnown) {
    buf.put1(0xE9); // jmp rel32, through the PLT like the call would
    buf.addReloc(buf.rawOffset(), mach::Reloc::X86CallPLTRel4, ci.callee, -4);
    buf.put4(0);
  } else {
    emit(MInst::jmpReg(Reg(regs::rax())), buf, info);
  }
  if (!lastBlock)
    buf.addCfi(CfiOp::restoreState());
}

} // namespace

Backend::Backend(const target::TargetConfig &config) : flags_(config.flags) {
  fillEnv(sysvEnv_, sysvCallClobbers(RegFeatures{}));
  fillEnv(preserveAllEnv_, callClobbers(ir::CallConv::PreserveAll));
}

mach::RegShape Backend::regShape(ir::Type t) const {
  if (t.isInt() && t.bits() <= 64)
    return mach::RegShape::one(RegClass::Int);
  if (t == ir::types::I128)
    return mach::RegShape::two(RegClass::Int, RegClass::Int);
  if (t == ir::types::F32 || t == ir::types::F64)
    return mach::RegShape::one(RegClass::Float);
  if (t.isVector() && t.bits() == 128)
    return mach::RegShape::one(RegClass::Float);
  return mach::RegShape{};
}

const regalloc::MachineEnv &Backend::machineEnv(ir::CallConv cc) const {
  return cc == ir::CallConv::PreserveAll ? preserveAllEnv_ : sysvEnv_;
}

bool Backend::lowerInst(LowerCtx &ctx, ir::Inst inst) const {
  return lowerAlu(*this, ctx, inst) || lowerMemory(ctx, inst) || lowerCall(*this, ctx, inst) ||
         lowerControl(*this, ctx, inst);
}

bool Backend::lowerBranch(LowerCtx &ctx, ir::Inst inst, std::span<const uint32_t> targets) const {
  return x86_64::lowerBranch(ctx, inst, targets);
}

void Backend::genJump(LowerCtx &ctx, uint32_t target) const {
  ctx.emit(MInst::jmp(ctx.blockLabel(target)));
}

void Backend::emitInst(const MInst &inst, mach::MachBuffer &buf,
                       const mach::EmitContext &ctx) const {
  // A tail call in the last block ends the function: no state to restore after it.
  const bool lastBlock = !ctx.fallthrough.isValid();
  const Shape shape = inst.shape();
  EmitInfo info;
  info.isaFlags = &flags_;
  info.fallthrough = ctx.fallthrough;
  if (shape == Shape::JmpTableSeq) {
    emitBranchTable(inst, buf, info);
  } else if ((shape == Shape::CallKnown || shape == Shape::CallR) && inst.callInfo().tail) {
    emitTailCall(inst, buf, info, ctx.frame, lastBlock);
  } else if (shape == Shape::Rets && ctx.frame.calleePopBytes > 0) {
    assert(ctx.frame.calleePopBytes <= 0xffff);
    emit(MInst::ret(static_cast<uint16_t>(ctx.frame.calleePopBytes)), buf, info);
  } else {
    emit(inst, buf, info);
    if ((shape == Shape::CallKnown || shape == Shape::CallR || shape == Shape::CallM) &&
        inst.callInfo().calleePopBytes > 0)
      emit(MInst::aluRI(Form::SubRI, OpSize::Q, Reg(regs::rsp()), Reg(regs::rsp()),
                        static_cast<int32_t>(inst.callInfo().calleePopBytes)),
           buf, info);
  }
}

std::unique_ptr<mach::TargetIsa> makeTargetIsa(const target::TargetConfig &config) {
  return std::make_unique<mach::BackendIsa<Backend>>(Backend(config), 64);
}

} // namespace irc::x86_64
