// Backend: the s390x backend's glue: register shapes, the allocator's environment, the
// dispatch of lowering rules (Lower.h), spills, and emission. The prologue and epilogue
// carry their own CFI (Abi.cpp); emitInst writes none.
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

void Backend::emitInst(const MInst &inst, mach::MachBuffer &buf,
                       const mach::EmitContext &ctx) const {
  const mach::FrameLayout &frame = ctx.frame;
  EmitInfo info;
  info.isaFlags = &flags_;
  info.fallthrough = ctx.fallthrough;
  info.slotAreaOffset = static_cast<int32_t>(frame.outgoingArgsBytes + frame.spillBytes);
  info.cfaOffset = static_cast<int32_t>(frame.cfaToSp());
  emit(inst, buf, info); // Rets: the driver emitted the epilogue already; this is br %r14
}

std::unique_ptr<mach::TargetIsa> makeTargetIsa(const target::TargetConfig &config) {
  return std::make_unique<mach::BackendIsa<Backend>>(Backend(config.flags), config.pointerBits());
}

} // namespace irc::s390x
