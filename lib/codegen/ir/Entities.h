// Entities: typed 32-bit indices into the tables a Function owns.
//
// An entity is never a pointer: it stays valid when tables grow, it can key a side table
// (SecondaryMap), and two functions never share one, so functions compile in parallel.
// The all-ones index is reserved as "none" (a default-constructed entity).
#pragma once

#include <cstdint>
#include <functional>
#include <limits>

namespace irc::ir {

template <typename Tag> class EntityRef {
public:
  static constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

  constexpr EntityRef() = default;
  constexpr explicit EntityRef(uint32_t index) : index_(index) {}

  constexpr uint32_t index() const { return index_; }
  constexpr bool isValid() const { return index_ != kNone; }
  constexpr explicit operator bool() const { return isValid(); }

  friend constexpr bool operator==(EntityRef a, EntityRef b) { return a.index_ == b.index_; }
  friend constexpr bool operator!=(EntityRef a, EntityRef b) { return a.index_ != b.index_; }
  friend constexpr bool operator<(EntityRef a, EntityRef b) { return a.index_ < b.index_; }

private:
  uint32_t index_ = kNone;
};

// clang-format off
struct ValueTag;          using Value = EntityRef<ValueTag>;
struct InstTag;           using Inst = EntityRef<InstTag>;
struct BlockTag;          using Block = EntityRef<BlockTag>;
struct StackSlotTag;      using StackSlot = EntityRef<StackSlotTag>;
struct DynStackSlotTag;   using DynamicStackSlot = EntityRef<DynStackSlotTag>;
struct DynTypeTag;        using DynamicType = EntityRef<DynTypeTag>;
struct GlobalValueTag;    using GlobalValue = EntityRef<GlobalValueTag>;
struct SigRefTag;         using SigRef = EntityRef<SigRefTag>;
struct FuncRefTag;        using FuncRef = EntityRef<FuncRefTag>;
struct ConstantTag;       using Constant = EntityRef<ConstantTag>;
struct ImmediateTag;      using Immediate = EntityRef<ImmediateTag>; // shuffle masks
struct JumpTableTag;      using JumpTable = EntityRef<JumpTableTag>;
struct ExceptionTableTag; using ExceptionTable = EntityRef<ExceptionTableTag>;
struct AliasRegionTag;    using AliasRegion = EntityRef<AliasRegionTag>;
struct BlockCallTag;      using BlockCall = EntityRef<BlockCallTag>;
// clang-format on

} // namespace irc::ir

template <typename Tag> struct std::hash<irc::ir::EntityRef<Tag>> {
  size_t operator()(irc::ir::EntityRef<Tag> e) const noexcept { return e.index(); }
};
