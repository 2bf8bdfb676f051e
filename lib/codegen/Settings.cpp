// Settings: parsing and listing, all expanded from Settings.def.
#include "codegen/Settings.h"

#include <charconv>

namespace irc::codegen {

namespace {

constexpr SettingInfo kSettingInfos[] = {
#define BOOL_SETTING(name, getter, def, doc) {#name, SettingKind::Bool, #def, {}, 0, 1, doc},
#define ENUM_SETTING(name, getter, Type, def, doc)                                                \
  {#name, SettingKind::Enum, settingValueText(Type::def), k##Type##Names, 0, 0, doc},
#define NUM_SETTING(name, getter, def, min, max, doc)                                             \
  {#name, SettingKind::Number, #def, {}, min, max, doc},
#include "codegen/Settings.def"
};

std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

Error invalidValue(std::string_view name, std::string_view value, std::string_view expected) {
  return makeError("invalid value " + quoted(value) + " for setting " + quoted(name) +
                   ": expected " + std::string(expected));
}

Expected<void> parseBool(std::string_view name, std::string_view value, bool &out) {
  if (value == "true" || value == "1") {
    out = true;
    return {};
  }
  if (value == "false" || value == "0") {
    out = false;
    return {};
  }
  return invalidValue(name, value, "true, false, 1 or 0");
}

template <typename E, size_t N>
Expected<void> parseEnum(std::string_view name, std::string_view value,
                         const std::string_view (&names)[N], E &out) {
  for (size_t i = 0; i < N; ++i) {
    if (names[i] == value) {
      out = static_cast<E>(i);
      return {};
    }
  }
  std::string expected = "one of ";
  for (size_t i = 0; i < N; ++i)
    expected += std::string(i ? ", " : "") + std::string(names[i]);
  return invalidValue(name, value, expected);
}

Expected<void> parseNumber(std::string_view name, std::string_view value, uint32_t min,
                           uint32_t max, uint32_t &out) {
  uint32_t parsed = 0;
  const char *end = value.data() + value.size();
  auto [ptr, ec] = std::from_chars(value.data(), end, parsed);
  if (value.empty() || ec != std::errc() || ptr != end || parsed < min || parsed > max)
    return invalidValue(name, value,
                        "an integer from " + std::to_string(min) + " to " + std::to_string(max));
  out = parsed;
  return {};
}

} // namespace

std::span<const SettingInfo> allSettings() { return kSettingInfos; }

const SettingInfo *findSetting(std::string_view name) {
  for (const SettingInfo &info : kSettingInfos)
    if (info.name == name)
      return &info;
  return nullptr;
}

Expected<void> Settings::set(std::string_view name, std::string_view value) {
#define BOOL_SETTING(n, getter, def, doc)                                                         \
  if (name == #n)                                                                              \
    return parseBool(name, value, n##_);
#define ENUM_SETTING(n, getter, Type, def, doc)                                                   \
  if (name == #n)                                                                              \
    return parseEnum(name, value, k##Type##Names, n##_);
#define NUM_SETTING(n, getter, def, min, max, doc)                                                \
  if (name == #n)                                                                              \
    return parseNumber(name, value, min, max, n##_);
#include "codegen/Settings.def"
  return makeError("unknown setting " + quoted(name));
}

Expected<void> Settings::enable(std::string_view name) {
  const SettingInfo *info = findSetting(name);
  if (!info)
    return makeError("unknown setting " + quoted(name));
  switch (info->kind) {
  case SettingKind::Bool:
    return set(name, "true");
  case SettingKind::Enum: {
    std::string expected;
    for (size_t i = 0; i < info->values.size(); ++i)
      expected += std::string(i ? ", " : "") + std::string(info->values[i]);
    return makeError("setting " + quoted(name) + " needs a value: one of " + expected);
  }
  case SettingKind::Number:
    return makeError("setting " + quoted(name) + " needs a value: an integer from " +
                     std::to_string(info->min) + " to " + std::to_string(info->max));
  }
  return makeError("unknown setting " + quoted(name));
}

Expected<void> Settings::apply(std::string_view assignment) {
  size_t eq = assignment.find('=');
  if (eq == std::string_view::npos)
    return enable(assignment);
  return set(assignment.substr(0, eq), assignment.substr(eq + 1));
}

std::string Settings::valueText(std::string_view name) const {
#define BOOL_SETTING(n, getter, def, doc)                                                         \
  if (name == #n)                                                                              \
    return n##_ ? "true" : "false";
#define ENUM_SETTING(n, getter, Type, def, doc)                                                   \
  if (name == #n)                                                                              \
    return std::string(settingValueText(n##_));
#define NUM_SETTING(n, getter, def, min, max, doc)                                                \
  if (name == #n)                                                                              \
    return std::to_string(n##_);
#include "codegen/Settings.def"
  return {};
}

std::string Settings::changedText() const {
  std::string out;
  for (const SettingInfo &info : kSettingInfos) {
    std::string value = valueText(info.name);
    if (value == info.defaultText)
      continue;
    if (!out.empty())
      out += ' ';
    out += std::string(info.name) + "=" + value;
  }
  return out;
}

} // namespace irc::codegen
