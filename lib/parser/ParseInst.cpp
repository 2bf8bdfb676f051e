// Parsing of block statements: value aliases and instructions, each instruction by its
// Format (Formats.def), with result types from Opcodes.def or the callee's signature.
//
// An instruction is assembled in an InstData on the stack; the operand words are filled
// as InstData.h lays them out, value lists and block calls go to the DFG pools, and the
// result values (which the text may have used already) are attached last.
#include "parser/Literals.h"
#include "parser/ParserImpl.h"

#include <cassert>

namespace irc::parser::detail {

using namespace ir;

namespace {

/// A type from the set, for "needs a type suffix, e.g. iconst.i32". Derived from
/// typeSetContains, so it follows Opcode.cpp's sets.
std::string exampleType(TypeSet set) {
  constexpr Type kCandidates[] = {
      types::I32,   types::I64,   types::I8,    types::I128,  types::F32,
      types::F64,   types::I32X4, types::F32X4, types::I16X8, types::I64X2,
      types::I8X16, types::F64X2, Type(LaneKind::I32, 2, true)};
  for (Type t : kCandidates)
    if (typeSetContains(set, t))
      return t.name();
  return "i32";
}

std::string plural(size_t n, std::string_view word) {
  return std::to_string(n) + " " + std::string(word) + (n == 1 ? "" : "s");
}

} // namespace

// ---- Statements ----

std::optional<Opcode> Parser::lookupOpcode(std::string_view name) {
  uint32_t h = 2166136261u;
  for (char c : name)
    h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  OpcodeCacheEntry &entry = opcodeCache_[(h ^ (h >> 16)) & (opcodeCache_.size() - 1)];
  if (entry.valid && opcodeName(entry.opcode) == name)
    return entry.opcode;
  std::optional<Opcode> op = parseOpcode(name);
  if (op)
    entry = OpcodeCacheEntry{true, *op};
  return op;
}

bool Parser::parseStatement(Block block) {
  tags_.clear();
  bool haveTags = false;
  std::optional<uint32_t> srcLoc;
  // Debug tags and the source location may come in either order.
  while (true) {
    if (tok_.is(TokenKind::LAngle)) {
      if (haveTags)
        return fail(tok_.loc, "an instruction has at most one list of debug tags");
      haveTags = true;
      if (!parseDebugTags())
        return false;
    } else if (tok_.is(TokenKind::SourceLoc)) {
      if (srcLoc)
        return fail(tok_.loc, "an instruction has at most one source location");
      srcLoc = tok_.number;
      if (!advance())
        return false;
    } else {
      break;
    }
  }

  SourceLoc stmtLoc = tok_.loc;
  results_.clear();
  if (tok_.is(TokenKind::Value)) {
    results_.emplace_back(tok_.number, tok_.loc);
    if (!advance())
      return false;
    while (tok_.is(TokenKind::Comma)) {
      if (!advance())
        return false;
      if (!tok_.is(TokenKind::Value))
        return failExpected("a result value");
      results_.emplace_back(tok_.number, tok_.loc);
      if (!advance())
        return false;
    }
    if (tok_.is(TokenKind::Arrow)) {
      if (results_.size() != 1)
        return fail(tok_.loc, "an alias ('->') defines exactly one value");
      if (haveTags || srcLoc)
        return fail(stmtLoc, "an alias cannot have debug tags or a source location");
      return parseAlias(results_[0].first, results_[0].second);
    }
    if (!expect(TokenKind::Equal, "'=' or '->' after the result values"))
      return false;
  }
  return parseInstruction(block, stmtLoc, srcLoc, haveTags);
}

bool Parser::parseAlias(uint32_t number, SourceLoc loc) {
  if (!advance())
    return false;
  if (!tok_.is(TokenKind::Value))
    return failExpected("the aliased value");
  Value original = useValue();
  if (!advance())
    return false;
  DataFlowGraph &dfg = func_->dfg;
  uint32_t index = valueByNumber_.find(number);
  Value alias = index != NumberMap::kNone ? Value(index) : createValue(number);
  ValueSlot &slot = values_[alias.index()];
  if (slot.def.known()) {
    // Repeating an alias exactly is allowed; anything else redefines the value.
    const ValueData &d = dfg.valueData(alias);
    if (d.kind == ValueKind::Alias && d.owner == original.index())
      return true;
    return fail(loc, "redefinition of v" + std::to_string(number) + " (first defined at " +
                         locText(slot.def) + ")");
  }
  if (alias == original)
    return fail(loc, "alias cycle involving " + func_->name(alias));
  slot.def = loc;
  dfg.changeToAlias(alias, original);
  Type type = dfg.valueType(original);
  if (!type.isValid()) {
    deferType(true, alias.index(), original, loc);
    return true;
  }
  dfg.setValueType(alias, type);
  return typeKnown(alias);
}

bool Parser::parseInstruction(Block block, SourceLoc stmtLoc, std::optional<uint32_t> srcLoc,
                              bool haveTags) {
  if (!tok_.is(TokenKind::Identifier))
    return failExpected("an instruction opcode");
  std::optional<Opcode> op = lookupOpcode(tok_.text);
  if (!op)
    return fail(tok_.loc, "unknown opcode '" + clipText(tok_.text) + "'");
  const OpcodeInfo &info = opcodeInfo(*op);
  std::string_view name = info.name; // messages only: std::string(name) + ...
  SourceLoc opLoc = tok_.loc;
  if (!advance())
    return false;

  // The type suffix and the rules for it.
  Type suffix;
  SourceLoc suffixLoc;
  if (tok_.is(TokenKind::Dot)) {
    if (!advance())
      return false;
    suffixLoc = tok_.loc;
    if (!parseTypeOrDynamic(suffix, "a type after the opcode's '.'"))
      return false;
  }
  switch (info.typeVar) {
  case TypeVar::None:
    if (suffix.isValid())
      return fail(suffixLoc, std::string(name) + " does not take a type suffix");
    break;
  case TypeVar::Result:
    if (!suffix.isValid())
      return fail(opLoc, std::string(name) + " needs a type suffix, e.g. " + std::string(name) + "." +
                             exampleType(info.ctrlSet));
    [[fallthrough]];
  case TypeVar::Op0:
  case TypeVar::Op1:
  case TypeVar::Op2:
    if (suffix.isValid() && !typeSetContains(info.ctrlSet, suffix))
      return fail(suffixLoc, "type " + suffix.name() + " is not valid for " + std::string(name) +
                                 " (expects " + std::string(typeSetName(info.ctrlSet)) + ")");
    break;
  }

  // Operands.
  InstData d;
  d.opcode = *op;
  for (unsigned i = 0; i < 3; ++i) {
    fixed_[i] = Value();
    fixedLoc_[i] = SourceLoc();
  }
  args_.clear();
  stackMap_.clear();
  ExceptionTable exceptionTable;
  if (!parseOperands(d, suffix, exceptionTable))
    return false;
  const FormatInfo &format = formatInfo(info.format);
  if (!format.varArgs)
    for (unsigned i = 0; i < format.fixedValues; ++i)
      d.w[i] = fixed_[i].index();
  bool hasStackMap = false;
  if (info.isCall() && !info.isReturn() && tok_.is(TokenKind::Comma)) {
    if (!parseStackMap())
      return false;
    hasStackMap = true;
  }

  // The controlling type: the suffix, or the type of the operand it follows. An operand
  // without a type yet defers the result types (see Parser.cpp).
  DataFlowGraph &dfg = func_->dfg;
  Type ctrl = suffix;
  bool deferred = false;
  unsigned ctrlOperand = 0;
  if (!suffix.isValid() && info.typeVar != TypeVar::None && info.typeVar != TypeVar::Result) {
    ctrlOperand = unsigned(info.typeVar) - unsigned(TypeVar::Op0);
    Value x = fixed_[ctrlOperand];
    assert(x.isValid() && "Opcodes.def names an operand the format does not have");
    ctrl = dfg.valueType(x);
    if (!ctrl.isValid())
      deferred = true;
    else if (!typeSetContains(info.ctrlSet, ctrl))
      return fail(fixedLoc_[ctrlOperand],
                  "type " + ctrl.name() + " of " + func_->name(x) + " is not valid for " +
                      std::string(name) + " (expects " + std::string(typeSetName(info.ctrlSet)) + ")");
  }

  // Result types.
  resultTypes_.clear();
  bool plainCall = (info.format == Format::Call || info.format == Format::CallIndirect) &&
                   !info.isReturn();
  if (plainCall) {
    SigRef sig = info.format == Format::Call ? dfg.extFuncs[d.funcRef()].signature : d.sigRef();
    for (const AbiParam &r : dfg.signatures[sig].returns)
      resultTypes_.push_back(r.type);
  } else if (info.format != Format::TryCall && info.format != Format::TryCallIndirect) {
    for (unsigned k = 0; k < info.numResults; ++k) {
      Type t = deferred ? types::Invalid : deriveType(info.results[k], ctrl);
      if (!deferred && !t.isValid())
        return fail(opLoc, std::string(name) + " has no result type for " + ctrl.name());
      resultTypes_.push_back(t);
    }
  }
  if (results_.size() != resultTypes_.size())
    return fail(stmtLoc, std::string(name) + " produces " + plural(resultTypes_.size(), "result") + ", " +
                             std::to_string(results_.size()) + " given");

  // Create the instruction, then define its results.
  Inst inst = dfg.makeInst(d);
  for (size_t k = 0; k < results_.size(); ++k) {
    Value v;
    if (!defineValue(results_[k].first, results_[k].second, v))
      return false;
    dfg.attachResult(inst, v, resultTypes_[k]);
  }
  func_->layout.appendInst(inst, block);
  func_->positions.insts[inst] = stmtLoc;
  if (srcLoc)
    func_->srcLocs[inst] = *srcLoc;
  if (haveTags && !tags_.empty())
    func_->debugTags[inst.index()] = tags_;
  if (hasStackMap && !stackMap_.empty())
    func_->userStackMaps[inst.index()] = stackMap_;
  if (deferred)
    deferType(false, inst.index(), fixed_[ctrlOperand], fixedLoc_[ctrlOperand]);
  for (Value v : dfg.results(inst))
    if (dfg.valueType(v).isValid() && !typeKnown(v))
      return false;
  return true;
}

// ---- Operands by format ----

bool Parser::operand(unsigned index) {
  if (!tok_.is(TokenKind::Value))
    return failExpected("a value operand");
  fixed_[index] = useValue();
  fixedLoc_[index] = tok_.loc;
  return advance();
}

bool Parser::comma() { return expect(TokenKind::Comma, "','"); }

bool Parser::parseOperands(InstData &d, Type ctrl, ExceptionTable &exceptionTable) {
  DataFlowGraph &dfg = func_->dfg;
  const OpcodeInfo &info = d.info();
  std::string error;

  auto memFlags = [&]() {
    MemFlags flags;
    MemFlagsRef ref;
    if (!parseMemFlags(flags) || !internMemFlags(flags, ref))
      return false;
    d.aux16 = ref.index;
    if (tok_.is(TokenKind::Identifier) && info.format != Format::AtomicRmw)
      return fail(tok_.loc, "unknown memory flag '" + clipText(tok_.text) + "'");
    return true;
  };
  auto offset = [&]() {
    int64_t off;
    if (!parseOptionalOffset(off, INT32_MIN, INT32_MAX))
      return false;
    d.setOffset(static_cast<int32_t>(off));
    return true;
  };
  auto floatImm = [&](IeeeFormat fmt, u128 &bits) {
    if (!tok_.is(TokenKind::Float) && !tok_.is(TokenKind::Integer))
      return failExpected("a floating-point immediate");
    IeeeParseResult r = parseIeee(tok_.text, fmt);
    if (!r.bits)
      return fail(tok_.loc, r.error + ": '" + clipText(tok_.text) + "'");
    bits = *r.bits;
    return advance();
  };
  auto entity = [&](TokenKind kind, PreKind pre, std::string_view what, uint32_t &index) {
    if (!tok_.is(kind))
      return failExpected(what);
    return refPre(pre, index) && advance();
  };
  auto finishList = [&]() {
    d.setValueList(dfg.makeValueList(args_));
    return true;
  };

  switch (info.format) {
  case Format::NullAry:
    return true;
  case Format::Unary:
    return operand(0);
  case Format::UnaryImm: {
    if (!tok_.is(TokenKind::Integer))
      return failExpected("an integer immediate");
    std::optional<IntLiteral> lit = parseIntLiteral(tok_.text, error);
    if (!lit)
      return fail(tok_.loc, error);
    std::optional<u128> bits = fitBits(*lit, ctrl.bits());
    if (!bits)
      return fail(tok_.loc, "immediate " + clipText(tok_.text) + " out of range for " +
                                ctrl.name());
    d.setImm64(signExtend(*bits, ctrl.bits()));
    return advance();
  }
  case Format::UnaryIeee16:
  case Format::UnaryIeee32:
  case Format::UnaryIeee64: {
    IeeeFormat fmt = info.format == Format::UnaryIeee16   ? kF16
                     : info.format == Format::UnaryIeee32 ? kF32
                                                          : kF64;
    u128 bits;
    if (!floatImm(fmt, bits))
      return false;
    d.setIeeeBits(static_cast<uint64_t>(bits));
    return true;
  }
  case Format::UnaryConst: {
    if (tok_.is(TokenKind::Constant)) {
      uint32_t c;
      if (!entity(TokenKind::Constant, PreKind::Constant, "a constant", c))
        return false;
      d.w[0] = c;
      return true;
    }
    std::vector<uint8_t> bytes;
    if (d.opcode == Opcode::F128const) {
      u128 bits;
      if (!floatImm(kF128, bits))
        return false;
      bytes.resize(16);
      for (unsigned i = 0; i < 16; ++i)
        bytes[i] = static_cast<uint8_t>(bits >> (8 * i));
    } else if (!parseConstantBytes(ctrl, bytes)) {
      return false;
    }
    d.w[0] = internConstant(std::move(bytes)).index();
    return true;
  }
  case Format::UnaryGlobalValue: {
    uint32_t gv;
    if (!entity(TokenKind::GlobalValue, PreKind::GlobalValue, "a global value (gvN)", gv))
      return false;
    d.w[0] = gv;
    return true;
  }
  case Format::Binary:
    return operand(0) && comma() && operand(1);
  case Format::BinaryImm8:
    return operand(0) && comma() && parseImm8(d.aux8);
  case Format::Ternary:
    return operand(0) && comma() && operand(1) && comma() && operand(2);
  case Format::TernaryImm8:
    return operand(0) && comma() && operand(1) && comma() && parseImm8(d.aux8);
  case Format::Shuffle: {
    std::vector<uint8_t> mask;
    if (!operand(0) || !comma() || !operand(1) || !comma() ||
        !parseConstantBytes(types::I8X16, mask))
      return false;
    d.w[2] = dfg.immediates.push(std::move(mask)).index();
    return true;
  }
  case Format::IntCompare:
  case Format::FloatCompare: {
    bool isInt = info.format == Format::IntCompare;
    if (!tok_.is(TokenKind::Identifier))
      return failExpected(isInt ? "an integer condition code" : "a float condition code");
    if (isInt) {
      std::optional<IntCC> cc = parseIntCC(tok_.text);
      if (!cc)
        return fail(tok_.loc, "unknown integer condition code '" + clipText(tok_.text) + "'");
      d.aux8 = static_cast<uint8_t>(*cc);
    } else {
      std::optional<FloatCC> cc = parseFloatCC(tok_.text);
      if (!cc)
        return fail(tok_.loc, "unknown float condition code '" + clipText(tok_.text) + "'");
      d.aux8 = static_cast<uint8_t>(*cc);
    }
    return advance() && operand(0) && comma() && operand(1);
  }
  case Format::Jump: {
    BlockCall dest;
    if (!parseBlockCall(dest))
      return false;
    d.w[0] = dest.index();
    return true;
  }
  case Format::Brif: {
    BlockCall then, otherwise;
    if (!operand(0) || !comma() || !parseBlockCall(then) || !comma() ||
        !parseBlockCall(otherwise))
      return false;
    d.w[1] = then.index();
    d.w[2] = otherwise.index();
    return true;
  }
  case Format::BranchTable: {
    JumpTableData table;
    BlockCall def;
    if (!operand(0) || !comma() || !parseBlockCall(def) || !comma())
      return false;
    table.entries.push_back(def);
    if (!expect(TokenKind::LBracket, "'[' to start the jump table"))
      return false;
    while (!tok_.is(TokenKind::RBracket)) {
      BlockCall entry;
      if (!parseBlockCall(entry))
        return false;
      table.entries.push_back(entry);
      if (!tok_.is(TokenKind::Comma))
        break;
      if (!advance())
        return false;
    }
    if (!expect(TokenKind::RBracket, "',' or ']' in the jump table"))
      return false;
    d.w[1] = dfg.jumpTables.push(std::move(table)).index();
    return true;
  }
  case Format::Call:
  case Format::FuncAddr: {
    uint32_t fn;
    if (!entity(TokenKind::FuncRef, PreKind::Func, "a function reference (fnN)", fn))
      return false;
    d.w[0] = fn;
    if (info.format == Format::FuncAddr)
      return true;
    return parseCallArgs() && finishList();
  }
  case Format::CallIndirect: {
    uint32_t sig;
    if (!entity(TokenKind::SigRef, PreKind::Sig, "a signature (sigN)", sig))
      return false;
    d.w[0] = sig;
    if (!comma() || !operand(0))
      return false;
    args_.push_back(fixed_[0]);
    return parseCallArgs() && finishList();
  }
  case Format::TryCall:
  case Format::TryCallIndirect: {
    if (info.format == Format::TryCall) {
      uint32_t fn;
      if (!entity(TokenKind::FuncRef, PreKind::Func, "a function reference (fnN)", fn))
        return false;
      d.w[0] = fn;
    } else {
      if (!operand(0))
        return false;
      args_.push_back(fixed_[0]);
    }
    if (!parseCallArgs() || !finishList() || !comma() || !parseExceptionTable(exceptionTable))
      return false;
    d.w[2] = exceptionTable.index();
    return true;
  }
  case Format::MultiAry:
    // Return values. A value starting the next line begins the next statement.
    if (tok_.is(TokenKind::Value) && !tok_.firstOnLine) {
      while (true) {
        if (!tok_.is(TokenKind::Value))
          return failExpected("a value");
        args_.push_back(useValue());
        if (!advance())
          return false;
        if (!tok_.is(TokenKind::Comma))
          break;
        if (!advance())
          return false;
      }
    }
    return finishList();
  case Format::Load:
    return memFlags() && operand(0) && offset();
  case Format::LoadNoOffset:
    return memFlags() && operand(0);
  case Format::Store:
    return memFlags() && operand(0) && comma() && operand(1) && offset();
  case Format::StoreNoOffset:
    return memFlags() && operand(0) && comma() && operand(1);
  case Format::AtomicRmw: {
    if (!memFlags())
      return false;
    if (!tok_.is(TokenKind::Identifier))
      return failExpected("an atomic operation (add, sub, and, nand, or, xor, xchg, umin, "
                          "umax, smin, smax)");
    std::optional<AtomicRmwOp> rmw = parseAtomicRmwOp(tok_.text);
    if (!rmw)
      return fail(tok_.loc,
                  "unknown memory flag or atomic operation '" + clipText(tok_.text) + "'");
    d.aux8 = static_cast<uint8_t>(*rmw);
    return advance() && operand(0) && comma() && operand(1);
  }
  case Format::AtomicCas:
    return memFlags() && operand(0) && comma() && operand(1) && comma() && operand(2);
  case Format::StackLoad: {
    uint32_t ss;
    int64_t off;
    if (!entity(TokenKind::StackSlot, PreKind::StackSlot, "a stack slot (ssN)", ss) ||
        !parseOptionalOffset(off, INT32_MIN, INT32_MAX))
      return false;
    d.w[0] = ss;
    d.w[1] = static_cast<uint32_t>(static_cast<int32_t>(off));
    return true;
  }
  case Format::DynamicStackLoad: {
    uint32_t dss;
    if (!entity(TokenKind::DynamicStackSlot, PreKind::DynStackSlot,
                "a dynamic stack slot (dssN)", dss))
      return false;
    d.w[0] = dss;
    return true;
  }
  case Format::DynamicStackStore: {
    uint32_t dss;
    if (!operand(0) || !comma() ||
        !entity(TokenKind::DynamicStackSlot, PreKind::DynStackSlot,
                "a dynamic stack slot (dssN)", dss))
      return false;
    d.w[1] = dss;
    return true;
  }
  case Format::Trap: {
    TrapCode code;
    if (!parseTrapCode(code))
      return false;
    d.aux8 = code.raw();
    return true;
  }
  case Format::CondTrap: {
    TrapCode code;
    if (!operand(0) || !comma() || !parseTrapCode(code))
      return false;
    d.aux8 = code.raw();
    return true;
  }
  case Format::IntAddTrap: {
    TrapCode code;
    if (!operand(0) || !comma() || !operand(1) || !comma() || !parseTrapCode(code))
      return false;
    d.aux8 = code.raw();
    return true;
  }
  case Format::ExceptionHandlerAddress: {
    if (!tok_.is(TokenKind::Block))
      return failExpected("a block");
    d.w[0] = blockRef(tok_.number).index();
    int64_t index;
    if (!advance() || !comma() || !parseImm64(index))
      return false;
    d.setImm64(index);
    return true;
  }
  }
  return fail(tok_.loc, "unsupported instruction format");
}

bool Parser::parseCallArgs() {
  if (!expect(TokenKind::LParen, "'(' before the arguments"))
    return false;
  if (!tok_.is(TokenKind::RParen)) {
    while (true) {
      if (!tok_.is(TokenKind::Value))
        return failExpected("an argument value");
      args_.push_back(useValue());
      if (!advance())
        return false;
      if (!tok_.is(TokenKind::Comma))
        break;
      if (!advance())
        return false;
    }
  }
  return expect(TokenKind::RParen, "',' or ')' after the arguments");
}

bool Parser::parseBlockCall(BlockCall &out) {
  if (!tok_.is(TokenKind::Block))
    return failExpected("a block");
  Block target = blockRef(tok_.number);
  if (!advance())
    return false;
  blockArgs_.clear();
  if (tok_.is(TokenKind::LParen)) {
    if (!advance())
      return false;
    while (!tok_.is(TokenKind::RParen)) {
      if (tok_.is(TokenKind::Value)) {
        blockArgs_.push_back(BlockArg::value(useValue()));
      } else if (tok_.is(TokenKind::TryCallRet) || tok_.is(TokenKind::TryCallExn)) {
        if (tok_.number > BlockArg::kIndexMask)
          return fail(tok_.loc, "index too large: " + clipText(tok_.text));
        blockArgs_.push_back(tok_.is(TokenKind::TryCallRet) ? BlockArg::ret(tok_.number)
                                                            : BlockArg::exn(tok_.number));
      } else {
        return failExpected("a block argument (vN, retN or exnN)");
      }
      if (!advance())
        return false;
      if (!tok_.is(TokenKind::Comma))
        break;
      if (!advance())
        return false;
    }
    if (!expect(TokenKind::RParen, "',' or ')' after the block arguments"))
      return false;
  }
  out = func_->dfg.makeBlockCall(target, blockArgs_);
  return true;
}

bool Parser::parseExceptionTable(ExceptionTable &out) {
  if (!tok_.is(TokenKind::SigRef))
    return failExpected("the callee's signature (sigN)");
  uint32_t sig;
  if (!refPre(PreKind::Sig, sig) || !advance() || !comma())
    return false;
  ExceptionTableData data;
  data.signature = SigRef(sig);
  if (!parseBlockCall(data.normalReturn) || !comma())
    return false;
  if (!expect(TokenKind::LBracket, "'[' to start the exception table"))
    return false;
  while (!tok_.is(TokenKind::RBracket)) {
    ExceptionTableItem item;
    if (tok_.is(TokenKind::ExceptionTag) || tok_.isIdentifier("default")) {
      item.kind = tok_.is(TokenKind::ExceptionTag) ? ExceptionTableItem::Kind::Tag
                                                   : ExceptionTableItem::Kind::Default;
      item.tag = tok_.is(TokenKind::ExceptionTag) ? tok_.number : 0;
      if (!advance() || !expect(TokenKind::Colon, "':' before the handler block") ||
          !parseBlockCall(item.handler))
        return false;
    } else if (tok_.isIdentifier("context")) {
      item.kind = ExceptionTableItem::Kind::Context;
      if (!advance())
        return false;
      if (!tok_.is(TokenKind::Value))
        return failExpected("the context value");
      item.context = useValue();
      if (!advance())
        return false;
    } else {
      return failExpected("an exception table item (tagN: block, default: block, context vN)");
    }
    data.items.push_back(item);
    if (!tok_.is(TokenKind::Comma))
      break;
    if (!advance())
      return false;
  }
  if (!expect(TokenKind::RBracket, "',' or ']' in the exception table"))
    return false;
  out = func_->dfg.exceptionTables.push(std::move(data));
  return true;
}

bool Parser::parseTrapCode(TrapCode &code) {
  if (!tok_.is(TokenKind::Identifier))
    return failExpected("a trap code");
  std::optional<TrapCode> parsed = TrapCode::parse(tok_.text);
  if (!parsed)
    return fail(tok_.loc, "unknown trap code '" + clipText(tok_.text) + "'");
  code = *parsed;
  return advance();
}

bool Parser::parseImm8(uint8_t &out) {
  if (!tok_.is(TokenKind::Integer))
    return failExpected("an 8-bit unsigned immediate");
  std::string error;
  std::optional<IntLiteral> lit = parseIntLiteral(tok_.text, error);
  if (!lit)
    return fail(tok_.loc, error);
  std::optional<uint64_t> v = fitUnsigned(*lit, 255);
  if (!v)
    return fail(tok_.loc, "immediate " + clipText(tok_.text) + " out of range for an 8-bit "
                          "unsigned immediate");
  out = static_cast<uint8_t>(*v);
  return advance();
}

bool Parser::parseImm64(int64_t &out) {
  if (!tok_.is(TokenKind::Integer))
    return failExpected("an integer immediate");
  std::string error;
  std::optional<IntLiteral> lit = parseIntLiteral(tok_.text, error);
  if (!lit)
    return fail(tok_.loc, error);
  std::optional<u128> bits = fitBits(*lit, 64);
  if (!bits)
    return fail(tok_.loc, "immediate " + clipText(tok_.text) + " out of range for i64");
  out = signExtend(*bits, 64);
  return advance();
}

bool Parser::parseDebugTags() {
  if (!advance())
    return false;
  while (!tok_.is(TokenKind::RAngle)) {
    DebugTag tag;
    if (tok_.is(TokenKind::Integer)) {
      std::string error;
      std::optional<IntLiteral> lit = parseIntLiteral(tok_.text, error);
      if (!lit)
        return fail(tok_.loc, error);
      std::optional<uint64_t> v = fitUnsigned(*lit, 0xffffffffu);
      if (!v)
        return fail(tok_.loc, "debug tag out of range: " + clipText(tok_.text));
      tag.kind = DebugTag::Kind::User;
      tag.value = static_cast<uint32_t>(*v);
    } else if (tok_.is(TokenKind::StackSlot)) {
      uint32_t ss;
      if (!refPre(PreKind::StackSlot, ss))
        return false;
      tag.kind = DebugTag::Kind::StackSlot;
      tag.value = ss;
    } else {
      return failExpected("a debug tag (a number or ssN)");
    }
    tags_.push_back(tag);
    if (!advance())
      return false;
    if (!tok_.is(TokenKind::Comma))
      break;
    if (!advance())
      return false;
  }
  return expect(TokenKind::RAngle, "',' or '>' in the debug tags");
}

bool Parser::parseStackMap() {
  if (!advance())
    return false;
  if (!tok_.isIdentifier("stack_map"))
    return failExpected("'stack_map' after ','");
  if (!advance() || !expect(TokenKind::Equal, "'=' after 'stack_map'") ||
      !expect(TokenKind::LBracket, "'[' to start the stack map"))
    return false;
  std::string error;
  while (!tok_.is(TokenKind::RBracket)) {
    UserStackMapEntry entry;
    if (!tok_.is(TokenKind::Type))
      return failExpected("a stack map entry (type @ ssN+offset)");
    entry.type = Type::fromRaw(static_cast<uint16_t>(tok_.number));
    if (!advance() || !expect(TokenKind::At, "'@' after the stack map entry's type"))
      return false;
    if (!tok_.is(TokenKind::StackSlot))
      return failExpected("a stack slot (ssN)");
    uint32_t ss;
    if (!refPre(PreKind::StackSlot, ss) || !advance())
      return false;
    entry.slot = StackSlot(ss);
    if (tok_.is(TokenKind::Plus) && !advance())
      return false;
    if (!tok_.is(TokenKind::Integer) || tok_.text[0] == '-')
      return failExpected("'+' and the offset in the stack slot");
    std::optional<IntLiteral> lit = parseIntLiteral(tok_.text, error);
    if (!lit)
      return fail(tok_.loc, error);
    std::optional<uint64_t> off = fitUnsigned(*lit, 0xffffffffu);
    if (!off)
      return fail(tok_.loc, "stack map offset out of range: " + clipText(tok_.text));
    entry.offset = static_cast<uint32_t>(*off);
    stackMap_.push_back(entry);
    if (!advance())
      return false;
    if (!tok_.is(TokenKind::Comma))
      break;
    if (!advance())
      return false;
  }
  return expect(TokenKind::RBracket, "',' or ']' in the stack map");
}

} // namespace irc::parser::detail
