// Lexer implementation. Every branch advances pos_ or ends in an Error/Eof token, so
// next() always terminates; the whole input is scanned once.
#include "parser/Lexer.h"

#include "codegen/ir/Types.h"

#include <array>
#include <cstdio>
#include <cstring>
#include <optional>

namespace irc::parser {

namespace {

// Character classes, one table lookup each (the lexer's inner loops run per byte).
enum : uint8_t { kDigit = 1, kAlpha = 2, kUnderscore = 4, kSpace = 8 };
constexpr std::array<uint8_t, 256> kCharClass = [] {
  std::array<uint8_t, 256> t{};
  for (int c = '0'; c <= '9'; ++c)
    t[c] = kDigit;
  for (int c = 'a'; c <= 'z'; ++c)
    t[c] = kAlpha;
  for (int c = 'A'; c <= 'Z'; ++c)
    t[c] = kAlpha;
  t['_'] = kUnderscore;
  t[' '] = t['\t'] = t['\r'] = kSpace;
  return t;
}();
bool isDigit(char c) { return kCharClass[static_cast<unsigned char>(c)] & kDigit; }
bool isAlpha(char c) { return kCharClass[static_cast<unsigned char>(c)] & kAlpha; }
bool isWordChar(char c) {
  return kCharClass[static_cast<unsigned char>(c)] & (kDigit | kAlpha | kUnderscore);
}
int hexValue(char c) {
  if (isDigit(c))
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

std::string hexByte(unsigned char c) {
  const char *digits = "0123456789abcdef";
  return std::string("0x") + digits[c >> 4] + digits[c & 15];
}

/// Words longer than this are cut in messages, so a 2 MB identifier gives a short error.
std::string clip(std::string_view s) {
  constexpr size_t kMax = 40;
  if (s.size() <= kMax)
    return std::string(s);
  return std::string(s.substr(0, kMax)) + "...";
}

/// The entity kind a name prefix denotes ("v" -> Value, "block" -> Block), or Eof.
/// Written as a switch on length and characters: it runs for every word ending in a digit.
TokenKind entityKind(std::string_view p) {
  auto is = [&](const char *word) { return p == word; };
  switch (p.size()) {
  case 1:
    return p[0] == 'v' ? TokenKind::Value : TokenKind::Eof;
  case 2:
    return is("ss")   ? TokenKind::StackSlot
           : is("gv") ? TokenKind::GlobalValue
           : is("dt") ? TokenKind::DynamicType
           : is("fn") ? TokenKind::FuncRef
                      : TokenKind::Eof;
  case 3:
    return is("dss")   ? TokenKind::DynamicStackSlot
           : is("sig") ? TokenKind::SigRef
           : is("tag") ? TokenKind::ExceptionTag
           : is("ret") ? TokenKind::TryCallRet
           : is("exn") ? TokenKind::TryCallExn
                       : TokenKind::Eof;
  case 5:
    return is("block") ? TokenKind::Block : is("const") ? TokenKind::Constant : TokenKind::Eof;
  case 6:
    return is("region") ? TokenKind::AliasRegion : TokenKind::Eof;
  default:
    return TokenKind::Eof;
  }
}

/// Largest entity number: 2^32-1 is the reserved "none" index.
constexpr uint64_t kMaxEntityNumber = 0xfffffffeu;

} // namespace

std::string_view tokenKindName(TokenKind kind) {
  switch (kind) {
  case TokenKind::Eof:
    return "end of file";
  case TokenKind::Error:
    return "error";
  case TokenKind::Comment:
    return "comment";
  case TokenKind::LParen:
    return "'('";
  case TokenKind::RParen:
    return "')'";
  case TokenKind::LBrace:
    return "'{'";
  case TokenKind::RBrace:
    return "'}'";
  case TokenKind::LBracket:
    return "'['";
  case TokenKind::RBracket:
    return "']'";
  case TokenKind::LAngle:
    return "'<'";
  case TokenKind::RAngle:
    return "'>'";
  case TokenKind::Comma:
    return "','";
  case TokenKind::Dot:
    return "'.'";
  case TokenKind::Colon:
    return "':'";
  case TokenKind::Equal:
    return "'='";
  case TokenKind::Bang:
    return "'!'";
  case TokenKind::Star:
    return "'*'";
  case TokenKind::Arrow:
    return "'->'";
  case TokenKind::Plus:
    return "'+'";
  case TokenKind::Minus:
    return "'-'";
  case TokenKind::At:
    return "'@'";
  case TokenKind::Integer:
    return "integer";
  case TokenKind::Float:
    return "float";
  case TokenKind::String:
    return "string";
  case TokenKind::Name:
    return "name";
  case TokenKind::UserName:
    return "user name";
  case TokenKind::Identifier:
    return "identifier";
  case TokenKind::Type:
    return "type";
  case TokenKind::SourceLoc:
    return "source location";
  case TokenKind::Value:
    return "value";
  case TokenKind::Block:
    return "block";
  case TokenKind::StackSlot:
    return "stack slot";
  case TokenKind::DynamicStackSlot:
    return "dynamic stack slot";
  case TokenKind::GlobalValue:
    return "global value";
  case TokenKind::DynamicType:
    return "dynamic type";
  case TokenKind::SigRef:
    return "signature";
  case TokenKind::FuncRef:
    return "function reference";
  case TokenKind::Constant:
    return "constant";
  case TokenKind::AliasRegion:
    return "alias region";
  case TokenKind::ExceptionTag:
    return "exception tag";
  case TokenKind::TryCallRet:
    return "try_call return value";
  case TokenKind::TryCallExn:
    return "try_call exception payload";
  }
  return "token";
}

Lexer::Lexer(std::string_view text) : src_(text) {}

Token Lexer::make(TokenKind kind, size_t begin, size_t end) {
  Token t;
  t.kind = kind;
  t.firstOnLine = line_ != lastTokenLine_;
  t.loc = locAt(begin);
  t.text = src_.substr(begin, end - begin);
  lastTokenLine_ = line_;
  pos_ = end;
  return t;
}

Token Lexer::fail(size_t at, std::string message) {
  failed_ = true;
  error_ = std::move(message);
  Token t;
  t.kind = TokenKind::Error;
  t.firstOnLine = line_ != lastTokenLine_;
  t.loc = locAt(at);
  t.text = src_.substr(at, at < src_.size() ? 1 : 0);
  pos_ = src_.size();
  return t;
}

void Lexer::skipSpace() {
  while (pos_ < src_.size()) {
    char c = src_[pos_];
    if (kCharClass[static_cast<unsigned char>(c)] & kSpace) {
      ++pos_;
    } else if (c == '\n') {
      ++pos_;
      ++line_;
      lineStart_ = pos_;
    } else {
      break;
    }
  }
}

size_t Lexer::utf8Length(size_t pos) const {
  auto at = [&](size_t i) -> unsigned {
    return i < src_.size() ? static_cast<unsigned char>(src_[i]) : 0u;
  };
  auto cont = [&](size_t i) { return (at(i) & 0xc0) == 0x80; };
  unsigned c = at(pos);
  if (c >= 0xc2 && c <= 0xdf)
    return cont(pos + 1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    unsigned c1 = at(pos + 1);
    if (c == 0xe0 && c1 < 0xa0)
      return 0;
    if (c == 0xed && c1 > 0x9f)
      return 0;
    return cont(pos + 1) && cont(pos + 2) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    unsigned c1 = at(pos + 1);
    if (c == 0xf0 && c1 < 0x90)
      return 0;
    if (c == 0xf4 && c1 > 0x8f)
      return 0;
    return cont(pos + 1) && cont(pos + 2) && cont(pos + 3) ? 4 : 0;
  }
  return 0;
}

Token Lexer::next() {
  if (failed_) {
    Token t;
    t.loc = locAt(src_.size());
    return t;
  }
  skipSpace();
  if (pos_ >= src_.size()) {
    Token t;
    t.firstOnLine = true;
    t.loc = locAt(src_.size());
    return t;
  }
  char c = src_[pos_];
  auto startsNumber = [&](size_t p) {
    if (p >= src_.size())
      return false;
    std::string_view rest = src_.substr(p);
    return isDigit(rest[0]) || rest.starts_with("Inf") || rest.starts_with("NaN") ||
           rest.starts_with("sNaN");
  };
  switch (c) {
  case ';':
    return lexComment();
  case '(':
    return make(TokenKind::LParen, pos_, pos_ + 1);
  case ')':
    return make(TokenKind::RParen, pos_, pos_ + 1);
  case '{':
    return make(TokenKind::LBrace, pos_, pos_ + 1);
  case '}':
    return make(TokenKind::RBrace, pos_, pos_ + 1);
  case '[':
    return make(TokenKind::LBracket, pos_, pos_ + 1);
  case ']':
    return make(TokenKind::RBracket, pos_, pos_ + 1);
  case '<':
    return make(TokenKind::LAngle, pos_, pos_ + 1);
  case '>':
    return make(TokenKind::RAngle, pos_, pos_ + 1);
  case ',':
    return make(TokenKind::Comma, pos_, pos_ + 1);
  case '.':
    return make(TokenKind::Dot, pos_, pos_ + 1);
  case ':':
    return make(TokenKind::Colon, pos_, pos_ + 1);
  case '=':
    return make(TokenKind::Equal, pos_, pos_ + 1);
  case '!':
    return make(TokenKind::Bang, pos_, pos_ + 1);
  case '*':
    return make(TokenKind::Star, pos_, pos_ + 1);
  case '-':
    if (pos_ + 1 < src_.size() && src_[pos_ + 1] == '>')
      return make(TokenKind::Arrow, pos_, pos_ + 2);
    if (startsNumber(pos_ + 1))
      return lexNumber();
    return make(TokenKind::Minus, pos_, pos_ + 1);
  case '+':
    if (startsNumber(pos_ + 1))
      return lexNumber();
    return make(TokenKind::Plus, pos_, pos_ + 1);
  case '%':
    return lexName();
  case '"':
    return lexString();
  case '@':
    return lexSourceLoc();
  default:
    break;
  }
  if (isDigit(c))
    return lexNumber();
  if (isAlpha(c) || c == '_')
    return lexWord();
  return lexBadChar();
}

std::string_view Lexer::restOfLine() {
  size_t begin = pos_;
  while (pos_ < src_.size()) {
    unsigned char c = static_cast<unsigned char>(src_[pos_]);
    // Stop at the line end, a comment, or a byte next() will report as an error.
    if (c == '\n' || c == ';' || c == 0 || c >= 0x7f || (c < 0x20 && c != '\t' && c != '\r'))
      break;
    ++pos_;
  }
  return src_.substr(begin, pos_ - begin);
}

Token Lexer::lexComment() {
  size_t begin = pos_;
  const void *nl = std::memchr(src_.data() + pos_, '\n', src_.size() - pos_);
  size_t end = nl ? static_cast<size_t>(static_cast<const char *>(nl) - src_.data()) : src_.size();
  for (size_t i = begin + 1; i < end;) {
    unsigned char c = static_cast<unsigned char>(src_[i]);
    if (c == 0)
      return fail(i, "unexpected NUL byte");
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t n = utf8Length(i);
    if (n == 0 || i + n > end)
      return fail(i, "invalid UTF-8 byte " + hexByte(c));
    i += n;
  }
  size_t textEnd = end;
  if (textEnd > begin + 1 && src_[textEnd - 1] == '\r')
    --textEnd;
  Token t = make(TokenKind::Comment, begin, end);
  t.text = src_.substr(begin + 1, textEnd - begin - 1);
  return t;
}

Token Lexer::lexNumber() {
  size_t begin = pos_;
  size_t p = pos_;
  if (src_[p] == '+' || src_[p] == '-')
    ++p;
  std::string_view rest = src_.substr(p);
  // Inf, NaN, NaN:0x1, sNaN:0x1.
  if (rest.starts_with("Inf") || rest.starts_with("NaN") || rest.starts_with("sNaN")) {
    while (p < src_.size() && isAlpha(src_[p]))
      ++p;
    if (p < src_.size() && src_[p] == ':') {
      ++p;
      while (p < src_.size() && isWordChar(src_[p]))
        ++p;
    }
    return make(TokenKind::Float, begin, p);
  }
  bool hex = rest.size() >= 2 && rest[0] == '0' && (rest[1] == 'x' || rest[1] == 'X');
  bool isFloat = false;
  while (p < src_.size()) {
    char c = src_[p];
    if (c == '.') {
      isFloat = true;
    } else if (c == '+' || c == '-') {
      // An exponent sign: after 'p' in a hex float, after 'e' in a decimal one.
      char prev = src_[p - 1];
      bool exponent = hex ? (prev == 'p' || prev == 'P') : (prev == 'e' || prev == 'E');
      if (!exponent)
        break;
      isFloat = true;
    } else if (isWordChar(c)) {
      if (hex ? (c == 'p' || c == 'P') : (c == 'e' || c == 'E'))
        isFloat = true;
    } else {
      break;
    }
    ++p;
  }
  return make(isFloat ? TokenKind::Float : TokenKind::Integer, begin, p);
}

Token Lexer::lexWord() {
  size_t begin = pos_;
  size_t p = pos_;
  while (p < src_.size() && isWordChar(src_[p]))
    ++p;
  std::string_view word = src_.substr(begin, p - begin);
  char first = word[0];

  if ((first == 'I' || first == 'N' || first == 's') &&
      (word == "Inf" || word == "NaN" || word == "sNaN"))
    return lexNumber();
  // Only entities, types (i32, i8x16xN) and user names end in a digit or N.
  if (!isDigit(word.back()) && word.back() != 'N')
    return make(TokenKind::Identifier, begin, p);

  // u0:12, a user-defined external name.
  if (first == 'u' && word.size() >= 2 && p + 1 < src_.size() && src_[p] == ':' &&
      isDigit(src_[p + 1])) {
    bool allDigits = true;
    for (char c : word.substr(1))
      allDigits = allDigits && isDigit(c);
    if (allDigits) {
      size_t q = p + 1;
      while (q < src_.size() && isDigit(src_[q]))
        ++q;
      auto parseU32 = [](std::string_view digits, uint32_t &out) {
        uint64_t v = 0;
        for (char c : digits) {
          v = v * 10 + static_cast<uint64_t>(c - '0');
          if (v > 0xffffffffu)
            return false;
        }
        out = static_cast<uint32_t>(v);
        return true;
      };
      uint32_t ns = 0, index = 0;
      if (!parseU32(word.substr(1), ns) || !parseU32(src_.substr(p + 1, q - p - 1), index))
        return fail(begin, "user name number too large: " + clip(src_.substr(begin, q - begin)));
      Token t = make(TokenKind::UserName, begin, q);
      t.number = ns;
      t.number2 = index;
      return t;
    }
  }

  // Numbered entities: a known prefix and a decimal number without leading zeros.
  size_t digitsAt = word.size();
  while (digitsAt > 0 && isDigit(word[digitsAt - 1]))
    --digitsAt;
  if (digitsAt > 0 && digitsAt < word.size()) {
    std::string_view prefix = word.substr(0, digitsAt);
    std::string_view digits = word.substr(digitsAt);
    TokenKind kind = entityKind(prefix);
    // "v01" is not an entity name: no leading zeros.
    if (kind != TokenKind::Eof && !(digits.size() > 1 && digits[0] == '0')) {
      uint64_t n = 0;
      for (char c : digits) {
        n = n * 10 + static_cast<uint64_t>(c - '0');
        if (n > kMaxEntityNumber)
          return fail(begin, "entity number too large: " + clip(word));
      }
      Token t = make(kind, begin, p);
      t.number = static_cast<uint32_t>(n);
      return t;
    }
  }

  bool maybeType = word.size() >= 2 && (word[0] == 'i' || word[0] == 'f') && isDigit(word[1]);
  if (std::optional<ir::Type> type = maybeType ? ir::Type::parse(word) : std::nullopt) {
    Token t = make(TokenKind::Type, begin, p);
    t.number = type->raw();
    return t;
  }
  return make(TokenKind::Identifier, begin, p);
}

Token Lexer::lexName() {
  size_t begin = pos_;
  size_t p = pos_ + 1;
  while (p < src_.size() && isWordChar(src_[p]))
    ++p;
  if (p == begin + 1)
    return fail(begin, "expected a name after '%'");
  Token t = make(TokenKind::Name, begin, p);
  t.text = src_.substr(begin + 1, p - begin - 1);
  return t;
}

Token Lexer::lexString() {
  size_t begin = pos_;
  size_t p = pos_ + 1;
  while (true) {
    if (p >= src_.size() || src_[p] == '\n')
      return fail(begin, "unterminated string");
    unsigned char c = static_cast<unsigned char>(src_[p]);
    if (c == '"')
      break;
    if (c == 0)
      return fail(p, "unexpected NUL byte");
    if (c >= 0x80) {
      size_t n = utf8Length(p);
      if (n == 0)
        return fail(p, "invalid UTF-8 byte " + hexByte(c));
      p += n;
      continue;
    }
    ++p;
  }
  Token t = make(TokenKind::String, begin, p + 1);
  t.text = src_.substr(begin + 1, p - begin - 1);
  return t;
}

Token Lexer::lexSourceLoc() {
  size_t begin = pos_;
  size_t p = pos_ + 1;
  uint64_t value = 0;
  while (p < src_.size() && hexValue(src_[p]) >= 0) {
    value = value * 16 + static_cast<uint64_t>(hexValue(src_[p]));
    if (value > 0xffffffffu) {
      while (p < src_.size() && hexValue(src_[p]) >= 0)
        ++p;
      return fail(begin, "source location too large: " + clip(src_.substr(begin, p - begin)));
    }
    ++p;
  }
  if (p == begin + 1)
    return make(TokenKind::At, begin, p);
  Token t = make(TokenKind::SourceLoc, begin, p);
  t.number = static_cast<uint32_t>(value);
  return t;
}

Token Lexer::lexBadChar() {
  unsigned char c = static_cast<unsigned char>(src_[pos_]);
  if (c == 0)
    return fail(pos_, "unexpected NUL byte");
  if (c < 0x20 || c == 0x7f)
    return fail(pos_, "unexpected control character " + hexByte(c));
  if (c < 0x80)
    return fail(pos_, std::string("unexpected character '") + static_cast<char>(c) + "'");
  size_t n = utf8Length(pos_);
  if (n == 0)
    return fail(pos_, "invalid UTF-8 byte " + hexByte(c));
  uint32_t cp = n == 2 ? (c & 0x1f) : n == 3 ? (c & 0x0f) : (c & 0x07);
  for (size_t i = 1; i < n; ++i)
    cp = (cp << 6) | (static_cast<unsigned char>(src_[pos_ + i]) & 0x3f);
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", cp);
  return fail(pos_, std::string("unexpected character ") + buf);
}

} // namespace irc::parser
