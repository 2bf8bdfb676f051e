// TargetInfo: the ISAs irc knows, their pointer widths and ISA flags, and TargetConfig,
// everything a backend is told about its target.
//
// irc generates code for x86_64 and s390x (Isa). A CLIF file may name other ISAs
// (aarch64, riscv64, pulley*): for those irc knows only the pointer width, so their
// functions can be verified, and reports "not supported by irc" for anything else.
// The flags of each ISA come from target/<isa>/IsaFlags.def; an IsaFlags value holds
// only flags of its own ISA.
#pragma once

#include "codegen/Settings.h"
#include "support/Expected.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace irc::target {

/// The ISAs irc generates code for.
enum class Isa : uint8_t { X86_64, S390x };

std::string_view isaName(Isa isa);
/// "x86_64" or "s390x" (or a triple starting with them, "x86_64-unknown-linux-gnu").
std::optional<Isa> parseIsa(std::string_view name);
/// The ISA irc itself runs on, the default target (x86_64 on any other host).
Isa hostIsa();
/// Every Isa, in enum order.
std::span<const Isa> allIsas();

/// Pointer width of any ISA a CLIF `target` line may name, supported or not; nullopt
/// for names irc has never heard of.
std::optional<unsigned> pointerBitsOf(std::string_view isaName);
unsigned pointerBits(Isa isa);

/// One enum per ISA, enumerators from its IsaFlags.def.
enum class X86_64Flag : uint8_t {
#define ISA_FLAG(Enumerator, name, doc) Enumerator,
#include "target/x86_64/IsaFlags.def"
};
enum class S390xFlag : uint8_t {
#define ISA_FLAG(Enumerator, name, doc) Enumerator,
#include "target/s390x/IsaFlags.def"
};

struct IsaFlagInfo {
  std::string_view name;
  std::string_view doc;
};
struct IsaPresetInfo {
  std::string_view name;
  uint64_t flags; // bit i = flag i of the ISA's table
  std::string_view doc;
};
std::span<const IsaFlagInfo> isaFlagInfos(Isa isa);
std::span<const IsaPresetInfo> isaPresetInfos(Isa isa);

/// The ISA flags of one target. Starts with every flag off.
class IsaFlags {
public:
  explicit IsaFlags(Isa isa) : isa_(isa) {}

  Isa isa() const { return isa_; }
  bool has(X86_64Flag flag) const;
  bool has(S390xFlag flag) const;

  /// `has_avx=false`: a flag with a boolean value (true/false/1/0).
  Expected<void> set(std::string_view name, std::string_view value);
  /// A bare `has_avx` (turns the flag on) or a preset name (turns its flags on).
  Expected<void> enable(std::string_view name);
  /// "name=value" or a bare "name".
  Expected<void> apply(std::string_view assignment);

  /// The flags that are on, space-separated, in table order ("has_sse3 has_ssse3").
  std::string text() const;

  friend bool operator==(const IsaFlags &, const IsaFlags &) = default;

private:
  Isa isa_;
  uint64_t bits_ = 0;
};

/// What a backend compiles for: the ISA, its flags and the shared settings.
struct TargetConfig {
  explicit TargetConfig(Isa isa) : isa(isa), flags(isa) {}

  Isa isa;
  IsaFlags flags;
  codegen::Settings settings;

  unsigned pointerBits() const { return target::pointerBits(isa); }
};

} // namespace irc::target
