// Experimental: a register allocator in the spirit of LLVM's greedy allocator and
// regalloc3 (regalloc_algorithm=experimental; unsupported, compiled in only with
// IRC_EXPERIMENTAL_REGALLOC). The allocation loop and the resolution live here; the
// state, positions and liveness are in ExperimentalState.h / ExperimentalLiveness.cpp.
//
// Pieces of live ranges leave a priority queue larger/hotter first (size weighted by block
// frequency). A piece takes a free register (hints first: fixed registers of its operands,
// the register of its earlier pieces, of its move/edge partner), else evicts pieces of
// lower spill weight (uses x block frequency / length), else is split: a whole vreg into
// per-block regions (glued across edges into blocks with several predecessors, so those
// edges need no moves for live-through values), a region into tiny register pieces around
// its register operands plus a remainder in the vreg's spill slot (a constant's remainder
// is its definition instead, re-executed where a tiny piece needs it). Tiny pieces and the
// temporaries of fixed/tied operands never lose a register; failing to place one means the
// instruction needs more registers than exist.
//
// Resolution then reads every operand's location off its piece, and builds one parallel
// move per gap (split moves, copies into/out of operand temporaries, edge moves into
// parameters of blocks with several predecessors), plus, at the start of a block with one
// predecessor, the edge moves from the predecessor's exit state, sequenced first.
#include "codegen/regalloc/ExperimentalState.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace irc::regalloc {

namespace exp {

namespace {

constexpr float kInfinite = std::numeric_limits<float>::infinity();
constexpr uint8_t kMaxEvictions = 8;

} // namespace

// ---------------------------------------------------------------------------------------
// Pieces and the occupancy of registers.

uint32_t Allocator::newPiece(uint32_t vreg, uint32_t temp, RegClass cls, uint8_t stage) {
  Piece p;
  p.vreg = vreg;
  p.temp = temp;
  p.cls = cls;
  p.stage = stage;
  p.segBegin = p.segEnd = static_cast<uint32_t>(segPool_.size());
  pieces_.push_back(p);
  pieceStamp_.push_back(0);
  return static_cast<uint32_t>(pieces_.size() - 1);
}

void Allocator::finishPiece(uint32_t id) {
  Piece &p = pieces_[id];
  float size = 0, prio = 0, uses = 0;
  for (uint32_t s = p.segBegin; s < p.segEnd; ++s) {
    const Seg &seg = segPool_[s];
    float len = float(seg.to - seg.from + 1);
    size += len;
    prio += len * freq_[blockOfPos(seg.from)];
    if (p.vreg == kNone)
      continue;
    auto [lo, hi] = mentionRange(p.vreg, seg.from, seg.to);
    for (uint32_t m = lo; m < hi; ++m) {
      const Mention &mn = mentions_[m];
      uses += freq_[mn.block] * (mn.needsReg ? 1.0f : 0.5f);
      if (mn.needsReg)
        p.needsReg = true;
    }
  }
  p.prio = prio;
  if (p.stage == kStageTiny || p.temp != kNone)
    p.weight = kInfinite;
  else
    p.weight = uses / (size / 4.0f + 2.0f);
  // A constant costs less to lose: it comes back without a store or a load.
  if (p.vreg != kNone && rematInst_[p.vreg] != kNone && p.weight != kInfinite)
    p.weight *= 0.5f;
}

void Allocator::enqueue(uint32_t id) {
  queue_.push_back(QueueEntry{pieces_[id].prio, id});
  std::push_heap(queue_.begin(), queue_.end());
}

bool Allocator::occupied(PReg r, uint32_t pos) const {
  const OccMap &m = occ_[r.index()];
  auto it = m.upper_bound(pos);
  if (it == m.begin())
    return false;
  --it;
  return it->second.to >= pos;
}

// Pieces overlapping `id`'s segments in r, into conflicts_; false if a reservation does.
bool Allocator::findConflicts(uint32_t id, PReg r) {
  conflicts_.clear();
  ++conflictStamp_;
  const Piece &p = pieces_[id];
  const OccMap &m = occ_[r.index()];
  for (uint32_t s = p.segBegin; s < p.segEnd; ++s) {
    const Seg &seg = segPool_[s];
    auto it = m.upper_bound(seg.from);
    if (it != m.begin() && std::prev(it)->second.to >= seg.from)
      --it;
    for (; it != m.end() && it->first <= seg.to; ++it) {
      uint32_t other = it->second.piece;
      if (other == kReserved)
        return false;
      if (pieceStamp_[other] != conflictStamp_) {
        pieceStamp_[other] = conflictStamp_;
        conflicts_.push_back(other);
      }
    }
  }
  return true;
}

void Allocator::assign(uint32_t id, PReg r) {
  Piece &p = pieces_[id];
  p.loc = Allocation::reg(r);
  for (uint32_t s = p.segBegin; s < p.segEnd; ++s)
    occ_[r.index()].emplace(segPool_[s].from, Occ{segPool_[s].to, id});
  if (p.vreg != kNone)
    lastReg_[p.vreg] = static_cast<uint8_t>(r.index());
}

void Allocator::unassign(uint32_t id) {
  Piece &p = pieces_[id];
  PReg r = p.loc.asReg();
  for (uint32_t s = p.segBegin; s < p.segEnd; ++s)
    occ_[r.index()].erase(segPool_[s].from);
  p.loc = Allocation();
}

void Allocator::hintsFor(uint32_t id) {
  hints_.clear();
  const Piece &p = pieces_[id];
  auto add = [&](uint8_t r) {
    if (r != kNoReg)
      hints_.push_back(PReg::fromIndex(r));
  };
  if (p.vreg == kNone) {
    const Temp &t = temps_[p.temp];
    if (t.useVReg != kNone)
      add(lastReg_[t.useVReg]);
    if (t.defVReg != kNone)
      add(lastReg_[t.defVReg]);
    return;
  }
  for (uint32_t s = p.segBegin; s < p.segEnd && hints_.size() < 4; ++s) {
    auto [lo, hi] = mentionRange(p.vreg, segPool_[s].from, segPool_[s].to);
    for (uint32_t m = lo; m < hi; ++m)
      add(mentions_[m].hint);
  }
  add(lastReg_[p.vreg]);
  if (partner_[p.vreg] != kNone)
    add(lastReg_[partner_[p.vreg]]);
}

// ---------------------------------------------------------------------------------------
// The allocation loop.

Expected<void> Allocator::allocatePieces() {
  while (!queue_.empty()) {
    std::pop_heap(queue_.begin(), queue_.end());
    uint32_t id = queue_.back().piece;
    queue_.pop_back();
    Piece &p = pieces_[id];
    if (p.dead || !p.loc.isNone())
      continue;
    if (auto e = allocatePiece(id); !e)
      return e;
  }
  return {};
}

Expected<void> Allocator::allocatePiece(uint32_t id) {
  const RegClass cls = pieces_[id].cls;
  const auto &order = order_[static_cast<unsigned>(cls)];

  // 1. A free register, hints first.
  hintsFor(id);
  for (PReg h : hints_)
    if (h.cls() == cls && allocatable_.contains(h) && findConflicts(id, h) && conflicts_.empty()) {
      assign(id, h);
      return {};
    }
  for (PReg r : order)
    if (findConflicts(id, r) && conflicts_.empty()) {
      assign(id, r);
      return {};
    }

  // 2. Evict pieces that are all lighter; the register whose heaviest victim is lightest.
  const float weight = pieces_[id].weight;
  if (pieces_[id].evictions < kMaxEvictions && weight > 0) {
    PReg best;
    float bestCost = kInfinite;
    for (PReg r : order) {
      if (!findConflicts(id, r))
        continue;
      float cost = 0;
      for (uint32_t c : conflicts_)
        cost = std::max(cost, pieces_[c].weight);
      if (cost < weight && cost < bestCost) {
        best = r;
        bestCost = cost;
      }
    }
    if (best.isValid()) {
      findConflicts(id, best);
      for (uint32_t c : conflicts_) {
        unassign(c);
        ++pieces_[c].evictions;
        ++numEvictions_;
        enqueue(c);
      }
      assign(id, best);
      return {};
    }
  }

  // 3. Split or spill.
  Piece &p = pieces_[id];
  if (p.vreg == kNone || p.stage == kStageTiny) {
    uint32_t inst = p.vreg == kNone ? temps_[p.temp].inst : instOf(segPool_[p.segBegin].from);
    return error(inst, std::string("needs more ") + regClassName(cls) + " registers than exist");
  }
  if (p.stage == kStageWhole && regionSplit(id))
    return {};
  if (!p.needsReg && rematInst_[p.vreg] == kNone) {
    p.loc = Allocation::stack(slotFor(p.vreg));
    return {};
  }
  spillSplit(id);
  return {};
}

// Splits a whole vreg's piece into one piece per block, keeping together the segments
// that meet at the entry of a block with several predecessors (they must share a
// location: edges into such blocks carry only parameters). False if that leaves one piece.
bool Allocator::regionSplit(uint32_t id) {
  const Piece whole = pieces_[id];
  const uint32_t n = whole.segEnd - whole.segBegin;
  if (n < 2)
    return false;
  ufParent_.resize(n);
  for (uint32_t k = 0; k < n; ++k)
    ufParent_[k] = k;
  auto find = [&](uint32_t x) {
    while (ufParent_[x] != x)
      x = ufParent_[x] = ufParent_[ufParent_[x]];
    return x;
  };
  auto unite = [&](uint32_t a, uint32_t b) { ufParent_[find(a)] = find(b); };
  const Seg *segs = segPool_.data() + whole.segBegin;
  auto segAt = [&](uint32_t pos) -> uint32_t {
    // The segment containing pos (segments are sorted and disjoint), or kNone.
    uint32_t lo = 0, hi = n;
    while (lo < hi) {
      uint32_t mid = (lo + hi) / 2;
      if (segs[mid].to < pos)
        lo = mid + 1;
      else
        hi = mid;
    }
    return lo < n && segs[lo].from <= pos ? lo : kNone;
  };
  for (uint32_t k = 0; k < n; ++k) {
    uint32_t b = blockOfPos(segs[k].from);
    if (k > 0 && blockOfPos(segs[k - 1].from) == b)
      unite(k, k - 1);
    if (segs[k].start != SegStart::Entry || in_->blockPreds(b).size() < 2)
      continue;
    for (uint32_t pred : in_->blockPreds(b)) {
      uint32_t j = segAt(posL(in_->blockInsts[pred].last - 1));
      if (j != kNone)
        unite(k, j);
    }
  }
  // Group the segments by component, in order of their first segment.
  compOf_.assign(n, kNone);
  uint32_t numComps = 0;
  for (uint32_t k = 0; k < n; ++k) {
    uint32_t r = find(k);
    if (compOf_[r] == kNone)
      compOf_[r] = numComps++;
  }
  if (numComps < 2)
    return false;
  pieces_[id].dead = true;
  uint32_t firstNew = static_cast<uint32_t>(pieces_.size());
  for (uint32_t c = 0; c < numComps; ++c) {
    uint32_t np = newPiece(whole.vreg, kNone, whole.cls, kStageRegion);
    for (uint32_t k = 0; k < n; ++k)
      if (compOf_[find(k)] == c)
        segPool_.push_back(segPool_[whole.segBegin + k]);
    pieces_[np].segEnd = static_cast<uint32_t>(segPool_.size());
  }
  for (uint32_t np = firstNew; np < pieces_.size(); ++np) {
    finishPiece(np);
    enqueue(np);
  }
  ++numRegionSplits_;
  return true;
}

// Spills a piece: each register operand gets a tiny piece that must have a register; the
// rest lives in the vreg's spill slot. A part of the slot's range that follows a use
// needs no store (the slot still holds the value) once the slot has been written.
// A constant is rematerialized instead: the rest lives "in" its definition, which is
// never stored and is re-executed into each tiny piece; then every operand, `Any` ones
// too, gets a tiny piece, since an instruction cannot read a rematerialization.
void Allocator::spillSplit(uint32_t id) {
  const Piece whole = pieces_[id];
  const uint32_t v = whole.vreg;
  pieces_[id].dead = true;
  ++numSpills_;
  const bool remat = rematInst_[v] != kNone;
  const Allocation restLoc =
      remat ? Allocation::remat(rematInst_[v]) : Allocation::stack(slotFor(v));
  // A region is first cut into local clusters of nearby register operands; a cluster
  // that fails in turn is cut into tiny pieces.
  const bool cluster = whole.stage != kStageLocal;
  const uint8_t stage = cluster ? kStageLocal : kStageTiny;
  uint32_t rest = newPiece(v, kNone, whole.cls, stage);
  tinyRanges_.clear();
  for (uint32_t s = whole.segBegin; s < whole.segEnd; ++s) {
    const Seg seg = segPool_[s];
    // Tiny ranges of this segment, in order.
    size_t firstTiny = tinyRanges_.size();
    auto [lo, hi] = mentionRange(v, seg.from, seg.to);
    for (uint32_t m = lo; m < hi; ++m) {
      const Mention &mn = mentions_[m];
      if (!mn.needsReg && !(remat && mn.direct))
        continue;
      uint32_t i = instOf(mn.pos);
      TinyRange tr = mn.isDef ? TinyRange{mn.pos, std::min(seg.to, gapAfter(i))}
                              : TinyRange{std::max(seg.from, posW(i)), mn.pos};
      if (cluster && tinyRanges_.size() > firstTiny &&
          tr.from <= tinyRanges_.back().to + 4 * kClusterGap)
        tinyRanges_.back().to = std::max(tinyRanges_.back().to, tr.to);
      else
        tinyRanges_.push_back(tr);
    }
    // Walk the segment: slot parts between the tiny ranges, which are merged where they
    // overlap (ranges that only touch stay apart: a move at the gap joins them). A slot
    // part right after a tiny range starts at a gap (a store) or relies on the slot still
    // holding the value (Stay); where the slot was never written yet, the gap before the
    // tiny range stores the value as it loads it.
    size_t out = firstTiny;
    bool slotHolds = remat || (whole.slotHolds && s == whole.segBegin);
    uint32_t cur = seg.from;
    SegStart kind = seg.start;
    for (size_t t = firstTiny; t < tinyRanges_.size();) {
      TinyRange tr = tinyRanges_[t++];
      while (t < tinyRanges_.size() && tinyRanges_[t].from <= tr.to)
        tr.to = std::max(tr.to, tinyRanges_[t++].to);
      if (tr.from > cur) {
        segPool_.push_back(Seg{cur, tr.from - 1, kind});
        slotHolds = true;
      }
      tr.slotHolds = slotHolds;
      if (!slotHolds && tr.to < seg.to && (tr.to & 3) != 0) {
        // At the gap where the range starts, or after the def it starts with.
        storeAt_.push_back({instOf(tr.from) + ((tr.from & 3) == 1 ? 0 : 1), v});
        slotHolds = true;
      }
      tinyRanges_[out++] = tr;
      cur = tr.to + 1;
      kind = (cur & 3) == 1 ? SegStart::Cont : SegStart::Stay;
      if (cur > seg.to)
        break;
    }
    tinyRanges_.resize(out);
    if (cur <= seg.to)
      segPool_.push_back(Seg{cur, seg.to, kind});
  }
  pieces_[rest].segEnd = static_cast<uint32_t>(segPool_.size());
  pieces_[rest].loc = restLoc;
  for (const TinyRange &tr : tinyRanges_) {
    uint32_t np = newPiece(v, kNone, whole.cls, stage);
    segPool_.push_back(Seg{tr.from, tr.to, SegStart::Cont});
    pieces_[np].segEnd = static_cast<uint32_t>(segPool_.size());
    pieces_[np].slotHolds = tr.slotHolds;
    finishPiece(np);
    enqueue(np);
  }
}

// ---------------------------------------------------------------------------------------
// Resolution: operand allocations and edits.

Allocation Allocator::locAt(uint32_t v, uint32_t pos) const {
  const Located *b = located_.data() + locatedOffsets_[v];
  const Located *e = located_.data() + locatedOffsets_[v + 1];
  const Located *it = std::upper_bound(b, e, pos, [](uint32_t p, const Located &l) {
    return p < l.from;
  });
  if (it == b)
    return Allocation();
  --it;
  return it->to >= pos ? it->loc : Allocation();
}

void Allocator::buildLocated() {
  const uint32_t nv = in_->numVRegs;
  locatedOffsets_.assign(nv + 2, 0);
  for (const Piece &p : pieces_)
    if (!p.dead && p.vreg != kNone)
      locatedOffsets_[p.vreg + 2] += p.segEnd - p.segBegin;
  for (uint32_t v = 0; v <= nv; ++v)
    locatedOffsets_[v + 1] += locatedOffsets_[v];
  located_.resize(locatedOffsets_[nv + 1]);
  for (const Piece &p : pieces_) {
    if (p.dead || p.vreg == kNone)
      continue;
    for (uint32_t s = p.segBegin; s < p.segEnd; ++s) {
      const Seg &seg = segPool_[s];
      located_[locatedOffsets_[p.vreg + 1]++] = Located{seg.from, seg.to, p.loc, seg.start};
    }
  }
  for (uint32_t v = 0; v < nv; ++v)
    std::sort(located_.begin() + locatedOffsets_[v], located_.begin() + locatedOffsets_[v + 1],
              [](const Located &a, const Located &b) { return a.from < b.from; });
}

PReg Allocator::tempReg(uint32_t t) const {
  const Temp &tm = temps_[t];
  return tm.piece == kNone ? tm.reg : pieces_[tm.piece].loc.asReg();
}

Allocation Allocator::readLoc(uint32_t v, uint32_t i) const {
  if (defTemp_[v] != kNone && temps_[defTemp_[v]].inst + 1 == i)
    return Allocation::reg(tempReg(defTemp_[v]));
  return locAt(v, posR(i));
}

Allocation Allocator::exitLoc(uint32_t v, uint32_t term) const {
  if (defTemp_[v] != kNone && temps_[defTemp_[v]].inst == term)
    return Allocation::reg(tempReg(defTemp_[v]));
  return locAt(v, posL(term));
}

void Allocator::addMove(Allocation from, Allocation to, RegClass cls) {
  if (from == to || to.isRemat())
    return; // a constant's "home" is its definition: nothing to store
  for (const PendingMove &m : pending_)
    if (m.to == to)
      return; // the same value already goes there (checked by the caller's invariants)
  pending_.push_back(PendingMove{from, to, cls});
}

Expected<void> Allocator::flushMoves(uint32_t inst, uint32_t freeAt) {
  if (pending_.empty())
    return {};
  for (const PendingMove &m : pending_) {
    if (m.from.isNone() || m.to.isNone())
      return error(inst, "internal: a move without a location");
    moves_.add(m.from, m.to, m.cls);
  }
  MoveScratch scratch;
  for (unsigned c = 0; c < mach::kNumRegClasses; ++c) {
    scratch.borrowable[c] = order_[c];
    for (PReg r : order_[c]) {
      if (occupied(r, freeAt) || occupied(r, freeAt + 1) ||
          moves_.mentions(Allocation::reg(r)))
        continue;
      scratch.freeReg[c] = r;
      break;
    }
  }
  scratch.emergencySlot = [this](RegClass c, unsigned which) {
    uint32_t &s = emergency_[static_cast<unsigned>(c)][which];
    if (s == kNone) {
      s = out_.numSpillSlots++;
      out_.spillSlotClasses.push_back(c);
    }
    return s;
  };
  size_t before = out_.edits.size();
  moves_.resolve(out_.edits, scratch);
  for (size_t k = before; k < out_.edits.size(); ++k)
    out_.edits[k].point = ProgPoint::before(inst);
  pending_.clear();
  return {};
}

Expected<void> Allocator::resolve() {
  buildLocated();
  out_.allocs.assign(in_->operands.size(), Allocation());

  // Operand allocations.
  for (uint32_t i = 0; i < in_->numInsts; ++i) {
    auto ops = in_->instOperands(i);
    const uint32_t base = in_->operandOffsets[i];
    for (uint32_t k = 0; k < ops.size(); ++k) {
      const Operand op = ops[k];
      Allocation a;
      if (opTemp_[base + k] != kNone) {
        a = Allocation::reg(tempReg(opTemp_[base + k]));
      } else {
        uint32_t pos = op.pos() == OperandPos::Early ? posE(i) : posL(i);
        a = locAt(op.vreg().index(), pos);
      }
      if (a.isNone())
        return error(i, "internal: operand " + std::to_string(k) + " has no location");
      out_.allocs[base + k] = a;
    }
  }

  // Moves that start pieces at a gap (Cont parts), by instruction.
  contAt_.clear();
  for (uint32_t v = 0; v < in_->numVRegs; ++v)
    for (uint32_t k = locatedOffsets_[v]; k < locatedOffsets_[v + 1]; ++k) {
      const Located &l = located_[k];
      if (l.start == SegStart::Cont && (l.from & 3) == 1)
        contAt_.push_back(ContMove{instOf(l.from), v, l.loc});
    }
  std::sort(contAt_.begin(), contAt_.end(),
            [](const ContMove &a, const ContMove &b) { return a.inst < b.inst; });
  std::sort(storeAt_.begin(), storeAt_.end());
  size_t nextStore = 0;
  size_t nextCont = 0;

  for (uint32_t b = 0; b < in_->numBlocks; ++b) {
    const InstRange range = in_->blockInsts[b];
    const uint32_t first = range.first;
    // Group 1: edge moves into a block with one predecessor, from its exit state.
    auto preds = in_->blockPreds(b);
    if (preds.size() == 1) {
      uint32_t pred = preds[0];
      uint32_t term = in_->blockInsts[pred].last - 1;
      auto succs = in_->blockSuccs(pred);
      uint32_t k = 0;
      while (k < succs.size() && succs[k] != b)
        ++k;
      for (uint32_t v : liveInOf(b))
        addMove(exitLoc(v, term), locAt(v, posR(first)), cls_[v]);
      auto params = in_->blockParams(b);
      auto args = in_->blockBranchArgs(pred, k);
      for (size_t j = 0; j < params.size(); ++j) {
        uint32_t p = params[j].index();
        Allocation to = locAt(p, posR(first));
        if (!to.isNone())
          addMove(exitLoc(args[j].index(), term), to, cls_[p]);
      }
      if (auto e = flushMoves(first, posR(first)); !e)
        return e;
    } else if (preds.size() > 1) {
      // Glued: live-through values sit where every predecessor left them.
      for (uint32_t v : liveInOf(b))
        for (uint32_t pred : preds)
          if (exitLoc(v, in_->blockInsts[pred].last - 1) != locAt(v, posR(first)))
            return error(first, "internal: v" + std::to_string(v) +
                                    " enters a join block from two places");
    }
    // Group 2, per instruction: split moves, temporaries, parameters of a join successor.
    for (uint32_t i = range.first; i < range.last; ++i) {
      while (nextCont < contAt_.size() && contAt_[nextCont].inst == i) {
        const ContMove &c = contAt_[nextCont++];
        addMove(readLoc(c.vreg, i), c.to, cls_[c.vreg]);
      }
      while (nextStore < storeAt_.size() && storeAt_[nextStore].first == i) {
        uint32_t v = storeAt_[nextStore++].second;
        addMove(readLoc(v, i), Allocation::stack(slot_[v]), cls_[v]);
      }
      if (i > range.first)
        for (uint32_t t : tempsAt(i - 1)) {
          const Temp &tm = temps_[t];
          if (tm.defVReg == kNone)
            continue;
          Allocation to = locAt(tm.defVReg, posW(i));
          if (!to.isNone())
            addMove(Allocation::reg(tempReg(t)), to, tm.cls);
        }
      for (uint32_t t : tempsAt(i)) {
        const Temp &tm = temps_[t];
        if (tm.useVReg != kNone)
          addMove(readLoc(tm.useVReg, i), Allocation::reg(tempReg(t)), tm.cls);
      }
      if (i + 1 == range.last) {
        auto succs = in_->blockSuccs(b);
        if (succs.size() == 1 && in_->blockPreds(succs[0]).size() > 1) {
          auto params = in_->blockParams(succs[0]);
          auto args = in_->blockBranchArgs(b, 0);
          for (size_t j = 0; j < params.size(); ++j) {
            uint32_t p = params[j].index();
            Allocation to = locAt(p, posW(i));
            if (!to.isNone())
              addMove(readLoc(args[j].index(), i), to, cls_[p]);
          }
        }
      }
      if (auto e = flushMoves(i, posR(i)); !e)
        return e;
    }
  }
  return {};
}

} // namespace exp

// ---------------------------------------------------------------------------------------
// Entry point.

Expected<Output> allocateExperimental(const Input &input, Context *context) {
  Context local;
  Context &ctx = context ? *context : local;
  if (!ctx.experimental)
    ctx.experimental = {new exp::Allocator(), [](exp::Allocator *a) { delete a; }};
  return ctx.experimental->run(input);
}

} // namespace irc::regalloc
