// SinglePass: a register allocator in one backward pass per block, in the spirit of
// regalloc2's fastalloc. Fast and simple; the code it gives is fine inside a block and
// plain at block boundaries.
//
// Model. Going backward through a block, each vreg has at most one register it is
// expected in from the current point until its next use (regOf_/owner_). A use that finds
// its vreg without a register binds one; the def, reached later, writes that register.
// A value that must leave its register during an instruction (pressure, a clobber, a
// fixed register another vreg needs) is "displaced": once the instruction's operands are
// placed, it gets a register the instruction leaves alone (a callee-saved one across a
// call, typically) and moves back right after the instruction; with no such register it
// is reloaded from its spill slot into the register its later uses expect.
//
// Spill slots and SSA. A vreg that needs a slot is stored right after its def, and the
// slot is never written again, so "the value is in its slot" holds at every point after
// the def. That makes a displacement at worst one reload, and it is what block
// boundaries rely on:
// - At a block boundary nothing is in a register. A vreg used in a block other than its
//   defining block is stored after its def and reloaded where a block needs it.
// - A parameter of a block with several predecessors lives in its own slot on entry;
//   each predecessor (which has only that successor: no critical edges) ends with a
//   parallel move from the arguments' locations into the parameters' slots.
// - A parameter of a block with one predecessor shares the spill slot of its argument
//   (slotRoot_): it is the same value, already in that slot, so the edge needs no moves.
// This is the "liveness-free" choice the brief allowed: no global liveness, so a value
// used in another block costs a store and reloads, and a dead block parameter still gets
// its edge stores if any block names it.
//
// Per instruction (operands all known at once), in this order:
//   A. defs give up the register they were expected in after the instruction;
//   B. fixed registers and clobbers are reserved;
//   C. values expected after the instruction in a register that it writes (fixed def,
//      clobber) or that a fixed use of another vreg needs are displaced;
//   D. Reg/Any defs, E. reuse defs (two-address), F. uses (fixed, reused, Reg, Any);
//   G. displaced values get their place during the instruction;
//   H. moves after the instruction: each def from its allocation to where later code
//      expects it (and to its slot if it needs one), displaced values back to their
//      registers; one parallel move, sequenced by ParallelMoves.
//   Copies before the instruction put a vreg that stays in one register into another
//   one an operand requires (a fixed register, a reused input).
// Timing rules (Operand.h): early uses may share a register with late defs; late uses
// and early defs share with no def/use of another vreg; clobbers count as late writes.
//
// The Input has passed checkInputRules (allocate()); errors here are the allocator's own
// findings (too many operands for the registers, fixed registers that clash).
//
// Cost: linear in instructions x operands; per instruction a scan of one register class
// at most when a register must be chosen. Output edits are sorted by ProgPoint.
#include "codegen/regalloc/ParallelMoves.h"
#include "codegen/regalloc/Regalloc.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <string>

namespace irc::regalloc {

namespace {

constexpr uint32_t kNoVReg = ~0u;
constexpr uint8_t kNoReg = 0xff;
constexpr uint32_t kNoSlot = ~0u;
constexpr unsigned kNumPRegs = mach::kNumRegClasses * PReg::kMaxPerClass;

class SinglePass {
public:
  explicit SinglePass(const Input &in) : in_(in), env_(*in.env) {}
  Expected<Output> run();

private:
  Expected<void> prepare();
  Expected<void> allocateBlock(uint32_t b);
  Expected<void> allocateInst(uint32_t i, uint32_t block, bool isTerminator);
  Expected<void> edgeMovesAtEnd(uint32_t b, uint32_t term);

  Error error(uint32_t inst, const std::string &what) const {
    return makeError("register allocation: inst" + std::to_string(inst) + ": " + what);
  }

  uint32_t slotFor(uint32_t root) {
    if (slot_[root] == kNoSlot) {
      slot_[root] = out_.numSpillSlots++;
      out_.spillSlotClasses.push_back(cls_[root]);
    }
    return slot_[root];
  }
  uint32_t emergencySlot(RegClass c, unsigned which) {
    uint32_t &s = emergency_[static_cast<unsigned>(c)][which];
    if (s == kNoSlot) {
      s = out_.numSpillSlots++;
      out_.spillSlotClasses.push_back(c);
    }
    return s;
  }
  void bind(uint32_t v, PReg r) {
    assert(owner_[r.index()] == kNoVReg && regOf_[v] == kNoReg);
    owner_[r.index()] = v;
    owned_.add(r);
    regOf_[v] = static_cast<uint8_t>(r.index());
  }
  void unbind(uint32_t v) {
    if (regOf_[v] != kNoReg) {
      owner_[regOf_[v]] = kNoVReg;
      owned_.remove(PReg::fromIndex(regOf_[v]));
      regOf_[v] = kNoReg;
    }
  }
  void markStore(uint32_t root) {
    // Cannot happen (see the file comment); if it did, the def's store would be missing,
    // so it is reported rather than compiled into wrong code.
    if (defDone_[root] && !needsStore_[root])
      lateStore_ = root;
    needsStore_[root] = 1;
  }

  // Registers this instruction's operands occupy or write (reset per instruction).
  PRegSet operandRegs() const {
    PRegSet s = earlyUse_;
    s |= lateUse_;
    s |= lateDef_;
    s |= pinned_;
    return s;
  }
  bool usedByOther(PReg r, uint32_t v) const {
    return (earlyUse_.contains(r) || lateUse_.contains(r)) && useVReg_[r.index()] != v;
  }
  bool useOk(PReg r, uint32_t v, bool late) const {
    return allocatable_.contains(r) && !usedByOther(r, v) && !earlyDef_.contains(r) &&
           (!late || (!lateDef_.contains(r) && !clobbers_.contains(r)));
  }
  bool defOk(PReg r, bool early) const {
    return allocatable_.contains(r) && !lateDef_.contains(r) && !lateUse_.contains(r) &&
           (!early || (!earlyUse_.contains(r) && !clobbers_.contains(r)));
  }
  bool reuseOk(PReg r, uint32_t u) const {
    return allocatable_.contains(r) && !lateDef_.contains(r) && !lateUse_.contains(r) &&
           !usedByOther(r, u);
  }

  /// A register of class `c` with ok(r) that no vreg (other than `self`) holds; if there
  /// is none, displaces the holder whose next use is furthest away among registers this
  /// instruction does not touch. Invalid PReg if the instruction needs too many.
  template <typename Ok> PReg pickReg(RegClass c, uint32_t self, Ok ok);
  /// Takes v out of its register for the current instruction (see the file comment).
  void displace(uint32_t v);
  /// Step G: a place for each displaced value during the instruction, and its way back.
  void relocateDisplaced(std::span<const Operand> ops, const Allocation *alloc);
  /// The copies placeUse planned, from wherever their vreg is now.
  void finishCopies();
  /// A register of class c that nothing holds and the instruction neither touches nor
  /// writes (or an invalid PReg).
  PReg safeFreeReg(RegClass c) const;
  /// Where v must be for a use in register a: copy if v stays elsewhere, bind otherwise.
  Expected<void> placeUse(uint32_t v, PReg a, uint32_t inst);
  /// A register free while `moves` run: outside `busy` and not moved.
  PReg freeScratch(RegClass c, const PRegSet &busy, const ParallelMoves &moves) const;
  MoveScratch scratchFor(const PRegSet &busy, const ParallelMoves &moves);

  // Appends edits (given in execution order) to the current block's reversed list.
  void pushReversed(std::vector<Edit> &edits, ProgPoint point) {
    for (auto it = edits.rbegin(); it != edits.rend(); ++it) {
      it->point = point;
      blockEdits_.push_back(*it);
    }
    edits.clear();
  }

  const Input &in_;
  const MachineEnv &env_;
  Output out_;

  // Per vreg.
  std::vector<RegClass> cls_;
  std::vector<uint32_t> defBlock_;
  std::vector<uint8_t> isParam_;
  std::vector<uint32_t> slotRoot_; // the vreg whose spill slot this one shares
  std::vector<uint32_t> slot_;     // of roots
  std::vector<uint8_t> needsStore_; // of roots: stored after its def / edge moves
  std::vector<uint8_t> defDone_;
  uint32_t lateStore_ = kNoVReg; // a root whose slot was needed only after its def
  std::vector<uint8_t> regOf_;
  std::vector<uint32_t> nextUse_;
  std::vector<uint8_t> displacedFrom_; // register a displaced vreg must return to, or kNoReg

  // Per physical register.
  std::array<uint32_t, kNumPRegs> owner_;
  std::array<uint32_t, kNumPRegs> useVReg_;
  PRegSet allocatable_;
  PRegSet owned_; // registers with an owner
  std::vector<PReg> order_[mach::kNumRegClasses];
  uint32_t emergency_[mach::kNumRegClasses][2];

  // Per instruction.
  PRegSet earlyUse_, lateUse_, earlyDef_, lateDef_, clobbers_, pinned_;
  PRegSet liveAfter_; // registers holding values expected after the instruction
  std::vector<uint8_t> expected_;
  std::vector<uint8_t> reusedUse_;
  std::vector<uint32_t> displaced_;
  std::vector<std::pair<uint32_t, PReg>> copies_; // (vreg, operand register) to fill before
  ParallelMoves after_, edge_;
  std::vector<Edit> before_, seq_;

  // Edits: per block, reversed while the block is being walked backward.
  std::vector<Edit> blockEdits_;
  std::vector<std::vector<Edit>> editsOf_;      // per block, execution order
  std::vector<std::vector<Edit>> startEdits_;   // per block: run first at its start
};

Expected<void> SinglePass::prepare() {
  const uint32_t nv = in_.numVRegs;
  cls_.assign(nv, RegClass::Int);
  defBlock_.assign(nv, kNoVReg);
  isParam_.assign(nv, 0);
  slotRoot_.resize(nv);
  for (uint32_t v = 0; v < nv; ++v)
    slotRoot_[v] = v;
  slot_.assign(nv, kNoSlot);
  needsStore_.assign(nv, 0);
  defDone_.assign(nv, 0);
  regOf_.assign(nv, kNoReg);
  nextUse_.assign(nv, 0);
  displacedFrom_.assign(nv, kNoReg);
  owner_.fill(kNoVReg);
  useVReg_.fill(kNoVReg);
  for (auto &e : emergency_)
    e[0] = e[1] = kNoSlot;
  for (unsigned c = 0; c < mach::kNumRegClasses; ++c) {
    for (PReg p : env_.preferred[c])
      order_[c].push_back(p);
    for (PReg p : env_.nonPreferred[c])
      order_[c].push_back(p);
    for (PReg p : order_[c])
      allocatable_.add(p);
  }

  // Definitions and classes (checkInputRules guarantees one class and one def per vreg).
  for (uint32_t b = 0; b < in_.numBlocks; ++b) {
    InstRange r = in_.blockInsts[b];
    for (VReg p : in_.blockParams(b)) {
      cls_[p.index()] = p.cls();
      defBlock_[p.index()] = b;
      isParam_[p.index()] = 1;
    }
    for (uint32_t i = r.first; i < r.last; ++i)
      for (Operand op : in_.instOperands(i)) {
        cls_[op.vreg().index()] = op.cls();
        if (op.isDef())
          defBlock_[op.vreg().index()] = b;
      }
  }

  // Parameters of single-predecessor blocks share their argument's slot.
  for (uint32_t s = 0; s < in_.numBlocks; ++s) {
    auto preds = in_.blockPreds(s);
    if (preds.size() != 1 || in_.blockParams(s).empty())
      continue;
    uint32_t p = preds[0];
    auto succs = in_.blockSuccs(p);
    uint32_t k = 0;
    while (k < succs.size() && succs[k] != s)
      ++k;
    assert(k < succs.size()); // checkInputRules: predecessors match the branches
    auto params = in_.blockParams(s);
    auto args = in_.blockBranchArgs(p, k);
    for (size_t j = 0; j < params.size(); ++j)
      slotRoot_[params[j].index()] = args[j].index();
  }
  // Resolve chains to roots (iteratively; a cycle only happens in unreachable code).
  {
    std::vector<uint8_t> state(nv, 0); // 0 new, 1 on the current path, 2 resolved
    std::vector<uint32_t> path;
    for (uint32_t v = 0; v < nv; ++v) {
      uint32_t x = v;
      while (state[x] == 0 && slotRoot_[x] != x) {
        state[x] = 1;
        path.push_back(x);
        x = slotRoot_[x];
      }
      if (state[x] == 1)
        return makeError("register allocation: block parameters pass each other around a "
                         "cycle of single-predecessor blocks (unreachable code)");
      uint32_t root = slotRoot_[x];
      for (uint32_t y : path) {
        slotRoot_[y] = root;
        state[y] = 2;
      }
      state[x] = 2;
      path.clear();
    }
  }

  // Which roots must be in their slot: a value used outside its block, and a parameter
  // that is used at all (parameters arrive in slots).
  auto noteUse = [&](uint32_t v, uint32_t block) {
    if (isParam_[v] || defBlock_[v] != block)
      needsStore_[slotRoot_[v]] = 1;
  };
  for (uint32_t b = 0; b < in_.numBlocks; ++b) {
    InstRange r = in_.blockInsts[b];
    for (uint32_t i = r.first; i < r.last; ++i)
      for (Operand op : in_.instOperands(i))
        if (op.isUse())
          noteUse(op.vreg().index(), b);
    auto succs = in_.blockSuccs(b);
    if (succs.size() == 1 && in_.blockPreds(succs[0]).size() > 1)
      for (VReg a : in_.blockBranchArgs(b, 0))
        noteUse(a.index(), b);
  }
  return {};
}

template <typename Ok> PReg SinglePass::pickReg(RegClass c, uint32_t self, Ok ok) {
  const auto &order = order_[static_cast<unsigned>(c)];
  for (PReg r : order) {
    uint32_t o = owner_[r.index()];
    if ((o == kNoVReg || o == self) && ok(r))
      return r;
  }
  PRegSet touched = operandRegs();
  PReg best;
  uint32_t bestUse = 0;
  for (PReg r : order) {
    uint32_t o = owner_[r.index()];
    if (o == kNoVReg || touched.contains(r) || !ok(r))
      continue;
    if (!best.isValid() || nextUse_[o] > bestUse) {
      best = r;
      bestUse = nextUse_[o];
    }
  }
  if (best.isValid())
    displace(owner_[best.index()]);
  return best;
}

void SinglePass::displace(uint32_t v) {
  // Displaced again after a use bound it for this instruction: its home stays the first.
  if (displacedFrom_[v] == kNoReg) {
    displacedFrom_[v] = regOf_[v];
    displaced_.push_back(v);
  }
  unbind(v);
}

PReg SinglePass::safeFreeReg(RegClass c) const {
  PRegSet busy = operandRegs();
  busy |= clobbers_;
  for (PReg r : order_[static_cast<unsigned>(c)])
    if (owner_[r.index()] == kNoVReg && !busy.contains(r))
      return r;
  return PReg();
}

void SinglePass::relocateDisplaced(std::span<const Operand> ops, const Allocation *alloc) {
  PRegSet written = lateDef_;
  written |= clobbers_;
  for (uint32_t v : displaced_) {
    PReg home = PReg::fromIndex(displacedFrom_[v]);
    displacedFrom_[v] = kNoReg;
    RegClass c = home.cls();
    if (regOf_[v] != kNoReg) {
      // Bound by this instruction's use: it can stay if the instruction does not write it.
      PReg r = PReg::fromIndex(regOf_[v]);
      if (!written.contains(r)) {
        pinned_.add(r);
        after_.add(Allocation::reg(r), Allocation::reg(home), c);
        continue;
      }
      if (PReg s = safeFreeReg(c); s.isValid()) {
        pinned_.add(s);
        before_.push_back(Edit{ProgPoint(), Allocation::reg(r), Allocation::reg(s), c});
        after_.add(Allocation::reg(s), Allocation::reg(home), c);
        continue;
      }
    } else {
      // Read by this instruction from a register it does not write (a copy's target)?
      PReg keep;
      for (size_t k = 0; k < ops.size() && !keep.isValid(); ++k) {
        if (!ops[k].isUse() || ops[k].vreg().index() != v || !alloc[k].isReg())
          continue;
        PReg r = alloc[k].asReg();
        if (!written.contains(r) && allocatable_.contains(r) && owner_[r.index()] == kNoVReg)
          keep = r;
      }
      if (!keep.isValid())
        keep = safeFreeReg(c);
      if (keep.isValid()) {
        bind(v, keep);
        pinned_.add(keep);
        after_.add(Allocation::reg(keep), Allocation::reg(home), c);
        continue;
      }
    }
    uint32_t root = slotRoot_[v];
    markStore(root);
    after_.add(Allocation::stack(slotFor(root)), Allocation::reg(home), c);
  }
  displaced_.clear();
}

Expected<void> SinglePass::placeUse(uint32_t v, PReg a, uint32_t inst) {
  if (regOf_[v] == a.index())
    return {};
  if (regOf_[v] != kNoReg) {
    // v stays where later code expects it; a copy feeds this operand (made in
    // finishCopies, as v may still be displaced by a later operand of this instruction).
    copies_.push_back({v, a});
    return {};
  }
  if (allocatable_.contains(a)) {
    bind(v, a);
    return {};
  }
  // A fixed register the allocator does not own: keep v in a register of its own until
  // here and copy it in just before the instruction.
  PReg r = pickReg(a.cls(), v, [&](PReg x) { return useOk(x, v, false); });
  if (!r.isValid())
    return error(inst,
                 std::string("needs more ") + regClassName(a.cls()) + " registers than exist");
  bind(v, r);
  earlyUse_.add(r);
  useVReg_[r.index()] = v;
  copies_.push_back({v, a});
  return {};
}

void SinglePass::finishCopies() {
  for (auto [v, a] : copies_) {
    if (regOf_[v] == a.index())
      continue;
    Allocation from;
    if (regOf_[v] != kNoReg) {
      from = Allocation::reg(PReg::fromIndex(regOf_[v]));
    } else {
      uint32_t root = slotRoot_[v];
      markStore(root);
      from = Allocation::stack(slotFor(root));
    }
    before_.push_back(Edit{ProgPoint(), from, Allocation::reg(a), a.cls()});
  }
  copies_.clear();
}

PReg SinglePass::freeScratch(RegClass c, const PRegSet &busy,
                             const ParallelMoves &moves) const {
  for (PReg r : order_[static_cast<unsigned>(c)])
    if (!busy.contains(r) && !moves.mentions(Allocation::reg(r)))
      return r;
  return PReg();
}

MoveScratch SinglePass::scratchFor(const PRegSet &busy, const ParallelMoves &moves) {
  MoveScratch s;
  for (unsigned c = 0; c < mach::kNumRegClasses; ++c) {
    s.freeReg[c] = freeScratch(static_cast<RegClass>(c), busy, moves);
    s.borrowable[c] = order_[c];
  }
  s.emergencySlot = [this](RegClass c, unsigned which) { return emergencySlot(c, which); };
  return s;
}

Expected<void> SinglePass::allocateInst(uint32_t i, uint32_t block, bool isTerminator) {
  auto ops = in_.instOperands(i);
  const uint32_t base = in_.operandOffsets[i];
  const size_t n = ops.size();
  Allocation *alloc = out_.allocs.data() + base;
  earlyUse_ = lateUse_ = earlyDef_ = lateDef_ = pinned_ = PRegSet();
  clobbers_ = in_.clobbers.empty() ? PRegSet() : in_.clobbers[i];
  expected_.assign(n, kNoReg);
  reusedUse_.assign(n, 0);
  liveAfter_ = owned_;
  auto vregOf = [&](size_t k) { return ops[k].vreg().index(); };
  auto tooMany = [&](RegClass c) {
    return error(i, std::string("needs more ") + regClassName(c) + " registers than exist");
  };

  // A. Defs give up the register later code expects them in.
  for (size_t k = 0; k < n; ++k)
    if (ops[k].isDef()) {
      uint32_t v = vregOf(k);
      expected_[k] = regOf_[v];
      unbind(v);
    }

  // B. Reserve fixed registers.
  for (size_t k = 0; k < n; ++k) {
    const Operand op = ops[k];
    if (op.constraint() != Constraint::FixedReg)
      continue;
    PReg p = op.fixedReg();
    alloc[k] = Allocation::reg(p);
    if (op.isDef()) {
      if (lateDef_.contains(p))
        return error(i, "two defs fixed to one register");
      lateDef_.add(p);
      if (op.pos() == OperandPos::Early)
        earlyDef_.add(p);
    } else {
      if (usedByOther(p, vregOf(k)))
        return error(i, "two vregs used in one fixed register");
      earlyUse_.add(p);
      useVReg_[p.index()] = vregOf(k);
      if (op.pos() == OperandPos::Late)
        lateUse_.add(p);
    }
  }
  {
    PRegSet lateWritten = lateDef_;
    lateWritten |= clobbers_;
    PRegSet clash = lateUse_;
    clash &= lateWritten;
    PRegSet clash2 = earlyDef_;
    PRegSet earlyTouched = earlyUse_;
    earlyTouched |= clobbers_;
    clash2 &= earlyTouched;
    if (!clash.empty() || !clash2.empty())
      return error(i, "fixed registers overlap in time");
  }

  // C. Values expected after this instruction in a register it writes, or in a fixed
  // use register of another vreg, must be elsewhere during it.
  {
    PRegSet written = lateDef_;
    written |= clobbers_;
    written.forEach([&](PReg p) {
      if (owner_[p.index()] != kNoVReg)
        displace(owner_[p.index()]);
    });
    earlyUse_.forEach([&](PReg p) {
      uint32_t w = owner_[p.index()];
      if (w != kNoVReg && w != useVReg_[p.index()])
        displace(w);
    });
  }

  // D. Defs in any register (or anywhere).
  for (size_t k = 0; k < n; ++k) {
    const Operand op = ops[k];
    if (!op.isDef() ||
        (op.constraint() != Constraint::Reg && op.constraint() != Constraint::Any))
      continue;
    uint32_t v = vregOf(k);
    bool early = op.pos() == OperandPos::Early;
    PReg r;
    if (expected_[k] != kNoReg) {
      PReg e = PReg::fromIndex(expected_[k]);
      if (owner_[e.index()] == kNoVReg && defOk(e, early))
        r = e;
    }
    if (!r.isValid() && op.constraint() == Constraint::Any) {
      alloc[k] = Allocation::stack(slotFor(v)); // written straight into its slot
      continue;
    }
    if (!r.isValid())
      r = pickReg(op.cls(), kNoVReg, [&](PReg x) { return defOk(x, early); });
    if (!r.isValid())
      return tooMany(op.cls());
    lateDef_.add(r);
    if (early)
      earlyDef_.add(r);
    alloc[k] = Allocation::reg(r);
  }

  // E. Reuse defs: the def and its input share one register.
  for (size_t k = 0; k < n; ++k) {
    const Operand op = ops[k];
    if (!op.isDef() || op.constraint() != Constraint::Reuse)
      continue;
    unsigned idx = op.reuseIndex();
    // checkInputRules: an early use of its class, the input of no other reuse def.
    assert(idx < n && ops[idx].isUse() && !reusedUse_[idx]);
    uint32_t u = vregOf(idx);
    PReg r;
    if (ops[idx].constraint() == Constraint::FixedReg) {
      r = ops[idx].fixedReg();
      if (lateDef_.contains(r) || lateUse_.contains(r))
        return error(i, "reused fixed register is also written by another def");
      // Step C did not know this register would be written.
      if (owner_[r.index()] != kNoVReg)
        displace(owner_[r.index()]);
    } else {
      if (expected_[k] != kNoReg) {
        PReg e = PReg::fromIndex(expected_[k]);
        if (owner_[e.index()] == kNoVReg && reuseOk(e, u))
          r = e;
      }
      if (!r.isValid())
        r = pickReg(op.cls(), kNoVReg, [&](PReg x) { return reuseOk(x, u); });
      if (!r.isValid())
        return tooMany(op.cls());
      earlyUse_.add(r);
      useVReg_[r.index()] = u;
    }
    lateDef_.add(r);
    alloc[k] = alloc[idx] = Allocation::reg(r);
    reusedUse_[idx] = 1;
  }

  // F. Uses: fixed and reused ones have their register; then Reg, then Any.
  for (size_t k = 0; k < n; ++k) {
    const Operand op = ops[k];
    if (!op.isUse() || (op.constraint() != Constraint::FixedReg && !reusedUse_[k]))
      continue;
    uint32_t v = vregOf(k);
    if (auto e = placeUse(v, alloc[k].asReg(), i); !e)
      return e;
    nextUse_[v] = i;
  }
  for (size_t k = 0; k < n; ++k) {
    const Operand op = ops[k];
    if (!op.isUse() || reusedUse_[k] ||
        (op.constraint() != Constraint::Reg && op.constraint() != Constraint::Any))
      continue;
    uint32_t v = vregOf(k);
    bool late = op.pos() == OperandPos::Late;
    nextUse_[v] = i;
    PReg r;
    if (regOf_[v] != kNoReg && useOk(PReg::fromIndex(regOf_[v]), v, late))
      r = PReg::fromIndex(regOf_[v]);
    if (!r.isValid() && op.constraint() == Constraint::Any) {
      uint32_t root = slotRoot_[v];
      markStore(root);
      alloc[k] = Allocation::stack(slotFor(root));
      continue;
    }
    // A displaced value lives on after this instruction: prefer a register it does not
    // write, so the value can stay there.
    if (!r.isValid() && displacedFrom_[v] != kNoReg)
      for (PReg x : order_[static_cast<unsigned>(op.cls())])
        if (owner_[x.index()] == kNoVReg && useOk(x, v, true)) {
          r = x;
          break;
        }
    if (!r.isValid())
      r = pickReg(op.cls(), v, [&](PReg x) { return useOk(x, v, late); });
    if (!r.isValid())
      return tooMany(op.cls());
    earlyUse_.add(r);
    useVReg_[r.index()] = v;
    if (late)
      lateUse_.add(r);
    alloc[k] = Allocation::reg(r);
    if (auto e = placeUse(v, r, i); !e)
      return e;
  }

  // G. Displaced values, then the copies into operand registers.
  relocateDisplaced(ops, alloc);
  finishCopies();

  // H. After the instruction: defs to where later code expects them, and to their slots.
  for (size_t k = 0; k < n; ++k) {
    if (!ops[k].isDef())
      continue;
    uint32_t v = vregOf(k);
    Allocation a = alloc[k];
    if (expected_[k] != kNoReg && a != Allocation::reg(PReg::fromIndex(expected_[k])))
      after_.add(a, Allocation::reg(PReg::fromIndex(expected_[k])), ops[k].cls());
    if (needsStore_[v] && a.isReg())
      after_.add(a, Allocation::stack(slotFor(v)), ops[k].cls());
    defDone_[v] = 1;
  }
  if (!after_.empty()) {
    // After the instruction, only values expected later occupy registers (and the defs,
    // which are sources of these moves when they are not already where expected).
    MoveScratch scratch = scratchFor(liveAfter_, after_);
    after_.resolve(seq_, scratch);
    if (!isTerminator) {
      pushReversed(seq_, ProgPoint::after(i));
    } else {
      // Nothing runs after a terminator in its block: its defs are stored at the start of
      // each successor (each has this block as its only predecessor).
      for (uint32_t s : in_.blockSuccs(block))
        for (Edit e : seq_) {
          e.point = ProgPoint::before(in_.blockInsts[s].first);
          startEdits_[s].push_back(e);
        }
      seq_.clear();
    }
  }
  return {};
}

Expected<void> SinglePass::edgeMovesAtEnd(uint32_t b, uint32_t term) {
  auto succs = in_.blockSuccs(b);
  if (succs.size() != 1 || in_.blockPreds(succs[0]).size() < 2)
    return {};
  auto params = in_.blockParams(succs[0]);
  auto args = in_.blockBranchArgs(b, 0);
  PRegSet busy = operandRegs();
  busy |= clobbers_;
  busy |= earlyDef_;
  for (size_t k = 0; k < params.size(); ++k) {
    uint32_t p = params[k].index();
    if (!needsStore_[p])
      continue; // no block reads this parameter
    uint32_t a = args[k].index();
    RegClass c = params[k].cls();
    Allocation from;
    if (regOf_[a] != kNoReg) {
      from = Allocation::reg(PReg::fromIndex(regOf_[a]));
    } else {
      // An argument gets a free register, but one stays free as the scratch for the
      // stack-to-stack moves of the arguments that get none.
      PReg free;
      unsigned numFree = 0;
      for (PReg r : order_[static_cast<unsigned>(c)])
        if (owner_[r.index()] == kNoVReg && !busy.contains(r)) {
          if (!free.isValid())
            free = r;
          ++numFree;
        }
      if (numFree > 1) {
        bind(a, free);
        nextUse_[a] = term;
        from = Allocation::reg(free);
      } else {
        uint32_t root = slotRoot_[a];
        markStore(root);
        from = Allocation::stack(slotFor(root));
      }
    }
    edge_.add(from, Allocation::stack(slotFor(p)), c);
  }
  if (!edge_.empty()) {
    // Arguments now hold their registers; the scratch must avoid them and the branch's.
    PRegSet busyNow = busy;
    busyNow |= owned_;
    MoveScratch scratch = scratchFor(busyNow, edge_);
    edge_.resolve(seq_, scratch);
  }
  return {};
}

Expected<void> SinglePass::allocateBlock(uint32_t b) {
  InstRange range = in_.blockInsts[b];
  blockEdits_.clear();
  for (uint32_t i = range.last; i-- > range.first;) {
    bool term = i + 1 == range.last;
    if (auto e = allocateInst(i, b, term); !e)
      return e;
    // Edits before i, in execution order: edge moves (terminator only), then copies.
    std::vector<Edit> copies = std::move(before_);
    before_.clear();
    if (term) {
      seq_.clear();
      if (auto e = edgeMovesAtEnd(b, i); !e)
        return e;
      seq_.insert(seq_.end(), copies.begin(), copies.end());
      pushReversed(seq_, ProgPoint::before(i));
    } else {
      pushReversed(copies, ProgPoint::before(i));
    }
  }
  // Block start: whatever is still expected in a register comes from its slot.
  for (unsigned r = 0; r < kNumPRegs; ++r) {
    uint32_t v = owner_[r];
    if (v == kNoVReg)
      continue;
    if (b == in_.entryBlock)
      return error(range.first, "vreg v" + std::to_string(v) + " is live into the entry block");
    uint32_t root = slotRoot_[v];
    if (!needsStore_[root])
      return error(range.first, "internal: vreg v" + std::to_string(v) +
                                    " is live into a block but has no slot");
    seq_.push_back(Edit{ProgPoint(), Allocation::stack(slotFor(root)),
                        Allocation::reg(PReg::fromIndex(r)), cls_[v]});
    unbind(v);
  }
  pushReversed(seq_, ProgPoint::before(range.first));
  std::reverse(blockEdits_.begin(), blockEdits_.end());
  editsOf_[b] = std::move(blockEdits_);
  blockEdits_ = {};
  return {};
}

Expected<Output> SinglePass::run() {
  if (auto e = prepare(); !e)
    return e.error();
  out_.allocs.assign(in_.operands.size(), Allocation());
  editsOf_.resize(in_.numBlocks);
  startEdits_.resize(in_.numBlocks);
  for (uint32_t b = in_.numBlocks; b-- > 0;)
    if (auto e = allocateBlock(b); !e)
      return e.error();
  if (lateStore_ != kNoVReg)
    return makeError("register allocation: internal error: v" + std::to_string(lateStore_) +
                     " needed its spill slot after its definition was allocated");
  size_t total = 0;
  for (uint32_t b = 0; b < in_.numBlocks; ++b)
    total += startEdits_[b].size() + editsOf_[b].size();
  out_.edits.reserve(total);
  for (uint32_t b = 0; b < in_.numBlocks; ++b) {
    out_.edits.insert(out_.edits.end(), startEdits_[b].begin(), startEdits_[b].end());
    out_.edits.insert(out_.edits.end(), editsOf_[b].begin(), editsOf_[b].end());
  }
  // Blocks normally own increasing instruction ranges; if an Input orders them otherwise,
  // a stable sort keeps each point's edits in their execution order.
  if (!std::is_sorted(out_.edits.begin(), out_.edits.end(),
                      [](const Edit &a, const Edit &b) { return a.point < b.point; }))
    std::stable_sort(out_.edits.begin(), out_.edits.end(),
                     [](const Edit &a, const Edit &b) { return a.point < b.point; });
  out_.stats.count(out_.edits);
  out_.stats.stackMoves = after_.stackToStack + edge_.stackToStack;
  return std::move(out_);
}

} // namespace

Expected<Output> allocateSinglePass(const Input &input) { return SinglePass(input).run(); }

} // namespace irc::regalloc
