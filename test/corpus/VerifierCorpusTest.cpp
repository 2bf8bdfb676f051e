// The verifier against Cranelift's filetests.
//
// - Files whose `test` lines include `verifier` carry `; error: TEXT` annotations: each
//   names an error the verifier must report on that line (an annotation on a line that
//   holds only a comment belongs to the nearest line above it with code). Per function,
//   every annotation must be matched by an error on its line whose message contains
//   TEXT, and every reported error must match an annotation.
// - Every function of every file without annotations must verify with no error. This
//   is the regression net for the opcode table's type rules (Opcodes.def).
// The pointer width comes from the file's targets: 32 for pulley32 / pulley32be, else
// 64; a file whose targets disagree is verified once per width (see pointerWidths for
// files that Cranelift verifies without a target). Files that are only `test cat` are
// syntax tests and are not verified.
#include "codegen/ir/Verifier.h"
#include "filetest/VerifierAnnotations.h"
#include "parser/Parser.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using irc::filetest::ErrorAnnotation;
using irc::filetest::VerifierMismatch;
using irc::ir::VerifierError;
using irc::ir::VerifierOptions;
using irc::ir::verifyFunction;
using irc::parser::parseTestFile;

namespace {

fs::path corpusDir() {
  if (const char *env = std::getenv("IRC_CLIF_CORPUS"); env && *env)
    return env;
  return fs::path(IRC_SOURCE_DIR) / ".." / "shared" / "clif-corpus";
}

std::string readFile(const fs::path &path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool hasCommand(const irc::parser::TestFile &file, std::string_view name) {
  return std::any_of(file.commands.begin(), file.commands.end(),
                     [&](const auto &c) { return c.name == name; });
}

/// The pointer widths to verify a file with. Cranelift verifies with a target only in
/// subtests that compile for one (compile, run, optimize) and in `test verifier`; the
/// interpreter and `test cat` know no target, and neither does a file without `target`
/// lines: 0 (unknown) then, which skips the width-dependent checks.
std::set<unsigned> pointerWidths(const irc::parser::TestFile &file) {
  bool usesTarget = std::any_of(file.commands.begin(), file.commands.end(), [](const auto &c) {
    return c.name != "interpret" && c.name != "cat";
  });
  std::set<unsigned> widths;
  if (usesTarget)
    for (const auto &target : file.targets)
      widths.insert(target.isa == "pulley32" || target.isa == "pulley32be" ? 32 : 64);
  if (widths.empty())
    widths.insert(0);
  return widths;
}

struct Totals {
  size_t files = 0, unparsed = 0, skipped = 0;
  size_t annotatedFunctions = 0, annotationsMatched = 0, annotationsMissed = 0;
  size_t cleanFunctions = 0, rejectedFunctions = 0, unexpectedErrors = 0;
};

} // namespace

TEST_CASE("corpus: verifier diagnostics and clean functions", "[corpus][verifier]") {
  fs::path dir = corpusDir();
  if (!fs::is_directory(dir)) {
    WARN("CLIF corpus not found at " << dir.string() << " (set IRC_CLIF_CORPUS); skipped");
    return;
  }
  std::vector<fs::path> files;
  for (const auto &entry : fs::recursive_directory_iterator(dir))
    if (entry.is_regular_file() && entry.path().extension() == ".clif")
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());

  irc::parser::ParseOptions parseOptions;
  parseOptions.keepComments = false;
  Totals totals;
  std::vector<std::string> failures, unparsed;
  for (const fs::path &path : files) {
    ++totals.files;
    std::string name = fs::relative(path, dir).string();
    std::string text = readFile(path);
    auto parsed = parseTestFile(text, parseOptions);
    if (!parsed) {
      ++totals.unparsed;
      unparsed.push_back(name + ":" + std::to_string(parsed.error().loc.line) + ": " +
                         parsed.error().message);
      continue;
    }
    std::vector<ErrorAnnotation> expected = irc::filetest::parseErrorAnnotations(text);
    if (!expected.empty() && !hasCommand(*parsed, "verifier"))
      continue; // annotations of some other kind of test
    // `test cat` only prints: its inputs exercise the syntax and need not be valid.
    if (std::all_of(parsed->commands.begin(), parsed->commands.end(),
                    [](const auto &c) { return c.name == "cat"; })) {
      ++totals.skipped;
      continue;
    }
    for (unsigned bits : pointerWidths(*parsed)) {
      VerifierOptions options;
      options.pointerBits = bits;
      for (const auto &fn : parsed->functions) {
        uint32_t first = irc::filetest::lineOfOffset(text, fn.beginOffset);
        uint32_t last = irc::filetest::lineOfOffset(text, fn.endOffset);
        std::string where = name + " (" + fn.function->externalName.text() + ", " +
                            (bits ? std::to_string(bits) + "-bit" : "no target") + ")";
        std::vector<VerifierError> errors = verifyFunction(*fn.function, options);
        std::vector<ErrorAnnotation> mine =
            irc::filetest::annotationsInLines(expected, first, last);
        size_t annotated = mine.size();
        size_t missed = 0, unexpected = 0;
        for (const VerifierMismatch &m : irc::filetest::matchVerifierErrors(mine, errors)) {
          if (m.kind == VerifierMismatch::Kind::Missing) {
            ++missed;
            failures.push_back(where + ": expected error at line " + std::to_string(m.line) +
                               ": " + m.message);
          } else {
            ++unexpected;
            failures.push_back(where + ": unexpected error line " + std::to_string(m.line) +
                               ": " + m.message);
          }
        }
        totals.annotationsMatched += annotated - missed;
        totals.annotationsMissed += missed;
        totals.unexpectedErrors += unexpected;
        if (annotated > 0)
          ++totals.annotatedFunctions;
        else if (unexpected == 0)
          ++totals.cleanFunctions;
        else
          ++totals.rejectedFunctions;
      }
    }
  }
  std::printf("corpus verifier: %zu files (%zu do not parse, %zu only `test cat`), %zu "
              "annotations matched in %zu functions, %zu missed; %zu functions verified "
              "clean, %zu rejected with %zu unexpected errors\n",
              totals.files, totals.unparsed, totals.skipped, totals.annotationsMatched,
              totals.annotatedFunctions, totals.annotationsMissed, totals.cleanFunctions,
              totals.rejectedFunctions, totals.unexpectedErrors);
  // Files the parser rejects are the round-trip test's failures; they are listed here
  // because their functions went unverified.
  for (const std::string &u : unparsed)
    WARN("not verified, the file does not parse: " << u);
  for (const std::string &f : failures) {
    std::printf("verifier corpus failure: %s\n", f.c_str()); // one line each, for grep
    FAIL_CHECK(f);
  }
  CHECK(totals.annotationsMatched > 0);
  CHECK(totals.cleanFunctions > 0);
}
