// Literals: the numbers of CLIF text turned into bits, shared by the function parser
// and the run-command parser.
//
// Integers are decimal or 0x-hexadecimal with '_' separators and an optional sign. A
// literal fits an N-bit slot if it fits as a signed or as an unsigned N-bit number;
// nothing ever wraps silently. Floats go through ir::parseIeee (exact or an error).
#pragma once

#include "codegen/ir/Ieee.h"
#include "codegen/ir/Types.h"
#include "parser/Lexer.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace irc::parser {

using ir::u128;

struct IntLiteral {
  bool negative = false;
  u128 magnitude = 0;
};

/// Parses an integer literal; on failure returns nullopt and sets `error`.
std::optional<IntLiteral> parseIntLiteral(std::string_view text, std::string &error);

/// The literal as an N-bit pattern (1 <= bits <= 128), if it fits as signed or unsigned.
std::optional<u128> fitBits(const IntLiteral &lit, unsigned bits);

/// The literal as an unsigned number no larger than `max`.
std::optional<uint64_t> fitUnsigned(const IntLiteral &lit, uint64_t max);

/// The literal as a signed number in [min, max].
std::optional<int64_t> fitSigned(const IntLiteral &lit, int64_t min, int64_t max);

/// Sign-extends the low `bits` bits of v to 64 bits.
int64_t signExtend(u128 v, unsigned bits);

/// "0x0102": bytes with the literal's least significant byte first ({0x02, 0x01}). An
/// odd digit count gives a leading half byte. Underscores are skipped.
std::optional<std::vector<uint8_t>> parseHexBytes(std::string_view text, std::string &error);

/// The IEEE format of a float lane type.
ir::IeeeFormat ieeeFormat(ir::Type laneType);

/// Encodes one lane (an integer or float token) of `laneType` as little-endian bytes at
/// `out` (laneType.bytes() of them). On failure returns false and sets `error`.
bool encodeLane(ir::Type laneType, const Token &tok, uint8_t *out, std::string &error);

/// Decimal text of a signed 128-bit number.
std::string int128Text(__int128 v);

} // namespace irc::parser
