// checkInputRules: the one check of the rules Input.h (and Operand.h) state, run by
// allocate() before any allocator, so every allocator may assume them and all report a
// broken Input with the same message.
//
// Only rules that need no liveness are here; what an allocator finds with its own analysis
// (a use its definition does not reach, fixed registers that clash, more operands than
// registers) it still reports itself. Messages read "register allocation: instN: ..." when
// an instruction is to blame, "register allocation: block N ..." otherwise.
//
// Cost: linear in blocks, edges, instructions and operands. Memory: a few arrays sized by
// the vregs and blocks (and one by the edges); blocks out of index order cost one sort.
#include "codegen/regalloc/Regalloc.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <string>
#include <vector>

namespace irc::regalloc {

namespace {

constexpr uint32_t kNone = ~0u;
constexpr uint32_t kParamDef = ~0u - 1; // defined as a block parameter
constexpr uint8_t kUnseen = 0xff;

class RuleChecker {
public:
  explicit RuleChecker(const Input &in) : in_(in) {}
  Expected<void> run();

private:
  Error instError(uint32_t inst, const std::string &what) const {
    return makeError("register allocation: inst" + std::to_string(inst) + ": " + what);
  }
  Error blockError(uint32_t block, const std::string &what) const {
    return makeError("register allocation: block " + std::to_string(block) + what);
  }
  static std::string vregText(VReg v) { return "v" + std::to_string(v.index()); }

  Expected<void> checkEnv() const;
  Expected<void> checkBlocks() const;
  Expected<void> checkEdges();
  Expected<void> checkOperands();
  Expected<void> checkInst(uint32_t i);
  Expected<void> checkBranchArgs(uint32_t b);
  Expected<void> checkUsesDefined() const;

  /// Index in range and one class per vreg; `where` reports the error.
  template <typename Where> Expected<void> note(VReg v, Where where) {
    if (v.index() >= in_.numVRegs)
      return where("vreg index out of range");
    uint8_t c = static_cast<uint8_t>(v.cls());
    uint8_t &seen = cls_[v.index()];
    if (seen != kUnseen && seen != c)
      return where("vreg " + vregText(v) + " used with two classes");
    seen = c;
    return {};
  }

  const Input &in_;
  std::vector<uint8_t> cls_;     // per vreg: its class, or kUnseen
  std::vector<uint32_t> defAt_;  // per vreg: defining instruction, kParamDef, or kNone
  // reuseStamp_[k] == i + 1: operand k of instruction i is already a reuse def's input
  // (reuse indices are 8 bits).
  std::array<uint32_t, 256> reuseStamp_{};
};

Expected<void> RuleChecker::checkEnv() const {
  if (!in_.env)
    return makeError("register allocation: no machine environment");
  for (unsigned c = 0; c < mach::kNumRegClasses; ++c)
    for (const auto *list : {&in_.env->preferred[c], &in_.env->nonPreferred[c]})
      for (PReg p : *list)
        if (static_cast<unsigned>(p.cls()) != c)
          return makeError("register allocation: machine environment lists a register in the "
                           "wrong class");
  return {};
}

// Blocks own non-empty ranges that together cover 0..numInsts-1 without gaps or overlap
// (in any block order), and exactly the last instruction of each is a terminator.
Expected<void> RuleChecker::checkBlocks() const {
  const uint32_t nb = in_.numBlocks;
  if (nb == 0)
    return makeError("register allocation: no blocks");
  if (in_.entryBlock >= nb)
    return makeError("register allocation: no entry block");
  assert(in_.blockInsts.size() == nb && in_.succOffsets.size() == nb + 1 &&
         in_.predOffsets.size() == nb + 1 && in_.paramOffsets.size() == nb + 1);
  assert(in_.operandOffsets.size() == size_t(in_.numInsts) + 1 &&
         in_.instFlags.size() == in_.numInsts &&
         (in_.clobbers.empty() || in_.clobbers.size() == in_.numInsts));
  assert(in_.branchArgOffsets.size() == in_.succs.size() + 1);
  for (uint32_t b = 0; b < nb; ++b) {
    InstRange r = in_.blockInsts[b];
    if (r.first >= r.last)
      return blockError(b, " is empty");
    if (r.last > in_.numInsts)
      return blockError(b, " runs past the last instruction");
  }
  // Usually the blocks are in index order; otherwise sort them by their first instruction.
  bool inIndexOrder = true;
  for (uint32_t b = 0; b < nb && inIndexOrder; ++b)
    inIndexOrder = in_.blockInsts[b].first == (b == 0 ? 0 : in_.blockInsts[b - 1].last);
  if (!inIndexOrder || in_.blockInsts[nb - 1].last != in_.numInsts) {
    std::vector<uint32_t> order(nb);
    for (uint32_t b = 0; b < nb; ++b)
      order[b] = b;
    std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
      return in_.blockInsts[a].first < in_.blockInsts[b].first;
    });
    uint32_t next = 0;
    for (uint32_t b : order) {
      if (in_.blockInsts[b].first != next)
        return makeError("register allocation: blocks do not cover the instructions in order");
      next = in_.blockInsts[b].last;
    }
    if (next != in_.numInsts)
      return makeError("register allocation: blocks do not cover the instructions in order");
  }
  for (uint32_t b = 0; b < nb; ++b) {
    InstRange r = in_.blockInsts[b];
    for (uint32_t i = r.first; i < r.last; ++i) {
      bool term = i + 1 == r.last;
      if (term != (in_.isBranch(i) || in_.isRet(i)))
        return instError(i, term ? "block does not end with a branch or return"
                                 : "branch or return inside a block");
    }
  }
  if (!in_.blockParams(in_.entryBlock).empty() || !in_.blockPreds(in_.entryBlock).empty())
    return makeError("register allocation: the entry block has parameters or predecessors");
  return {};
}

// Successors in range and not the entry; the predecessor lists are exactly the branches
// (compared as multisets through a reverse adjacency built from the successors); argument
// counts match the parameters; no critical edges.
Expected<void> RuleChecker::checkEdges() {
  const uint32_t nb = in_.numBlocks;
  std::vector<uint32_t> fromStart(nb + 1, 0);
  for (uint32_t b = 0; b < nb; ++b) {
    const uint32_t term = in_.blockInsts[b].last - 1;
    for (uint32_t s : in_.blockSuccs(b)) {
      if (s >= nb || s == in_.entryBlock)
        return instError(term, "bad successor block");
      ++fromStart[s + 1];
    }
  }
  for (uint32_t b = 0; b < nb; ++b)
    fromStart[b + 1] += fromStart[b];
  std::vector<uint32_t> from(in_.succs.size());
  {
    std::vector<uint32_t> fill(fromStart.begin(), fromStart.end() - 1);
    for (uint32_t b = 0; b < nb; ++b)
      for (uint32_t s : in_.blockSuccs(b))
        from[fill[s]++] = b;
  }
  std::vector<uint32_t> count(nb, 0);
  for (uint32_t s = 0; s < nb; ++s) {
    auto preds = in_.blockPreds(s);
    if (preds.size() != fromStart[s + 1] - fromStart[s])
      return blockError(s, " has " + std::to_string(preds.size()) + " predecessors but " +
                               std::to_string(fromStart[s + 1] - fromStart[s]) +
                               " branches to it");
    for (uint32_t k = fromStart[s]; k < fromStart[s + 1]; ++k)
      ++count[from[k]];
    bool ok = true;
    for (uint32_t p : preds) {
      if (p >= nb || count[p] == 0)
        ok = false;
      else
        --count[p];
    }
    if (!ok)
      return blockError(s, " names a predecessor that does not branch to it");
  }
  for (uint32_t b = 0; b < nb; ++b) {
    const uint32_t term = in_.blockInsts[b].last - 1;
    auto succs = in_.blockSuccs(b);
    bool termDefs = false;
    for (Operand op : in_.instOperands(term))
      termDefs |= op.isDef();
    for (uint32_t k = 0; k < succs.size(); ++k) {
      uint32_t s = succs[k];
      if (in_.blockBranchArgs(b, k).size() != in_.blockParams(s).size())
        return instError(term, "branch argument count differs from the block's parameters");
      if ((succs.size() > 1 || termDefs) && in_.blockPreds(s).size() != 1)
        return instError(term, "critical edge to block " + std::to_string(s));
    }
  }
  return {};
}

// One instruction's operands: indices, classes, single definitions, fixed registers,
// reuse defs, no use of its own def, and the kRemat shape.
Expected<void> RuleChecker::checkInst(uint32_t i) {
  auto where = [&](const std::string &what) -> Expected<void> { return instError(i, what); };
  auto ops = in_.instOperands(i);
  for (Operand op : ops) {
    if (auto e = note(op.vreg(), where); !e)
      return e;
    if (op.constraint() == Constraint::FixedReg && op.fixedReg().cls() != op.cls())
      return where("fixed register of the wrong class");
    if (op.constraint() == Constraint::Reuse) {
      unsigned u = op.reuseIndex();
      if (!op.isDef() || u >= ops.size() || !ops[u].isUse() ||
          ops[u].pos() != OperandPos::Early || ops[u].cls() != op.cls())
        return where("reuse def names an operand that is not an early use of its class");
      if (reuseStamp_[u] == i + 1)
        return where("two reuse defs name one operand");
      reuseStamp_[u] = i + 1;
    }
    if (op.isDef()) {
      uint32_t &d = defAt_[op.vreg().index()];
      if (d != kNone)
        return where("vreg " + vregText(op.vreg()) + " defined twice");
      d = i;
    }
  }
  for (Operand op : ops)
    if (op.isUse() && defAt_[op.vreg().index()] == i)
      return where(vregText(op.vreg()) + " is used by the instruction that defines it");
  if (in_.isRemat(i) && (ops.size() != 1 || !ops[0].isDef() || in_.isBranch(i) ||
                         in_.isRet(i) || (!in_.clobbers.empty() && !in_.clobbers[i].empty())))
    return where("marked rematerializable but is not one def alone (no uses, no clobbers, "
                 "not a terminator)");
  return {};
}

Expected<void> RuleChecker::checkBranchArgs(uint32_t b) {
  const uint32_t term = in_.blockInsts[b].last - 1;
  auto where = [&](const std::string &what) -> Expected<void> { return instError(term, what); };
  auto succs = in_.blockSuccs(b);
  for (uint32_t k = 0; k < succs.size(); ++k) {
    auto args = in_.blockBranchArgs(b, k);
    auto params = in_.blockParams(succs[k]);
    for (size_t j = 0; j < args.size(); ++j) {
      if (auto e = note(args[j], where); !e)
        return e;
      if (args[j].cls() != params[j].cls())
        return where("branch argument class differs from parameter");
    }
  }
  return {};
}

Expected<void> RuleChecker::checkOperands() {
  cls_.assign(in_.numVRegs, kUnseen);
  defAt_.assign(in_.numVRegs, kNone);
  reuseStamp_.fill(0);
  for (uint32_t b = 0; b < in_.numBlocks; ++b) {
    auto where = [&](const std::string &what) -> Expected<void> {
      return blockError(b, ": " + what);
    };
    for (VReg p : in_.blockParams(b)) {
      if (auto e = note(p, where); !e)
        return e;
      uint32_t &d = defAt_[p.index()];
      if (d != kNone)
        return where("vreg " + vregText(p) + " defined twice");
      d = kParamDef;
    }
    InstRange r = in_.blockInsts[b];
    for (uint32_t i = r.first; i < r.last; ++i)
      if (auto e = checkInst(i); !e)
        return e;
    if (auto e = checkBranchArgs(b); !e)
      return e;
  }
  return {};
}

// Every use and branch argument names a defined vreg (after all definitions are known:
// layout order need not put a definition first).
Expected<void> RuleChecker::checkUsesDefined() const {
  for (uint32_t b = 0; b < in_.numBlocks; ++b) {
    InstRange r = in_.blockInsts[b];
    for (uint32_t i = r.first; i < r.last; ++i)
      for (Operand op : in_.instOperands(i))
        if (op.isUse() && defAt_[op.vreg().index()] == kNone)
          return instError(i, "use of undefined vreg " + vregText(op.vreg()));
    for (uint32_t k = 0; k < in_.blockSuccs(b).size(); ++k)
      for (VReg a : in_.blockBranchArgs(b, k))
        if (defAt_[a.index()] == kNone)
          return instError(r.last - 1, "branch argument " + vregText(a) + " is never defined");
  }
  return {};
}

Expected<void> RuleChecker::run() {
  if (auto e = checkEnv(); !e)
    return e;
  if (auto e = checkBlocks(); !e)
    return e;
  if (auto e = checkEdges(); !e)
    return e;
  if (auto e = checkOperands(); !e)
    return e;
  return checkUsesDefined();
}

} // namespace

Expected<void> checkInputRules(const Input &input) { return RuleChecker(input).run(); }

} // namespace irc::regalloc
