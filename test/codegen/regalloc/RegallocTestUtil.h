// Test helpers for the register allocators: a program built by hand as blocks of operand
// lists (no target), flattened into a regalloc::Input, and a symbolic checker that replays
// an Output.
//
// The checker tracks, for every location (register or spill slot), the set of vregs whose
// value it holds. Edits copy sets, defs make a location hold exactly their vreg (and drop
// that vreg everywhere else: a loop redefines it), clobbers empty registers, and an edge
// renames arguments to parameters (in parallel). Block entry states are the intersection
// over predecessors, iterated to a fixed point. Then one more pass checks that every use
// finds its vreg in its allocation and that every constraint holds. It shares no code with
// the allocators.
#pragma once

#include "codegen/regalloc/Input.h"
#include "codegen/regalloc/Output.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace irc::regalloc::test {

using mach::PRegSet;
using mach::RegClass;

inline PReg intReg(unsigned hw) { return PReg(RegClass::Int, hw); }
inline PReg floatReg(unsigned hw) { return PReg(RegClass::Float, hw); }
/// The set {r0, ..., r(n-1)}: a call's clobbers in most tests.
inline PRegSet intClobbers(unsigned n) {
  PRegSet s;
  for (unsigned r = 0; r < n; ++r)
    s.add(intReg(r));
  return s;
}

struct TestInst {
  std::vector<Operand> ops;
  PRegSet clobbers;
  uint8_t flags = 0;
};

struct TestBlock {
  std::vector<VReg> params;
  std::vector<TestInst> insts;
  std::vector<uint32_t> succs;
  std::vector<std::vector<VReg>> args; // per successor
};

/// A program under construction and its flattened Input.
class TestFunc {
public:
  MachineEnv env;
  std::vector<TestBlock> blocks;
  uint32_t numVRegs = 0;

  VReg vreg(RegClass c = RegClass::Int) { return VReg(numVRegs++, c); }
  uint32_t block() {
    blocks.emplace_back();
    return static_cast<uint32_t>(blocks.size() - 1);
  }
  VReg param(uint32_t b, RegClass c = RegClass::Int) {
    VReg v = vreg(c);
    blocks[b].params.push_back(v);
    return v;
  }
  void inst(uint32_t b, std::vector<Operand> ops, PRegSet clobbers = {}, uint8_t flags = 0) {
    blocks[b].insts.push_back(TestInst{std::move(ops), clobbers, flags});
  }
  /// Terminators.
  void jump(uint32_t b, uint32_t to, std::vector<VReg> args = {}) {
    inst(b, {}, {}, Input::kBranch);
    blocks[b].succs = {to};
    blocks[b].args = {std::move(args)};
  }
  void branch(uint32_t b, std::vector<Operand> ops, std::vector<uint32_t> to,
              std::vector<std::vector<VReg>> args, PRegSet clobbers = {}) {
    inst(b, std::move(ops), clobbers, Input::kBranch);
    blocks[b].succs = std::move(to);
    args.resize(blocks[b].succs.size());
    blocks[b].args = std::move(args);
  }
  void ret(uint32_t b, std::vector<Operand> ops) { inst(b, std::move(ops), {}, Input::kRet); }

  /// Flattens the blocks (in index order) into arrays and returns the Input viewing them.
  const Input &build() {
    blockInsts.clear();
    succOffsets.assign(1, 0);
    succs.clear();
    paramOffsets.assign(1, 0);
    params.clear();
    branchArgOffsets.assign(1, 0);
    branchArgs.clear();
    operandOffsets.assign(1, 0);
    operands.clear();
    clobbers.clear();
    flags.clear();
    std::vector<std::vector<uint32_t>> predLists(blocks.size());
    uint32_t inst = 0;
    for (uint32_t b = 0; b < blocks.size(); ++b) {
      const TestBlock &tb = blocks[b];
      blockInsts.push_back(InstRange{inst, inst + static_cast<uint32_t>(tb.insts.size())});
      for (const TestInst &ti : tb.insts) {
        operands.insert(operands.end(), ti.ops.begin(), ti.ops.end());
        operandOffsets.push_back(static_cast<uint32_t>(operands.size()));
        clobbers.push_back(ti.clobbers);
        flags.push_back(ti.flags);
        ++inst;
      }
      for (size_t k = 0; k < tb.succs.size(); ++k) {
        succs.push_back(tb.succs[k]);
        predLists[tb.succs[k]].push_back(b);
        branchArgs.insert(branchArgs.end(), tb.args[k].begin(), tb.args[k].end());
        branchArgOffsets.push_back(static_cast<uint32_t>(branchArgs.size()));
      }
      succOffsets.push_back(static_cast<uint32_t>(succs.size()));
      params.insert(params.end(), tb.params.begin(), tb.params.end());
      paramOffsets.push_back(static_cast<uint32_t>(params.size()));
    }
    predOffsets.assign(1, 0);
    preds.clear();
    for (auto &pl : predLists) {
      preds.insert(preds.end(), pl.begin(), pl.end());
      predOffsets.push_back(static_cast<uint32_t>(preds.size()));
    }
    input = Input{};
    input.numInsts = inst;
    input.numBlocks = static_cast<uint32_t>(blocks.size());
    input.numVRegs = numVRegs;
    input.entryBlock = 0;
    input.blockInsts = blockInsts;
    input.succOffsets = succOffsets;
    input.succs = succs;
    input.predOffsets = predOffsets;
    input.preds = preds;
    input.paramOffsets = paramOffsets;
    input.params = params;
    input.branchArgOffsets = branchArgOffsets;
    input.branchArgs = branchArgs;
    input.operandOffsets = operandOffsets;
    input.operands = operands;
    input.clobbers = clobbers;
    input.instFlags = flags;
    input.env = &env;
    return input;
  }

  Input input;

private:
  std::vector<InstRange> blockInsts;
  std::vector<uint32_t> succOffsets, succs, predOffsets, preds, paramOffsets;
  std::vector<VReg> params;
  std::vector<uint32_t> branchArgOffsets;
  std::vector<VReg> branchArgs;
  std::vector<uint32_t> operandOffsets;
  std::vector<Operand> operands;
  std::vector<PRegSet> clobbers;
  std::vector<uint8_t> flags;
};

/// The symbolic checker. Returns an empty string when the output is correct, else the
/// first problem found.
/// Int registers r0..r(n-1): the first `preferred` caller-saved, the rest callee-saved.
inline void intRegs(TestFunc &f, unsigned n, unsigned preferred) {
  for (unsigned r = 0; r < n; ++r)
    (r < preferred ? f.env.preferred : f.env.nonPreferred)[0].push_back(intReg(r));
}

class Checker {
public:
  Checker(const Input &in, const Output &out) : in_(in), out_(out) {}

  std::string run() {
    if (out_.allocs.size() != in_.operands.size())
      return "allocs has the wrong size";
    if (out_.spillSlotClasses.size() != out_.numSpillSlots)
      return "spillSlotClasses has the wrong size";
    for (size_t k = 1; k < out_.edits.size(); ++k)
      if (out_.edits[k].point < out_.edits[k - 1].point)
        return "edits are not sorted";
    for (const Edit &e : out_.edits) {
      if (e.from.isNone() || e.to.isNone())
        return "edit with no location at " + e.point.text();
      if (e.from.isStack() && e.to.isStack())
        return "stack-to-stack edit at " + e.point.text();
      if (e.point.isAfter() && (in_.isBranch(e.point.inst()) || in_.isRet(e.point.inst())))
        return "edit after a terminator: " + e.text();
      if (e.from.isRemat() && (e.from.asRemat() >= in_.numInsts || !in_.isRemat(e.from.asRemat()) ||
                               !e.to.isReg()))
        return "bad rematerialization " + e.text();
      for (Allocation a : {e.from, e.to})
        if (auto err = a.isRemat() ? std::string() : checkLoc(a, e.cls); !err.empty())
          return err + " in edit " + e.text();
    }
    editStart_.assign(2 * size_t(in_.numInsts) + 2, 0);
    {
      size_t k = 0;
      for (uint32_t p = 0; p <= 2 * in_.numInsts; ++p) {
        editStart_[p] = k;
        while (k < out_.edits.size() && out_.edits[k].point.bits() == p)
          ++k;
      }
      editStart_[2 * in_.numInsts + 1] = out_.edits.size();
    }
    numLocs_ = kRegLocs + out_.numSpillSlots;

    // Fixed point over block entry states.
    entry_.assign(in_.numBlocks, std::nullopt);
    entry_[in_.entryBlock] = State(numLocs_);
    std::vector<uint32_t> work{in_.entryBlock};
    std::vector<uint8_t> queued(in_.numBlocks, 0);
    queued[in_.entryBlock] = 1;
    size_t steps = 0;
    while (!work.empty()) {
      if (++steps > 100000)
        return "checker did not converge";
      uint32_t b = work.back();
      work.pop_back();
      queued[b] = 0;
      State st = *entry_[b];
      std::string err;
      transferBlock(b, st, false, err);
      auto succs = in_.blockSuccs(b);
      for (uint32_t k = 0; k < succs.size(); ++k) {
        State out = edge(st, in_.blockBranchArgs(b, k), in_.blockParams(succs[k]));
        uint32_t s = succs[k];
        bool changed = false;
        if (!entry_[s]) {
          entry_[s] = std::move(out);
          changed = true;
        } else {
          changed = meet(*entry_[s], out);
        }
        if (changed && !queued[s]) {
          queued[s] = 1;
          work.push_back(s);
        }
      }
    }
    for (uint32_t b = 0; b < in_.numBlocks; ++b) {
      if (!entry_[b])
        continue; // unreachable
      State st = *entry_[b];
      std::string err;
      transferBlock(b, st, true, err);
      if (!err.empty())
        return err;
    }
    return "";
  }

private:
  static constexpr uint32_t kRegLocs = mach::kNumRegClasses * PReg::kMaxPerClass;
  using Names = std::vector<uint32_t>; // sorted vreg indices
  using State = std::vector<Names>;

  uint32_t loc(Allocation a) const { return a.isReg() ? a.asReg().index() : kRegLocs + a.asStack(); }

  std::string checkLoc(Allocation a, RegClass cls) const {
    if (a.isReg() && a.asReg().cls() != cls)
      return "register of the wrong class";
    if (a.isStack()) {
      if (a.asStack() >= out_.numSpillSlots)
        return "spill slot out of range";
      if (out_.spillSlotClasses[a.asStack()] != cls)
        return "spill slot of the wrong class";
    }
    return "";
  }
  bool allocatable(PReg p) const {
    for (const auto &list : {in_.env->preferred, in_.env->nonPreferred})
      for (PReg q : list[static_cast<unsigned>(p.cls())])
        if (q == p)
          return true;
    return false;
  }

  static bool has(const Names &n, uint32_t v) { return std::binary_search(n.begin(), n.end(), v); }
  static void erase(Names &n, uint32_t v) {
    auto it = std::lower_bound(n.begin(), n.end(), v);
    if (it != n.end() && *it == v)
      n.erase(it);
  }
  static void insert(Names &n, uint32_t v) {
    auto it = std::lower_bound(n.begin(), n.end(), v);
    if (it == n.end() || *it != v)
      n.insert(it, v);
  }
  static bool meet(State &into, const State &other) {
    bool changed = false;
    for (size_t l = 0; l < into.size(); ++l) {
      Names kept;
      std::set_intersection(into[l].begin(), into[l].end(), other[l].begin(), other[l].end(),
                            std::back_inserter(kept));
      if (kept.size() != into[l].size()) {
        into[l] = std::move(kept);
        changed = true;
      }
    }
    return changed;
  }
  static State edge(const State &st, std::span<const VReg> args, std::span<const VReg> params) {
    State out(st.size());
    for (size_t l = 0; l < st.size(); ++l) {
      Names n = st[l];
      for (VReg p : params)
        erase(n, p.index());
      for (size_t k = 0; k < args.size(); ++k)
        if (has(st[l], args[k].index()))
          insert(n, params[k].index());
      out[l] = std::move(n);
    }
    return out;
  }
  /// `entryOf`: the one-predecessor block whose start this is (its edge moves), or ~0u.
  void applyEdits(uint32_t pointBits, State &st, uint32_t entryOf = ~0u) const {
    for (size_t k = editStart_[pointBits]; k < editStart_[pointBits + 1]; ++k) {
      const Edit &e = out_.edits[k];
      if (!e.from.isRemat()) {
        st[loc(e.to)] = st[loc(e.from)];
        continue;
      }
      // A constant again; at a block's start also the parameters its edge binds it to.
      uint32_t v = in_.instOperands(e.from.asRemat())[0].vreg().index();
      Names n{v};
      if (entryOf != ~0u) {
        uint32_t pred = in_.blockPreds(entryOf)[0];
        auto succs = in_.blockSuccs(pred);
        uint32_t edge = 0;
        while (succs[edge] != entryOf)
          ++edge;
        auto args = in_.blockBranchArgs(pred, edge);
        for (size_t j = 0; j < args.size(); ++j)
          if (args[j].index() == v)
            insert(n, in_.blockParams(entryOf)[j].index());
      }
      st[loc(e.to)] = std::move(n);
    }
  }
  void define(State &st, uint32_t v, Allocation a) const {
    for (Names &n : st)
      erase(n, v);
    st[loc(a)] = Names{v};
  }

  void transferBlock(uint32_t b, State &st, bool check, std::string &err) const {
    InstRange r = in_.blockInsts[b];
    for (uint32_t i = r.first; i < r.last; ++i) {
      applyEdits(2 * i, st, i == r.first && in_.blockPreds(b).size() == 1 ? b : ~0u);
      auto ops = in_.instOperands(i);
      const Allocation *al = &out_.allocs[in_.operandOffsets[i]];
      if (check && err.empty())
        err = checkInst(i, ops, al, st);
      PRegSet clob = in_.clobbers.empty() ? PRegSet() : in_.clobbers[i];
      clob.forEach([&](PReg p) { st[p.index()].clear(); });
      for (size_t k = 0; k < ops.size(); ++k)
        if (ops[k].isDef() && !al[k].isNone())
          define(st, ops[k].vreg().index(), al[k]);
      applyEdits(2 * i + 1, st);
    }
  }

  std::string checkInst(uint32_t i, std::span<const Operand> ops, const Allocation *al,
                        const State &st) const {
    std::string where = "inst" + std::to_string(i) + " operand ";
    PRegSet clob = in_.clobbers.empty() ? PRegSet() : in_.clobbers[i];
    for (size_t k = 0; k < ops.size(); ++k) {
      const Operand op = ops[k];
      Allocation a = al[k];
      std::string w = where + std::to_string(k) + ": ";
      if (a.isNone())
        return w + "no allocation";
      if (auto e = checkLoc(a, op.cls()); !e.empty())
        return w + e;
      switch (op.constraint()) {
      case Constraint::Any:
        break;
      case Constraint::Reg:
        if (!a.isReg() || !allocatable(a.asReg()))
          return w + "needs an allocatable register, got " + a.text();
        break;
      case Constraint::FixedReg:
        if (a != Allocation::reg(op.fixedReg()))
          return w + "needs " + Allocation::reg(op.fixedReg()).text() + ", got " + a.text();
        break;
      case Constraint::Reuse:
        if (!a.isReg() || a != al[op.reuseIndex()])
          return w + "reuse def not in its input's register";
        break;
      }
      if (op.isUse() && !has(st[loc(a)], op.vreg().index()))
        return w + "use of v" + std::to_string(op.vreg().index()) + " but " + a.text() +
               " does not hold it";
      if (a.isReg() && clob.contains(a.asReg()) &&
          ((op.isUse() && op.pos() == OperandPos::Late) ||
           (op.isDef() && op.pos() == OperandPos::Early)))
        return w + "late use or early def in a clobbered register";
    }
    // Pairwise timing conflicts between operands of different vregs in one register.
    for (size_t x = 0; x < ops.size(); ++x)
      for (size_t y = x + 1; y < ops.size(); ++y) {
        if (!al[x].isReg() || al[x] != al[y] || ops[x].vreg() == ops[y].vreg())
          continue;
        const Operand a = ops[x], b = ops[y];
        bool ok = false;
        if (a.isUse() && b.isDef())
          ok = a.pos() == OperandPos::Early && b.pos() == OperandPos::Late;
        else if (a.isDef() && b.isUse())
          ok = b.pos() == OperandPos::Early && a.pos() == OperandPos::Late;
        if (!ok)
          return where + std::to_string(x) + " and " + std::to_string(y) + " share " +
                 al[x].text();
      }
    return "";
  }

  const Input &in_;
  const Output &out_;
  uint32_t numLocs_ = 0;
  std::vector<size_t> editStart_;
  std::vector<std::optional<State>> entry_;
};

inline std::string check(const Input &in, const Output &out) { return Checker(in, out).run(); }

/// The program as text, for failure messages.
inline std::string inputText(const Input &in) {
  std::string s;
  for (uint32_t b = 0; b < in.numBlocks; ++b) {
    s += "block" + std::to_string(b) + "(";
    for (VReg p : in.blockParams(b))
      s += " v" + std::to_string(p.index());
    s += " ):\n";
    for (uint32_t i = in.blockInsts[b].first; i < in.blockInsts[b].last; ++i) {
      s += "  inst" + std::to_string(i) + ":";
      for (Operand op : in.instOperands(i)) {
        s += op.isUse() ? " use" : " def";
        s += op.pos() == OperandPos::Early ? "E" : "L";
        s += " v" + std::to_string(op.vreg().index());
        switch (op.constraint()) {
        case Constraint::Any: s += ":any"; break;
        case Constraint::Reg: break;
        case Constraint::FixedReg: s += ":" + Allocation::reg(op.fixedReg()).text(); break;
        case Constraint::Reuse: s += ":reuse" + std::to_string(op.reuseIndex()); break;
        }
      }
      if (!in.clobbers.empty() && !in.clobbers[i].empty())
        s += " clobbers";
      s += "\n";
    }
    auto succs = in.blockSuccs(b);
    for (uint32_t k = 0; k < succs.size(); ++k) {
      s += "  -> block" + std::to_string(succs[k]) + "(";
      for (VReg a : in.blockBranchArgs(b, k))
        s += " v" + std::to_string(a.index());
      s += " )\n";
    }
  }
  return s;
}

/// All edits as text, one per line (for exact comparisons).
inline std::string editsText(const Output &out) {
  std::string s;
  for (const Edit &e : out.edits)
    s += e.text() + "\n";
  return s;
}
/// The allocations of instruction i, space-separated.
inline std::string allocsText(const Input &in, const Output &out, uint32_t i) {
  std::string s;
  for (uint32_t k = in.operandOffsets[i]; k < in.operandOffsets[i + 1]; ++k)
    s += (s.empty() ? "" : " ") + out.allocs[k].text();
  return s;
}

} // namespace irc::regalloc::test
