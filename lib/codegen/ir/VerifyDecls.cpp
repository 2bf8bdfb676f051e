// Verifier checks of what a function declares before its first block: global values
// (no cycles, vmctx declared, pointer-typed bases), signatures (ABI rules), external
// functions, alias regions (unique user ids), and the entry block against the
// function's signature.
#include "codegen/ir/VerifierContext.h"

#include <unordered_map>

namespace irc::ir::verifier {

namespace {

std::string_view extensionName(ArgExt ext) {
  switch (ext) {
  case ArgExt::None:
    return "None";
  case ArgExt::Uext:
    return "Uext";
  case ArgExt::Sext:
    return "Sext";
  }
  return "?";
}

bool hasBase(const GlobalValueData &data) {
  return data.kind == GlobalValueData::Kind::Load || data.kind == GlobalValueData::Kind::IAddImm;
}

/// Finds base-chain cycles in one linear pass: each chain is walked once, and every
/// global value on or leading into a cycle is marked so its own checks are skipped.
/// Each cycle is reported once, on the first global value (in declaration order) whose
/// chain reaches it, listing that chain.
std::vector<bool> checkGlobalValueCycles(VerifierContext &ctx) {
  const Function &func = ctx.func;
  enum State : uint8_t { Unvisited, OnPath, Done, Cyclic };
  std::vector<State> state(func.globalValues.size(), Unvisited);
  std::vector<GlobalValue> path;
  for (GlobalValue start : func.globalValues.keys()) {
    if (state[start.index()] != Unvisited)
      continue;
    path.clear();
    GlobalValue cur = start;
    State outcome = Done;
    while (true) {
      state[cur.index()] = OnPath;
      path.push_back(cur);
      const GlobalValueData &data = func.globalValues[cur];
      if (!hasBase(data) || !func.globalValues.contains(data.base))
        break;
      State next = state[data.base.index()];
      if (next == OnPath) {
        std::string list;
        for (GlobalValue gv : path)
          list += (list.empty() ? "" : ", ") + func.name(gv);
        ctx.report(start, "global value cycle: [" + list + "]");
        outcome = Cyclic;
        break;
      }
      if (next == Cyclic) {
        outcome = Cyclic;
        break;
      }
      if (next == Done)
        break;
      cur = data.base;
    }
    for (GlobalValue gv : path)
      state[gv.index()] = outcome;
  }
  std::vector<bool> cyclic(state.size());
  for (size_t k = 0; k < state.size(); ++k)
    cyclic[k] = state[k] == Cyclic;
  return cyclic;
}

void checkGlobalValues(VerifierContext &ctx) {
  const Function &func = ctx.func;
  std::vector<bool> cyclic = checkGlobalValueCycles(ctx);
  for (GlobalValue gv : func.globalValues.keys()) {
    const GlobalValueData &data = func.globalValues[gv];
    if (hasBase(data) && !func.globalValues.contains(data.base)) {
      ctx.report(gv, "invalid base global value " + func.name(data.base));
      continue;
    }
    if (cyclic[gv.index()])
      continue;
    switch (data.kind) {
    case GlobalValueData::Kind::VMContext:
      if (!func.signature.specialParam(ArgPurpose::VMContext))
        ctx.report(gv, "undeclared vmctx reference " + func.name(gv));
      break;
    case GlobalValueData::Kind::IAddImm: {
      Type baseType = ctx.globalValueType(data.base);
      if (!data.type.isInt())
        ctx.report(gv, "iadd_imm global value with non-int type " + data.type.name());
      else if (baseType.isValid() && data.type != baseType)
        ctx.report(gv, "iadd_imm type " + data.type.name() + " differs from operand type " +
                           baseType.name());
      break;
    }
    case GlobalValueData::Kind::Load: {
      Type baseType = ctx.globalValueType(data.base);
      if (baseType.isValid() && ctx.pointerType().isValid() && baseType != ctx.pointerType())
        ctx.report(gv, "base " + func.name(data.base) + " has type " + baseType.name() +
                           ", which is not the pointer type " + ctx.pointerType().name());
      AliasRegion region = data.flags.region();
      if (region.isValid() && !ctx.isDeclaredRegion(region))
        ctx.report(gv, "undefined alias region " + func.name(region));
      break;
    }
    case GlobalValueData::Kind::Symbol:
    case GlobalValueData::Kind::DynScaleTargetConst:
      break;
    }
  }
  if (func.stackLimit && !func.globalValues.contains(*func.stackLimit))
    ctx.reportFunction("invalid stack_limit global value " + func.name(*func.stackLimit));
  for (DynamicType dt : func.dynamicTypes.keys()) {
    GlobalValue scale = func.dynamicTypes[dt].scale;
    if (!func.globalValues.contains(scale))
      ctx.reportFunction(func.name(dt) + " uses invalid scale " + func.name(scale));
  }
}

/// The ABI rules of one signature; `report` places the message.
template <typename Report> void checkSignature(const Signature &sig, Report &&report) {
  auto checkParams = [&](const std::vector<AbiParam> &params, bool isReturn) {
    const char *item = isReturn ? "Return value" : "Parameter";
    for (size_t i = 0; i < params.size(); ++i) {
      const AbiParam &p = params[i];
      std::string at = std::string(item) + " at position " + std::to_string(i);
      if (!p.type.isValid())
        report(at + " has an invalid type");
      if (isReturn && p.purpose == ArgPurpose::StructArgument)
        report(at + " can't be a struct argument");
      if (p.ext != ArgExt::None && !p.type.isInt())
        report(at + " has invalid extension " + std::string(extensionName(p.ext)));
    }
  };
  checkParams(sig.params, false);
  checkParams(sig.returns, true);
  if (sig.callConv == CallConv::PreserveAll && !sig.returns.empty())
    report("Signature with `preserve_all` ABI cannot have return values");
}

void checkSignatures(VerifierContext &ctx) {
  checkSignature(ctx.func.signature, [&](std::string m) { ctx.reportFunction(std::move(m)); });
  for (SigRef sig : ctx.dfg.signatures.keys())
    checkSignature(ctx.dfg.signatures[sig], [&](std::string m) { ctx.report(sig, std::move(m)); });
  for (FuncRef fn : ctx.dfg.extFuncs.keys()) {
    SigRef sig = ctx.dfg.extFuncs[fn].signature;
    if (!ctx.dfg.signatures.contains(sig))
      ctx.report(fn, "invalid signature reference " + ctx.func.name(sig));
  }
}

void checkAliasRegions(VerifierContext &ctx) {
  std::unordered_map<uint32_t, AliasRegion> firstWithId;
  for (AliasRegion region : ctx.func.aliasRegions.keys()) {
    if (!ctx.isDeclaredRegion(region))
      continue; // reported where memory flags name it
    uint32_t id = ctx.func.aliasRegions[region].userId;
    if (!firstWithId.emplace(id, region).second)
      ctx.report(region, "duplicate alias region user_id " + std::to_string(id));
  }
}

void checkEntryBlock(VerifierContext &ctx) {
  const Function &func = ctx.func;
  std::optional<Block> entry = ctx.layout.entryBlock();
  if (!entry) {
    if (ctx.dfg.numBlocks() != 0)
      ctx.reportFunction("function has blocks but none of them is in the layout");
    return;
  }
  if (!ctx.dfg.isValidBlock(*entry))
    return; // reported with the layout
  if (ctx.dfg.isCold(*entry))
    ctx.report(*entry, "entry block cannot be marked as cold");
  ValueRange params = ctx.dfg.blockParams(*entry);
  const std::vector<AbiParam> &expected = func.signature.params;
  if (params.size() != expected.size()) {
    ctx.report(*entry, "entry block parameters (" + std::to_string(params.size()) +
                           ") must match function signature (" + std::to_string(expected.size()) +
                           ")");
    return;
  }
  for (uint32_t i = 0; i < params.size(); ++i) {
    if (!ctx.dfg.isValidValue(params[i]))
      continue; // reported with the block's parameters
    Type got = ctx.dfg.valueType(params[i]);
    if (got != expected[i].type)
      ctx.report(*entry, "entry block parameter " + std::to_string(i) + " expected to have type " +
                             expected[i].type.name() + ", got " + got.name());
  }
}

} // namespace

void checkDeclarations(VerifierContext &ctx) {
  checkGlobalValues(ctx);
  checkSignatures(ctx);
  checkAliasRegions(ctx);
  checkEntryBlock(ctx);
}

} // namespace irc::ir::verifier
