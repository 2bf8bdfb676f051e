// `; run:` and `; print:` directives: a call with constant arguments and, for run, the
// expected results.
//
//   ; run: %f(1, 0x2.0p0, [1 2 3 4]) == 3         one result
//   ; run: %f(1) == [1, 2]                        several results
//   ; run: %f(1)                                  the (single) result must be non-zero
//   ; run                                         %f() with no arguments, non-zero result
//   ; print: %f(1)                                print the results
#pragma once

#include "codegen/ir/Signature.h"
#include "codegen/ir/Types.h"
#include "support/Expected.h"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace irc::parser {

/// A constant of any CLIF type up to 128 bits, as little-endian bytes (lane 0 first).
struct DataValue {
  ir::Type type;
  std::array<uint8_t, 16> bytes{};

  friend bool operator==(const DataValue &a, const DataValue &b) {
    return a.type == b.type && a.bytes == b.bytes;
  }
  /// CLIF text for the value ("-1", "0x1.0p0", "[1 2 3 4]").
  std::string text() const;
};

struct RunCommand {
  enum class Kind { Run, Print };
  enum class Compare { NonZero, Equal, NotEqual };
  Kind kind = Kind::Run;
  std::string function; // without '%'
  std::vector<DataValue> args;
  Compare compare = Compare::NonZero;
  std::vector<DataValue> expected;
};

/// Parses the directive text after the comment's ';' ("run: %f(1) == 2"). The
/// signature types the arguments and results.
Expected<RunCommand> parseRunCommand(std::string_view text, const ir::Signature &signature);

/// True if a comment is a run or print directive.
bool isRunDirective(std::string_view commentText);

} // namespace irc::parser
