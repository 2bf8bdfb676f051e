// Literal parsing. All arithmetic is on u128 with explicit overflow checks.
#include "parser/Literals.h"

namespace irc::parser {

namespace {

int hexValue(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

std::string clip(std::string_view s) {
  constexpr size_t kMax = 40;
  return s.size() <= kMax ? std::string(s) : std::string(s.substr(0, kMax)) + "...";
}

} // namespace

std::optional<IntLiteral> parseIntLiteral(std::string_view text, std::string &error) {
  IntLiteral lit;
  std::string_view s = text;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    lit.negative = s[0] == '-';
    s.remove_prefix(1);
  }
  unsigned base = 10;
  if (s.size() >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    s.remove_prefix(2);
  }
  const u128 kMax = ~u128(0);
  bool anyDigit = false;
  for (char c : s) {
    if (c == '_')
      continue;
    int d = hexValue(c);
    if (d < 0 || unsigned(d) >= base) {
      error = "invalid integer literal '" + clip(text) + "'";
      return std::nullopt;
    }
    if (lit.magnitude > (kMax - u128(d)) / base) {
      error = "integer literal too large: " + clip(text);
      return std::nullopt;
    }
    lit.magnitude = lit.magnitude * base + u128(d);
    anyDigit = true;
  }
  if (!anyDigit) {
    error = "invalid integer literal '" + clip(text) + "'";
    return std::nullopt;
  }
  return lit;
}

std::optional<u128> fitBits(const IntLiteral &lit, unsigned bits) {
  u128 mask = bits >= 128 ? ~u128(0) : (u128(1) << bits) - 1;
  if (lit.negative) {
    u128 limit = u128(1) << (bits - 1); // |min signed|
    if (lit.magnitude > limit)
      return std::nullopt;
    return (u128(0) - lit.magnitude) & mask;
  }
  if (lit.magnitude > mask)
    return std::nullopt;
  return lit.magnitude;
}

std::optional<uint64_t> fitUnsigned(const IntLiteral &lit, uint64_t max) {
  if (lit.negative && lit.magnitude != 0)
    return std::nullopt;
  if (lit.magnitude > max)
    return std::nullopt;
  return static_cast<uint64_t>(lit.magnitude);
}

std::optional<int64_t> fitSigned(const IntLiteral &lit, int64_t min, int64_t max) {
  if (lit.negative) {
    u128 limit = u128(uint64_t(0) - static_cast<uint64_t>(min)); // |min|, min <= 0
    if (min > 0 || lit.magnitude > limit)
      return std::nullopt;
    return static_cast<int64_t>(uint64_t(0) - static_cast<uint64_t>(lit.magnitude));
  }
  if (max < 0 || lit.magnitude > u128(static_cast<uint64_t>(max)))
    return std::nullopt;
  return static_cast<int64_t>(lit.magnitude);
}

int64_t signExtend(u128 v, unsigned bits) {
  uint64_t low = static_cast<uint64_t>(v);
  if (bits >= 64)
    return static_cast<int64_t>(low);
  uint64_t sign = uint64_t(1) << (bits - 1);
  low &= (uint64_t(1) << bits) - 1;
  return static_cast<int64_t>((low ^ sign) - sign);
}

std::optional<std::vector<uint8_t>> parseHexBytes(std::string_view text, std::string &error) {
  if (text.size() < 2 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X')) {
    error = "expected a hexadecimal constant (0x...), found '" + clip(text) + "'";
    return std::nullopt;
  }
  std::vector<uint8_t> nibbles;
  nibbles.reserve(text.size());
  for (char c : text.substr(2)) {
    if (c == '_')
      continue;
    int d = hexValue(c);
    if (d < 0) {
      error = "invalid hexadecimal constant '" + clip(text) + "'";
      return std::nullopt;
    }
    nibbles.push_back(static_cast<uint8_t>(d));
  }
  if (nibbles.empty()) {
    error = "invalid hexadecimal constant '" + clip(text) + "'";
    return std::nullopt;
  }
  std::vector<uint8_t> bytes((nibbles.size() + 1) / 2);
  // Walk from the last (least significant) digit: byte 0 takes the last two digits.
  size_t k = 0;
  for (size_t i = nibbles.size(); i > 0; ++k) {
    uint8_t lo = nibbles[--i];
    uint8_t hi = i > 0 ? nibbles[--i] : 0;
    bytes[k] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return bytes;
}

ir::IeeeFormat ieeeFormat(ir::Type laneType) {
  switch (laneType.laneBits()) {
  case 16:
    return ir::kF16;
  case 32:
    return ir::kF32;
  case 64:
    return ir::kF64;
  default:
    return ir::kF128;
  }
}

bool encodeLane(ir::Type laneType, const Token &tok, uint8_t *out, std::string &error) {
  unsigned bytes = laneType.bytes();
  u128 bits = 0;
  if (laneType.laneIsInt()) {
    if (tok.kind != TokenKind::Integer) {
      error = "expected an " + laneType.laneType().name() + " integer, found " +
              std::string(tokenKindName(tok.kind)) + " '" + clip(tok.text) + "'";
      return false;
    }
    std::optional<IntLiteral> lit = parseIntLiteral(tok.text, error);
    if (!lit)
      return false;
    std::optional<u128> fit = fitBits(*lit, laneType.laneBits());
    if (!fit) {
      error = "value " + clip(tok.text) + " does not fit in " + laneType.laneType().name();
      return false;
    }
    bits = *fit;
  } else if (laneType.laneIsFloat()) {
    if (tok.kind != TokenKind::Float && tok.kind != TokenKind::Integer) {
      error = "expected an " + laneType.laneType().name() + " float, found " +
              std::string(tokenKindName(tok.kind)) + " '" + clip(tok.text) + "'";
      return false;
    }
    ir::IeeeParseResult r = ir::parseIeee(tok.text, ieeeFormat(laneType));
    if (!r.bits) {
      error = r.error + ": '" + clip(tok.text) + "' as " + laneType.laneType().name();
      return false;
    }
    bits = *r.bits;
  } else {
    error = "invalid lane type";
    return false;
  }
  for (unsigned i = 0; i < bytes; ++i)
    out[i] = static_cast<uint8_t>(bits >> (8 * i));
  return true;
}

std::string int128Text(__int128 v) {
  bool negative = v < 0;
  u128 m = negative ? u128(0) - u128(v) : u128(v);
  std::string s;
  do {
    s.insert(s.begin(), static_cast<char>('0' + static_cast<int>(m % 10)));
    m /= 10;
  } while (m != 0);
  return negative ? "-" + s : s;
}

} // namespace irc::parser
