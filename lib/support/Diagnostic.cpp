#include "support/Diagnostic.h"

#include <algorithm>

namespace irc {

namespace {

const char *severityName(Severity s) {
  switch (s) {
  case Severity::Error:
    return "error";
  case Severity::Warning:
    return "warning";
  case Severity::Note:
    return "note";
  }
  return "error";
}

char printable(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  if (u == '\t')
    return ' ';
  return (u >= 0x20 && u < 0x7f) ? c : '?';
}

} // namespace

std::string renderDiagnostic(std::string_view fileName, std::string_view text,
                             const Diagnostic &diag) {
  std::string out;
  out += fileName;
  if (diag.loc.known()) {
    out += ':' + std::to_string(diag.loc.line) + ':' + std::to_string(diag.loc.col);
  }
  out += ": ";
  out += severityName(diag.severity);
  out += ": ";
  for (char c : diag.message)
    out += (c == '\n') ? ' ' : c;
  out += '\n';
  if (!diag.loc.known() || diag.loc.offset > text.size())
    return out;

  size_t offset = diag.loc.offset;
  size_t begin = text.rfind('\n', offset == 0 ? 0 : offset - 1);
  begin = (begin == std::string_view::npos || offset == 0) ? 0 : begin + 1;
  if (offset > 0 && text[offset - 1] == '\n')
    begin = offset;
  size_t end = text.find('\n', offset);
  if (end == std::string_view::npos)
    end = text.size();

  // Clip very long lines to a window around the caret.
  constexpr size_t kWindow = 120;
  size_t from = begin, to = end;
  if (to - from > kWindow) {
    from = offset > begin + kWindow / 2 ? offset - kWindow / 2 : begin;
    to = std::min(end, from + kWindow);
  }
  std::string line;
  if (from > begin)
    line += "...";
  for (size_t i = from; i < to; ++i)
    line += printable(text[i]);
  if (to < end)
    line += "...";
  out += line;
  out += '\n';
  size_t caretCol = (from > begin ? 3 : 0) + (offset - from);
  out += std::string(caretCol, ' ');
  out += "^\n";
  return out;
}

} // namespace irc
