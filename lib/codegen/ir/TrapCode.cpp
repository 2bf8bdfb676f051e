#include "codegen/ir/TrapCode.h"

namespace irc::ir {

namespace {
struct Named {
  std::string_view name;
  TrapCode code;
};
constexpr Named kNamed[] = {
    {"stk_ovf", TrapCode::stackOverflow()},
    {"heap_oob", TrapCode::heapOutOfBounds()},
    {"int_ovf", TrapCode::integerOverflow()},
    {"int_divz", TrapCode::integerDivisionByZero()},
    {"bad_toint", TrapCode::badConversionToInteger()},
};
} // namespace

std::string TrapCode::name() const {
  for (const auto &n : kNamed)
    if (n.code == *this)
      return std::string(n.name);
  if (code_ == 0)
    return "notrap";
  return "user" + std::to_string(code_);
}

std::optional<TrapCode> TrapCode::parse(std::string_view text) {
  for (const auto &n : kNamed)
    if (n.name == text)
      return n.code;
  if (text.size() > 4 && text.substr(0, 4) == "user") {
    unsigned value = 0;
    for (char c : text.substr(4)) {
      if (c < '0' || c > '9')
        return std::nullopt;
      value = value * 10 + static_cast<unsigned>(c - '0');
      if (value > kMaxUser)
        return std::nullopt;
    }
    if (value == 0 || (text.size() > 5 && text[4] == '0'))
      return std::nullopt;
    return TrapCode::user(static_cast<uint8_t>(value));
  }
  return std::nullopt;
}

} // namespace irc::ir
