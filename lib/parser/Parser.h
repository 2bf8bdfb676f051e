// The CLIF text parser.
//
// parseTestFile reads a whole file: header lines, then functions. It never crashes or
// hangs on any input and bounds its memory by the input size; the first error stops
// parsing and comes back as a located Diagnostic.
#pragma once

#include "parser/TestFile.h"
#include "support/Diagnostic.h"
#include "support/Expected.h"

#include <string_view>

namespace irc::parser {

struct ParseOptions {
  /// Keep comments (needed by the test runner; off for plain compilation).
  bool keepComments = true;
};

Expected<TestFile, Diagnostic> parseTestFile(std::string_view text,
                                             const ParseOptions &options = {});

} // namespace irc::parser
