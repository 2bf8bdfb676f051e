#include "codegen/ir/MemFlags.h"

#include <array>
#include <optional>

namespace irc::ir {

namespace {
constexpr std::array<std::string_view, 11> kRmwNames = {
    "add", "sub", "and", "nand", "or", "xor", "xchg", "umin", "umax", "smin", "smax"};
}

std::string_view atomicRmwOpName(AtomicRmwOp op) { return kRmwNames[static_cast<unsigned>(op)]; }

std::optional<AtomicRmwOp> parseAtomicRmwOp(std::string_view text) {
  for (unsigned i = 0; i < kRmwNames.size(); ++i)
    if (kRmwNames[i] == text)
      return static_cast<AtomicRmwOp>(i);
  return std::nullopt;
}

} // namespace irc::ir
