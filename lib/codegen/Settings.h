// Settings: the shared code-generation settings of one compilation (`set` lines, `--set`).
//
// A Settings value always holds a valid value for every setting in Settings.def: set()
// checks the name and the value and leaves the settings unchanged when it fails. It is a
// plain value type (copy it per target), so nothing about settings is global.
#pragma once

#include "support/Expected.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace irc::codegen {

#define VALUE(Enumerator, text) Enumerator,
#define ENUM_TYPE(Type, values) enum class Type : uint8_t { values };
#include "codegen/Settings.def"

// The text of an enum setting value ("speed_and_size"), one overload per enum type.
#define VALUE(Enumerator, text) text,
#define ENUM_TYPE(Type, values)                                                                   \
  inline constexpr std::string_view k##Type##Names[] = {values};                               \
  constexpr std::string_view settingValueText(Type v) { return k##Type##Names[size_t(v)]; }
#include "codegen/Settings.def"

enum class SettingKind : uint8_t { Bool, Enum, Number };

/// What Settings.def says about one setting, for help text, docs and listings.
struct SettingInfo {
  std::string_view name;
  SettingKind kind;
  std::string_view defaultText;
  std::span<const std::string_view> values; // Enum: the allowed values, in table order
  uint32_t min = 0;                          // Number: the allowed range
  uint32_t max = 0;
  std::string_view doc;
};

/// Every setting, in Settings.def order.
std::span<const SettingInfo> allSettings();
/// The setting called `name`, or nullptr.
const SettingInfo *findSetting(std::string_view name);

class Settings {
public:
  // Typed getters: optLevel(), regallocAlgorithm(), preserveFramePointers(), ...
#define BOOL_SETTING(name, getter, def, doc)                                                      \
  bool getter() const { return name##_; }
#define ENUM_SETTING(name, getter, Type, def, doc)                                                \
  Type getter() const { return name##_; }
#define NUM_SETTING(name, getter, def, min, max, doc)                                             \
  uint32_t getter() const { return name##_; }
#include "codegen/Settings.def"

  /// Sets `name` from its text value. Booleans take true/false/1/0, enums one of their
  /// values, numbers a decimal integer in range. Errors: "unknown setting 'foo'",
  /// "invalid value 'x' for setting 'opt_level': expected one of none, speed, speed_and_size".
  Expected<void> set(std::string_view name, std::string_view value);
  /// A bare name, as in `set is_pic`: true for a boolean, an error for other kinds.
  Expected<void> enable(std::string_view name);
  /// "name=value" or a bare "name".
  Expected<void> apply(std::string_view assignment);

  /// The current value of `name` as text ("speed", "true", "12"); empty if unknown.
  std::string valueText(std::string_view name) const;
  /// "name=value" for each setting that differs from its default, space-separated, in
  /// table order (for logs); empty when all are defaults.
  std::string changedText() const;

  friend bool operator==(const Settings &, const Settings &) = default;

private:
#define BOOL_SETTING(name, getter, def, doc) bool name##_ = def;
#define ENUM_SETTING(name, getter, Type, def, doc) Type name##_ = Type::def;
#define NUM_SETTING(name, getter, def, min, max, doc) uint32_t name##_ = def;
#include "codegen/Settings.def"
};

} // namespace irc::codegen
