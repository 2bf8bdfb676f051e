// Run and print directives. The text is lexed with the CLIF lexer; the signature says
// how to read each argument and result (integers by width, floats through Ieee.h,
// vectors as "[lane lane ...]" or 0x hexadecimal).
#include "parser/RunCommand.h"

#include "codegen/ir/Ieee.h"
#include "parser/Lexer.h"
#include "parser/Literals.h"

namespace irc::parser {

using namespace ir;

namespace {

bool isWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

std::string_view trimDirective(std::string_view text) {
  size_t i = 0;
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == ';'))
    ++i;
  return text.substr(i);
}

std::string clip(std::string_view s) {
  constexpr size_t kMax = 40;
  return s.size() <= kMax ? std::string(s) : std::string(s.substr(0, kMax)) + "...";
}

class RunParser {
public:
  RunParser(std::string_view text, const Signature &sig) : lex_(text), sig_(sig) { advance(); }

  Expected<RunCommand> parse() {
    RunCommand cmd;
    if (!parseCommand(cmd))
      return makeError(error_);
    return cmd;
  }

private:
  void advance() {
    tok_ = lex_.next();
    // A second ';' starts a remark after the directive.
    if (tok_.is(TokenKind::Comment))
      tok_.kind = TokenKind::Eof;
  }
  bool fail(std::string message) {
    if (error_.empty())
      error_ = std::move(message);
    return false;
  }
  bool failExpected(std::string_view what) {
    if (tok_.is(TokenKind::Error))
      return fail(lex_.errorMessage());
    std::string found = tok_.is(TokenKind::Eof)
                            ? std::string("end of line")
                            : std::string(tokenKindName(tok_.kind)) + " '" + clip(tok_.text) + "'";
    if (tok_.kind >= TokenKind::LParen && tok_.kind <= TokenKind::At)
      found = std::string(tokenKindName(tok_.kind));
    return fail("expected " + std::string(what) + ", found " + found);
  }
  bool expect(TokenKind kind, std::string_view what) {
    if (!tok_.is(kind))
      return failExpected(what);
    advance();
    return true;
  }

  bool parseCommand(RunCommand &cmd) {
    bool isRun = tok_.isIdentifier("run");
    if (!isRun && !tok_.isIdentifier("print"))
      return failExpected("'run' or 'print'");
    cmd.kind = isRun ? RunCommand::Kind::Run : RunCommand::Kind::Print;
    advance();
    if (!tok_.is(TokenKind::Colon)) {
      // `; run` / `; print` alone: call the function with no arguments.
      if (!tok_.is(TokenKind::Eof))
        return failExpected("':' or the end of the directive");
      if (!sig_.params.empty())
        return fail(std::string(isRun ? "'run'" : "'print'") +
                    " without arguments needs a function without parameters");
      if (isRun && !singleIntResult())
        return fail("'run' without a comparison needs a function with one integer result");
      cmd.compare = RunCommand::Compare::NonZero;
      return true;
    }
    advance();
    if (!tok_.is(TokenKind::Name))
      return failExpected("a function name (%name)");
    cmd.function = std::string(tok_.text);
    advance();
    if (!expect(TokenKind::LParen, "'(' after the function name"))
      return false;
    for (size_t i = 0; i < sig_.params.size(); ++i) {
      if (i > 0 && !tok_.is(TokenKind::Comma)) {
        if (tok_.is(TokenKind::RParen))
          return fail("too few arguments: %" + cmd.function + " takes " +
                      std::to_string(sig_.params.size()));
        return failExpected("',' between the arguments");
      }
      if (i > 0)
        advance();
      DataValue v;
      if (!parseDataValue(sig_.params[i].type, v))
        return false;
      cmd.args.push_back(v);
    }
    if (tok_.is(TokenKind::Comma) || (sig_.params.empty() && !tok_.is(TokenKind::RParen)))
      return fail("too many arguments: %" + cmd.function + " takes " +
                  std::to_string(sig_.params.size()));
    if (!expect(TokenKind::RParen, "')' after the arguments"))
      return false;
    if (!isRun || tok_.is(TokenKind::Eof)) {
      if (!tok_.is(TokenKind::Eof))
        return failExpected("the end of the directive");
      if (isRun && !singleIntResult())
        return fail("a run directive without '==' or '!=' needs a function with one "
                    "integer result");
      cmd.compare = RunCommand::Compare::NonZero;
      return true;
    }
    if (tok_.is(TokenKind::Equal)) {
      cmd.compare = RunCommand::Compare::Equal;
    } else if (tok_.is(TokenKind::Bang)) {
      cmd.compare = RunCommand::Compare::NotEqual;
    } else {
      return failExpected("'==' or '!='");
    }
    advance();
    if (!expect(TokenKind::Equal, cmd.compare == RunCommand::Compare::Equal ? "'=='" : "'!='"))
      return false;
    if (sig_.returns.size() == 1) {
      DataValue v;
      if (!parseDataValue(sig_.returns[0].type, v))
        return false;
      cmd.expected.push_back(v);
    } else {
      if (!expect(TokenKind::LBracket, "'[' around the " + std::to_string(sig_.returns.size()) +
                                           " expected results"))
        return false;
      for (size_t i = 0; i < sig_.returns.size(); ++i) {
        if (i > 0 && !expect(TokenKind::Comma, "',' between the expected results"))
          return false;
        DataValue v;
        if (!parseDataValue(sig_.returns[i].type, v))
          return false;
        cmd.expected.push_back(v);
      }
      if (!expect(TokenKind::RBracket, "']' after the expected results"))
        return false;
    }
    if (!tok_.is(TokenKind::Eof))
      return failExpected("the end of the directive");
    return true;
  }

  bool singleIntResult() const {
    return sig_.returns.size() == 1 && sig_.returns[0].type.isInt();
  }

  bool parseDataValue(Type type, DataValue &out) {
    out = DataValue();
    out.type = type;
    std::string error;
    if (type.isDynamic() || type.bits() > 128 || !type.isValid())
      return fail("values of type " + type.name() + " are not supported");
    if (!type.isVector()) {
      if (!tok_.is(TokenKind::Integer) && !tok_.is(TokenKind::Float))
        return failExpected("a value of type " + type.name());
      if (!encodeLane(type, tok_, out.bytes.data(), error))
        return fail(error);
      advance();
      return true;
    }
    if (tok_.is(TokenKind::Integer)) {
      std::optional<std::vector<uint8_t>> bytes = parseHexBytes(tok_.text, error);
      if (!bytes)
        return fail(error);
      if (bytes->size() > type.bytes())
        return fail("constant has " + std::to_string(bytes->size()) + " bytes, more than the " +
                    std::to_string(type.bytes()) + " of " + type.name());
      std::copy(bytes->begin(), bytes->end(), out.bytes.begin());
      advance();
      return true;
    }
    if (!expect(TokenKind::LBracket, "a " + type.name() + " vector ('[' lanes ']')"))
      return false;
    Type lane = type.laneType();
    for (unsigned i = 0; i < type.lanes(); ++i) {
      if (tok_.is(TokenKind::RBracket))
        return fail(type.name() + " has " + std::to_string(type.lanes()) + " lanes, found " +
                    std::to_string(i));
      if (!tok_.is(TokenKind::Integer) && !tok_.is(TokenKind::Float))
        return failExpected("a lane of type " + lane.name());
      if (!encodeLane(lane, tok_, out.bytes.data() + i * lane.bytes(), error))
        return fail(error);
      advance();
    }
    if (!tok_.is(TokenKind::RBracket))
      return fail("too many lanes for " + type.name() + " (it has " +
                  std::to_string(type.lanes()) + ")");
    advance();
    return true;
  }

  Lexer lex_;
  const Signature &sig_;
  Token tok_;
  std::string error_;
};

} // namespace

bool isRunDirective(std::string_view commentText) {
  std::string_view rest = trimDirective(commentText);
  for (std::string_view word : {std::string_view("run"), std::string_view("print")})
    if (rest.starts_with(word) && (rest.size() == word.size() || !isWordChar(rest[word.size()])))
      return true;
  return false;
}

Expected<RunCommand> parseRunCommand(std::string_view text, const Signature &signature) {
  RunParser parser(trimDirective(text), signature);
  return parser.parse();
}

std::string DataValue::text() const {
  auto laneText = [&](Type lane, const uint8_t *p) {
    u128 bits = 0;
    for (unsigned i = 0; i < lane.bytes(); ++i)
      bits |= u128(p[i]) << (8 * i);
    if (lane.laneIsFloat())
      return formatIeee(bits, ieeeFormat(lane));
    unsigned width = lane.laneBits();
    if (width < 128 && ((bits >> (width - 1)) & 1))
      bits |= ~u128(0) << width; // sign-extend
    return int128Text(static_cast<__int128>(bits));
  };
  if (!type.isValid() || type.bytes() > bytes.size())
    return "<" + type.name() + ">"; // no such DataValue comes from the parser
  if (!type.isVector())
    return laneText(type, bytes.data());
  Type lane = type.laneType();
  std::string s = "[";
  for (unsigned i = 0; i < type.lanes(); ++i) {
    if (i)
      s += ' ';
    s += laneText(lane, bytes.data() + i * lane.bytes());
  }
  return s + "]";
}

} // namespace irc::parser
