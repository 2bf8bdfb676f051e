// Diagnostics: located messages about the user's input (never log lines).
// Rendering follows clang: "file:line:col: error: message", the source line, a caret.
#pragma once

#include "support/SourceLoc.h"

#include <string>
#include <string_view>
#include <vector>

namespace irc {

enum class Severity { Error, Warning, Note };

struct Diagnostic {
  Severity severity = Severity::Error;
  SourceLoc loc;
  std::string message;
};

/// Renders a diagnostic against the text it refers to. Bytes that are not
/// printable ASCII in the quoted source line are shown as '?', so invalid
/// UTF-8 or NULs in the input never reach the terminal raw. Long lines are
/// clipped around the caret.
std::string renderDiagnostic(std::string_view fileName, std::string_view text,
                             const Diagnostic &diag);

/// A list of diagnostics from one pass (parser, verifier).
using Diagnostics = std::vector<Diagnostic>;

} // namespace irc
