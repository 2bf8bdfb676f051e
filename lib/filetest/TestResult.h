// TestResult: what running one file against one target gave, and the runner's text for
// it. The format is fixed (docs/testing.md), one line per file and target:
//
//   PASS path [x86_64]
//   FAIL path [x86_64]: reason
//       detail line...
//   SKIP path: reason
//   UNSUPPORTED path [s390x]: opcode fma
//
// and a last line "N passed, M failed, K skipped, U unsupported". A result without a
// target (a verifier test without `target` lines, a file that does not parse) has no
// brackets. Details are indented by four spaces.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace irc::filetest {

enum class Outcome { Pass, Fail, Skip, Unsupported };

std::string_view outcomeText(Outcome outcome); // "PASS", "FAIL", "SKIP", "UNSUPPORTED"

struct TargetResult {
  Outcome outcome = Outcome::Pass;
  std::string target; // "x86_64", "x86_64 has_avx", or empty
  std::string reason; // one line; empty for a plain PASS
  std::vector<std::string> details;
};

struct FileResult {
  std::string path;
  std::vector<TargetResult> results; // in the order of the file's targets
};

struct Summary {
  size_t passed = 0, failed = 0, skipped = 0, unsupported = 0;
  void add(const FileResult &file);
};

/// The lines of one file's results, each ending in '\n'.
std::string formatFileResult(const FileResult &file);
/// "N passed, M failed, K skipped, U unsupported\n".
std::string formatSummary(const Summary &summary);

/// The reason an UNSUPPORTED result gives for a backend error "unsupported: opcode fma on
/// target s390x": "opcode fma". Empty if `message` is not such an error.
std::string unsupportedReason(std::string_view message);

} // namespace irc::filetest
