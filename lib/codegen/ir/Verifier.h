// The IR verifier: checks that a function is well formed before anything relies on it.
//
// It checks SSA and dominance, types per opcode, branch arguments against block
// parameters, calls against signatures, the entry block against the function signature,
// terminators, stack-slot and global-value references, and the patchable-call rules.
// It collects every error it finds rather than stopping at the first.
#pragma once

#include "codegen/ir/Function.h"
#include "support/SourceLoc.h"

#include <string>
#include <vector>

namespace irc::ir {

struct VerifierOptions {
  /// Pointer width of the target (addresses of loads and stores must have it).
  unsigned pointerBits = 64;
};

struct VerifierError {
  SourceLoc loc;        // from Function::positions when the function was parsed
  std::string location; // "inst7 (v3 = iadd v1, v2)", "block2", "gv1", or the function
  std::string message;
};

std::vector<VerifierError> verifyFunction(const Function &func,
                                          const VerifierOptions &options = {});

} // namespace irc::ir
