#include "codegen/ir/Layout.h"

#include <cassert>

namespace irc::ir {

void Layout::appendBlock(Block b) {
  assert(!blocks_[b].inserted);
  BlockNode &n = blocks_[b];
  n.inserted = true;
  n.prev = last_;
  n.next = Block();
  if (last_.isValid())
    blocks_[last_].next = b;
  else
    first_ = b;
  last_ = b;
  ++numBlocks_;
}

void Layout::insertBlockAfter(Block b, Block after) {
  assert(!blocks_[b].inserted && blocks_[after].inserted);
  Block next = blocks_[after].next;
  BlockNode &n = blocks_[b];
  n.inserted = true;
  n.prev = after;
  n.next = next;
  blocks_[after].next = b;
  if (next.isValid())
    blocks_[next].prev = b;
  else
    last_ = b;
  ++numBlocks_;
}

void Layout::removeBlock(Block b) {
  BlockNode &n = blocks_[b];
  assert(n.inserted && !n.first.isValid());
  if (n.prev.isValid())
    blocks_[n.prev].next = n.next;
  else
    first_ = n.next;
  if (n.next.isValid())
    blocks_[n.next].prev = n.prev;
  else
    last_ = n.prev;
  n = BlockNode{};
  --numBlocks_;
}

void Layout::appendInst(Inst i, Block b) {
  assert(blocks_[b].inserted && !insts_[i].block.isValid());
  BlockNode &bn = blocks_[b];
  InstNode &in = insts_[i];
  in.block = b;
  in.prev = bn.last;
  in.next = Inst();
  if (bn.last.isValid()) {
    uint32_t prevSeq = insts_[bn.last].seq;
    insts_[bn.last].next = i;
    in.seq = prevSeq + kSeqStride;
    if (in.seq < prevSeq) // wrapped: make room
      renumber(b);
  } else {
    bn.first = i;
    in.seq = kSeqStride;
  }
  bn.last = i;
}

void Layout::insertInstBefore(Inst i, Inst before) {
  Block b = insts_[before].block;
  assert(b.isValid() && !insts_[i].block.isValid());
  Inst prev = insts_[before].prev;
  InstNode &in = insts_[i];
  in.block = b;
  in.prev = prev;
  in.next = before;
  insts_[before].prev = i;
  if (prev.isValid())
    insts_[prev].next = i;
  else
    blocks_[b].first = i;
  uint32_t lo = prev.isValid() ? insts_[prev].seq : 0;
  uint32_t hi = insts_[before].seq;
  if (hi - lo >= 2)
    in.seq = lo + (hi - lo) / 2;
  else
    renumber(b);
}

void Layout::insertInstAfter(Inst i, Inst after) {
  Inst next = insts_[after].next;
  if (next.isValid())
    insertInstBefore(i, next);
  else
    appendInst(i, insts_[after].block);
}

void Layout::removeInst(Inst i) {
  InstNode &in = insts_[i];
  Block b = in.block;
  assert(b.isValid());
  if (in.prev.isValid())
    insts_[in.prev].next = in.next;
  else
    blocks_[b].first = in.next;
  if (in.next.isValid())
    insts_[in.next].prev = in.prev;
  else
    blocks_[b].last = in.prev;
  in = InstNode{};
}

void Layout::renumber(Block b) {
  uint32_t seq = kSeqStride;
  for (Inst i = blocks_[b].first; i.isValid(); i = insts_[i].next) {
    insts_[i].seq = seq;
    seq += kSeqStride;
  }
}

} // namespace irc::ir
