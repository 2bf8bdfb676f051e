// Backtracking allocator, step 3: the allocation loop.
//
// Bundles wait in a priority queue: those with a register hint (a fixed operand) first,
// then the longest. Each one tries its hint, the registers of the pieces it was split
// from, then the registers in MachineEnv order (caller-saved first), and takes the first
// that is free over all its segments (among free registers, one that no other live
// vreg's fixed operand needs next to the bundle). If none is free, it evicts the bundles
// in the way on the register where the heaviest of them is lightest, provided they are
// all lighter than it and no reservation (fixed operand, clobber) is in the way; evicted
// bundles go back into the queue. Otherwise it is split: where its code enters or leaves a
// loop (the part in the loop, whose uses weigh 4^depth more, then competes on its own, and
// the part outside can live in the slot), else at the first conflict on the register that
// stays free longest (the front keeps that register), or else around its uses: uses close
// together in one block share a piece, each other use gets a minimal piece (which can
// evict anything), and the rest goes to the spill slot. A bundle that needs no register
// and finds none free is spilled whole.
//
// Always true: a bundle in occ_[p] is Allocated to p; the segments of one register in
// occ_ never overlap; a minimal bundle is never evicted or split; every split makes
// strictly smaller bundles, so the loop ends (an eviction budget guards the rest).
#include "codegen/regalloc/Backtracking.h"

#include <algorithm>

namespace irc::regalloc::bt {

namespace {

// Uses at most this many instructions apart share a piece when a bundle is cut up.
constexpr uint32_t kClusterGap = 6;

} // namespace

void Allocator::enqueue(uint32_t b) {
  // Bundles with a register hint (a fixed operand) go first, so that others do not take
  // their register by accident; then the longest first.
  uint32_t key = std::min<uint32_t>(bundles_[b].size, 0x7fffffff);
  if (bundles_[b].hint != kNoReg)
    key |= 0x80000000u;
  queue_.push_back({key, kNone - b});
  std::push_heap(queue_.begin(), queue_.end());
}

void Allocator::probe(uint32_t b, PReg p, float limit, Probe &out) {
  out.fixed = false;
  out.maxWeight = 0;
  out.first = kNone;
  out.bundles.clear(); // keeps its capacity
  const bool all = limit > 0;
  ++stamp_;
  if (probeStamp_.size() < bundles_.size())
    probeStamp_.resize(bundles_.size() + bundles_.size() / 2, 0);
  const auto &rv = res_[p.index()];
  const RegOccupancy &occ = occ_[p.index()];
  RegOccupancy::Cursor it;
  bool haveCursor = false;
  for (const Segment &s : bundles_[b].ranges) {
    // Reservations last at most 3 positions; they are sorted by start, so the first one
    // in the way is the earliest.
    auto rit = std::lower_bound(rv.begin(), rv.end(), s.from >= 3 ? s.from - 3 : 0,
                                [](const Reservation &r, uint32_t x) { return r.from < x; });
    for (; rit != rv.end() && rit->from < s.to; ++rit)
      if (rit->to > s.from && rit->owner != s.vreg) {
        out.fixed = true;
        out.first = std::min(out.first, std::max(rit->from, s.from));
        if (all)
          return; // no eviction here
        break;
      }
    // The first range ending after s.from: a few steps from where the previous segment
    // left the cursor, else a fresh search.
    unsigned steps = 0;
    while (haveCursor && occ.valid(it) && occ.at(it).to <= s.from && steps < 4) {
      occ.next(it);
      ++steps;
    }
    if (!haveCursor || (occ.valid(it) && occ.at(it).to <= s.from)) {
      it = occ.firstEndingAfter(s.from);
      haveCursor = true;
    }
    for (; occ.valid(it) && occ.at(it).from < s.to; occ.next(it)) {
      const RegOccupancy::Entry &e = occ.at(it);
      out.first = std::min(out.first, std::max(e.from, s.from));
      if (!all)
        break; // only the first conflict matters
      const uint32_t ob = e.bundle;
      if (probeStamp_[ob] != stamp_) {
        probeStamp_[ob] = stamp_;
        out.bundles.push_back(ob);
        out.maxWeight = std::max(out.maxWeight, bundles_[ob].weight);
        if (bundles_[ob].minimal && bundles_[ob].req == Req::Reg)
          out.fixed = true;
        if (out.fixed || out.maxWeight >= limit)
          return; // no eviction here
      }
    }
    if (!all && out.first != kNone)
      return;
  }
}

bool Allocator::nearFixed(uint32_t b, PReg p) const {
  const auto &rv = res_[p.index()];
  const auto &ranges = bundles_[b].ranges;
  // Whether vreg o is live somewhere the bundle is: the two sorted lists, the shorter
  // walked and the other searched.
  auto overlaps = [&](uint32_t o) {
    using Live = std::pair<uint32_t, uint32_t>;
    const Live *first = vregLive_.data() + vregSegStart_[o];
    const Live *last = vregLive_.data() + vregSegStart_[o + 1];
    if (static_cast<size_t>(last - first) <= ranges.size()) {
      for (const Live *k = first; k != last; ++k) {
        auto it = std::upper_bound(ranges.begin(), ranges.end(), k->first,
                                   [](uint32_t x, const Segment &r) { return x < r.to; });
        if (it != ranges.end() && it->from < k->second)
          return true;
      }
      return false;
    }
    for (const Segment &r : ranges) {
      auto it = std::upper_bound(first, last, r.from,
                                 [](uint32_t x, const Live &l) { return x < l.second; });
      if (it != last && it->first < r.to)
        return true;
    }
    return false;
  };
  uint32_t checked = kNone;
  for (const Segment &s : ranges) {
    uint32_t lo = s.from >= 4 ? s.from - 4 : 0, hi = s.to + 4;
    auto it = std::lower_bound(rv.begin(), rv.end(), lo >= 3 ? lo - 3 : 0,
                               [](const Reservation &r, uint32_t x) { return r.from < x; });
    for (; it != rv.end() && it->from < hi; ++it) {
      if (it->to <= lo || it->owner == s.vreg || it->owner == kNone || it->owner == checked)
        continue;
      // Only a vreg live at the same time would have to move out of the way.
      if (overlaps(it->owner))
        return true;
      checked = it->owner;
    }
  }
  return false;
}

void Allocator::assign(uint32_t b, PReg p) {
  Bundle &B = bundles_[b];
  B.reg = static_cast<uint8_t>(p.index());
  B.state = BundleState::Allocated;
  for (const Segment &s : B.ranges)
    occ_[p.index()].insert(RegOccupancy::Entry{s.from, s.to, b});
}

void Allocator::evict(uint32_t b) {
  Bundle &B = bundles_[b];
  for (const Segment &s : B.ranges)
    occ_[B.reg].erase(s.from);
  B.reg = kNoReg;
  B.state = BundleState::Queued;
  enqueue(b);
}

void Allocator::spill(uint32_t b) {
  bundles_[b].state = BundleState::Spilled;
  spillSets_[bundles_[b].spillSet].spilled = true;
}

uint32_t Allocator::splitAt(uint32_t b, uint32_t pos) {
  const uint32_t nb = static_cast<uint32_t>(bundles_.size());
  bundles_.emplace_back();
  Bundle &B = bundles_[b];
  Bundle &N = bundles_[nb];
  N.cls = B.cls;
  N.spillSet = B.spillSet;
  N.grouped = B.grouped;
  N.next = B.next;
  N.prev = b;
  if (B.next != kNone)
    bundles_[B.next].prev = nb;
  B.next = nb;
  std::vector<uint32_t> left;
  for (uint32_t si : B.segs) {
    if (segs_[si].to <= pos) {
      left.push_back(si);
    } else if (segs_[si].from >= pos) {
      segs_[si].bundle = nb;
      N.segs.push_back(si);
    } else {
      Segment right = segs_[si];
      right.from = pos;
      right.bundle = nb;
      segs_[si].to = pos;
      left.push_back(si);
      N.segs.push_back(static_cast<uint32_t>(segs_.size()));
      segs_.push_back(right);
    }
  }
  B.segs = std::move(left);
  std::vector<uint32_t> leftMentions;
  for (uint32_t m : B.mentions)
    (mentions_[m].pos < pos ? leftMentions : N.mentions).push_back(m);
  B.mentions = std::move(leftMentions);
  updateBundle(b);
  updateBundle(nb);
  return nb;
}

// The first block boundary inside bundle b where the loop depth differs from that of the
// bundle's start, with a mention needing a location on each side; kNone if there is none.
uint32_t Allocator::loopBoundary(uint32_t b) const {
  const Bundle &B = bundles_[b];
  const uint32_t start = segs_[B.segs.front()].from;
  const uint8_t depth = loopDepth_[blockAt(start)];
  uint32_t at = kNone;
  for (uint32_t si : B.segs) {
    const Segment &s = segs_[si];
    for (uint32_t r = rank_[blockAt(s.from)]; r < order_.size(); ++r) {
      const uint32_t blk = order_[r];
      if (blockStart_[blk] >= s.to)
        break;
      if (blockStart_[blk] > start && loopDepth_[blk] != depth) {
        at = std::max(blockStart_[blk], s.from);
        break;
      }
    }
    if (at != kNone)
      break;
  }
  if (at == kNone)
    return kNone;
  bool before = false, after = false;
  for (uint32_t m : B.mentions) {
    if (mentions_[m].req == Req::None)
      continue;
    (mentions_[m].pos < at ? before : after) = true;
  }
  return before && after ? at : kNone;
}

void Allocator::splitMinimal(uint32_t b) {
  spillSets_[bundles_[b].spillSet].spilled = true;
  // Instructions (slots) where the bundle needs a register. A piece ends where its
  // mentions stop needing the register: a use once read (the slot holds the value from
  // its def on, so no store is needed), a def at the boundary after it (where it is
  // stored).
  std::vector<uint32_t> windows, windowEnd;
  for (uint32_t m : bundles_[b].mentions) {
    const Mention &M = mentions_[m];
    if (M.req != Req::Reg)
      continue;
    uint32_t w = M.pos / 4;
    uint32_t end = M.kind == MentionKind::Use ? M.bound : 4 * w + 4;
    if (windows.empty() || windows.back() != w) {
      windows.push_back(w);
      windowEnd.push_back(end);
    } else {
      windowEnd.back() = std::max(windowEnd.back(), end);
    }
  }
  if (windows.empty()) {
    spill(b);
    return;
  }
  // Pieces: uses close together in one block first share one (non-minimal) piece, so a
  // value used again soon stays in its register; a piece that fails again is cut per
  // instruction.
  const uint32_t start = segs_[bundles_[b].segs.front()].from;
  const uint32_t end = segs_[bundles_[b].segs.back()].to;
  struct Piece {
    uint32_t lo, hi;
    bool grouped;
  };
  std::vector<Piece> pieces;
  auto build = [&](bool cluster) {
    pieces.clear();
    for (size_t k = 0; k < windows.size(); ++k) {
      if (cluster && !pieces.empty() && windows[k] - windows[k - 1] <= kClusterGap &&
          blockOfSlot_[windows[k]] == blockOfSlot_[windows[k - 1]]) {
        pieces.back().hi = std::max(pieces.back().hi, windowEnd[k]);
        pieces.back().grouped = true;
        continue;
      }
      pieces.push_back(Piece{4 * windows[k], windowEnd[k], false});
    }
  };
  build(!bundles_[b].grouped);
  if (pieces.size() == 1 && pieces[0].lo <= start && pieces[0].hi >= end)
    build(false); // clustering would give the bundle back
  std::vector<uint32_t> pieceOf(pieces.size(), kNone);
  auto pieceAt = [&](uint32_t pos) -> size_t {
    auto it = std::upper_bound(pieces.begin(), pieces.end(), pos,
                               [](uint32_t p, const Piece &x) { return p < x.lo; });
    if (it == pieces.begin() || pos >= std::prev(it)->hi)
      return kNone;
    return static_cast<size_t>(std::prev(it) - pieces.begin());
  };
  std::vector<uint32_t> rest;
  const std::vector<uint32_t> oldSegs = std::move(bundles_[b].segs);
  for (uint32_t si : oldSegs) {
    const Segment s = segs_[si];
    uint32_t cur = s.from;
    auto w = std::upper_bound(pieces.begin(), pieces.end(), s.from,
                              [](uint32_t p, const Piece &x) { return p < x.lo; });
    if (w != pieces.begin() && std::prev(w)->hi > s.from)
      --w;
    for (; w != pieces.end() && w->lo < s.to; ++w) {
      size_t wi = static_cast<size_t>(w - pieces.begin());
      uint32_t lo = std::max(s.from, w->lo), hi = std::min(s.to, w->hi);
      if (lo >= hi)
        continue;
      if (cur < lo) {
        rest.push_back(static_cast<uint32_t>(segs_.size()));
        segs_.push_back(Segment{cur, lo, s.vreg, b});
      }
      if (pieceOf[wi] == kNone) {
        pieceOf[wi] = static_cast<uint32_t>(bundles_.size());
        bundles_.emplace_back();
        bundles_.back().cls = bundles_[b].cls;
        bundles_.back().spillSet = bundles_[b].spillSet;
        bundles_.back().hint = bundles_[b].hint;
        bundles_.back().grouped = w->grouped;
      }
      bundles_[pieceOf[wi]].segs.push_back(static_cast<uint32_t>(segs_.size()));
      segs_.push_back(Segment{lo, hi, s.vreg, pieceOf[wi]});
      cur = hi;
    }
    if (cur < s.to) {
      rest.push_back(static_cast<uint32_t>(segs_.size()));
      segs_.push_back(Segment{cur, s.to, s.vreg, b});
    }
  }
  std::vector<uint32_t> restMentions;
  for (uint32_t m : bundles_[b].mentions) {
    size_t wi = pieceAt(mentions_[m].pos);
    if (wi != kNone && pieceOf[wi] != kNone)
      bundles_[pieceOf[wi]].mentions.push_back(m);
    else
      restMentions.push_back(m);
  }
  // A piece prefers the fixed register its vreg is copied into at that instruction (a
  // fixed use reads just before it), which saves the copy.
  for (uint32_t m : bundles_[b].mentions) {
    const Mention &M = mentions_[m];
    if (M.fixed == kNoReg || !allocatable_.contains(PReg::fromIndex(M.fixed)))
      continue;
    size_t wi = pieceAt(M.kind == MentionKind::Use ? M.pos + 1 : M.pos);
    if (wi != kNone && pieceOf[wi] != kNone)
      bundles_[pieceOf[wi]].hint = M.fixed;
  }
  bundles_[b].segs = std::move(rest);
  bundles_[b].mentions = std::move(restMentions);
  bundles_[b].state = bundles_[b].segs.empty() ? BundleState::Dead : BundleState::Spilled;
  for (uint32_t piece : pieceOf)
    if (piece != kNone) {
      updateBundle(piece);
      enqueue(piece);
    }
}

Expected<void> Allocator::allocateOne(uint32_t b) {
  const RegClass c = bundles_[b].cls;
  std::vector<PReg> candidates;
  candidates.reserve(regOrder_[static_cast<unsigned>(c)].size() + 1);
  if (bundles_[b].hint != kNoReg)
    candidates.push_back(PReg::fromIndex(bundles_[b].hint));
  // Then the registers of the pieces next to it: the same register saves the move.
  for (uint32_t n : {bundles_[b].prev, bundles_[b].next})
    if (n != kNone && bundles_[n].state == BundleState::Allocated &&
        std::find(candidates.begin(), candidates.end(), PReg::fromIndex(bundles_[n].reg)) ==
            candidates.end())
      candidates.push_back(PReg::fromIndex(bundles_[n].reg));
  const size_t preferredCount = candidates.size();
  for (PReg p : regOrder_[static_cast<unsigned>(c)])
    if (std::find(candidates.begin(), candidates.begin() + preferredCount, p) ==
        candidates.begin() + preferredCount)
      candidates.push_back(p);

  Probe pr;
  PReg splitReg;
  uint32_t splitPos = 0;
  // A free register, preferring one that no other vreg's fixed operand needs right
  // before or after the bundle (that vreg would otherwise have to move out of the way).
  PReg firstFree;
  for (const PReg &p : candidates) {
    probe(b, p, 0, pr);
    if (pr.first == kNone) {
      if (static_cast<size_t>(&p - candidates.data()) < preferredCount) {
        assign(b, p);
        return {};
      }
      if (!firstFree.isValid())
        firstFree = p;
      if (!nearFixed(b, p)) {
        assign(b, p);
        return {};
      }
      continue;
    }
    if (pr.first > splitPos) {
      splitPos = pr.first;
      splitReg = p;
    }
  }
  if (firstFree.isValid()) {
    assign(b, firstFree);
    return {};
  }
  if (bundles_[b].req != Req::Reg) {
    spill(b);
    return {};
  }
  // Evict where the heaviest bundle in the way is lightest.
  PReg best;
  float bestWeight = 0;
  std::vector<uint32_t> bestBundles;
  if (!noEvict_ || bundles_[b].minimal)
    for (PReg p : candidates) {
      // Only a register whose heaviest bundle in the way is lighter than this one and
      // than the best so far is of interest: the probe gives up past that.
      const float limit = best.isValid() ? std::min(bestWeight, bundles_[b].weight)
                                         : bundles_[b].weight;
      if (!(limit > 0))
        break;
      probe(b, p, limit, pr);
      if (pr.fixed || pr.maxWeight >= limit)
        continue;
      if (!best.isValid() || pr.maxWeight < bestWeight) {
        best = p;
        bestWeight = pr.maxWeight;
        bestBundles = pr.bundles;
      }
    }
  if (best.isValid()) {
    for (uint32_t ob : bestBundles)
      evict(ob);
    assign(b, best);
    return {};
  }
  if (bundles_[b].minimal) {
    uint32_t pos = segs_[bundles_[b].segs.front()].from;
    uint32_t inst = instAt(pos);
    if (inst == kNone)
      inst = in_.blockInsts[blockAt(pos)].first;
    return error(inst, std::string("needs more ") + regClassName(c) + " registers than exist");
  }
  auto splitAndRequeue = [&](uint32_t at, PReg frontHint) {
    uint32_t nb = splitAt(b, at);
    if (frontHint.isValid())
      bundles_[b].hint = static_cast<uint8_t>(frontHint.index());
    for (uint32_t piece : {b, nb}) {
      if (!bundles_[piece].segs.empty())
        enqueue(piece);
      else
        bundles_[piece].state = BundleState::Dead;
    }
  };
  // Split where the bundle's code enters or leaves a loop.
  if (uint32_t at = loopBoundary(b); at != kNone) {
    splitAndRequeue(at, PReg());
    return {};
  }
  // Split at the first conflict when the front keeps a register and a use.
  const uint32_t start = segs_[bundles_[b].segs.front()].from;
  const uint32_t end = segs_[bundles_[b].segs.back()].to;
  uint32_t at = splitPos & ~3u;
  bool useBefore = false;
  for (uint32_t m : bundles_[b].mentions)
    if (mentions_[m].pos < at && mentions_[m].req != Req::None)
      useBefore = true;
  if (splitReg.isValid() && at > start && at < end && useBefore) {
    splitAndRequeue(at, splitReg);
    return {};
  }
  splitMinimal(b);
  return {};
}

Expected<void> Allocator::allocateAll() {
  for (uint32_t b = 0; b < bundles_.size(); ++b) {
    if (bundles_[b].state != BundleState::Queued)
      continue;
    if (bundles_[b].segs.empty())
      bundles_[b].state = BundleState::Dead;
    else
      enqueue(b);
  }
  // Evictions could in principle chase each other for long; past this budget bundles
  // stop evicting and fall back to splitting and spilling, which always ends.
  const uint64_t budget = 64 * uint64_t(bundles_.size()) + 100000;
  while (!queue_.empty()) {
    std::pop_heap(queue_.begin(), queue_.end());
    uint32_t b = kNone - queue_.back().second;
    queue_.pop_back();
    if (bundles_[b].state != BundleState::Queued)
      continue;
    if (++steps_ > budget)
      noEvict_ = true;
    if (auto e = allocateOne(b); !e)
      return e;
  }
  return {};
}

} // namespace irc::regalloc::bt
