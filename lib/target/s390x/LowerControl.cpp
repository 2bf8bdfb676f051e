// LowerControl: s390x lowering of return, traps and branches.
//
// Traps are the 2-byte invalid instruction of MInst::trap (SIGILL) with a trap record;
// conditional traps branch over it (trap_if). brif is one conditional branch (cond_branch,
// which emission turns into brc or brcl plus a jump unless a target falls through);
// br_table is a bounds check and a jump table of 32-bit offsets (jump_table).
#include "target/s390x/Lower.h"

namespace irc::s390x {

namespace {

using mach::ArgPart;
using ir::Opcode;

void lowerReturn(LowerCtx &ctx, ir::Inst inst) {
  const ir::DataFlowGraph &dfg = ctx.dfg();
  const mach::SigLayout &sl = ctx.sigLayout();
  std::vector<RegBinding> uses;
  const ir::ValueRange vals = dfg.varArgs(inst);
  for (size_t k = 0; k < vals.size(); ++k) {
    if (k >= sl.rets.size() || sl.rets[k].parts.size() != 1) {
      ctx.fail("unsupported: return type " + dfg.valueType(vals[k]).name() + " on target s390x");
      return;
    }
    const ArgPart &part = sl.rets[k].parts[0];
    const ir::Type ty = dfg.valueType(vals[k]);
    if (ty == ir::types::I128) { // always in the return area
      if (!ctx.retAreaPtr.isValid())
        ctx.retAreaPtr = ctx.tmp(RegClass::Int);
      storeI128(ctx, ctx.putInRegs(vals[k]), MemArg::bd(Reg(ctx.retAreaPtr), int32_t(part.offset)));
      continue;
    }
    Reg v = ctx.putInReg(vals[k]);
    if (ty.isInt() && part.ext != ir::ArgExt::None)
      v = extendTo64(ctx, v, ty.bits(), part.ext == ir::ArgExt::Sext);
    if (part.kind == ArgPart::Kind::Reg)
      uses.push_back(RegBinding{v, part.reg});
    else {
      // The entry block defines it from its argument (Abi.cpp), after this is lowered.
      if (!ctx.retAreaPtr.isValid())
        ctx.retAreaPtr = ctx.tmp(RegClass::Int);
      emitStore(ctx, ty, v, MemArg::bd(Reg(ctx.retAreaPtr), int32_t(part.offset)));
    }
  }
  ctx.emit(MInst::rets(std::move(uses)));
}

} // namespace

bool lowerControl(const Backend &, LowerCtx &ctx, ir::Inst inst) {
  const ir::InstData &d = ctx.dfg().inst(inst);
  switch (d.opcode) {
  case Opcode::Return:
    lowerReturn(ctx, inst);
    return true;
  case Opcode::Trap:
    ctx.emit(MInst::trap(d.trapCode()));
    return true;
  case Opcode::Trapz:
  case Opcode::Trapnz: {
    CondMask nonZero = lowerCondition(ctx, d.arg(0));
    ctx.emit(MInst::trapIf(d.opcode == Opcode::Trapnz ? nonZero : invert(nonZero), d.trapCode()));
    return true;
  }
  case Opcode::Nop:
    return true;
  default:
    return false;
  }
}

bool lowerBranchInst(const Backend &, LowerCtx &ctx, ir::Inst inst,
                     std::span<const uint32_t> targets) {
  const ir::InstData &d = ctx.dfg().inst(inst);
  switch (d.opcode) {
  case Opcode::Jump:
    ctx.emit(MInst::jump(LowerCtx::blockLabel(targets[0])));
    return true;
  case Opcode::Brif: {
    CondMask m = lowerCondition(ctx, d.arg(0));
    ctx.emit(MInst::condBranch(m, LowerCtx::blockLabel(targets[0]),
                               LowerCtx::blockLabel(targets[1])));
    return true;
  }
  case Opcode::BrTable: {
    const unsigned bits = ctx.dfg().valueType(d.arg(0)).bits();
    Reg idx = extendTo64(ctx, ctx.putInReg(d.arg(0)), bits, false);
    std::vector<Label> labels;
    for (uint32_t t : targets)
      labels.push_back(LowerCtx::blockLabel(t));
    ctx.emit(MInst::jumpTableSeq(idx, std::move(labels)));
    return true;
  }
  default:
    return false;
  }
}

} // namespace irc::s390x
