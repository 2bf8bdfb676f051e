// VCode: one function's machine instructions before register allocation, in final block
// order, with everything the register allocator needs as flat arrays
// (Cranelift's machinst/vcode.rs).
//
// What always holds once VCodeBuilder::finish() made it (VCode is read-only afterwards;
// allocation never rewrites it, emission applies allocations to copies):
// - blocks are numbered in layout order; block b's label is Label{b} (emission creates
//   labels 0..numBlocks-1 first), so branches refer to blocks before any buffer exists;
// - every block is non-empty and ends with its only terminator;
// - operands[] holds, per instruction, exactly what its visitOperands reports for virtual
//   registers, in visiting order (physical registers are not operands); clobbers[] the
//   union of its clobber sets;
// - block parameters and per-edge branch arguments are vregs, outside the operands;
// - input() is a regalloc::Input viewing these arrays (valid while the VCode lives).
#pragma once

#include "codegen/mach/BlockOrder.h"
#include "codegen/mach/MachBuffer.h"
#include "codegen/mach/MachInst.h"
#include "codegen/regalloc/Input.h"
#include "codegen/regalloc/Output.h"

#include <algorithm>
#include <cassert>
#include <span>
#include <string>
#include <vector>

namespace irc::mach {

using regalloc::Operand;

/// Records an instruction's register operands for the allocator (virtual ones only).
class OperandCollector {
public:
  explicit OperandCollector(std::vector<Operand> &out) : out_(out) {}

  void use(Reg &r) { add(r, [](VReg v) { return Operand::use(v); }); }
  void lateUse(Reg &r) { add(r, [](VReg v) { return Operand::lateUse(v); }); }
  void def(Reg &r) { add(r, [](VReg v) { return Operand::def(v); }); }
  void earlyDef(Reg &r) { add(r, [](VReg v) { return Operand::earlyDef(v); }); }
  void fixedUse(Reg &r, PReg p) { add(r, [p](VReg v) { return Operand::fixedUse(v, p); }); }
  void fixedLateUse(Reg &r, PReg p) {
    add(r, [p](VReg v) { return Operand::fixedLateUse(v, p); });
  }
  void fixedDef(Reg &r, PReg p) { add(r, [p](VReg v) { return Operand::fixedDef(v, p); }); }
  void fixedEarlyDef(Reg &r, PReg p) {
    add(r, [p](VReg v) { return Operand::fixedEarlyDef(v, p); });
  }
  /// `idx` counts this instruction's operands as collected (virtual registers only).
  void reuseDef(Reg &r, unsigned idx) {
    add(r, [idx](VReg v) { return Operand::reuseDef(v, idx); });
  }
  void clobbers(const PRegSet &set) { clobbers_ |= set; }

  const PRegSet &clobberSet() const { return clobbers_; }

private:
  template <typename Make> void add(Reg &r, Make make) {
    if (r.isVirtual())
      out_.push_back(make(r.vreg()));
  }
  std::vector<Operand> &out_;
  PRegSet clobbers_;
};
static_assert(OperandVisitor<OperandCollector>);

/// Rewrites an instruction's virtual registers with their allocations, visiting in the
/// same order as OperandCollector did.
class AllocationApplier {
public:
  explicit AllocationApplier(std::span<const regalloc::Allocation> allocs) : allocs_(allocs) {}

  void use(Reg &r) { apply(r); }
  void lateUse(Reg &r) { apply(r); }
  void def(Reg &r) { apply(r); }
  void earlyDef(Reg &r) { apply(r); }
  void fixedUse(Reg &r, PReg) { apply(r); }
  void fixedLateUse(Reg &r, PReg) { apply(r); }
  void fixedDef(Reg &r, PReg) { apply(r); }
  void fixedEarlyDef(Reg &r, PReg) { apply(r); }
  void reuseDef(Reg &r, unsigned) { apply(r); }
  void clobbers(const PRegSet &) {}

  bool consumedAll() const { return next_ == allocs_.size(); }

private:
  void apply(Reg &r) {
    if (!r.isVirtual())
      return;
    assert(next_ < allocs_.size());
    regalloc::Allocation a = allocs_[next_++];
    // Register operands only: the visitor verbs have no "anywhere" form.
    assert(a.isReg() && "a register operand was allocated to a stack slot");
    r = Reg(a.asReg());
  }
  std::span<const regalloc::Allocation> allocs_;
  size_t next_ = 0;
};
static_assert(OperandVisitor<AllocationApplier>);

template <MachInstType I> class VCode {
public:
  std::vector<I> insts;
  std::vector<LoweredBlock> origins; // per block: where it came from (for listings)
  std::vector<regalloc::InstRange> blockInsts;
  std::vector<uint32_t> succOffsets, succs, predOffsets, preds, paramOffsets;
  std::vector<VReg> params;
  std::vector<uint32_t> branchArgOffsets;
  std::vector<VReg> branchArgs;
  std::vector<uint32_t> operandOffsets;
  std::vector<Operand> operands;
  std::vector<PRegSet> clobbers;
  std::vector<uint8_t> instFlags;
  uint32_t numVRegs = 0;
  uint32_t entryBlock = 0;
  const regalloc::MachineEnv *env = nullptr;

  uint32_t numBlocks() const { return static_cast<uint32_t>(blockInsts.size()); }
  static Label blockLabel(uint32_t b) { return Label{b}; }

  regalloc::Input input() const {
    regalloc::Input in;
    in.numInsts = static_cast<uint32_t>(insts.size());
    in.numBlocks = numBlocks();
    in.numVRegs = numVRegs;
    in.entryBlock = entryBlock;
    in.blockInsts = blockInsts;
    in.succOffsets = succOffsets;
    in.succs = succs;
    in.predOffsets = predOffsets;
    in.preds = preds;
    in.paramOffsets = paramOffsets;
    in.params = params;
    in.branchArgOffsets = branchArgOffsets;
    in.branchArgs = branchArgs;
    in.operandOffsets = operandOffsets;
    in.operands = operands;
    in.clobbers = clobbers;
    in.instFlags = instFlags;
    in.env = env;
    return in;
  }

  /// The listing for --emit=vcode:
  ///   block1(%v3, %v4):  ; block2
  ///     <instruction>
  ///     -> block2(%v5), block3
  /// Block comments name the IR block (or the split edge) and say "cold".
  std::string print(const ir::Function &func) const {
    std::string s;
    auto vregList = [&](std::span<const VReg> vs) {
      std::string t;
      for (size_t k = 0; k < vs.size(); ++k)
        t += (k ? ", " : "") + vregName(vs[k]);
      return t;
    };
    for (uint32_t b = 0; b < numBlocks(); ++b) {
      std::span<const VReg> ps(params.data() + paramOffsets[b], paramOffsets[b + 1] - paramOffsets[b]);
      s += "block" + std::to_string(b);
      if (!ps.empty())
        s += "(" + vregList(ps) + ")";
      s += ":  ; ";
      const LoweredBlock &o = origins[b];
      s += o.isEdge ? "edge " + func.name(o.irBlock) + " -> " + func.name(o.edgeTarget)
                    : func.name(o.irBlock);
      if (o.cold)
        s += ", cold";
      s += "\n";
      for (uint32_t i = blockInsts[b].first; i < blockInsts[b].last; ++i)
        s += "  " + std::string(insts[i].print()) + "\n";
      if (succOffsets[b + 1] > succOffsets[b]) {
        s += "  ->";
        for (uint32_t e = succOffsets[b]; e < succOffsets[b + 1]; ++e) {
          std::span<const VReg> args(branchArgs.data() + branchArgOffsets[e],
                                     branchArgOffsets[e + 1] - branchArgOffsets[e]);
          s += (e > succOffsets[b] ? ", block" : " block") + std::to_string(succs[e]);
          if (!args.empty())
            s += "(" + vregList(args) + ")";
        }
        s += "\n";
      }
    }
    return s;
  }
};

/// Builds a VCode while lowering walks the function. Blocks may be built in any order;
/// within a block, instructions arrive last first (lowering walks backward).
template <MachInstType I> class VCodeBuilder {
public:
  VCodeBuilder(const BlockOrder &order, const regalloc::MachineEnv *env)
      : order_(order), env_(env), ranges_(order.numBlocks(), {0, 0}),
        params_(order.numBlocks()), args_(order.numBlocks()) {
    for (uint32_t b = 0; b < order.numBlocks(); ++b)
      args_[b].resize(order.succs(b).size());
  }

  void startBlock(uint32_t b) {
    assert(current_ == kNone);
    current_ = b;
    ranges_[b].first = static_cast<uint32_t>(raw_.size());
  }
  /// Adds `inst` before every instruction added to the current block so far.
  void pushBackward(I inst) {
    assert(current_ != kNone);
    raw_.push_back(std::move(inst));
  }
  void endBlock() {
    ranges_[current_].second = static_cast<uint32_t>(raw_.size());
    current_ = kNone;
  }
  void setBlockParams(uint32_t b, std::vector<VReg> ps) { params_[b] = std::move(ps); }
  void setBranchArgs(uint32_t b, uint32_t succIndex, std::vector<VReg> args) {
    args_[b][succIndex] = std::move(args);
  }

  /// `numVRegs`: vreg indices used are below it (lowering hands them out).
  VCode<I> finish(uint32_t numVRegs) {
    VCode<I> vc;
    const uint32_t n = order_.numBlocks();
    vc.insts.reserve(raw_.size());
    vc.origins.assign(order_.blocks().begin(), order_.blocks().end());
    vc.succOffsets.assign(1, 0);
    vc.paramOffsets.assign(1, 0);
    vc.branchArgOffsets.assign(1, 0);
    std::vector<uint32_t> predCount(n + 1, 0);
    for (uint32_t b = 0; b < n; ++b) {
      uint32_t first = static_cast<uint32_t>(vc.insts.size());
      for (uint32_t k = ranges_[b].second; k-- > ranges_[b].first;)
        vc.insts.push_back(std::move(raw_[k]));
      vc.blockInsts.push_back({first, static_cast<uint32_t>(vc.insts.size())});
      assert(first < vc.insts.size() && "a lowered block has no instructions");
      auto ss = order_.succs(b);
      for (uint32_t k = 0; k < ss.size(); ++k) {
        vc.succs.push_back(ss[k]);
        ++predCount[ss[k] + 1];
        vc.branchArgs.insert(vc.branchArgs.end(), args_[b][k].begin(), args_[b][k].end());
        vc.branchArgOffsets.push_back(static_cast<uint32_t>(vc.branchArgs.size()));
      }
      vc.succOffsets.push_back(static_cast<uint32_t>(vc.succs.size()));
      vc.params.insert(vc.params.end(), params_[b].begin(), params_[b].end());
      vc.paramOffsets.push_back(static_cast<uint32_t>(vc.params.size()));
    }
    // Predecessors by counting sort: listed in block order.
    for (uint32_t b = 0; b < n; ++b)
      predCount[b + 1] += predCount[b];
    vc.predOffsets = predCount;
    vc.preds.resize(vc.succs.size());
    std::vector<uint32_t> fill(predCount.begin(), predCount.end() - 1);
    for (uint32_t b = 0; b < n; ++b)
      for (uint32_t e = vc.succOffsets[b]; e < vc.succOffsets[b + 1]; ++e)
        vc.preds[fill[vc.succs[e]]++] = b;

    // Operands, clobbers and flags, through the instructions' own visitors.
    const uint32_t numInsts = static_cast<uint32_t>(vc.insts.size());
    vc.operandOffsets.reserve(numInsts + 1);
    vc.operandOffsets.push_back(0);
    vc.clobbers.resize(numInsts);
    vc.instFlags.assign(numInsts, 0);
    for (uint32_t b = 0; b < n; ++b)
      for (uint32_t i = vc.blockInsts[b].first; i < vc.blockInsts[b].last; ++i) {
        I &inst = vc.insts[i];
        OperandCollector collect(vc.operands);
        inst.visitOperands(collect);
        vc.operandOffsets.push_back(static_cast<uint32_t>(vc.operands.size()));
        vc.clobbers[i] = collect.clobberSet();
        bool last = i + 1 == vc.blockInsts[b].last;
        assert(last == inst.isTerminator() && "a block must end with its only terminator");
        uint8_t flags = 0;
        if (last)
          flags |= inst.isReturn() ? regalloc::Input::kRet : regalloc::Input::kBranch;
        if (auto mv = inst.isMove(); mv && mv->first.isVirtual() && mv->second.isVirtual())
          flags |= regalloc::Input::kMove;
        if (inst.isRemat())
          flags |= regalloc::Input::kRemat;
        vc.instFlags[i] = flags;
      }
    vc.numVRegs = numVRegs;
    vc.entryBlock = 0;
    vc.env = env_;
    return vc;
  }

private:
  static constexpr uint32_t kNone = ~0u;
  const BlockOrder &order_;
  const regalloc::MachineEnv *env_;
  std::vector<I> raw_;
  std::vector<std::pair<uint32_t, uint32_t>> ranges_;
  std::vector<std::vector<VReg>> params_;
  std::vector<std::vector<std::vector<VReg>>> args_;
  uint32_t current_ = kNone;
};

} // namespace irc::mach
