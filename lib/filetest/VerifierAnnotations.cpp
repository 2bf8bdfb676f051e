// Verifier annotations: parsing `; error:` comments and matching them with errors.
#include "filetest/VerifierAnnotations.h"

#include <algorithm>

namespace irc::filetest {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

} // namespace

std::vector<ErrorAnnotation> parseErrorAnnotations(std::string_view text) {
  std::vector<ErrorAnnotation> out;
  uint32_t lastCodeLine = 0;
  uint32_t lineNumber = 0;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos)
      end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++lineNumber;
    std::string_view trimmed = trim(line);
    bool commentOnly = trimmed.empty() || trimmed.front() == ';';
    if (!commentOnly)
      lastCodeLine = lineNumber;
    size_t semi = line.find(';');
    if (semi == std::string_view::npos)
      continue;
    std::string_view comment = trim(line.substr(semi + 1));
    if (!comment.starts_with("error:"))
      continue;
    out.push_back(ErrorAnnotation{commentOnly ? lastCodeLine : lineNumber,
                                  std::string(trim(comment.substr(6)))});
  }
  return out;
}

uint32_t lineOfOffset(std::string_view text, uint32_t offset) {
  size_t end = std::min<size_t>(offset, text.size());
  return 1 + static_cast<uint32_t>(std::count(text.begin(), text.begin() + end, '\n'));
}

std::vector<VerifierMismatch> matchVerifierErrors(std::span<const ErrorAnnotation> annotations,
                                                  std::span<const ir::VerifierError> errors) {
  std::vector<VerifierMismatch> out;
  std::vector<bool> used(errors.size(), false);
  for (const ErrorAnnotation &a : annotations) {
    bool found = false;
    for (size_t k = 0; k < errors.size() && !found; ++k)
      if (!used[k] && errors[k].loc.line == a.line &&
          errors[k].message.find(a.text) != std::string::npos)
        used[k] = found = true;
    if (!found)
      out.push_back(VerifierMismatch{VerifierMismatch::Kind::Missing, a.line, a.text});
  }
  for (size_t k = 0; k < errors.size(); ++k) {
    if (used[k])
      continue;
    const ir::VerifierError &e = errors[k];
    std::string message = e.location.empty() ? e.message : e.location + ": " + e.message;
    out.push_back(VerifierMismatch{VerifierMismatch::Kind::Unexpected, e.loc.line, message});
  }
  return out;
}

std::vector<ErrorAnnotation> annotationsInLines(std::span<const ErrorAnnotation> annotations,
                                                uint32_t first, uint32_t last) {
  std::vector<ErrorAnnotation> out;
  for (const ErrorAnnotation &a : annotations)
    if (a.line >= first && a.line <= last)
      out.push_back(a);
  return out;
}

std::string formatMismatch(std::string_view path, const VerifierMismatch &m) {
  std::string where = std::string(path) + ":" + std::to_string(m.line) + ": ";
  switch (m.kind) {
  case VerifierMismatch::Kind::Missing:
    return where + "expected error not reported: " + m.message;
  case VerifierMismatch::Kind::Unexpected:
    return where + "unexpected error: " + m.message;
  }
  return where + m.message;
}

} // namespace irc::filetest
