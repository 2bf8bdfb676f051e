// DominatorTree construction: an iterative depth-first walk for the reverse postorder,
// Cooper-Harvey-Kennedy for immediate dominators, and an iterative preorder walk of the
// resulting tree for O(1) dominance queries. Every step is linear in the CFG (the CHK
// fixpoint needs a few sweeps on reducible graphs).
#include "codegen/analysis/DominatorTree.h"

#include <optional>
#include <span>
#include <utility>
#include <vector>

namespace irc::ir {

void DominatorTree::compute(const Function &func, const ControlFlowGraph &cfg) {
  nodes_.assign(cfg.numBlocks(), Node{});
  rpo_.clear();
  computeRpo(func, cfg);
  computeIdoms(cfg);
  computePreorder();
}

void DominatorTree::computeRpo(const Function &func, const ControlFlowGraph &cfg) {
  std::optional<Block> entry = func.layout.entryBlock();
  if (!entry || entry->index() >= nodes_.size())
    return;
  // Depth-first walk with an explicit stack of (block, next successor to visit). `rpo`
  // doubles as the visited mark while the walk runs (0 = seen); real numbers come after.
  std::vector<std::pair<Block, uint32_t>> stack;
  std::vector<Block> postorder;
  nodes_[entry->index()].rpo = 0;
  stack.emplace_back(*entry, 0);
  while (!stack.empty()) {
    auto &[block, next] = stack.back();
    std::span<const Block> succs = cfg.succs(block);
    if (next < succs.size()) {
      Block s = succs[next++];
      if (nodes_[s.index()].rpo == kUnreachable) {
        nodes_[s.index()].rpo = 0;
        stack.emplace_back(s, 0); // invalidates `block` and `next`; the loop re-reads them
      }
      continue;
    }
    postorder.push_back(block);
    stack.pop_back();
  }
  rpo_.assign(postorder.rbegin(), postorder.rend());
  for (uint32_t i = 0; i < rpo_.size(); ++i)
    nodes_[rpo_[i].index()].rpo = i;
}

void DominatorTree::computeIdoms(const ControlFlowGraph &cfg) {
  if (rpo_.empty())
    return;
  // Work on rpo numbers: the entry is 0 and a dominator always has a smaller number, so
  // the two-finger intersection walks up whichever finger is further from the entry.
  constexpr uint32_t kUndefined = kUnreachable;
  std::vector<uint32_t> idom(rpo_.size(), kUndefined);
  idom[0] = 0;
  auto intersect = [&](uint32_t a, uint32_t b) {
    while (a != b) {
      while (a > b)
        a = idom[a];
      while (b > a)
        b = idom[b];
    }
    return a;
  };
  bool changed = true;
  while (changed) {
    changed = false;
    for (uint32_t i = 1; i < rpo_.size(); ++i) {
      uint32_t newIdom = kUndefined;
      for (const BlockPredecessor &pred : cfg.preds(rpo_[i])) {
        uint32_t p = nodes_[pred.block.index()].rpo;
        if (p == kUnreachable || idom[p] == kUndefined)
          continue; // unreachable, or not processed yet on this first sweep
        newIdom = newIdom == kUndefined ? p : intersect(p, newIdom);
      }
      if (newIdom != idom[i]) {
        idom[i] = newIdom;
        changed = true;
      }
    }
  }
  for (uint32_t i = 1; i < rpo_.size(); ++i)
    nodes_[rpo_[i].index()].idom = rpo_[idom[i]];
}

void DominatorTree::computePreorder() {
  const uint32_t n = static_cast<uint32_t>(rpo_.size());
  if (n == 0)
    return;
  // Children of each node (by rpo number) in a compressed array, in rpo order.
  std::vector<uint32_t> childBegin(n + 1, 0);
  for (uint32_t i = 1; i < n; ++i)
    ++childBegin[nodes_[nodes_[rpo_[i].index()].idom.index()].rpo + 1];
  for (uint32_t i = 0; i < n; ++i)
    childBegin[i + 1] += childBegin[i];
  std::vector<uint32_t> children(n > 0 ? n - 1 : 0);
  std::vector<uint32_t> fill(childBegin.begin(), childBegin.end() - 1);
  for (uint32_t i = 1; i < n; ++i)
    children[fill[nodes_[nodes_[rpo_[i].index()].idom.index()].rpo]++] = i;

  // Iterative preorder walk: preIn on entry; preOut is the largest preIn in the subtree.
  uint32_t counter = 0;
  std::vector<std::pair<uint32_t, uint32_t>> stack; // (rpo number, next child slot)
  nodes_[rpo_[0].index()].preIn = counter++;
  stack.emplace_back(0, childBegin[0]);
  while (!stack.empty()) {
    auto &[node, next] = stack.back();
    if (next < childBegin[node + 1]) {
      uint32_t child = children[next++];
      nodes_[rpo_[child].index()].preIn = counter++;
      stack.emplace_back(child, childBegin[child]);
      continue;
    }
    nodes_[rpo_[node].index()].preOut = counter - 1;
    stack.pop_back();
  }
}

bool DominatorTree::dominates(Value v, Inst use, const DataFlowGraph &dfg,
                              const Layout &layout) const {
  v = dfg.resolveAliases(v);
  const ValueData &d = dfg.valueData(v);
  Block useBlock = layout.instBlock(use);
  switch (d.kind) {
  case ValueKind::Param:
    return dominates(Block(d.owner), useBlock);
  case ValueKind::Result: {
    Inst def(d.owner);
    Block defBlock = layout.instBlock(def);
    if (defBlock == useBlock)
      return def != use && layout.precedes(def, use);
    return dominates(defBlock, useBlock);
  }
  case ValueKind::Alias: // an alias cycle: defined nowhere
    return false;
  }
  return false;
}

} // namespace irc::ir
