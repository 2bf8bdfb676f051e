// The IR verifier: checks that a function is well formed before anything relies on it.
//
// It checks SSA and dominance, types per opcode, branch arguments against block
// parameters, calls against signatures, the entry block against the function signature,
// terminators, stack-slot and global-value references, and the patchable-call rules;
// also memory flags and address widths, immediates (lanes, shuffle masks, constants),
// try_call edges (retN / exnN) and exception tables, signatures' ABI rules, debug tags
// and user stack maps. It collects every error it finds rather than stopping at the
// first, never trusts a reference it has not checked (functions built by hand may hold
// anything), and runs in time linear in the function.
//
// Errors are ordered: declarations first, then instructions in layout order. Messages
// contain the wording Cranelift's verifier tests expect (verifier/*.clif of the corpus).
#pragma once

#include "codegen/ir/Function.h"
#include "support/SourceLoc.h"

#include <string>
#include <vector>

namespace irc::ir {

struct VerifierOptions {
  /// Pointer width of the target in bits (32 or 64): addresses of loads and stores must
  /// have it, and vmctx, symbols and exception payloads are pointers. 0 when no target
  /// is known; the checks that need the width are then skipped.
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
