// Verifier checks of control transfers: branch arguments against the target block's
// parameters (including try_call's retN / exnN), calls against their signatures,
// returns and tail calls against the function's signature, try_call's exception
// table, patchable callees, and get_exception_handler_address.
//
// Runs only on instructions whose references checkInstReferences accepted.
#include "codegen/ir/VerifierContext.h"

namespace irc::ir::verifier {

namespace {

/// Which edge of a branch a block call is: try_call's normal return may pass retN,
/// its handlers exnN; other edges pass values only.
enum class EdgeKind { Plain, NormalReturn, Handler };

/// Exception payloads a callee's convention delivers to a handler: two pointer-sized
/// values for conventions with exception support, none otherwise.
uint32_t exceptionPayloadCount(CallConv cc) { return callConvSupportsExceptions(cc) ? 2 : 0; }

/// The signature of the callee of a try_call / try_call_indirect (its exception table's).
const Signature *tryCallSignature(const VerifierContext &ctx, Inst inst) {
  const InstData &d = ctx.dfg.inst(inst);
  if (d.format() != Format::TryCall && d.format() != Format::TryCallIndirect)
    return nullptr;
  return &ctx.dfg.signatures[ctx.dfg.exceptionTables[d.exceptionTable()].signature];
}

/// The type a block argument carries, or nothing if it is malformed (reported here).
std::optional<Type> blockArgType(VerifierContext &ctx, Inst inst, BlockArg arg, EdgeKind edge) {
  switch (arg.kind()) {
  case BlockArg::Kind::Value:
    return ctx.dfg.valueType(arg.asValue());
  case BlockArg::Kind::TryCallRet: {
    const Signature *sig = tryCallSignature(ctx, inst);
    if (!sig) {
      ctx.report(inst, "`retN` block argument in block-call not on `try_call` instruction");
      return std::nullopt;
    }
    if (edge != EdgeKind::NormalReturn) {
      ctx.report(inst, "`retN` block argument used outside normal-return target of `try_call`");
      return std::nullopt;
    }
    if (arg.index() >= sig->returns.size()) {
      ctx.report(inst, "out-of-bounds `retN` block argument");
      return std::nullopt;
    }
    return sig->returns[arg.index()].type;
  }
  case BlockArg::Kind::TryCallExn: {
    const Signature *sig = tryCallSignature(ctx, inst);
    if (!sig) {
      ctx.report(inst, "`exnN` block argument in block-call not on `try_call` instruction");
      return std::nullopt;
    }
    if (edge != EdgeKind::Handler) {
      // The wording is the established one; it means "used outside a handler target".
      ctx.report(inst, "`exnN` block argument used outside normal-return target of `try_call`");
      return std::nullopt;
    }
    if (arg.index() >= exceptionPayloadCount(sig->callConv)) {
      ctx.report(inst, "out-of-bounds `exnN` block argument");
      return std::nullopt;
    }
    if (!ctx.pointerType().isValid())
      return std::nullopt; // pointer-sized, but no target says how wide
    return ctx.pointerType();
  }
  }
  return std::nullopt;
}

void checkEdge(VerifierContext &ctx, Inst inst, BlockCall bc, EdgeKind edge) {
  const DataFlowGraph &dfg = ctx.dfg;
  ValueRange params = dfg.blockParams(dfg.blockCallTarget(bc));
  BlockArgRange args = dfg.blockCallArgs(bc);
  if (args.size() != params.size()) {
    ctx.report(inst, "mismatched argument count for `" + ctx.instText(inst) + "`: got " +
                         std::to_string(args.size()) + ", expected " +
                         std::to_string(params.size()));
    return;
  }
  for (uint32_t k = 0; k < args.size(); ++k) {
    std::optional<Type> got = blockArgType(ctx, inst, args[k], edge);
    if (!got || !dfg.isValidValue(params[k]))
      continue;
    Type expected = dfg.valueType(params[k]);
    if (*got != expected)
      ctx.report(inst, "arg " + ctx.blockArgText(args[k]) + " has type " + got->name() +
                           ", expected " + expected.name());
  }
}

/// Variable arguments against the callee's parameters.
void checkCallArgs(VerifierContext &ctx, Inst inst, const Signature &sig) {
  const DataFlowGraph &dfg = ctx.dfg;
  ValueRange args = dfg.varArgs(inst);
  size_t common = std::min<size_t>(args.size(), sig.params.size());
  for (uint32_t k = 0; k < common; ++k) {
    Type got = dfg.valueType(args[k]);
    if (got != sig.params[k].type)
      ctx.report(inst, "arg " + std::to_string(k) + " (" + ctx.func.name(args[k]) + ") has type " +
                           got.name() + ", expected " + sig.params[k].type.name());
  }
  if (args.size() != sig.params.size())
    ctx.report(inst, "mismatched argument count for `" + ctx.instText(inst) + "`: got " +
                         std::to_string(args.size()) + ", expected " +
                         std::to_string(sig.params.size()));
}

/// Results of a call that returns to its caller: one per signature return, same types.
void checkCallResults(VerifierContext &ctx, Inst inst, const Signature &sig) {
  const DataFlowGraph &dfg = ctx.dfg;
  ValueRange results = dfg.results(inst);
  if (results.size() != sig.returns.size()) {
    ctx.report(inst, "expected " + std::to_string(sig.returns.size()) + " result values, found " +
                         std::to_string(results.size()));
    return;
  }
  for (uint32_t k = 0; k < results.size(); ++k) {
    Type got = dfg.valueType(results[k]);
    if (got != sig.returns[k].type)
      ctx.report(inst, "expected result " + std::to_string(k) + " (" + ctx.func.name(results[k]) +
                           ") to have type " + sig.returns[k].type.name() + ", found " +
                           got.name());
  }
}

/// Types leaving the function (return operands, a tail callee's results) against the
/// function's signature.
void checkReturnTypes(VerifierContext &ctx, Inst inst, const std::vector<Type> &types,
                      const char *countMessage) {
  const std::vector<AbiParam> &expected = ctx.func.signature.returns;
  if (types.size() != expected.size()) {
    ctx.report(inst, countMessage);
    return;
  }
  for (size_t k = 0; k < types.size(); ++k)
    if (types[k] != expected[k].type)
      ctx.report(inst, "result " + std::to_string(k) + " has type " + types[k].name() +
                           ", must match function signature of " + expected[k].type.name());
}

void checkTailCall(VerifierContext &ctx, Inst inst, const Signature &sig) {
  CallConv cc = sig.callConv;
  if (!callConvSupportsTailCalls(cc))
    ctx.report(inst, "calling convention `" + std::string(callConvName(cc)) +
                         "` does not support tail calls");
  if (cc != ctx.func.signature.callConv)
    ctx.report(inst, "callee's calling convention must match caller");
  std::vector<Type> types;
  for (const AbiParam &p : sig.returns)
    types.push_back(p.type);
  checkReturnTypes(ctx, inst, types, "results of callee must match caller");
}

/// A patchable callee is colocated, returns nothing, and is never tail-called.
void checkPatchableCallee(VerifierContext &ctx, Inst inst, FuncRef fn) {
  const ExtFuncData &callee = ctx.dfg.extFuncs[fn];
  if (!callee.patchable)
    return;
  if (!callee.colocated)
    ctx.report(inst, "patchable call to non-colocated function");
  if (!ctx.dfg.signatures[callee.signature].returns.empty())
    ctx.report(inst, "patchable call cannot occur to a function with return values");
  if (ctx.dfg.opcode(inst) == Opcode::ReturnCall)
    ctx.report(inst, "patchable function " + ctx.func.name(fn) +
                         " cannot be the target of a return_call");
}

/// try_call: the exception table's signature is the callee's, and the callee's
/// convention can deliver exceptions.
void checkTryCall(VerifierContext &ctx, Inst inst) {
  const DataFlowGraph &dfg = ctx.dfg;
  const InstData &d = dfg.inst(inst);
  SigRef tableSig = dfg.exceptionTables[d.exceptionTable()].signature;
  if (d.format() == Format::TryCall) {
    SigRef calleeSig = dfg.extFuncs[d.funcRef()].signature;
    // Equal by value: any equivalent signature is acceptable.
    if (!(dfg.signatures[tableSig] == dfg.signatures[calleeSig]))
      ctx.report(inst, "exception table signature " + ctx.func.name(tableSig) +
                           " did not match function " + ctx.func.name(d.funcRef()) +
                           "'s signature " + ctx.func.name(calleeSig));
  }
  CallConv cc = dfg.signatures[tableSig].callConv;
  if (!callConvSupportsExceptions(cc))
    ctx.report(inst, "calling convention `" + std::string(callConvName(cc)) +
                         "` of callee does not support exceptions");
}

} // namespace

void checkBranchArgs(VerifierContext &ctx, Inst inst) {
  const DataFlowGraph &dfg = ctx.dfg;
  const InstData &d = dfg.inst(inst);
  switch (d.format()) {
  case Format::Jump:
    checkEdge(ctx, inst, d.jumpDest(), EdgeKind::Plain);
    return;
  case Format::Brif:
    checkEdge(ctx, inst, d.brifThen(), EdgeKind::Plain);
    checkEdge(ctx, inst, d.brifElse(), EdgeKind::Plain);
    return;
  case Format::BranchTable:
    for (BlockCall bc : dfg.jumpTables[d.jumpTable()].entries)
      checkEdge(ctx, inst, bc, EdgeKind::Plain);
    return;
  case Format::TryCall:
  case Format::TryCallIndirect: {
    const ExceptionTableData &et = dfg.exceptionTables[d.exceptionTable()];
    checkEdge(ctx, inst, et.normalReturn, EdgeKind::NormalReturn);
    for (const ExceptionTableItem &item : et.items)
      if (item.kind != ExceptionTableItem::Kind::Context)
        checkEdge(ctx, inst, item.handler, EdgeKind::Handler);
    return;
  }
  case Format::NullAry:
  case Format::Unary:
  case Format::UnaryImm:
  case Format::UnaryIeee16:
  case Format::UnaryIeee32:
  case Format::UnaryIeee64:
  case Format::UnaryConst:
  case Format::UnaryGlobalValue:
  case Format::Binary:
  case Format::BinaryImm8:
  case Format::Ternary:
  case Format::TernaryImm8:
  case Format::Shuffle:
  case Format::IntCompare:
  case Format::FloatCompare:
  case Format::Call:
  case Format::CallIndirect:
  case Format::FuncAddr:
  case Format::MultiAry:
  case Format::Load:
  case Format::LoadNoOffset:
  case Format::Store:
  case Format::StoreNoOffset:
  case Format::AtomicRmw:
  case Format::AtomicCas:
  case Format::StackLoad:
  case Format::DynamicStackLoad:
  case Format::DynamicStackStore:
  case Format::Trap:
  case Format::CondTrap:
  case Format::IntAddTrap:
  case Format::ExceptionHandlerAddress:
    return;
  }
}

void checkCall(VerifierContext &ctx, Inst inst) {
  const DataFlowGraph &dfg = ctx.dfg;
  const InstData &d = dfg.inst(inst);
  const OpcodeInfo &info = d.info();
  if (!info.isCall())
    return;
  const bool tail = info.isReturn();
  const bool tryCall = info.isBranch();
  // A try_call's arguments follow its exception table's signature, which checkTryCall
  // compares with the callee's.
  std::optional<SigRef> sigRef =
      tryCall ? dfg.exceptionTables[d.exceptionTable()].signature : dfg.callSignature(inst);
  if (!sigRef)
    return;
  const Signature &sig = dfg.signatures[*sigRef];
  checkCallArgs(ctx, inst, sig);

  if (tail || tryCall) {
    if (!dfg.results(inst).empty())
      ctx.report(inst,
                 "expected 0 result values, found " + std::to_string(dfg.results(inst).size()));
  } else {
    checkCallResults(ctx, inst, sig);
  }
  if (tail)
    checkTailCall(ctx, inst, sig);
  if (tryCall)
    checkTryCall(ctx, inst);
  if (d.format() == Format::Call || d.format() == Format::TryCall)
    checkPatchableCallee(ctx, inst, d.funcRef());
}

void checkReturn(VerifierContext &ctx, Inst inst) {
  if (ctx.dfg.opcode(inst) != Opcode::Return)
    return;
  std::vector<Type> types;
  for (Value v : ctx.dfg.varArgs(inst))
    types.push_back(ctx.dfg.valueType(v));
  checkReturnTypes(ctx, inst, types, "arguments of return must match function signature");
}

void checkExceptionHandlerAddress(VerifierContext &ctx, Inst inst) {
  const DataFlowGraph &dfg = ctx.dfg;
  const InstData &d = dfg.inst(inst);
  if (d.opcode != Opcode::GetExceptionHandlerAddress)
    return;
  Block block = d.block();
  if (!dfg.isValidBlock(block) || !ctx.layout.isBlockInserted(block)) {
    ctx.report(inst, "invalid block reference " + ctx.func.name(block));
    return;
  }
  Inst last = ctx.layout.lastInst(block);
  bool endsInTryCall =
      last.isValid() && dfg.isValidInst(last) &&
      (dfg.opcode(last) == Opcode::TryCall || dfg.opcode(last) == Opcode::TryCallIndirect) &&
      dfg.exceptionTables.contains(dfg.inst(last).exceptionTable());
  if (!endsInTryCall) {
    ctx.report(inst, "referenced block " + ctx.func.name(block) + " does not end in a try_call");
    return;
  }
  int64_t index = d.imm64();
  if (index < 0) {
    ctx.report(inst, "exception handler index " + std::to_string(index) + " cannot be negative");
    return;
  }
  uint64_t handlers = 0;
  for (const ExceptionTableItem &item : dfg.exceptionTables[dfg.inst(last).exceptionTable()].items)
    if (item.kind != ExceptionTableItem::Kind::Context)
      ++handlers;
  if (static_cast<uint64_t>(index) >= handlers)
    ctx.report(inst, "exception handler index " + std::to_string(index) + " is out-of-range");
}

} // namespace irc::ir::verifier
