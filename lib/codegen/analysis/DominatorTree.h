// DominatorTree: immediate dominators of the blocks reachable from the entry block,
// computed with the iterative algorithm of Cooper, Harvey and Kennedy ("A Simple, Fast
// Dominance Algorithm", 2001) over a reverse postorder.
//
// What always holds after compute():
// - rpo() lists exactly the blocks reachable from the entry block, entry first, in
//   reverse postorder of a depth-first walk that visits successors in
//   ControlFlowGraph::succs order. The walk uses an explicit stack, never recursion, so
//   deep or long CFGs (100k blocks in a chain) cannot overflow the native stack.
// - idom(entry) and idom(unreachable block) are invalid; every other reachable block's
//   idom is a reachable block earlier in rpo().
// - Dominance queries are O(1): each reachable block carries its interval in a preorder
//   walk of the dominator tree, and a dominates b iff a's interval contains b's.
// - An unreachable block dominates only itself and is dominated only by itself.
// - Memory is a few arrays of 32-bit words per block.
#pragma once

#include "codegen/analysis/ControlFlowGraph.h"
#include "codegen/ir/Function.h"

#include <cstdint>
#include <span>
#include <vector>

namespace irc::ir {

class DominatorTree {
public:
  DominatorTree() = default;
  DominatorTree(const Function &func, const ControlFlowGraph &cfg) { compute(func, cfg); }

  void compute(const Function &func, const ControlFlowGraph &cfg);

  /// Reachable blocks in reverse postorder, the entry block first.
  std::span<const Block> rpo() const { return rpo_; }
  bool isReachable(Block b) const { return rpoNumber(b) != kUnreachable; }
  /// Position of b in rpo(), or kUnreachable.
  uint32_t rpoNumber(Block b) const {
    return b.isValid() && b.index() < nodes_.size() ? nodes_[b.index()].rpo : kUnreachable;
  }
  /// The immediate dominator; invalid for the entry block and unreachable blocks.
  Block idom(Block b) const { return isReachable(b) ? nodes_[b.index()].idom : Block(); }

  /// True if every path from the entry to b goes through a (a block dominates itself).
  bool dominates(Block a, Block b) const {
    if (a == b)
      return true;
    if (!isReachable(a) || !isReachable(b))
      return false;
    const Node &na = nodes_[a.index()], &nb = nodes_[b.index()];
    return na.preIn <= nb.preIn && nb.preOut <= na.preOut;
  }
  /// Instruction dominance (an instruction dominates itself). Both must be in the layout.
  bool dominates(Inst a, Inst b, const Layout &layout) const {
    Block ba = layout.instBlock(a), bb = layout.instBlock(b);
    if (ba == bb)
      return a == b || layout.precedes(a, b);
    return dominates(ba, bb);
  }
  /// True if value v is available at instruction `use`: a block parameter whose block
  /// dominates the use, or a result of an instruction strictly before the use on every
  /// path. Aliases are resolved first; v and `use` must be in the layout.
  bool dominates(Value v, Inst use, const DataFlowGraph &dfg, const Layout &layout) const;

  static constexpr uint32_t kUnreachable = 0xffffffffu;

private:
  struct Node {
    uint32_t rpo = kUnreachable;
    Block idom;
    uint32_t preIn = 0, preOut = 0; // dominator-tree preorder interval
  };
  void computeRpo(const Function &func, const ControlFlowGraph &cfg);
  void computeIdoms(const ControlFlowGraph &cfg);
  void computePreorder();

  std::vector<Node> nodes_; // indexed by block number
  std::vector<Block> rpo_;
};

} // namespace irc::ir
