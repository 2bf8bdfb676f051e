// LowerMemory: s390x lowering of loads, stores, stack slots, global values, symbol and
// function addresses, and the frame/stack pointer and return address.
//
// Memory is big-endian; the `little` flag selects the byte-reversing forms (lrv*, strv*),
// through a general register for floats. Integer loads always fill the whole register
// (zero- or sign-extended as the opcode says), so a loaded value's upper bits are defined
// even though nothing relies on it. A load or store records its trap code (the MemFlags'
// one, none for `notrap`) at the accessing instruction.
#include "target/s390x/Lower.h"

#include "codegen/mach/Abi.h"

namespace irc::s390x {

namespace {

using ir::Opcode;

bool isLittle(const ir::MemFlags &f) { return f.endianness() == ir::Endianness::Little; }

/// The offset of stack slot `ss` within the frame's stack-slot area (MemArea::SlotArea),
/// placed as computeFrameLayout does.
int32_t stackSlotOffset(LowerCtx &ctx, ir::StackSlot ss) {
  std::vector<mach::FrameRequest::Slot> slots;
  for (const ir::StackSlotData &s : ctx.func().stackSlots.values())
    slots.push_back(mach::FrameRequest::Slot{s.size, uint32_t(1) << s.alignShift});
  std::vector<uint32_t> offsets;
  uint32_t maxAlign = 1;
  mach::placeSlots(slots, offsets, maxAlign);
  return static_cast<int32_t>(offsets[ss.index()]);
}

/// Loads of integers into a whole register: (width, signed) -> form; big-endian.
Form intLoadForm(unsigned bits, bool isSigned) {
  switch (bits) {
  case 8:
    return isSigned ? Form::Lgb : Form::Llgc;
  case 16:
    return isSigned ? Form::Lgh : Form::Llgh;
  case 32:
    return isSigned ? Form::Lgf : Form::Llgf;
  default:
    return Form::Lg;
  }
}

/// A load of `bits` (from memory of that width) extended to the register, in either order.
void emitIntLoad(LowerCtx &ctx, unsigned bits, bool isSigned, bool little, Reg dst,
                 const MemArg &mem) {
  if (!little || bits == 8) {
    ctx.emit(MInst::load(intLoadForm(bits, isSigned), dst, mem));
    return;
  }
  if (bits == 64) {
    ctx.emit(MInst::load(Form::Lrvg, dst, mem));
    return;
  }
  Reg t = gprTmp(ctx);
  ctx.emit(MInst::load(bits == 16 ? Form::Lrvh : Form::Lrv, t, mem));
  ctx.emit(MInst::rr(isSigned ? (bits == 16 ? Form::Lghr : Form::Lgfr)
                              : (bits == 16 ? Form::Llghr : Form::Llgfr),
                     dst, t));
}

void emitIntStore(LowerCtx &ctx, unsigned bits, bool little, Reg src, const MemArg &mem) {
  Form f{};
  switch (bits) {
  case 8:
    f = Form::Stc;
    break;
  case 16:
    f = little ? Form::Strvh : Form::Sth;
    break;
  case 32:
    f = little ? Form::Strv : Form::St;
    break;
  default:
    f = little ? Form::Strvg : Form::Stg;
    break;
  }
  ctx.emit(MInst::store(f, src, mem));
}

/// A load/store of any supported type in either byte order; false for other types.
bool loadTyped(LowerCtx &ctx, ir::Type ty, bool little, Reg dst, const MemArg &mem) {
  if (ty.isInt() && ty.bits() <= 64) {
    emitIntLoad(ctx, ty.bits(), false, little, dst, mem);
    return true;
  }
  if (ty != ir::types::F32 && ty != ir::types::F64)
    return false;
  const bool f64 = ty == ir::types::F64;
  if (!little) {
    ctx.emit(MInst::load(f64 ? Form::Ld : Form::Le, dst, mem));
    return true;
  }
  // The bits through a general register: an FPR holds an f32 in its high word.
  Reg t = gprTmp(ctx);
  ctx.emit(MInst::load(f64 ? Form::Lrvg : Form::Lrv, t, mem));
  if (!f64) {
    Reg s = gprTmp(ctx);
    ctx.emit(MInst::shift(Form::Sllg, s, t, Reg(), 32));
    t = s;
  }
  ctx.emit(MInst::rr(Form::Ldgr, dst, t));
  return true;
}

bool storeTyped(LowerCtx &ctx, ir::Type ty, bool little, Reg src, const MemArg &mem) {
  if (ty.isInt() && ty.bits() <= 64) {
    emitIntStore(ctx, ty.bits(), little, src, mem);
    return true;
  }
  if (ty != ir::types::F32 && ty != ir::types::F64)
    return false;
  const bool f64 = ty == ir::types::F64;
  if (!little) {
    ctx.emit(MInst::store(f64 ? Form::Std : Form::Ste, src, mem));
    return true;
  }
  Reg t = gprTmp(ctx);
  ctx.emit(MInst::rr(Form::Lgdr, t, src));
  if (!f64) {
    Reg s = gprTmp(ctx);
    ctx.emit(MInst::shift(Form::Srlg, s, t, Reg(), 32));
    t = s;
  }
  ctx.emit(MInst::store(f64 ? Form::Strvg : Form::Strv, t, mem));
  return true;
}

MemArg withFlagsTrap(MemArg m, const ir::MemFlags &flags) {
  return flags.notrap() ? m : m.withTrap(flags.trapCode());
}

/// dst = r + imm.
void addImmediate(LowerCtx &ctx, Reg dst, Reg r, int64_t imm) {
  if (imm >= INT16_MIN && imm <= INT16_MAX) {
    ctx.emit(MInst::aluImm(Form::Aghik, dst, r, imm));
  } else if (imm >= INT32_MIN && imm <= INT32_MAX) {
    ctx.emit(MInst::aluImm(Form::Agfi, dst, r, imm));
  } else {
    ctx.emit(MInst::alu(Form::Agrk, dst, r, constantReg(ctx, uint64_t(imm))));
  }
}

ExtNameKind symbolKind(bool colocated) {
  return colocated ? ExtNameKind::PcRelative : ExtNameKind::Got;
}

/// The value of a global value into dst (recursively through its bases).
void lowerGlobalValue(LowerCtx &ctx, ir::GlobalValue gv, Reg dst) {
  const ir::GlobalValueData &g = ctx.func().globalValues[gv];
  switch (g.kind) {
  case ir::GlobalValueData::Kind::VMContext: {
    auto idx = ctx.func().signature.specialParam(ir::ArgPurpose::VMContext);
    auto entry = ctx.func().layout.entryBlock();
    if (!idx || !entry) {
      ctx.fail("global value " + ctx.func().name(gv) + " needs a vmctx parameter");
      return;
    }
    ctx.emit(MInst::genMove(dst, ctx.putInReg(ctx.dfg().blockParams(*entry)[*idx]),
                            RegClass::Int));
    return;
  }
  case ir::GlobalValueData::Kind::Load: {
    Reg base = gprTmp(ctx);
    lowerGlobalValue(ctx, g.base, base);
    MemArg m = withFlagsTrap(MemArg::bd(base, static_cast<int32_t>(g.offset)), g.flags);
    if (!loadTyped(ctx, g.type, isLittle(g.flags), dst, m))
      ctx.fail("unsupported: global value type " + std::string(g.type.name()) + " on target s390x");
    return;
  }
  case ir::GlobalValueData::Kind::IAddImm: {
    Reg base = gprTmp(ctx);
    lowerGlobalValue(ctx, g.base, base);
    addImmediate(ctx, dst, base, g.offset);
    return;
  }
  case ir::GlobalValueData::Kind::Symbol:
    if (g.tls) {
      ctx.fail("unsupported: thread-local symbol on target s390x");
      return;
    }
    ctx.emit(MInst::loadSymbol(dst, SymbolRef{g.name, g.offset}, symbolKind(g.colocated)));
    return;
  case ir::GlobalValueData::Kind::DynScaleTargetConst:
    ctx.fail("unsupported: dynamic vector scale on target s390x");
    return;
  }
}

bool lowerLoad(LowerCtx &ctx, ir::Inst inst) {
  const ir::DataFlowGraph &dfg = ctx.dfg();
  const ir::InstData &d = dfg.inst(inst);
  const ir::MemFlags &flags = dfg.memFlags(inst);
  const bool little = isLittle(flags);
  MemArg m = withFlagsTrap(lowerAddress(ctx, d.arg(0), d.offset()), flags);
  Reg dst = ctx.outputReg(inst);
  switch (d.opcode) {
  case Opcode::Load:
    return loadTyped(ctx, dfg.valueType(dfg.firstResult(inst)), little, dst, m);
  case Opcode::Uload8:
  case Opcode::Sload8:
    emitIntLoad(ctx, 8, d.opcode == Opcode::Sload8, little, dst, m);
    return true;
  case Opcode::Uload16:
  case Opcode::Sload16:
    emitIntLoad(ctx, 16, d.opcode == Opcode::Sload16, little, dst, m);
    return true;
  default: // Uload32, Sload32
    emitIntLoad(ctx, 32, d.opcode == Opcode::Sload32, little, dst, m);
    return true;
  }
}

bool lowerStore(LowerCtx &ctx, ir::Inst inst) {
  const ir::DataFlowGraph &dfg = ctx.dfg();
  const ir::InstData &d = dfg.inst(inst);
  const ir::MemFlags &flags = dfg.memFlags(inst);
  const bool little = isLittle(flags);
  MemArg m = withFlagsTrap(lowerAddress(ctx, d.arg(1), d.offset()), flags);
  ir::Type ty = dfg.valueType(d.arg(0));
  if (d.opcode == Opcode::Store) {
    if (!(ty.isInt() && ty.bits() <= 64) && ty != ir::types::F32 && ty != ir::types::F64)
      return false;
    return storeTyped(ctx, ty, little, ctx.putInReg(d.arg(0)), m);
  }
  unsigned bits = d.opcode == Opcode::Istore8 ? 8 : d.opcode == Opcode::Istore16 ? 16 : 32;
  emitIntStore(ctx, bits, little, ctx.putInReg(d.arg(0)), m);
  return true;
}

} // namespace

MemArg lowerAddress(LowerCtx &ctx, ir::Value addr, int32_t offset) {
  // base + index when the address is an iadd of two 64-bit values.
  if (auto p = ctx.inputPureInst(addr); p && ctx.dfg().opcode(*p) == Opcode::Iadd &&
                                        ctx.dfg().valueType(addr).bits() == 64) {
    const ir::InstData &a = ctx.dfg().inst(*p);
    if (!ctx.inputAsConst(a.arg(0)) && !ctx.inputAsConst(a.arg(1)))
      return MemArg::bxd(ctx.putInReg(a.arg(0)), ctx.putInReg(a.arg(1)), offset);
    if (auto c = ctx.inputAsSignedConst(a.arg(1));
        c && int64_t(offset) + *c >= INT32_MIN && int64_t(offset) + *c <= INT32_MAX)
      return MemArg::bd(ctx.putInReg(a.arg(0)), static_cast<int32_t>(offset + *c));
  }
  return MemArg::bd(ctx.putInReg(addr), offset);
}

void emitLoad(LowerCtx &ctx, ir::Type ty, Reg dst, const MemArg &mem) {
  if (!loadTyped(ctx, ty, false, dst, mem))
    ctx.fail("unsupported: type " + std::string(ty.name()) + " on target s390x");
}

void emitStore(LowerCtx &ctx, ir::Type ty, Reg src, const MemArg &mem) {
  if (!storeTyped(ctx, ty, false, src, mem))
    ctx.fail("unsupported: type " + std::string(ty.name()) + " on target s390x");
}

bool lowerMemory(const Backend &, LowerCtx &ctx, ir::Inst inst) {
  const ir::DataFlowGraph &dfg = ctx.dfg();
  const ir::InstData &d = dfg.inst(inst);
  switch (d.opcode) {
  case Opcode::Load:
  case Opcode::Uload8:
  case Opcode::Sload8:
  case Opcode::Uload16:
  case Opcode::Sload16:
  case Opcode::Uload32:
  case Opcode::Sload32:
    return lowerLoad(ctx, inst);
  case Opcode::Store:
  case Opcode::Istore8:
  case Opcode::Istore16:
  case Opcode::Istore32:
    return lowerStore(ctx, inst);
  case Opcode::StackAddr:
    ctx.emit(MInst::load(Form::La, ctx.outputReg(inst),
                         MemArg::slot(stackSlotOffset(ctx, d.stackSlot()) + d.stackOffset())));
    return true;
  case Opcode::GlobalValue:
  case Opcode::SymbolValue:
    lowerGlobalValue(ctx, d.globalValue(), ctx.outputReg(inst));
    return true;
  case Opcode::FuncAddr: {
    const ir::ExtFuncData &fn = dfg.extFuncs[d.funcRef()];
    ctx.emit(MInst::loadSymbol(ctx.outputReg(inst), SymbolRef{fn.name, 0},
                               symbolKind(fn.colocated)));
    return true;
  }
  case Opcode::GetStackPointer:
    ctx.emit(MInst::load(Form::La, ctx.outputReg(inst), MemArg::bd(Reg(regs::stackPointer()))));
    return true;
  case Opcode::GetFramePointer:
    // The backchain (kept under preserve_frame_pointers) is the caller's SP: s390x's
    // closest thing to a frame pointer, as in Cranelift.
    ctx.emit(MInst::load(Form::Lg, ctx.outputReg(inst), MemArg::bd(Reg(regs::stackPointer()))));
    return true;
  case Opcode::GetReturnAddress:
    // %r14 as the prologue saved it in the caller's register save area (saved whenever
    // frame pointers are preserved).
    ctx.emit(MInst::load(Form::Lg, ctx.outputReg(inst),
                         MemArg::cfa(14 * 8 - int32_t(kRegSaveAreaBytes))));
    return true;
  default:
    return false;
  }
}

} // namespace irc::s390x
