// InstData: one instruction's opcode, operands and immediates in 16 bytes.
//
// Layout: the opcode, two small immediate fields (aux8, aux16) and three 32-bit words.
// Fixed value operands always start at word 0. Formats with variable arguments keep all
// their value operands (fixed ones first) in a ValueList stored in word 1. The accessor
// comments below are the whole map of what each format keeps where.
#pragma once

#include "codegen/ir/CondCodes.h"
#include "codegen/ir/Entities.h"
#include "codegen/ir/MemFlags.h"
#include "codegen/ir/Opcode.h"

#include <array>
#include <cstdint>
#include <cstring>

namespace irc::ir {

/// Handle of a list of 32-bit items in a DataFlowGraph pool; 0 is the empty list.
struct ValueList {
  uint32_t handle = 0;
};

/// Index of an interned MemFlags in the DataFlowGraph.
struct MemFlagsRef {
  uint16_t index = 0;
};

struct InstData {
  Opcode opcode{};
  uint8_t aux8 = 0;   // condition code, trap code, lane index, atomic op
  uint16_t aux16 = 0; // MemFlagsRef
  std::array<uint32_t, 3> w{};

  const OpcodeInfo &info() const { return opcodeInfo(opcode); }
  Format format() const { return info().format; }

  // Word accessors by meaning. Each is valid only for the formats named.
  Value arg(unsigned i) const { return Value(w[i]); } // fixed operands, non-vararg formats
  void setArg(unsigned i, Value v) { w[i] = v.index(); }

  // UnaryImm (iconst), ExceptionHandlerAddress: 64-bit immediate in words 1..2.
  int64_t imm64() const {
    uint64_t v = uint64_t(w[1]) | (uint64_t(w[2]) << 32);
    int64_t s;
    std::memcpy(&s, &v, sizeof s);
    return s;
  }
  void setImm64(int64_t s) {
    uint64_t v;
    std::memcpy(&v, &s, sizeof v);
    w[1] = uint32_t(v);
    w[2] = uint32_t(v >> 32);
  }
  // UnaryIeee16/32/64: the bit pattern, same place as imm64.
  uint64_t ieeeBits() const { return uint64_t(w[1]) | (uint64_t(w[2]) << 32); }
  void setIeeeBits(uint64_t v) {
    w[1] = uint32_t(v);
    w[2] = uint32_t(v >> 32);
  }
  // UnaryConst: word 0.
  Constant constant() const { return Constant(w[0]); }
  // UnaryGlobalValue: word 0.
  GlobalValue globalValue() const { return GlobalValue(w[0]); }
  // BinaryImm8, TernaryImm8: lane index.
  uint8_t imm8() const { return aux8; }
  // Shuffle: mask in word 2.
  Immediate shuffleMask() const { return Immediate(w[2]); }
  // IntCompare, FloatCompare.
  IntCC intCC() const { return static_cast<IntCC>(aux8); }
  FloatCC floatCC() const { return static_cast<FloatCC>(aux8); }
  // Jump: word 0. Brif: words 1 (then) and 2 (else).
  BlockCall jumpDest() const { return BlockCall(w[0]); }
  BlockCall brifThen() const { return BlockCall(w[1]); }
  BlockCall brifElse() const { return BlockCall(w[2]); }
  // BranchTable: word 1.
  JumpTable jumpTable() const { return JumpTable(w[1]); }
  // Call, FuncAddr, TryCall: word 0.
  FuncRef funcRef() const { return FuncRef(w[0]); }
  // CallIndirect: word 0.
  SigRef sigRef() const { return SigRef(w[0]); }
  // Vararg formats (Call, CallIndirect, TryCall, TryCallIndirect, MultiAry): word 1.
  ValueList valueList() const { return ValueList{w[1]}; }
  void setValueList(ValueList l) { w[1] = l.handle; }
  // TryCall, TryCallIndirect: word 2.
  ExceptionTable exceptionTable() const { return ExceptionTable(w[2]); }
  // Load: offset in word 1; Store: offset in word 2. LoadNoOffset, StoreNoOffset,
  // AtomicRmw, AtomicCas, Load, Store: flags in aux16.
  int32_t offset() const {
    uint32_t raw = format() == Format::Store ? w[2] : w[1];
    int32_t s;
    std::memcpy(&s, &raw, sizeof s);
    return s;
  }
  void setOffset(int32_t s) {
    uint32_t raw;
    std::memcpy(&raw, &s, sizeof raw);
    (format() == Format::Store ? w[2] : w[1]) = raw;
  }
  MemFlagsRef memFlagsRef() const { return MemFlagsRef{aux16}; }
  // AtomicRmw.
  AtomicRmwOp atomicOp() const { return static_cast<AtomicRmwOp>(aux8); }
  // StackLoad (stack_addr): slot in word 0, offset in word 1.
  StackSlot stackSlot() const { return StackSlot(w[0]); }
  int32_t stackOffset() const {
    int32_t s;
    std::memcpy(&s, &w[1], sizeof s);
    return s;
  }
  // DynamicStackLoad: slot in word 0; DynamicStackStore: slot in word 1.
  DynamicStackSlot dynamicStackSlot() const {
    return DynamicStackSlot(format() == Format::DynamicStackStore ? w[1] : w[0]);
  }
  // Trap, CondTrap, IntAddTrap.
  TrapCode trapCode() const { return TrapCode::fromRaw(aux8); }
  // ExceptionHandlerAddress: block in word 0, index as imm64.
  Block block() const { return Block(w[0]); }
};
static_assert(sizeof(InstData) == 16, "InstData must stay 16 bytes");

} // namespace irc::ir
