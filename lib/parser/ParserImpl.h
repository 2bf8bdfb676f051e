// The parser's internal state, shared by Parser.cpp (file, header, functions, blocks,
// values), ParsePreamble.cpp (declarations) and ParseInst.cpp (instructions).
//
// What always holds:
// - One token of lookahead (tok_); comments never reach the grammar, they are collected
//   into the current bucket (header or function) as they are lexed.
// - The first error is kept in diag_ and every parse method then returns false, so
//   parsing unwinds without exceptions; no loop continues after a failure.
// - Nothing recurses on input structure: type inference for operands defined later uses
//   a worklist (pending_ / ready_), so deep dependency chains cannot overflow the stack.
// - Text numbers map to dense entities through NumberMaps, so memory follows the number
//   of entities the text names, never the size of the numbers.
#pragma once

#include "codegen/ir/Function.h"
#include "parser/Lexer.h"
#include "parser/NumberMap.h"
#include "parser/Parser.h"

#include <array>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace irc::parser::detail {

/// The preamble entity kinds, in one place so lookup and checks are written once.
enum class PreKind : uint8_t {
  StackSlot,
  DynStackSlot,
  GlobalValue,
  DynType,
  Sig,
  Func,
  Constant,
  Region,
};
inline constexpr unsigned kNumPreKinds = 8;

class Parser {
public:
  Parser(std::string_view text, const ParseOptions &options);
  Expected<TestFile, Diagnostic> run();

private:
  // ---- Tokens and errors (Parser.cpp) ----
  bool advance();
  bool fail(SourceLoc loc, std::string message);
  /// "expected WHAT, found <the current token>" at the current token.
  bool failExpected(std::string_view what);
  bool expect(TokenKind kind, std::string_view what);
  bool failed() const { return diag_.has_value(); }
  std::string describe(const Token &t) const;
  static std::string locText(SourceLoc loc);

  // ---- File, header, functions (Parser.cpp) ----
  bool parseHeaderLine(TestFile &file);
  bool parseFunction(TestFile &file);
  bool parseExternalName(ir::ExternalName &name, std::string_view what);
  bool parseSignature(ir::Signature &sig);
  bool parseAbiParam(ir::AbiParam &param, bool inParens);
  bool parseTypeOrDynamic(ir::Type &type, std::string_view what);

  // ---- Preamble (ParsePreamble.cpp) ----
  bool parsePreamble();
  bool parseStackSlotDecl();
  bool parseDynamicStackSlotDecl();
  bool parseDynamicTypeDecl();
  bool parseGlobalValueDecl();
  bool parseSignatureDecl();
  bool parseFunctionDecl();
  bool parseConstantDecl();
  bool parseRegionDecl();
  bool parseStackLimitDecl();
  bool finishPreamble();
  /// Index of the entity the current token names, created on first mention. In the
  /// preamble any entity may be named before its declaration; after it, only regions.
  bool refPre(PreKind kind, uint32_t &index);
  /// Declares the entity the current token names (an error if already declared).
  bool declarePre(PreKind kind, uint32_t &index);
  uint32_t createPre(PreKind kind, uint32_t number);
  /// Parses an optional "+N"/"-N" offset that must fit in [min, max].
  bool parseOptionalOffset(int64_t &offset, int64_t min, int64_t max);
  bool parseMemFlags(ir::MemFlags &flags);
  bool internMemFlags(const ir::MemFlags &flags, ir::MemFlagsRef &ref);
  /// Bytes of a vector/constant literal: "[l0 l1 ...]" in lanes of `type`, or 0xHEX
  /// (zero-extended to type.bytes() unless `type` is Invalid).
  bool parseConstantBytes(ir::Type type, std::vector<uint8_t> &bytes);
  ir::Constant internConstant(std::vector<uint8_t> bytes);

  // ---- Body: blocks, values, type inference (Parser.cpp) ----
  bool parseBody();
  bool parseBlock();
  bool finishFunction();
  ir::Value createValue(uint32_t number);
  /// The value named by the current token, created if the text has not defined it yet.
  ir::Value useValue();
  /// Marks the value numbered `number` as defined at loc; an error if it already is.
  bool defineValue(uint32_t number, SourceLoc loc, ir::Value &out);
  ir::Block blockRef(uint32_t number);
  void deferType(bool isAlias, uint32_t entity, ir::Value waitOn, SourceLoc loc);
  /// v just got its type: resolve everything waiting on it, transitively.
  bool typeKnown(ir::Value v);
  bool resolvePending(uint32_t index);
  bool setResultTypes(ir::Inst inst, ir::Type ctrl, SourceLoc loc, ir::Value from);

  // ---- Instructions (ParseInst.cpp) ----
  bool parseStatement(ir::Block block);
  bool parseAlias(uint32_t number, SourceLoc loc);
  bool parseInstruction(ir::Block block, SourceLoc stmtLoc, std::optional<uint32_t> srcLoc,
                        bool haveTags);
  bool parseOperands(ir::InstData &d, ir::Type ctrl, ir::ExceptionTable &exceptionTable);
  bool parseDebugTags();
  bool parseStackMap();
  bool operand(unsigned index);
  bool comma();
  /// "(v1, v2)" into args_ (appended).
  bool parseCallArgs();
  bool parseBlockCall(ir::BlockCall &out);
  bool parseExceptionTable(ir::ExceptionTable &out);
  bool parseTrapCode(ir::TrapCode &code);
  bool parseImm8(uint8_t &out);
  bool parseImm64(int64_t &out);

  // ---- Whole-file state ----
  std::string_view text_;
  ParseOptions options_;
  Lexer lex_;
  Token tok_;
  std::optional<Diagnostic> diag_;
  std::vector<Comment> *comments_ = nullptr;
  std::vector<Setting> settingsSoFar_;

  // ---- Per-function state (reset by parseFunction) ----
  struct ValueSlot {
    SourceLoc def;      // line 0 while not defined
    SourceLoc firstUse; // of a use before the definition
    uint32_t waiters = NumberMap::kNone; // head of the pending list waiting on it
  };
  struct Pending {
    bool isAlias = false;
    bool resolved = false;
    uint32_t entity = 0; // Inst (instruction) or Value (alias) index
    ir::Value waitOn;
    uint32_t next = NumberMap::kNone;
    SourceLoc loc;
  };
  struct PreTable {
    NumberMap byNumber;
    std::vector<SourceLoc> declared; // by index; line 0 while not declared
    std::vector<SourceLoc> firstRef; // by index
  };

  ir::Function *func_ = nullptr;
  NumberMap valueByNumber_;
  NumberMap blockByNumber_;
  std::vector<ValueSlot> values_;
  std::vector<SourceLoc> blockDefs_;
  std::vector<ir::Value> forwardRefs_;
  std::vector<Pending> pending_;
  std::vector<ir::Value> ready_;
  PreTable pre_[kNumPreKinds];
  bool inPreamble_ = false;
  std::optional<SourceLoc> stackLimitLoc_;
  std::unordered_map<std::string, ir::Constant> constantsByBytes_;
  std::unordered_map<uint64_t, ir::MemFlagsRef> memFlagsCache_;

  /// Opcode by a hash of its name: a direct-mapped cache in front of ir::parseOpcode
  /// (whose binary search stays the only table), since a function repeats few opcodes.
  std::optional<ir::Opcode> lookupOpcode(std::string_view name);
  struct OpcodeCacheEntry {
    bool valid = false;
    ir::Opcode opcode{};
  };
  std::array<OpcodeCacheEntry, 256> opcodeCache_{};

  // Scratch, reused by every instruction so the hot path does not allocate.
  std::vector<std::pair<uint32_t, SourceLoc>> results_;
  std::vector<ir::Value> args_;
  std::vector<ir::BlockArg> blockArgs_;
  std::vector<ir::DebugTag> tags_;
  std::vector<ir::UserStackMapEntry> stackMap_;
  std::vector<ir::Type> resultTypes_;
  ir::Value fixed_[3];
  SourceLoc fixedLoc_[3];
};

/// Words longer than this are cut in messages.
std::string clipText(std::string_view s);

} // namespace irc::parser::detail
