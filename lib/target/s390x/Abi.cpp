// Abi: the s390x ELF ABI as irc implements it: signatures, the entry block's arguments,
// the frame, and the prologue and epilogue.
//
// Arguments: integers (up to 64 bits) in r2..r6, f32/f64 in f0, f2, f4, f6, the rest in
// 8-byte slots of the caller's outgoing area starting at its SP + 160 (the callee's CFA);
// an f32 in a slot is right-justified (offset + 4), an integer fills the doubleword.
// `uext`/`sext` widen to 64 bits. Results: integers in r2..r5, floats in f0, f2, f4, f6
// (the ELF ABI itself uses only r2 and f0); any further result goes to a return area the
// caller provides, its address passed as a hidden last argument (as Cranelift does).
//
// The frame (FrameLayout, from Abi.h's computeFrameLayout with setupBytes = 160, the
// register save area the caller owns, so CFA = entry SP + 160):
//   stmg %rF,%r15,8F(%r15)     GPRs F..r15 into the caller's save area (F the lowest
//                              callee-saved GPR written; r14 too in non-leaf functions)
//   [lgr %r1,%r15]             backchain (preserve_frame_pointers)
//   aghi %r15,-frameBytes      (agfi when large)
//   [stg %r1,0(%r15)]
//   stdy %fN,off(%r15)         f8..f15 written by the body, in the frame
// The epilogue reloads the FPRs, then `lmg %rF,%r15,frameBytes+8F(%r15)` restores the GPRs
// and %r15 itself (or `aghi %r15,frameBytes` when no GPR was saved). FrameLayout::calleeSaves
// lists the GPRs with their offsets in the caller's save area (from the body's SP), so
// every saved register has an offset from the same SP.
//
// CFI (the CIE's rule, LLVM's for s390x: CFA = %r15 + 160, return address in %r14): the
// stmg records each GPR it stores, the allocation sets CFA = %r15 + 160 + frameBytes, and
// each stdy records its FPR. The epilogue records nothing: its `lmg` is directly followed
// by `br %r14`, and code after it (another block) is in the body's state again.
#include "target/s390x/Lower.h"

#include <algorithm>

namespace irc::s390x {

namespace {

using mach::ArgLoc;
using mach::ArgPart;

inline constexpr PReg kIntRetRegs[] = {regs::r2(), regs::r3(), regs::r4(), regs::r5()};
inline constexpr PReg kFloatRetRegs[] = {regs::v0(), regs::v2(), regs::v4(), regs::v6()};

bool isIntScalar(ir::Type t) { return t.isInt() && t.bits() <= 64; }
bool isFpScalar(ir::Type t) { return t == ir::types::F32 || t == ir::types::F64; }

MInst adjustSp(int64_t amount) {
  const Reg sp(regs::stackPointer());
  if (amount >= INT16_MIN && amount <= INT16_MAX)
    return MInst::aluImm(Form::Aghi, sp, sp, amount);
  return MInst::aluImm(Form::Agfi, sp, sp, amount);
}

/// The lowest saved GPR (16: none), from a layout made by layoutFrame.
unsigned firstSavedGpr(const mach::FrameLayout &frame) {
  unsigned first = 16;
  for (const mach::FrameLayout::Save &s : frame.calleeSaves)
    if (s.reg.cls() == RegClass::Int)
      first = std::min(first, s.reg.hw());
  return first;
}

} // namespace

mach::SigLayout Backend::sigLayout(const ir::Signature &sig) const {
  mach::SigLayout s;
  s.callConv = sig.callConv;

  // Results first: whether a return area is needed decides the first argument register.
  size_t nextInt = 0, nextFloat = 0;
  uint32_t retBytes = 0;
  for (const ir::AbiParam &p : sig.returns) {
    ArgLoc loc;
    if (isIntScalar(p.type) && nextInt < std::size(kIntRetRegs)) {
      loc.parts.push_back(ArgPart::inReg(kIntRetRegs[nextInt++], p.type, p.ext));
    } else if (isFpScalar(p.type) && nextFloat < std::size(kFloatRetRegs)) {
      loc.parts.push_back(ArgPart::inReg(kFloatRetRegs[nextFloat++], p.type, p.ext));
    } else if (isIntScalar(p.type) || isFpScalar(p.type) || p.type == ir::types::I128) {
      loc.parts.push_back(ArgPart::onStack(retBytes, p.type, p.ext));
      retBytes += p.type == ir::types::I128 ? 16 : 8;
    }
    s.rets.push_back(loc);
  }

  mach::ArgAssigner args(kIntArgRegs, kFloatArgRegs, 8);
  auto place = [&](ir::Type t, ir::ArgExt ext) {
    ArgLoc loc;
    if (t == ir::types::I128) {
      // By reference to a copy the caller makes (s390x ELF ABI).
      loc.kind = ArgLoc::Kind::ImplicitPtr;
      t = ir::types::I64;
      ext = ir::ArgExt::None;
    }
    if (isIntScalar(t) || isFpScalar(t)) {
      auto r = args.nextReg(isIntScalar(t) ? RegClass::Int : RegClass::Float);
      loc.parts.push_back(r ? ArgPart::inReg(*r, t, ext)
                            : ArgPart::onStack(args.nextStack(8, 8), t, ext));
    }
    // Other types (vectors) get no parts: the lowering reports them unsupported.
    return loc;
  };
  if (retBytes > 0) {
    // The return area's address is the hidden first argument, where the ELF ABI passes
    // the address of an aggregate (or __int128) result.
    s.stackRetBytes = retBytes;
    s.retAreaPtr = place(ir::types::I64, ir::ArgExt::None);
  }
  for (const ir::AbiParam &p : sig.params) {
    if (p.purpose == ir::ArgPurpose::StructArgument) {
      ArgLoc loc;
      loc.kind = ArgLoc::Kind::StructArg;
      loc.structSize = p.structSize;
      loc.parts.push_back(ArgPart::onStack(args.nextStack(p.structSize, 8), ir::types::I64));
      s.params.push_back(loc);
      continue;
    }
    s.params.push_back(place(p.type, p.ext));
  }
  s.stackArgBytes = args.stackBytes();
  return s;
}

int32_t stackArgDisp(const ArgPart &part) {
  // Right-justified in its doubleword: only f32 is narrower than what is stored.
  return static_cast<int32_t>(part.offset) + (part.type == ir::types::F32 ? 4 : 0);
}

void Backend::lowerArgs(mach::LowerCtx<MInst> &ctx,
                        std::span<const mach::ValueRegs> params) const {
  const mach::SigLayout &sl = ctx.sigLayout();
  std::vector<RegBinding> defs;
  struct StackArg {
    Reg reg;
    ArgPart part;
  };
  std::vector<StackArg> fromStack;
  // i128 parameters: (their registers, the register holding the copy's address).
  std::vector<std::pair<mach::ValueRegs, Reg>> byReference;
  auto receive = [&](Reg r, const ArgPart &part) {
    if (part.kind == ArgPart::Kind::Reg)
      defs.push_back(RegBinding{r, part.reg});
    else
      fromStack.push_back(StackArg{r, part});
  };
  for (size_t k = 0; k < params.size(); ++k) {
    const ArgLoc &loc = sl.params[k];
    const bool byRef = loc.kind == ArgLoc::Kind::ImplicitPtr;
    if ((loc.kind != ArgLoc::Kind::Parts && !byRef) || loc.parts.size() != 1 ||
        (!byRef && params[k].count != 1)) {
      ctx.fail("unsupported: parameter type " + ctx.func().signature.params[k].type.name() +
               " on target s390x");
      return;
    }
    if (byRef) {
      Reg ptr = ctx.tmp(RegClass::Int);
      receive(ptr, loc.parts[0]);
      byReference.push_back({params[k], ptr});
    } else {
      receive(params[k].regs[0], loc.parts[0]);
    }
  }
  if (sl.retAreaPtr) {
    // Returns are lowered first (blocks go backward): they may have made it already.
    if (!ctx.retAreaPtr.isValid())
      ctx.retAreaPtr = ctx.tmp(RegClass::Int);
    receive(Reg(ctx.retAreaPtr), sl.retAreaPtr->parts[0]);
  }
  ctx.emit(MInst::args(std::move(defs)));
  for (const StackArg &a : fromStack) {
    ir::Type t = isIntScalar(a.part.type) ? ir::types::I64 : a.part.type;
    emitLoad(ctx, t, a.reg, MemArg::cfa(stackArgDisp(a.part)));
  }
  for (const auto &[regs, ptr] : byReference)
    loadI128(ctx, regs, MemArg::bd(ptr));
}

mach::PRegSet Backend::calleeSaved(ir::CallConv) const { return s390x::calleeSaved(); }

mach::FrameLayout Backend::layoutFrame(const mach::FrameRequest &req) const {
  mach::FrameRequest r = req;
  const bool backchain = req.preserveFramePointers;
  // A backchain needs a frame: at least the save area of a (possible) callee, as Cranelift.
  if (backchain)
    r.outgoingArgsBytes = std::max(r.outgoingArgsBytes, kRegSaveAreaBytes);
  mach::FrameShape shape;
  shape.setupBytes = kRegSaveAreaBytes;
  shape.stackAlign = 8;
  shape.usesFramePointer = backchain;
  unsigned firstGpr = 16;
  for (PReg p : r.clobberedCalleeSaves) {
    if (p.cls() == RegClass::Int)
      firstGpr = std::min(firstGpr, p.hw());
    else
      shape.saves.push_back({p, 8}); // f8..f15: their 64-bit FPR halves
  }
  if (backchain || r.hasCalls)
    firstGpr = std::min(firstGpr, 14u); // the return address, for unwinders and the backchain
  mach::FrameLayout f = mach::computeFrameLayout(r, shape);
  for (unsigned hw = firstGpr; hw < 16; ++hw)
    f.calleeSaves.push_back({regs::gpr(hw), f.frameBytes + 8 * hw});
  return f;
}

void Backend::genPrologue(const mach::FrameLayout &frame,
                          mach::FrameCode<MInst> &code) const {
  using mach::CfiOp;
  const Reg sp(regs::stackPointer()), r1(regs::r1());
  const int32_t cfaToSp = static_cast<int32_t>(frame.cfaToSp());
  const unsigned first = firstSavedGpr(frame);
  if (frame.usesFramePointer)
    code.add(MInst::rr(Form::Lgr, r1, sp));
  if (first < 16) {
    code.add(MInst::multi(Form::Stmg, regs::gpr(first), regs::r15(),
                          MemArg::bd(sp, int32_t(8 * first))));
    // Before %r15 moves: GPR r is at 8 * r from the entry SP, which is CFA - 160.
    for (unsigned r = first; r < 16; ++r)
      code.addCfiToLast(CfiOp::savedAt(dwarfRegNumber(regs::gpr(r)),
                                       int32_t(8 * r) - int32_t(kRegSaveAreaBytes)));
  }
  if (frame.frameBytes > 0)
    code.add(adjustSp(-int64_t(frame.frameBytes)), {CfiOp::defCfaOffset(cfaToSp)});
  if (frame.usesFramePointer)
    code.add(MInst::store(Form::Stg, r1, MemArg::bd(sp)));
  for (const mach::FrameLayout::Save &s : frame.calleeSaves)
    if (s.reg.cls() == RegClass::Float)
      code.add(MInst::store(Form::Stdy, Reg(s.reg), MemArg::bd(sp, int32_t(s.offset))),
               {CfiOp::savedAt(dwarfRegNumber(s.reg), int32_t(s.offset) - cfaToSp)});
}

// The CFI undoes the prologue's: each restored register has its value again (a signal
// or profiler unwinding at the final `br %r14` must not read stale save slots), and once
// %r15 is back the CFA is the entry SP + 160 again.
void Backend::genEpilogue(const mach::FrameLayout &frame,
                          mach::FrameCode<MInst> &code) const {
  using mach::CfiOp;
  const Reg sp(regs::stackPointer());
  for (const mach::FrameLayout::Save &s : frame.calleeSaves)
    if (s.reg.cls() == RegClass::Float)
      code.add(MInst::load(Form::Ld, Reg(s.reg), MemArg::bd(sp, int32_t(s.offset))),
               {CfiOp::restore(dwarfRegNumber(s.reg))});
  const unsigned first = firstSavedGpr(frame);
  if (first < 16) {
    code.add(MInst::multi(Form::Lmg, regs::gpr(first), regs::r15(),
                          MemArg::bd(sp, int32_t(frame.frameBytes + 8 * first))));
    for (unsigned r = first; r < 16; ++r)
      code.addCfiToLast(CfiOp::restore(dwarfRegNumber(regs::gpr(r))));
    if (frame.frameBytes > 0)
      code.addCfiToLast(CfiOp::defCfaOffset(int32_t(kRegSaveAreaBytes)));
  } else if (frame.frameBytes > 0) {
    code.add(adjustSp(frame.frameBytes), {CfiOp::defCfaOffset(int32_t(kRegSaveAreaBytes))});
  }
}

} // namespace irc::s390x
