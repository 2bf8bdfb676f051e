// The CLIF parser: the file (header lines, functions), function headers and signatures,
// blocks, values and the type inference for operands defined later in the text.
// Declarations are in ParsePreamble.cpp, instructions in ParseInst.cpp.
#include "parser/ParserImpl.h"

#include "parser/Literals.h"

#include <algorithm>

namespace irc::parser {

Expected<TestFile, Diagnostic> parseTestFile(std::string_view text, const ParseOptions &options) {
  detail::Parser parser(text, options);
  return parser.run();
}

namespace detail {

using namespace ir;

std::string clipText(std::string_view s) {
  constexpr size_t kMax = 40;
  return s.size() <= kMax ? std::string(s) : std::string(s.substr(0, kMax)) + "...";
}

Parser::Parser(std::string_view text, const ParseOptions &options)
    : text_(text), options_(options), lex_(text) {}

// ---- Tokens and errors ----

bool Parser::advance() {
  while (true) {
    tok_ = lex_.next();
    if (tok_.kind == TokenKind::Comment) {
      if (options_.keepComments && comments_)
        comments_->push_back(Comment{tok_.loc, std::string(tok_.text)});
      continue;
    }
    if (tok_.kind == TokenKind::Error)
      return fail(tok_.loc, lex_.errorMessage());
    return !failed();
  }
}

bool Parser::fail(SourceLoc loc, std::string message) {
  if (!diag_)
    diag_ = Diagnostic{Severity::Error, loc, std::move(message)};
  return false;
}

std::string Parser::describe(const Token &t) const {
  switch (t.kind) {
  case TokenKind::Eof:
  case TokenKind::Error:
  case TokenKind::LParen:
  case TokenKind::RParen:
  case TokenKind::LBrace:
  case TokenKind::RBrace:
  case TokenKind::LBracket:
  case TokenKind::RBracket:
  case TokenKind::LAngle:
  case TokenKind::RAngle:
  case TokenKind::Comma:
  case TokenKind::Dot:
  case TokenKind::Colon:
  case TokenKind::Equal:
  case TokenKind::Bang:
  case TokenKind::Star:
  case TokenKind::Arrow:
  case TokenKind::Plus:
  case TokenKind::Minus:
  case TokenKind::At:
    return std::string(tokenKindName(t.kind));
  case TokenKind::String:
    return "string \"" + clipText(t.text) + "\"";
  case TokenKind::Name:
    return "name '%" + clipText(t.text) + "'";
  case TokenKind::Comment:
  case TokenKind::Integer:
  case TokenKind::Float:
  case TokenKind::UserName:
  case TokenKind::Identifier:
  case TokenKind::Type:
  case TokenKind::SourceLoc:
  case TokenKind::Value:
  case TokenKind::Block:
  case TokenKind::StackSlot:
  case TokenKind::DynamicStackSlot:
  case TokenKind::GlobalValue:
  case TokenKind::DynamicType:
  case TokenKind::SigRef:
  case TokenKind::FuncRef:
  case TokenKind::Constant:
  case TokenKind::AliasRegion:
  case TokenKind::ExceptionTag:
  case TokenKind::TryCallRet:
  case TokenKind::TryCallExn:
    break;
  }
  return std::string(tokenKindName(t.kind)) + " '" + clipText(t.text) + "'";
}

std::string Parser::locText(SourceLoc loc) {
  return std::to_string(loc.line) + ":" + std::to_string(loc.col);
}

bool Parser::failExpected(std::string_view what) {
  return fail(tok_.loc, "expected " + std::string(what) + ", found " + describe(tok_));
}

bool Parser::expect(TokenKind kind, std::string_view what) {
  if (!tok_.is(kind))
    return failExpected(what);
  return advance();
}

// ---- File and header ----

Expected<TestFile, Diagnostic> Parser::run() {
  TestFile file;
  comments_ = &file.headerComments;
  if (advance()) {
    while (tok_.is(TokenKind::Identifier) && !tok_.isIdentifier("function"))
      if (!parseHeaderLine(file))
        break;
    while (!failed() && !tok_.is(TokenKind::Eof)) {
      if (!tok_.isIdentifier("function")) {
        failExpected(file.functions.empty()
                         ? "'function', 'test', 'set', 'target' or 'feature'"
                         : "'function'");
        break;
      }
      if (!parseFunction(file))
        break;
    }
  }
  if (diag_)
    return *diag_;
  return file;
}

namespace {
/// Splits a header line into words separated by spaces or tabs.
std::vector<std::string_view> splitWords(std::string_view line) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
      ++i;
    size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
      ++i;
    if (i > start)
      words.push_back(line.substr(start, i - start));
  }
  return words;
}
} // namespace

bool Parser::parseHeaderLine(TestFile &file) {
  Token keyword = tok_;
  auto wordLoc = [&](std::string_view word) {
    uint32_t delta = static_cast<uint32_t>(word.data() - keyword.text.data());
    return SourceLoc{keyword.loc.line, keyword.loc.col + delta, keyword.loc.offset + delta};
  };
  auto toSetting = [&](std::string_view word, Setting &out) {
    size_t eq = word.find('=');
    if (eq == 0)
      return fail(wordLoc(word), "expected a setting name before '='");
    out.name = std::string(word.substr(0, eq));
    out.value = eq == std::string_view::npos ? std::string() : std::string(word.substr(eq + 1));
    out.loc = wordLoc(word);
    return true;
  };

  if (keyword.isIdentifier("feature")) {
    if (!advance())
      return false;
    Feature feature;
    feature.loc = keyword.loc;
    if (tok_.is(TokenKind::Bang)) {
      feature.enabled = false;
      if (!advance())
        return false;
    }
    if (!tok_.is(TokenKind::String))
      return failExpected("a quoted feature name after 'feature'");
    feature.name = std::string(tok_.text);
    file.headerLines.push_back({HeaderLine::Kind::Feature, uint32_t(file.features.size()), 1});
    file.features.push_back(std::move(feature));
    return advance();
  }

  bool isTest = keyword.isIdentifier("test"), isSet = keyword.isIdentifier("set"),
       isTarget = keyword.isIdentifier("target");
  if (!isTest && !isSet && !isTarget)
    return failExpected("'function', 'test', 'set', 'target' or 'feature'");
  std::vector<std::string_view> words = splitWords(lex_.restOfLine());
  SourceLoc endLoc{keyword.loc.line, keyword.loc.col + uint32_t(keyword.text.size()),
                   keyword.loc.offset + uint32_t(keyword.text.size())};
  if (isTest) {
    if (words.empty())
      return fail(endLoc, "expected a test command name after 'test'");
    TestCommand cmd;
    cmd.name = std::string(words[0]);
    for (size_t i = 1; i < words.size(); ++i)
      cmd.options.emplace_back(words[i]);
    cmd.loc = keyword.loc;
    file.headerLines.push_back({HeaderLine::Kind::Test, uint32_t(file.commands.size()), 1});
    file.commands.push_back(std::move(cmd));
  } else if (isSet) {
    if (words.empty())
      return fail(endLoc, "expected a setting after 'set'");
    file.headerLines.push_back(
        {HeaderLine::Kind::Set, uint32_t(file.settings.size()), uint32_t(words.size())});
    for (std::string_view w : words) {
      Setting s;
      if (!toSetting(w, s))
        return false;
      settingsSoFar_.push_back(s);
      file.settings.push_back(std::move(s));
    }
  } else {
    if (words.empty())
      return fail(endLoc, "expected an ISA name after 'target'");
    TargetSpec target;
    target.isa = std::string(words[0]);
    target.loc = keyword.loc;
    for (size_t i = 1; i < words.size(); ++i) {
      Setting s;
      if (!toSetting(words[i], s))
        return false;
      target.isaFlags.push_back(std::move(s));
    }
    target.settings = settingsSoFar_;
    file.headerLines.push_back({HeaderLine::Kind::Target, uint32_t(file.targets.size()), 1});
    file.targets.push_back(std::move(target));
  }
  return advance();
}

// ---- Functions and signatures ----

bool Parser::parseExternalName(ExternalName &name, std::string_view what) {
  if (tok_.is(TokenKind::Name)) {
    name = ExternalName::testCase(std::string(tok_.text));
    return advance();
  }
  if (tok_.is(TokenKind::UserName)) {
    name = ExternalName::user(tok_.number, tok_.number2);
    return advance();
  }
  return failExpected(what);
}

bool Parser::parseFunction(TestFile &file) {
  file.functions.emplace_back();
  ParsedFunction &pf = file.functions.back();
  comments_ = &pf.comments;
  pf.loc = tok_.loc;
  pf.beginOffset = tok_.loc.offset;
  pf.function = std::make_unique<Function>();

  // Fresh per-function state.
  func_ = pf.function.get();
  func_->positions.function = tok_.loc;
  valueByNumber_.clear();
  blockByNumber_.clear();
  values_.clear();
  blockDefs_.clear();
  forwardRefs_.clear();
  pending_.clear();
  ready_.clear();
  for (PreTable &t : pre_)
    t = PreTable{};
  stackLimitLoc_.reset();
  constantsByBytes_.clear();
  memFlagsCache_.clear();

  if (!advance())
    return false;
  if (!parseExternalName(func_->externalName, "a function name (%name or uN:M)"))
    return false;
  if (!parseSignature(func_->signature))
    return false;
  if (!expect(TokenKind::LBrace, "'{' before the function body"))
    return false;
  inPreamble_ = true;
  if (!parsePreamble() || !finishPreamble())
    return false;
  inPreamble_ = false;
  if (!parseBody() || !finishFunction())
    return false;
  if (!tok_.is(TokenKind::RBrace))
    return failExpected("a block header or '}'");
  pf.endOffset = tok_.loc.offset + 1;
  return advance();
}

bool Parser::parseSignature(Signature &sig) {
  if (!expect(TokenKind::LParen, "'(' to start the parameter list"))
    return false;
  if (!tok_.is(TokenKind::RParen)) {
    while (true) {
      AbiParam p;
      if (!parseAbiParam(p, true))
        return false;
      sig.params.push_back(p);
      if (!tok_.is(TokenKind::Comma))
        break;
      if (!advance())
        return false;
    }
  }
  if (!expect(TokenKind::RParen, "',' or ')' in the parameter list"))
    return false;
  if (tok_.is(TokenKind::Arrow)) {
    if (!advance())
      return false;
    while (true) {
      AbiParam p;
      if (!parseAbiParam(p, false))
        return false;
      sig.returns.push_back(p);
      if (!tok_.is(TokenKind::Comma))
        break;
      if (!advance())
        return false;
    }
  }
  // The calling convention is optional. A word on the next line belongs to whatever
  // follows (e.g. `stack_limit = gv0` after a signature declaration).
  if (tok_.is(TokenKind::Identifier)) {
    if (std::optional<CallConv> cc = parseCallConv(tok_.text)) {
      sig.callConv = *cc;
      return advance();
    }
    if (!tok_.firstOnLine)
      return fail(tok_.loc, "unknown calling convention '" + clipText(tok_.text) + "'");
  }
  return true;
}

bool Parser::parseAbiParam(AbiParam &param, bool inParens) {
  if (!tok_.is(TokenKind::Type))
    return failExpected("a parameter type");
  param.type = Type::fromRaw(static_cast<uint16_t>(tok_.number));
  if (!advance())
    return false;
  // Flags; outside parentheses (return lists) they must stay on the type's line.
  while (tok_.is(TokenKind::Identifier) && (inParens || !tok_.firstOnLine)) {
    std::string_view w = tok_.text;
    if (w == "uext") {
      param.ext = ArgExt::Uext;
    } else if (w == "sext") {
      param.ext = ArgExt::Sext;
    } else if (w == "sret") {
      param.purpose = ArgPurpose::StructReturn;
    } else if (w == "vmctx") {
      param.purpose = ArgPurpose::VMContext;
    } else if (w == "stack_limit") {
      param.purpose = ArgPurpose::StackLimit;
    } else if (w == "normal") {
      param.purpose = ArgPurpose::Normal;
    } else if (w == "sarg") {
      if (!advance() || !expect(TokenKind::LParen, "'(' after 'sarg'"))
        return false;
      if (!tok_.is(TokenKind::Integer))
        return failExpected("the byte size of the struct argument");
      std::string error;
      std::optional<IntLiteral> lit = parseIntLiteral(tok_.text, error);
      if (!lit)
        return fail(tok_.loc, error);
      std::optional<uint64_t> size = fitUnsigned(*lit, 0xffffffffu);
      if (!size)
        return fail(tok_.loc, "struct argument size out of range: " + clipText(tok_.text));
      param.purpose = ArgPurpose::StructArgument;
      param.structSize = static_cast<uint32_t>(*size);
      if (!advance() || !tok_.is(TokenKind::RParen))
        return failed() ? false : failExpected("')' after the struct argument size");
    } else {
      break;
    }
    if (!advance())
      return false;
  }
  return true;
}

bool Parser::parseTypeOrDynamic(Type &type, std::string_view what) {
  if (tok_.is(TokenKind::Type)) {
    type = Type::fromRaw(static_cast<uint16_t>(tok_.number));
    return advance();
  }
  if (tok_.is(TokenKind::DynamicType)) {
    uint32_t index;
    if (!refPre(PreKind::DynType, index))
      return false;
    Type base = func_->dynamicTypes[DynamicType(index)].baseVector;
    type = Type(base.laneKind(), base.log2Lanes(), true);
    return advance();
  }
  return failExpected(what);
}

// ---- Body and blocks ----

bool Parser::parseBody() {
  while (tok_.is(TokenKind::Block))
    if (!parseBlock())
      return false;
  return !failed();
}

Block Parser::blockRef(uint32_t number) {
  uint32_t index = blockByNumber_.find(number);
  if (index != NumberMap::kNone)
    return Block(index);
  Block b = func_->dfg.makeBlock();
  blockByNumber_.insert(number, b.index());
  func_->numbers.blocks.set(b, number);
  blockDefs_.emplace_back();
  return b;
}

bool Parser::parseBlock() {
  Block b = blockRef(tok_.number);
  SourceLoc &def = blockDefs_[b.index()];
  if (def.known())
    return fail(tok_.loc, "redefinition of block" + std::to_string(tok_.number) +
                              " (first defined at " + locText(def) + ")");
  def = tok_.loc;
  func_->layout.appendBlock(b);
  func_->positions.blocks[b] = tok_.loc;
  if (!advance())
    return false;

  if (tok_.is(TokenKind::LParen)) {
    if (!advance())
      return false;
    if (tok_.is(TokenKind::RParen)) {
      if (!advance())
        return false;
    } else {
      while (true) {
        if (!tok_.is(TokenKind::Value))
          return failExpected("a block parameter (vN: type)");
        uint32_t number = tok_.number;
        SourceLoc loc = tok_.loc;
        if (!advance() || !expect(TokenKind::Colon, "':' after the block parameter"))
          return false;
        Type type;
        if (!parseTypeOrDynamic(type, "the block parameter's type"))
          return false;
        Value v;
        if (!defineValue(number, loc, v))
          return false;
        func_->dfg.attachBlockParam(b, v, type);
        if (!typeKnown(v))
          return false;
        if (tok_.is(TokenKind::Comma)) {
          if (!advance())
            return false;
          continue;
        }
        if (!expect(TokenKind::RParen, "',' or ')' in the block parameters"))
          return false;
        break;
      }
    }
  }
  if (tok_.isIdentifier("cold")) {
    func_->dfg.setCold(b, true);
    if (!advance())
      return false;
  }
  if (!expect(TokenKind::Colon, "':' after the block header"))
    return false;

  while (tok_.is(TokenKind::Value) || tok_.is(TokenKind::Identifier) ||
         tok_.is(TokenKind::LAngle) || tok_.is(TokenKind::SourceLoc)) {
    if (!parseStatement(b))
      return false;
    // A statement ends its line (only '}' may follow on it): anything else is an
    // operand too many or a typo, better reported here than as a bad next statement.
    if (!tok_.firstOnLine && !tok_.is(TokenKind::RBrace) && !tok_.is(TokenKind::Eof))
      return failExpected("the end of the statement");
  }
  return !failed();
}

// ---- Values ----

Value Parser::createValue(uint32_t number) {
  Value v = func_->dfg.makeUndefinedValue();
  valueByNumber_.insert(number, v.index());
  func_->numbers.values.set(v, number);
  values_.emplace_back();
  return v;
}

Value Parser::useValue() {
  uint32_t index = valueByNumber_.find(tok_.number);
  Value v = index != NumberMap::kNone ? Value(index) : createValue(tok_.number);
  ValueSlot &slot = values_[v.index()];
  if (!slot.def.known() && !slot.firstUse.known()) {
    slot.firstUse = tok_.loc;
    forwardRefs_.push_back(v);
  }
  return v;
}

bool Parser::defineValue(uint32_t number, SourceLoc loc, Value &out) {
  uint32_t index = valueByNumber_.find(number);
  out = index != NumberMap::kNone ? Value(index) : createValue(number);
  ValueSlot &slot = values_[out.index()];
  if (slot.def.known())
    return fail(loc, "redefinition of v" + std::to_string(number) + " (first defined at " +
                         locText(slot.def) + ")");
  slot.def = loc;
  return true;
}

// ---- Type inference for operands defined later ----
//
// An instruction whose controlling type comes from an operand that has no type yet (it is
// defined further down, or by an instruction that itself waits) is parked on that operand:
// a Pending record in a singly linked list headed at the operand's ValueSlot. When a value
// gets its type, typeKnown() drains the lists with an explicit work stack, so every
// Pending is resolved once and a long chain costs linear time and constant stack.

void Parser::deferType(bool isAlias, uint32_t entity, Value waitOn, SourceLoc loc) {
  Pending p;
  p.isAlias = isAlias;
  p.entity = entity;
  p.waitOn = waitOn;
  p.loc = loc;
  p.next = values_[waitOn.index()].waiters;
  values_[waitOn.index()].waiters = static_cast<uint32_t>(pending_.size());
  pending_.push_back(p);
}

bool Parser::typeKnown(Value v) {
  if (values_[v.index()].waiters == NumberMap::kNone)
    return true;
  ready_.push_back(v);
  while (!ready_.empty()) {
    Value x = ready_.back();
    ready_.pop_back();
    uint32_t p = values_[x.index()].waiters;
    values_[x.index()].waiters = NumberMap::kNone;
    for (; p != NumberMap::kNone; p = pending_[p].next)
      if (!resolvePending(p))
        return false;
  }
  return true;
}

bool Parser::resolvePending(uint32_t index) {
  Pending &p = pending_[index];
  p.resolved = true;
  DataFlowGraph &dfg = func_->dfg;
  Type type = dfg.valueType(p.waitOn);
  if (p.isAlias) {
    Value alias(p.entity);
    dfg.setValueType(alias, type);
    if (values_[alias.index()].waiters != NumberMap::kNone)
      ready_.push_back(alias);
    return true;
  }
  return setResultTypes(Inst(p.entity), type, p.loc, p.waitOn);
}

bool Parser::setResultTypes(Inst inst, Type ctrl, SourceLoc loc, Value from) {
  DataFlowGraph &dfg = func_->dfg;
  const OpcodeInfo &info = dfg.inst(inst).info();
  if (!typeSetContains(info.ctrlSet, ctrl))
    return fail(loc, "type " + ctrl.name() + " of " + func_->name(from) +
                         " is not valid for " + std::string(info.name) + " (expects " +
                         std::string(typeSetName(info.ctrlSet)) + ")");
  ValueRange results = dfg.results(inst);
  for (uint32_t k = 0; k < results.size() && k < info.numResults; ++k) {
    Type t = deriveType(info.results[k], ctrl);
    if (!t.isValid())
      return fail(loc, std::string(info.name) + " has no result type for " + ctrl.name());
    dfg.setValueType(results[k], t);
    if (values_[results[k].index()].waiters != NumberMap::kNone)
      ready_.push_back(results[k]);
  }
  return true;
}

bool Parser::finishFunction() {
  // Uses of values the text never defined, reported at the first such use.
  for (Value v : forwardRefs_)
    if (!values_[v.index()].def.known())
      return fail(values_[v.index()].firstUse, "undefined value " + func_->name(v));
  // Types still unknown: a cycle through instructions or aliases.
  for (const Pending &p : pending_)
    if (!p.resolved && !p.isAlias)
      return fail(p.loc, "cannot infer the type of " + func_->name(p.waitOn) +
                             " here; add a type suffix");
  for (const Pending &p : pending_)
    if (!p.resolved)
      return fail(p.loc, "alias cycle involving " + func_->name(Value(p.entity)));
  func_->numbers.constants.numberRemaining(func_->dfg.constants.size());
  return true;
}

} // namespace detail
} // namespace irc::parser
