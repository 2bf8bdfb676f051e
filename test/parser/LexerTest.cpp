// Lexer: exact token streams (kind, text, number), locations, and every kind of bad byte.
#include "parser/Lexer.h"

#include "codegen/ir/Types.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace irc;
using namespace irc::parser;

namespace {

bool hasNumber(TokenKind k) {
  return (k >= TokenKind::Value && k <= TokenKind::TryCallExn) || k == TokenKind::SourceLoc ||
         k == TokenKind::UserName;
}

/// "kind text" per token ("value v3 #3"), up to and excluding Eof; an Error token shows
/// as "error: message @line:col".
std::vector<std::string> lex(std::string_view text) {
  Lexer lexer(text);
  std::vector<std::string> out;
  while (true) {
    Token t = lexer.next();
    if (t.is(TokenKind::Eof))
      break;
    if (t.is(TokenKind::Error)) {
      out.push_back("error: " + lexer.errorMessage() + " @" + std::to_string(t.loc.line) + ":" +
                    std::to_string(t.loc.col));
      break;
    }
    std::string s = std::string(tokenKindName(t.kind)) + " " + std::string(t.text);
    if (hasNumber(t.kind))
      s += " #" + std::to_string(t.number);
    if (t.is(TokenKind::UserName))
      s += ":" + std::to_string(t.number2);
    if (t.is(TokenKind::Type))
      s += " =" + ir::Type::fromRaw(static_cast<uint16_t>(t.number)).name();
    out.push_back(s);
  }
  return out;
}

using Strings = std::vector<std::string>;

} // namespace

TEST_CASE("lexer: punctuation", "[lexer]") {
  CHECK(lex("( ) { } [ ] < > , . : = ! * -> + - @") ==
        Strings{"'(' (", "')' )", "'{' {", "'}' }", "'[' [", "']' ]", "'<' <", "'>' >",
                "',' ,", "'.' .", "':' :", "'=' =", "'!' !", "'*' *", "'->' ->", "'+' +",
                "'-' -", "'@' @"});
}

TEST_CASE("lexer: numbered entities", "[lexer]") {
  CHECK(lex("v3 block12 ss0 dss0 gv1 dt0 sig2 fn3 const0 region0 tag7 ret0 exn1") ==
        Strings{"value v3 #3", "block block12 #12", "stack slot ss0 #0",
                "dynamic stack slot dss0 #0", "global value gv1 #1", "dynamic type dt0 #0",
                "signature sig2 #2", "function reference fn3 #3", "constant const0 #0",
                "alias region region0 #0", "exception tag tag7 #7",
                "try_call return value ret0 #0", "try_call exception payload exn1 #1"});
  // The largest number; leading zeros and unknown prefixes make plain identifiers.
  CHECK(lex("v4294967294 v01 x3 user1 uload8x8") ==
        Strings{"value v4294967294 #4294967294", "identifier v01", "identifier x3",
                "identifier user1", "identifier uload8x8"});
}

TEST_CASE("lexer: entity numbers past 2^32-2 are errors", "[lexer]") {
  CHECK(lex("iadd v4294967296") ==
        Strings{"identifier iadd", "error: entity number too large: v4294967296 @1:6"});
  CHECK(lex("  block4294967295") ==
        Strings{"error: entity number too large: block4294967295 @1:3"});
  CHECK(lex("v99999999999999999999999999") ==
        Strings{"error: entity number too large: v99999999999999999999999999 @1:1"});
}

TEST_CASE("lexer: names, user names, strings", "[lexer]") {
  CHECK(lex("%foo %Bar_9 u0:12 u123:4294967295 \"heap\" \"\"") ==
        Strings{"name foo", "name Bar_9", "user name u0:12 #0:12",
                "user name u123:4294967295 #123:4294967295", "string heap", "string "});
  CHECK(lex("u1:4294967296") == Strings{"error: user name number too large: u1:4294967296 @1:1"});
  CHECK(lex("%") == Strings{"error: expected a name after '%' @1:1"});
  CHECK(lex("x \"abc\ndef\"") == Strings{"identifier x", "error: unterminated string @1:3"});
}

TEST_CASE("lexer: types", "[lexer]") {
  CHECK(lex("i8 i32 i128 f16 f128 i32x4 f64x2 i8x16xN i32x4xN") ==
        Strings{"type i8 =i8", "type i32 =i32", "type i128 =i128", "type f16 =f16",
                "type f128 =f128", "type i32x4 =i32x4", "type f64x2 =f64x2",
                "type i8x16xN =i8x16xN", "type i32x4xN =i32x4xN"});
  // Not types: bad widths and lane counts are identifiers.
  CHECK(lex("i7 i32x3 f32const i32x") ==
        Strings{"identifier i7", "identifier i32x3", "identifier f32const", "identifier i32x"});
}

TEST_CASE("lexer: integers and floats", "[lexer]") {
  CHECK(lex("0 12 -7 +4 0x1234_5678 0xFFff 18446744073709551616") ==
        Strings{"integer 0", "integer 12", "integer -7", "integer +4", "integer 0x1234_5678",
                "integer 0xFFff", "integer 18446744073709551616"});
  CHECK(lex("0.0 -1.5 0x1.8p3 -0x1.0p-2 0x1p+3 1e-5 0x1.0") ==
        Strings{"float 0.0", "float -1.5", "float 0x1.8p3", "float -0x1.0p-2", "float 0x1p+3",
                "float 1e-5", "float 0x1.0"});
  CHECK(lex("Inf +Inf -Inf NaN -NaN NaN:0x1 +sNaN:0x1 -sNaN:0x3f") ==
        Strings{"float Inf", "float +Inf", "float -Inf", "float NaN", "float -NaN",
                "float NaN:0x1", "float +sNaN:0x1", "float -sNaN:0x3f"});
  // A sign only starts a number before a digit; '-' of an offset sticks to its number.
  CHECK(lex("v1-12 ss0+4 gv2 - 3 ->") ==
        Strings{"value v1 #1", "integer -12", "stack slot ss0 #0", "integer +4",
                "global value gv2 #2", "'-' -", "integer 3", "'->' ->"});
  // A hex 'e' is a digit, not an exponent: 0x1e-5 is 0x1e then -5.
  CHECK(lex("0x1e-5") == Strings{"integer 0x1e", "integer -5"});
}

TEST_CASE("lexer: source locations and debug tags", "[lexer]") {
  CHECK(lex("@0019 @a v1 @ ss0") ==
        Strings{"source location @0019 #25", "source location @a #10", "value v1 #1", "'@' @",
                "stack slot ss0 #0"});
  CHECK(lex("<0, 1> <ss0, 0, 0>") ==
        Strings{"'<' <", "integer 0", "',' ,", "integer 1", "'>' >", "'<' <",
                "stack slot ss0 #0", "',' ,", "integer 0", "',' ,", "integer 0", "'>' >"});
  CHECK(lex("@100000000") == Strings{"error: source location too large: @100000000 @1:1"});
}

TEST_CASE("lexer: a whole instruction line", "[lexer]") {
  CHECK(lex("  v3 = iadd.i32 v1, v2 ; add them\n") ==
        Strings{"value v3 #3", "'=' =", "identifier iadd", "'.' .", "type i32 =i32",
                "value v1 #1", "',' ,", "value v2 #2", "comment  add them"});
  CHECK(lex("v1 = load.i64 notrap aligned v0+0x10") ==
        Strings{"value v1 #1", "'=' =", "identifier load", "'.' .", "type i64 =i64",
                "identifier notrap", "identifier aligned", "value v0 #0", "integer +0x10"});
  CHECK(lex("call fn0(v0), stack_map=[i32 @ ss0+0]") ==
        Strings{"identifier call", "function reference fn0 #0", "'(' (", "value v0 #0",
                "')' )", "',' ,", "identifier stack_map", "'=' =", "'[' [", "type i32 =i32",
                "'@' @", "stack slot ss0 #0", "integer +0", "']' ]"});
}

TEST_CASE("lexer: locations, CRLF and firstOnLine", "[lexer]") {
  Lexer lexer("ab cd\r\n  ef;x\r\n\tgh");
  Token a = lexer.next(), b = lexer.next(), c = lexer.next(), comment = lexer.next(),
        d = lexer.next(), eof = lexer.next();
  CHECK((a.loc.line == 1 && a.loc.col == 1 && a.loc.offset == 0 && a.firstOnLine));
  CHECK((b.loc.line == 1 && b.loc.col == 4 && b.loc.offset == 3 && !b.firstOnLine));
  CHECK((c.loc.line == 2 && c.loc.col == 3 && c.loc.offset == 9 && c.firstOnLine));
  CHECK(comment.is(TokenKind::Comment));
  CHECK(comment.text == "x"); // the CR is not part of the comment
  CHECK((comment.loc.line == 2 && comment.loc.col == 5));
  CHECK((d.loc.line == 3 && d.loc.col == 2 && d.text == "gh"));
  CHECK(eof.is(TokenKind::Eof));
}

TEST_CASE("lexer: bad bytes", "[lexer]") {
  using namespace std::string_literals;
  CHECK(lex("v1 \0 v2"s) == Strings{"value v1 #1", "error: unexpected NUL byte @1:4"});
  CHECK(lex("; ok \0 not\n"s) == Strings{"error: unexpected NUL byte @1:6"});
  CHECK(lex("iadd \xff") == Strings{"identifier iadd", "error: invalid UTF-8 byte 0xff @1:6"});
  CHECK(lex("\xc3") == Strings{"error: invalid UTF-8 byte 0xc3 @1:1"});
  CHECK(lex("; caf\xc3\xa9\n; bad \xc3(\n") ==
        Strings{"comment  caf\xc3\xa9", "error: invalid UTF-8 byte 0xc3 @2:7"});
  CHECK(lex("\"\xed\xa0\x80\"") == Strings{"error: invalid UTF-8 byte 0xed @1:2"}); // surrogate
  CHECK(lex("x\xc3\xa9") == Strings{"identifier x", "error: unexpected character U+00E9 @1:2"});
  CHECK(lex("a $") == Strings{"identifier a", "error: unexpected character '$' @1:3"});
  CHECK(lex("\x01") == Strings{"error: unexpected control character 0x01 @1:1"});
}

TEST_CASE("lexer: a 2 MB line", "[lexer]") {
  std::string line;
  for (int i = 0; line.size() < 2 * 1024 * 1024; ++i)
    line += "v" + std::to_string(i) + ", ";
  line += "$";
  Lexer lexer(line);
  size_t values = 0;
  Token t;
  while ((t = lexer.next()).is(TokenKind::Value) || t.is(TokenKind::Comma))
    values += t.is(TokenKind::Value);
  CHECK(values > 200000);
  REQUIRE(t.is(TokenKind::Error));
  CHECK(t.loc.line == 1);
  CHECK(t.loc.col == line.size());
  CHECK(lexer.errorMessage() == "unexpected character '$'");
}

TEST_CASE("lexer: restOfLine stops at comments and bad bytes", "[lexer]") {
  Lexer lexer("test compile precise-output ; c\nset x");
  CHECK(lexer.next().text == "test");
  CHECK(lexer.restOfLine() == " compile precise-output ");
  Token c = lexer.next();
  CHECK(c.is(TokenKind::Comment));
  CHECK(lexer.next().text == "set");
  CHECK(lexer.restOfLine() == " x");
  CHECK(lexer.next().is(TokenKind::Eof));

  Lexer bad("target x86\xff");
  CHECK(bad.next().text == "target");
  CHECK(bad.restOfLine() == " x86");
  CHECK(bad.next().is(TokenKind::Error));
  CHECK(bad.errorMessage() == "invalid UTF-8 byte 0xff");
}
