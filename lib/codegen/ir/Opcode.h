// Opcode and its static properties, generated from Opcodes.def.
#pragma once

#include "codegen/ir/Types.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace irc::ir {

enum class Format : uint8_t {
#define FORMAT(name, fixed, varargs) name,
#include "codegen/ir/Formats.def"
};

struct FormatInfo {
  std::string_view name;
  uint8_t fixedValues; // value operands stored in the instruction itself
  bool varArgs;        // plus a variable list (call arguments, return values)
};
const FormatInfo &formatInfo(Format f);

enum class Opcode : uint8_t {
#define OPCODE(e, name, fmt, tv, set, res, ops, flags) e,
#include "codegen/ir/Opcodes.def"
};

inline constexpr unsigned kNumOpcodes = 0
#define OPCODE(e, name, fmt, tv, set, res, ops, flags) +1
#include "codegen/ir/Opcodes.def"
    ;

/// Where the controlling type variable of a polymorphic opcode comes from.
enum class TypeVar : uint8_t { None, Result, Op0, Op1, Op2 };

/// Type sets for controlling types (Cranelift's typevar sets). "Dynamic" means dynamic
/// vectors (i32x4xN); sets that say "fixed" exclude them.
enum class TypeSet : uint8_t {
  Any,               // every type: scalars, fixed and dynamic vectors
  AnyFixed,          // scalars and fixed vectors
  Int,               // integer scalars i8..i128, integer fixed and dynamic vectors
  IntFixed,          // integer scalars and integer fixed vectors
  IntScalar,         // i8..i128
  NarrowInt,         // i8..i64
  WideInt,           // i16..i128
  I32I64,            // i32, i64
  Ext8,              // i16..i64 (uload8 and friends)
  Ext16,             // i32, i64
  Ext32,             // i64
  Float,             // float scalars, float fixed and dynamic vectors
  FloatFixed,        // float scalars and float fixed vectors
  FloatScalar,       // f16..f128
  Vector,            // fixed vectors
  VectorOrDynamic,   // fixed or dynamic vectors
  IntVector,         // fixed integer vectors
  NarrowableVector,  // i16..i64 lanes, 2..8 lanes, fixed or dynamic (snarrow and friends)
  WidenableVector,   // i8..i32 lanes, 2..16 lanes, fixed or dynamic (swiden_low and friends)
  SatMulVector,      // i16x4, i16x8, i32x4, i32x8 (sqmul_round_sat, x86_pmulhrsw)
  Dynamic,           // dynamic vectors
  Addr,              // pointer-sized integers: i32, i64
};
bool typeSetContains(TypeSet set, Type t);

/// How one fixed operand's or result's type relates to the controlling type.
enum class TypeRule : uint8_t {
  // Derived from the controlling type.
  Ctrl,
  Lane,
  Truthy,
  AsInt,
  HalfWidth,
  DoubleWidth,
  SplitLanes,
  MergeLanes,
  DynToVector,
  Concrete, // a fixed type, stored alongside
  // Free operand types, checked against a set.
  FreeInt,
  FreeAddr,
  FreeAny,
  FreeAnyInt,
  FreeVector,
  FreeNarrower,
  FreeWider,
  FreeFNarrower,
  FreeFWider,
  FreeSameBits,
  FreeIntLanes,
  FreeFloatLanes,
};

struct TypeSpec {
  TypeRule rule = TypeRule::Ctrl;
  Type concrete{};
  bool isFree() const { return rule >= TypeRule::FreeInt; }
};

namespace opflags {
inline constexpr uint8_t F_TERM = 1 << 0;
inline constexpr uint8_t F_BRANCH = 1 << 1;
inline constexpr uint8_t F_CALL = 1 << 2;
inline constexpr uint8_t F_RETURN = 1 << 3;
inline constexpr uint8_t F_LOAD = 1 << 4;
inline constexpr uint8_t F_STORE = 1 << 5;
inline constexpr uint8_t F_TRAP = 1 << 6;
inline constexpr uint8_t F_EFFECT = 1 << 7;
} // namespace opflags

struct OpcodeInfo {
  std::string_view name;
  Format format;
  TypeVar typeVar;
  TypeSet ctrlSet;
  uint8_t numResults; // fixed results; calls take theirs from the signature
  uint8_t numOperands;
  std::array<TypeSpec, 3> results;
  std::array<TypeSpec, 3> operands;
  uint8_t flags;

  bool isTerminator() const { return flags & opflags::F_TERM; }
  bool isBranch() const { return flags & opflags::F_BRANCH; }
  bool isCall() const { return flags & opflags::F_CALL; }
  bool isReturn() const { return flags & opflags::F_RETURN; }
  bool canLoad() const { return flags & opflags::F_LOAD; }
  bool canStore() const { return flags & opflags::F_STORE; }
  bool canTrap() const { return flags & opflags::F_TRAP; }
  bool hasOtherSideEffects() const { return flags & opflags::F_EFFECT; }
  bool isPolymorphic() const { return typeVar != TypeVar::None; }
  /// No effect at all: removable when unused, free to move.
  bool isPure() const {
    return (flags & (opflags::F_TERM | opflags::F_CALL | opflags::F_LOAD | opflags::F_STORE |
                     opflags::F_TRAP | opflags::F_EFFECT)) == 0;
  }
};

const OpcodeInfo &opcodeInfo(Opcode op);
inline std::string_view opcodeName(Opcode op) { return opcodeInfo(op).name; }
std::optional<Opcode> parseOpcode(std::string_view name);
std::string_view typeSetName(TypeSet set);

/// The type a derived rule gives for a controlling type (Invalid if none exists).
Type deriveType(const TypeSpec &spec, Type ctrl);

} // namespace irc::ir
