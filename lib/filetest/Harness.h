// The C harness of `test run`: one C program per file and target that calls the compiled
// functions once per `; run:` / `; print:` line, compares the results bit for bit, and
// reports on stdout, one line per event:
//
//   fail LINE HEX     a run line whose comparison failed; HEX: the results it got
//   trap LINE SIGNO   a run line that trapped (SIGILL, SIGTRAP, SIGFPE, SIGSEGV, SIGBUS)
//   print LINE HEX    the results of a print line
//   done N            the last line: N run and print lines executed
//
// HEX is every result's value as little-endian bytes, lane 0 first (parser::DataValue's
// layout), whatever the target's byte order, so the runner formats it with the CLIF
// printer's number syntax. Arguments are written to a buffer of 16-byte slots
// (Trampoline.h); a direct call reads them back as C values, a trampoline call passes
// the buffer. Results land in a second such buffer before they are encoded.
#pragma once

#include "codegen/ir/Signature.h"
#include "parser/RunCommand.h"
#include "support/Expected.h"
#include "target/TargetInfo.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace irc::filetest {

/// One run or print line, ready for the harness.
struct HarnessCall {
  uint32_t line = 0; // file line of the directive
  std::string text;  // "%f(1, 2) == 3", for messages and the C comment
  parser::RunCommand command;
  std::vector<ir::Type> paramTypes;
  std::vector<ir::Type> resultTypes;
  std::string symbol;  // what the harness calls: the function, or its trampoline
  bool direct = false; // a C call with C types, else a trampoline call
};

struct HarnessSpec {
  std::string title; // "file.clif [x86_64]", a comment at the top
  std::vector<HarnessCall> calls;
};

/// True if C code can call a function of this signature directly on `isa`: system_v,
/// no special parameters but vmctx, at most one result, and only C types (iN; i128 and
/// f16 on x86_64; f32, f64; 128-bit vectors of those lanes except f16).
bool isDirectlyCallable(const ir::Signature &signature, target::Isa isa);

/// The harness's C source.
std::string generateHarness(const HarnessSpec &spec);

struct HarnessEvent {
  enum class Kind { Fail, Trap, Print };
  Kind kind = Kind::Fail;
  uint32_t line = 0;
  std::vector<uint8_t> bytes; // Fail, Print
  int signal = 0;             // Trap
};

struct HarnessOutput {
  std::vector<HarnessEvent> events;
  bool finished = false; // the "done" line was seen
  uint32_t callsRun = 0;
};

/// Reads the harness's stdout; an unknown line is an error.
Expected<HarnessOutput> parseHarnessOutput(std::string_view out);

/// Splits encoded results back into values of `types`; fails if the sizes disagree.
Expected<std::vector<parser::DataValue>> decodeResults(std::span<const uint8_t> bytes,
                                                       std::span<const ir::Type> types);

/// "4" for one value, "[1, 2]" for several (as run lines write them).
std::string resultsText(std::span<const parser::DataValue> values);

/// The report of one event: "path:12: %f(1, 2) == 3 failed: got 4",
/// "path:12: %f(0) == 1 failed: trap SIGFPE", "path:12: %f(1) -> 4" (print).
std::string formatHarnessEvent(std::string_view path, const HarnessCall &call,
                               const HarnessEvent &event);

} // namespace irc::filetest
