// TargetInfo: ISA names, pointer widths and ISA-flag tables, expanded from the IsaFlags.def
// files. Flag sets are bit masks over a table's rows; presets are computed at compile time.
#include "target/TargetInfo.h"

#include <array>
#include <cassert>

namespace irc::target {

namespace {

template <typename Flag> constexpr uint64_t flagBit(Flag f) {
  return uint64_t(1) << static_cast<unsigned>(f);
}

namespace x86_64_tables {
constexpr IsaFlagInfo kFlags[] = {
#define ISA_FLAG(Enumerator, name, doc) {name, doc},
#include "target/x86_64/IsaFlags.def"
};
static_assert(std::size(kFlags) <= 64, "IsaFlags keeps flags in 64 bits");

constexpr uint64_t NoPreset = 0;
#define F(Enumerator) | flagBit(X86_64Flag::Enumerator)
#define ISA_PRESET(Identifier, name, Base, flags, doc) constexpr uint64_t Identifier = Base flags;
#include "target/x86_64/IsaFlags.def"

constexpr IsaPresetInfo kPresets[] = {
#define ISA_PRESET(Identifier, name, Base, flags, doc) {name, Identifier, doc},
#include "target/x86_64/IsaFlags.def"
};
#undef F
} // namespace x86_64_tables

namespace s390x_tables {
constexpr IsaFlagInfo kFlags[] = {
#define ISA_FLAG(Enumerator, name, doc) {name, doc},
#include "target/s390x/IsaFlags.def"
};
static_assert(std::size(kFlags) <= 64, "IsaFlags keeps flags in 64 bits");

constexpr uint64_t NoPreset = 0;
#define F(Enumerator) | flagBit(S390xFlag::Enumerator)
#define ISA_PRESET(Identifier, name, Base, flags, doc) constexpr uint64_t Identifier = Base flags;
#include "target/s390x/IsaFlags.def"

constexpr IsaPresetInfo kPresets[] = {
#define ISA_PRESET(Identifier, name, Base, flags, doc) {name, Identifier, doc},
#include "target/s390x/IsaFlags.def"
};
#undef F
} // namespace s390x_tables

/// Every ISA name a CLIF file may use, with its pointer width.
struct KnownIsa {
  std::string_view name;
  unsigned pointerBits;
};
constexpr KnownIsa kKnownIsas[] = {
    {"x86_64", 64},   {"s390x", 64},    {"aarch64", 64},  {"riscv64", 64},
    {"pulley32", 32}, {"pulley32be", 32}, {"pulley64", 64}, {"pulley64be", 64},
};

constexpr Isa kAllIsas[] = {Isa::X86_64, Isa::S390x};

/// "x86_64-unknown-linux-gnu" -> "x86_64": a target line may name a triple.
std::string_view architecture(std::string_view name) {
  size_t dash = name.find('-');
  return dash == std::string_view::npos ? name : name.substr(0, dash);
}

std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

} // namespace

std::string_view isaName(Isa isa) {
  switch (isa) {
  case Isa::X86_64:
    return "x86_64";
  case Isa::S390x:
    return "s390x";
  }
  return "x86_64";
}

std::optional<Isa> parseIsa(std::string_view name) {
  std::string_view arch = architecture(name);
  for (Isa isa : kAllIsas)
    if (isaName(isa) == arch)
      return isa;
  return std::nullopt;
}

Isa hostIsa() {
#if defined(__s390x__)
  return Isa::S390x;
#else
  return Isa::X86_64;
#endif
}

std::span<const Isa> allIsas() { return kAllIsas; }

std::optional<unsigned> pointerBitsOf(std::string_view isaName) {
  std::string_view arch = architecture(isaName);
  for (const KnownIsa &known : kKnownIsas)
    if (known.name == arch)
      return known.pointerBits;
  return std::nullopt;
}

unsigned pointerBits(Isa isa) {
  switch (isa) {
  case Isa::X86_64:
  case Isa::S390x:
    return 64;
  }
  return 64;
}

std::span<const IsaFlagInfo> isaFlagInfos(Isa isa) {
  switch (isa) {
  case Isa::X86_64:
    return x86_64_tables::kFlags;
  case Isa::S390x:
    return s390x_tables::kFlags;
  }
  return {};
}

std::span<const IsaPresetInfo> isaPresetInfos(Isa isa) {
  switch (isa) {
  case Isa::X86_64:
    return x86_64_tables::kPresets;
  case Isa::S390x:
    return s390x_tables::kPresets;
  }
  return {};
}

bool IsaFlags::has(X86_64Flag flag) const {
  assert(isa_ == Isa::X86_64 && "x86_64 flag asked of another ISA");
  return (bits_ & flagBit(flag)) != 0;
}

bool IsaFlags::has(S390xFlag flag) const {
  assert(isa_ == Isa::S390x && "s390x flag asked of another ISA");
  return (bits_ & flagBit(flag)) != 0;
}

Expected<void> IsaFlags::set(std::string_view name, std::string_view value) {
  std::span<const IsaFlagInfo> flags = isaFlagInfos(isa_);
  for (size_t i = 0; i < flags.size(); ++i) {
    if (flags[i].name != name)
      continue;
    uint64_t bit = uint64_t(1) << i;
    if (value == "true" || value == "1") {
      bits_ |= bit;
      return {};
    }
    if (value == "false" || value == "0") {
      bits_ &= ~bit;
      return {};
    }
    return makeError("invalid value " + quoted(value) + " for flag " + quoted(name) +
                     ": expected true, false, 1 or 0");
  }
  for (const IsaPresetInfo &preset : isaPresetInfos(isa_))
    if (preset.name == name)
      return makeError("preset " + quoted(name) + " takes no value");
  return makeError("unknown flag " + quoted(name) + " for target " + quoted(isaName(isa_)));
}

Expected<void> IsaFlags::enable(std::string_view name) {
  for (const IsaPresetInfo &preset : isaPresetInfos(isa_)) {
    if (preset.name == name) {
      bits_ |= preset.flags;
      return {};
    }
  }
  return set(name, "true");
}

Expected<void> IsaFlags::apply(std::string_view assignment) {
  size_t eq = assignment.find('=');
  if (eq == std::string_view::npos)
    return enable(assignment);
  return set(assignment.substr(0, eq), assignment.substr(eq + 1));
}

std::string IsaFlags::text() const {
  std::string out;
  std::span<const IsaFlagInfo> flags = isaFlagInfos(isa_);
  for (size_t i = 0; i < flags.size(); ++i) {
    if (!(bits_ & (uint64_t(1) << i)))
      continue;
    if (!out.empty())
      out += ' ';
    out += flags[i].name;
  }
  return out;
}

} // namespace irc::target
