// LowerMemory: x86_64 lowering of memory accesses and addresses.
//
// Loads and stores of every width (narrow integer loads zero- or sign-extend with
// movz/movs, i128 as two quadwords, floats with movss/movsd, 128-bit vectors with
// movups), big-endian accesses through bswap/rol, stack slots (%rbp-relative, see
// Backend.h), global values, symbols, function addresses, and the frame pointer, stack
// pointer and return address. Every access that may trap (no `notrap` flag) carries its
// trap code in the Amode, which emission records at the instruction.
//
// lowerAddress folds `stack_addr`, `iadd x, iconst`, `iadd x, ishl y, 1..3`, `iadd x, y`, the
// iadd_imm steps of a global value used only there, and constant offsets into one
// base + index * scale + disp operand when the displacement fits 32 bits.
#include "target/x86_64/Backend.h"

#include <limits>

namespace irc::x86_64 {

using mach::RegClass;
using mach::ValueRegs;

namespace {

bool fitsI32(int64_t v) {
  return v >= std::numeric_limits<int32_t>::min() && v <= std::numeric_limits<int32_t>::max();
}

Amode withFlags(Amode mem, const ir::MemFlags &flags) {
  if (flags.notrap())
    return mem;
  return mem.withTrap(flags.trapCode());
}

bool isBig(const ir::MemFlags &flags) { return flags.endianness() == ir::Endianness::Big; }

/// Byte-swaps the low `bits` of an integer register into a new register.
Reg byteSwap(LowerCtx &ctx, unsigned bits, Reg src) {
  Reg out = ctx.tmp(RegClass::Int);
  switch (bits) {
  case 16:
    ctx.emit(MInst::shiftImm(Form::RolRI, OpSize::W, out, src, 8));
    break;
  case 32:
    ctx.emit(MInst::unary(Form::BswapR, OpSize::L, out, src));
    break;
  default:
    ctx.emit(MInst::unary(Form::BswapR, OpSize::Q, out, src));
    break;
  }
  return out;
}

/// An integer load of `memBits` extended (signed or not) into dst.
void loadInt(LowerCtx &ctx, unsigned memBits, bool sext, unsigned dstBits, Amode mem, Reg dst,
             bool big) {
  const OpSize wide = dstBits > 32 ? OpSize::Q : OpSize::L;
  if (big && memBits > 8) {
    // Load as is (zero-extended), swap, then extend the swapped value.
    Reg raw = ctx.tmp(RegClass::Int);
    loadInt(ctx, memBits, false, memBits, std::move(mem), raw, false);
    Reg swapped = byteSwap(ctx, memBits, raw);
    if (memBits == 16)
      ctx.emit(MInst::rr(sext ? Form::MovswRR : Form::MovzwRR, sext ? wide : OpSize::L, dst,
                         swapped));
    else if (memBits == 32 && sext && dstBits > 32)
      ctx.emit(MInst::rr(Form::MovslRR, OpSize::Q, dst, swapped));
    else
      ctx.emit(MInst::genMove(dst, swapped, RegClass::Int));
    return;
  }
  switch (memBits) {
  case 8:
    ctx.emit(MInst::rm(sext ? Form::MovsbRM : Form::MovzbRM, sext ? wide : OpSize::L, dst,
                       std::move(mem)));
    return;
  case 16:
    ctx.emit(MInst::rm(sext ? Form::MovswRM : Form::MovzwRM, sext ? wide : OpSize::L, dst,
                       std::move(mem)));
    return;
  case 32:
    if (sext && dstBits > 32)
      ctx.emit(MInst::rm(Form::MovslRM, OpSize::Q, dst, std::move(mem)));
    else
      ctx.emit(MInst::rm(Form::MovRM, OpSize::L, dst, std::move(mem)));
    return;
  default:
    ctx.emit(MInst::rm(Form::MovRM, OpSize::Q, dst, std::move(mem)));
    return;
  }
}

void storeInt(LowerCtx &ctx, unsigned memBits, Amode mem, Reg src, bool big) {
  if (big && memBits > 8)
    src = byteSwap(ctx, memBits, src);
  ctx.emit(MInst::mr(Form::MovMR, opSizeOf(ir::types::intWithBits(memBits)), std::move(mem), src));
}

void loadValue(LowerCtx &ctx, ir::Type t, Amode mem, ValueRegs dst, bool big) {
  if (t == ir::types::I128) {
    Amode hi = mem.withDisp(mem.disp() + 8);
    if (big) {
      loadInt(ctx, 64, false, 64, std::move(hi), dst.regs[0], true);
      loadInt(ctx, 64, false, 64, std::move(mem), dst.regs[1], true);
    } else {
      loadInt(ctx, 64, false, 64, std::move(mem), dst.regs[0], false);
      loadInt(ctx, 64, false, 64, std::move(hi), dst.regs[1], false);
    }
    return;
  }
  if (t.isInt()) {
    loadInt(ctx, t.bits(), false, t.bits(), std::move(mem), dst.regs[0], big);
    return;
  }
  Form f = t == ir::types::F32 ? Form::MovssRM : t == ir::types::F64 ? Form::MovsdRM
                                                                      : Form::MovupsRM;
  ctx.emit(MInst::rm(f, OpSize::Q, dst.regs[0], std::move(mem)));
}

void storeValue(LowerCtx &ctx, ir::Type t, Amode mem, ValueRegs src, bool big) {
  if (t == ir::types::I128) {
    Amode hi = mem.withDisp(mem.disp() + 8);
    if (big) {
      storeInt(ctx, 64, std::move(hi), src.regs[0], true);
      storeInt(ctx, 64, std::move(mem), src.regs[1], true);
    } else {
      storeInt(ctx, 64, std::move(mem), src.regs[0], false);
      storeInt(ctx, 64, std::move(hi), src.regs[1], false);
    }
    return;
  }
  if (t.isInt()) {
    storeInt(ctx, t.bits(), std::move(mem), src.regs[0], big);
    return;
  }
  Form f = t == ir::types::F32 ? Form::MovssMR : t == ir::types::F64 ? Form::MovsdMR
                                                                      : Form::MovupsMR;
  ctx.emit(MInst::mr(f, OpSize::Q, std::move(mem), src.regs[0]));
}

/// A scalar type the memory lowering handles (i8..i128, f32, f64, 128-bit vectors).
bool memType(ir::Type t) {
  return (t.isInt() && t.bits() <= 128) || t == ir::types::F32 || t == ir::types::F64 ||
         (t.isVector() && t.bits() == 128);
}

bool unsupportedType(LowerCtx &ctx, ir::Inst inst, ir::Type t) {
  ctx.fail("unsupported: opcode " + std::string(ir::opcodeName(ctx.dfg().opcode(inst))) +
           " of type " + t.name() + " on target x86_64");
  return true;
}

/// The value of a global value into a register.
Reg globalValue(LowerCtx &ctx, ir::GlobalValue gv, int depth = 0);

Reg symbolAddress(LowerCtx &ctx, const ir::GlobalValueData &g, int64_t extra) {
  Reg dst = ctx.tmp(RegClass::Int);
  ExtNameKind kind = g.colocated ? ExtNameKind::RipRelative : ExtNameKind::Got;
  int64_t addend = g.offset + extra;
  if (kind == ExtNameKind::Got && !fitsI32(addend))
    kind = ExtNameKind::Absolute;
  ctx.emit(MInst::loadExtName(dst, g.name, addend, kind));
  return dst;
}

Reg globalValue(LowerCtx &ctx, ir::GlobalValue gv, int depth) {
  const ir::Function &func = ctx.func();
  const ir::GlobalValueData &g = func.globalValues[gv];
  if (depth > 64) {
    ctx.fail("x86_64: global value chain too deep");
    return ctx.tmp(RegClass::Int);
  }
  switch (g.kind) {
  case ir::GlobalValueData::Kind::VMContext: {
    auto idx = func.signature.specialParam(ir::ArgPurpose::VMContext);
    if (!idx) {
      ctx.fail("x86_64: vmctx global value without a vmctx parameter");
      return ctx.tmp(RegClass::Int);
    }
    ir::Value param = ctx.dfg().blockParams(*func.layout.entryBlock())[*idx];
    return ctx.putInReg(param);
  }
  case ir::GlobalValueData::Kind::Load: {
    Reg base = globalValue(ctx, g.base, depth + 1);
    Reg dst = ctx.tmp(RegClass::Int);
    Amode mem = withFlags(Amode::base(base, static_cast<int32_t>(g.offset)), g.flags);
    loadValue(ctx, g.type, std::move(mem), ValueRegs::one(dst), isBig(g.flags));
    return dst;
  }
  case ir::GlobalValueData::Kind::IAddImm: {
    Reg base = globalValue(ctx, g.base, depth + 1);
    Reg dst = ctx.tmp(RegClass::Int);
    if (fitsI32(g.offset)) {
      ctx.emit(MInst::rm(Form::Lea, OpSize::Q, dst, Amode::base(base, static_cast<int32_t>(g.offset))));
    } else {
      Reg k = ctx.tmp(RegClass::Int);
      ctx.emit(MInst::loadConst64(k, static_cast<uint64_t>(g.offset)));
      ctx.emit(MInst::rm(Form::Lea, OpSize::Q, dst, Amode::baseIndex(base, k, 1)));
    }
    return dst;
  }
  case ir::GlobalValueData::Kind::Symbol:
    if (g.tls) {
      ctx.fail("unsupported: tls global values on target x86_64");
      return ctx.tmp(RegClass::Int);
    }
    return symbolAddress(ctx, g, 0);
  case ir::GlobalValueData::Kind::DynScaleTargetConst:
    ctx.fail("unsupported: dyn_scale_target_const on target x86_64");
    return ctx.tmp(RegClass::Int);
  }
  return ctx.tmp(RegClass::Int);
}

/// Whether gv's value may be computed anywhere in the function (so at a use rather than at
/// its global_value): its chain reads only the vmctx parameter, symbols and memory through
/// `readonly notrap` loads, which no store changes and which cannot fault.
bool movableGlobalValue(const ir::Function &func, ir::GlobalValue gv) {
  for (int depth = 0; depth <= 64; ++depth) {
    const ir::GlobalValueData &g = func.globalValues[gv];
    switch (g.kind) {
    case ir::GlobalValueData::Kind::VMContext:
      return true;
    case ir::GlobalValueData::Kind::Symbol:
      return !g.tls;
    case ir::GlobalValueData::Kind::Load:
      if (!g.flags.readonly() || !g.flags.notrap())
        return false;
      gv = g.base;
      break;
    case ir::GlobalValueData::Kind::IAddImm:
      gv = g.base;
      break;
    case ir::GlobalValueData::Kind::DynScaleTargetConst:
      return false;
    }
  }
  return false;
}

/// Address of stack slot + offset.
Amode stackSlotAmode(LowerCtx &ctx, ir::StackSlot ss, int64_t offset) {
  StackSlotArea area = layoutStackSlots(ctx.func());
  int64_t disp = int64_t(area.rbpOffset(ss.index())) + offset;
  if (!fitsI32(disp)) {
    ctx.fail("x86_64: stack slot offset out of range");
    disp = 0;
  }
  return Amode::base(regs::rbp(), static_cast<int32_t>(disp));
}

struct Access {
  unsigned memBits = 0; // 0: the value type's width
  bool sext = false;
};

bool lowerLoad(LowerCtx &ctx, ir::Inst inst, Access a) {
  const ir::DataFlowGraph &dfg = ctx.dfg();
  const ir::InstData &d = dfg.inst(inst);
  const ir::Type t = dfg.valueType(dfg.firstResult(inst));
  if (!memType(t) || (a.memBits && !t.isInt()))
    return unsupportedType(ctx, inst, t);
  const ir::MemFlags &flags = dfg.memFlags(inst);
  Amode mem = withFlags(lowerAddress(ctx, d.arg(0), d.offset()), flags);
  ValueRegs dst = ctx.outputRegs(inst);
  if (a.memBits)
    loadInt(ctx, a.memBits, a.sext, t.bits(), std::move(mem), dst.regs[0], isBig(flags));
  else
    loadValue(ctx, t, std::move(mem), dst, isBig(flags));
  return true;
}

bool lowerStore(LowerCtx &ctx, ir::Inst inst, unsigned memBits) {
  const ir::DataFlowGraph &dfg = ctx.dfg();
  const ir::InstData &d = dfg.inst(inst);
  const ir::Value v = d.arg(0);
  const ir::Type t = dfg.valueType(v);
  if (!memType(t) || (memBits && !t.isInt()))
    return unsupportedType(ctx, inst, t);
  const ir::MemFlags &flags = dfg.memFlags(inst);
  const bool big = isBig(flags);
  const unsigned bits = memBits ? memBits : t.bits();
  // A constant integer stored as an immediate (sign-extended imm32 for 64 bits).
  if (t.isInt() && bits <= 64 && (!big || bits == 8)) {
    if (auto c = ctx.inputAsConst(v)) {
      const uint64_t masked = bits == 64 ? *c : (*c & ((uint64_t(1) << bits) - 1));
      const int64_t sv = bits == 64 ? static_cast<int64_t>(masked)
                         : bits == 32 ? static_cast<int32_t>(masked)
                         : bits == 16 ? static_cast<int16_t>(masked)
                                      : static_cast<int8_t>(masked);
      if (fitsI32(sv)) {
        Amode mem = withFlags(lowerAddress(ctx, d.arg(1), d.offset()), flags);
        ctx.emit(MInst::movMI(opSizeOf(ir::types::intWithBits(bits)), std::move(mem),
                              static_cast<int32_t>(sv)));
        return true;
      }
    }
  }
  ValueRegs src = ctx.putInRegs(v);
  Amode mem = withFlags(lowerAddress(ctx, d.arg(1), d.offset()), flags);
  if (memBits)
    storeInt(ctx, memBits, std::move(mem), src.regs[0], big);
  else
    storeValue(ctx, t, std::move(mem), src, big);
  return true;
}

} // namespace

void emitLoadValue(LowerCtx &ctx, ir::Type t, Amode mem, ValueRegs dst) {
  loadValue(ctx, t, std::move(mem), dst, false);
}

void emitStoreValue(LowerCtx &ctx, ir::Type t, Amode mem, ValueRegs src) {
  storeValue(ctx, t, std::move(mem), src, false);
}

Amode lowerAddress(LowerCtx &ctx, ir::Value addr, int32_t offset) {
  const ir::DataFlowGraph &dfg = ctx.dfg();
  int64_t disp = offset;
  // addr = stack_addr ss+k: %rbp-relative.
  if (auto producer = ctx.inputPureInst(addr);
      producer && dfg.opcode(*producer) == ir::Opcode::StackAddr) {
    const ir::InstData &sa = dfg.inst(*producer);
    const int64_t slotDisp =
        int64_t(layoutStackSlots(ctx.func()).rbpOffset(sa.stackSlot().index())) +
        sa.stackOffset() + disp;
    if (fitsI32(slotDisp))
      return Amode::base(regs::rbp(), static_cast<int32_t>(slotDisp));
  }
  // addr = global_value gv, gv = iadd_imm base, k (repeatedly): the offsets join disp and
  // the base is computed here, so `load (iadd_imm (load vmctx+8), 32)` is one
  // `movq 32(%base)` instead of a lea and a load. Only for the global value's single use
  // (another would compute the chain again) and a chain that may move (see above).
  if (auto producer = ctx.inputPureInst(addr);
      producer && dfg.opcode(*producer) == ir::Opcode::GlobalValue && ctx.useCount(addr) == 1) {
    const ir::Function &func = ctx.func();
    ir::GlobalValue gv = dfg.inst(*producer).globalValue();
    int64_t folded = disp;
    for (int depth = 0; depth <= 64; ++depth) {
      const ir::GlobalValueData &g = func.globalValues[gv];
      if (g.kind != ir::GlobalValueData::Kind::IAddImm || !fitsI32(g.offset) ||
          !fitsI32(folded + g.offset))
        break;
      folded += g.offset;
      gv = g.base;
    }
    if (gv != dfg.inst(*producer).globalValue() && movableGlobalValue(func, gv))
      return Amode::base(globalValue(ctx, gv), static_cast<int32_t>(folded));
  }
  // addr = iadd x, y with a constant, a scaled index or a plain register on either side.
  if (auto producer = ctx.inputPureInst(addr);
      producer && dfg.opcode(*producer) == ir::Opcode::Iadd && dfg.valueType(addr).bits() == 64) {
    const ir::InstData &add = dfg.inst(*producer);
    const ir::Value x = add.arg(0), y = add.arg(1);
    for (int side = 0; side < 2; ++side) {
      const ir::Value base = side == 0 ? x : y, other = side == 0 ? y : x;
      if (auto c = ctx.inputAsSignedConst(other); c && fitsI32(disp + *c))
        return Amode::base(ctx.putInReg(base), static_cast<int32_t>(disp + *c));
    }
    for (int side = 0; side < 2; ++side) {
      const ir::Value base = side == 0 ? x : y, other = side == 0 ? y : x;
      auto shl = ctx.inputPureInst(other);
      if (!shl || dfg.opcode(*shl) != ir::Opcode::Ishl)
        continue;
      auto amount = ctx.inputAsConst(dfg.inst(*shl).arg(1));
      if (!amount || *amount > 3)
        continue;
      Reg b = ctx.putInReg(base);
      Reg index = ctx.putInReg(dfg.inst(*shl).arg(0));
      return Amode::baseIndex(b, index, 1u << *amount, static_cast<int32_t>(disp));
    }
    Reg b = ctx.putInReg(x);
    Reg index = ctx.putInReg(y);
    return Amode::baseIndex(b, index, 1, static_cast<int32_t>(disp));
  }
  return Amode::base(ctx.putInReg(addr), static_cast<int32_t>(disp));
}

bool lowerMemory(LowerCtx &ctx, ir::Inst inst) {
  const ir::DataFlowGraph &dfg = ctx.dfg();
  const ir::InstData &d = dfg.inst(inst);
  switch (d.opcode) {
  case ir::Opcode::Load:
    return lowerLoad(ctx, inst, Access{});
  case ir::Opcode::Uload8:
    return lowerLoad(ctx, inst, Access{8, false});
  case ir::Opcode::Sload8:
    return lowerLoad(ctx, inst, Access{8, true});
  case ir::Opcode::Uload16:
    return lowerLoad(ctx, inst, Access{16, false});
  case ir::Opcode::Sload16:
    return lowerLoad(ctx, inst, Access{16, true});
  case ir::Opcode::Uload32:
    return lowerLoad(ctx, inst, Access{32, false});
  case ir::Opcode::Sload32:
    return lowerLoad(ctx, inst, Access{32, true});
  case ir::Opcode::Store:
    return lowerStore(ctx, inst, 0);
  case ir::Opcode::Istore8:
    return lowerStore(ctx, inst, 8);
  case ir::Opcode::Istore16:
    return lowerStore(ctx, inst, 16);
  case ir::Opcode::Istore32:
    return lowerStore(ctx, inst, 32);

  case ir::Opcode::StackAddr:
    ctx.emit(MInst::rm(Form::Lea, OpSize::Q, ctx.outputReg(inst),
                       stackSlotAmode(ctx, d.stackSlot(), d.stackOffset())));
    return true;

  case ir::Opcode::GlobalValue:
  case ir::Opcode::SymbolValue: {
    const ir::GlobalValueData &g = ctx.func().globalValues[d.globalValue()];
    Reg value = g.kind == ir::GlobalValueData::Kind::Symbol && !g.tls
                    ? symbolAddress(ctx, g, 0)
                    : globalValue(ctx, d.globalValue());
    ctx.emit(MInst::genMove(ctx.outputReg(inst), value, RegClass::Int));
    return true;
  }
  case ir::Opcode::FuncAddr: {
    const ir::ExtFuncData &fn = dfg.extFuncs[d.funcRef()];
    ctx.emit(MInst::loadExtName(ctx.outputReg(inst), fn.name, 0,
                                fn.colocated ? ExtNameKind::RipRelative : ExtNameKind::Got));
    return true;
  }
  case ir::Opcode::GetFramePointer:
    ctx.emit(MInst::genMove(ctx.outputReg(inst), Reg(regs::rbp()), RegClass::Int));
    return true;
  case ir::Opcode::GetStackPointer:
    ctx.emit(MInst::genMove(ctx.outputReg(inst), Reg(regs::rsp()), RegClass::Int));
    return true;
  case ir::Opcode::GetReturnAddress:
    ctx.emit(MInst::rm(Form::MovRM, OpSize::Q, ctx.outputReg(inst), Amode::base(regs::rbp(), 8)));
    return true;
  default:
    return false; // another area's opcode
  }
}

} // namespace irc::x86_64
