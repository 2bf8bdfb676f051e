// BlockOrder construction (see BlockOrder.h for what holds).
//
// 1. Edges of every reachable IR block, from its terminator, and incoming-edge counts.
// 2. A graph over "nodes" = IR blocks plus one node per split edge; an iterative DFS over
//    it gives the postorder, reversed into the lowering order.
// 3. Stable partition of that order into hot then cold: the layout order.
// Everything is arrays indexed by block or node number: linear in the function.
#include "codegen/mach/BlockOrder.h"

#include "codegen/analysis/ControlFlowGraph.h"

namespace irc::mach {

BlockOrder::BlockOrder(const ir::Function &func) {
  const ir::DataFlowGraph &dfg = func.dfg;
  const uint32_t numIr = dfg.numBlocks();
  indexOfIr_.assign(numIr, kNone);
  auto entry = func.layout.entryBlock();
  if (!entry)
    return;

  // 1. Edges, found by a first DFS that also marks reachability.
  std::vector<uint32_t> edgeStart(numIr, kNone), edgeCount(numIr, 0);
  std::vector<ir::Block> edgeTargets;
  std::vector<uint32_t> incoming(numIr, 0);
  std::vector<uint8_t> reached(numIr, 0);
  std::vector<ir::BlockCall> calls;
  {
    std::vector<ir::Block> stack{*entry};
    reached[entry->index()] = 1;
    while (!stack.empty()) {
      ir::Block b = stack.back();
      stack.pop_back();
      edgeStart[b.index()] = static_cast<uint32_t>(edgeTargets.size());
      ir::Inst term = func.layout.lastInst(b);
      if (term.isValid())
        ir::ControlFlowGraph::branchTargets(dfg, term, calls);
      else
        calls.clear();
      for (ir::BlockCall bc : calls) {
        ir::Block t = dfg.blockCallTarget(bc);
        edgeTargets.push_back(t);
        ++incoming[t.index()];
        if (!reached[t.index()]) {
          reached[t.index()] = 1;
          stack.push_back(t);
        }
      }
      edgeCount[b.index()] = static_cast<uint32_t>(edgeTargets.size()) - edgeStart[b.index()];
    }
  }
  auto isTryCall = [&](ir::Block b) {
    ir::Inst term = func.layout.lastInst(b);
    if (!term.isValid())
      return false;
    ir::Opcode op = dfg.opcode(term);
    return op == ir::Opcode::TryCall || op == ir::Opcode::TryCallIndirect;
  };

  // 2. Nodes: IR block b is node b; split edge e (global edge number) is node numIr + k.
  std::vector<uint32_t> edgeNode(edgeTargets.size(), kNone);
  uint32_t numNodes = numIr;
  std::vector<uint32_t> edgeOfNode; // for split-edge nodes: the global edge number
  std::vector<ir::Block> fromOfNode;
  for (uint32_t b = 0; b < numIr; ++b) {
    if (!reached[b])
      continue;
    uint32_t n = edgeCount[b];
    bool manyOut = n > 1 || isTryCall(ir::Block(b));
    for (uint32_t k = 0; k < n; ++k) {
      uint32_t e = edgeStart[b] + k;
      if (manyOut && incoming[edgeTargets[e].index()] > 1) {
        edgeNode[e] = numNodes++;
        edgeOfNode.push_back(e);
        fromOfNode.push_back(ir::Block(b));
      }
    }
  }
  auto nodeSuccCount = [&](uint32_t node) -> uint32_t {
    return node < numIr ? edgeCount[node] : 1;
  };
  auto nodeSucc = [&](uint32_t node, uint32_t k) -> uint32_t {
    if (node >= numIr)
      return edgeTargets[edgeOfNode[node - numIr]].index();
    uint32_t e = edgeStart[node] + k;
    return edgeNode[e] != kNone ? edgeNode[e] : edgeTargets[e].index();
  };

  // Iterative DFS. Edges are visited last to first, so the first edge's target is the
  // last child finished and lands right after its block in reverse postorder.
  std::vector<uint32_t> post;
  post.reserve(numNodes);
  {
    std::vector<uint8_t> seen(numNodes, 0);
    struct Frame {
      uint32_t node;
      uint32_t next; // edges still to visit: next-1 down to 0
    };
    std::vector<Frame> stack;
    seen[entry->index()] = 1;
    stack.push_back({entry->index(), nodeSuccCount(entry->index())});
    while (!stack.empty()) {
      Frame &f = stack.back();
      if (f.next == 0) {
        post.push_back(f.node);
        stack.pop_back();
        continue;
      }
      uint32_t s = nodeSucc(f.node, --f.next);
      if (!seen[s]) {
        seen[s] = 1;
        stack.push_back({s, nodeSuccCount(s)});
      }
    }
  }

  // Lowered blocks in reverse postorder; their lowered index is assigned by the layout.
  std::vector<uint32_t> rpo(post.rbegin(), post.rend());
  auto makeBlock = [&](uint32_t node) {
    LoweredBlock lb;
    if (node < numIr) {
      lb.irBlock = ir::Block(node);
      // The entry stays first even if marked cold (the verifier rejects that anyway).
      lb.cold = dfg.isCold(lb.irBlock) && lb.irBlock != *entry;
    } else {
      uint32_t e = edgeOfNode[node - numIr];
      lb.irBlock = fromOfNode[node - numIr];
      lb.isEdge = true;
      lb.edgeIndex = e - edgeStart[lb.irBlock.index()];
      lb.edgeTarget = edgeTargets[e];
      lb.cold = dfg.isCold(lb.irBlock) || dfg.isCold(lb.edgeTarget);
    }
    return lb;
  };

  // 3. Layout: hot blocks in reverse postorder, then cold ones.
  std::vector<uint32_t> indexOfNode(numNodes, kNone);
  blocks_.reserve(rpo.size());
  for (int pass = 0; pass < 2; ++pass)
    for (uint32_t node : rpo) {
      LoweredBlock lb = makeBlock(node);
      if (lb.cold != (pass == 1))
        continue;
      indexOfNode[node] = static_cast<uint32_t>(blocks_.size());
      blocks_.push_back(lb);
    }
  for (uint32_t b = 0; b < numIr; ++b)
    if (indexOfNode[b] != kNone)
      indexOfIr_[b] = indexOfNode[b];
  lowerOrder_.reserve(rpo.size());
  for (uint32_t node : rpo)
    lowerOrder_.push_back(indexOfNode[node]);

  succOffsets_.assign(1, 0);
  for (const LoweredBlock &lb : blocks_) {
    if (lb.isEdge) {
      succs_.push_back(indexOfNode[lb.edgeTarget.index()]);
    } else {
      uint32_t node = lb.irBlock.index();
      for (uint32_t k = 0; k < edgeCount[node]; ++k)
        succs_.push_back(indexOfNode[nodeSucc(node, k)]);
    }
    succOffsets_.push_back(static_cast<uint32_t>(succs_.size()));
  }
}

std::string BlockOrder::describe(const ir::Function &func, uint32_t b) const {
  const LoweredBlock &lb = blocks_[b];
  if (!lb.isEdge)
    return func.name(lb.irBlock);
  return "edge " + func.name(lb.irBlock) + " -> " + func.name(lb.edgeTarget);
}

} // namespace irc::mach
