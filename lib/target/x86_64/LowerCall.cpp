// LowerCall: x86_64 lowering of calls.
//
// A call becomes: stores of stack arguments to the outgoing area at 0(%rsp) upward; the
// address of the return area (above the stack arguments in the same outgoing area) when
// the callee returns more than fits in registers; then one call instruction whose
// register arguments are fixed uses, register results fixed defs and clobbers the
// callee convention's caller-saved registers; then loads of results from the return
// area. Narrow integer arguments with uext/sext are widened to 64 bits first.
//
// return_call and return_call_indirect jump to the callee after the epilogue (the stack
// arguments are moved into place by the emitter, Backend.cpp's emitTailCall). Where the
// conventions make that impossible they become a call followed by a return.
#include "target/x86_64/Backend.h"

namespace irc::x86_64 {

using mach::ArgLoc;
using mach::ArgPart;

Reg extendForAbi(LowerCtx &ctx, ir::Type t, ir::ArgExt ext, Reg src) {
  if (!t.isInt() || t.bits() >= 64 || ext == ir::ArgExt::None)
    return src;
  Reg out = ctx.tmp(mach::RegClass::Int);
  const bool sext = ext == ir::ArgExt::Sext;
  switch (t.bits()) {
  case 8:
    ctx.emit(MInst::rr(sext ? Form::MovsbRR : Form::MovzbRR, OpSize::Q, out, src));
    break;
  case 16:
    ctx.emit(MInst::rr(sext ? Form::MovswRR : Form::MovzwRR, OpSize::Q, out, src));
    break;
  default: // 32
    if (sext)
      ctx.emit(MInst::rr(Form::MovslRR, OpSize::Q, out, src));
    else
      ctx.emit(MInst::rr(Form::MovRR, OpSize::L, out, src));
    break;
  }
  return out;
}

namespace {

enum class CallKind { Direct, Indirect };

/// Emits the call; `results` receive the callee's results. A result from the return area
/// is loaded only if `resultUsed` says so (all are, when it is empty).
void emitCall(const Backend &backend, LowerCtx &ctx, const ir::Signature &sig,
              std::span<const ir::Value> args, CallKind kind, const ir::ExtFuncData *fn,
              ir::Value calleePtr, std::span<const mach::ValueRegs> results,
              std::span<const uint8_t> resultUsed) {
  const ir::DataFlowGraph &dfg = ctx.dfg();
  const mach::SigLayout layout = backend.sigLayout(sig);
  CallInfo info;
  info.clobbers = callClobbers(sig.callConv);

  for (size_t i = 0; i < args.size() && i < layout.params.size(); ++i) {
    const ir::Value v = args[i];
    const ir::Type t = dfg.valueType(v);
    const ArgLoc &loc = layout.params[i];
    mach::ValueRegs regs = ctx.putInRegs(v);
    if (loc.kind == ArgLoc::Kind::StructArg) {
      ctx.fail("unsupported: sarg parameters on target x86_64");
      return;
    }
    for (size_t k = 0; k < loc.parts.size() && k < regs.count; ++k) {
      const ArgPart &part = loc.parts[k];
      Reg r = regs.regs[k];
      if (regs.count == 1)
        r = extendForAbi(ctx, t, part.ext, r);
      if (part.kind == ArgPart::Kind::Reg) {
        info.uses.push_back(RegBinding{r, part.reg});
      } else {
        ir::Type pt = regs.count == 1 ? t : ir::types::I64;
        if (pt.isInt() && pt.bits() < 64)
          pt = ir::types::I64; // the whole 8-byte slot (extended above when asked)
        emitStoreValue(ctx, pt, Amode::base(regs::rsp(), static_cast<int32_t>(part.offset)),
                       mach::ValueRegs::one(r));
      }
    }
  }
  const int32_t retAreaOffset = static_cast<int32_t>(layout.stackArgBytes);
  if (layout.retAreaPtr) {
    Reg ptr = ctx.tmp(mach::RegClass::Int);
    ctx.emit(MInst::rm(Form::Lea, OpSize::Q, ptr, Amode::base(regs::rsp(), retAreaOffset)));
    info.uses.push_back(RegBinding{ptr, layout.retAreaPtr->parts[0].reg});
  }

  struct AreaResult {
    mach::ValueRegs dst;
    ir::Type type;
    uint32_t offset;
  };
  std::vector<AreaResult> fromArea;
  for (size_t i = 0; i < results.size() && i < layout.rets.size(); ++i) {
    const ArgLoc &loc = layout.rets[i];
    mach::ValueRegs dst = results[i];
    const ir::Type t = sig.returns[i].type;
    for (size_t k = 0; k < loc.parts.size(); ++k) {
      const ArgPart &part = loc.parts[k];
      // A result nobody reads still arrives in its register: give it a scratch vreg so
      // the allocator knows the register is written.
      Reg r = k < dst.count ? dst.regs[k] : Reg(ctx.tmp(part.reg.cls()));
      if (part.kind == ArgPart::Kind::Reg)
        info.defs.push_back(RegBinding{r, part.reg});
      else if (k < dst.count && (i >= resultUsed.size() || resultUsed[i]))
        fromArea.push_back(AreaResult{mach::ValueRegs::one(r), dst.count == 1 ? t : ir::types::I64,
                                      part.offset});
    }
  }

  ctx.noteCall(layout.stackArgBytes + layout.stackRetBytes);
  // A tail-convention callee pops its stack arguments; the emitter reserves them again
  // within the call itself (spills after the call are %rsp-relative).
  if (sig.callConv == ir::CallConv::Tail)
    info.calleePopBytes = layout.stackArgBytes;
  if (kind == CallKind::Direct) {
    info.callee = fn->name;
    info.patchable = fn->patchable;
    ctx.emit(MInst::callKnown(std::move(info)));
  } else {
    Reg target = ctx.putInReg(calleePtr);
    ctx.emit(MInst::callReg(target, std::move(info)));
  }
  for (const AreaResult &r : fromArea)
    emitLoadValue(ctx, r.type,
                  Amode::base(regs::rsp(), retAreaOffset + static_cast<int32_t>(r.offset)), r.dst);
}

/// return_call as a jump (see emitTailCall in Backend.cpp), when the stack arguments can
/// be placed: both tail convention (callee pop: they end where this function's did), or
/// both caller-pop with the callee's arguments fitting in this function's incoming area.
/// False: lower it some other way.
bool lowerTailCall(const Backend &backend, LowerCtx &ctx, const ir::Signature &sig,
                   std::span<const ir::Value> args, const ir::ExtFuncData *fn,
                   ir::Value calleePtr) {
  const ir::DataFlowGraph &dfg = ctx.dfg();
  const mach::SigLayout layout = backend.sigLayout(sig);
  const mach::SigLayout &own = ctx.sigLayout();
  const bool calleePop = sig.callConv == ir::CallConv::Tail;
  if (calleePop != (own.callConv == ir::CallConv::Tail))
    return false;
  if (!calleePop && layout.stackArgBytes > own.stackArgBytes)
    return false;
  for (const ArgLoc &loc : layout.params)
    if (loc.kind == ArgLoc::Kind::StructArg)
      return false;

  CallInfo info;
  for (size_t i = 0; i < args.size() && i < layout.params.size(); ++i) {
    const ir::Value v = args[i];
    const ir::Type t = dfg.valueType(v);
    const ArgLoc &loc = layout.params[i];
    mach::ValueRegs regs = ctx.putInRegs(v);
    for (size_t k = 0; k < loc.parts.size() && k < regs.count; ++k) {
      const ArgPart &part = loc.parts[k];
      Reg r = regs.count == 1 ? extendForAbi(ctx, t, part.ext, regs.regs[k]) : regs.regs[k];
      if (part.kind == ArgPart::Kind::Reg) {
        info.uses.push_back(RegBinding{r, part.reg});
      } else {
        ir::Type pt = regs.count == 1 ? t : ir::types::I64;
        if (pt.isInt() && pt.bits() < 64)
          pt = ir::types::I64;
        emitStoreValue(ctx, pt, Amode::base(regs::rsp(), static_cast<int32_t>(part.offset)),
                       mach::ValueRegs::one(r));
      }
    }
  }
  if (layout.retAreaPtr)
    info.uses.push_back(RegBinding{retAreaPointer(ctx), layout.retAreaPtr->parts[0].reg});
  info.tail = CallInfo::TailCall{layout.stackArgBytes,
                                 calleePop ? own.stackArgBytes : layout.stackArgBytes};
  ctx.noteCall(layout.stackArgBytes);
  if (fn) {
    info.callee = fn->name;
    ctx.emit(MInst::callKnown(std::move(info)));
  } else {
    // The target in %rax: not an argument register, not restored by the epilogue.
    Reg target = ctx.putInReg(calleePtr);
    info.uses.push_back(RegBinding{target, regs::rax()});
    ctx.emit(MInst::callReg(Reg(regs::rax()), std::move(info)));
  }
  ctx.emit(MInst::ud2(ir::TrapCode::none())); // never reached: ends the block
  return true;
}

} // namespace

bool lowerCall(const Backend &backend, LowerCtx &ctx, ir::Inst inst) {
  const ir::DataFlowGraph &dfg = ctx.dfg();
  const ir::InstData &d = dfg.inst(inst);
  const ir::Opcode op = d.opcode;
  if (op != ir::Opcode::Call && op != ir::Opcode::CallIndirect && op != ir::Opcode::ReturnCall &&
      op != ir::Opcode::ReturnCallIndirect)
    return false;

  const bool direct = op == ir::Opcode::Call || op == ir::Opcode::ReturnCall;
  const ir::ExtFuncData *fn = direct ? &dfg.extFuncs[d.funcRef()] : nullptr;
  const ir::Signature &sig = dfg.signatures[direct ? fn->signature : d.sigRef()];
  auto args = dfg.varArgs(inst);
  ir::Value calleePtr = direct ? ir::Value() : dfg.fixedArgs(inst)[0];
  std::vector<ir::Value> argList;
  for (ir::Value a : args)
    argList.push_back(a);

  if (op == ir::Opcode::Call || op == ir::Opcode::CallIndirect) {
    std::vector<mach::ValueRegs> results;
    auto rs = dfg.results(inst);
    for (size_t i = 0; i < rs.size(); ++i)
      results.push_back(ctx.outputRegs(inst, static_cast<unsigned>(i)));
    std::vector<uint8_t> used;
    for (ir::Value r : rs)
      used.push_back(ctx.useCount(r) != 0);
    emitCall(backend, ctx, sig, argList, direct ? CallKind::Direct : CallKind::Indirect, fn,
             calleePtr, results, used);
    return true;
  }

  if (lowerTailCall(backend, ctx, sig, argList, fn, calleePtr))
    return true;

  // Not a tail call here (conventions differ, or a caller-pop callee needs more stack
  // arguments than this function received): call, then return what the callee returned.
  std::vector<mach::ValueRegs> results;
  for (const ir::AbiParam &p : sig.returns)
    results.push_back(ctx.tmps(p.type));
  emitCall(backend, ctx, sig, argList, direct ? CallKind::Direct : CallKind::Indirect, fn,
           calleePtr, results, {});
  if (ctx.failed())
    return true;
  const mach::SigLayout &own = ctx.sigLayout();
  std::vector<RegBinding> uses;
  for (size_t i = 0; i < results.size() && i < own.rets.size(); ++i) {
    const ArgLoc &loc = own.rets[i];
    for (size_t k = 0; k < loc.parts.size() && k < results[i].count; ++k) {
      const ArgPart &part = loc.parts[k];
      if (part.kind == ArgPart::Kind::Reg) {
        uses.push_back(RegBinding{results[i].regs[k], part.reg});
      } else {
        const ir::Type t = results[i].count == 1 ? sig.returns[i].type : ir::types::I64;
        emitStoreValue(ctx, t,
                       Amode::base(retAreaPointer(ctx), static_cast<int32_t>(part.offset)),
                       mach::ValueRegs::one(results[i].regs[k]));
      }
    }
  }
  ctx.emit(MInst::rets(std::move(uses)));
  return true;
}

} // namespace irc::x86_64
