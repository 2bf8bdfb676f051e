// Verifier checks driven by the opcode table (Opcodes.def): the controlling type against
// its type set, each fixed result and operand against its type token, plus the rules
// the table cannot express: immediates (lane indices, shuffle masks, constant sizes,
// iconst ranges, stack_addr offsets), memory flags, address widths, bitcasts, and the
// type of global_value-like instructions.
//
// Runs only on instructions whose references checkInstReferences accepted.
#include "codegen/ir/VerifierContext.h"

namespace irc::ir::verifier {

namespace {

bool sameShape(Type a, Type b) { return a.lanes() == b.lanes() && a.isDynamic() == b.isDynamic(); }

/// Whether a free operand token accepts type t, given the controlling type.
bool freeTypeAccepts(TypeRule rule, Type ctrl, Type t) {
  switch (rule) {
  case TypeRule::FreeInt:
    return t.isInt();
  case TypeRule::FreeAddr:
    return t == types::I32 || t == types::I64;
  case TypeRule::FreeAny:
  case TypeRule::FreeSameBits: // sizes are checked by the bitcast rule, with its message
    return t.isValid();
  case TypeRule::FreeAnyInt:
    return t.laneIsInt();
  case TypeRule::FreeVector:
    return t.isVector();
  case TypeRule::FreeNarrower:
    return t.laneIsInt() && sameShape(t, ctrl) && t.laneBits() < ctrl.laneBits();
  case TypeRule::FreeWider:
    return t.laneIsInt() && sameShape(t, ctrl) && t.laneBits() > ctrl.laneBits();
  case TypeRule::FreeFNarrower:
    return t.laneIsFloat() && sameShape(t, ctrl) && t.laneBits() < ctrl.laneBits();
  case TypeRule::FreeFWider:
    return t.laneIsFloat() && sameShape(t, ctrl) && t.laneBits() > ctrl.laneBits();
  case TypeRule::FreeIntLanes:
    return t.laneIsInt() && sameShape(t, ctrl);
  case TypeRule::FreeFloatLanes:
    return t.laneIsFloat() && sameShape(t, ctrl);
  case TypeRule::Ctrl:
  case TypeRule::Lane:
  case TypeRule::Truthy:
  case TypeRule::AsInt:
  case TypeRule::HalfWidth:
  case TypeRule::DoubleWidth:
  case TypeRule::SplitLanes:
  case TypeRule::MergeLanes:
  case TypeRule::DynToVector:
  case TypeRule::Concrete:
    return true; // derived, not free
  }
  return true;
}

/// Words for the set a free operand token allows.
std::string freeTypeSetText(TypeRule rule, Type ctrl) {
  std::string shape = "the lane count of " + ctrl.name();
  switch (rule) {
  case TypeRule::FreeInt:
    return "integer scalars";
  case TypeRule::FreeAddr:
    return "i32 or i64";
  case TypeRule::FreeAny:
  case TypeRule::FreeSameBits:
    return "any type";
  case TypeRule::FreeAnyInt:
    return "integers and integer vectors";
  case TypeRule::FreeVector:
    return "vectors";
  case TypeRule::FreeNarrower:
    return "integers with lanes narrower than " + ctrl.laneType().name() + " and " + shape;
  case TypeRule::FreeWider:
    return "integers with lanes wider than " + ctrl.laneType().name() + " and " + shape;
  case TypeRule::FreeFNarrower:
    return "floats with lanes narrower than " + ctrl.laneType().name() + " and " + shape;
  case TypeRule::FreeFWider:
    return "floats with lanes wider than " + ctrl.laneType().name() + " and " + shape;
  case TypeRule::FreeIntLanes:
    return "integers with " + shape;
  case TypeRule::FreeFloatLanes:
    return "floats with " + shape;
  case TypeRule::Ctrl:
  case TypeRule::Lane:
  case TypeRule::Truthy:
  case TypeRule::AsInt:
  case TypeRule::HalfWidth:
  case TypeRule::DoubleWidth:
  case TypeRule::SplitLanes:
  case TypeRule::MergeLanes:
  case TypeRule::DynToVector:
  case TypeRule::Concrete:
    break;
  }
  return "?";
}

void checkBitcast(VerifierContext &ctx, Inst inst) {
  const DataFlowGraph &dfg = ctx.dfg;
  if (!dfg.hasResults(inst))
    return; // reported as a result count
  Value arg = dfg.inst(inst).arg(0);
  Type to = dfg.valueType(dfg.firstResult(inst));
  Type from = dfg.valueType(arg);
  const MemFlags &flags = dfg.memFlags(inst);
  if (to.bits() != from.bits())
    ctx.report(inst, "The bitcast argument " + ctx.func.name(arg) + " has a type of " +
                         std::to_string(from.bits()) +
                         " bits, which doesn't match an expected type of " +
                         std::to_string(to.bits()) + " bits");
  else if (flags.hasNonEndianFlags())
    ctx.report(inst, "The bitcast instruction only accepts the `big` or `little` memory flags");
  else if (flags.endianness() == Endianness::Native && to.lanes() != from.lanes())
    ctx.report(inst, "Byte order specifier required for bitcast instruction changing lane count");
}

/// Memory access rules: alias regions are declared, stores are not `readonly`, and
/// address operands have the target's pointer width.
void checkMemoryAccess(VerifierContext &ctx, Inst inst) {
  const DataFlowGraph &dfg = ctx.dfg;
  const OpcodeInfo &info = dfg.inst(inst).info();
  const MemFlags &flags = dfg.memFlags(inst);
  AliasRegion region = flags.region();
  if (region.isValid() && !ctx.isDeclaredRegion(region))
    ctx.report(inst, "undefined alias region " + ctx.func.name(region));
  if (info.canStore() && flags.readonly())
    ctx.report(inst, "A store instruction cannot have the `readonly` MemFlag");
  if (ctx.options.pointerBits == 0)
    return; // no target: any address width may be right
  ValueRange args = dfg.fixedArgs(inst);
  for (uint32_t k = 0; k < args.size() && k < info.numOperands; ++k) {
    if (info.operands[k].rule != TypeRule::FreeAddr)
      continue;
    unsigned bits = dfg.valueType(args[k]).bits();
    if (bits != ctx.options.pointerBits)
      ctx.report(inst, "invalid pointer width (got " + std::to_string(bits) + ", expected " +
                           std::to_string(ctx.options.pointerBits) + ") encountered " +
                           ctx.func.name(args[k]));
  }
}

void checkLaneIndex(VerifierContext &ctx, Inst inst) {
  const InstData &d = ctx.dfg.inst(inst);
  Type vector = ctx.dfg.valueType(d.arg(0));
  if (d.imm8() >= vector.lanes())
    ctx.report(inst, "The lane " + std::to_string(d.imm8()) + " does not index into the type " +
                         vector.name());
}

void checkShuffleMask(VerifierContext &ctx, Inst inst) {
  const std::vector<uint8_t> &mask = ctx.dfg.immediates[ctx.dfg.inst(inst).shuffleMask()];
  if (mask.size() != 16) {
    ctx.report(inst,
               "the shuffle immediate is " + std::to_string(mask.size()) + " bytes long, not 16");
    return;
  }
  for (uint8_t lane : mask)
    if (lane >= 32) {
      ctx.report(inst, "shuffle immediate index " + std::to_string(lane) +
                           " is larger than the maximum 31");
      return;
    }
}

void checkConstantSize(VerifierContext &ctx, Inst inst) {
  const DataFlowGraph &dfg = ctx.dfg;
  const InstData &d = dfg.inst(inst);
  Type type = d.opcode == Opcode::F128const ? types::F128 : dfg.ctrlType(inst);
  if (!type.isValid())
    return; // reported as a result count
  size_t have = dfg.constants[d.constant()].size();
  if (have != type.bytes())
    ctx.report(inst, "The instruction expects " + ctx.func.name(d.constant()) +
                         " to have a size of " + std::to_string(type.bytes()) +
                         " bytes but it has " + std::to_string(have));
}

/// iconst immediates must fit the type, read as unsigned or as signed.
void checkIconstRange(VerifierContext &ctx, Inst inst) {
  unsigned bits = ctx.dfg.ctrlType(inst).bits();
  if (bits == 0 || bits >= 64)
    return;
  int64_t v = ctx.dfg.inst(inst).imm64();
  uint64_t u = static_cast<uint64_t>(v);
  bool fitsUnsigned = (u >> bits) == 0;
  bool fitsSigned = v >= -(int64_t(1) << (bits - 1)) && v < (int64_t(1) << (bits - 1));
  if (!fitsUnsigned && !fitsSigned)
    ctx.report(inst, "constant immediate is out of bounds");
}

void checkStackOffset(VerifierContext &ctx, Inst inst) {
  const InstData &d = ctx.dfg.inst(inst);
  const StackSlotData &slot = ctx.func.stackSlots[d.stackSlot()];
  int64_t offset = d.stackOffset();
  if (offset < 0 || offset > int64_t(slot.size))
    ctx.report(inst, "offset " + std::to_string(offset) + " is outside " +
                         ctx.func.name(d.stackSlot()) + " of size " + std::to_string(slot.size));
}

void checkGlobalValueType(VerifierContext &ctx, Inst inst) {
  const DataFlowGraph &dfg = ctx.dfg;
  if (!dfg.hasResults(inst))
    return;
  GlobalValue gv = dfg.inst(inst).globalValue();
  Type instType = dfg.valueType(dfg.firstResult(inst));
  Type gvType = ctx.globalValueType(gv);
  if (gvType.isValid() && instType != gvType)
    ctx.report(inst, "global_value instruction with type " + instType.name() +
                         " references global value with type " + gvType.name());
}

} // namespace

void checkInstTypes(VerifierContext &ctx, Inst inst) {
  const DataFlowGraph &dfg = ctx.dfg;
  const Function &func = ctx.func;
  const InstData &d = dfg.inst(inst);
  const OpcodeInfo &info = d.info();
  ValueRange results = dfg.results(inst);

  // Calls take their results from a signature (checkCall); everything else from the table.
  if (!info.isCall() && results.size() != info.numResults) {
    ctx.report(inst, "expected " + std::to_string(info.numResults) + " result values, found " +
                         std::to_string(results.size()));
    if (info.typeVar == TypeVar::Result && results.empty())
      return; // no controlling type to check against
  }

  Type ctrl = types::Invalid;
  if (info.isPolymorphic()) {
    ctrl = dfg.ctrlType(inst);
    if (!typeSetContains(info.ctrlSet, ctrl)) {
      ctx.report(inst, "has an invalid controlling type " + ctrl.name() + " (allowed set is " +
                           std::string(typeSetName(info.ctrlSet)) + ")");
      if (!ctrl.isValid())
        return;
    }
  }

  if (!info.isCall()) {
    for (uint32_t k = 0; k < results.size() && k < info.numResults; ++k) {
      Type expected = deriveType(info.results[k], ctrl);
      Type got = dfg.valueType(results[k]);
      if (expected.isValid() && got != expected)
        ctx.report(inst, "expected result " + std::to_string(k) + " (" + func.name(results[k]) +
                             ") to have type " + expected.name() + ", found " + got.name());
    }
  }

  ValueRange args = dfg.fixedArgs(inst);
  for (uint32_t k = 0; k < args.size() && k < info.numOperands; ++k) {
    const TypeSpec &spec = info.operands[k];
    Type got = dfg.valueType(args[k]);
    auto which = [&] { return "arg " + std::to_string(k) + " (" + func.name(args[k]) + ")"; };
    if (!spec.isFree()) {
      Type expected = deriveType(spec, ctrl);
      if (expected.isValid() && got != expected)
        ctx.report(inst, which() + " has type " + got.name() + ", expected " + expected.name());
    } else if (!freeTypeAccepts(spec.rule, ctrl, got)) {
      ctx.report(inst, which() + " with type " + got.name() +
                           " failed to satisfy type set: " + freeTypeSetText(spec.rule, ctrl));
    }
  }
}

void checkInstImmediates(VerifierContext &ctx, Inst inst) {
  const InstData &d = ctx.dfg.inst(inst);
  switch (d.format()) {
  case Format::Load:
  case Format::Store:
  case Format::StoreNoOffset:
  case Format::AtomicRmw:
  case Format::AtomicCas:
    checkMemoryAccess(ctx, inst);
    return;
  case Format::LoadNoOffset:
    if (d.opcode == Opcode::Bitcast)
      checkBitcast(ctx, inst);
    else
      checkMemoryAccess(ctx, inst);
    return;
  case Format::UnaryConst:
    checkConstantSize(ctx, inst);
    return;
  case Format::BinaryImm8:
    if (d.opcode == Opcode::Extractlane)
      checkLaneIndex(ctx, inst);
    return;
  case Format::TernaryImm8:
    if (d.opcode == Opcode::Insertlane)
      checkLaneIndex(ctx, inst);
    return;
  case Format::Shuffle:
    checkShuffleMask(ctx, inst);
    return;
  case Format::UnaryImm:
    if (d.opcode == Opcode::Iconst)
      checkIconstRange(ctx, inst);
    return;
  case Format::StackLoad:
    checkStackOffset(ctx, inst);
    return;
  case Format::UnaryGlobalValue:
    checkGlobalValueType(ctx, inst);
    return;
  case Format::NullAry:
  case Format::Unary:
  case Format::UnaryIeee16:
  case Format::UnaryIeee32:
  case Format::UnaryIeee64:
  case Format::Binary:
  case Format::Ternary:
  case Format::IntCompare:
  case Format::FloatCompare:
  case Format::Jump:
  case Format::Brif:
  case Format::BranchTable:
  case Format::Call:
  case Format::CallIndirect:
  case Format::FuncAddr:
  case Format::TryCall:
  case Format::TryCallIndirect:
  case Format::MultiAry:
  case Format::DynamicStackLoad:
  case Format::DynamicStackStore:
  case Format::Trap:
  case Format::CondTrap:
  case Format::IntAddTrap:
  case Format::ExceptionHandlerAddress:
    return;
  }
}

} // namespace irc::ir::verifier
