// Text forms of IEEE 754 floats of any width irc knows (f16, f32, f64, f128).
//
// Printing is exact and canonical: "0.0", "-0.0", "0x1.8000000000000p1", subnormals as
// "0x0.<digits>p<emin>", "+Inf", "-Inf", "+NaN", "+NaN:0x<payload>", "+sNaN:0x<payload>".
// Parsing accepts those forms, any hexadecimal float that the format represents exactly,
// and decimal literals (through the nearest double, which must then fit exactly). A value that needs rounding is an error.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace irc::ir {

using u128 = unsigned __int128;

struct IeeeFormat {
  unsigned expBits;
  unsigned mantBits; // trailing significand bits
  unsigned totalBits() const { return 1 + expBits + mantBits; }
};

inline constexpr IeeeFormat kF16{5, 10};
inline constexpr IeeeFormat kF32{8, 23};
inline constexpr IeeeFormat kF64{11, 52};
inline constexpr IeeeFormat kF128{15, 112};

std::string formatIeee(u128 bits, IeeeFormat fmt);

struct IeeeParseResult {
  std::optional<u128> bits;
  std::string error; // set when bits is empty
};
IeeeParseResult parseIeee(std::string_view text, IeeeFormat fmt);

} // namespace irc::ir
