// Layout: the order of blocks in a function and of instructions in each block.
//
// Both are doubly linked lists kept in side tables keyed by entity, so inserting or
// removing never moves data. Instructions carry sequence numbers that increase along
// their block, which makes "does a come before b" a comparison.
#pragma once

#include "codegen/ir/Entities.h"
#include "codegen/ir/EntityMap.h"

#include <cstdint>
#include <optional>

namespace irc::ir {

class Layout {
public:
  // ---- Blocks ----
  void appendBlock(Block b);
  void insertBlockAfter(Block b, Block after);
  void removeBlock(Block b); // the block must be empty
  bool isBlockInserted(Block b) const { return blocks_[b].inserted; }
  std::optional<Block> entryBlock() const {
    return first_.isValid() ? std::optional<Block>(first_) : std::nullopt;
  }
  Block firstBlock() const { return first_; }
  Block lastBlock() const { return last_; }
  Block nextBlock(Block b) const { return blocks_[b].next; }
  Block prevBlock(Block b) const { return blocks_[b].prev; }
  uint32_t numBlocks() const { return numBlocks_; }

  // ---- Instructions ----
  void appendInst(Inst i, Block b);
  void insertInstBefore(Inst i, Inst before);
  void insertInstAfter(Inst i, Inst after);
  void removeInst(Inst i);
  bool isInstInserted(Inst i) const { return insts_[i].block.isValid(); }
  Block instBlock(Inst i) const { return insts_[i].block; }
  Inst firstInst(Block b) const { return blocks_[b].first; }
  Inst lastInst(Block b) const { return blocks_[b].last; }
  Inst nextInst(Inst i) const { return insts_[i].next; }
  Inst prevInst(Inst i) const { return insts_[i].prev; }
  /// True if a comes before b; both must be in the same block.
  bool precedes(Inst a, Inst b) const { return insts_[a].seq < insts_[b].seq; }

  // Range-for helpers: for (Block b : layout.blocks()), for (Inst i : layout.insts(b)).
  template <typename E, typename Next> struct Range {
    E first;
    const Layout *layout;
    Next next;
    struct It {
      E cur;
      const Layout *layout;
      Next next;
      E operator*() const { return cur; }
      It &operator++() {
        cur = next(*layout, cur);
        return *this;
      }
      bool operator!=(const It &o) const { return cur != o.cur; }
    };
    It begin() const { return {first, layout, next}; }
    It end() const { return {E(), layout, next}; }
  };
  struct NextBlock {
    Block operator()(const Layout &l, Block b) const { return l.nextBlock(b); }
  };
  struct NextInst {
    Inst operator()(const Layout &l, Inst i) const { return l.nextInst(i); }
  };
  Range<Block, NextBlock> blocks() const { return {first_, this, NextBlock{}}; }
  Range<Inst, NextInst> insts(Block b) const { return {firstInst(b), this, NextInst{}}; }

private:
  struct BlockNode {
    Block prev, next;
    Inst first, last;
    bool inserted = false;
  };
  struct InstNode {
    Block block;
    Inst prev, next;
    uint32_t seq = 0;
  };
  static constexpr uint32_t kSeqStride = 16;
  void renumber(Block b);

  SecondaryMap<Block, BlockNode> blocks_;
  SecondaryMap<Inst, InstNode> insts_;
  Block first_, last_;
  uint32_t numBlocks_ = 0;
};

} // namespace irc::ir
