// The CLIF printer: canonical text for a function, which the parser reads back to the
// same function (print -> parse -> print is a fixed point).
#pragma once

#include "codegen/ir/Function.h"

#include <string>

namespace irc::ir {

std::string printFunction(const Function &func);
/// One instruction without indentation or newline ("v3 = iadd v1, v2").
std::string printInst(const Function &func, Inst inst);

} // namespace irc::ir
