// Type: the type of an IR value, packed in 16 bits.
//
// A type is a lane type (i8 ... i128, f16 ... f128) and a lane count that is a power of two.
// One lane is a scalar; 2..256 lanes a fixed vector (i32x4); a dynamic vector (i32x4xN) has
// a run-time multiple of the given lanes. Invalid() is the absence of a type.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace irc::ir {

enum class LaneKind : uint8_t { Invalid, I8, I16, I32, I64, I128, F16, F32, F64, F128 };

class Type {
public:
  constexpr Type() = default;
  constexpr Type(LaneKind lane, unsigned log2Lanes = 0, bool dynamic = false)
      : bits_(static_cast<uint16_t>(static_cast<unsigned>(lane) | (log2Lanes << 4) |
                                    (dynamic ? 0x100u : 0u))) {}

  static constexpr Type fromRaw(uint16_t raw) {
    Type t;
    t.bits_ = raw;
    return t;
  }
  constexpr uint16_t raw() const { return bits_; }

  constexpr LaneKind laneKind() const { return static_cast<LaneKind>(bits_ & 0xf); }
  constexpr unsigned log2Lanes() const { return (bits_ >> 4) & 0xf; }
  constexpr bool isDynamic() const { return (bits_ & 0x100) != 0; }
  constexpr bool isValid() const { return laneKind() != LaneKind::Invalid; }

  constexpr unsigned lanes() const { return 1u << log2Lanes(); }
  constexpr Type laneType() const { return Type(laneKind()); }
  constexpr unsigned laneBits() const {
    switch (laneKind()) {
    case LaneKind::Invalid:
      return 0;
    case LaneKind::I8:
      return 8;
    case LaneKind::I16:
    case LaneKind::F16:
      return 16;
    case LaneKind::I32:
    case LaneKind::F32:
      return 32;
    case LaneKind::I64:
    case LaneKind::F64:
      return 64;
    case LaneKind::I128:
    case LaneKind::F128:
      return 128;
    }
    return 0;
  }
  /// Total width; for a dynamic vector, the width of its minimum (fixed) part.
  constexpr unsigned bits() const { return laneBits() * lanes(); }
  constexpr unsigned bytes() const { return (bits() + 7) / 8; }

  constexpr bool laneIsInt() const {
    return laneKind() >= LaneKind::I8 && laneKind() <= LaneKind::I128;
  }
  constexpr bool laneIsFloat() const { return laneKind() >= LaneKind::F16; }
  constexpr bool isScalar() const { return isValid() && log2Lanes() == 0 && !isDynamic(); }
  constexpr bool isInt() const { return isScalar() && laneIsInt(); }
  constexpr bool isFloat() const { return isScalar() && laneIsFloat(); }
  constexpr bool isVector() const { return isValid() && log2Lanes() > 0 && !isDynamic(); }

  /// Same lanes, lane width halved (i32x4 -> i16x4); invalid if no such type.
  Type halfWidth() const;
  /// Same lanes, lane width doubled (i32x4 -> i64x4); invalid if no such type.
  Type doubleWidth() const;
  /// Lane width halved, lane count doubled, same total width (i32x4 -> i16x8).
  Type splitLanes() const;
  /// Lane width doubled, lane count halved, same total width (i16x8 -> i32x4).
  Type mergeLanes() const;
  /// Integer type of the same shape (f32x4 -> i32x4, f64 -> i64).
  Type asInt() const;
  /// The type of a comparison result: i8 for a scalar, the integer vector of the same
  /// shape for a vector.
  Type asTruthy() const;
  /// The same type with a different lane count (log2); invalid if out of range.
  Type withLog2Lanes(unsigned log2) const;
  /// i32x4xN -> i32x4.
  Type dynamicToVector() const;

  std::string name() const;
  /// Parses "i32", "f64x2", "i8x16xN"; nullopt if the text is not a type.
  static std::optional<Type> parse(std::string_view text);

  friend constexpr bool operator==(Type a, Type b) { return a.bits_ == b.bits_; }
  friend constexpr bool operator!=(Type a, Type b) { return a.bits_ != b.bits_; }

private:
  uint16_t bits_ = 0;
};

namespace types {
inline constexpr Type Invalid{};
inline constexpr Type I8{LaneKind::I8};
inline constexpr Type I16{LaneKind::I16};
inline constexpr Type I32{LaneKind::I32};
inline constexpr Type I64{LaneKind::I64};
inline constexpr Type I128{LaneKind::I128};
inline constexpr Type F16{LaneKind::F16};
inline constexpr Type F32{LaneKind::F32};
inline constexpr Type F64{LaneKind::F64};
inline constexpr Type F128{LaneKind::F128};
inline constexpr Type I8X16{LaneKind::I8, 4};
inline constexpr Type I16X8{LaneKind::I16, 3};
inline constexpr Type I32X4{LaneKind::I32, 2};
inline constexpr Type I64X2{LaneKind::I64, 1};
inline constexpr Type F32X4{LaneKind::F32, 2};
inline constexpr Type F64X2{LaneKind::F64, 1};

/// An integer scalar type of the given width, or Invalid.
constexpr Type intWithBits(unsigned bits) {
  switch (bits) {
  case 8:
    return I8;
  case 16:
    return I16;
  case 32:
    return I32;
  case 64:
    return I64;
  case 128:
    return I128;
  default:
    return Invalid;
  }
}
} // namespace types

} // namespace irc::ir
