// LowerCall: s390x lowering of call and call_indirect.
//
// A call is `brasl %r14,callee` (R_390_PLT32DBL) or `basr %r14,%rN`, with its arguments
// and register results bound to fixed registers (CallInfo) and ELF ABI clobbers. Stack
// arguments are stored at SP + 160 + offset before the call (the caller keeps the callee's
// 160-byte register save area at its SP); a return area follows the stack arguments and
// its results are loaded after the call. The frame reserves the largest such area.
#include "target/s390x/Lower.h"

namespace irc::s390x {

namespace {

using mach::ArgLoc;
using mach::ArgPart;
using ir::Opcode;

/// Stores an outgoing stack argument into the outgoing area.
void storeStackArg(LowerCtx &ctx, const ArgPart &part, Reg value) {
  ir::Type t = part.type.isInt() ? ir::types::I64 : part.type;
  emitStore(ctx, t, value,
            MemArg::bd(Reg(regs::stackPointer()), int32_t(kRegSaveAreaBytes) + stackArgDisp(part)));
}

/// What a call clobbers for the values this backend keeps in registers: the ELF ABI's
/// caller-saved registers and %r14, but not v8..v15: their high halves (f8..f15, where
/// scalar floats live) survive a call. (A 128-bit vector would not; vectors are not lowered
/// yet, and Regs.h's callClobbers() is the set for when they are.) Counting them as
/// clobbered would also make every caller save f8..f15 in its prologue.
mach::PRegSet scalarCallClobbers() {
  mach::PRegSet set = callClobbers();
  for (unsigned n = 8; n < 16; ++n)
    set.remove(regs::fpr(n));
  return set;
}

} // namespace

bool lowerCall(const Backend &backend, LowerCtx &ctx, ir::Inst inst) {
  const ir::DataFlowGraph &dfg = ctx.dfg();
  const ir::InstData &d = dfg.inst(inst);
  if (d.opcode != Opcode::Call && d.opcode != Opcode::CallIndirect)
    return false;
  const bool direct = d.opcode == Opcode::Call;
  const ir::ExtFuncData *fn = direct ? &dfg.extFuncs[d.funcRef()] : nullptr;
  const ir::Signature &sig = dfg.signatures[direct ? fn->signature : d.sigRef()];
  const mach::SigLayout sl = backend.sigLayout(sig);
  auto unsupported = [&](const std::string &what) {
    ctx.fail("unsupported: " + what + " on target s390x");
    return true;
  };

  CallInfo ci;
  const Reg sp(regs::stackPointer());
  const int32_t retArea = int32_t(kRegSaveAreaBytes + sl.stackArgBytes);
  // Copies of i128 arguments (passed by reference) follow the return area.
  int32_t copies = retArea + int32_t(sl.stackRetBytes);
  auto pass = [&](Reg v, const ArgPart &part) {
    if (part.kind == ArgPart::Kind::Reg)
      ci.uses.push_back(RegBinding{v, part.reg});
    else
      storeStackArg(ctx, part, v);
  };
  const ir::ValueRange args = dfg.varArgs(inst);
  for (size_t k = 0; k < args.size(); ++k) {
    const ArgLoc &loc = sl.params[k];
    const ir::Type ty = dfg.valueType(args[k]);
    if (loc.kind == ArgLoc::Kind::ImplicitPtr && loc.parts.size() == 1) {
      storeI128(ctx, ctx.putInRegs(args[k]), MemArg::bd(sp, copies));
      Reg ptr = gprTmp(ctx);
      ctx.emit(MInst::load(Form::La, ptr, MemArg::bd(sp, copies)));
      copies += 16;
      pass(ptr, loc.parts[0]);
      continue;
    }
    if (loc.kind != ArgLoc::Kind::Parts || loc.parts.size() != 1)
      return unsupported("call argument type " + ty.name());
    const ArgPart &part = loc.parts[0];
    Reg v = ctx.putInReg(args[k]);
    if (ty.isInt() && part.ext != ir::ArgExt::None)
      v = extendTo64(ctx, v, ty.bits(), part.ext == ir::ArgExt::Sext);
    pass(v, part);
  }
  for (const ArgLoc &loc : sl.rets)
    if (loc.parts.size() != 1)
      return unsupported("call result type");

  if (sl.retAreaPtr) {
    Reg ptr = gprTmp(ctx);
    ctx.emit(MInst::load(Form::La, ptr, MemArg::bd(sp, retArea)));
    pass(ptr, sl.retAreaPtr->parts[0]);
  }
  for (size_t k = 0; k < sl.rets.size(); ++k) {
    const ArgPart &part = sl.rets[k].parts[0];
    if (part.kind == ArgPart::Kind::Reg)
      ci.defs.push_back(RegBinding{ctx.outputReg(inst, unsigned(k)), part.reg});
  }
  ci.clobbers = scalarCallClobbers();
  ctx.noteCall(uint32_t(copies));

  if (direct) {
    ci.callee = fn->name;
    ci.patchable = fn->patchable;
    ctx.emit(MInst::callKnown(std::move(ci)));
  } else {
    ctx.emit(MInst::callReg(ctx.putInReg(dfg.fixedArgs(inst)[0]), std::move(ci)));
  }

  for (size_t k = 0; k < sl.rets.size(); ++k) {
    const ArgPart &part = sl.rets[k].parts[0];
    if (part.kind != ArgPart::Kind::Stack)
      continue;
    MemArg m = MemArg::bd(sp, retArea + int32_t(part.offset));
    if (part.type == ir::types::I128)
      loadI128(ctx, ctx.outputRegs(inst, unsigned(k)), m);
    else
      emitLoad(ctx, part.type, ctx.outputReg(inst, unsigned(k)), m);
  }
  return true;
}

} // namespace irc::s390x
