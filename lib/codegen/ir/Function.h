// Function: one CLIF function, owning everything it refers to.
//
// A Function shares nothing with other functions, so functions compile in parallel.
// Entities are dense indices; the numbers the text used (v1000, block7, ss2) are kept
// in EntityNumbers so printing gives back the author's names.
#pragma once

#include "codegen/ir/DataFlowGraph.h"
#include "codegen/ir/Entities.h"
#include "codegen/ir/EntityMap.h"
#include "codegen/ir/ExternalName.h"
#include "codegen/ir/Layout.h"
#include "codegen/ir/Preamble.h"
#include "codegen/ir/Signature.h"
#include "support/SourceLoc.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace irc::ir {

/// Display numbers of one entity kind. Entities named by the text keep their number;
/// entities created later are numbered after the largest one, in creation order.
template <typename K> class EntityNumbers {
public:
  static constexpr uint32_t kUnset = 0xffffffffu;

  uint32_t numberOf(K k) const {
    if (k.index() < numbers_.size() && numbers_[k.index()] != kUnset)
      return numbers_[k.index()];
    return next_ + (k.index() >= numbers_.size() ? k.index() - uint32_t(numbers_.size()) : 0);
  }
  void set(K k, uint32_t number) {
    if (k.index() >= numbers_.size())
      numbers_.resize(k.index() + 1, kUnset);
    numbers_[k.index()] = number;
    next_ = std::max(next_, number + 1);
  }
  /// Gives every entity below `count` without a number the next free one.
  void numberRemaining(uint32_t count) {
    if (numbers_.size() < count)
      numbers_.resize(count, kUnset);
    for (uint32_t &n : numbers_)
      if (n == kUnset)
        n = next_++;
  }

private:
  std::vector<uint32_t> numbers_;
  uint32_t next_ = 0;
};

/// A debug tag on a call or sequence_point: a user number or a stack slot.
struct DebugTag {
  enum class Kind : uint8_t { User, StackSlot };
  Kind kind = Kind::User;
  uint32_t value = 0; // the user number, or the StackSlot index
};

/// One entry of a call's user stack map ("stack_map=[i32 @ ss0+4]"): a value of `type`
/// that the embedder keeps at `slot`+`offset` across the call.
struct UserStackMapEntry {
  Type type;
  StackSlot slot;
  uint32_t offset = 0;
};

/// Where the parser found things, for located verifier errors. Empty for functions
/// built in memory.
struct SourcePositions {
  SourceLoc function;
  SecondaryMap<Inst, SourceLoc> insts;
  SecondaryMap<Block, SourceLoc> blocks;
  SecondaryMap<GlobalValue, SourceLoc> globalValues;
  SecondaryMap<SigRef, SourceLoc> signatures;
  SecondaryMap<FuncRef, SourceLoc> extFuncs;
  SecondaryMap<Constant, SourceLoc> constants;
  SecondaryMap<AliasRegion, SourceLoc> aliasRegions;
  SecondaryMap<StackSlot, SourceLoc> stackSlots;
};

class Function {
public:
  /// The function's own name ("%foo" or "u0:1"); `name(entity)` below gives display names.
  ExternalName externalName;
  Signature signature;

  PrimaryMap<StackSlot, StackSlotData> stackSlots;
  PrimaryMap<DynamicStackSlot, DynamicStackSlotData> dynamicStackSlots;
  PrimaryMap<GlobalValue, GlobalValueData> globalValues;
  PrimaryMap<DynamicType, DynamicTypeData> dynamicTypes;
  PrimaryMap<AliasRegion, AliasRegionData> aliasRegions;
  std::optional<GlobalValue> stackLimit;

  DataFlowGraph dfg;
  Layout layout;

  /// "@001f" source locations (an embedder's byte offsets), if any.
  SecondaryMap<Inst, std::optional<uint32_t>> srcLocs;
  /// Debug tags, keyed by instruction index (ordered, so output is deterministic).
  std::map<uint32_t, std::vector<DebugTag>> debugTags;
  /// User stack maps of calls, keyed by instruction index (ordered, like debugTags).
  std::map<uint32_t, std::vector<UserStackMapEntry>> userStackMaps;

  struct Numbers {
    EntityNumbers<Value> values;
    EntityNumbers<Block> blocks;
    EntityNumbers<StackSlot> stackSlots;
    EntityNumbers<DynamicStackSlot> dynamicStackSlots;
    EntityNumbers<GlobalValue> globalValues;
    EntityNumbers<DynamicType> dynamicTypes;
    EntityNumbers<SigRef> sigs;
    EntityNumbers<FuncRef> funcs;
    EntityNumbers<Constant> constants;
    EntityNumbers<AliasRegion> aliasRegions;
  } numbers;

  SourcePositions positions;

  // Display names: "v12", "block3", ...
  std::string name(Value v) const { return "v" + std::to_string(numbers.values.numberOf(v)); }
  std::string name(Block b) const { return "block" + std::to_string(numbers.blocks.numberOf(b)); }
  std::string name(StackSlot s) const { return "ss" + std::to_string(numbers.stackSlots.numberOf(s)); }
  std::string name(DynamicStackSlot s) const {
    return "dss" + std::to_string(numbers.dynamicStackSlots.numberOf(s));
  }
  std::string name(GlobalValue g) const { return "gv" + std::to_string(numbers.globalValues.numberOf(g)); }
  std::string name(DynamicType d) const { return "dt" + std::to_string(numbers.dynamicTypes.numberOf(d)); }
  std::string name(SigRef s) const { return "sig" + std::to_string(numbers.sigs.numberOf(s)); }
  std::string name(FuncRef f) const { return "fn" + std::to_string(numbers.funcs.numberOf(f)); }
  std::string name(Constant c) const { return "const" + std::to_string(numbers.constants.numberOf(c)); }
  std::string name(AliasRegion r) const {
    return "region" + std::to_string(numbers.aliasRegions.numberOf(r));
  }

  /// Pointer width in bits of the target this function is compiled for (64 unless a
  /// 32-bit target said otherwise).
  unsigned pointerBits = 64;
  Type pointerType() const { return pointerBits == 32 ? types::I32 : types::I64; }
};

} // namespace irc::ir
