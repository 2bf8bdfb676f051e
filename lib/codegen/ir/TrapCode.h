// TrapCode: why a trap happened, as CLIF spells it (heap_oob, user42, ...).
//
// Codes are one byte: 0 is "no trap" (a notrap memory access), 1..250 are user codes
// (user1..user250), and the top five are the named codes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace irc::ir {

class TrapCode {
public:
  static constexpr uint8_t kMaxUser = 250;

  constexpr TrapCode() = default;
  static constexpr TrapCode none() { return TrapCode(0); }
  static constexpr TrapCode user(uint8_t n) { return TrapCode(n); } // 1..kMaxUser
  static constexpr TrapCode badConversionToInteger() { return TrapCode(251); }
  static constexpr TrapCode integerDivisionByZero() { return TrapCode(252); }
  static constexpr TrapCode integerOverflow() { return TrapCode(253); }
  static constexpr TrapCode heapOutOfBounds() { return TrapCode(254); }
  static constexpr TrapCode stackOverflow() { return TrapCode(255); }

  static constexpr TrapCode fromRaw(uint8_t raw) { return TrapCode(raw); }
  constexpr uint8_t raw() const { return code_; }
  constexpr bool isNone() const { return code_ == 0; }

  std::string name() const;
  static std::optional<TrapCode> parse(std::string_view text);

  friend constexpr bool operator==(TrapCode a, TrapCode b) { return a.code_ == b.code_; }
  friend constexpr bool operator!=(TrapCode a, TrapCode b) { return a.code_ != b.code_; }

private:
  constexpr explicit TrapCode(uint8_t code) : code_(code) {}
  uint8_t code_ = 0;
};

} // namespace irc::ir
