// Prints a parsed test file back as CLIF: the header lines in their original order,
// then every function as ir::printFunction gives it. Comments are not reproduced.
#pragma once

#include "parser/TestFile.h"

#include <string>

namespace irc::parser {

std::string printTestFile(const TestFile &file);

} // namespace irc::parser
