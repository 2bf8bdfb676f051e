// ExperimentalLiveness: what the experimental allocator knows before it allocates:
// classes and partners of the vregs (the Input's rules were checked by checkInputRules),
// block frequencies, operand temporaries and the registers they reserve, the positions
// where each vreg is mentioned, live-in sets and live segments.
//
// Liveness is SSA-based: from each use outside the defining block, walk predecessors up to
// the definition (cost: the sum of the live-in sets). Segments come from one backward scan
// per block. Rules that shape them (see ExperimentalState.h for positions):
// - a use through a temporary (fixed register, tied input, any use by a jump into a join)
//   is read at R, by the copy into the temporary; a def through one is written at W of the
//   next instruction, by the copy out (at a terminator: into the successors' entries);
// - an argument is read at R of a jump into a join (the edge's moves run before the jump),
//   and at the exit state (L of the terminator) otherwise;
// - a parameter of a join also occupies [W, L] of each predecessor's jump: the edge move
//   writes it there, in the place the join's code reads it from (EdgeDef segments).
// Block frequencies are estimated from loop depth: a back edge in layout order (to a block
// at or before its source) marks the blocks between as one loop level; frequency is
// 10^depth, capped at 10^6.
#include "codegen/regalloc/ExperimentalState.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace irc::regalloc::exp {

Allocator::Allocator() {
  occ_.reserve(kNumPRegs);
  for (unsigned r = 0; r < kNumPRegs; ++r)
    occ_.emplace_back(&pool_);
}

void Allocator::reset(const Input &input) {
  in_ = &input;
  out_ = Output{};
  const uint32_t nv = input.numVRegs;
  for (auto &o : order_)
    o.clear();
  allocatable_ = PRegSet();
  for (OccMap &m : occ_)
    m.clear();
  cls_.assign(nv, RegClass::Int);
  defBlock_.assign(nv, kNone);
  defTemp_.assign(nv, kNone);
  partner_.assign(nv, kNone);
  slot_.assign(nv, kNone);
  rematInst_.assign(nv, kNone);
  liveEnd_.assign(nv, kNone);
  isParam_.assign(nv, 0);
  used_.assign(nv, 0);
  lastReg_.assign(nv, kNoReg);
  blockOfInst_.assign(input.numInsts, 0);
  jumpToJoin_.assign(input.numInsts, 0);
  opTemp_.assign(input.operands.size(), kNone);
  temps_.clear();
  tempOffsets_.clear();
  tempIds_.clear();
  mentions_.clear();
  liveInPairs_.clear();
  segBuild_.clear();
  pieces_.clear();
  segPool_.clear();
  queue_.clear();
  conflicts_.clear();
  pieceStamp_.clear();
  conflictStamp_ = 0;
  pending_.clear();
  storeAt_.clear();
  moves_.clear();
  moves_.stackToStack = 0;
  for (auto &e : emergency_)
    e[0] = e[1] = kNone;
  numEvictions_ = numRegionSplits_ = numSpills_ = 0;
}

Expected<Output> Allocator::run(const Input &input) {
  reset(input);
  for (unsigned c = 0; c < mach::kNumRegClasses; ++c) {
    for (const auto *list : {&input.env->preferred[c], &input.env->nonPreferred[c]})
      for (PReg p : *list) {
        order_[c].push_back(p);
        allocatable_.add(p);
      }
  }
  scanInput();
  computeFrequencies();
  if (auto e = makeTemps(); !e)
    return e.error();
  collectMentions();
  if (auto e = computeLiveIns(); !e)
    return e.error();
  buildSegments();
  makeInitialPieces();
  if (auto e = allocatePieces(); !e)
    return e.error();
  if (auto e = resolve(); !e)
    return e.error();
  out_.stats.count(out_.edits);
  out_.stats.stackMoves = moves_.stackToStack;
  return std::move(out_);
}

// What the allocator keeps from a first look at the Input: classes, defining blocks,
// parameters, used vregs, move/reuse/edge partners, jumps into joins. The Input passed
// checkInputRules (allocate()), so this only collects.
void Allocator::scanInput() {
  const Input &in = *in_;
  for (uint32_t b = 0; b < in.numBlocks; ++b) {
    InstRange r = in.blockInsts[b];
    for (VReg p : in.blockParams(b)) {
      cls_[p.index()] = p.cls();
      defBlock_[p.index()] = b;
      isParam_[p.index()] = 1;
    }
    for (uint32_t i = r.first; i < r.last; ++i) {
      blockOfInst_[i] = b;
      auto ops = in.instOperands(i);
      for (const Operand op : ops) {
        cls_[op.vreg().index()] = op.cls();
        if (op.isDef())
          defBlock_[op.vreg().index()] = b;
        else
          used_[op.vreg().index()] = 1;
        if (op.constraint() == Constraint::Reuse)
          partner_[op.vreg().index()] = ops[op.reuseIndex()].vreg().index();
      }
      if (in.isMove(i) && ops.size() == 2 && ops[0].isDef() != ops[1].isDef()) {
        uint32_t d = ops[ops[0].isDef() ? 0 : 1].vreg().index();
        uint32_t u = ops[ops[0].isDef() ? 1 : 0].vreg().index();
        partner_[d] = u;
        if (partner_[u] == kNone)
          partner_[u] = d;
      }
    }
    auto succs = in.blockSuccs(b);
    const uint32_t term = r.last - 1;
    for (uint32_t k = 0; k < succs.size(); ++k) {
      auto params = in.blockParams(succs[k]);
      auto args = in.blockBranchArgs(b, k);
      for (size_t j = 0; j < args.size(); ++j) {
        used_[args[j].index()] = 1;
        if (partner_[params[j].index()] == kNone)
          partner_[params[j].index()] = args[j].index();
        if (partner_[args[j].index()] == kNone)
          partner_[args[j].index()] = params[j].index();
      }
    }
    if (succs.size() == 1 && in.blockPreds(succs[0]).size() > 1)
      jumpToJoin_[term] = 1;
  }
}

void Allocator::computeFrequencies() {
  const Input &in = *in_;
  const uint32_t nb = in.numBlocks;
  blockOrder_.resize(nb);
  std::iota(blockOrder_.begin(), blockOrder_.end(), 0u);
  std::sort(blockOrder_.begin(), blockOrder_.end(), [&](uint32_t a, uint32_t b) {
    return in.blockInsts[a].first < in.blockInsts[b].first;
  });
  // rank of each block in layout order, kept in liveEnd_-sized scratch: blockStamp_.
  blockStamp_.assign(nb, 0);
  for (uint32_t k = 0; k < nb; ++k)
    blockStamp_[blockOrder_[k]] = k;
  depthDelta_.assign(nb + 1, 0);
  for (uint32_t b = 0; b < nb; ++b)
    for (uint32_t s : in.blockSuccs(b))
      if (blockStamp_[s] <= blockStamp_[b]) {
        ++depthDelta_[blockStamp_[s]];
        --depthDelta_[blockStamp_[b] + 1];
      }
  freq_.assign(nb, 1.0f);
  int32_t depth = 0;
  for (uint32_t k = 0; k < nb; ++k) {
    depth += depthDelta_[k];
    freq_[blockOrder_[k]] = std::pow(10.0f, float(std::clamp(depth, 0, 6)));
  }
}

Expected<void> Allocator::reserve(PReg r, uint32_t from, uint32_t to, uint32_t inst) {
  OccMap &m = occ_[r.index()];
  auto it = m.upper_bound(to);
  if (it != m.begin() && std::prev(it)->second.to >= from)
    return error(inst, "fixed registers overlap in time");
  m.emplace(from, Occ{to, kReserved});
  return {};
}

Expected<void> Allocator::makeTemps() {
  const Input &in = *in_;
  tempOffsets_.assign(in.numInsts + 1, 0);
  for (uint32_t i = 0; i < in.numInsts; ++i) {
    tempOffsets_[i] = static_cast<uint32_t>(temps_.size());
    const uint32_t firstTemp = tempOffsets_[i];
    auto ops = in.instOperands(i);
    const uint32_t base = in.operandOffsets[i];
    const bool term = isTerminator(i);
    const uint32_t outEnd = term ? posL(i) : posR(i + 1);
    PRegSet fixedDefs;
    // Tied defs first: they claim their input operand.
    for (uint32_t k = 0; k < ops.size(); ++k) {
      const Operand op = ops[k];
      if (!op.isDef() || op.constraint() != Constraint::Reuse)
        continue;
      const Operand use = ops[op.reuseIndex()];
      Temp t{i, op.cls(), PReg(), posW(i), outEnd};
      t.useVReg = use.vreg().index();
      t.defVReg = op.vreg().index();
      if (use.constraint() == Constraint::FixedReg) {
        t.reg = use.fixedReg();
        if (fixedDefs.contains(t.reg))
          return error(i, "two defs fixed to one register");
        fixedDefs.add(t.reg);
        if (auto e = reserve(t.reg, t.from, t.to, i); !e)
          return e;
      }
      opTemp_[base + k] = opTemp_[base + op.reuseIndex()] = static_cast<uint32_t>(temps_.size());
      defTemp_[t.defVReg] = static_cast<uint32_t>(temps_.size());
      temps_.push_back(t);
    }
    for (uint32_t k = 0; k < ops.size(); ++k) {
      const Operand op = ops[k];
      if (opTemp_[base + k] != kNone)
        continue;
      const uint32_t v = op.vreg().index();
      const bool early = op.pos() == OperandPos::Early;
      if (op.isDef()) {
        if (op.constraint() != Constraint::FixedReg)
          continue;
        PReg p = op.fixedReg();
        if (fixedDefs.contains(p))
          return error(i, "two defs fixed to one register");
        fixedDefs.add(p);
        Temp t{i, op.cls(), p, early ? posE(i) : posL(i), outEnd};
        t.defVReg = v;
        if (auto e = reserve(p, t.from, t.to, i); !e)
          return e;
        opTemp_[base + k] = static_cast<uint32_t>(temps_.size());
        defTemp_[v] = static_cast<uint32_t>(temps_.size());
        temps_.push_back(t);
        continue;
      }
      // Uses: fixed ones always, any use of a jump into a join (see the file comment).
      if (op.constraint() != Constraint::FixedReg && !jumpToJoin_[i])
        continue;
      PReg p = op.constraint() == Constraint::FixedReg ? op.fixedReg() : PReg();
      uint32_t to = early ? posE(i) : posL(i);
      uint32_t found = kNone;
      for (uint32_t t = firstTemp; t < temps_.size() && p.isValid(); ++t)
        if (temps_[t].reg == p && temps_[t].defVReg == kNone) {
          if (temps_[t].useVReg != v)
            return error(i, "two vregs used in one fixed register");
          found = t;
          temps_[t].to = std::max(temps_[t].to, to);
        }
      if (found == kNone) {
        Temp t{i, op.cls(), p, posW(i), to};
        t.useVReg = v;
        found = static_cast<uint32_t>(temps_.size());
        temps_.push_back(t);
      }
      opTemp_[base + k] = found;
    }
    // Fixed use registers are reserved once their extent is known.
    for (uint32_t t = firstTemp; t < temps_.size(); ++t)
      if (temps_[t].reg.isValid() && temps_[t].defVReg == kNone)
        if (auto e = reserve(temps_[t].reg, temps_[t].from, temps_[t].to, i); !e)
          return e;
    // Clobbers are writes at L (a def of the instruction in the register wins).
    if (!in.clobbers.empty()) {
      PRegSet clob = in.clobbers[i].without(fixedDefs);
      Expected<void> status;
      clob.forEach([&](PReg r) {
        if (status)
          status = reserve(r, posL(i), posL(i), i);
      });
      if (!status)
        return status;
    }
  }
  tempOffsets_[in.numInsts] = static_cast<uint32_t>(temps_.size());
  tempIds_.resize(temps_.size());
  std::iota(tempIds_.begin(), tempIds_.end(), 0u);
  return {};
}

void Allocator::collectMentions() {
  const Input &in = *in_;
  const uint32_t nv = in.numVRegs;
  auto add = [&](uint32_t v, uint32_t pos, bool needsReg, bool direct, bool isDef, PReg hint) {
    mentions_.push_back(Mention{pos, static_cast<uint32_t>(v), needsReg, direct, isDef,
                                hint.isValid() ? static_cast<uint8_t>(hint.index()) : kNoReg});
  };
  // Collected with the vreg in `block`; bucketed by vreg below.
  for (uint32_t i = 0; i < in.numInsts; ++i) {
    auto ops = in.instOperands(i);
    const uint32_t base = in.operandOffsets[i];
    for (uint32_t k = 0; k < ops.size(); ++k) {
      const Operand op = ops[k];
      const uint32_t v = op.vreg().index();
      const uint32_t t = opTemp_[base + k];
      if (op.isDef() && in.isRemat(i))
        rematInst_[v] = i;
      if (t == kNone) {
        uint32_t pos = op.pos() == OperandPos::Early ? posE(i) : posL(i);
        add(v, pos, op.constraint() == Constraint::Reg, true, op.isDef(), PReg());
      } else if (op.isUse()) {
        add(v, posR(i), false, false, false, temps_[t].reg);
      } else if (!isTerminator(i)) {
        add(v, posW(i + 1), false, false, true, temps_[t].reg);
      }
    }
  }
  for (uint32_t b = 0; b < in.numBlocks; ++b) {
    const uint32_t term = in.blockInsts[b].last - 1;
    auto succs = in.blockSuccs(b);
    for (uint32_t k = 0; k < succs.size(); ++k)
      for (VReg a : in.blockBranchArgs(b, k))
        add(a.index(), jumpToJoin_[term] ? posR(term) : posL(term), false, false, false, PReg());
  }
  // Bucket by vreg (the vreg was parked in `block`), then sort each by position.
  mentionOffsets_.assign(nv + 2, 0);
  for (const Mention &m : mentions_)
    ++mentionOffsets_[m.block + 2];
  for (uint32_t v = 0; v <= nv; ++v)
    mentionOffsets_[v + 1] += mentionOffsets_[v];
  std::vector<Mention> &sorted = scratchMentions_;
  sorted.resize(mentions_.size());
  for (const Mention &m : mentions_) {
    Mention x = m;
    uint32_t v = m.block;
    x.block = blockOfInst_[instOf(m.pos)];
    sorted[mentionOffsets_[v + 1]++] = x;
  }
  mentions_.swap(sorted);
  for (uint32_t v = 0; v < nv; ++v)
    std::sort(mentions_.begin() + mentionOffsets_[v], mentions_.begin() + mentionOffsets_[v + 1],
              [](const Mention &a, const Mention &b) { return a.pos < b.pos; });
}

std::pair<uint32_t, uint32_t> Allocator::mentionRange(uint32_t v, uint32_t from,
                                                      uint32_t to) const {
  auto b = mentions_.begin() + mentionOffsets_[v], e = mentions_.begin() + mentionOffsets_[v + 1];
  auto lo = std::lower_bound(b, e, from, [](const Mention &m, uint32_t p) { return m.pos < p; });
  auto hi = std::upper_bound(lo, e, to, [](uint32_t p, const Mention &m) { return p < m.pos; });
  return {static_cast<uint32_t>(lo - mentions_.begin()), static_cast<uint32_t>(hi - mentions_.begin())};
}

Expected<void> Allocator::computeLiveIns() {
  const Input &in = *in_;
  const uint32_t nb = in.numBlocks;
  blockStamp_.assign(nb, 0);
  std::vector<uint32_t> &stack = liveList_;
  for (uint32_t v = 0; v < in.numVRegs; ++v) {
    for (uint32_t m = mentionOffsets_[v]; m < mentionOffsets_[v + 1]; ++m) {
      const Mention &mn = mentions_[m];
      if (mn.isDef || mn.block == defBlock_[v])
        continue;
      stack.clear();
      stack.push_back(mn.block);
      while (!stack.empty()) {
        uint32_t x = stack.back();
        stack.pop_back();
        if (x == defBlock_[v] || blockStamp_[x] == v + 1)
          continue;
        blockStamp_[x] = v + 1;
        if (x == in.entryBlock)
          return error(in.blockInsts[x].first,
                       "vreg v" + std::to_string(v) + " is live into the entry block");
        liveInPairs_.push_back({x, v});
        for (uint32_t p : in.blockPreds(x))
          stack.push_back(p);
      }
    }
  }
  liveInOffsets_.assign(nb + 2, 0);
  for (auto [b, v] : liveInPairs_)
    ++liveInOffsets_[b + 2];
  for (uint32_t b = 0; b <= nb; ++b)
    liveInOffsets_[b + 1] += liveInOffsets_[b];
  liveIn_.resize(liveInPairs_.size());
  for (auto [b, v] : liveInPairs_)
    liveIn_[liveInOffsets_[b + 1]++] = v;
  liveInOffsets_.pop_back();
  return {};
}

void Allocator::buildSegments() {
  const Input &in = *in_;
  auto emit = [&](uint32_t v, uint32_t from, uint32_t to, SegStart start) {
    segBuild_.push_back({v, Seg{from, to, start}});
  };
  for (uint32_t b = in.numBlocks; b-- > 0;) {
    const InstRange range = in.blockInsts[b];
    const uint32_t term = range.last - 1;
    liveList_.clear();
    auto setLive = [&](uint32_t v, uint32_t pos) {
      if (liveEnd_[v] == kNone) {
        liveEnd_[v] = pos;
        liveList_.push_back(v);
      } else {
        liveEnd_[v] = std::max(liveEnd_[v], pos);
      }
    };
    auto succs = in.blockSuccs(b);
    for (uint32_t k = 0; k < succs.size(); ++k) {
      for (uint32_t v : liveInOf(succs[k]))
        setLive(v, posL(term));
      auto args = in.blockBranchArgs(b, k);
      if (jumpToJoin_[term]) {
        for (VReg a : args)
          setLive(a.index(), posR(term));
        for (VReg p : in.blockParams(succs[k]))
          if (used_[p.index()])
            emit(p.index(), posW(term), posL(term), SegStart::EdgeDef);
      } else {
        for (VReg a : args)
          setLive(a.index(), posL(term));
      }
    }
    for (uint32_t i = range.last; i-- > range.first;) {
      auto ops = in.instOperands(i);
      const uint32_t base = in.operandOffsets[i];
      for (uint32_t k = 0; k < ops.size(); ++k) {
        const Operand op = ops[k];
        if (!op.isDef())
          continue;
        const uint32_t v = op.vreg().index();
        const uint32_t end = liveEnd_[v];
        if (opTemp_[base + k] != kNone) {
          if (i != term && end != kNone && end >= posW(i + 1))
            emit(v, posW(i + 1), end, SegStart::Def);
        } else {
          const bool early = op.pos() == OperandPos::Early;
          uint32_t from = early ? posE(i) : posL(i);
          emit(v, from, end != kNone ? std::max(end, posL(i)) : posL(i), SegStart::Def);
        }
        liveEnd_[v] = kNone;
      }
      for (uint32_t k = 0; k < ops.size(); ++k) {
        const Operand op = ops[k];
        if (!op.isUse())
          continue;
        uint32_t pos = opTemp_[base + k] != kNone               ? posR(i)
                       : op.pos() == OperandPos::Early ? posE(i)
                                                       : posL(i);
        setLive(op.vreg().index(), pos);
      }
    }
    for (uint32_t v : liveList_)
      if (liveEnd_[v] != kNone) {
        emit(v, posR(range.first), liveEnd_[v], SegStart::Entry);
        liveEnd_[v] = kNone;
      }
  }
  // Bucket by vreg, sorted by position.
  const uint32_t nv = in.numVRegs;
  segOffsets_.assign(nv + 2, 0);
  for (const auto &[v, s] : segBuild_)
    ++segOffsets_[v + 2];
  for (uint32_t v = 0; v <= nv; ++v)
    segOffsets_[v + 1] += segOffsets_[v];
  segPool_.resize(segBuild_.size());
  for (const auto &[v, s] : segBuild_)
    segPool_[segOffsets_[v + 1]++] = s;
  for (uint32_t v = 0; v < nv; ++v)
    std::sort(segPool_.begin() + segOffsets_[v], segPool_.begin() + segOffsets_[v + 1],
              [](const Seg &a, const Seg &b) { return a.from < b.from; });
}

void Allocator::makeInitialPieces() {
  const uint32_t nv = in_->numVRegs;
  // The initial segments sit at the front of segPool_, bucketed by vreg: each whole piece
  // views its bucket directly.
  for (uint32_t v = 0; v < nv; ++v) {
    if (segOffsets_[v] == segOffsets_[v + 1])
      continue;
    Piece p;
    p.vreg = v;
    p.cls = cls_[v];
    p.stage = kStageWhole;
    p.segBegin = segOffsets_[v];
    p.segEnd = segOffsets_[v + 1];
    pieces_.push_back(p);
    pieceStamp_.push_back(0);
    finishPiece(static_cast<uint32_t>(pieces_.size() - 1));
    enqueue(static_cast<uint32_t>(pieces_.size() - 1));
  }
  for (uint32_t t = 0; t < temps_.size(); ++t) {
    if (temps_[t].reg.isValid())
      continue;
    uint32_t id = newPiece(kNone, t, temps_[t].cls, kStageTiny);
    segPool_.push_back(Seg{temps_[t].from, temps_[t].to, SegStart::Def});
    pieces_[id].segEnd = static_cast<uint32_t>(segPool_.size());
    temps_[t].piece = id;
    finishPiece(id);
    enqueue(id);
  }
}

} // namespace irc::regalloc::exp
