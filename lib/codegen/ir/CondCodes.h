// Integer and floating-point condition codes (icmp, fcmp).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace irc::ir {

enum class IntCC : uint8_t {
#define INTCC(e, name, inv, swp) e,
#include "codegen/ir/CondCodes.def"
};

enum class FloatCC : uint8_t {
#define FLOATCC(e, name, inv, swp) e,
#include "codegen/ir/CondCodes.def"
};

std::string_view condName(IntCC cc);
std::string_view condName(FloatCC cc);
std::optional<IntCC> parseIntCC(std::string_view text);
std::optional<FloatCC> parseFloatCC(std::string_view text);

/// The condition that holds exactly when cc does not.
IntCC inverse(IntCC cc);
FloatCC inverse(FloatCC cc);
/// The condition on swapped operands: a cc b == b swapped(cc) a.
IntCC swapped(IntCC cc);
FloatCC swapped(FloatCC cc);

bool isSigned(IntCC cc);
bool isUnsigned(IntCC cc);

} // namespace irc::ir
