// The allocation checker (Checker.h; the argument is in docs/regalloc-checker.md).
//
// Three phases, each stopping at the first problem:
// 1. shape: the Input rules the proof needs (one definition per vreg, argument counts and
//    classes), the Output's sizes, and each edit on its own;
// 2. operands, per instruction: location, class, constraint, collisions in time;
// 3. values: a forward dataflow over the blocks to a fixed point, then one sweep in
//    instruction order that checks every use against the state at its instruction.
//
// State. A fact (loc, v) says that location `loc` (a register's PReg index 0..191, or 192
// plus a spill slot) holds vreg v's value. Inside a block the state is dense: per location
// a short list of vregs. At a block entry it is a sorted vector of facts, kept only for
// vregs live into the block (and the block's parameters), so stored states are as small
// as the live sets and a stale fact never outlives its vreg's liveness.
//
// Why a def need not erase older copies of its vreg: with one definition per vreg, the
// only facts about v are made by v's def (or, for a parameter, by its edges). The entry
// state of v's defining block is the intersection over all paths from the function entry,
// one of which reaches the block without ever running the def, so no fact about v enters
// that block: a stale copy of v from an earlier loop iteration cannot survive to the def.
// Parameters are the exception (defined on every edge into their block), so an edge
// drops every old fact about them before adding the new ones.
#include "codegen/regalloc/Checker.h"

#include <algorithm>
#include <span>
#include <string>

namespace irc::regalloc {

namespace {

constexpr uint32_t kNone = CheckError::kNone;
constexpr uint32_t kNumRegLocs = mach::kNumRegClasses * PReg::kMaxPerClass;

/// (location << 32) | vreg index; sorting facts sorts by location, then vreg.
using Fact = uint64_t;
constexpr Fact makeFact(uint32_t loc, uint32_t v) { return (uint64_t(loc) << 32) | v; }
constexpr uint32_t factLoc(Fact f) { return uint32_t(f >> 32); }
constexpr uint32_t factVReg(Fact f) { return uint32_t(f); }

std::string vregText(uint32_t v) { return "v" + std::to_string(v); }
std::string blockText(uint32_t b) { return "block" + std::to_string(b); }

/// "v9", "v9, v12", or "nothing known".
std::string heldText(const std::vector<uint32_t> &held) {
  if (held.empty())
    return "nothing known";
  std::string s;
  for (uint32_t v : held)
    s += (s.empty() ? "" : ", ") + vregText(v);
  return s;
}

/// "use of v3", "late use of v3", "def of v8", "early def of v8".
std::string operandText(Operand op) {
  bool early = op.pos() == OperandPos::Early;
  std::string what = op.isUse() ? (early ? "use" : "late use") : (early ? "early def" : "def");
  return what + " of " + vregText(op.vreg().index());
}

class AllocationChecker {
public:
  AllocationChecker(const Input &in, const Output &out) : in_(in), out_(out) {}
  std::optional<CheckError> run();

private:
  // Phase 1.
  std::optional<CheckError> checkInputShape();
  std::optional<CheckError> checkDefinitions();
  std::optional<CheckError> checkOutputShape();
  std::optional<CheckError> checkEdit(uint32_t k);
  // Phase 2.
  std::optional<CheckError> checkOperands(uint32_t inst);
  std::optional<CheckError> checkLocation(uint32_t inst, uint32_t k, Allocation a, Operand op);
  // Phase 3.
  void computeOrder();
  void computeLiveIns();
  void solve();
  std::optional<CheckError> checkValues();

  // The working state of one block.
  std::optional<CheckError> runBlock(uint32_t b, bool check, uint32_t stopInst = kNone);
  /// `entryOf`: the block whose start this point is, if it has one predecessor (its edge
  /// moves run here), else kNone.
  void applyEdits(uint32_t pointBits, uint32_t entryOf = kNone);
  void touch(uint32_t loc) {
    if (!touchedFlag_[loc]) {
      touchedFlag_[loc] = 1;
      touched_.push_back(loc);
    }
  }
  void define(uint32_t loc, uint32_t v) {
    touch(loc);
    contents_[loc].assign(1, v);
  }
  bool holds(uint32_t loc, uint32_t v) const {
    const auto &c = contents_[loc];
    return std::find(c.begin(), c.end(), v) != c.end();
  }
  void loadFacts(const std::vector<Fact> &facts);
  void clearWork();
  /// The facts the working state (at the end of `b`) gives `succ` along b's edge `k`.
  void edgeFacts(uint32_t b, uint32_t k, std::vector<Fact> &facts);
  /// Intersects `facts` into the entry state of `b`; true if that state changed.
  bool meet(uint32_t b, std::vector<Fact> &facts);

  std::optional<CheckError> wrongValue(uint32_t b, uint32_t inst, uint32_t k);
  /// For a use that fails in block b with several predecessors: which edges bring its
  /// vreg into the location and which do not ("" if all agree).
  std::string edgeNote(uint32_t b, uint32_t inst, uint32_t loc, uint32_t v);

  uint32_t locOf(Allocation a) const {
    return a.isReg() ? a.asReg().index() : kNumRegLocs + a.asStack();
  }
  PRegSet clobbersOf(uint32_t i) const {
    return in_.clobbers.empty() ? PRegSet() : in_.clobbers[i];
  }
  bool isTerminator(uint32_t i) const { return in_.isBranch(i) || in_.isRet(i); }

  CheckError operandError(CheckErrorKind kind, uint32_t inst, uint32_t k,
                          const std::string &what) const {
    CheckError e;
    e.kind = kind;
    e.inst = inst;
    e.operand = k;
    e.vreg = in_.instOperands(inst)[k].vreg().index();
    e.where = out_.allocs[in_.operandOffsets[inst] + k];
    e.message = "inst " + std::to_string(inst) + " operand " + std::to_string(k) + ": " + what;
    return e;
  }
  static CheckError plainError(CheckErrorKind kind, std::string message) {
    CheckError e;
    e.kind = kind;
    e.message = std::move(message);
    return e;
  }

  const Input &in_;
  const Output &out_;
  PRegSet allocatable_;

  // Per vreg.
  std::vector<uint32_t> defBlock_;                     // block that defines it (kNone if none)
  std::vector<uint32_t> keepMark_, argMark_, argHead_; // edge scratch, stamped by edgeEpoch_
  uint32_t edgeEpoch_ = 0;
  std::vector<uint32_t> argNext_; // per branch argument of the current edge

  // Per block.
  std::vector<uint32_t> predOffsets_, preds_; // computed from succs, so preds can't disagree
  std::vector<uint32_t> rpo_;
  std::vector<std::vector<uint32_t>> liveIn_; // ascending vreg indices, parameters excluded
  std::vector<std::vector<Fact>> entry_;
  std::vector<uint8_t> reached_, dirty_;

  // Edits of each point: edits[pointStart_[p] .. pointStart_[p + 1]).
  std::vector<uint32_t> pointStart_;

  // Working state.
  std::vector<std::vector<uint32_t>> contents_; // per location
  std::vector<uint8_t> touchedFlag_;
  std::vector<uint32_t> touched_;
  std::vector<Fact> scratch_;
};

// ---- Phase 1: shapes ------------------------------------------------------------------

std::optional<CheckError> AllocationChecker::checkInputShape() {
  auto bad = [](const std::string &what) { return plainError(CheckErrorKind::BadInput, what); };
  if (!in_.env)
    return bad("no machine environment");
  const uint32_t nb = in_.numBlocks, ni = in_.numInsts;
  if (nb == 0 || in_.entryBlock >= nb)
    return bad("no entry block");
  if (in_.blockInsts.size() != nb || in_.succOffsets.size() != nb + 1 ||
      in_.paramOffsets.size() != nb + 1 || in_.operandOffsets.size() != size_t(ni) + 1 ||
      in_.instFlags.size() != ni || (!in_.clobbers.empty() && in_.clobbers.size() != ni) ||
      in_.operandOffsets[ni] != in_.operands.size() || in_.succOffsets[nb] != in_.succs.size() ||
      in_.paramOffsets[nb] != in_.params.size() ||
      in_.branchArgOffsets.size() != in_.succs.size() + 1 ||
      in_.branchArgOffsets[in_.succs.size()] != in_.branchArgs.size())
    return bad("the Input's arrays disagree in size");
  for (uint32_t b = 0; b < nb; ++b) {
    InstRange r = in_.blockInsts[b];
    if (r.first > r.last || r.last > ni)
      return bad(blockText(b) + " has instructions out of range");
    for (uint32_t s : in_.blockSuccs(b))
      if (s >= nb)
        return bad(blockText(b) + " branches to a block that does not exist");
  }
  for (unsigned c = 0; c < mach::kNumRegClasses; ++c)
    for (const auto *list : {&in_.env->preferred[c], &in_.env->nonPreferred[c]})
      for (PReg p : *list)
        allocatable_.add(p);
  return std::nullopt;
}

std::optional<CheckError> AllocationChecker::checkDefinitions() {
  const uint32_t nv = in_.numVRegs;
  defBlock_.assign(nv, kNone);
  auto bad = [](const std::string &what) { return plainError(CheckErrorKind::BadInput, what); };
  for (uint32_t b = 0; b < in_.numBlocks; ++b) {
    for (VReg p : in_.blockParams(b)) {
      if (p.index() >= nv)
        return bad(blockText(b) + " parameter " + vregText(p.index()) + " is out of range");
      if (defBlock_[p.index()] != kNone)
        return bad(blockText(b) + " parameter " + vregText(p.index()) + " is defined twice");
      defBlock_[p.index()] = b;
    }
    InstRange r = in_.blockInsts[b];
    for (uint32_t i = r.first; i < r.last; ++i) {
      auto ops = in_.instOperands(i);
      for (uint32_t k = 0; k < ops.size(); ++k) {
        uint32_t v = ops[k].vreg().index();
        std::string where = "inst " + std::to_string(i) + " operand " + std::to_string(k) + ": ";
        if (v >= nv)
          return bad(where + vregText(v) + " is out of range");
        if (ops[k].isDef()) {
          if (defBlock_[v] != kNone)
            return bad(where + vregText(v) + " is defined twice");
          defBlock_[v] = b;
        }
      }
      // What a rematerialization edit relies on: one def to recreate, nothing else.
      if (in_.isRemat(i) && (ops.size() != 1 || !ops[0].isDef() || isTerminator(i) ||
                             !clobbersOf(i).empty()))
        return bad("inst " + std::to_string(i) +
                   " is marked rematerializable but is not one def alone (no uses, no "
                   "clobbers, not a terminator)");
    }
  }
  // A vreg keeps its definition's class (so a value never crosses register files).
  std::vector<RegClass> defClass(nv, RegClass::Int);
  for (uint32_t i = 0; i < in_.numInsts; ++i)
    for (Operand op : in_.instOperands(i))
      if (op.isDef() && op.vreg().index() < nv)
        defClass[op.vreg().index()] = op.cls();
  for (VReg p : in_.params)
    defClass[p.index()] = p.cls();
  for (uint32_t b = 0; b < in_.numBlocks; ++b) {
    InstRange r = in_.blockInsts[b];
    for (uint32_t i = r.first; i < r.last; ++i) {
      auto ops = in_.instOperands(i);
      for (uint32_t k = 0; k < ops.size(); ++k) {
        uint32_t v = ops[k].vreg().index();
        if (ops[k].isUse() && defBlock_[v] != kNone && defClass[v] != ops[k].cls())
          return bad("inst " + std::to_string(i) + " operand " + std::to_string(k) + ": " +
                     vregText(v) + " is used as " + regClassName(ops[k].cls()) +
                     " but defined as " + regClassName(defClass[v]));
      }
    }
  }
  for (uint32_t b = 0; b < in_.numBlocks; ++b) {
    auto succs = in_.blockSuccs(b);
    for (uint32_t k = 0; k < succs.size(); ++k) {
      auto args = in_.blockBranchArgs(b, k);
      auto params = in_.blockParams(succs[k]);
      std::string edge = blockText(b) + " -> " + blockText(succs[k]) + ": ";
      if (args.size() != params.size())
        return bad(edge + std::to_string(args.size()) + " arguments for " +
                   std::to_string(params.size()) + " parameters");
      for (size_t j = 0; j < args.size(); ++j) {
        if (args[j].index() >= nv)
          return bad(edge + "argument " + vregText(args[j].index()) + " is out of range");
        if (defBlock_[args[j].index()] != kNone && defClass[args[j].index()] != args[j].cls())
          return bad(edge + "argument " + vregText(args[j].index()) + " is passed as " +
                     regClassName(args[j].cls()) + " but defined as " +
                     regClassName(defClass[args[j].index()]));
        if (args[j].cls() != params[j].cls())
          return bad(edge + "argument " + vregText(args[j].index()) + " (" +
                     regClassName(args[j].cls()) + ") for parameter " +
                     vregText(params[j].index()) + " (" + regClassName(params[j].cls()) + ")");
      }
    }
  }
  return std::nullopt;
}

std::optional<CheckError> AllocationChecker::checkOutputShape() {
  auto bad = [](const std::string &what) { return plainError(CheckErrorKind::BadOutput, what); };
  if (out_.allocs.size() != in_.operands.size())
    return bad("allocs has " + std::to_string(out_.allocs.size()) + " entries for " +
               std::to_string(in_.operands.size()) + " operands");
  if (out_.spillSlotClasses.size() != out_.numSpillSlots)
    return bad("spillSlotClasses has " + std::to_string(out_.spillSlotClasses.size()) +
               " entries for " + std::to_string(out_.numSpillSlots) + " spill slots");
  for (uint32_t k = 0; k < out_.edits.size(); ++k)
    if (auto e = checkEdit(k))
      return e;
  // Edits are sorted and in range: index them by point.
  const uint32_t numPoints = 2 * in_.numInsts;
  pointStart_.assign(size_t(numPoints) + 1, 0);
  uint32_t k = 0;
  for (uint32_t p = 0; p < numPoints; ++p) {
    pointStart_[p] = k;
    while (k < out_.edits.size() && out_.edits[k].point.bits() == p)
      ++k;
  }
  pointStart_[numPoints] = k;
  return std::nullopt;
}

std::optional<CheckError> AllocationChecker::checkEdit(uint32_t k) {
  const Edit &e = out_.edits[k];
  auto bad = [&](CheckErrorKind kind, const std::string &what) {
    CheckError err = plainError(kind, "edit " + std::to_string(k) + " (" + e.text() + "): " + what);
    err.edit = k;
    err.inst = e.point.inst() < in_.numInsts ? e.point.inst() : kNone;
    return err;
  };
  if (e.point.inst() >= in_.numInsts)
    return bad(CheckErrorKind::BadOutput,
               "there are only " + std::to_string(in_.numInsts) + " instructions");
  if (k > 0 && e.point < out_.edits[k - 1].point)
    return bad(CheckErrorKind::BadOutput, "out of order (edits are sorted by point)");
  if (e.point.isAfter() && isTerminator(e.point.inst()))
    return bad(CheckErrorKind::BadOutput, "after a terminator, where nothing runs");
  if (e.from.isNone() || e.to.isNone())
    return bad(CheckErrorKind::BadOutput, "a move from or to nowhere");
  if (e.from.isStack() && e.to.isStack())
    return bad(CheckErrorKind::BadOutput, "a move from stack to stack");
  if (e.to.isRemat())
    return bad(CheckErrorKind::BadOutput, "a move into a rematerialization");
  if (e.from.isRemat()) {
    uint32_t i = e.from.asRemat();
    if (!e.to.isReg())
      return bad(CheckErrorKind::BadOutput, "a rematerialization into a spill slot");
    if (i >= in_.numInsts || !in_.isRemat(i))
      return bad(CheckErrorKind::BadOutput, "inst" + std::to_string(i) +
                                                " is not a rematerializable instruction");
    if (in_.instOperands(i)[0].cls() != e.cls)
      return bad(CheckErrorKind::BadOutput, "inst" + std::to_string(i) + " defines an " +
                                                regClassName(in_.instOperands(i)[0].cls()) +
                                                " value, the move is " + regClassName(e.cls));
  }
  for (Allocation a : {e.from, e.to}) {
    if (a.isReg() && a.asReg().cls() != e.cls) {
      CheckError err = bad(CheckErrorKind::BadLocation,
                           a.text() + " is not an " + regClassName(e.cls) + " register");
      err.where = a;
      return err;
    }
    if (a.isStack() && a.asStack() >= out_.numSpillSlots) {
      CheckError err = bad(CheckErrorKind::BadLocation, a.text() + " is out of range (there are " +
                                                            std::to_string(out_.numSpillSlots) +
                                                            " spill slots)");
      err.where = a;
      return err;
    }
    if (a.isStack() && out_.spillSlotClasses[a.asStack()] != e.cls) {
      CheckError err = bad(CheckErrorKind::BadLocation,
                           a.text() + " is a " + regClassName(out_.spillSlotClasses[a.asStack()]) +
                               " slot, the move is " + regClassName(e.cls));
      err.where = a;
      return err;
    }
  }
  return std::nullopt;
}

// ---- Phase 2: operands ----------------------------------------------------------------

std::optional<CheckError> AllocationChecker::checkLocation(uint32_t inst, uint32_t k, Allocation a,
                                                           Operand op) {
  std::string v = vregText(op.vreg().index());
  std::string cls = regClassName(op.cls());
  if (a.isNone())
    return operandError(CheckErrorKind::BadLocation, inst, k, v + " has no allocation");
  if (a.isRemat())
    return operandError(CheckErrorKind::BadLocation, inst, k,
                        v + " is allocated to " + a.text() + ", which only an edit may read");
  if (a.isReg() && a.asReg().cls() != op.cls())
    return operandError(CheckErrorKind::BadLocation, inst, k,
                        v + " (" + cls + ") is in " + a.text() + ", a " +
                            regClassName(a.asReg().cls()) + " register");
  if (a.isStack() && a.asStack() >= out_.numSpillSlots)
    return operandError(CheckErrorKind::BadLocation, inst, k,
                        v + " is in " + a.text() + ", but there are " +
                            std::to_string(out_.numSpillSlots) + " spill slots");
  if (a.isStack() && out_.spillSlotClasses[a.asStack()] != op.cls())
    return operandError(CheckErrorKind::BadLocation, inst, k,
                        v + " (" + cls + ") is in " + a.text() + ", a " +
                            regClassName(out_.spillSlotClasses[a.asStack()]) + " slot");
  return std::nullopt;
}

std::optional<CheckError> AllocationChecker::checkOperands(uint32_t i) {
  auto ops = in_.instOperands(i);
  const Allocation *al = out_.allocs.data() + in_.operandOffsets[i];
  const PRegSet clob = clobbersOf(i);
  const uint32_t n = static_cast<uint32_t>(ops.size());
  for (uint32_t k = 0; k < n; ++k) {
    const Operand op = ops[k];
    const Allocation a = al[k];
    if (auto e = checkLocation(i, k, a, op))
      return e;
    std::string v = vregText(op.vreg().index());
    std::string cls = regClassName(op.cls());
    switch (op.constraint()) {
    case Constraint::Any:
      if (a.isReg() && !allocatable_.contains(a.asReg()))
        return operandError(CheckErrorKind::Constraint, i, k,
                            v + " needs an allocatable " + cls +
                                " register or a spill slot, but is in " + a.text());
      break;
    case Constraint::Reg:
      if (!a.isReg() || !allocatable_.contains(a.asReg()))
        return operandError(CheckErrorKind::Constraint, i, k,
                            v + " needs an allocatable " + cls + " register, but is in " +
                                a.text());
      break;
    case Constraint::FixedReg: {
      Allocation want = Allocation::reg(op.fixedReg());
      if (op.fixedReg().cls() != op.cls())
        return operandError(CheckErrorKind::BadInput, i, k,
                            v + " (" + cls + ") is fixed to " + want.text() +
                                ", a register of another class");
      if (a != want)
        return operandError(CheckErrorKind::Constraint, i, k,
                            v + " must be in " + want.text() + ", but is in " + a.text());
      break;
    }
    case Constraint::Reuse: {
      uint32_t r = op.reuseIndex();
      if (op.isUse() || r >= n || !ops[r].isUse() || ops[r].pos() != OperandPos::Early ||
          ops[r].cls() != op.cls())
        return operandError(CheckErrorKind::BadInput, i, k,
                            v + " reuses operand " + std::to_string(r) +
                                ", which is not an early use of its class");
      if (!a.isReg() || a != al[r])
        return operandError(CheckErrorKind::Constraint, i, k,
                            "reuse def " + v + " must be in operand " + std::to_string(r) + "'s " +
                                al[r].text() + ", but is in " + a.text());
      break;
    }
    }
    // Clobbers are written during the instruction, like a late def that nothing reads.
    if (a.isReg() && clob.contains(a.asReg())) {
      bool lateUse = op.isUse() && op.pos() == OperandPos::Late;
      bool earlyDef = op.isDef() && op.pos() == OperandPos::Early;
      if (lateUse || earlyDef)
        return operandError(CheckErrorKind::Conflict, i, k,
                            operandText(op) + " in " + a.text() +
                                ", which the instruction clobbers");
    }
  }

  // Operands sharing a location: sort by location, then compare within each group.
  std::vector<std::pair<uint32_t, uint32_t>> byLoc; // (location, operand)
  byLoc.reserve(n);
  for (uint32_t k = 0; k < n; ++k)
    byLoc.push_back({locOf(al[k]), k});
  std::sort(byLoc.begin(), byLoc.end());
  for (size_t g = 0; g < byLoc.size();) {
    size_t end = g + 1;
    while (end < byLoc.size() && byLoc[end].first == byLoc[g].first)
      ++end;
    for (size_t x = g; x < end; ++x)
      for (size_t y = x + 1; y < end; ++y) {
        uint32_t kx = byLoc[x].second, ky = byLoc[y].second; // kx < ky
        Operand a = ops[kx], b = ops[ky];
        bool clash;
        if (a.isDef() && b.isDef()) {
          clash = true;
        } else if (a.isDef() != b.isDef()) {
          Operand def = a.isDef() ? a : b, use = a.isDef() ? b : a;
          // An early use is read before any def is written; a late def is written after
          // every early use. Anything else overlaps.
          clash = def.pos() == OperandPos::Early || use.pos() == OperandPos::Late;
        } else {
          clash = false; // two reads: the value check decides if the location fits both
        }
        if (clash)
          return operandError(CheckErrorKind::Conflict, i, ky,
                              "operands " + std::to_string(kx) + " and " + std::to_string(ky) +
                                  " share " + al[kx].text() + " at one time: " + operandText(a) +
                                  ", " + operandText(b));
      }
    g = end;
  }
  return std::nullopt;
}

// ---- Phase 3: values ------------------------------------------------------------------

void AllocationChecker::computeOrder() {
  const uint32_t nb = in_.numBlocks;
  predOffsets_.assign(size_t(nb) + 1, 0);
  for (uint32_t s : in_.succs)
    ++predOffsets_[s + 1];
  for (uint32_t b = 0; b < nb; ++b)
    predOffsets_[b + 1] += predOffsets_[b];
  preds_.assign(in_.succs.size(), 0);
  std::vector<uint32_t> fill(predOffsets_.begin(), predOffsets_.end() - 1);
  for (uint32_t b = 0; b < nb; ++b)
    for (uint32_t s : in_.blockSuccs(b))
      preds_[fill[s]++] = b;

  // Reverse postorder from the entry block (iterative depth-first search).
  std::vector<uint8_t> seen(nb, 0);
  std::vector<std::pair<uint32_t, uint32_t>> stack; // (block, next successor index)
  std::vector<uint32_t> post;
  stack.push_back({in_.entryBlock, 0});
  seen[in_.entryBlock] = 1;
  while (!stack.empty()) {
    auto &[b, next] = stack.back();
    auto succs = in_.blockSuccs(b);
    if (next < succs.size()) {
      uint32_t s = succs[next++];
      if (!seen[s]) {
        seen[s] = 1;
        stack.push_back({s, 0});
      }
    } else {
      post.push_back(b);
      stack.pop_back();
    }
  }
  rpo_.assign(post.rbegin(), post.rend());
}

void AllocationChecker::computeLiveIns() {
  // SSA liveness by path exploration: from each block that reads v before (or without)
  // defining it, walk predecessors up to v's defining block.
  const uint32_t nv = in_.numVRegs, nb = in_.numBlocks;
  std::vector<uint32_t> useOffsets(size_t(nv) + 1, 0), useBlocks;
  auto forEachUpwardUse = [&](auto &&f) {
    for (uint32_t b = 0; b < nb; ++b) {
      InstRange r = in_.blockInsts[b];
      for (uint32_t i = r.first; i < r.last; ++i)
        for (Operand op : in_.instOperands(i))
          if (op.isUse() && defBlock_[op.vreg().index()] != b)
            f(op.vreg().index(), b);
      // A branch argument is read on the edge, after everything in its block.
      for (VReg a : in_.branchArgs.subspan(in_.branchArgOffsets[in_.succOffsets[b]],
                                           in_.branchArgOffsets[in_.succOffsets[b + 1]] -
                                               in_.branchArgOffsets[in_.succOffsets[b]]))
        if (defBlock_[a.index()] != b)
          f(a.index(), b);
    }
  };
  forEachUpwardUse([&](uint32_t v, uint32_t) { ++useOffsets[v + 1]; });
  for (uint32_t v = 0; v < nv; ++v)
    useOffsets[v + 1] += useOffsets[v];
  useBlocks.resize(useOffsets[nv]);
  {
    std::vector<uint32_t> fill(useOffsets.begin(), useOffsets.end() - 1);
    forEachUpwardUse([&](uint32_t v, uint32_t b) { useBlocks[fill[v]++] = b; });
  }
  liveIn_.assign(nb, {});
  std::vector<uint32_t> mark(nb, kNone), work;
  for (uint32_t v = 0; v < nv; ++v) {
    for (uint32_t k = useOffsets[v]; k < useOffsets[v + 1]; ++k) {
      uint32_t u = useBlocks[k];
      if (mark[u] == v)
        continue;
      mark[u] = v;
      liveIn_[u].push_back(v); // v ascends, so each list stays sorted
      work.push_back(u);
    }
    while (!work.empty()) {
      uint32_t b = work.back();
      work.pop_back();
      for (uint32_t k = predOffsets_[b]; k < predOffsets_[b + 1]; ++k) {
        uint32_t p = preds_[k];
        if (p == defBlock_[v] || mark[p] == v)
          continue;
        mark[p] = v;
        liveIn_[p].push_back(v);
        work.push_back(p);
      }
    }
  }
}

void AllocationChecker::loadFacts(const std::vector<Fact> &facts) {
  for (Fact f : facts) {
    touch(factLoc(f));
    contents_[factLoc(f)].push_back(factVReg(f));
  }
}

void AllocationChecker::clearWork() {
  for (uint32_t loc : touched_) {
    contents_[loc].clear();
    touchedFlag_[loc] = 0;
  }
  touched_.clear();
}

void AllocationChecker::applyEdits(uint32_t pointBits, uint32_t entryOf) {
  for (uint32_t k = pointStart_[pointBits]; k < pointStart_[pointBits + 1]; ++k) {
    const Edit &e = out_.edits[k];
    uint32_t to = locOf(e.to);
    if (e.from.isRemat()) {
      // The definition runs again: `to` holds its vreg's value, and only that. Among a
      // block's edge moves, that value is also each parameter the edge binds to the
      // vreg: a constant is the same value on every path.
      const uint32_t v = in_.instOperands(e.from.asRemat())[0].vreg().index();
      touch(to);
      contents_[to].assign(1, v);
      if (entryOf != kNone) {
        const uint32_t pred = in_.blockPreds(entryOf)[0];
        auto succs = in_.blockSuccs(pred);
        const uint32_t edge =
            static_cast<uint32_t>(std::find(succs.begin(), succs.end(), entryOf) - succs.begin());
        auto args = in_.blockBranchArgs(pred, edge);
        auto params = in_.blockParams(entryOf);
        for (size_t j = 0; j < args.size(); ++j)
          if (args[j].index() == v)
            contents_[to].push_back(params[j].index());
      }
      continue;
    }
    uint32_t from = locOf(e.from);
    if (from == to)
      continue;
    touch(to);
    contents_[to] = contents_[from]; // moving nothing known leaves nothing known
  }
}

std::optional<CheckError> AllocationChecker::runBlock(uint32_t b, bool check, uint32_t stopInst) {
  InstRange r = in_.blockInsts[b];
  const uint32_t entryOf = in_.blockPreds(b).size() == 1 ? b : kNone;
  for (uint32_t i = r.first; i < r.last; ++i) {
    applyEdits(ProgPoint::before(i).bits(), i == r.first ? entryOf : kNone);
    if (i == stopInst)
      return std::nullopt;
    auto ops = in_.instOperands(i);
    const Allocation *al = out_.allocs.data() + in_.operandOffsets[i];
    // Every use, early or late, reads the state after the edits before i: nothing of i
    // can change a late use's location before it is read (phase 2 rules out early defs
    // and clobbers there).
    if (check)
      for (uint32_t k = 0; k < ops.size(); ++k)
        if (ops[k].isUse() && !holds(locOf(al[k]), ops[k].vreg().index()))
          return wrongValue(b, i, k);
    for (uint32_t k = 0; k < ops.size(); ++k)
      if (ops[k].isDef() && ops[k].pos() == OperandPos::Early)
        define(locOf(al[k]), ops[k].vreg().index());
    // A clobbered register ends up holding nothing known, unless a def writes it.
    clobbersOf(i).forEach([&](PReg p) { contents_[p.index()].clear(); });
    for (uint32_t k = 0; k < ops.size(); ++k)
      if (ops[k].isDef() && ops[k].pos() == OperandPos::Late)
        define(locOf(al[k]), ops[k].vreg().index());
    applyEdits(ProgPoint::after(i).bits());
  }
  return std::nullopt;
}

void AllocationChecker::edgeFacts(uint32_t b, uint32_t k, std::vector<Fact> &facts) {
  const uint32_t succ = in_.blockSuccs(b)[k];
  auto args = in_.blockBranchArgs(b, k);
  auto params = in_.blockParams(succ);
  const uint32_t epoch = ++edgeEpoch_;
  // Keep facts about vregs live into succ (its parameters never are: succ defines them,
  // so every older fact about a parameter is dropped here).
  for (uint32_t v : liveIn_[succ])
    keepMark_[v] = epoch;
  // Each argument, to the parameters it is passed to (a chain through argNext_).
  argNext_.resize(args.size());
  for (uint32_t j = 0; j < args.size(); ++j) {
    uint32_t a = args[j].index();
    argNext_[j] = argMark_[a] == epoch ? argHead_[a] : kNone;
    argHead_[a] = j;
    argMark_[a] = epoch;
  }
  facts.clear();
  for (uint32_t loc : touched_)
    for (uint32_t v : contents_[loc]) {
      if (keepMark_[v] == epoch)
        facts.push_back(makeFact(loc, v));
      if (argMark_[v] == epoch)
        for (uint32_t j = argHead_[v]; j != kNone; j = argNext_[j])
          facts.push_back(makeFact(loc, params[j].index()));
    }
  std::sort(facts.begin(), facts.end());
  facts.erase(std::unique(facts.begin(), facts.end()), facts.end());
}

bool AllocationChecker::meet(uint32_t b, std::vector<Fact> &facts) {
  if (!reached_[b]) {
    reached_[b] = 1;
    entry_[b] = facts;
    return true;
  }
  std::vector<Fact> &cur = entry_[b];
  size_t w = 0, j = 0;
  for (size_t i = 0; i < cur.size(); ++i) {
    while (j < facts.size() && facts[j] < cur[i])
      ++j;
    if (j < facts.size() && facts[j] == cur[i])
      cur[w++] = cur[i];
  }
  if (w == cur.size())
    return false;
  cur.resize(w);
  return true;
}

void AllocationChecker::solve() {
  const uint32_t nb = in_.numBlocks;
  entry_.assign(nb, {});
  reached_.assign(nb, 0);
  dirty_.assign(nb, 0);
  reached_[in_.entryBlock] = 1; // nothing is known on entry to the function
  dirty_[in_.entryBlock] = 1;
  uint32_t numDirty = 1;
  // Sweeps in reverse postorder: forward edges settle within a sweep, each further sweep
  // is for the back edges whose states shrank. States only shrink, so this ends.
  while (numDirty > 0) {
    for (uint32_t b : rpo_) {
      if (!dirty_[b])
        continue;
      dirty_[b] = 0;
      --numDirty;
      loadFacts(entry_[b]);
      (void)runBlock(b, /*check=*/false);
      auto succs = in_.blockSuccs(b);
      for (uint32_t k = 0; k < succs.size(); ++k) {
        edgeFacts(b, k, scratch_);
        if (meet(succs[k], scratch_) && !dirty_[succs[k]]) {
          dirty_[succs[k]] = 1;
          ++numDirty;
        }
      }
      clearWork();
    }
  }
}

std::optional<CheckError> AllocationChecker::checkValues() {
  // Report in instruction order, whatever the block numbering.
  std::vector<uint32_t> order(in_.numBlocks);
  for (uint32_t b = 0; b < in_.numBlocks; ++b)
    order[b] = b;
  std::stable_sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
    return in_.blockInsts[x].first < in_.blockInsts[y].first;
  });
  for (uint32_t b : order) {
    if (!reached_[b])
      continue; // unreachable: never runs
    loadFacts(entry_[b]);
    auto e = runBlock(b, /*check=*/true);
    clearWork();
    if (e)
      return e;
  }
  return std::nullopt;
}

std::optional<CheckError> AllocationChecker::wrongValue(uint32_t b, uint32_t inst, uint32_t k) {
  Operand op = in_.instOperands(inst)[k];
  Allocation a = out_.allocs[in_.operandOffsets[inst] + k];
  uint32_t loc = locOf(a), v = op.vreg().index();
  std::vector<uint32_t> held = contents_[loc];
  std::sort(held.begin(), held.end());
  held.erase(std::unique(held.begin(), held.end()), held.end());
  CheckError e =
      operandError(CheckErrorKind::WrongValue, inst, k,
                   operandText(op) + " in " + a.text() + ", which holds " + heldText(held));
  e.held = std::move(held);
  clearWork(); // the note replays blocks in the working state
  e.message += edgeNote(b, inst, loc, v);
  return e;
}

std::string AllocationChecker::edgeNote(uint32_t b, uint32_t inst, uint32_t loc, uint32_t v) {
  std::vector<uint32_t> with, without;
  for (uint32_t k = predOffsets_[b]; k < predOffsets_[b + 1]; ++k) {
    uint32_t p = preds_[k];
    if (!reached_[p] || (!with.empty() && with.back() == p) ||
        (!without.empty() && without.back() == p))
      continue;
    bool arrives = true;
    auto succs = in_.blockSuccs(p);
    for (uint32_t s = 0; s < succs.size(); ++s) {
      if (succs[s] != b)
        continue;
      loadFacts(entry_[p]);
      (void)runBlock(p, /*check=*/false);
      edgeFacts(p, s, scratch_);
      clearWork();
      loadFacts(scratch_);
      (void)runBlock(b, /*check=*/false, inst);
      arrives = arrives && holds(loc, v);
      clearWork();
    }
    (arrives ? with : without).push_back(p);
  }
  if (with.empty() || without.empty())
    return "";
  auto list = [](const std::vector<uint32_t> &blocks) {
    std::string s;
    for (uint32_t x : blocks)
      s += (s.empty() ? "" : ", ") + blockText(x);
    return s;
  };
  return "; " + vregText(v) + " gets there from " + list(with) + " but not from " + list(without);
}

std::optional<CheckError> AllocationChecker::run() {
  if (auto e = checkInputShape())
    return e;
  if (auto e = checkDefinitions())
    return e;
  if (auto e = checkOutputShape())
    return e;
  for (uint32_t i = 0; i < in_.numInsts; ++i)
    if (auto e = checkOperands(i))
      return e;

  const uint32_t nv = in_.numVRegs;
  keepMark_.assign(nv, 0);
  argMark_.assign(nv, 0);
  argHead_.assign(nv, kNone);
  const size_t numLocs = size_t(kNumRegLocs) + out_.numSpillSlots;
  contents_.assign(numLocs, {});
  touchedFlag_.assign(numLocs, 0);
  computeOrder();
  computeLiveIns();
  solve();
  return checkValues();
}

} // namespace

std::optional<CheckError> findAllocationError(const Input &input, const Output &output) {
  return AllocationChecker(input, output).run();
}

Expected<void> checkAllocation(const Input &input, const Output &output) {
  if (auto e = findAllocationError(input, output))
    return makeError(std::move(e->message));
  return {};
}

} // namespace irc::regalloc
