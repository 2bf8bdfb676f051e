#include "codegen/ir/Ieee.h"

#include <charconv>
#include <cstring>

namespace irc::ir {

namespace {

std::string hex(u128 v, unsigned minDigits = 1) {
  std::string s;
  while (v != 0) {
    s.insert(s.begin(), "0123456789abcdef"[static_cast<unsigned>(v & 0xf)]);
    v >>= 4;
  }
  while (s.size() < minDigits)
    s.insert(s.begin(), '0');
  return s;
}

int hexDigit(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

u128 mask(unsigned bits) { return bits >= 128 ? ~u128(0) : (u128(1) << bits) - 1; }

IeeeParseResult fail(std::string msg) { return IeeeParseResult{std::nullopt, std::move(msg)}; }
IeeeParseResult ok(u128 bits) { return IeeeParseResult{bits, {}}; }

// Builds the encoding of (-1)^sign * sig * 2^exp2 exactly, or fails.
IeeeParseResult encodeExact(bool negative, u128 sig, int64_t exp2, IeeeFormat fmt) {
  u128 signBit = negative ? u128(1) << (fmt.expBits + fmt.mantBits) : 0;
  if (sig == 0)
    return ok(signBit);
  // Normalize so the significand's top bit is at position mantBits.
  unsigned msb = 127;
  while (((sig >> msb) & 1) == 0)
    --msb;
  int64_t bias = (int64_t(1) << (fmt.expBits - 1)) - 1;
  int64_t e = exp2 + msb; // unbiased exponent of the leading bit
  int64_t emin = 1 - bias;
  int64_t emax = bias;
  if (e > emax)
    return fail("value is too large for the float type");
  int64_t shift; // right shift applied to sig to place it
  u128 biased;
  if (e >= emin) {
    shift = int64_t(msb) - int64_t(fmt.mantBits);
    biased = u128(e + bias);
  } else {
    // Subnormal: the exponent is emin and the leading bit is not stored.
    shift = int64_t(msb) - int64_t(fmt.mantBits) + (emin - e);
    biased = 0;
  }
  u128 placed;
  if (shift > 0) {
    if (shift >= 128 || (sig & mask(unsigned(shift))) != 0)
      return fail("too many significant bits for the float type");
    placed = sig >> shift;
  } else {
    placed = sig << unsigned(-shift);
  }
  u128 trailing = placed & mask(fmt.mantBits);
  return ok(signBit | (biased << fmt.mantBits) | trailing);
}

IeeeParseResult parseHex(std::string_view s, bool negative, IeeeFormat fmt) {
  // s starts after "0x".
  u128 sig = 0;
  int64_t exp2 = 0;
  bool anyDigit = false, seenDot = false;
  size_t i = 0;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c == '_')
      continue;
    if (c == '.') {
      if (seenDot)
        return fail("invalid float literal");
      seenDot = true;
      continue;
    }
    int d = hexDigit(c);
    if (d < 0)
      break;
    anyDigit = true;
    if (sig >> 120) {
      // More than 30 significant hex digits: only trailing zeros can follow exactly.
      if (d != 0)
        return fail("too many significant bits for the float type");
      if (!seenDot)
        exp2 += 4;
      continue;
    }
    sig = (sig << 4) | u128(d);
    if (seenDot)
      exp2 -= 4;
  }
  if (!anyDigit)
    return fail("invalid float literal");
  if (i < s.size()) {
    if (s[i] != 'p' && s[i] != 'P')
      return fail("invalid float literal");
    ++i;
    bool expNeg = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
      expNeg = s[i] == '-';
      ++i;
    }
    if (i == s.size())
      return fail("invalid float exponent");
    int64_t e = 0;
    for (; i < s.size(); ++i) {
      if (s[i] < '0' || s[i] > '9')
        return fail("invalid float exponent");
      e = e * 10 + (s[i] - '0');
      if (e > 100000)
        return fail("float exponent out of range");
    }
    exp2 += expNeg ? -e : e;
  }
  return encodeExact(negative, sig, exp2, fmt);
}

IeeeParseResult parseDecimal(std::string_view s, bool negative, IeeeFormat fmt) {
  for (char c : s)
    if (!((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-'))
      return fail("invalid float literal");
  double d = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
  if (ec != std::errc() || ptr != s.data() + s.size())
    return fail("invalid float literal");
  // Decompose the double exactly, then re-encode in the target format.
  uint64_t raw;
  std::memcpy(&raw, &d, sizeof raw);
  uint64_t mant = raw & ((uint64_t(1) << 52) - 1);
  int64_t e = int64_t((raw >> 52) & 0x7ff);
  if (e == 0x7ff)
    return fail("float literal out of range");
  u128 sig;
  int64_t exp2;
  if (e == 0) {
    sig = mant;
    exp2 = -1074;
  } else {
    sig = mant | (uint64_t(1) << 52);
    exp2 = e - 1075;
  }
  // A decimal takes the nearest double, as in C; that double must then fit the target
  // format exactly (so "0.5" works everywhere and "0.1" only for f64 and f128).
  return encodeExact(negative, sig, exp2, fmt);
}

} // namespace

std::string formatIeee(u128 bits, IeeeFormat fmt) {
  const unsigned w = fmt.expBits, t = fmt.mantBits;
  u128 maxE = mask(w);
  u128 tBits = bits & mask(t);
  u128 eBits = (bits >> t) & maxE;
  bool sign = ((bits >> (w + t)) & 1) != 0;
  int64_t bias = (int64_t(1) << (w - 1)) - 1;
  unsigned digits = (t + 3) / 4;
  u128 leftAligned = tBits << (4 * digits - t);

  std::string out = sign ? "-" : "";
  if (eBits == 0) {
    if (tBits == 0)
      return out + "0.0";
    return out + "0x0." + hex(leftAligned, digits) + "p" + std::to_string(1 - bias);
  }
  if (eBits == maxE) {
    if (!sign)
      out += "+";
    if (tBits == 0)
      return out + "Inf";
    u128 quietBit = u128(1) << (t - 1);
    u128 payload = tBits & (quietBit - 1);
    if (tBits & quietBit)
      return payload ? out + "NaN:0x" + hex(payload) : out + "NaN";
    return out + "sNaN:0x" + hex(payload);
  }
  return out + "0x1." + hex(leftAligned, digits) + "p" + std::to_string(int64_t(eBits) - bias);
}

IeeeParseResult parseIeee(std::string_view text, IeeeFormat fmt) {
  std::string_view s = text;
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  const unsigned t = fmt.mantBits;
  u128 signBit = negative ? u128(1) << (fmt.expBits + t) : 0;
  u128 expAll = mask(fmt.expBits) << t;
  if (s == "Inf")
    return ok(signBit | expAll);
  auto parsePayload = [&](std::string_view p, u128 &out) {
    if (p.size() < 3 || p[0] != '0' || (p[1] != 'x' && p[1] != 'X'))
      return false;
    out = 0;
    for (char c : p.substr(2)) {
      if (c == '_')
        continue;
      int d = hexDigit(c);
      if (d < 0 || (out >> 124) != 0)
        return false;
      out = (out << 4) | u128(d);
    }
    return true;
  };
  if (s.substr(0, 3) == "NaN") {
    u128 quiet = u128(1) << (t - 1);
    u128 payload = 0;
    if (s.size() > 3) {
      if (s[3] != ':' || !parsePayload(s.substr(4), payload))
        return fail("invalid NaN payload");
      if (payload >= quiet)
        return fail("NaN payload out of range");
    }
    return ok(signBit | expAll | quiet | payload);
  }
  if (s.substr(0, 4) == "sNaN") {
    u128 quiet = u128(1) << (t - 1);
    u128 payload = 0;
    if (s.size() < 5 || s[4] != ':' || !parsePayload(s.substr(5), payload))
      return fail("signaling NaN needs a payload: sNaN:0x1");
    if (payload == 0 || payload >= quiet)
      return fail("signaling NaN payload out of range");
    return ok(signBit | expAll | payload);
  }
  if (s.size() >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
    return parseHex(s.substr(2), negative, fmt);
  if (!s.empty() && s[0] >= '0' && s[0] <= '9')
    return parseDecimal(s, negative, fmt);
  return fail("invalid float literal");
}

} // namespace irc::ir
