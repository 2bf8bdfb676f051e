// Parsing of the function preamble: stack slots, dynamic types and slots, global
// values, signatures, external functions, constants, alias regions, the stack limit;
// and the pieces declarations share with instructions (memory flags, offsets, constant
// literals).
//
// Preamble entities are created at their first mention, declared or not, so forward
// references (gv0 = iadd_imm.i64 gv1, 8 before gv1) work; finishPreamble() then reports
// the first mention of anything never declared.
#include "parser/Literals.h"
#include "parser/ParserImpl.h"

#include <cstdint>

namespace irc::parser::detail {

using namespace ir;

namespace {

struct PreKindInfo {
  const char *noun;
  const char *prefix;
};
constexpr PreKindInfo kPreKinds[kNumPreKinds] = {
    {"stack slot", "ss"},    {"dynamic stack slot", "dss"}, {"global value", "gv"},
    {"dynamic type", "dt"},  {"signature", "sig"},          {"function", "fn"},
    {"constant", "const"},   {"alias region", "region"},
};

/// Packs everything MemFlags compares into one key.
uint64_t memFlagsKey(const MemFlags &f) {
  return uint64_t(f.aligned()) | uint64_t(f.readonly()) << 1 | uint64_t(f.canMove()) << 2 |
         uint64_t(f.checked()) << 3 | uint64_t(f.endianness()) << 4 |
         uint64_t(f.trapCode().raw()) << 8 | uint64_t(f.region().index()) << 16;
}

/// Distinct flag sets per function; real code has a handful, and the bound keeps
/// interning cheap on hostile input.
constexpr size_t kMaxMemFlagSets = 4096;

} // namespace

// ---- Entity bookkeeping ----

uint32_t Parser::createPre(PreKind kind, uint32_t number) {
  uint32_t index = 0;
  Function &f = *func_;
  switch (kind) {
  case PreKind::StackSlot:
    index = f.stackSlots.push({}).index();
    f.numbers.stackSlots.set(StackSlot(index), number);
    break;
  case PreKind::DynStackSlot:
    index = f.dynamicStackSlots.push({}).index();
    f.numbers.dynamicStackSlots.set(DynamicStackSlot(index), number);
    break;
  case PreKind::GlobalValue:
    index = f.globalValues.push({}).index();
    f.numbers.globalValues.set(GlobalValue(index), number);
    break;
  case PreKind::DynType:
    index = f.dynamicTypes.push({}).index();
    f.numbers.dynamicTypes.set(DynamicType(index), number);
    break;
  case PreKind::Sig:
    index = f.dfg.signatures.push({}).index();
    f.numbers.sigs.set(SigRef(index), number);
    break;
  case PreKind::Func:
    index = f.dfg.extFuncs.push({}).index();
    f.numbers.funcs.set(FuncRef(index), number);
    break;
  case PreKind::Constant:
    index = f.dfg.constants.push({}).index();
    f.numbers.constants.set(Constant(index), number);
    break;
  case PreKind::Region: {
    AliasRegionData undeclared;
    undeclared.declared = false;
    index = f.aliasRegions.push(std::move(undeclared)).index();
    f.numbers.aliasRegions.set(AliasRegion(index), number);
    break;
  }
  }
  PreTable &t = pre_[unsigned(kind)];
  t.byNumber.insert(number, index);
  if (t.declared.size() <= index) {
    t.declared.resize(index + 1);
    t.firstRef.resize(index + 1);
  }
  return index;
}

bool Parser::refPre(PreKind kind, uint32_t &index) {
  PreTable &t = pre_[unsigned(kind)];
  const PreKindInfo &info = kPreKinds[unsigned(kind)];
  bool mayForward = inPreamble_ || kind == PreKind::Region;
  index = t.byNumber.find(tok_.number);
  if (index == NumberMap::kNone || !t.declared[index].known()) {
    if (!mayForward)
      return fail(tok_.loc, std::string("undefined ") + info.noun + " " + info.prefix +
                                std::to_string(tok_.number));
    if (index == NumberMap::kNone)
      index = createPre(kind, tok_.number);
    if (!t.firstRef[index].known())
      t.firstRef[index] = tok_.loc;
  }
  return true;
}

bool Parser::declarePre(PreKind kind, uint32_t &index) {
  PreTable &t = pre_[unsigned(kind)];
  const PreKindInfo &info = kPreKinds[unsigned(kind)];
  index = t.byNumber.find(tok_.number);
  if (index == NumberMap::kNone)
    index = createPre(kind, tok_.number);
  if (t.declared[index].known())
    return fail(tok_.loc, std::string("redefinition of ") + info.prefix +
                              std::to_string(tok_.number) + " (first defined at " +
                              locText(t.declared[index]) + ")");
  t.declared[index] = tok_.loc;
  SourcePositions &pos = func_->positions;
  switch (kind) {
  case PreKind::StackSlot:
    pos.stackSlots[StackSlot(index)] = tok_.loc;
    break;
  case PreKind::GlobalValue:
    pos.globalValues[GlobalValue(index)] = tok_.loc;
    break;
  case PreKind::Sig:
    pos.signatures[SigRef(index)] = tok_.loc;
    break;
  case PreKind::Func:
    pos.extFuncs[FuncRef(index)] = tok_.loc;
    break;
  case PreKind::Constant:
    pos.constants[Constant(index)] = tok_.loc;
    break;
  case PreKind::Region:
    pos.aliasRegions[AliasRegion(index)] = tok_.loc;
    break;
  case PreKind::DynStackSlot:
  case PreKind::DynType:
    break;
  }
  return true;
}

// ---- The preamble ----

bool Parser::parsePreamble() {
  while (true) {
    bool ok;
    switch (tok_.kind) {
    case TokenKind::StackSlot:
      ok = parseStackSlotDecl();
      break;
    case TokenKind::DynamicStackSlot:
      ok = parseDynamicStackSlotDecl();
      break;
    case TokenKind::DynamicType:
      ok = parseDynamicTypeDecl();
      break;
    case TokenKind::GlobalValue:
      ok = parseGlobalValueDecl();
      break;
    case TokenKind::SigRef:
      ok = parseSignatureDecl();
      break;
    case TokenKind::FuncRef:
      ok = parseFunctionDecl();
      break;
    case TokenKind::Constant:
      ok = parseConstantDecl();
      break;
    case TokenKind::AliasRegion:
      ok = parseRegionDecl();
      break;
    case TokenKind::Identifier:
      if (!tok_.isIdentifier("stack_limit"))
        return failExpected("a declaration, a block header or '}'");
      ok = parseStackLimitDecl();
      break;
    case TokenKind::Block:
    case TokenKind::RBrace:
      return true;
    case TokenKind::Eof:
    case TokenKind::Error:
    case TokenKind::Comment:
    case TokenKind::LParen:
    case TokenKind::RParen:
    case TokenKind::LBrace:
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
    case TokenKind::Integer:
    case TokenKind::Float:
    case TokenKind::String:
    case TokenKind::Name:
    case TokenKind::UserName:
    case TokenKind::Type:
    case TokenKind::SourceLoc:
    case TokenKind::Value:
    case TokenKind::ExceptionTag:
    case TokenKind::TryCallRet:
    case TokenKind::TryCallExn:
      return failExpected("a declaration, a block header or '}'");
    }
    if (!ok)
      return false;
  }
}

bool Parser::finishPreamble() {
  // The first mention (in text order) of an entity that was never declared.
  SourceLoc worst;
  std::string message;
  for (unsigned k = 0; k < kNumPreKinds; ++k) {
    if (PreKind(k) == PreKind::Region)
      continue; // undeclared regions are the verifier's to report
    const PreTable &t = pre_[k];
    for (uint32_t i = 0; i < t.declared.size(); ++i) {
      if (t.declared[i].known() || !t.firstRef[i].known())
        continue;
      if (worst.known() && worst.offset <= t.firstRef[i].offset)
        continue;
      worst = t.firstRef[i];
      uint32_t number = 0;
      switch (PreKind(k)) {
      case PreKind::StackSlot:
        number = func_->numbers.stackSlots.numberOf(StackSlot(i));
        break;
      case PreKind::DynStackSlot:
        number = func_->numbers.dynamicStackSlots.numberOf(DynamicStackSlot(i));
        break;
      case PreKind::GlobalValue:
        number = func_->numbers.globalValues.numberOf(GlobalValue(i));
        break;
      case PreKind::DynType:
        number = func_->numbers.dynamicTypes.numberOf(DynamicType(i));
        break;
      case PreKind::Sig:
        number = func_->numbers.sigs.numberOf(SigRef(i));
        break;
      case PreKind::Func:
        number = func_->numbers.funcs.numberOf(FuncRef(i));
        break;
      case PreKind::Constant:
        number = func_->numbers.constants.numberOf(Constant(i));
        break;
      case PreKind::Region:
        break;
      }
      message = std::string("undefined ") + kPreKinds[k].noun + " " + kPreKinds[k].prefix +
                std::to_string(number);
    }
  }
  if (worst.known())
    return fail(worst, message);

  // Signatures made by `fnN = %name(...)` are numbered after every explicit one, and
  // the body may name them by those numbers (call_indirect sig0 when only fn0 = %f(i64)
  // declared a signature).
  func_->numbers.sigs.numberRemaining(func_->dfg.signatures.size());
  PreTable &sigs = pre_[unsigned(PreKind::Sig)];
  sigs.declared.resize(func_->dfg.signatures.size());
  sigs.firstRef.resize(func_->dfg.signatures.size());
  for (uint32_t i = 0; i < sigs.declared.size(); ++i) {
    if (sigs.declared[i].known())
      continue;
    sigs.byNumber.insert(func_->numbers.sigs.numberOf(SigRef(i)), i);
    sigs.declared[i] = func_->positions.signatures[SigRef(i)];
  }
  // Body constants (vconst literals) reuse an identical declared constant.
  const auto &consts = func_->dfg.constants.values();
  for (uint32_t i = 0; i < consts.size(); ++i)
    constantsByBytes_.emplace(std::string(consts[i].begin(), consts[i].end()), Constant(i));
  return true;
}

bool Parser::parseStackSlotDecl() {
  uint32_t index;
  if (!declarePre(PreKind::StackSlot, index) || !advance())
    return false;
  if (!expect(TokenKind::Equal, "'=' after the stack slot name"))
    return false;
  if (!tok_.isIdentifier("explicit_slot"))
    return failExpected("'explicit_slot'");
  if (!advance())
    return false;
  if (!tok_.is(TokenKind::Integer))
    return failExpected("the stack slot size");
  std::string error;
  std::optional<IntLiteral> lit = parseIntLiteral(tok_.text, error);
  if (!lit)
    return fail(tok_.loc, error);
  if (lit->negative && lit->magnitude != 0)
    return fail(tok_.loc, "stack slot size must not be negative: " + clipText(tok_.text));
  std::optional<uint64_t> size = fitUnsigned(*lit, 0xffffffffu);
  if (!size)
    return fail(tok_.loc, "stack slot size too large: " + clipText(tok_.text) +
                              " (at most 4294967295)");
  StackSlotData data;
  data.size = static_cast<uint32_t>(*size);
  if (!advance())
    return false;
  while (tok_.is(TokenKind::Comma)) {
    if (!advance())
      return false;
    bool isAlign = tok_.isIdentifier("align");
    if (!isAlign && !tok_.isIdentifier("key"))
      return failExpected("'align' or 'key'");
    if (!advance() || !expect(TokenKind::Equal, isAlign ? "'=' after 'align'" : "'=' after 'key'"))
      return false;
    if (!tok_.is(TokenKind::Integer))
      return failExpected(isAlign ? "the alignment" : "the key");
    std::optional<IntLiteral> v = parseIntLiteral(tok_.text, error);
    if (!v)
      return fail(tok_.loc, error);
    if (isAlign) {
      std::optional<uint64_t> align = fitUnsigned(*v, uint64_t(1) << 31);
      if (!align || *align == 0 || (*align & (*align - 1)) != 0)
        return fail(tok_.loc, "stack slot alignment must be a power of two up to 2^31, found " +
                                  clipText(tok_.text));
      uint8_t shift = 0;
      while ((uint64_t(1) << shift) < *align)
        ++shift;
      data.alignShift = shift;
    } else {
      std::optional<uint64_t> key = fitUnsigned(*v, ~uint64_t(0));
      if (!key)
        return fail(tok_.loc, "stack slot key out of range: " + clipText(tok_.text));
      data.key = *key;
    }
    if (!advance())
      return false;
  }
  func_->stackSlots[StackSlot(index)] = data;
  return true;
}

bool Parser::parseDynamicStackSlotDecl() {
  uint32_t index;
  if (!declarePre(PreKind::DynStackSlot, index) || !advance())
    return false;
  if (!expect(TokenKind::Equal, "'=' after the dynamic stack slot name"))
    return false;
  if (!tok_.isIdentifier("explicit_dynamic_slot"))
    return failExpected("'explicit_dynamic_slot'");
  if (!advance())
    return false;
  if (!tok_.is(TokenKind::DynamicType))
    return failExpected("a dynamic type (dtN)");
  uint32_t dt;
  if (!refPre(PreKind::DynType, dt))
    return false;
  func_->dynamicStackSlots[DynamicStackSlot(index)].dynType = DynamicType(dt);
  return advance();
}

bool Parser::parseDynamicTypeDecl() {
  uint32_t index;
  if (!declarePre(PreKind::DynType, index) || !advance())
    return false;
  if (!expect(TokenKind::Equal, "'=' after the dynamic type name"))
    return false;
  if (!tok_.is(TokenKind::Type))
    return failExpected("a vector type");
  Type base = Type::fromRaw(static_cast<uint16_t>(tok_.number));
  if (!base.isVector())
    return fail(tok_.loc, "a dynamic type needs a fixed vector base type, found " + base.name());
  if (!advance() || !expect(TokenKind::Star, "'*' after the vector type"))
    return false;
  if (!tok_.is(TokenKind::GlobalValue))
    return failExpected("the scale global value (gvN)");
  uint32_t gv;
  if (!refPre(PreKind::GlobalValue, gv))
    return false;
  func_->dynamicTypes[DynamicType(index)] = DynamicTypeData{base, GlobalValue(gv)};
  return advance();
}

bool Parser::parseGlobalValueDecl() {
  uint32_t index;
  SourceLoc declLoc = tok_.loc;
  if (!declarePre(PreKind::GlobalValue, index) || !advance())
    return false;
  if (!expect(TokenKind::Equal, "'=' after the global value name"))
    return false;
  GlobalValueData data;
  auto typeSuffix = [&](std::string_view kind) {
    if (!expect(TokenKind::Dot, "'.' and a type after '" + std::string(kind) + "'"))
      return false;
    if (!tok_.is(TokenKind::Type))
      return failExpected("a type after '" + std::string(kind) + ".'");
    data.type = Type::fromRaw(static_cast<uint16_t>(tok_.number));
    return advance();
  };
  auto baseGv = [&]() {
    if (!tok_.is(TokenKind::GlobalValue))
      return failExpected("the base global value (gvN)");
    uint32_t base;
    if (!refPre(PreKind::GlobalValue, base))
      return false;
    data.base = GlobalValue(base);
    return advance();
  };

  if (tok_.isIdentifier("vmctx")) {
    data.kind = GlobalValueData::Kind::VMContext;
    if (!advance())
      return false;
  } else if (tok_.isIdentifier("load")) {
    data.kind = GlobalValueData::Kind::Load;
    if (!advance() || !typeSuffix("load") || !parseMemFlags(data.flags))
      return false;
    if (tok_.is(TokenKind::Identifier))
      return fail(tok_.loc, "unknown memory flag '" + clipText(tok_.text) + "'");
    if (!baseGv() || !parseOptionalOffset(data.offset, INT32_MIN, INT32_MAX))
      return false;
    if (!data.flags.notrap() || !data.flags.aligned())
      return fail(declLoc, "a global value load must be notrap and aligned");
  } else if (tok_.isIdentifier("iadd_imm")) {
    data.kind = GlobalValueData::Kind::IAddImm;
    if (!advance() || !typeSuffix("iadd_imm") || !baseGv() || !comma() ||
        !parseImm64(data.offset))
      return false;
  } else if (tok_.isIdentifier("symbol")) {
    data.kind = GlobalValueData::Kind::Symbol;
    if (!advance())
      return false;
    while (tok_.isIdentifier("colocated") || tok_.isIdentifier("tls")) {
      (tok_.text == "tls" ? data.tls : data.colocated) = true;
      if (!advance())
        return false;
    }
    if (!parseExternalName(data.name, "a symbol name (%name or uN:M)") ||
        !parseOptionalOffset(data.offset, INT64_MIN, INT64_MAX))
      return false;
  } else if (tok_.isIdentifier("dyn_scale_target_const")) {
    data.kind = GlobalValueData::Kind::DynScaleTargetConst;
    if (!advance() || !typeSuffix("dyn_scale_target_const"))
      return false;
  } else {
    return failExpected("a global value kind (vmctx, load, iadd_imm, symbol, "
                        "dyn_scale_target_const)");
  }
  func_->globalValues[GlobalValue(index)] = std::move(data);
  return true;
}

bool Parser::parseSignatureDecl() {
  uint32_t index;
  if (!declarePre(PreKind::Sig, index) || !advance())
    return false;
  if (!expect(TokenKind::Equal, "'=' after the signature name"))
    return false;
  Signature sig;
  if (!parseSignature(sig))
    return false;
  func_->dfg.signatures[SigRef(index)] = std::move(sig);
  return true;
}

bool Parser::parseFunctionDecl() {
  uint32_t index;
  if (!declarePre(PreKind::Func, index) || !advance())
    return false;
  if (!expect(TokenKind::Equal, "'=' after the function name"))
    return false;
  ExtFuncData data;
  while (tok_.isIdentifier("colocated") || tok_.isIdentifier("patchable")) {
    (tok_.text == "colocated" ? data.colocated : data.patchable) = true;
    if (!advance())
      return false;
  }
  if (!parseExternalName(data.name, "a function name (%name or uN:M)"))
    return false;
  if (tok_.is(TokenKind::SigRef)) {
    uint32_t sig;
    if (!refPre(PreKind::Sig, sig))
      return false;
    data.signature = SigRef(sig);
    if (!advance())
      return false;
  } else if (tok_.is(TokenKind::LParen)) {
    SourceLoc sigLoc = tok_.loc;
    Signature sig;
    if (!parseSignature(sig))
      return false;
    // An implicit signature: no text number; numbered after the explicit ones.
    SigRef ref = func_->dfg.signatures.push(std::move(sig));
    func_->positions.signatures[ref] = sigLoc;
    data.signature = ref;
  } else {
    return failExpected("a signature: sigN or '(' parameters ')'");
  }
  func_->dfg.extFuncs[FuncRef(index)] = std::move(data);
  return true;
}

bool Parser::parseConstantDecl() {
  uint32_t index;
  if (!declarePre(PreKind::Constant, index) || !advance())
    return false;
  if (!expect(TokenKind::Equal, "'=' after the constant name"))
    return false;
  Type type;
  if (tok_.is(TokenKind::Type)) {
    type = Type::fromRaw(static_cast<uint16_t>(tok_.number));
    if (!advance())
      return false;
  }
  std::vector<uint8_t> bytes;
  if (!parseConstantBytes(type, bytes))
    return false;
  func_->dfg.constants[Constant(index)] = std::move(bytes);
  return true;
}

bool Parser::parseRegionDecl() {
  uint32_t index;
  if (!declarePre(PreKind::Region, index) || !advance())
    return false;
  if (!expect(TokenKind::Equal, "'=' after the alias region name"))
    return false;
  if (!tok_.is(TokenKind::Integer))
    return failExpected("the region's user id");
  std::string error;
  std::optional<IntLiteral> lit = parseIntLiteral(tok_.text, error);
  if (!lit)
    return fail(tok_.loc, error);
  std::optional<uint64_t> id = fitUnsigned(*lit, 0xffffffffu);
  if (!id)
    return fail(tok_.loc, "region user id out of range: " + clipText(tok_.text));
  if (!advance())
    return false;
  if (!tok_.is(TokenKind::String))
    return failExpected("the region's quoted name");
  AliasRegionData &data = func_->aliasRegions[AliasRegion(index)];
  data.userId = static_cast<uint32_t>(*id);
  data.name = std::string(tok_.text);
  data.declared = true;
  return advance();
}

bool Parser::parseStackLimitDecl() {
  if (stackLimitLoc_)
    return fail(tok_.loc, "redefinition of stack_limit (first defined at " +
                              locText(*stackLimitLoc_) + ")");
  stackLimitLoc_ = tok_.loc;
  if (!advance() || !expect(TokenKind::Equal, "'=' after 'stack_limit'"))
    return false;
  if (!tok_.is(TokenKind::GlobalValue))
    return failExpected("a global value (gvN)");
  uint32_t gv;
  if (!refPre(PreKind::GlobalValue, gv))
    return false;
  func_->stackLimit = GlobalValue(gv);
  return advance();
}

// ---- Pieces shared with instructions ----

bool Parser::parseOptionalOffset(int64_t &offset, int64_t min, int64_t max) {
  offset = 0;
  if (!tok_.is(TokenKind::Integer) || (tok_.text[0] != '+' && tok_.text[0] != '-'))
    return true;
  std::string error;
  std::optional<IntLiteral> lit = parseIntLiteral(tok_.text, error);
  if (!lit)
    return fail(tok_.loc, error);
  std::optional<int64_t> v = fitSigned(*lit, min, max);
  if (!v)
    return fail(tok_.loc, "offset out of range: " + clipText(tok_.text) +
                              (max == INT32_MAX ? " (offsets are 32-bit)" : ""));
  offset = *v;
  return advance();
}

bool Parser::parseMemFlags(MemFlags &flags) {
  flags = MemFlags();
  std::string_view trapWord, endianWord;
  bool sawRegion = false;
  while (true) {
    if (tok_.is(TokenKind::AliasRegion)) {
      if (sawRegion)
        return fail(tok_.loc, "memory flags name more than one alias region");
      uint32_t region;
      if (!refPre(PreKind::Region, region))
        return false;
      flags.setRegion(AliasRegion(region));
      sawRegion = true;
    } else if (tok_.is(TokenKind::Identifier)) {
      std::string_view w = tok_.text;
      std::optional<TrapCode> code;
      if (w == "aligned") {
        flags.setAligned();
      } else if (w == "readonly") {
        flags.setReadonly();
      } else if (w == "can_move") {
        flags.setCanMove();
      } else if (w == "checked") {
        flags.setChecked();
      } else if (w == "little" || w == "big") {
        if (!endianWord.empty() && endianWord != w)
          return fail(tok_.loc, "conflicting memory flags '" + std::string(endianWord) +
                                    "' and '" + std::string(w) + "'");
        endianWord = w;
        flags.setEndianness(w == "little" ? Endianness::Little : Endianness::Big);
      } else if (w == "notrap" || (code = TrapCode::parse(w))) {
        if (!trapWord.empty() && trapWord != w)
          return fail(tok_.loc, "conflicting memory flags '" + std::string(trapWord) +
                                    "' and '" + std::string(w) + "'");
        trapWord = w;
        if (code)
          flags.setTrapCode(*code);
        else
          flags.setNotrap();
      } else {
        return true; // not a flag: the caller decides what it is
      }
    } else {
      return true;
    }
    if (!advance())
      return false;
  }
}

bool Parser::internMemFlags(const MemFlags &flags, MemFlagsRef &ref) {
  uint64_t key = memFlagsKey(flags);
  auto it = memFlagsCache_.find(key);
  if (it != memFlagsCache_.end()) {
    ref = it->second;
    return true;
  }
  if (memFlagsCache_.size() >= kMaxMemFlagSets)
    return fail(tok_.loc, "too many distinct memory flag sets in one function (at most " +
                              std::to_string(kMaxMemFlagSets) + ")");
  ref = func_->dfg.internMemFlags(flags);
  memFlagsCache_.emplace(key, ref);
  return true;
}

bool Parser::parseConstantBytes(Type type, std::vector<uint8_t> &bytes) {
  bytes.clear();
  std::string error;
  if (tok_.is(TokenKind::LBracket)) {
    if (!advance())
      return false;
    Type lane = type.isValid() ? type.laneType() : types::I8;
    unsigned laneBytes = lane.bytes();
    uint32_t want = type.isValid() ? type.lanes() : 0; // 0: any number of bytes
    uint32_t count = 0;
    while (!tok_.is(TokenKind::RBracket)) {
      if (want != 0 && count == want)
        return fail(tok_.loc, "too many lanes for " + type.name() + " (it has " +
                                  std::to_string(want) + ")");
      if (!tok_.is(TokenKind::Integer) && !tok_.is(TokenKind::Float))
        return failExpected("a lane value or ']'");
      size_t at = bytes.size();
      bytes.resize(at + laneBytes);
      if (!encodeLane(lane, tok_, bytes.data() + at, error))
        return fail(tok_.loc, error);
      ++count;
      if (!advance())
        return false;
    }
    if (want != 0 && count < want)
      return fail(tok_.loc, type.name() + " has " + std::to_string(want) + " lanes, found " +
                                std::to_string(count));
    return advance();
  }
  if (!tok_.is(TokenKind::Integer))
    return failExpected("a constant: '[' lanes ']' or 0x hexadecimal");
  std::optional<std::vector<uint8_t>> hex = parseHexBytes(tok_.text, error);
  if (!hex)
    return fail(tok_.loc, error);
  if (type.isValid()) {
    if (hex->size() > type.bytes())
      return fail(tok_.loc, "constant has " + std::to_string(hex->size()) +
                                " bytes, more than the " + std::to_string(type.bytes()) +
                                " of " + type.name());
    hex->resize(type.bytes(), 0);
  }
  bytes = std::move(*hex);
  return advance();
}

Constant Parser::internConstant(std::vector<uint8_t> bytes) {
  std::string key(bytes.begin(), bytes.end());
  auto it = constantsByBytes_.find(key);
  if (it != constantsByBytes_.end())
    return it->second;
  Constant c = func_->dfg.constants.push(std::move(bytes));
  constantsByBytes_.emplace(std::move(key), c);
  return c;
}

} // namespace irc::parser::detail
