#include "codegen/ir/CondCodes.h"

namespace irc::ir {

namespace {
struct IntCCInfo {
  std::string_view name;
  IntCC inverse, swapped;
};
struct FloatCCInfo {
  std::string_view name;
  FloatCC inverse, swapped;
};
constexpr IntCCInfo kIntCC[] = {
#define INTCC(e, name, inv, swp) {name, IntCC::inv, IntCC::swp},
#include "codegen/ir/CondCodes.def"
};
constexpr FloatCCInfo kFloatCC[] = {
#define FLOATCC(e, name, inv, swp) {name, FloatCC::inv, FloatCC::swp},
#include "codegen/ir/CondCodes.def"
};
} // namespace

std::string_view condName(IntCC cc) { return kIntCC[static_cast<unsigned>(cc)].name; }
std::string_view condName(FloatCC cc) { return kFloatCC[static_cast<unsigned>(cc)].name; }

std::optional<IntCC> parseIntCC(std::string_view text) {
  for (unsigned i = 0; i < std::size(kIntCC); ++i)
    if (kIntCC[i].name == text)
      return static_cast<IntCC>(i);
  return std::nullopt;
}

std::optional<FloatCC> parseFloatCC(std::string_view text) {
  for (unsigned i = 0; i < std::size(kFloatCC); ++i)
    if (kFloatCC[i].name == text)
      return static_cast<FloatCC>(i);
  return std::nullopt;
}

IntCC inverse(IntCC cc) { return kIntCC[static_cast<unsigned>(cc)].inverse; }
FloatCC inverse(FloatCC cc) { return kFloatCC[static_cast<unsigned>(cc)].inverse; }
IntCC swapped(IntCC cc) { return kIntCC[static_cast<unsigned>(cc)].swapped; }
FloatCC swapped(FloatCC cc) { return kFloatCC[static_cast<unsigned>(cc)].swapped; }

bool isSigned(IntCC cc) {
  return cc == IntCC::Slt || cc == IntCC::Sge || cc == IntCC::Sgt || cc == IntCC::Sle;
}
bool isUnsigned(IntCC cc) {
  return cc == IntCC::Ult || cc == IntCC::Uge || cc == IntCC::Ugt || cc == IntCC::Ule;
}

} // namespace irc::ir
