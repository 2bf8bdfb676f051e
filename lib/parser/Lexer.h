// Lexer: splits CLIF text into tokens, one at a time, each with its SourceLoc.
//
// What always holds:
// - Every token's text is a view into the input; nothing is copied or allocated per token.
// - Newlines are not tokens (CLIF is free-form); `firstOnLine` tells a token that starts a
//   line from one that continues it.
// - Comments (';' to the end of the line) are tokens, so the parser can keep them.
// - Bad input gives an Error token (message in errorMessage()) at the offending byte:
//   NUL bytes, invalid UTF-8, characters CLIF does not use, entity numbers >= 2^32-1,
//   unterminated strings. After an Error token the lexer only returns Eof.
#pragma once

#include "support/SourceLoc.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace irc::parser {

enum class TokenKind : uint8_t {
  Eof,
  Error,
  Comment, // text: after the ';', without the line end
  LParen,
  RParen,
  LBrace,
  RBrace,
  LBracket,
  RBracket,
  LAngle,
  RAngle,
  Comma,
  Dot,
  Colon,
  Equal,
  Bang,
  Star,
  Arrow,
  Plus,  // a '+' not starting a number
  Minus, // a '-' not starting a number
  At,    // an '@' without hex digits
  Integer,    // 12, -7, +4, 0x1234_5678
  Float,      // 1.5, 0x1.8p3, -0x1.0p-2, +Inf, NaN, -NaN:0x1, +sNaN:0x1
  String,     // text: between the quotes
  Name,       // %foo; text: without the '%'
  UserName,   // u0:12; number = namespace, number2 = index
  Identifier, // opcodes, keywords, flags, condition codes
  Type,       // i32, f64x2, i8x16xN; number = Type::raw()
  SourceLoc,  // @0019; number = the value
  // Numbered entities; number = the N of the name.
  Value,            // vN
  Block,            // blockN
  StackSlot,        // ssN
  DynamicStackSlot, // dssN
  GlobalValue,      // gvN
  DynamicType,      // dtN
  SigRef,           // sigN
  FuncRef,          // fnN
  Constant,         // constN
  AliasRegion,      // regionN
  ExceptionTag,     // tagN
  TryCallRet,       // retN
  TryCallExn,       // exnN
};

/// A short name for the kind ("integer", "'('", "value"), for messages and tests.
std::string_view tokenKindName(TokenKind kind);

struct Token {
  TokenKind kind = TokenKind::Eof;
  bool firstOnLine = false; // no other token precedes it on its line
  SourceLoc loc;
  std::string_view text; // the token's characters (see TokenKind for the exceptions)
  uint32_t number = 0;
  uint32_t number2 = 0;

  bool is(TokenKind k) const { return kind == k; }
  bool isIdentifier(std::string_view word) const {
    return kind == TokenKind::Identifier && text == word;
  }
};

class Lexer {
public:
  explicit Lexer(std::string_view text);

  Token next();

  /// The text from the current position to the end of the line or a ';' comment, which
  /// stays for next(). Used for header lines (`test`, `set`, `target`), whose words are
  /// not CLIF tokens. On a NUL or non-ASCII byte it returns an empty view and sets the
  /// error (the next call to next() returns it).
  std::string_view restOfLine();

  /// The message of the last Error token.
  const std::string &errorMessage() const { return error_; }

private:
  Token make(TokenKind kind, size_t begin, size_t end);
  Token fail(size_t at, std::string message);
  SourceLoc locAt(size_t offset) const {
    return SourceLoc{line_, static_cast<uint32_t>(offset - lineStart_ + 1),
                     static_cast<uint32_t>(offset)};
  }
  /// Skips spaces, tabs, CRs and newlines.
  void skipSpace();
  Token lexComment();
  Token lexNumber();
  Token lexWord();
  Token lexName();
  Token lexString();
  Token lexSourceLoc();
  Token lexBadChar();
  /// Length of a valid UTF-8 sequence at pos_, or 0 if it is not one.
  size_t utf8Length(size_t pos) const;

  std::string_view src_;
  size_t pos_ = 0;
  uint32_t line_ = 1;
  size_t lineStart_ = 0;
  uint32_t lastTokenLine_ = 0;
  bool failed_ = false;
  std::string error_;
};

} // namespace irc::parser
