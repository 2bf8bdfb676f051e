// Backtracking allocator, step 5: from bundles to the Output. Every vreg's pieces get
// their final location; operands read theirs; then the moves:
//   - between two pieces of a vreg that meet inside a block (at a boundary 4s);
//   - after a definition: from a fixed def register to the vreg's location, and to the
//     slot if the vreg has one (the only store a vreg ever needs, Backtracking.h);
//   - into fixed-use registers and reused-input registers, just before the instruction;
//   - on block edges: into the successor's parameters and wherever its live-ins expect
//     to be, at the start of a successor with one predecessor (phase 0) or before the
//     terminator of the only predecessor's branch (phase 2).
// Moves at one boundary and phase are simultaneous and go through ParallelMoves (with
// a free register of the class when there is one); phases run in order 0, 1, 2. Last,
// a forward pass per block drops a move into a location that already holds its value.
#include "codegen/regalloc/Backtracking.h"

#include <algorithm>

namespace irc::regalloc::bt {

Allocation Allocator::slotLoc(uint32_t v) const {
  uint32_t ss = spillSetOf_[v];
  if (ss == kNone || spillSets_[ss].slot == kNone)
    return Allocation();
  return Allocation::stack(spillSets_[ss].slot);
}

Allocation Allocator::locAt(uint32_t v, uint32_t pos) const {
  // A fixed def's value sits in its register until the next boundary moves it.
  if (fixedDefReg_[v] != kNoReg && pos >= defPos_[v] && pos < defPos_[v] + 2)
    return Allocation::reg(PReg::fromIndex(fixedDefReg_[v]));
  auto first = placed_.begin() + placedStart_[v], last = placed_.begin() + placedStart_[v + 1];
  auto it = std::upper_bound(first, last, pos,
                             [](uint32_t p, const Placed &g) { return p < g.from; });
  if (it == first)
    return Allocation();
  --it;
  return pos < it->to ? it->loc : Allocation();
}

void Allocator::addMove(uint32_t boundary, uint8_t phase, Allocation from, Allocation to,
                        RegClass c) {
  if (from == to)
    return;
  pending_.push_back(PendingMove{boundary, phase, static_cast<uint32_t>(pending_.size()), from,
                                 to, c});
}

bool Allocator::occupied(PReg p, uint32_t from, uint32_t to) const {
  if (occ_[p.index()].overlaps(from, to))
    return true;
  const auto &rv = res_[p.index()];
  auto rit = std::lower_bound(rv.begin(), rv.end(), from >= 3 ? from - 3 : 0,
                              [](const Reservation &r, uint32_t x) { return r.from < x; });
  for (; rit != rv.end() && rit->from < to; ++rit)
    if (rit->to > from)
      return true;
  return false;
}

Expected<void> Allocator::operandAllocs() {
  out_.allocs.assign(in_.operands.size(), Allocation());
  for (uint32_t r = 0; r < in_.numBlocks; ++r) {
    InstRange range = in_.blockInsts[order_[r]];
    for (uint32_t i = range.first; i < range.last; ++i) {
      const uint32_t pos = 4 * (i + r + 1);
      const uint32_t base = in_.operandOffsets[i];
      auto ops = in_.instOperands(i);
      for (size_t k = 0; k < ops.size(); ++k) {
        const Operand op = ops[k];
        const uint32_t v = op.vreg().index();
        Allocation a;
        bool needReg = op.constraint() != Constraint::Any;
        switch (op.constraint()) {
        case Constraint::FixedReg:
          a = Allocation::reg(op.fixedReg());
          break;
        case Constraint::Reuse: {
          const Operand input = ops[op.reuseIndex()];
          a = input.constraint() == Constraint::FixedReg ? Allocation::reg(input.fixedReg())
                                                         : locAt(v, pos);
          break;
        }
        case Constraint::Reg:
        case Constraint::Any:
          if (op.isUse())
            a = locAt(v, pos);
          else
            a = locAt(v, op.pos() == OperandPos::Early ? pos : pos + 2);
          break;
        }
        if (op.isUse() && op.constraint() != Constraint::FixedReg) {
          // A reused input takes its def's register (filled below).
          bool reused = false;
          for (const Operand &d : ops)
            reused |= d.isDef() && d.constraint() == Constraint::Reuse && d.reuseIndex() == k;
          if (reused)
            continue;
        }
        if (a.isNone() || (needReg && !a.isReg()))
          return error(i, "internal: operand " + std::to_string(k) + " (v" + std::to_string(v) +
                              ") has no " + (needReg ? "register" : "location"));
        out_.allocs[base + k] = a;
      }
      for (size_t k = 0; k < ops.size(); ++k)
        if (ops[k].isDef() && ops[k].constraint() == Constraint::Reuse)
          out_.allocs[base + ops[k].reuseIndex()] = out_.allocs[base + k];
    }
  }
  return {};
}

void Allocator::vregMoves() {
  for (uint32_t v = 0; v < in_.numVRegs; ++v) {
    const uint32_t first = placedStart_[v], last = placedStart_[v + 1];
    if (first == last)
      continue;
    const RegClass c = cls_[v];
    const Allocation slot = needsSlot_[v] ? slotLoc(v) : Allocation();
    for (uint32_t k = first; k < last; ++k) {
      const Placed &g = placed_[k];
      const uint32_t x = g.from;
      const uint32_t blk = blockAt(x);
      if (x == blockStart_[blk]) {
        // Edges bring live-ins and parameters (edgeMoves); a parameter with a slot is
        // stored once, at the start of its block, unless its arguments already are.
        if (isParam_[v] && defPos_[v] == x && !slot.isNone() && g.loc != slot && !slotFed_[v])
          addMove(x + 4, 1, g.loc, slot, c);
        continue;
      }
      if (k > first && placed_[k - 1].to == x) {
        if (g.loc != slot) // back into the slot: it still holds the value
          addMove(x, 1, locAt(v, x - 1), g.loc, c);
        continue;
      }
      // The segment of the definition.
      const uint32_t inst = defInst_[v];
      if (inst == kNone || inst + 1 == in_.blockInsts[blockOf_[inst]].last)
        continue; // a terminator's defs are placed on its edges
      const uint32_t after = (x & ~3u) + 4;
      Allocation value = fixedDefReg_[v] != kNoReg
                             ? Allocation::reg(PReg::fromIndex(fixedDefReg_[v]))
                             : g.loc;
      bool stored = false;
      if (value != g.loc && g.to > after) {
        addMove(after, 1, value, g.loc, c);
        stored = g.loc == slot;
      }
      if (!slot.isNone() && value != slot && !stored)
        addMove(after, 1, value, slot, c);
    }
  }
  // Fixed uses and reused inputs: a copy just before the instruction.
  for (const Mention &m : mentions_) {
    if (m.kind != MentionKind::Use || (m.fixed == kNoReg && !m.reusedInput))
      continue;
    Allocation to = m.reusedInput ? out_.allocs[m.op] : Allocation::reg(PReg::fromIndex(m.fixed));
    addMove(m.pos + 1, 1, locAt(m.vreg, m.pos), to, cls_[m.vreg]);
  }
}

void Allocator::edgeMoves() {
  for (uint32_t b = 0; b < in_.numBlocks; ++b) {
    const uint32_t term = in_.blockInsts[b].last - 1;
    const uint32_t endPos = blockEnd_[b] - 1;
    auto succs = in_.blockSuccs(b);
    for (uint32_t k = 0; k < succs.size(); ++k) {
      const uint32_t s = succs[k];
      const bool single = in_.blockPreds(s).size() == 1;
      const uint32_t boundary = single ? blockStart_[s] + 4 : blockEnd_[b] - 4;
      const uint8_t phase = single ? 0 : 2;
      const uint32_t startPos = blockStart_[s];
      size_t firstMove = pending_.size();
      auto params = in_.blockParams(s);
      auto args = in_.blockBranchArgs(b, k);
      for (size_t j = 0; j < params.size(); ++j) {
        const uint32_t p = params[j].index();
        Allocation to = locAt(p, startPos);
        if (to.isNone())
          continue; // a dead parameter
        if (needsSlot_[p] && to == slotLoc(p) && slotFed_[p])
          continue; // the argument's slot is the parameter's
        addMove(boundary, phase, locAt(args[j].index(), endPos), to, cls_[p]);
      }
      for (uint32_t li = liveInStart_[s]; li < liveInStart_[s + 1]; ++li) {
        const uint32_t y = liveIn_[li];
        Allocation to = locAt(y, startPos), from = locAt(y, endPos);
        const bool termDef = defInst_[y] == term;
        const Allocation slot = needsSlot_[y] ? slotLoc(y) : Allocation();
        if (to == slot && !termDef)
          continue; // the slot holds the value everywhere
        addMove(boundary, phase, from, to, cls_[y]);
        if (termDef && !slot.isNone() && to != slot)
          addMove(boundary, phase, from, slot, cls_[y]);
      }
      for (size_t m = firstMove; m < pending_.size(); ++m)
        pending_[m].succ = s;
    }
  }
}

Expected<void> Allocator::resolveMoves() {
  std::stable_sort(pending_.begin(), pending_.end(), [](const PendingMove &a, const PendingMove &b) {
    return a.boundary != b.boundary ? a.boundary < b.boundary : a.phase < b.phase;
  });
  ParallelMoves pm;
  std::vector<Edit> seq;
  for (size_t g0 = 0; g0 < pending_.size();) {
    size_t g1 = g0;
    while (g1 < pending_.size() && pending_[g1].boundary == pending_[g0].boundary &&
           pending_[g1].phase == pending_[g0].phase)
      ++g1;
    const PendingMove &head = pending_[g0];
    const uint32_t inst = instAt(head.boundary);
    pm.clear();
    for (size_t m = g0; m < g1; ++m) {
      const PendingMove &pmv = pending_[m];
      if (pmv.from.isNone())
        return error(inst, "internal: a move from nowhere to " + pmv.to.text());
      bool dup = false;
      for (size_t o = g0; o < m; ++o)
        if (pending_[o].to == pmv.to) {
          if (pending_[o].from != pmv.from)
            return error(inst, "internal: two values moved into " + pmv.to.text());
          dup = true;
        }
      if (!dup)
        pm.add(pmv.from, pmv.to, pmv.cls);
    }
    // A scratch register: nothing live in it around these moves.
    uint32_t occFrom, occTo;
    switch (head.phase) {
    case 0:
      occFrom = head.boundary - 4;
      occTo = head.boundary;
      break;
    case 1:
      occFrom = head.boundary - 1;
      occTo = head.boundary + 1;
      break;
    default:
      occFrom = head.boundary;
      occTo = blockEnd_[blockAt(head.boundary)];
      break;
    }
    MoveScratch scratch;
    for (unsigned c = 0; c < mach::kNumRegClasses; ++c) {
      for (PReg p : regOrder_[c]) {
        if (pm.mentions(Allocation::reg(p)) || occupied(p, occFrom, occTo))
          continue;
        if (head.phase == 2 &&
            occupied(p, blockStart_[head.succ], blockStart_[head.succ] + 4))
          continue;
        scratch.freeReg[c] = p;
        break;
      }
      scratch.borrowable[c] = regOrder_[c];
    }
    scratch.emergencySlot = [this](RegClass c, unsigned which) { return emergencySlot(c, which); };
    seq.clear();
    pm.resolve(seq, scratch);
    for (Edit &e : seq) {
      e.point = ProgPoint::before(inst);
      out_.edits.push_back(e);
    }
    g0 = g1;
  }
  stackMoves_ += pm.stackToStack;
  return {};
}

void Allocator::removeRedundantMoves() {
  const uint32_t numLocs = kNumPRegs + out_.numSpillSlots;
  std::vector<uint32_t> value(numLocs, kNone);
  std::vector<uint32_t> touched;
  auto loc = [](Allocation a) {
    return a.isReg() ? a.asReg().index() : kNumPRegs + a.asStack();
  };
  std::vector<Edit> kept;
  kept.reserve(out_.edits.size());
  size_t e = 0;
  auto process = [&](ProgPoint point) {
    for (; e < out_.edits.size() && out_.edits[e].point == point; ++e) {
      const Edit &ed = out_.edits[e];
      uint32_t f = value[loc(ed.from)];
      uint32_t &t = value[loc(ed.to)];
      if (f != kNone && t == f)
        continue;
      t = f;
      touched.push_back(loc(ed.to));
      kept.push_back(ed);
    }
  };
  for (uint32_t r = 0; r < in_.numBlocks; ++r) {
    for (uint32_t l : touched)
      value[l] = kNone;
    touched.clear();
    InstRange range = in_.blockInsts[order_[r]];
    for (uint32_t i = range.first; i < range.last; ++i) {
      process(ProgPoint::before(i));
      if (!in_.clobbers.empty())
        in_.clobbers[i].forEach([&](PReg p) { value[p.index()] = kNone; });
      auto ops = in_.instOperands(i);
      for (size_t k = 0; k < ops.size(); ++k)
        if (ops[k].isDef()) {
          uint32_t l = loc(out_.allocs[in_.operandOffsets[i] + k]);
          value[l] = ops[k].vreg().index();
          touched.push_back(l);
        }
      process(ProgPoint::after(i));
    }
  }
  out_.edits = std::move(kept);
}

Expected<void> Allocator::placeAll() {
  const uint32_t nv = in_.numVRegs;
  placedStart_.assign(nv + 1, 0);
  for (const Bundle &B : bundles_)
    if (B.state == BundleState::Allocated || B.state == BundleState::Spilled)
      for (uint32_t si : B.segs)
        ++placedStart_[segs_[si].vreg + 1];
  for (uint32_t v = 0; v < nv; ++v)
    placedStart_[v + 1] += placedStart_[v];
  placed_.resize(placedStart_[nv]);
  {
    std::vector<uint32_t> fill(placedStart_.begin(), placedStart_.end() - 1);
    for (const Bundle &B : bundles_) {
      if (B.state != BundleState::Allocated && B.state != BundleState::Spilled)
        continue;
      Allocation loc = B.state == BundleState::Allocated
                           ? Allocation::reg(PReg::fromIndex(B.reg))
                           : Allocation::stack(spillSets_[B.spillSet].slot);
      for (uint32_t si : B.segs)
        placed_[fill[segs_[si].vreg]++] = Placed{segs_[si].from, segs_[si].to, loc};
    }
  }
  needsSlot_.assign(nv, 0);
  // Pieces of a vreg that touch and share a location become one (a split may give one
  // location back, and a parameter's first segment stays apart): no move is lost, as a move
  // between two such pieces would be from a location to itself, except for the store of
  // a parameter at its definition, which keeps its piece.
  uint32_t w = 0;
  for (uint32_t v = 0; v < nv; ++v) {
    const uint32_t first = placedStart_[v], last = placedStart_[v + 1];
    std::sort(placed_.begin() + first, placed_.begin() + last,
              [](const Placed &a, const Placed &b) { return a.from < b.from; });
    placedStart_[v] = w;
    Allocation slot = slotLoc(v);
    for (uint32_t k = first; k < last; ++k) {
      const Placed g = placed_[k];
      if (!slot.isNone() && g.loc == slot)
        needsSlot_[v] = 1;
      if (w > placedStart_[v] && placed_[w - 1].to == g.from && placed_[w - 1].loc == g.loc &&
          g.from != defPos_[v])
        placed_[w - 1].to = g.to;
      else
        placed_[w++] = g;
    }
  }
  placedStart_[nv] = w;
  placed_.resize(w);
  // A parameter's slot is already right when every argument holds its value there.
  slotFed_.assign(nv, 0);
  for (uint32_t v = 0; v < nv; ++v)
    slotFed_[v] = isParam_[v];
  for (uint32_t b = 0; b < in_.numBlocks; ++b) {
    const uint32_t term = in_.blockInsts[b].last - 1;
    auto succs = in_.blockSuccs(b);
    for (uint32_t k = 0; k < succs.size(); ++k) {
      auto params = in_.blockParams(succs[k]);
      auto args = in_.blockBranchArgs(b, k);
      for (size_t j = 0; j < params.size(); ++j) {
        uint32_t p = params[j].index(), a = args[j].index();
        if (spillSetOf_[a] != spillSetOf_[p] || !needsSlot_[a] || defInst_[a] == term)
          slotFed_[p] = 0;
      }
    }
  }
  if (auto e = operandAllocs(); !e)
    return e;
  vregMoves();
  edgeMoves();
  if (auto e = resolveMoves(); !e)
    return e;
  removeRedundantMoves();
  return {};
}

} // namespace irc::regalloc::bt
