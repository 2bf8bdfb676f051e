// DataFlowGraph: the instructions, values and blocks of one function, and how values
// flow between them. Order lives apart, in Layout.
//
// Invariants:
// - Every value is defined exactly once: as an instruction result, a block parameter,
//   or an alias of another value (aliases are resolved before codegen).
// - Lists of values (call arguments, block parameters, results, branch arguments) live
//   in one pool of 32-bit words; a list handle is the index of its length word.
// - Nothing here points into a vector: handles stay valid when the pools grow.
#pragma once

#include "codegen/ir/Entities.h"
#include "codegen/ir/EntityMap.h"
#include "codegen/ir/InstData.h"
#include "codegen/ir/MemFlags.h"
#include "codegen/ir/Preamble.h"
#include "codegen/ir/Signature.h"
#include "codegen/ir/Types.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace irc::ir {

/// A block argument: a value, or (only on try_call edges) the callee's Nth return value
/// (retN) or the Nth exception payload (exnN).
class BlockArg {
public:
  enum class Kind : uint8_t { Value, TryCallRet, TryCallExn };
  static BlockArg value(Value v) { return BlockArg(v.index()); }
  static BlockArg ret(uint32_t n) { return BlockArg((1u << 30) | n); }
  static BlockArg exn(uint32_t n) { return BlockArg((2u << 30) | n); }
  static BlockArg fromRaw(uint32_t raw) { return BlockArg(raw); }

  Kind kind() const { return static_cast<Kind>(raw_ >> 30); }
  Value asValue() const { return Value(raw_ & kIndexMask); }
  uint32_t index() const { return raw_ & kIndexMask; }
  uint32_t raw() const { return raw_; }

  static constexpr uint32_t kIndexMask = (1u << 30) - 1;

private:
  explicit BlockArg(uint32_t raw) : raw_(raw) {}
  uint32_t raw_;
};

/// A read-only view of consecutive 32-bit entity words, as entities of type E.
template <typename E> class EntityRange {
public:
  EntityRange() = default;
  EntityRange(const uint32_t *p, uint32_t n) : p_(p), n_(n) {}
  uint32_t size() const { return n_; }
  bool empty() const { return n_ == 0; }
  E operator[](uint32_t i) const { return fromRaw(p_[i]); }
  struct It {
    const uint32_t *p;
    E operator*() const { return fromRaw(*p); }
    It &operator++() {
      ++p;
      return *this;
    }
    bool operator!=(const It &o) const { return p != o.p; }
  };
  It begin() const { return {p_}; }
  It end() const { return {p_ + n_}; }

private:
  static E fromRaw(uint32_t raw) {
    if constexpr (std::is_same_v<E, BlockArg>)
      return BlockArg::fromRaw(raw);
    else
      return E(raw);
  }
  const uint32_t *p_ = nullptr;
  uint32_t n_ = 0;
};

using ValueRange = EntityRange<Value>;
using BlockArgRange = EntityRange<BlockArg>;

enum class ValueKind : uint8_t { Result, Param, Alias };

struct ValueData {
  ValueKind kind = ValueKind::Result;
  Type type;
  uint32_t num = 0;   // result or parameter number
  uint32_t owner = 0; // Inst (Result), Block (Param), Value (Alias: the original)
};

struct BlockData {
  ValueList params;
  bool cold = false;
};

/// br_table targets: entry 0 is the default, the rest are indexed by the selector.
struct JumpTableData {
  std::vector<BlockCall> entries;
  BlockCall defaultBlock() const { return entries[0]; }
};

/// One entry of a try_call exception table.
struct ExceptionTableItem {
  enum class Kind : uint8_t { Tag, Default, Context };
  Kind kind = Kind::Default;
  uint32_t tag = 0;  // Tag
  Value context;     // Context
  BlockCall handler; // Tag, Default
};

struct ExceptionTableData {
  SigRef signature;
  BlockCall normalReturn;
  std::vector<ExceptionTableItem> items;
};

class DataFlowGraph {
public:
  DataFlowGraph();

  // ---- Values ----
  uint32_t numValues() const { return values_.size(); }
  bool isValidValue(Value v) const { return values_.contains(v); }
  const ValueData &valueData(Value v) const { return values_[v]; }
  Type valueType(Value v) const { return values_[v].type; }
  void setValueType(Value v, Type t) { values_[v].type = t; }
  /// Follows alias chains to the value that is really defined. Cycles (which only
  /// malformed input can make) stop the walk at the first repeated value.
  Value resolveAliases(Value v) const;
  /// Makes a new value that aliases `original` (text form: "vNEW -> vORIGINAL").
  Value makeAlias(Value original, Type type);
  /// Turns an existing value into an alias of another one.
  void changeToAlias(Value v, Value original);
  /// The instruction defining v, if v is a result.
  std::optional<Inst> valueInst(Value v) const;

  // ---- Values named before they are defined (parser support) ----
  /// Makes a value with no definition yet and an Invalid type. The parser creates one
  /// when text uses a value before defining it, then defines it with attachResult,
  /// attachBlockParam or changeToAlias; it never hands out a function that still has one.
  Value makeUndefinedValue();
  /// Defines an undefined value as the next result of i.
  void attachResult(Inst i, Value v, Type type);
  /// Defines an undefined value as the next parameter of b.
  void attachBlockParam(Block b, Value v, Type type);

  // ---- Instructions ----
  uint32_t numInsts() const { return insts_.size(); }
  bool isValidInst(Inst i) const { return insts_.contains(i); }
  Inst makeInst(const InstData &data);
  const InstData &inst(Inst i) const { return insts_[i]; }
  InstData &inst(Inst i) { return insts_[i]; }
  Opcode opcode(Inst i) const { return insts_[i].opcode; }

  /// All value operands: the fixed ones, then the variable ones.
  ValueRange instArgs(Inst i) const;
  /// The fixed value operands only.
  ValueRange fixedArgs(Inst i) const;
  /// The variable operands only (call arguments, return values).
  ValueRange varArgs(Inst i) const;
  void setInstArg(Inst i, uint32_t n, Value v);

  /// Results are created by the caller (parser, builder) with appendResult.
  Value appendResult(Inst i, Type type);
  ValueRange results(Inst i) const;
  Value firstResult(Inst i) const { return results(i)[0]; }
  bool hasResults(Inst i) const { return !results(i).empty(); }

  /// The controlling type of a polymorphic instruction (Invalid for others).
  Type ctrlType(Inst i) const;

  /// The signature a call-like instruction uses, if it is one.
  std::optional<SigRef> callSignature(Inst i) const;

  /// Successor edges of a branch: brif has 2, jump 1, br_table 1 + targets,
  /// try_call 1 + handlers. Empty for non-branches.
  std::vector<BlockCall> branchDestinations(Inst i) const;

  // ---- Memory flags (interned) ----
  MemFlagsRef internMemFlags(const MemFlags &flags);
  const MemFlags &memFlags(MemFlagsRef r) const { return memFlags_[r.index]; }
  const MemFlags &memFlags(Inst i) const { return memFlags(insts_[i].memFlagsRef()); }

  // ---- Blocks ----
  uint32_t numBlocks() const { return blocks_.size(); }
  bool isValidBlock(Block b) const { return blocks_.contains(b); }
  Block makeBlock();
  Value appendBlockParam(Block b, Type type);
  ValueRange blockParams(Block b) const { return listRange(blocks_[b].params); }
  bool isCold(Block b) const { return blocks_[b].cold; }
  void setCold(Block b, bool cold) { blocks_[b].cold = cold; }

  // ---- Block calls (branch targets with arguments) ----
  BlockCall makeBlockCall(Block target, const std::vector<BlockArg> &args);
  Block blockCallTarget(BlockCall bc) const { return Block(pool_[bc.index() + 1]); }
  BlockArgRange blockCallArgs(BlockCall bc) const {
    return BlockArgRange(&pool_[bc.index() + 2], pool_[bc.index()] - 1);
  }
  /// True if bc lies inside the pool (a handle makeBlockCall could have returned). Only
  /// instructions assembled by hand fail this; the verifier checks it before reading.
  bool isValidBlockCall(BlockCall bc) const {
    return bc.isValid() && bc.index() != 0 && bc.index() < pool_.size() &&
           pool_[bc.index()] >= 1 && uint64_t(bc.index()) + 1 + pool_[bc.index()] <= pool_.size();
  }
  void setBlockCallTarget(BlockCall bc, Block b) { pool_[bc.index() + 1] = b.index(); }
  void setBlockCallArg(BlockCall bc, uint32_t n, BlockArg a) { pool_[bc.index() + 2 + n] = a.raw(); }

  // ---- Value lists ----
  ValueList makeValueList(const std::vector<Value> &values);
  /// True if l is empty or lies inside the pool (see isValidBlockCall).
  bool isValidValueList(ValueList l) const {
    return l.handle == 0 ||
           (l.handle < pool_.size() && uint64_t(l.handle) + 1 + pool_[l.handle] <= pool_.size());
  }
  ValueRange listRange(ValueList l) const {
    return l.handle == 0 ? ValueRange() : ValueRange(&pool_[l.handle + 1], pool_[l.handle]);
  }

  // ---- Tables owned by the DFG ----
  PrimaryMap<SigRef, Signature> signatures;
  PrimaryMap<FuncRef, ExtFuncData> extFuncs;
  PrimaryMap<JumpTable, JumpTableData> jumpTables;
  PrimaryMap<ExceptionTable, ExceptionTableData> exceptionTables;
  PrimaryMap<Constant, std::vector<uint8_t>> constants; // little-endian bytes
  PrimaryMap<Immediate, std::vector<uint8_t>> immediates; // shuffle masks

private:
  uint32_t appendToList(uint32_t handle, uint32_t item); // returns the (possibly moved) handle

  PrimaryMap<Value, ValueData> values_;
  PrimaryMap<Inst, InstData> insts_;
  SecondaryMap<Inst, ValueList> results_;
  PrimaryMap<Block, BlockData> blocks_;
  std::vector<uint32_t> pool_;
  std::vector<MemFlags> memFlags_;
};

} // namespace irc::ir
