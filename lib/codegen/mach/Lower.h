// Lowering: IR to VCode, driven here, with the instruction patterns in each target
// (Cranelift's machinst/lower.rs; irc has no DSL, a target's Lower.cpp is a switch).
//
// The driver walks the blocks of BlockOrder::lowerOrder() backward (dominators come
// first in that order, so every use of a value is lowered before its definition) and each
// block's instructions backward: the terminator and its edges first, then the rest, then
// block parameters (or, in the entry block, the target's argument instruction). A target
// lowers one IR instruction into machine instructions in forward order with ctx.emit();
// the driver puts that group in front of what the block has so far.
//
// Values. Every value of a reachable block has its vregs from the start (ValueRegs: one
// register, or two for a type the target splits, such as i128 as a pair), so a target
// defines an instruction's results by writing outputRegs(inst, n). putInRegs(v) is how a
// lowering reads a value, and it counts as a use: a pure instruction none of whose
// results was read that way is skipped (its users folded it, or it is dead).
//
// Sinking (STYLE.md section 4). Side-effecting instructions split each block into
// "colors". sinkableLoad(v) returns v's producer if it is a plain load whose only use is
// the instruction being lowered and no side effect lies between them; the target may
// then fold the load into that instruction and must call sinkInst(load), which keeps the
// driver from lowering the load on its own. inputAsConst(v) looks through iconst and
// f*const; inputPureInst(v) through any pure producer (its operands are then read with
// putInRegs as usual). A lowering must read a folded operand once: a pattern that needs
// it twice takes it in a register.
#pragma once

#include "codegen/analysis/ControlFlowGraph.h"
#include "codegen/ir/Function.h"
#include "codegen/mach/Abi.h"
#include "codegen/mach/BlockOrder.h"
#include "codegen/mach/VCode.h"
#include "support/Expected.h"

#include <array>
#include <concepts>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace irc::mach {

/// The registers of one value: one, or two (low half first) for a split type.
struct ValueRegs {
  std::array<Reg, 2> regs{};
  uint8_t count = 0;

  static ValueRegs one(Reg r) { return ValueRegs{{r, Reg()}, 1}; }
  static ValueRegs two(Reg lo, Reg hi) { return ValueRegs{{lo, hi}, 2}; }
  Reg only() const {
    assert(count == 1);
    return regs[0];
  }
  std::span<const Reg> all() const { return std::span<const Reg>(regs.data(), count); }
};

/// How a type lives in registers: how many and of which classes (count 0: unsupported).
struct RegShape {
  uint8_t count = 0;
  std::array<RegClass, 2> cls{RegClass::Int, RegClass::Int};
  static RegShape one(RegClass c) { return RegShape{1, {c, c}}; }
  static RegShape two(RegClass lo, RegClass hi) { return RegShape{2, {lo, hi}}; }
};

/// The part of the lowering context that does not depend on the machine instruction type:
/// value registers, use counts, colors, the first error.
class LowerState {
public:
  using RegShapeFn = std::function<RegShape(ir::Type)>;
  LowerState(const ir::Function &func, const BlockOrder &order, RegShapeFn shapeOf,
             std::string_view targetName);

  const ir::Function &func() const { return func_; }
  const ir::DataFlowGraph &dfg() const { return func_.dfg; }
  const BlockOrder &order() const { return order_; }
  std::string_view targetName() const { return targetName_; }

  // ---- Registers ----
  /// The value's registers; counts as a use (see the file comment).
  ValueRegs putInRegs(ir::Value v);
  Reg putInReg(ir::Value v) { return putInRegs(v).only(); }
  /// The registers an instruction's n-th result must be defined in.
  ValueRegs outputRegs(ir::Inst inst, unsigned n = 0);
  Reg outputReg(ir::Inst inst, unsigned n = 0) { return outputRegs(inst, n).only(); }
  /// Fresh temporaries.
  VReg tmp(RegClass c) { return VReg(nextVReg_++, c); }
  ValueRegs tmps(ir::Type t);
  RegShape shapeOf(ir::Type t) const { return shapeOf_(t); }
  uint32_t numVRegs() const { return nextVReg_; }

  // ---- Looking through operands ----
  /// iconst (masked to its type's width), f16/f32/f64const (their bits).
  std::optional<uint64_t> inputAsConst(ir::Value v) const;
  /// iconst sign-extended from its type's width.
  std::optional<int64_t> inputAsSignedConst(ir::Value v) const;
  /// The producer of v if it is pure (a target may use its operands instead of v).
  std::optional<ir::Inst> inputPureInst(ir::Value v) const;
  /// The producer of v if it is a load that may be folded into the instruction being
  /// lowered: v's only use is there and no side effect is in between. `bits`, when not
  /// zero, is the memory width the fold needs (a load is folded only at its exact width).
  std::optional<ir::Inst> sinkableLoad(ir::Value v, unsigned bits = 0) const;
  /// Marks a load returned by sinkableLoad as folded.
  void sinkInst(ir::Inst inst);
  /// IR uses of v in reachable code (operands and branch arguments).
  uint32_t useCount(ir::Value v) const { return useCount_[dfg().resolveAliases(v).index()]; }

  // ---- Control flow and ABI ----
  /// The label of a lowered block (branch targets arrive as lowered block indices).
  static Label blockLabel(uint32_t loweredBlock) { return Label{loweredBlock}; }
  uint32_t currentBlock() const { return currentBlock_; }
  /// The registers a try_call's n-th return value (or exception payload) arrives in, as
  /// its edges pass them on (BlockArg::ret / BlockArg::exn). The target defines them.
  ValueRegs tryCallRetRegs(ir::Inst call, unsigned n);
  ValueRegs tryCallExnRegs(ir::Inst call, unsigned n);
  /// A block argument's registers (any BlockArg kind); counts as a use.
  ValueRegs blockArgRegs(ir::Inst branch, ir::BlockArg arg);
  /// The function's own signature, laid out by the target (set by the driver).
  const SigLayout &sigLayout() const { return sigLayout_; }
  void setSigLayout(SigLayout s) { sigLayout_ = std::move(s); }
  /// Calls record their outgoing stack-argument bytes (the frame reserves the largest).
  void noteCall(uint32_t outgoingArgBytes) {
    hasCalls_ = true;
    outgoingArgsBytes_ = std::max(outgoingArgsBytes_, outgoingArgBytes);
  }
  bool hasCalls() const { return hasCalls_; }
  uint32_t outgoingArgsBytes() const { return outgoingArgsBytes_; }
  /// A vreg holding the hidden return-area pointer, if the target keeps one.
  VReg retAreaPtr;

  // ---- Errors ----
  /// Records the first problem; lowering stops after the current instruction.
  void fail(std::string message) {
    if (!error_)
      error_ = std::move(message);
  }
  bool failed() const { return error_.has_value(); }
  const std::optional<std::string> &errorMessage() const { return error_; }

  // ---- For the driver ----
  bool isSunk(ir::Inst inst) const { return sunk_[inst.index()]; }
  /// False for a pure instruction none of whose results has been read.
  bool isNeeded(ir::Inst inst) const;
  void setCurrent(uint32_t loweredBlock, ir::Inst inst);
  /// The entry block's parameters' registers, in order.
  std::vector<ValueRegs> paramRegs(ir::Block b);

private:
  void failType(ir::Type t);
  ValueRegs unsupportedValue(ir::Value v);
  ValueRegs makeRegs(RegShape shape);

  const ir::Function &func_;
  const BlockOrder &order_;
  RegShapeFn shapeOf_;
  std::string targetName_;
  uint32_t nextVReg_ = 0;
  std::vector<ValueRegs> valueRegs_; // per value (count 0: unreachable or unsupported)
  std::vector<uint32_t> useCount_;
  std::vector<uint32_t> loweredUses_;
  std::vector<uint8_t> sunk_;
  std::vector<uint32_t> entryColor_; // per inst: the color it starts in
  uint32_t curColor_ = 0;
  ir::Block curIrBlock_;
  uint32_t currentBlock_ = 0;
  std::map<uint32_t, std::vector<ValueRegs>> tryCallRets_, tryCallExns_; // by inst index
  SigLayout sigLayout_;
  bool hasCalls_ = false;
  uint32_t outgoingArgsBytes_ = 0;
  std::optional<std::string> error_;
};

/// The lowering context a target sees: LowerState plus emission of its instructions.
template <MachInstType I> class LowerCtx : public LowerState {
public:
  LowerCtx(const ir::Function &func, const BlockOrder &order, RegShapeFn shapeOf,
           std::string_view targetName, VCodeBuilder<I> &builder)
      : LowerState(func, order, std::move(shapeOf), targetName), builder_(builder) {}

  /// Appends a machine instruction to the current IR instruction's lowering.
  void emit(I inst) { pending_.push_back(std::move(inst)); }

  /// Driver: moves the current group in front of the block's instructions so far.
  void flush() {
    for (size_t k = pending_.size(); k-- > 0;)
      builder_.pushBackward(std::move(pending_[k]));
    pending_.clear();
  }

private:
  VCodeBuilder<I> &builder_;
  std::vector<I> pending_;
};

/// What a target implements to be lowered by lowerFunction (all const: one backend
/// object serves functions compiled in parallel).
///   regShape(type)                 registers per type (count 0: unsupported)
///   machineEnv(callConv)           allocatable registers, caller-saved first
///   sigLayout(signature)           where arguments and results go
///   lowerInst(ctx, inst)           one non-branch instruction (return and traps
///                                  included); false: opcode not supported
///   lowerBranch(ctx, inst, tgts)   a branch; tgts are lowered block indices, one per
///                                  IR edge (labels: ctx.blockLabel(t)); false: unsupported
///   lowerArgs(ctx, params)         the entry block: define the parameters' registers
///   genJump(ctx, target)           an unconditional jump (ends edge blocks)
template <typename B>
concept LowerBackend =
    requires(const B &b, LowerCtx<typename B::MInst> &ctx, ir::Inst inst,
             std::span<const uint32_t> targets, std::span<const ValueRegs> params, ir::Type type,
             ir::CallConv cc, const ir::Signature &sig, uint32_t block) {
      requires MachInstType<typename B::MInst>;
      { b.name() } -> std::convertible_to<std::string_view>;
      { b.regShape(type) } -> std::same_as<RegShape>;
      { b.machineEnv(cc) } -> std::convertible_to<const regalloc::MachineEnv &>;
      { b.sigLayout(sig) } -> std::same_as<SigLayout>;
      { b.lowerInst(ctx, inst) } -> std::same_as<bool>;
      { b.lowerBranch(ctx, inst, targets) } -> std::same_as<bool>;
      { b.lowerArgs(ctx, params) } -> std::same_as<void>;
      { b.genJump(ctx, block) } -> std::same_as<void>;
    };

/// What lowering produced: the VCode and what the frame will need to know.
template <MachInstType I> struct LoweredFunction {
  VCode<I> vcode;
  SigLayout sigLayout;
  bool hasCalls = false;
  uint32_t outgoingArgsBytes = 0;
};

/// Lowers `func` (already verified) in the given block order.
template <LowerBackend B>
Expected<LoweredFunction<typename B::MInst>> lowerFunction(const ir::Function &func,
                                                           const BlockOrder &order,
                                                           const B &backend) {
  using I = typename B::MInst;
  const regalloc::MachineEnv &env = backend.machineEnv(func.signature.callConv);
  VCodeBuilder<I> builder(order, &env);
  LowerCtx<I> ctx(
      func, order, [&backend](ir::Type t) { return backend.regShape(t); }, backend.name(),
      builder);
  if (ctx.failed())
    return makeError(*ctx.errorMessage());
  ctx.setSigLayout(backend.sigLayout(func.signature));
  const ir::DataFlowGraph &dfg = func.dfg;
  auto unsupported = [&](ir::Inst inst) {
    return makeError("unsupported: opcode " + std::string(ir::opcodeName(dfg.opcode(inst))) +
                     " on target " + std::string(backend.name()));
  };
  auto flat = [](const std::vector<ValueRegs> &vs) {
    std::vector<VReg> out;
    for (const ValueRegs &v : vs)
      for (Reg r : v.all())
        out.push_back(r.vreg());
    return out;
  };

  std::vector<ir::BlockCall> calls;
  const auto lowerOrder = order.lowerOrder();
  for (size_t n = lowerOrder.size(); n-- > 0;) {
    const uint32_t b = lowerOrder[n];
    const LoweredBlock &lb = order.block(b);
    builder.startBlock(b);
    if (lb.isEdge) {
      // An edge block: a jump carrying the split edge's arguments.
      ctx.setCurrent(b, ir::Inst());
      ir::Inst term = func.layout.lastInst(lb.irBlock);
      ir::ControlFlowGraph::branchTargets(dfg, term, calls);
      std::vector<ValueRegs> args;
      for (ir::BlockArg a : dfg.blockCallArgs(calls[lb.edgeIndex]))
        args.push_back(ctx.blockArgRegs(term, a));
      builder.setBranchArgs(b, 0, flat(args));
      backend.genJump(ctx, order.succs(b)[0]);
      ctx.flush();
      builder.endBlock();
      if (ctx.failed())
        return makeError(*ctx.errorMessage());
      continue;
    }

    const ir::Block irb = lb.irBlock;
    const ir::Inst term = func.layout.lastInst(irb);
    ctx.setCurrent(b, term);
    const ir::OpcodeInfo &termInfo = ir::opcodeInfo(dfg.opcode(term));
    if (termInfo.isBranch()) {
      // Edge arguments first: they are uses at the very end of the block.
      ir::ControlFlowGraph::branchTargets(dfg, term, calls);
      auto succs = order.succs(b);
      for (uint32_t k = 0; k < succs.size(); ++k) {
        if (order.block(succs[k]).isEdge)
          continue; // the edge block carries them
        std::vector<ValueRegs> args;
        for (ir::BlockArg a : dfg.blockCallArgs(calls[k]))
          args.push_back(ctx.blockArgRegs(term, a));
        builder.setBranchArgs(b, k, flat(args));
      }
      if (!backend.lowerBranch(ctx, term, succs))
        return unsupported(term);
    } else if (!backend.lowerInst(ctx, term)) {
      return unsupported(term);
    }
    ctx.flush();
    if (ctx.failed())
      return makeError(*ctx.errorMessage());

    for (ir::Inst inst = func.layout.prevInst(term); inst.isValid();
         inst = func.layout.prevInst(inst)) {
      if (ctx.isSunk(inst) || !ctx.isNeeded(inst))
        continue;
      ctx.setCurrent(b, inst);
      if (!backend.lowerInst(ctx, inst))
        return unsupported(inst);
      ctx.flush();
      if (ctx.failed())
        return makeError(*ctx.errorMessage());
    }

    std::vector<ValueRegs> params = ctx.paramRegs(irb);
    if (irb == func.layout.entryBlock()) {
      assert(b == 0 && "the entry block is laid out first");
      backend.lowerArgs(ctx, params);
      ctx.flush();
    } else {
      builder.setBlockParams(b, flat(params));
    }
    builder.endBlock();
    if (ctx.failed())
      return makeError(*ctx.errorMessage());
  }

  LoweredFunction<I> out{builder.finish(ctx.numVRegs()), ctx.sigLayout(), ctx.hasCalls(),
                         ctx.outgoingArgsBytes()};
  return out;
}

} // namespace irc::mach
