// Names of things outside the function: callees, symbols, the function's own name.
#pragma once

#include <cstdint>
#include <string>

namespace irc::ir {

/// "%name" (a test-case name, also the object symbol) or "u<namespace>:<index>" (a user
/// name that an embedder resolves).
struct ExternalName {
  enum class Kind : uint8_t { TestCase, User };
  Kind kind = Kind::TestCase;
  std::string name; // TestCase
  uint32_t ns = 0;  // User
  uint32_t index = 0;

  static ExternalName testCase(std::string n) {
    return ExternalName{Kind::TestCase, std::move(n), 0, 0};
  }
  static ExternalName user(uint32_t ns, uint32_t index) {
    return ExternalName{Kind::User, {}, ns, index};
  }

  std::string text() const {
    if (kind == Kind::TestCase)
      return "%" + name;
    return "u" + std::to_string(ns) + ":" + std::to_string(index);
  }
  /// The object-file symbol for this name: the bare test-case name, or a stable
  /// mangling of the user name.
  std::string symbol() const {
    if (kind == Kind::TestCase)
      return name;
    return "u" + std::to_string(ns) + "_" + std::to_string(index);
  }

  friend bool operator==(const ExternalName &a, const ExternalName &b) {
    return a.kind == b.kind && a.name == b.name && a.ns == b.ns && a.index == b.index;
  }
};

} // namespace irc::ir
