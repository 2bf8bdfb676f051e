// ControlFlowGraph: the successors and predecessors of every block, read from the
// terminator that ends each block in the layout.
//
// What always holds after compute():
// - Edges come only from the last instruction of a block in the layout, and only to
//   blocks that exist and are in the layout. Malformed references (a branch to a block
//   that is not inserted, a jump table index out of range) are skipped, so the graph
//   can be built before the verifier has looked at the function.
// - succs(b) lists each successor once, in the order the terminator names them
//   (brif: then, else; br_table: default, then the table; try_call: normal return,
//   then the handlers). preds(b) lists each predecessor block once, in layout order,
//   with the branch instruction that reaches b.
// - Storage is linear in the function: two compressed arrays indexed by block number.
#pragma once

#include "codegen/ir/Entities.h"
#include "codegen/ir/Function.h"

#include <cstdint>
#include <span>
#include <vector>

namespace irc::ir {

/// One incoming edge: the predecessor block and its terminator.
struct BlockPredecessor {
  Block block;
  Inst inst;

  friend bool operator==(const BlockPredecessor &a, const BlockPredecessor &b) {
    return a.block == b.block && a.inst == b.inst;
  }
};

class ControlFlowGraph {
public:
  ControlFlowGraph() = default;
  explicit ControlFlowGraph(const Function &func) { compute(func); }

  /// Rebuilds the graph from scratch for the function's current layout.
  void compute(const Function &func);

  std::span<const Block> succs(Block b) const { return slice(succs_, succOffsets_, b); }
  std::span<const BlockPredecessor> preds(Block b) const { return slice(preds_, predOffsets_, b); }

  /// Number of block entities the graph covers (the DFG's block count when computed).
  uint32_t numBlocks() const {
    return succOffsets_.empty() ? 0 : static_cast<uint32_t>(succOffsets_.size() - 1);
  }

  /// Appends the edges of a terminator to `out` (cleared first) in the order the
  /// terminator names them, duplicates included. Tables or handles that do not exist are
  /// skipped, so this is safe on unverified instructions.
  static void branchTargets(const DataFlowGraph &dfg, Inst inst, std::vector<BlockCall> &out);

private:
  template <typename T>
  static std::span<const T> slice(const std::vector<T> &items, const std::vector<uint32_t> &offsets,
                                  Block b) {
    if (!b.isValid() || b.index() + 1 >= offsets.size())
      return {};
    return std::span<const T>(items.data() + offsets[b.index()],
                              offsets[b.index() + 1] - offsets[b.index()]);
  }

  std::vector<uint32_t> succOffsets_; // numBlocks + 1 entries
  std::vector<Block> succs_;
  std::vector<uint32_t> predOffsets_; // numBlocks + 1 entries
  std::vector<BlockPredecessor> preds_;
};

} // namespace irc::ir
