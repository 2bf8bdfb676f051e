// The CLIF printer: canonical text for a function, which the parser reads back to the
// same function (print -> parse -> print is a fixed point).
#pragma once

#include "codegen/ir/Function.h"

#include <string>

namespace irc::ir {

/// The whole function, "function %f() fast {" to "}\n". Never fails: anything the parser
/// accepts prints, including functions the verifier rejects.
std::string printFunction(const Function &func);
/// One instruction without indentation or newline ("v3 = iadd v1, v2"); no source
/// location or debug tags, but a call's stack map. Empty for an unknown instruction.
std::string printInst(const Function &func, Inst inst);

} // namespace irc::ir
