// ControlFlowGraph construction: successors per block from its terminator, then
// predecessors by a counting sort, both into flat arrays indexed by block number.
#include "codegen/analysis/ControlFlowGraph.h"

#include <vector>

namespace irc::ir {

void ControlFlowGraph::branchTargets(const DataFlowGraph &dfg, Inst inst,
                                     std::vector<BlockCall> &out) {
  out.clear();
  if (!dfg.isValidInst(inst))
    return;
  const InstData &d = dfg.inst(inst);
  switch (d.format()) {
  case Format::Jump:
    out.push_back(d.jumpDest());
    return;
  case Format::Brif:
    out.push_back(d.brifThen());
    out.push_back(d.brifElse());
    return;
  case Format::BranchTable:
    if (dfg.jumpTables.contains(d.jumpTable()))
      out = dfg.jumpTables[d.jumpTable()].entries;
    return;
  case Format::TryCall:
  case Format::TryCallIndirect:
    if (dfg.exceptionTables.contains(d.exceptionTable())) {
      const ExceptionTableData &et = dfg.exceptionTables[d.exceptionTable()];
      out.push_back(et.normalReturn);
      for (const ExceptionTableItem &item : et.items)
        if (item.kind != ExceptionTableItem::Kind::Context)
          out.push_back(item.handler);
    }
    return;
  // No successors.
  case Format::NullAry:
  case Format::Unary:
  case Format::UnaryImm:
  case Format::UnaryIeee16:
  case Format::UnaryIeee32:
  case Format::UnaryIeee64:
  case Format::UnaryConst:
  case Format::UnaryGlobalValue:
  case Format::Binary:
  case Format::BinaryImm8:
  case Format::Ternary:
  case Format::TernaryImm8:
  case Format::Shuffle:
  case Format::IntCompare:
  case Format::FloatCompare:
  case Format::Call:
  case Format::CallIndirect:
  case Format::FuncAddr:
  case Format::MultiAry:
  case Format::Load:
  case Format::LoadNoOffset:
  case Format::Store:
  case Format::StoreNoOffset:
  case Format::AtomicRmw:
  case Format::AtomicCas:
  case Format::StackLoad:
  case Format::DynamicStackLoad:
  case Format::DynamicStackStore:
  case Format::Trap:
  case Format::CondTrap:
  case Format::IntAddTrap:
  case Format::ExceptionHandlerAddress:
    return;
  }
}

void ControlFlowGraph::compute(const Function &func) {
  const DataFlowGraph &dfg = func.dfg;
  const Layout &layout = func.layout;
  const uint32_t n = dfg.numBlocks();

  // A target counts if it is a real block placed in the layout.
  auto targetOf = [&](BlockCall bc) -> Block {
    if (!dfg.isValidBlockCall(bc))
      return Block();
    Block t = dfg.blockCallTarget(bc);
    return dfg.isValidBlock(t) && layout.isBlockInserted(t) ? t : Block();
  };

  // Pass 1: successors in block-number order (so one offsets array describes them),
  // deduplicated with a per-target stamp holding the source block number + 1.
  succOffsets_.assign(n + 1, 0);
  succs_.clear();
  std::vector<uint32_t> stamp(n, 0);
  std::vector<uint32_t> predCount(n, 0);
  std::vector<BlockCall> targets;
  for (uint32_t i = 0; i < n; ++i) {
    Block b(i);
    succOffsets_[i] = static_cast<uint32_t>(succs_.size());
    if (!layout.isBlockInserted(b))
      continue;
    Inst last = layout.lastInst(b);
    if (!last.isValid() || !dfg.isValidInst(last) || !dfg.inst(last).info().isTerminator())
      continue;
    branchTargets(dfg, last, targets);
    for (BlockCall bc : targets) {
      Block t = targetOf(bc);
      if (!t.isValid() || stamp[t.index()] == i + 1)
        continue;
      stamp[t.index()] = i + 1;
      succs_.push_back(t);
      ++predCount[t.index()];
    }
  }
  succOffsets_[n] = static_cast<uint32_t>(succs_.size());

  // Pass 2: predecessors by counting sort; walking the layout keeps each list in layout
  // order of the predecessor blocks.
  predOffsets_.assign(n + 1, 0);
  for (uint32_t i = 0; i < n; ++i)
    predOffsets_[i + 1] = predOffsets_[i] + predCount[i];
  preds_.assign(predOffsets_[n], BlockPredecessor{});
  std::vector<uint32_t> fill(predOffsets_.begin(), predOffsets_.end() - 1);
  for (Block b : layout.blocks()) {
    if (!dfg.isValidBlock(b))
      continue;
    Inst last = layout.lastInst(b);
    for (Block t : succs(b))
      preds_[fill[t.index()]++] = BlockPredecessor{b, last};
  }
}

} // namespace irc::ir
