// LowerState: the analyses lowering needs, computed once per function in linear time
// (see Lower.h): value registers, IR use counts, side-effect colors.
#include "codegen/mach/Lower.h"

#include "codegen/analysis/ControlFlowGraph.h"

namespace irc::mach {

namespace {

bool hasSideEffect(const ir::OpcodeInfo &info) { return !info.isPure(); }

/// Bits a Load-format opcode reads from memory.
unsigned loadMemBits(ir::Opcode op, ir::Type result) {
  using ir::Opcode;
  if (op == Opcode::Uload8 || op == Opcode::Sload8)
    return 8;
  if (op == Opcode::Uload16 || op == Opcode::Sload16)
    return 16;
  if (op == Opcode::Uload32 || op == Opcode::Sload32)
    return 32;
  if (op == Opcode::Uload8x8 || op == Opcode::Sload8x8 || op == Opcode::Uload16x4 ||
      op == Opcode::Sload16x4 || op == Opcode::Uload32x2 || op == Opcode::Sload32x2)
    return 64;
  return result.bits();
}

} // namespace

LowerState::LowerState(const ir::Function &func, const BlockOrder &order, RegShapeFn shapeOf,
                       std::string_view targetName)
    : func_(func), order_(order), shapeOf_(std::move(shapeOf)), targetName_(targetName) {
  const ir::DataFlowGraph &dfg = func.dfg;
  valueRegs_.assign(dfg.numValues(), ValueRegs{});
  useCount_.assign(dfg.numValues(), 0);
  loweredUses_.assign(dfg.numValues(), 0);
  sunk_.assign(dfg.numInsts(), 0);
  entryColor_.assign(dfg.numInsts(), 0);

  auto give = [&](ir::Value v) {
    ir::Type t = dfg.valueType(v);
    RegShape shape = shapeOf_(t);
    ValueRegs &r = valueRegs_[v.index()];
    r = makeRegs(shape);
  };

  // Registers in IR order of the reachable blocks (layout order keeps vreg numbers
  // readable), use counts, and colors.
  std::vector<ir::BlockCall> calls;
  uint32_t color = 0;
  for (ir::Block b : func.layout.blocks()) {
    if (order.indexOf(b) == BlockOrder::kNone)
      continue;
    ++color; // a color never spans blocks
    for (ir::Value p : dfg.blockParams(b))
      give(p);
    for (ir::Inst i : func.layout.insts(b)) {
      for (ir::Value r : dfg.results(i))
        give(r);
      for (ir::Value a : dfg.instArgs(i))
        ++useCount_[dfg.resolveAliases(a).index()];
      const ir::OpcodeInfo &info = ir::opcodeInfo(dfg.opcode(i));
      if (info.isBranch()) {
        ir::ControlFlowGraph::branchTargets(dfg, i, calls);
        for (ir::BlockCall bc : calls)
          for (ir::BlockArg a : dfg.blockCallArgs(bc))
            if (a.kind() == ir::BlockArg::Kind::Value)
              ++useCount_[dfg.resolveAliases(a.asValue()).index()];
      }
      entryColor_[i.index()] = color;
      if (hasSideEffect(info))
        ++color;
    }
  }
}

void LowerState::failType(ir::Type t) {
  fail("unsupported: type " + t.name() + " on target " + targetName_);
}

ValueRegs LowerState::putInRegs(ir::Value v) {
  v = dfg().resolveAliases(v);
  ++loweredUses_[v.index()];
  const ValueRegs &r = valueRegs_[v.index()];
  if (r.count == 0)
    return unsupportedValue(v);
  return r;
}

ValueRegs LowerState::unsupportedValue(ir::Value v) {
  failType(dfg().valueType(v));
  // A stand-in, so the pattern that asked can finish (its output is thrown away): the
  // driver stops after the current instruction.
  return ValueRegs::one(tmp(RegClass::Int));
}

ValueRegs LowerState::outputRegs(ir::Inst inst, unsigned n) {
  ir::Value v = dfg().results(inst)[n];
  const ValueRegs &r = valueRegs_[v.index()];
  if (r.count == 0)
    return unsupportedValue(v);
  return r;
}

ValueRegs LowerState::makeRegs(RegShape shape) {
  // One statement per vreg: numbering must not depend on argument evaluation order.
  if (shape.count == 1)
    return ValueRegs::one(tmp(shape.cls[0]));
  if (shape.count == 2) {
    VReg lo = tmp(shape.cls[0]);
    VReg hi = tmp(shape.cls[1]);
    return ValueRegs::two(lo, hi);
  }
  return ValueRegs{};
}

ValueRegs LowerState::tmps(ir::Type t) {
  ValueRegs r = makeRegs(shapeOf_(t));
  if (r.count == 0)
    failType(t);
  return r;
}

std::optional<uint64_t> LowerState::inputAsConst(ir::Value v) const {
  v = dfg().resolveAliases(v);
  auto inst = dfg().valueInst(v);
  if (!inst)
    return std::nullopt;
  const ir::InstData &d = dfg().inst(*inst);
  if (d.opcode == ir::Opcode::Iconst) {
    unsigned bits = dfg().valueType(v).bits();
    uint64_t x = static_cast<uint64_t>(d.imm64());
    return bits >= 64 ? x : x & ((uint64_t(1) << bits) - 1);
  }
  if (d.opcode == ir::Opcode::F16const || d.opcode == ir::Opcode::F32const ||
      d.opcode == ir::Opcode::F64const)
    return d.ieeeBits();
  return std::nullopt;
}

std::optional<int64_t> LowerState::inputAsSignedConst(ir::Value v) const {
  v = dfg().resolveAliases(v);
  auto inst = dfg().valueInst(v);
  if (!inst || dfg().opcode(*inst) != ir::Opcode::Iconst)
    return std::nullopt;
  unsigned bits = dfg().valueType(v).bits();
  uint64_t x = static_cast<uint64_t>(dfg().inst(*inst).imm64());
  if (bits < 64) {
    x &= (uint64_t(1) << bits) - 1;
    if (x >> (bits - 1))
      x |= ~uint64_t(0) << bits;
  }
  return static_cast<int64_t>(x);
}

std::optional<ir::Inst> LowerState::inputPureInst(ir::Value v) const {
  auto inst = dfg().valueInst(dfg().resolveAliases(v));
  if (inst && ir::opcodeInfo(dfg().opcode(*inst)).isPure())
    return inst;
  return std::nullopt;
}

std::optional<ir::Inst> LowerState::sinkableLoad(ir::Value v, unsigned bits) const {
  v = dfg().resolveAliases(v);
  auto inst = dfg().valueInst(v);
  if (!inst || sunk_[inst->index()])
    return std::nullopt;
  const ir::InstData &d = dfg().inst(*inst);
  if (d.format() != ir::Format::Load)
    return std::nullopt;
  if (useCount_[v.index()] != 1 || func_.layout.instBlock(*inst) != curIrBlock_)
    return std::nullopt;
  // Nothing with a side effect between the load and here: the load's color ends where
  // the current instruction's begins.
  if (entryColor_[inst->index()] + 1 != curColor_)
    return std::nullopt;
  if (bits != 0 && loadMemBits(d.opcode, dfg().valueType(v)) != bits)
    return std::nullopt;
  return inst;
}

void LowerState::sinkInst(ir::Inst inst) {
  assert(!sunk_[inst.index()]);
  sunk_[inst.index()] = 1;
  // Further folding into the current instruction must come from before the sunk one.
  curColor_ = entryColor_[inst.index()];
}

bool LowerState::isNeeded(ir::Inst inst) const {
  if (hasSideEffect(ir::opcodeInfo(dfg().opcode(inst))))
    return true;
  for (ir::Value r : dfg().results(inst))
    if (loweredUses_[r.index()] > 0)
      return true;
  return false;
}

void LowerState::setCurrent(uint32_t loweredBlock, ir::Inst inst) {
  currentBlock_ = loweredBlock;
  if (inst.isValid()) {
    curIrBlock_ = func_.layout.instBlock(inst);
    curColor_ = entryColor_[inst.index()];
  } else {
    curIrBlock_ = ir::Block();
    curColor_ = ~0u;
  }
}

std::vector<ValueRegs> LowerState::paramRegs(ir::Block b) {
  std::vector<ValueRegs> out;
  for (ir::Value p : dfg().blockParams(b)) {
    const ValueRegs &r = valueRegs_[p.index()];
    if (r.count == 0)
      failType(dfg().valueType(p));
    out.push_back(r);
  }
  return out;
}

ValueRegs LowerState::tryCallRetRegs(ir::Inst call, unsigned n) {
  std::vector<ValueRegs> &regs = tryCallRets_[call.index()];
  if (regs.empty()) {
    auto sig = dfg().callSignature(call);
    if (sig)
      for (const ir::AbiParam &p : dfg().signatures[*sig].returns)
        regs.push_back(tmps(p.type));
  }
  if (n >= regs.size()) {
    fail("try_call return value " + std::to_string(n) + " does not exist");
    return ValueRegs{};
  }
  return regs[n];
}

ValueRegs LowerState::tryCallExnRegs(ir::Inst call, unsigned n) {
  std::vector<ValueRegs> &regs = tryCallExns_[call.index()];
  while (regs.size() <= n)
    regs.push_back(tmps(func_.pointerType()));
  return regs[n];
}

ValueRegs LowerState::blockArgRegs(ir::Inst branch, ir::BlockArg arg) {
  switch (arg.kind()) {
  case ir::BlockArg::Kind::Value:
    return putInRegs(arg.asValue());
  case ir::BlockArg::Kind::TryCallRet:
    return tryCallRetRegs(branch, arg.index());
  case ir::BlockArg::Kind::TryCallExn:
    return tryCallExnRegs(branch, arg.index());
  }
  return ValueRegs{};
}

} // namespace irc::mach
