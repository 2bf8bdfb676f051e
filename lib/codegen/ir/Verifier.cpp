// The verifier's driver and its structural checks: the layout (terminators, empty
// blocks), entity references, and SSA (every use is of a defined value whose
// definition dominates it). Per-topic checks live in VerifyDecls.cpp (preamble and
// signature), VerifyTypes.cpp (opcode type rules, immediates, memory flags) and
// VerifyCalls.cpp (branch arguments, calls, returns, try_call).
//
// The whole verifier is linear in the function: one walk over the layout, with O(1)
// dominance queries on a dominator tree computed once.
#include "codegen/ir/Verifier.h"

#include "codegen/ir/Printer.h"
#include "codegen/ir/VerifierContext.h"

namespace irc::ir {

namespace verifier {

VerifierContext::VerifierContext(const Function &f, const VerifierOptions &o)
    : func(f), dfg(f.dfg), layout(f.layout), options(o), cfg(f), domtree(f, cfg) {}

Type VerifierContext::globalValueType(GlobalValue gv) const {
  const GlobalValueData &data = func.globalValues[gv];
  switch (data.kind) {
  case GlobalValueData::Kind::VMContext:
  case GlobalValueData::Kind::Symbol:
  case GlobalValueData::Kind::DynScaleTargetConst:
    return pointerType();
  case GlobalValueData::Kind::Load:
  case GlobalValueData::Kind::IAddImm:
    return data.type;
  }
  return types::Invalid;
}

void VerifierContext::add(SourceLoc loc, std::string location, std::string message) {
  errors.push_back(VerifierError{loc, std::move(location), std::move(message)});
}

void VerifierContext::report(Inst inst, std::string message) {
  add(func.positions.insts[inst],
      "inst" + std::to_string(inst.index()) + " (" + instText(inst) + ")", std::move(message));
}

void VerifierContext::report(Block block, std::string message) {
  add(func.positions.blocks[block], func.name(block), std::move(message));
}

void VerifierContext::report(GlobalValue gv, std::string message) {
  add(func.positions.globalValues[gv], func.name(gv), std::move(message));
}

void VerifierContext::report(FuncRef fn, std::string message) {
  add(func.positions.extFuncs[fn], func.name(fn), std::move(message));
}

void VerifierContext::report(SigRef sig, std::string message) {
  SourceLoc loc = func.positions.signatures[sig];
  if (!loc.known()) {
    // A signature written inline in `fnN = %name(...)` has no line of its own.
    for (FuncRef fn : dfg.extFuncs.keys())
      if (dfg.extFuncs[fn].signature == sig && func.positions.extFuncs[fn].known()) {
        add(func.positions.extFuncs[fn], func.name(fn), std::move(message));
        return;
      }
  }
  add(loc.known() ? loc : func.positions.function, func.name(sig), std::move(message));
}

void VerifierContext::report(AliasRegion region, std::string message) {
  add(func.positions.aliasRegions[region], func.name(region), std::move(message));
}

void VerifierContext::reportFunction(std::string message) {
  add(func.positions.function, "function " + func.externalName.text(), std::move(message));
}

std::string VerifierContext::instText(Inst inst) const { return printInst(func, inst); }

std::string VerifierContext::blockArgText(BlockArg arg) const {
  switch (arg.kind()) {
  case BlockArg::Kind::Value:
    return func.name(arg.asValue());
  case BlockArg::Kind::TryCallRet:
    return "ret" + std::to_string(arg.index());
  case BlockArg::Kind::TryCallExn:
    return "exn" + std::to_string(arg.index());
  }
  return "?";
}

namespace {

/// Where a use sits: the instruction, its block, and whether the entry reaches it.
struct UseSite {
  Inst inst;
  Block block;
  bool reachable;
  UseSite(const VerifierContext &ctx, Inst i)
      : inst(i), block(ctx.layout.instBlock(i)), reachable(ctx.domtree.isReachable(block)) {}
};

/// Checks one used value: it exists, resolves to a definition that is attached and in
/// the layout, and (in reachable code) that definition dominates the use. Returns false
/// only if the value does not exist, so its type cannot be read.
bool checkUse(VerifierContext &ctx, const UseSite &site, Value v) {
  const DataFlowGraph &dfg = ctx.dfg;
  const Function &func = ctx.func;
  const Inst use = site.inst;
  if (!dfg.isValidValue(v)) {
    ctx.report(use, "invalid value reference " + func.name(v));
    return false;
  }
  Value original = dfg.resolveAliases(v);
  const ValueData &def = dfg.valueData(original);
  const bool reachable = site.reachable;
  switch (def.kind) {
  case ValueKind::Alias:
    ctx.report(use, "value " + func.name(v) + " is an alias that never reaches a definition");
    return true;
  case ValueKind::Result: {
    Inst defInst(def.owner);
    if (!dfg.isValidInst(defInst)) {
      ctx.report(use, func.name(v) + " is defined by invalid instruction inst" +
                          std::to_string(defInst.index()));
      return true;
    }
    ValueRange results = dfg.results(defInst);
    if (def.num >= results.size() || results[def.num] != original) {
      ctx.report(use, "argument " + func.name(v) + " -> " + func.name(original) +
                          " is not attached to its instruction");
      return true;
    }
    if (!ctx.layout.isInstInserted(defInst)) {
      ctx.report(use, func.name(v) + " is defined by inst" + std::to_string(defInst.index()) +
                          " which is not in the layout");
      return true;
    }
    if (!reachable)
      return true; // unreachable code may use anything defined somewhere
    if (defInst == use)
      ctx.report(use, "uses value " + func.name(v) + " from itself");
    else if (!ctx.domtree.dominates(defInst, use, ctx.layout))
      ctx.report(use, "uses value " + func.name(v) + " from non-dominating inst" +
                          std::to_string(defInst.index()));
    return true;
  }
  case ValueKind::Param: {
    Block defBlock(def.owner);
    if (!dfg.isValidBlock(defBlock)) {
      ctx.report(use, func.name(v) + " is defined by invalid block " + func.name(defBlock));
      return true;
    }
    ValueRange params = dfg.blockParams(defBlock);
    if (def.num >= params.size() || params[def.num] != original) {
      ctx.report(use, "argument " + func.name(v) + " -> " + func.name(original) +
                          " is not attached to its block");
      return true;
    }
    if (!ctx.layout.isBlockInserted(defBlock)) {
      ctx.report(use, func.name(v) + " is defined by " + func.name(defBlock) +
                          " which is not in the layout");
      return true;
    }
    if (reachable && !ctx.domtree.dominates(defBlock, site.block))
      ctx.report(use, "uses value arg from non-dominating " + func.name(defBlock) + " (parameter " +
                          func.name(v) + ")");
    return true;
  }
  }
  return true;
}

/// A branch target must be a block in the layout other than the entry block.
bool checkBlockRef(VerifierContext &ctx, Inst inst, Block target) {
  if (!ctx.dfg.isValidBlock(target) || !ctx.layout.isBlockInserted(target)) {
    ctx.report(inst, "invalid block reference " + ctx.func.name(target));
    return false;
  }
  if (target == ctx.layout.firstBlock()) {
    ctx.report(inst, "invalid reference to entry block " + ctx.func.name(target));
    return false;
  }
  return true;
}

bool checkBlockCall(VerifierContext &ctx, const UseSite &site, BlockCall bc) {
  const Inst inst = site.inst;
  if (!ctx.dfg.isValidBlockCall(bc)) {
    ctx.report(inst, "invalid block call");
    return false;
  }
  bool ok = checkBlockRef(ctx, inst, ctx.dfg.blockCallTarget(bc));
  for (BlockArg arg : ctx.dfg.blockCallArgs(bc))
    if (arg.kind() == BlockArg::Kind::Value)
      ok &= checkUse(ctx, site, arg.asValue());
  return ok;
}

/// The tables and callees the instruction names exist. False if one does not.
bool checkFormatReferences(VerifierContext &ctx, const UseSite &site) {
  const Inst inst = site.inst;
  const DataFlowGraph &dfg = ctx.dfg;
  const Function &func = ctx.func;
  const InstData &d = dfg.inst(inst);
  auto funcRefOk = [&](FuncRef fn) {
    if (!dfg.extFuncs.contains(fn)) {
      ctx.report(inst, "invalid function reference " + func.name(fn));
      return false;
    }
    return dfg.signatures.contains(dfg.extFuncs[fn].signature); // reported on the fn line
  };
  auto sigRefOk = [&](SigRef sig) {
    if (!dfg.signatures.contains(sig)) {
      ctx.report(inst, "invalid signature reference " + func.name(sig));
      return false;
    }
    return true;
  };
  auto exceptionTableOk = [&](ExceptionTable et) {
    if (!dfg.exceptionTables.contains(et)) {
      ctx.report(inst, "invalid exception table reference");
      return false;
    }
    const ExceptionTableData &data = dfg.exceptionTables[et];
    bool ok = sigRefOk(data.signature);
    ok &= checkBlockCall(ctx, site, data.normalReturn);
    for (const ExceptionTableItem &item : data.items) {
      if (item.kind == ExceptionTableItem::Kind::Context)
        ok &= checkUse(ctx, site, item.context);
      else
        ok &= checkBlockCall(ctx, site, item.handler);
    }
    return ok;
  };

  switch (d.format()) {
  case Format::Jump:
    return checkBlockCall(ctx, site, d.jumpDest());
  case Format::Brif: {
    bool ok = checkBlockCall(ctx, site, d.brifThen());
    return checkBlockCall(ctx, site, d.brifElse()) && ok;
  }
  case Format::BranchTable: {
    if (!dfg.jumpTables.contains(d.jumpTable())) {
      ctx.report(inst, "invalid jump table reference");
      return false;
    }
    const JumpTableData &jt = dfg.jumpTables[d.jumpTable()];
    if (jt.entries.empty()) {
      ctx.report(inst, "jump table has no default block");
      return false;
    }
    bool ok = true;
    for (BlockCall bc : jt.entries)
      ok &= checkBlockCall(ctx, site, bc);
    return ok;
  }
  case Format::Call:
  case Format::FuncAddr:
    return funcRefOk(d.funcRef());
  case Format::CallIndirect:
    return sigRefOk(d.sigRef());
  case Format::TryCall: {
    bool ok = funcRefOk(d.funcRef());
    return exceptionTableOk(d.exceptionTable()) && ok;
  }
  case Format::TryCallIndirect:
    return exceptionTableOk(d.exceptionTable());
  case Format::UnaryGlobalValue:
    if (!func.globalValues.contains(d.globalValue())) {
      ctx.report(inst, "invalid global value " + func.name(d.globalValue()));
      return false;
    }
    return true;
  case Format::UnaryConst:
    if (!dfg.constants.contains(d.constant())) {
      ctx.report(inst, "invalid constant reference " + func.name(d.constant()));
      return false;
    }
    return true;
  case Format::Shuffle:
    if (!dfg.immediates.contains(d.shuffleMask())) {
      ctx.report(inst, "invalid shuffle mask reference");
      return false;
    }
    return true;
  case Format::StackLoad:
    if (!func.stackSlots.contains(d.stackSlot())) {
      ctx.report(inst, "invalid stack slot " + func.name(d.stackSlot()));
      return false;
    }
    return true;
  case Format::DynamicStackLoad:
  case Format::DynamicStackStore:
    if (!func.dynamicStackSlots.contains(d.dynamicStackSlot())) {
      ctx.report(inst, "invalid dynamic stack slot " + func.name(d.dynamicStackSlot()));
      return false;
    }
    return true;
  case Format::ExceptionHandlerAddress: // the block is checked with the instruction's rules
  case Format::NullAry:
  case Format::Unary:
  case Format::UnaryImm:
  case Format::UnaryIeee16:
  case Format::UnaryIeee32:
  case Format::UnaryIeee64:
  case Format::Binary:
  case Format::BinaryImm8:
  case Format::Ternary:
  case Format::TernaryImm8:
  case Format::IntCompare:
  case Format::FloatCompare:
  case Format::MultiAry:
  case Format::Load:
  case Format::LoadNoOffset:
  case Format::Store:
  case Format::StoreNoOffset:
  case Format::AtomicRmw:
  case Format::AtomicCas:
  case Format::Trap:
  case Format::CondTrap:
  case Format::IntAddTrap:
    return true;
  }
  return true;
}

} // namespace

bool checkInstReferences(VerifierContext &ctx, Inst inst) {
  const DataFlowGraph &dfg = ctx.dfg;
  const Function &func = ctx.func;
  const InstData &d = dfg.inst(inst);
  const FormatInfo &format = formatInfo(d.format());

  if (format.varArgs) {
    if (!dfg.isValidValueList(d.valueList())) {
      ctx.report(inst, "invalid value list reference");
      return false;
    }
    uint32_t count = dfg.listRange(d.valueList()).size();
    if (count < format.fixedValues) {
      ctx.report(inst, "expected at least " + std::to_string(format.fixedValues) +
                           " operands, found " + std::to_string(count));
      return false;
    }
  }

  bool ok = true;
  ValueRange results = dfg.results(inst);
  for (uint32_t k = 0; k < results.size(); ++k) {
    Value r = results[k];
    if (!dfg.isValidValue(r)) {
      ctx.report(inst, "invalid result value " + func.name(r));
      ok = false;
      continue;
    }
    const ValueData &data = dfg.valueData(r);
    if (data.kind != ValueKind::Result || data.owner != inst.index() || data.num != k)
      ctx.report(inst, "instruction result " + func.name(r) + " is not defined by the instruction");
  }

  const UseSite site(ctx, inst);
  for (Value v : dfg.instArgs(inst))
    ok &= checkUse(ctx, site, v);
  ok &= checkFormatReferences(ctx, site);
  return ok;
}

namespace {

void checkBlockParams(VerifierContext &ctx, Block block) {
  ValueRange params = ctx.dfg.blockParams(block);
  for (uint32_t k = 0; k < params.size(); ++k) {
    Value p = params[k];
    if (!ctx.dfg.isValidValue(p)) {
      ctx.report(block, "invalid block parameter " + ctx.func.name(p));
      continue;
    }
    const ValueData &data = ctx.dfg.valueData(p);
    if (data.kind != ValueKind::Param || data.owner != block.index() || data.num != k)
      ctx.report(block,
                 "parameter " + ctx.func.name(p) + " does not belong to " + ctx.func.name(block));
  }
}

void checkDebugTags(VerifierContext &ctx) {
  for (const auto &[index, tags] : ctx.func.debugTags) {
    Inst inst(index);
    if (!ctx.dfg.isValidInst(inst) || !ctx.layout.isInstInserted(inst)) {
      ctx.reportFunction("debug tags on inst" + std::to_string(index) +
                         ", which is not in the layout");
      continue;
    }
    Opcode op = ctx.dfg.opcode(inst);
    if (!opcodeInfo(op).isCall() && op != Opcode::SequencePoint)
      ctx.report(inst, "debug tags present on non-call, non-sequence point instruction");
    for (const DebugTag &tag : tags)
      if (tag.kind == DebugTag::Kind::StackSlot &&
          !ctx.func.stackSlots.contains(StackSlot(tag.value)))
        ctx.report(inst,
                   "debug tag names invalid stack slot " + ctx.func.name(StackSlot(tag.value)));
  }
}

/// User stack maps describe what a call leaves in stack slots: calls only, and each
/// entry inside an existing slot.
void checkUserStackMaps(VerifierContext &ctx) {
  const Function &func = ctx.func;
  for (const auto &[index, entries] : func.userStackMaps) {
    Inst inst(index);
    if (!ctx.dfg.isValidInst(inst) || !ctx.layout.isInstInserted(inst)) {
      ctx.reportFunction("user stack map on inst" + std::to_string(index) +
                         ", which is not in the layout");
      continue;
    }
    if (!opcodeInfo(ctx.dfg.opcode(inst)).isCall())
      ctx.report(inst, "user stack map present on a non-call instruction");
    for (const UserStackMapEntry &entry : entries) {
      if (!func.stackSlots.contains(entry.slot)) {
        ctx.report(inst, "user stack map names invalid stack slot " + func.name(entry.slot));
        continue;
      }
      uint64_t end = uint64_t(entry.offset) + entry.type.bytes();
      if (end > func.stackSlots[entry.slot].size)
        ctx.report(inst, "user stack map entry " + entry.type.name() + " @ " +
                             func.name(entry.slot) + "+" + std::to_string(entry.offset) +
                             " does not fit in the slot of size " +
                             std::to_string(func.stackSlots[entry.slot].size));
    }
  }
}

void checkInst(VerifierContext &ctx, Inst inst) {
  if (!checkInstReferences(ctx, inst))
    return;
  checkInstTypes(ctx, inst);
  checkInstImmediates(ctx, inst);
  checkBranchArgs(ctx, inst);
  checkCall(ctx, inst);
  checkReturn(ctx, inst);
  checkExceptionHandlerAddress(ctx, inst);
}

void checkLayout(VerifierContext &ctx) {
  const DataFlowGraph &dfg = ctx.dfg;
  const Layout &layout = ctx.layout;
  const Function &func = ctx.func;
  for (Block block : layout.blocks()) {
    if (!dfg.isValidBlock(block)) {
      ctx.reportFunction("the layout holds invalid block " + func.name(block));
      continue;
    }
    checkBlockParams(ctx, block);
    Inst last = layout.lastInst(block);
    if (!last.isValid()) {
      ctx.report(block, func.name(block) + " cannot be empty");
      continue;
    }
    for (Inst inst : layout.insts(block)) {
      if (!dfg.isValidInst(inst)) {
        ctx.report(block,
                   "the layout holds invalid instruction inst" + std::to_string(inst.index()));
        continue;
      }
      if (layout.instBlock(inst) != block)
        ctx.report(inst, "should belong to " + func.name(block) + " not " +
                             func.name(layout.instBlock(inst)));
      const bool terminator = dfg.inst(inst).info().isTerminator();
      if (terminator && inst != last)
        ctx.report(inst, "a terminator instruction was encountered before the end of " +
                             func.name(block));
      if (inst == last && !terminator)
        ctx.report(block, "block does not end in a terminator instruction");
      checkInst(ctx, inst);
    }
  }
}

} // namespace

} // namespace verifier

std::vector<VerifierError> verifyFunction(const Function &func, const VerifierOptions &options) {
  verifier::VerifierContext ctx(func, options);
  verifier::checkDeclarations(ctx);
  verifier::checkLayout(ctx);
  verifier::checkDebugTags(ctx);
  verifier::checkUserStackMaps(ctx);
  return std::move(ctx.errors);
}

} // namespace irc::ir
