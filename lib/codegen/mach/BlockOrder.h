// BlockOrder: the order in which a function's blocks are lowered and laid out, with the
// critical edges split (Cranelift's machinst/blockorder.rs).
//
// What always holds after construction:
// - blocks() lists exactly the blocks reachable from the entry, entry first, in reverse
//   postorder of a depth-first walk (iterative, any depth) that visits each block's edges
//   so the first edge's target tends to follow its block (fallthrough); then the cold
//   blocks are moved to the end, keeping their relative order. Unreachable blocks are
//   dropped.
// - Every edge is counted, so a brif to one block twice is two edges. An edge from a
//   block with several outgoing edges (or from a try_call, whose results feed the edge)
//   into a block with several incoming edges is split: an edge block is inserted that
//   only jumps on. The split edge's arguments travel on the edge block's jump; the
//   predecessor's branch passes none on that edge. So no lowered edge is critical.
// - succs(b) lists block b's successors as lowered indices, one per edge, in the order
//   the IR terminator names its edges (brif: then, else; br_table: default, then the
//   table; try_call: normal return, then handlers). An edge block has one successor.
// - lowerOrder() is the same blocks in reverse postorder before cold blocks moved: each
//   block comes after its dominators, which lowering relies on (it walks it backward so a
//   value's uses are lowered before its definition).
#pragma once

#include "codegen/ir/Function.h"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace irc::mach {

struct LoweredBlock {
  /// The IR block this is, or (for an edge block) the block the edge leaves.
  ir::Block irBlock;
  /// Edge blocks: the edge's index among irBlock's terminator edges, and its target.
  uint32_t edgeIndex = 0;
  ir::Block edgeTarget;
  bool isEdge = false;
  bool cold = false;
};

class BlockOrder {
public:
  explicit BlockOrder(const ir::Function &func);

  uint32_t numBlocks() const { return static_cast<uint32_t>(blocks_.size()); }
  std::span<const LoweredBlock> blocks() const { return blocks_; }
  const LoweredBlock &block(uint32_t b) const { return blocks_[b]; }
  std::span<const uint32_t> succs(uint32_t b) const {
    return std::span<const uint32_t>(succs_).subspan(succOffsets_[b],
                                                     succOffsets_[b + 1] - succOffsets_[b]);
  }
  std::span<const uint32_t> lowerOrder() const { return lowerOrder_; }
  /// The lowered index of an IR block, or kNone if it is unreachable.
  uint32_t indexOf(ir::Block b) const {
    return b.index() < indexOfIr_.size() ? indexOfIr_[b.index()] : kNone;
  }
  /// For IR block b's edge k: true if it was split (its target is an edge block).
  bool isSplit(uint32_t loweredBlock, uint32_t edge) const {
    return blocks_[succs(loweredBlock)[edge]].isEdge && !blocks_[loweredBlock].isEdge;
  }
  /// A short description for listings: "block3" or "edge block3 -> block5".
  std::string describe(const ir::Function &func, uint32_t b) const;

  static constexpr uint32_t kNone = ~0u;

private:
  std::vector<LoweredBlock> blocks_;
  std::vector<uint32_t> succOffsets_, succs_;
  std::vector<uint32_t> lowerOrder_;
  std::vector<uint32_t> indexOfIr_;
};

} // namespace irc::mach
