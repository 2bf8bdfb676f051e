// Result lines of the filetest runner (format in TestResult.h).
#include "filetest/TestResult.h"

namespace irc::filetest {

std::string_view outcomeText(Outcome outcome) {
  switch (outcome) {
  case Outcome::Pass:
    return "PASS";
  case Outcome::Fail:
    return "FAIL";
  case Outcome::Skip:
    return "SKIP";
  case Outcome::Unsupported:
    return "UNSUPPORTED";
  }
  return "FAIL";
}

void Summary::add(const FileResult &file) {
  for (const TargetResult &r : file.results) {
    switch (r.outcome) {
    case Outcome::Pass:
      ++passed;
      break;
    case Outcome::Fail:
      ++failed;
      break;
    case Outcome::Skip:
      ++skipped;
      break;
    case Outcome::Unsupported:
      ++unsupported;
      break;
    }
  }
}

std::string formatFileResult(const FileResult &file) {
  std::string out;
  for (const TargetResult &r : file.results) {
    out += outcomeText(r.outcome);
    out += ' ';
    out += file.path;
    if (!r.target.empty())
      out += " [" + r.target + "]";
    if (!r.reason.empty())
      out += ": " + r.reason;
    out += '\n';
    for (const std::string &detail : r.details)
      out += "    " + detail + "\n";
  }
  return out;
}

std::string formatSummary(const Summary &s) {
  return std::to_string(s.passed) + " passed, " + std::to_string(s.failed) + " failed, " +
         std::to_string(s.skipped) + " skipped, " + std::to_string(s.unsupported) +
         " unsupported\n";
}

std::string unsupportedReason(std::string_view message) {
  constexpr std::string_view kPrefix = "unsupported: ";
  size_t at = message.find(kPrefix);
  if (at == std::string_view::npos)
    return {};
  std::string_view rest = message.substr(at + kPrefix.size());
  if (size_t on = rest.find(" on target "); on != std::string_view::npos)
    rest = rest.substr(0, on);
  return std::string(rest);
}

} // namespace irc::filetest
