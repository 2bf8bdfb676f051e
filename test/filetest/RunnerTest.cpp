// The runner on whole files: collection, target selection, skip reasons, verifier
// results, settings errors (exact result lines; nothing here needs a backend).
#include "filetest/Runner.h"
#include "target/Registry.h"

#include "FiletestTestUtil.h"

using namespace irc::filetest;
using irc::filetest::testutil::testdataPath;

namespace {

std::string runOne(const std::string &name, const RunnerOptions &options = {}) {
  return formatFileResult(runFileTest(testdataPath(name), options));
}

} // namespace

TEST_CASE("runner: collecting files", "[filetest][runner]") {
  std::string dir = testdataPath("");
  std::vector<std::string> paths = {dir};
  auto files = collectTestFiles(paths, "");
  REQUIRE(files.hasValue());
  CHECK(*files ==
        std::vector<std::string>{dir + "verifier-pointer-width.clif", dir + "verifier.clif"});

  auto filtered = collectTestFiles(paths, "width");
  REQUIRE(filtered.hasValue());
  CHECK(*filtered == std::vector<std::string>{dir + "verifier-pointer-width.clif"});

  // A file is taken whatever its name; a missing path is an error.
  std::vector<std::string> explicitPaths = {dir + "inputs/parse-error.clif.in", dir};
  auto mixed = collectTestFiles(explicitPaths, "");
  REQUIRE(mixed.hasValue());
  CHECK(mixed->size() == 3);
  CHECK(mixed->front() == dir + "inputs/parse-error.clif.in");
  std::vector<std::string> missing = {dir + "nope"};
  auto none = collectTestFiles(missing, "");
  REQUIRE_FALSE(none.hasValue());
  CHECK(none.error().message == "cannot read '" + dir + "nope': No such file or directory");
}

TEST_CASE("runner: verifier tests", "[filetest][runner]") {
  std::string p = testdataPath("verifier.clif");
  CHECK(runOne("verifier.clif") == "PASS " + p + "\n");
  p = testdataPath("verifier-pointer-width.clif");
  CHECK(runOne("verifier-pointer-width.clif") == "PASS " + p + " [pulley32]\n");
  p = testdataPath("inputs/verifier-fails.clif.in");
  CHECK(runOne("inputs/verifier-fails.clif.in") ==
        "FAIL " + p + ": test verifier: 1 expected error(s) not reported, 1 unexpected error(s)\n" +
            "    " + p +
            ":5: unexpected error: inst0 (v2 = iadd v0, v1): arg 1 (v1) has type i64, expected "
            "i32\n" +
            "    " + p + ":11: expected error not reported: never reported\n");
}

TEST_CASE("runner: skips and file-level failures", "[filetest][runner]") {
  auto line = [](const std::string &outcome, const std::string &name, const std::string &rest) {
    return outcome + " " + testdataPath(name) + rest + "\n";
  };
  CHECK(runOne("inputs/interpret-only.clif.in") ==
        line("SKIP", "inputs/interpret-only.clif.in",
             ": test interpret, test cat: not supported by irc test"));
  CHECK(runOne("inputs/not-a-filetest.clif.in") ==
        line("SKIP", "inputs/not-a-filetest.clif.in", ": no `test` line"));
  CHECK(runOne("inputs/other-isas.clif.in") ==
        line("SKIP", "inputs/other-isas.clif.in", ": no target irc supports (aarch64, riscv64)"));
  CHECK(runOne("inputs/no-target-compile.clif.in") ==
        line("SKIP", "inputs/no-target-compile.clif.in", ": test compile needs a target line"));
  CHECK(runOne("inputs/two-targets-precise.clif.in") ==
        line("FAIL", "inputs/two-targets-precise.clif.in",
             ": test compile precise-output needs exactly one target, the file has 2 (choose "
             "one with --target)"));
  CHECK(runOne("inputs/bad-setting.clif.in") ==
        line("FAIL", "inputs/bad-setting.clif.in",
             " [x86_64]: bad settings or ISA flags\n    " +
                 testdataPath("inputs/bad-setting.clif.in") +
                 ":2: invalid value 'fastest' for setting 'opt_level': expected one of none, "
                 "speed, speed_and_size"));
  std::string parseError = runOne("inputs/parse-error.clif.in");
  CHECK(parseError == line("FAIL", "inputs/parse-error.clif.in", ": the file does not parse") +
                          "    " + testdataPath("inputs/parse-error.clif.in") +
                          ":6:5: error: expected an integer immediate, found identifier 'return'\n"
                          "        return v0\n"
                          "        ^\n");
}

TEST_CASE("runner: --target selects target lines", "[filetest][runner]") {
  RunnerOptions s390x;
  s390x.target = irc::target::Isa::S390x;
  CHECK(runOne("inputs/bad-setting.clif.in", s390x) ==
        "SKIP " + testdataPath("inputs/bad-setting.clif.in") + ": no target line for s390x\n");
  // One target left: precise-output runs (given a backend). The file has no expected
  // block, so the listing differs from it.
  RunnerOptions x86;
  x86.target = irc::target::Isa::X86_64;
  std::string out = runOne("inputs/two-targets-precise.clif.in", x86);
  const std::string path = testdataPath("inputs/two-targets-precise.clif.in");
  if (irc::target::hasBackend(irc::target::Isa::X86_64))
    CHECK(out.starts_with("FAIL " + path + " [x86_64]: test compile: 1 of 1 function(s) failed\n"));
  else
    CHECK(out.starts_with("SKIP " + path + " [x86_64]"));
}

TEST_CASE("runner: --set applies after the file's set lines", "[filetest][runner]") {
  RunnerOptions options;
  options.settings = {"opt_level=bogus"};
  std::string p = testdataPath("verifier-pointer-width.clif");
  CHECK(runOne("verifier-pointer-width.clif", options) ==
        "FAIL " + p + " [pulley32]: bad settings or ISA flags\n" +
            "    --set opt_level=bogus: invalid value 'bogus' for setting 'opt_level': expected "
            "one of none, speed, speed_and_size\n");
}

TEST_CASE("runner: reports in input order with several jobs", "[filetest][runner]") {
  std::vector<std::string> files;
  for (int i = 0; i < 3; ++i) {
    files.push_back(testdataPath("verifier.clif"));
    files.push_back(testdataPath("inputs/interpret-only.clif.in"));
    files.push_back(testdataPath("inputs/verifier-fails.clif.in"));
  }
  RunnerOptions options;
  options.jobs = 4;
  std::vector<std::string> seen;
  Summary summary =
      runFileTests(files, options, [&](const FileResult &r) { seen.push_back(r.path); });
  CHECK(seen == files);
  CHECK(formatSummary(summary) == "3 passed, 3 failed, 3 skipped, 0 unsupported\n");
}
