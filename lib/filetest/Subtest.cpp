// What the subtests share: locations, verification for a target, result building.
#include "filetest/Subtest.h"

#include "codegen/ir/Verifier.h"

namespace irc::filetest {

std::string fileLine(const FileContext &ctx, uint32_t line) {
  return ctx.path + ":" + std::to_string(line) + ": ";
}

std::vector<std::string> verifierErrors(const FileContext &ctx, const parser::ParsedFunction &fn,
                                        unsigned pointerBits) {
  ir::VerifierOptions options;
  options.pointerBits = pointerBits;
  if (pointerBits != 0)
    fn.function->pointerBits = pointerBits;
  std::vector<std::string> out;
  for (const ir::VerifierError &e : ir::verifyFunction(*fn.function, options)) {
    uint32_t line = e.loc.known() ? e.loc.line : fn.loc.line;
    std::string what = e.location.empty() ? e.message : e.location + ": " + e.message;
    out.push_back(fileLine(ctx, line) + "verifier error: " + what);
  }
  return out;
}

void SubtestBuilder::unsupported(std::string_view message) {
  if (unsupported_.empty())
    unsupported_ = unsupportedReason(message);
}

SubtestResult SubtestBuilder::finish(std::string failReason) {
  SubtestResult result;
  if (!failures_.empty()) {
    result.outcome = Outcome::Fail;
    result.reason = std::move(failReason);
    result.details = std::move(failures_);
  } else if (!unsupported_.empty()) {
    result.outcome = Outcome::Unsupported;
    result.reason = unsupported_;
  }
  for (std::string &n : notes_)
    result.details.push_back(std::move(n));
  return result;
}

} // namespace irc::filetest
