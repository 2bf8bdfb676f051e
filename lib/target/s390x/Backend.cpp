// Backend: the s390x backend's glue: register shapes, the allocator's environment, the
// dispatch of lowering rules (Lower.h), spills, and emission with CFI.
//
// CFI is recorded right after the prologue's instructions, which emitInst recognizes by
// forms the lowering never produces: `stmg` (the GPR saves: DW_CFA_offset for each register
// stored), `aghi`/`agfi` with %r15 as destination and a negative amount (the allocation:
// CFA = %r15 + 160 + frameBytes), and `stdy` through %r15 (f8..f15 saves; the lowering
// stores f64 with `std`). The CIE's initial rule (LLVM's for s390x) is CFA = %r15 + 160 with
// the return address in %r14. The epilogue needs no CFI: code after it (another block) is
// in the body's state again, and `br %r14` follows the restoring `lmg` directly.
#include "target/s390x/Backend.h"

#include "target/s390x/Lower.h"
#include "target/s390x/Target.h"

namespace irc::s390x {

Backend::Backend(target::IsaFlags flags) : flags_(flags) {
  // Caller-saved registers first (no save cost), then callee-saved ones.
  const mach::PRegSet callee = s390x::calleeSaved();
  allocatableRegs().forEach([&](PReg p) {
    auto cls = static_cast<unsigned>(p.cls());
    (callee.contains(p) ? env_.nonPreferred : env_.preferred)[cls].push_back(p);
  });
  env_.spillSlotBytes[static_cast<unsigned>(RegClass::Int)] = 8;
  env_.spillSlotBytes[static_cast<unsigned>(RegClass::Float)] = 16; // vst/vl of a whole v reg
}

mach::RegShape Backend::regShape(ir::Type t) const {
  if (t.isInt() && t.bits() <= 64)
    return mach::RegShape::one(RegClass::Int);
  if (t == ir::types::I128)
    return mach::RegShape::two(RegClass::Int, RegClass::Int);
  if (t == ir::types::F32 || t == ir::types::F64)
    return mach::RegShape::one(RegClass::Float);
  return mach::RegShape{};
}

namespace {

/// False for an instruction with an i128 operand or result that only lowerI128 could
/// lower (the other areas read single registers); it declined, so the opcode is
/// unsupported for i128. Calls, returns, compares, selects, bmask and shift amounts
/// handle i128 operands themselves.
bool otherAreasTake(const ir::DataFlowGraph &dfg, ir::Inst inst) {
  switch (dfg.opcode(inst)) {
  case ir::Opcode::Call:
  case ir::Opcode::CallIndirect:
  case ir::Opcode::Return:
  case ir::Opcode::Icmp:
  case ir::Opcode::Select:
  case ir::Opcode::SelectSpectreGuard:
  case ir::Opcode::Bmask:
  case ir::Opcode::Trapz:
  case ir::Opcode::Trapnz:
    return true;
  case ir::Opcode::Ishl:
  case ir::Opcode::Ushr:
  case ir::Opcode::Sshr:
  case ir::Opcode::Rotl:
  case ir::Opcode::Rotr:
    return dfg.valueType(dfg.inst(inst).arg(0)) != ir::types::I128;
  default:
    break;
  }
  for (ir::Value v : dfg.instArgs(inst))
    if (dfg.valueType(v) == ir::types::I128)
      return false;
  for (ir::Value v : dfg.results(inst))
    if (dfg.valueType(v) == ir::types::I128)
      return false;
  return true;
}

} // namespace

bool Backend::lowerInst(mach::LowerCtx<MInst> &ctx, ir::Inst inst) const {
  if (lowerI128(*this, ctx, inst))
    return true;
  if (!otherAreasTake(ctx.dfg(), inst))
    return false;
  return lowerAlu(*this, ctx, inst) || lowerMemory(*this, ctx, inst) ||
         lowerCall(*this, ctx, inst) || lowerControl(*this, ctx, inst);
}

bool Backend::lowerBranch(mach::LowerCtx<MInst> &ctx, ir::Inst inst,
                          std::span<const uint32_t> targets) const {
  return lowerBranchInst(*this, ctx, inst, targets);
}

void Backend::genJump(mach::LowerCtx<MInst> &ctx, uint32_t target) const {
  ctx.emit(MInst::jump(mach::LowerState::blockLabel(target)));
}

MInst Backend::genSpill(const mach::FrameLayout &frame, uint32_t slot, PReg from,
                        RegClass cls) const {
  return MInst::genSpill(Reg(from), cls, regs::stackPointer(),
                         static_cast<int32_t>(frame.spillSlotOffset(slot)));
}

MInst Backend::genReload(const mach::FrameLayout &frame, PReg to, uint32_t slot,
                         RegClass cls) const {
  return MInst::genReload(Reg(to), cls, regs::stackPointer(),
                          static_cast<int32_t>(frame.spillSlotOffset(slot)));
}

void Backend::emitInst(const MInst &inst, mach::MachBuffer &buf,
                       const mach::EmitContext &ctx) const {
  const mach::FrameLayout &frame = ctx.frame;
  EmitInfo info;
  info.isaFlags = &flags_;
  info.fallthrough = ctx.fallthrough;
  info.slotAreaOffset = static_cast<int32_t>(frame.outgoingArgsBytes + frame.spillBytes);
  info.cfaOffset = static_cast<int32_t>(frame.cfaToSp());
  emit(inst, buf, info); // Rets: the driver emitted the epilogue already; this is br %r14

  // The prologue's CFI (see the file comment).
  const int32_t cfaToSp = static_cast<int32_t>(frame.cfaToSp());
  const Reg sp(regs::stackPointer());
  auto offsetRule = [&](PReg reg, int32_t cfaOffset) {
    mach::CfiOp op;
    op.kind = mach::CfiOp::Kind::Offset;
    op.reg = dwarfRegNumber(reg);
    op.offset = cfaOffset;
    buf.addCfi(op);
  };
  const Form f = inst.form();
  if (f == Form::Stmg) {
    // Before %r15 moves: register r is at disp + 8 * (r - first) from the entry SP, which
    // is CFA - 160.
    const unsigned first = inst.reg(0).preg().hw();
    for (unsigned r = first; r <= inst.reg(1).preg().hw(); ++r)
      offsetRule(regs::gpr(r),
                 inst.mem().disp + int32_t(8 * (r - first)) - int32_t(kRegSaveAreaBytes));
  } else if ((f == Form::Aghi || f == Form::Agfi) && inst.reg(0) == sp && inst.imm() < 0) {
    mach::CfiOp op;
    op.kind = mach::CfiOp::Kind::DefCfaOffset;
    op.offset = cfaToSp;
    buf.addCfi(op);
  } else if (f == Form::Stdy && inst.mem().base == sp) {
    offsetRule(inst.reg(0).preg(), inst.mem().disp - cfaToSp);
  }
}

std::unique_ptr<mach::TargetIsa> makeTargetIsa(const target::TargetConfig &config) {
  return std::make_unique<mach::BackendIsa<Backend>>(Backend(config.flags), config.pointerBits());
}

} // namespace irc::s390x
