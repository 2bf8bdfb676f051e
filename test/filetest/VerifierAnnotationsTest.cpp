// `; error:` annotations: where they belong, and matching them with verifier errors.
#include "filetest/VerifierAnnotations.h"

#include <catch2/catch.hpp>

using namespace irc::filetest;

namespace {

irc::ir::VerifierError error(uint32_t line, std::string location, std::string message) {
  irc::ir::VerifierError e;
  e.loc.line = line;
  e.location = std::move(location);
  e.message = std::move(message);
  return e;
}

} // namespace

TEST_CASE("annotations: same line, own line, ignored comments", "[filetest][verifier]") {
  std::string text = "test verifier\n"                          // 1
                     "function %f(i32) {\n"                     // 2
                     "block0(v0: i32):\n"                       // 3
                     "    v1 = iadd v0, v0 ; error: bad type\n" // 4
                     "    ; a note\n"                           // 5
                     "\n"                                       // 6
                     "    ;   error:   on line four  \n"        // 7
                     "    return ; not an error: here\n"        // 8
                     "}\n"                                      // 9
                     "; error: after the function";             // 10
  std::vector<ErrorAnnotation> found = parseErrorAnnotations(text);
  REQUIRE(found.size() == 3);
  CHECK(found[0].line == 4);
  CHECK(found[0].text == "bad type");
  CHECK(found[1].line == 4);
  CHECK(found[1].text == "on line four");
  CHECK(found[2].line == 9);
  CHECK(found[2].text == "after the function");

  CHECK(annotationsInLines(found, 5, 9).size() == 1);
  CHECK(lineOfOffset(text, 0) == 1);
  CHECK(lineOfOffset(text, 14) == 2);
  CHECK(lineOfOffset(text, 100000) == 10);
}

TEST_CASE("annotations: matching against errors", "[filetest][verifier]") {
  std::vector<ErrorAnnotation> annotations = {{4, "bad type"}, {4, "bad type"}, {7, "missing"}};
  std::vector<irc::ir::VerifierError> errors = {
      error(4, "inst0 (v1 = iadd v0, v0)", "arg 0 has a bad type"),
      error(5, "inst1", "bad type too"),
      error(4, "inst0 (v1 = iadd v0, v0)", "another bad type"),
      error(0, "", "function-level problem"),
  };
  std::vector<VerifierMismatch> mismatches = matchVerifierErrors(annotations, errors);
  REQUIRE(mismatches.size() == 3);
  CHECK(formatMismatch("f.clif", mismatches[0]) ==
        "f.clif:7: expected error not reported: missing");
  CHECK(formatMismatch("f.clif", mismatches[1]) ==
        "f.clif:5: unexpected error: inst1: bad type too");
  CHECK(formatMismatch("f.clif", mismatches[2]) ==
        "f.clif:0: unexpected error: function-level problem");

  // Each error matches one annotation only.
  std::vector<irc::ir::VerifierError> one = {error(4, "inst0", "bad type")};
  std::vector<VerifierMismatch> onlyOne = matchVerifierErrors(annotations, one);
  REQUIRE(onlyOne.size() == 2);
  CHECK(onlyOne[0].kind == VerifierMismatch::Kind::Missing);
  CHECK(onlyOne[0].line == 4);
  CHECK(matchVerifierErrors({}, {}).empty());
}
