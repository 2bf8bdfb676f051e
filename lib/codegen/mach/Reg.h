// Registers as the machine layer sees them.
//
// RegClass: a register file. A target uses Int for general-purpose registers, Float for
// its floating-point/vector file (x86_64 xmm, s390x f/v), and Vector where a target has
// a separate vector file.
// PReg: a physical register: class and hardware number (0..63), packed in one byte.
// VReg: a virtual register: a dense index and a class.
// Reg: either, in 32 bits, as machine instructions hold it before and after allocation.
#pragma once

#include <array>
#include <bit>
#include <cassert>
#include <cstdint>
#include <string>

namespace irc::mach {

enum class RegClass : uint8_t { Int = 0, Float = 1, Vector = 2 };
inline constexpr unsigned kNumRegClasses = 3;

/// "int", "float" or "vector" (for messages).
constexpr const char *regClassName(RegClass c) {
  switch (c) {
  case RegClass::Int:
    return "int";
  case RegClass::Float:
    return "float";
  case RegClass::Vector:
    return "vector";
  }
  return "?";
}

class PReg {
public:
  static constexpr unsigned kMaxPerClass = 64;
  constexpr PReg() = default;
  constexpr PReg(RegClass cls, unsigned hw)
      : bits_(static_cast<uint8_t>((static_cast<unsigned>(cls) << 6) | hw)), valid_(true) {}
  constexpr RegClass cls() const { return static_cast<RegClass>(bits_ >> 6); }
  constexpr unsigned hw() const { return bits_ & 63; }
  /// Dense index over all classes: cls * 64 + hw.
  constexpr unsigned index() const { return bits_; }
  constexpr bool isValid() const { return valid_; }
  static constexpr PReg fromIndex(unsigned index) {
    return PReg(static_cast<RegClass>(index >> 6), index & 63);
  }
  friend constexpr bool operator==(PReg a, PReg b) {
    return a.bits_ == b.bits_ && a.valid_ == b.valid_;
  }
  friend constexpr bool operator!=(PReg a, PReg b) { return !(a == b); }

private:
  uint8_t bits_ = 0;
  bool valid_ = false;
};

class VReg {
public:
  // Indices stay below 2^29, so that a VReg's bits never set Reg's physical bit (the
  // default Reg() must be neither physical nor virtual).
  static constexpr uint32_t kInvalid = 0x1fffffffu;
  constexpr VReg() = default;
  constexpr VReg(uint32_t index, RegClass cls)
      : bits_((index << 2) | static_cast<uint32_t>(cls)) {}
  constexpr uint32_t index() const { return bits_ >> 2; }
  constexpr RegClass cls() const { return static_cast<RegClass>(bits_ & 3); }
  constexpr bool isValid() const { return index() != kInvalid; }
  constexpr uint32_t bits() const { return bits_; }
  static constexpr VReg fromBits(uint32_t b) {
    VReg v;
    v.bits_ = b;
    return v;
  }
  friend constexpr bool operator==(VReg a, VReg b) { return a.bits_ == b.bits_; }
  friend constexpr bool operator!=(VReg a, VReg b) { return a.bits_ != b.bits_; }

private:
  uint32_t bits_ = (kInvalid << 2);
};

/// A register operand of a machine instruction: virtual before allocation, physical
/// after it (and physical from the start for registers the allocator never sees, such
/// as the stack pointer).
class Reg {
public:
  constexpr Reg() = default;
  constexpr Reg(VReg v) : bits_(v.bits()) {}
  constexpr Reg(PReg p) : bits_(kPhysBit | p.index()) {}
  constexpr bool isPhysical() const { return (bits_ & kPhysBit) != 0; }
  constexpr bool isVirtual() const { return !isPhysical() && VReg::fromBits(bits_).isValid(); }
  constexpr bool isValid() const { return isPhysical() || isVirtual(); }
  constexpr PReg preg() const {
    assert(isPhysical());
    return PReg::fromIndex(bits_ & 0xff);
  }
  constexpr VReg vreg() const {
    assert(!isPhysical());
    return VReg::fromBits(bits_);
  }
  constexpr RegClass cls() const { return isPhysical() ? preg().cls() : vreg().cls(); }
  constexpr uint32_t bits() const { return bits_; }
  friend constexpr bool operator==(Reg a, Reg b) { return a.bits_ == b.bits_; }
  friend constexpr bool operator!=(Reg a, Reg b) { return a.bits_ != b.bits_; }

private:
  static constexpr uint32_t kPhysBit = 0x80000000u;
  uint32_t bits_ = VReg().bits();
};

static_assert(!Reg().isValid() && !Reg().isPhysical(), "Reg() means no register");

/// How every listing names a virtual register: "%v12". Targets print physical registers
/// with their own names and call this for virtual ones.
inline std::string vregName(VReg v) { return "%v" + std::to_string(v.index()); }

/// A set of physical registers over all classes (192 bits).
class PRegSet {
public:
  constexpr PRegSet() = default;
  constexpr void add(PReg r) { words_[r.index() >> 6] |= uint64_t(1) << (r.index() & 63); }
  constexpr void remove(PReg r) { words_[r.index() >> 6] &= ~(uint64_t(1) << (r.index() & 63)); }
  constexpr bool contains(PReg r) const {
    return (words_[r.index() >> 6] >> (r.index() & 63)) & 1;
  }
  constexpr PRegSet &operator|=(const PRegSet &o) {
    for (unsigned i = 0; i < kNumRegClasses; ++i)
      words_[i] |= o.words_[i];
    return *this;
  }
  constexpr PRegSet &operator&=(const PRegSet &o) {
    for (unsigned i = 0; i < kNumRegClasses; ++i)
      words_[i] &= o.words_[i];
    return *this;
  }
  constexpr PRegSet without(const PRegSet &o) const {
    PRegSet r = *this;
    for (unsigned i = 0; i < kNumRegClasses; ++i)
      r.words_[i] &= ~o.words_[i];
    return r;
  }
  constexpr bool empty() const { return (words_[0] | words_[1] | words_[2]) == 0; }
  constexpr uint64_t classBits(RegClass c) const { return words_[static_cast<unsigned>(c)]; }
  constexpr unsigned count() const {
    return static_cast<unsigned>(std::popcount(words_[0]) + std::popcount(words_[1]) +
                                 std::popcount(words_[2]));
  }
  friend constexpr bool operator==(const PRegSet &a, const PRegSet &b) {
    return a.words_ == b.words_;
  }

  /// Visits members in ascending index order.
  template <typename F> constexpr void forEach(F &&f) const {
    for (unsigned c = 0; c < kNumRegClasses; ++c) {
      uint64_t w = words_[c];
      while (w) {
        unsigned bit = static_cast<unsigned>(std::countr_zero(w));
        f(PReg(static_cast<RegClass>(c), bit));
        w &= w - 1;
      }
    }
  }

private:
  std::array<uint64_t, kNumRegClasses> words_{};
};

} // namespace irc::mach
