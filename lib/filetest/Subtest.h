// Subtest: what the runner hands each test kind (one file, one target) and what it gets
// back. Internal to lib/filetest.
#pragma once

#include "codegen/Settings.h"
#include "codegen/mach/TargetIsa.h"
#include "filetest/PreciseOutput.h"
#include "filetest/Runner.h"
#include "filetest/TestResult.h"
#include "parser/TestFile.h"
#include "target/TargetInfo.h"

#include <optional>
#include <string>
#include <vector>

namespace irc::filetest {

struct FileContext {
  std::string path; // as reported
  std::string text;
  parser::TestFile file;
  const RunnerOptions &options;
};

/// One selected target of a file.
struct TargetContext {
  const parser::TargetSpec *spec = nullptr;   // null: the file has no target line
  std::string label;                          // "x86_64 has_avx", or empty
  std::optional<target::Isa> isa;             // an ISA irc generates code for
  unsigned pointerBits = 0;                   // 0: unknown (no target)
  std::optional<target::TargetConfig> config; // when isa: flags and settings
};

struct SubtestResult {
  Outcome outcome = Outcome::Pass;
  std::string reason;
  std::vector<std::string> details;
  std::vector<TextEdit> edits; // --bless rewrites
};

SubtestResult runVerifierTest(FileContext &ctx, const TargetContext &target);
SubtestResult runCompileTest(FileContext &ctx, const TargetContext &target,
                             const mach::TargetIsa &isa, const parser::TestCommand &command);
SubtestResult runRunTest(FileContext &ctx, const TargetContext &target, const mach::TargetIsa &isa);

// ---- Shared by the subtests ----

/// "path:LINE: " for a location in the file.
std::string fileLine(const FileContext &ctx, uint32_t line);
/// Verifies one function for the target; each error as "path:line: verifier error: ...".
std::vector<std::string> verifierErrors(const FileContext &ctx, const parser::ParsedFunction &fn,
                                        unsigned pointerBits);

/// Collects per-function problems into one subtest result: failures win over
/// unsupported opcodes, which win over a pass.
class SubtestBuilder {
public:
  void fail(std::string detail) { failures_.push_back(std::move(detail)); }
  void failAll(std::vector<std::string> details) {
    for (std::string &d : details)
      failures_.push_back(std::move(d));
  }
  /// A backend "unsupported: ..." message; the first one names the result.
  void unsupported(std::string_view message);
  void note(std::string detail) { notes_.push_back(std::move(detail)); }
  bool failed() const { return !failures_.empty(); }
  SubtestResult finish(std::string failReason);

private:
  std::vector<std::string> failures_;
  std::vector<std::string> notes_;
  std::string unsupported_;
};

} // namespace irc::filetest
