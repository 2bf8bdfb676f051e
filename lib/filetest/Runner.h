// The filetest runner behind `irc test`: finds test files, runs each file's `test`
// commands against each selected target, and reports one result per file and target
// (TestResult.h). Cranelift's filetests crate (runner.rs, subtest.rs) is the model.
//
//   test verifier   `; error:` annotations against the verifier (VerifierAnnotations.h)
//   test compile    every function compiles; precise-output compares the assembly with
//                   the block after the function (PreciseOutput.h) unless
//                   comparePrecise is off; expect-fail inverts
//   test run        all functions in one ELF object, one C harness per file and target
//                   (Harness.h, Trampoline.h), run natively or under qemu-s390x
//   anything else   (cat, print-cfg, optimize, interpret, ...) is not run: a file with
//                   nothing else is SKIPped with the kinds named
//
// Results are deterministic: files are reported in input order whatever -j is, and
// nothing depends on timing but timeouts.
#pragma once

#include "codegen/mach/TargetIsa.h"
#include "filetest/TestResult.h"
#include "support/Expected.h"
#include "target/TargetInfo.h"

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace irc::filetest {

/// The external tools `test run` needs (commands with their leading arguments).
struct Toolchain {
  std::vector<std::string> hostCc{"cc"};
  std::vector<std::string> s390xCc{"s390x-linux-gnu-gcc"};
  std::vector<std::string> qemuS390x{"qemu-s390x"};
  std::string s390xSysroot = "/usr/s390x-linux-gnu";

  /// $CC (default cc), $IRC_S390X_CC, $IRC_QEMU_S390X, each split at spaces.
  static Toolchain fromEnvironment();
};

struct RunnerOptions {
  std::optional<target::Isa> target; // --target: only this ISA
  bool bless = false;                // rewrite precise-output blocks
  bool comparePrecise = true;        // false (--no-precise): precise-output files are
                                     // compiled (with their listing) but not compared
  std::vector<std::string> settings; // --set name=value, after each file's own set lines
  unsigned jobs = 1;                 // files tested at once
  bool keepTemps = false;            // keep run-test directories (and say where)
  std::string filter;                // only paths containing this
  std::string tempRoot;              // parent of run-test directories ($TMPDIR or /tmp)
  unsigned timeoutSeconds = 300;     // per tool invocation (compiler, harness)
  Toolchain toolchain;
  /// Makes a target's code generator: target::makeTargetIsa when empty (tests plug in
  /// canned code here).
  std::function<Expected<std::unique_ptr<mach::TargetIsa>>(const target::TargetConfig &)> makeIsa;
};

/// The test files under `paths`: a file is taken as is, a directory is searched
/// recursively for *.clif and *.ir (sorted by path). Keeps paths containing `filter`.
Expected<std::vector<std::string>> collectTestFiles(std::span<const std::string> paths,
                                                    std::string_view filter);

/// Runs every test of one file (and blesses it when asked).
FileResult runFileTest(const std::string &path, const RunnerOptions &options);

/// Runs all files, options.jobs at a time; `report` sees each file's result in input
/// order, from the calling thread. Returns the totals.
Summary runFileTests(std::span<const std::string> files, const RunnerOptions &options,
                     const std::function<void(const FileResult &)> &report);

} // namespace irc::filetest
