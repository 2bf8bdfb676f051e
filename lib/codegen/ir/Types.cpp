#include "codegen/ir/Types.h"

namespace irc::ir {

namespace {

constexpr unsigned kMaxLog2Lanes = 8; // 256 lanes

Type laneWithBits(bool isFloat, unsigned bits) {
  if (isFloat) {
    switch (bits) {
    case 16:
      return types::F16;
    case 32:
      return types::F32;
    case 64:
      return types::F64;
    case 128:
      return types::F128;
    default:
      return types::Invalid;
    }
  }
  return types::intWithBits(bits);
}

Type rebuild(Type lane, unsigned log2Lanes, bool dynamic) {
  if (!lane.isValid() || log2Lanes > kMaxLog2Lanes)
    return types::Invalid;
  return Type(lane.laneKind(), log2Lanes, dynamic);
}

} // namespace

Type Type::halfWidth() const {
  return rebuild(laneWithBits(laneIsFloat(), laneBits() / 2), log2Lanes(), isDynamic());
}

Type Type::doubleWidth() const {
  return rebuild(laneWithBits(laneIsFloat(), laneBits() * 2), log2Lanes(), isDynamic());
}

Type Type::splitLanes() const {
  return rebuild(laneWithBits(laneIsFloat(), laneBits() / 2), log2Lanes() + 1, isDynamic());
}

Type Type::mergeLanes() const {
  if (log2Lanes() == 0)
    return types::Invalid;
  return rebuild(laneWithBits(laneIsFloat(), laneBits() * 2), log2Lanes() - 1, isDynamic());
}

Type Type::asInt() const {
  return rebuild(types::intWithBits(laneBits()), log2Lanes(), isDynamic());
}

Type Type::asTruthy() const { return isScalar() ? types::I8 : asInt(); }

Type Type::withLog2Lanes(unsigned log2) const { return rebuild(laneType(), log2, isDynamic()); }

Type Type::dynamicToVector() const {
  return isDynamic() ? Type(laneKind(), log2Lanes(), false) : types::Invalid;
}

std::string Type::name() const {
  const char *lane = nullptr;
  switch (laneKind()) {
  case LaneKind::Invalid:
    return "INVALID";
  case LaneKind::I8:
    lane = "i8";
    break;
  case LaneKind::I16:
    lane = "i16";
    break;
  case LaneKind::I32:
    lane = "i32";
    break;
  case LaneKind::I64:
    lane = "i64";
    break;
  case LaneKind::I128:
    lane = "i128";
    break;
  case LaneKind::F16:
    lane = "f16";
    break;
  case LaneKind::F32:
    lane = "f32";
    break;
  case LaneKind::F64:
    lane = "f64";
    break;
  case LaneKind::F128:
    lane = "f128";
    break;
  }
  std::string s = lane;
  if (log2Lanes() > 0 || isDynamic())
    s += "x" + std::to_string(lanes());
  if (isDynamic())
    s += "xN";
  return s;
}

std::optional<Type> Type::parse(std::string_view text) {
  if (text.size() < 2 || (text[0] != 'i' && text[0] != 'f'))
    return std::nullopt;
  bool isFloat = text[0] == 'f';
  size_t pos = 1;
  auto readNumber = [&](unsigned &out) {
    size_t start = pos;
    out = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      out = out * 10 + static_cast<unsigned>(text[pos] - '0');
      if (out > 100000)
        return false;
      ++pos;
    }
    // No leading zeros: "i08" is not a type.
    return pos > start && !(text[start] == '0' && pos - start > 1);
  };
  unsigned bits = 0;
  if (!readNumber(bits))
    return std::nullopt;
  Type lane = laneWithBits(isFloat, bits);
  if (!lane.isValid())
    return std::nullopt;
  if (pos == text.size())
    return lane;
  if (text[pos] != 'x')
    return std::nullopt;
  ++pos;
  unsigned lanes = 0;
  if (!readNumber(lanes) || lanes < 2 || (lanes & (lanes - 1)) != 0)
    return std::nullopt;
  unsigned log2 = 0;
  while ((1u << log2) < lanes)
    ++log2;
  bool dynamic = false;
  if (pos < text.size()) {
    if (text.substr(pos) != "xN")
      return std::nullopt;
    dynamic = true;
  }
  Type t = rebuild(lane, log2, dynamic);
  if (!t.isValid())
    return std::nullopt;
  return t;
}

} // namespace irc::ir
