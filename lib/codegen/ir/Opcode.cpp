#include "codegen/ir/Opcode.h"

#include <algorithm>

namespace irc::ir {

namespace {

constexpr FormatInfo kFormats[] = {
#define FORMAT(name, fixed, varargs) {#name, fixed, varargs},
#include "codegen/ir/Formats.def"
};

// Compile-time parsing of the type tokens in Opcodes.def.
constexpr bool tokenIs(std::string_view tok, std::string_view word) { return tok == word; }

constexpr Type concreteType(std::string_view tok) {
  constexpr std::pair<std::string_view, Type> kTypes[] = {
      {"i8", types::I8},       {"i16", types::I16},     {"i32", types::I32},
      {"i64", types::I64},     {"i128", types::I128},   {"f16", types::F16},
      {"f32", types::F32},     {"f64", types::F64},     {"f128", types::F128},
      {"i8x16", types::I8X16}, {"i16x8", types::I16X8}, {"i32x4", types::I32X4},
      {"i64x2", types::I64X2}, {"f32x4", types::F32X4}, {"f64x2", types::F64X2},
  };
  for (const auto &[name, type] : kTypes)
    if (name == tok)
      return type;
  return types::Invalid;
}

constexpr TypeSpec parseToken(std::string_view tok) {
  constexpr std::pair<std::string_view, TypeRule> kRules[] = {
      {"T", TypeRule::Ctrl},
      {"L", TypeRule::Lane},
      {"B", TypeRule::Truthy},
      {"I", TypeRule::AsInt},
      {"H", TypeRule::HalfWidth},
      {"D", TypeRule::DoubleWidth},
      {"S", TypeRule::SplitLanes},
      {"M", TypeRule::MergeLanes},
      {"V", TypeRule::DynToVector},
      {"int", TypeRule::FreeInt},
      {"addr", TypeRule::FreeAddr},
      {"any", TypeRule::FreeAny},
      {"anyint", TypeRule::FreeAnyInt},
      {"vector", TypeRule::FreeVector},
      {"narrower", TypeRule::FreeNarrower},
      {"wider", TypeRule::FreeWider},
      {"fnarrower", TypeRule::FreeFNarrower},
      {"fwider", TypeRule::FreeFWider},
      {"samebits", TypeRule::FreeSameBits},
      {"ilanes", TypeRule::FreeIntLanes},
      {"flanes", TypeRule::FreeFloatLanes},
  };
  for (const auto &[name, rule] : kRules)
    if (tokenIs(tok, name))
      return TypeSpec{rule, types::Invalid};
  Type t = concreteType(tok);
  if (!t.isValid())
    throw "unknown type token in Opcodes.def"; // a compile error in constant evaluation
  return TypeSpec{TypeRule::Concrete, t};
}

struct SpecList {
  std::array<TypeSpec, 3> specs{};
  uint8_t count = 0;
};

constexpr SpecList parseSpecs(std::string_view text) {
  SpecList list;
  size_t pos = 0;
  while (pos < text.size()) {
    while (pos < text.size() && text[pos] == ' ')
      ++pos;
    size_t start = pos;
    while (pos < text.size() && text[pos] != ' ')
      ++pos;
    if (pos > start) {
      if (list.count == 3)
        throw "too many type tokens in Opcodes.def";
      list.specs[list.count++] = parseToken(text.substr(start, pos - start));
    }
  }
  return list;
}

using namespace opflags;

constexpr OpcodeInfo makeInfo(std::string_view name, Format format, TypeVar tv, TypeSet set,
                              std::string_view results, std::string_view operands,
                              uint8_t flags) {
  SpecList r = parseSpecs(results);
  SpecList o = parseSpecs(operands);
  if (o.count != kFormats[static_cast<unsigned>(format)].fixedValues)
    throw "operand tokens do not match the format in Opcodes.def";
  return OpcodeInfo{name, format, tv, set, r.count, o.count, r.specs, o.specs, flags};
}

constexpr OpcodeInfo kOpcodes[] = {
#define OPCODE(e, name, fmt, tv, set, res, ops, flags)                                           \
  makeInfo(name, Format::fmt, TypeVar::tv, TypeSet::set, res, ops, flags),
#include "codegen/ir/Opcodes.def"
};
static_assert(sizeof(kOpcodes) / sizeof(kOpcodes[0]) == kNumOpcodes);

} // namespace

const FormatInfo &formatInfo(Format f) { return kFormats[static_cast<unsigned>(f)]; }

const OpcodeInfo &opcodeInfo(Opcode op) { return kOpcodes[static_cast<unsigned>(op)]; }

namespace {
// Opcode indices sorted by name, computed at compile time for binary search.
constexpr std::array<uint8_t, kNumOpcodes> kSortedByName = [] {
  std::array<uint8_t, kNumOpcodes> order{};
  for (unsigned i = 0; i < kNumOpcodes; ++i)
    order[i] = static_cast<uint8_t>(i);
  std::sort(order.begin(), order.end(),
            [](uint8_t a, uint8_t b) { return kOpcodes[a].name < kOpcodes[b].name; });
  return order;
}();
} // namespace

std::optional<Opcode> parseOpcode(std::string_view name) {
  auto it = std::lower_bound(kSortedByName.begin(), kSortedByName.end(), name,
                             [](uint8_t op, std::string_view n) { return kOpcodes[op].name < n; });
  if (it != kSortedByName.end() && kOpcodes[*it].name == name)
    return static_cast<Opcode>(*it);
  return std::nullopt;
}

bool typeSetContains(TypeSet set, Type t) {
  if (!t.isValid())
    return false;
  unsigned lb = t.laneBits();
  unsigned lanes = t.lanes();
  bool vectorOrDynamic = t.isVector() || t.isDynamic();
  switch (set) {
  case TypeSet::Any:
    return true;
  case TypeSet::AnyFixed:
    return !t.isDynamic();
  case TypeSet::Int:
    return t.laneIsInt();
  case TypeSet::IntFixed:
    return t.laneIsInt() && !t.isDynamic();
  case TypeSet::IntScalar:
    return t.isInt();
  case TypeSet::NarrowInt:
    return t.isInt() && lb <= 64;
  case TypeSet::WideInt:
    return t.isInt() && lb >= 16;
  case TypeSet::I32I64:
    return t == types::I32 || t == types::I64;
  case TypeSet::Ext8:
    return t.isInt() && lb >= 16 && lb <= 64;
  case TypeSet::Ext16:
    return t.isInt() && lb >= 32 && lb <= 64;
  case TypeSet::Ext32:
    return t == types::I64;
  case TypeSet::Float:
    return t.laneIsFloat();
  case TypeSet::FloatFixed:
    return t.laneIsFloat() && !t.isDynamic();
  case TypeSet::FloatScalar:
    return t.isFloat();
  case TypeSet::Vector:
    return t.isVector();
  case TypeSet::VectorOrDynamic:
    return vectorOrDynamic;
  case TypeSet::IntVector:
    return t.isVector() && t.laneIsInt();
  case TypeSet::NarrowableVector:
    return vectorOrDynamic && t.laneIsInt() && lb >= 16 && lb <= 64 && lanes >= 2 && lanes <= 8;
  case TypeSet::WidenableVector:
    return vectorOrDynamic && t.laneIsInt() && lb <= 32 && lanes >= 2 && lanes <= 16;
  case TypeSet::SatMulVector:
    return t.isVector() && t.laneIsInt() && (lb == 16 || lb == 32) && (lanes == 4 || lanes == 8);
  case TypeSet::Dynamic:
    return t.isDynamic();
  case TypeSet::Addr:
    return t == types::I32 || t == types::I64;
  }
  return false;
}

std::string_view typeSetName(TypeSet set) {
  switch (set) {
  case TypeSet::Any:
    return "any type";
  case TypeSet::AnyFixed:
    return "scalars and fixed vectors";
  case TypeSet::Int:
    return "integer scalars and vectors";
  case TypeSet::IntFixed:
    return "integer scalars and fixed vectors";
  case TypeSet::IntScalar:
    return "i8..i128";
  case TypeSet::NarrowInt:
    return "i8..i64";
  case TypeSet::WideInt:
    return "i16..i128";
  case TypeSet::I32I64:
  case TypeSet::Addr:
    return "i32 or i64";
  case TypeSet::Ext8:
    return "i16..i64";
  case TypeSet::Ext16:
    return "i32 or i64";
  case TypeSet::Ext32:
    return "i64";
  case TypeSet::Float:
    return "float scalars and vectors";
  case TypeSet::FloatFixed:
    return "float scalars and fixed vectors";
  case TypeSet::FloatScalar:
    return "f16..f128";
  case TypeSet::Vector:
    return "vectors";
  case TypeSet::VectorOrDynamic:
    return "vectors or dynamic vectors";
  case TypeSet::IntVector:
    return "integer vectors";
  case TypeSet::NarrowableVector:
    return "vectors of 2..8 i16..i64 lanes";
  case TypeSet::WidenableVector:
    return "vectors of 2..16 i8..i32 lanes";
  case TypeSet::SatMulVector:
    return "i16x4, i16x8, i32x4 or i32x8";
  case TypeSet::Dynamic:
    return "dynamic vectors";
  }
  return "?";
}

Type deriveType(const TypeSpec &spec, Type ctrl) {
  switch (spec.rule) {
  case TypeRule::Ctrl:
    return ctrl;
  case TypeRule::Lane:
    return ctrl.laneType();
  case TypeRule::Truthy:
    return ctrl.asTruthy();
  case TypeRule::AsInt:
    return ctrl.asInt();
  case TypeRule::HalfWidth:
    return ctrl.halfWidth();
  case TypeRule::DoubleWidth:
    return ctrl.doubleWidth();
  case TypeRule::SplitLanes:
    return ctrl.splitLanes();
  case TypeRule::MergeLanes:
    return ctrl.mergeLanes();
  case TypeRule::DynToVector:
    return ctrl.dynamicToVector();
  case TypeRule::Concrete:
    return spec.concrete;
  case TypeRule::FreeInt:
  case TypeRule::FreeAddr:
  case TypeRule::FreeAny:
  case TypeRule::FreeAnyInt:
  case TypeRule::FreeVector:
  case TypeRule::FreeNarrower:
  case TypeRule::FreeWider:
  case TypeRule::FreeFNarrower:
  case TypeRule::FreeFWider:
  case TypeRule::FreeSameBits:
  case TypeRule::FreeIntLanes:
  case TypeRule::FreeFloatLanes:
    return types::Invalid;
  }
  return types::Invalid;
}

} // namespace irc::ir
