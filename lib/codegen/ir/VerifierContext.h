// VerifierContext: what the verifier's passes share while checking one function: the
// function, the CFG and dominator tree, and the list of errors with their locations.
//
// Internal to the verifier (Verifier.cpp, VerifyTypes.cpp, VerifyCalls.cpp). Each pass
// reports every problem it sees and never reads through a reference it has not checked:
// checkInstReferences runs first and the type and call passes run only on instructions
// whose values, tables and callees exist.
#pragma once

#include "codegen/analysis/ControlFlowGraph.h"
#include "codegen/analysis/DominatorTree.h"
#include "codegen/ir/Function.h"
#include "codegen/ir/Verifier.h"

#include <string>
#include <vector>

namespace irc::ir::verifier {

class VerifierContext {
public:
  VerifierContext(const Function &func, const VerifierOptions &options);

  const Function &func;
  const DataFlowGraph &dfg;
  const Layout &layout;
  const VerifierOptions &options;
  ControlFlowGraph cfg;
  DominatorTree domtree;
  std::vector<VerifierError> errors;

  /// The target's pointer type; Invalid when VerifierOptions names no target.
  Type pointerType() const { return types::intWithBits(options.pointerBits); }
  /// The type of a global value: what global_value or symbol_value of it produce;
  /// Invalid for pointer-typed ones when no target is known.
  Type globalValueType(GlobalValue gv) const;
  /// True if memory flags may name this region: it was declared with `regionN = ...`.
  bool isDeclaredRegion(AliasRegion r) const {
    return func.aliasRegions.contains(r) && func.aliasRegions[r].declared;
  }

  // Reporting, one overload per kind of location. The location string names the entity
  // with its display number; instructions add their text.
  void report(Inst inst, std::string message);
  void report(Block block, std::string message);
  void report(GlobalValue gv, std::string message);
  void report(FuncRef fn, std::string message);
  /// On the `sigN =` line, or else the first `fnN =` line that declared it inline, or
  /// else the function.
  void report(SigRef sig, std::string message);
  void report(AliasRegion region, std::string message);
  void reportFunction(std::string message);

  /// "v3 = iadd v1, v2": the instruction as the printer writes it.
  std::string instText(Inst inst) const;
  /// "v3", "ret0", "exn1".
  std::string blockArgText(BlockArg arg) const;

private:
  void add(SourceLoc loc, std::string location, std::string message);
};

// Passes (each in the file named for its topic).

// Verifier.cpp: SSA and entity references. Returns true if the instruction's values,
// blocks, tables and callees all exist, so later passes may read them.
bool checkInstReferences(VerifierContext &ctx, Inst inst);

// VerifyTypes.cpp: types per the opcode table, immediates, memory flags and addresses.
void checkInstTypes(VerifierContext &ctx, Inst inst);
void checkInstImmediates(VerifierContext &ctx, Inst inst);

// VerifyCalls.cpp: branch arguments, calls, returns, tail calls, try_call.
void checkBranchArgs(VerifierContext &ctx, Inst inst);
void checkCall(VerifierContext &ctx, Inst inst);
void checkReturn(VerifierContext &ctx, Inst inst);
void checkExceptionHandlerAddress(VerifierContext &ctx, Inst inst);

// VerifyDecls.cpp: the preamble and the signature: global values, signatures, alias
// regions, external functions, entry block.
void checkDeclarations(VerifierContext &ctx);

} // namespace irc::ir::verifier
