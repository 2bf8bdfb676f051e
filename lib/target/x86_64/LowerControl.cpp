// LowerControl: x86_64 lowering of returns, traps and branches.
//
// return: results are moved into their convention registers by the Rets pseudo (fixed
// uses); results beyond the registers are stored through the return-area pointer first.
// Conditions come from lowerCondition (LowerAlu.cpp), which folds an icmp into the flags.
// br_table clamps the index to the table length with cmov (the default target is the
// table's last entry), so the whole dispatch is one terminator (JmpTableSeq).
#include "target/x86_64/Backend.h"

namespace irc::x86_64 {

using mach::ArgLoc;
using mach::ArgPart;

namespace {

bool lowerReturn(LowerCtx &ctx, ir::Inst inst) {
  const ir::DataFlowGraph &dfg = ctx.dfg();
  const mach::SigLayout &sig = ctx.sigLayout();
  const ir::Signature &irSig = ctx.func().signature;
  std::vector<RegBinding> uses;
  auto values = dfg.varArgs(inst);
  for (size_t i = 0; i < values.size() && i < sig.rets.size(); ++i) {
    const ir::Value v = values[i];
    const ArgLoc &loc = sig.rets[i];
    const ir::Type t = dfg.valueType(v);
    mach::ValueRegs regs = ctx.putInRegs(v);
    if (loc.parts.size() == 1 && loc.parts[0].kind == ArgPart::Kind::Stack) {
      Amode mem = Amode::base(retAreaPointer(ctx), static_cast<int32_t>(loc.parts[0].offset));
      emitStoreValue(ctx, t, std::move(mem), regs);
      continue;
    }
    for (size_t k = 0; k < loc.parts.size() && k < regs.count; ++k) {
      const ArgPart &part = loc.parts[k];
      if (part.kind == ArgPart::Kind::Stack) {
        Amode mem = Amode::base(retAreaPointer(ctx), static_cast<int32_t>(part.offset));
        emitStoreValue(ctx, ir::types::I64, std::move(mem), mach::ValueRegs::one(regs.regs[k]));
        continue;
      }
      Reg r = regs.regs[k];
      if (t.isInt() && t.bits() < 64 && i < irSig.returns.size())
        r = extendForAbi(ctx, t, irSig.returns[i].ext, r);
      uses.push_back(RegBinding{r, part.reg});
    }
  }
  ctx.emit(MInst::rets(std::move(uses)));
  return true;
}

/// The index as a 64-bit register, zero-extended.
Reg zeroExtendIndex(LowerCtx &ctx, ir::Value idx) {
  const ir::Type t = ctx.dfg().valueType(idx);
  Reg r = ctx.putInReg(idx);
  if (t.bits() == 64)
    return r;
  Reg out = ctx.tmp(mach::RegClass::Int);
  switch (t.bits()) {
  case 8:
    ctx.emit(MInst::rr(Form::MovzbRR, OpSize::L, out, r));
    break;
  case 16:
    ctx.emit(MInst::rr(Form::MovzwRR, OpSize::L, out, r));
    break;
  default:
    ctx.emit(MInst::rr(Form::MovRR, OpSize::L, out, r));
    break;
  }
  return out;
}

bool lowerBrTable(LowerCtx &ctx, ir::Inst inst, std::span<const uint32_t> targets) {
  const ir::InstData &d = ctx.dfg().inst(inst);
  // targets[0] is the default, then the table's entries in order.
  const size_t n = targets.size() - 1;
  if (n == 0) {
    ctx.emit(MInst::jmp(ctx.blockLabel(targets[0])));
    return true;
  }
  if (n > 0x7fffffff) {
    ctx.fail("x86_64: br_table too large");
    return true;
  }
  Reg idx = zeroExtendIndex(ctx, d.arg(0));
  Reg limit = ctx.tmp(mach::RegClass::Int);
  ctx.emit(MInst::movRI(OpSize::L, limit, static_cast<int32_t>(n)));
  ctx.emit(MInst::cmpRI(Form::CmpRI, OpSize::Q, idx, static_cast<int32_t>(n)));
  // idx >= n (unsigned): use entry n, the default.
  Reg clamped = ctx.tmp(mach::RegClass::Int);
  ctx.emit(MInst::cmovRR(CondCode::Ae, OpSize::Q, clamped, idx, limit));
  std::vector<Label> labels;
  labels.reserve(n + 1);
  for (size_t k = 1; k < targets.size(); ++k)
    labels.push_back(ctx.blockLabel(targets[k]));
  labels.push_back(ctx.blockLabel(targets[0]));
  ctx.emit(MInst::jmpTableSeq(clamped, ctx.tmp(mach::RegClass::Int),
                              ctx.tmp(mach::RegClass::Int), std::move(labels)));
  return true;
}

} // namespace

bool lowerControl(const Backend &, LowerCtx &ctx, ir::Inst inst) {
  const ir::InstData &d = ctx.dfg().inst(inst);
  switch (d.opcode) {
  case ir::Opcode::Return:
    return lowerReturn(ctx, inst);
  case ir::Opcode::Trap:
    ctx.emit(MInst::ud2(d.trapCode()));
    return true;
  case ir::Opcode::Trapz:
  case ir::Opcode::Trapnz: {
    CondCode cc = lowerCondition(ctx, d.arg(0));
    ctx.emit(MInst::trapIf(d.opcode == ir::Opcode::Trapz ? invert(cc) : cc, d.trapCode()));
    return true;
  }
  case ir::Opcode::Nop:
    return true;
  default:
    return false; // another area's opcode
  }
}

bool lowerBranch(LowerCtx &ctx, ir::Inst inst, std::span<const uint32_t> targets) {
  const ir::InstData &d = ctx.dfg().inst(inst);
  switch (d.opcode) {
  case ir::Opcode::Jump:
    ctx.emit(MInst::jmp(ctx.blockLabel(targets[0])));
    return true;
  case ir::Opcode::Brif: {
    CondCode cc = lowerCondition(ctx, d.arg(0));
    ctx.emit(MInst::jmpCond(cc, ctx.blockLabel(targets[0]), ctx.blockLabel(targets[1])));
    return true;
  }
  case ir::Opcode::BrTable:
    return lowerBrTable(ctx, inst, targets);
  default:
    return false; // try_call and friends: not lowered yet
  }
}

} // namespace irc::x86_64
