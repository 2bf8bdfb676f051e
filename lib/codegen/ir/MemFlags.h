// MemFlags: what a memory access promises (alignment, trapping, endianness, alias region).
#pragma once

#include "codegen/ir/Entities.h"
#include "codegen/ir/TrapCode.h"

#include <cstdint>

namespace irc::ir {

enum class Endianness : uint8_t { Native, Little, Big };

class MemFlags {
public:
  /// Default flags: may trap with heap_oob, no alignment promise, native byte order.
  MemFlags() = default;
  static MemFlags trusted() {
    MemFlags f;
    f.setNotrap();
    f.setAligned();
    return f;
  }

  bool aligned() const { return bits_ & kAligned; }
  bool readonly() const { return bits_ & kReadonly; }
  bool canMove() const { return bits_ & kCanMove; }
  bool checked() const { return bits_ & kChecked; }
  bool notrap() const { return trap_.isNone(); }
  /// The code of the trap this access raises on a fault; none() for notrap.
  TrapCode trapCode() const { return trap_; }
  Endianness endianness() const {
    return (bits_ & kLittle) ? Endianness::Little
           : (bits_ & kBig)  ? Endianness::Big
                             : Endianness::Native;
  }
  AliasRegion region() const { return region_; }

  void setAligned() { bits_ |= kAligned; }
  void setReadonly() { bits_ |= kReadonly; }
  void setCanMove() { bits_ |= kCanMove; }
  void setChecked() { bits_ |= kChecked; }
  void setNotrap() { trap_ = TrapCode::none(); }
  void setTrapCode(TrapCode code) { trap_ = code; }
  void setEndianness(Endianness e) {
    bits_ &= static_cast<uint8_t>(~(kLittle | kBig));
    if (e == Endianness::Little)
      bits_ |= kLittle;
    else if (e == Endianness::Big)
      bits_ |= kBig;
  }
  void setRegion(AliasRegion r) { region_ = r; }

  /// Flags other than byte order (bitcast accepts only byte order).
  bool hasNonEndianFlags() const {
    return (bits_ & ~(kLittle | kBig)) != 0 || trap_ != TrapCode::heapOutOfBounds() ||
           region_.isValid();
  }

  friend bool operator==(const MemFlags &a, const MemFlags &b) {
    return a.bits_ == b.bits_ && a.trap_ == b.trap_ && a.region_ == b.region_;
  }

private:
  static constexpr uint8_t kAligned = 1, kReadonly = 2, kLittle = 4, kBig = 8, kCanMove = 16,
                           kChecked = 32;
  uint8_t bits_ = 0;
  TrapCode trap_ = TrapCode::heapOutOfBounds();
  AliasRegion region_{};
};

enum class AtomicRmwOp : uint8_t { Add, Sub, And, Nand, Or, Xor, Xchg, Umin, Umax, Smin, Smax };
std::string_view atomicRmwOpName(AtomicRmwOp op);
std::optional<AtomicRmwOp> parseAtomicRmwOp(std::string_view text);

} // namespace irc::ir
