// The runner's result lines and totals.
#include "filetest/TestResult.h"

#include <catch2/catch.hpp>

using namespace irc::filetest;

TEST_CASE("results: one line per target, details indented", "[filetest][result]") {
  FileResult file{"dir/a.clif",
                  {
                      {Outcome::Pass, "x86_64", "", {}},
                      {Outcome::Fail,
                       "x86_64 has_avx",
                       "test run: 1 of 3 run line(s) failed",
                       {"dir/a.clif:12: %f(1) == 2 failed: got 3"}},
                      {Outcome::Unsupported, "s390x", "opcode fma", {}},
                  }};
  CHECK(formatFileResult(file) ==
        "PASS dir/a.clif [x86_64]\n"
        "FAIL dir/a.clif [x86_64 has_avx]: test run: 1 of 3 run line(s) failed\n"
        "    dir/a.clif:12: %f(1) == 2 failed: got 3\n"
        "UNSUPPORTED dir/a.clif [s390x]: opcode fma\n");
  FileResult skipped{"b.clif",
                     {{Outcome::Skip, "", "test interpret: not supported by irc test", {}}}};
  CHECK(formatFileResult(skipped) == "SKIP b.clif: test interpret: not supported by irc test\n");

  Summary summary;
  summary.add(file);
  summary.add(skipped);
  CHECK(formatSummary(summary) == "1 passed, 1 failed, 1 skipped, 1 unsupported\n");
  CHECK(formatSummary(Summary{}) == "0 passed, 0 failed, 0 skipped, 0 unsupported\n");
}

TEST_CASE("results: the reason of an unsupported backend error", "[filetest][result]") {
  CHECK(unsupportedReason("unsupported: opcode fma on target s390x") == "opcode fma");
  CHECK(unsupportedReason("unsupported: type i128 on target x86_64") == "type i128");
  CHECK(unsupportedReason("%f: unsupported: opcode bitrev") == "opcode bitrev");
  CHECK(unsupportedReason("register allocation failed") == "");
}
