// Backtracking allocator, step 1: positions, mentions, reservations, live segments and loop
// depth (see Backtracking.h for the position model). The Input passed checkInputRules;
// what is left to report here needs liveness (a read its definition does not reach) or
// the fixed-register reservations (two of them clashing).
//
// Liveness is per vreg, from its reads back to its definition over predecessor edges
// (SSA), so its cost and memory are the size of the live segments it produces: linear in
// the function for the usual shapes, never a bitset per block. A vreg has at most one
// segment per block, and those of consecutive blocks that touch are one segment.
#include "codegen/regalloc/Backtracking.h"

#include <algorithm>
#include <cassert>

namespace irc::regalloc::bt {

uint32_t Allocator::weightScale(uint32_t pos) const {
  unsigned d = std::min<unsigned>(loopDepth_[blockAt(pos)], 5);
  return 1u << (2 * d);
}

Expected<void> Allocator::layout() {
  // checkInputRules guarantees the shape: non-empty blocks covering the instructions,
  // one terminator each, edges in range, no critical edges, matching parameters.
  const uint32_t nb = in_.numBlocks;
  order_.resize(nb);
  for (uint32_t b = 0; b < nb; ++b)
    order_[b] = b;
  std::stable_sort(order_.begin(), order_.end(), [&](uint32_t a, uint32_t b) {
    return in_.blockInsts[a].first < in_.blockInsts[b].first;
  });
  rank_.assign(nb, 0);
  blockOf_.assign(in_.numInsts, kNone);
  blockStart_.assign(nb, 0);
  blockEnd_.assign(nb, 0);
  const uint32_t numSlots = in_.numInsts + nb;
  instOfSlot_.assign(numSlots, kNone);
  blockOfSlot_.assign(numSlots, kNone);
  for (uint32_t r = 0; r < nb; ++r) {
    uint32_t b = order_[r];
    rank_[b] = r;
    InstRange range = in_.blockInsts[b];
    blockStart_[b] = 4 * (range.first + r);
    blockEnd_[b] = 4 * (range.last + r + 1);
    blockOfSlot_[range.first + r] = b;
    for (uint32_t i = range.first; i < range.last; ++i) {
      assert(blockOf_[i] == kNone);
      blockOf_[i] = b;
      instOfSlot_[i + r + 1] = i;
      blockOfSlot_[i + r + 1] = b;
    }
  }
  entrySpill_.assign(nb, 0);
  for (uint32_t b = 0; b < nb; ++b) {
    uint32_t t = in_.blockInsts[b].last - 1;
    auto succs = in_.blockSuccs(b);
    // Edge moves into a block with several predecessors run before this terminator; if
    // the terminator reads or clobbers registers, those moves could hit them, so such a
    // block receives its live-ins in their spill slots (a rare shape: jumps usually have
    // no operands).
    bool touches = !in_.instOperands(t).empty() ||
                   (!in_.clobbers.empty() && !in_.clobbers[t].empty());
    if (succs.size() == 1 && in_.blockPreds(succs[0]).size() > 1 && touches)
      entrySpill_[succs[0]] = 1;
  }

  for (unsigned c = 0; c < mach::kNumRegClasses; ++c) {
    for (PReg p : env_.preferred[c])
      regOrder_[c].push_back(p);
    for (PReg p : env_.nonPreferred[c])
      regOrder_[c].push_back(p);
    for (PReg p : regOrder_[c])
      allocatable_.add(p);
  }
  return {};
}

Expected<void> Allocator::collectMentions() {
  const uint32_t nv = in_.numVRegs;
  defPos_.assign(nv, kNone);
  defInst_.assign(nv, kNone);
  fixedDefReg_.assign(nv, kNoReg);
  isParam_.assign(nv, 0);
  cls_.assign(nv, RegClass::Int);
  std::vector<uint8_t> defined(nv, 0);
  std::vector<Mention> all;
  all.reserve(in_.operands.size() + in_.branchArgs.size() + in_.params.size());

  // checkInputRules guarantees indices in range, one definition and one class per vreg,
  // well-formed reuse defs, and a definition for every read.
  auto define = [&](VReg v, uint32_t pos, uint32_t inst) {
    uint32_t x = v.index();
    assert(!defined[x]);
    defined[x] = 1;
    defPos_[x] = pos;
    defInst_[x] = inst;
    cls_[x] = v.cls();
  };

  struct Res {
    PReg p;
    Reservation r;
    int kind; // 0 use, 1 def, 2 clobber
  };
  std::vector<Res> instRes;
  std::vector<int> reusedBy;

  for (uint32_t r = 0; r < in_.numBlocks; ++r) {
    uint32_t b = order_[r];
    uint32_t start = blockStart_[b];
    for (VReg p : in_.blockParams(b)) {
      define(p, start, kNone);
      isParam_[p.index()] = 1;
      all.push_back(Mention{start, start, p.index(), kNone, MentionKind::Param, Req::None});
    }
    InstRange range = in_.blockInsts[b];
    for (uint32_t i = range.first; i < range.last; ++i) {
      const uint32_t pos = 4 * (i + r + 1);
      const uint32_t base = in_.operandOffsets[i];
      auto ops = in_.instOperands(i);
      const size_t n = ops.size();
      const bool term = i + 1 == range.last;
      const bool outEdge = term && in_.blockSuccs(b).size() == 1 &&
                           in_.blockPreds(in_.blockSuccs(b)[0]).size() > 1;
      instRes.clear();
      reusedBy.assign(n, -1);
      for (size_t k = 0; k < n; ++k) {
        const Operand op = ops[k];
        if (op.isDef() && op.constraint() == Constraint::Reuse)
          reusedBy[op.reuseIndex()] = static_cast<int>(k);
      }
      for (size_t k = 0; k < n; ++k) {
        const Operand op = ops[k];
        const uint32_t v = op.vreg().index();
        const uint32_t g = base + static_cast<uint32_t>(k);
        if (op.isUse()) {
          Mention m{pos, pos, v, g, MentionKind::Use, Req::Reg};
          if (reusedBy[k] >= 0) {
            // Copied into the def's register just before the instruction.
            m.pos = pos - 1;
            m.req = Req::None;
            m.reusedInput = true;
            if (op.constraint() == Constraint::FixedReg)
              m.fixed = static_cast<uint8_t>(op.fixedReg().index());
          } else if (op.constraint() == Constraint::FixedReg) {
            m.pos = pos - 1;
            m.req = Req::None;
            m.fixed = static_cast<uint8_t>(op.fixedReg().index());
            uint32_t to = op.pos() == OperandPos::Late ? pos + 3 : pos + 1;
            instRes.push_back(Res{op.fixedReg(), Reservation{pos, to, v}, 0});
          } else {
            m.bound = op.pos() == OperandPos::Late ? pos + 3 : pos + 1;
            m.req = op.constraint() == Constraint::Any && !outEdge ? Req::Any : Req::Reg;
          }
          all.push_back(m);
          continue;
        }
        // A def.
        Mention m{pos + 2, pos + 2, v, g, MentionKind::Def, Req::Reg};
        uint32_t defAt = pos + 2;
        PReg fixed;
        bool earlyFixed = false;
        switch (op.constraint()) {
        case Constraint::Any:
        case Constraint::Reg:
          if (op.pos() == OperandPos::Early)
            m.pos = m.bound = defAt = pos;
          m.req = op.constraint() == Constraint::Any ? Req::Any : Req::Reg;
          break;
        case Constraint::FixedReg:
          fixed = op.fixedReg();
          earlyFixed = op.pos() == OperandPos::Early;
          break;
        case Constraint::Reuse: {
          const Operand input = ops[op.reuseIndex()];
          if (input.constraint() == Constraint::FixedReg) {
            fixed = input.fixedReg();
            earlyFixed = true;
          } else {
            // Starts at Early: the input is copied into its register before the instruction.
            m.pos = m.bound = defAt = pos;
          }
          break;
        }
        }
        if (fixed.isValid()) {
          m.req = Req::None;
          m.fixed = static_cast<uint8_t>(fixed.index());
          fixedDefReg_[v] = m.fixed;
          instRes.push_back(Res{fixed, Reservation{earlyFixed ? pos : pos + 2, pos + 3, v}, 1});
        }
        define(op.vreg(), defAt, i);
        all.push_back(m);
      }
      if (!in_.clobbers.empty())
        in_.clobbers[i].forEach([&](PReg p) {
          instRes.push_back(Res{p, Reservation{pos + 1, pos + 2, kNone}, 2});
        });
      for (size_t x = 0; x < instRes.size(); ++x) {
        if (instRes[x].kind == 2)
          break; // clobbers come last: clobber pairs never clash
        for (size_t y = x + 1; y < instRes.size(); ++y) {
          const Res &a = instRes[x], &c = instRes[y];
          if (a.p != c.p || a.r.to <= c.r.from || c.r.to <= a.r.from ||
              (a.r.owner == c.r.owner && a.kind == c.kind))
            continue;
          if (a.kind == 1 && c.kind == 1)
            return error(i, "two defs fixed to one register");
          if (a.kind == 0 && c.kind == 0)
            return error(i, "two vregs used in one fixed register");
          return error(i, "fixed registers overlap in time");
        }
      }
      for (const Res &x : instRes)
        res_[x.p.index()].push_back(x.r);
    }
    // Branch arguments are read at the end of the block.
    uint32_t end = blockEnd_[b];
    auto succs = in_.blockSuccs(b);
    for (uint32_t k = 0; k < succs.size(); ++k)
      for (VReg a : in_.blockBranchArgs(b, k))
        all.push_back(Mention{end - 1, end, a.index(), kNone, MentionKind::Arg, Req::None});
  }
  for (auto &rv : res_)
    std::sort(rv.begin(), rv.end(),
              [](const Reservation &a, const Reservation &b) { return a.from < b.from; });

  // Group by vreg (counting sort keeps the position order of each group).
  mentionStart_.assign(nv + 1, 0);
  for (const Mention &m : all)
    ++mentionStart_[m.vreg + 1];
  for (uint32_t v = 0; v < nv; ++v)
    mentionStart_[v + 1] += mentionStart_[v];
  mentions_.resize(all.size());
  {
    std::vector<uint32_t> fill(mentionStart_.begin(), mentionStart_.end() - 1);
    for (const Mention &m : all)
      mentions_[fill[m.vreg]++] = m;
  }
  // Within one instruction the operands are not in position order.
  for (uint32_t v = 0; v < nv; ++v)
    std::stable_sort(mentions_.begin() + mentionStart_[v], mentions_.begin() + mentionStart_[v + 1],
                     [](const Mention &a, const Mention &b) { return a.pos < b.pos; });
  return {};
}

Expected<void> Allocator::computeLiveness() {
  const uint32_t nv = in_.numVRegs;
  const uint32_t nb = in_.numBlocks;
  std::vector<uint32_t> liStamp(nb, kNone), loStamp(nb, kNone), useEnd(nb, 0);
  std::vector<uint32_t> work, liBlocks;
  std::vector<std::pair<uint32_t, uint32_t>> liveInPairs; // (block, vreg)
  std::vector<Segment> mine;
  vregSegStart_.assign(nv + 1, 0);
  vregSegs_.clear();
  vregLive_.clear();
  vregPieces_.assign(nv, 0);

  for (uint32_t v = 0; v < nv; ++v) {
    vregSegStart_[v] = static_cast<uint32_t>(vregSegs_.size());
    if (defPos_[v] == kNone)
      continue;
    const uint32_t dp = defPos_[v];
    const uint32_t db = blockAt(dp);
    uint32_t localEnd = 0;
    liBlocks.clear();
    work.clear();
    for (uint32_t k = mentionStart_[v]; k < mentionStart_[v + 1]; ++k) {
      const Mention &m = mentions_[k];
      if (m.kind != MentionKind::Use && m.kind != MentionKind::Arg)
        continue;
      uint32_t blk = blockAt(m.pos);
      if (blk == db) {
        if (m.pos < dp || (m.pos == dp && !isParam_[v])) {
          uint32_t inst = instAt(m.pos) == kNone ? defInst_[v] : instAt(m.pos);
          return error(inst, "use of v" + std::to_string(v) + " before its definition");
        }
        localEnd = std::max(localEnd, m.bound);
        continue;
      }
      if (liStamp[blk] != v) {
        liStamp[blk] = v;
        useEnd[blk] = 0;
        liBlocks.push_back(blk);
        work.push_back(blk);
      }
      useEnd[blk] = std::max(useEnd[blk], m.bound);
    }
    while (!work.empty()) {
      uint32_t u = work.back();
      work.pop_back();
      if (u == in_.entryBlock)
        return error(in_.blockInsts[u].first,
                     "vreg v" + std::to_string(v) + " is live into the entry block");
      for (uint32_t p : in_.blockPreds(u)) {
        loStamp[p] = v;
        if (p == db || liStamp[p] == v)
          continue;
        liStamp[p] = v;
        useEnd[p] = 0;
        liBlocks.push_back(p);
        work.push_back(p);
      }
    }
    mine.clear();
    uint32_t defEnd = loStamp[db] == v ? blockEnd_[db] : localEnd;
    if (defEnd == 0 && fixedDefReg_[v] == kNoReg && !isParam_[v])
      defEnd = (dp & ~3u) + 3; // a dead def still takes its register for a moment
    if (defEnd > dp)
      mine.push_back(Segment{dp, defEnd, v});
    for (uint32_t u : liBlocks) {
      uint32_t end = loStamp[u] == v ? blockEnd_[u] : useEnd[u];
      mine.push_back(Segment{blockStart_[u], end, v});
      if (!isParam_[v] || u != db)
        liveInPairs.push_back({u, v});
    }
    std::sort(mine.begin(), mine.end(),
              [](const Segment &a, const Segment &b) { return a.from < b.from; });
    // A vreg live through consecutive blocks would get one segment per block; touching
    // pieces are merged here (never a forced piece, nor into a parameter's definition,
    // whose piece starts its block: placeAll and vregMoves store it there).
    vregPieces_[v] = 0;
    auto push = [&](const Segment &s, bool forced) {
      ++vregPieces_[v];
      if (!forced && vregSegs_.size() > vregSegStart_[v] && !forcedSeg_[vregSegs_.back()] &&
          s.from != dp && segs_[vregSegs_.back()].to == s.from) {
        segs_[vregSegs_.back()].to = s.to;
        vregLive_.back().second = s.to;
        return;
      }
      vregSegs_.push_back(static_cast<uint32_t>(segs_.size()));
      segs_.push_back(s);
      forcedSeg_.push_back(forced ? 1 : 0);
      vregLive_.push_back({s.from, s.to});
    };
    for (const Segment &s : mine) {
      uint32_t blk = blockAt(s.from);
      if (entrySpill_[blk] && s.from == blockStart_[blk] && s.to > s.from + 4) {
        // Enters its block in the slot (see layout()): a piece of its own.
        push(Segment{s.from, s.from + 4, v}, true);
        push(Segment{s.from + 4, s.to, v}, false);
        continue;
      }
      push(s, entrySpill_[blk] && s.from == blockStart_[blk]);
    }
  }
  vregSegStart_[nv] = static_cast<uint32_t>(vregSegs_.size());

  liveInStart_.assign(nb + 1, 0);
  for (auto [b, v] : liveInPairs)
    ++liveInStart_[b + 1];
  for (uint32_t b = 0; b < nb; ++b)
    liveInStart_[b + 1] += liveInStart_[b];
  liveIn_.resize(liveInPairs.size());
  std::vector<uint32_t> fill(liveInStart_.begin(), liveInStart_.end() - 1);
  for (auto [b, v] : liveInPairs)
    liveIn_[fill[b]++] = v;
  return {};
}

void Allocator::computeLoopDepth() {
  const uint32_t nb = in_.numBlocks;
  loopDepth_.assign(nb, 0);
  // Back edges: edges to a block on the DFS stack.
  std::vector<uint8_t> state(nb, 0); // 0 new, 1 on stack, 2 done
  std::vector<std::pair<uint32_t, uint32_t>> stack; // (block, next successor index)
  std::vector<std::pair<uint32_t, uint32_t>> backEdges;
  stack.push_back({in_.entryBlock, 0});
  state[in_.entryBlock] = 1;
  while (!stack.empty()) {
    auto &[b, k] = stack.back();
    auto succs = in_.blockSuccs(b);
    if (k < succs.size()) {
      uint32_t s = succs[k++];
      if (state[s] == 1)
        backEdges.push_back({b, s});
      else if (state[s] == 0) {
        state[s] = 1;
        stack.push_back({s, 0});
      }
      continue;
    }
    state[b] = 2;
    stack.pop_back();
  }
  // Natural loop of each header: blocks reaching a latch without passing the header.
  std::sort(backEdges.begin(), backEdges.end(),
            [](auto a, auto b) { return a.second < b.second; });
  std::vector<uint32_t> inLoop(nb, kNone), work, body;
  for (size_t e = 0; e < backEdges.size();) {
    uint32_t h = backEdges[e].second;
    inLoop[h] = h;
    body.assign(1, h);
    work.clear();
    for (; e < backEdges.size() && backEdges[e].second == h; ++e)
      if (inLoop[backEdges[e].first] != h) {
        inLoop[backEdges[e].first] = h;
        work.push_back(backEdges[e].first);
        body.push_back(backEdges[e].first);
      }
    while (!work.empty()) {
      uint32_t b = work.back();
      work.pop_back();
      for (uint32_t p : in_.blockPreds(b))
        if (inLoop[p] != h && state[p] != 0) {
          inLoop[p] = h;
          work.push_back(p);
          body.push_back(p);
        }
    }
    for (uint32_t b : body)
      if (loopDepth_[b] < 255)
        ++loopDepth_[b];
  }
}

} // namespace irc::regalloc::bt
