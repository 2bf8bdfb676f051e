// Backtracking allocator, step 2: bundles. A bundle is a set of live segments that would
// like one location. It starts as one vreg; vregs joined by a block parameter and its
// arguments, by a register move, or by a reused input and its def are merged when their
// segments never overlap, so that one register serves them all and the move vanishes.
// Each merged group also gets one spill set (one slot, shared by its vregs).
//
// Spill weight: every mention counts (a register use or def most, an Any operand less,
// a fixed operand, parameter or branch argument least), times 4^loop depth, divided by
// the bundle's length in instructions so that long, sparsely used bundles go first.
#include "codegen/regalloc/Backtracking.h"

#include <algorithm>

namespace irc::regalloc::bt {

namespace {
// Merging compares the two segment lists; very long lists are not worth it.
constexpr size_t kMaxMergedSegments = 512;
} // namespace

bool Allocator::mergeGroups(uint32_t x, uint32_t y) {
  auto find = [&](uint32_t v) {
    while (group_[v] != v) {
      group_[v] = group_[group_[v]];
      v = group_[v];
    }
    return v;
  };
  uint32_t rx = find(x), ry = find(y);
  if (rx == ry)
    return true;
  if (cls_[rx] != cls_[ry])
    return false;
  auto &a = groupSegs_[rx], &b = groupSegs_[ry];
  // The limit counts per-block pieces, as merged segments hide how long a list was.
  if (a.empty() || b.empty() || groupPieces_[rx] + groupPieces_[ry] > kMaxMergedSegments)
    return false;
  std::vector<uint32_t> &merged = mergeScratch_;
  merged.clear();
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (j == b.size() || (i < a.size() && segs_[a[i]].from < segs_[b[j]].from)) {
      merged.push_back(a[i++]);
    } else {
      merged.push_back(b[j++]);
    }
    if (merged.size() >= 2 && segs_[merged[merged.size() - 2]].to > segs_[merged.back()].from)
      return false; // overlap
  }
  group_[ry] = rx;
  groupPieces_[rx] += groupPieces_[ry];
  a.swap(merged); // the old list becomes the next scratch
  b.clear();
  b.shrink_to_fit();
  return true;
}

void Allocator::updateBundle(uint32_t b) {
  Bundle &B = bundles_[b];
  B.req = Req::None;
  float sum = 0;
  uint8_t hint = kNoReg;
  for (uint32_t m : B.mentions) {
    const Mention &M = mentions_[m];
    B.req = std::max(B.req, M.req);
    float w = M.req == Req::Reg ? 4.0f : M.req == Req::Any ? 2.0f : 1.0f;
    sum += w * static_cast<float>(weightScale(M.pos));
    if (hint == kNoReg && M.fixed != kNoReg && allocatable_.contains(PReg::fromIndex(M.fixed)) &&
        PReg::fromIndex(M.fixed).cls() == B.cls)
      hint = M.fixed;
  }
  if (B.hint == kNoReg)
    B.hint = hint;
  B.size = 0;
  B.ranges.clear();
  for (uint32_t s : B.segs) {
    const Segment &S = segs_[s];
    B.size += S.to - S.from;
    if (!B.ranges.empty() && B.ranges.back().to == S.from && B.ranges.back().vreg == S.vreg)
      B.ranges.back().to = S.to;
    else
      B.ranges.push_back(Segment{S.from, S.to, S.vreg, b});
  }
  // Minimal: within one instruction and no longer than its register mentions need (a
  // use up to its read, a def up to the next boundary), so nothing can be split off.
  B.minimal = false;
  if (!B.segs.empty() && B.req == Req::Reg &&
      segs_[B.segs.front()].from / 4 == (segs_[B.segs.back()].to - 1) / 4) {
    uint32_t need = 0;
    for (uint32_t m : B.mentions) {
      const Mention &M = mentions_[m];
      if (M.req == Req::Reg)
        need = std::max(need, M.kind == MentionKind::Use ? M.bound : (M.pos & ~3u) + 4);
    }
    B.minimal = true;
    for (uint32_t s : B.segs)
      B.minimal &= segs_[s].to <= need;
  }
  B.weight = B.minimal && B.req == Req::Reg ? 1e30f : sum / (1.0f + static_cast<float>(B.size) / 32.0f);
}

void Allocator::buildBundles() {
  const uint32_t nv = in_.numVRegs;
  group_.resize(nv);
  groupSegs_.assign(nv, {});
  groupPieces_ = vregPieces_;
  for (uint32_t v = 0; v < nv; ++v) {
    group_[v] = v;
    groupSegs_[v].assign(vregSegs_.begin() + vregSegStart_[v],
                         vregSegs_.begin() + vregSegStart_[v + 1]);
  }
  // Reused inputs and their defs, then moves, then block parameters and arguments.
  for (uint32_t i = 0; i < in_.numInsts; ++i) {
    auto ops = in_.instOperands(i);
    for (const Operand &op : ops)
      if (op.isDef() && op.constraint() == Constraint::Reuse &&
          ops[op.reuseIndex()].constraint() != Constraint::FixedReg)
        mergeGroups(op.vreg().index(), ops[op.reuseIndex()].vreg().index());
  }
  for (uint32_t i = 0; i < in_.numInsts; ++i) {
    if (!in_.isMove(i))
      continue;
    auto ops = in_.instOperands(i);
    if (ops.size() == 2 && ops[0].isDef() != ops[1].isDef())
      mergeGroups(ops[0].vreg().index(), ops[1].vreg().index());
  }
  for (uint32_t r = 0; r < in_.numBlocks; ++r) {
    uint32_t b = order_[r];
    auto succs = in_.blockSuccs(b);
    for (uint32_t k = 0; k < succs.size(); ++k) {
      auto params = in_.blockParams(succs[k]);
      auto args = in_.blockBranchArgs(b, k);
      for (size_t j = 0; j < params.size(); ++j)
        mergeGroups(params[j].index(), args[j].index());
    }
  }

  // One bundle and one spill set per group.
  spillSetOf_.assign(nv, kNone);
  std::vector<uint32_t> bundleOf(nv, kNone);
  for (uint32_t v = 0; v < nv; ++v) {
    uint32_t root = v;
    while (group_[root] != root)
      root = group_[root];
    if (groupSegs_[root].empty())
      continue;
    if (bundleOf[root] == kNone) {
      bundleOf[root] = static_cast<uint32_t>(bundles_.size());
      Bundle B;
      B.cls = cls_[root];
      B.spillSet = static_cast<uint32_t>(spillSets_.size());
      for (uint32_t s : groupSegs_[root])
        if (!forcedSeg_[s]) {
          B.segs.push_back(s);
          segs_[s].bundle = bundleOf[root];
        }
      bundles_.push_back(std::move(B));
      SpillSet S;
      S.cls = cls_[root];
      for (uint32_t s : groupSegs_[root])
        S.ranges.push_back({segs_[s].from, segs_[s].to});
      spillSets_.push_back(std::move(S));
    }
    uint32_t b = bundleOf[root];
    uint32_t ss = bundles_[b].spillSet;
    spillSetOf_[v] = ss;
    // Mentions inside the bundle's own (not forced) segments.
    uint32_t k = vregSegStart_[v];
    for (uint32_t m = mentionStart_[v]; m < mentionStart_[v + 1]; ++m) {
      uint32_t pos = mentions_[m].pos;
      while (k < vregSegStart_[v + 1] && segs_[vregSegs_[k]].to <= pos)
        ++k;
      if (k < vregSegStart_[v + 1] && segs_[vregSegs_[k]].from <= pos &&
          !forcedSeg_[vregSegs_[k]])
        bundles_[b].mentions.push_back(m);
    }
  }
  // Segments entering a block in the slot form one spilled bundle per spill set.
  std::vector<uint32_t> forcedBundle(spillSets_.size(), kNone);
  for (uint32_t s = 0; s < segs_.size(); ++s) {
    if (!forcedSeg_[s])
      continue;
    uint32_t ss = spillSetOf_[segs_[s].vreg];
    if (forcedBundle[ss] == kNone) {
      forcedBundle[ss] = static_cast<uint32_t>(bundles_.size());
      Bundle B;
      B.cls = spillSets_[ss].cls;
      B.spillSet = ss;
      B.state = BundleState::Spilled;
      bundles_.push_back(std::move(B));
      spillSets_[ss].spilled = true;
    }
    segs_[s].bundle = forcedBundle[ss];
    bundles_[forcedBundle[ss]].segs.push_back(s);
  }
  for (uint32_t b = 0; b < bundles_.size(); ++b) {
    Bundle &B = bundles_[b];
    std::sort(B.mentions.begin(), B.mentions.end(), [&](uint32_t x, uint32_t y) {
      return mentions_[x].pos < mentions_[y].pos;
    });
    std::sort(B.segs.begin(), B.segs.end(),
              [&](uint32_t x, uint32_t y) { return segs_[x].from < segs_[y].from; });
    updateBundle(b);
  }
  groupSegs_.clear();
  groupSegs_.shrink_to_fit();
  groupPieces_.clear();
}

} // namespace irc::regalloc::bt
