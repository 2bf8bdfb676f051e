// Tests of lib/codegen/analysis/DominatorTree.cpp: exact reverse postorders and
// immediate dominators on hand-checked graphs (diamond, loops, irreducible flow,
// unreachable code), instruction and value dominance, and a 100k-block chain that a
// recursive walk would overflow the stack on.
#include "codegen/analysis/DominatorTree.h"

#include "TestFunctionBuilder.h"

#include <catch2/catch.hpp>

#include <chrono>

using namespace irc::ir;
using irc::ir::test::TestFunctionBuilder;

namespace {

std::vector<Block> rpoOf(const DominatorTree &dt) { return {dt.rpo().begin(), dt.rpo().end()}; }

/// Builds blocks 0..n-1 where block i branches to the listed successors (none: return,
/// one: jump, two: brif on the entry's parameter, more: br_table).
Function graph(uint32_t n, const std::vector<std::vector<uint32_t>> &succs) {
  TestFunctionBuilder fb;
  std::vector<Block> blocks;
  for (uint32_t i = 0; i < n; ++i)
    blocks.push_back(i == 0 ? fb.block({types::I32}) : fb.block());
  Value c = fb.param(blocks[0], 0);
  for (uint32_t i = 0; i < n; ++i) {
    const std::vector<uint32_t> &s = i < succs.size() ? succs[i] : std::vector<uint32_t>{};
    if (s.empty())
      fb.ret(blocks[i]);
    else if (s.size() == 1)
      fb.jump(blocks[i], fb.target(blocks[s[0]]));
    else if (s.size() == 2)
      fb.brif(blocks[i], c, fb.target(blocks[s[0]]), fb.target(blocks[s[1]]));
    else {
      std::vector<BlockCall> entries;
      for (uint32_t t : s)
        entries.push_back(fb.target(blocks[t]));
      fb.brTable(blocks[i], c, entries);
    }
  }
  return std::move(fb.f);
}

struct Analysis {
  ControlFlowGraph cfg;
  DominatorTree dt;
  explicit Analysis(const Function &f) : cfg(f), dt(f, cfg) {}
};

Block B(uint32_t n) { return Block(n); }

} // namespace

TEST_CASE("dominators of a diamond", "[domtree]") {
  Function f = graph(4, {{1, 2}, {3}, {3}, {}});
  Analysis a(f);
  // DFS visits then (1) before else (2): postorder 3 1 2 0.
  CHECK(rpoOf(a.dt) == std::vector<Block>{B(0), B(2), B(1), B(3)});
  CHECK(a.dt.rpoNumber(B(1)) == 2);
  CHECK_FALSE(a.dt.idom(B(0)).isValid());
  CHECK(a.dt.idom(B(1)) == B(0));
  CHECK(a.dt.idom(B(2)) == B(0));
  CHECK(a.dt.idom(B(3)) == B(0));
  CHECK(a.dt.dominates(B(0), B(3)));
  CHECK_FALSE(a.dt.dominates(B(1), B(3)));
  CHECK_FALSE(a.dt.dominates(B(3), B(0)));
  CHECK(a.dt.dominates(B(2), B(2)));
}

TEST_CASE("dominators of nested loops", "[domtree]") {
  // 0 -> 1; 1 -> 2 | 5; 2 -> 3; 3 -> 2 | 4; 4 -> 1; 5 exit.
  Function f = graph(6, {{1}, {2, 5}, {3}, {2, 4}, {1}, {}});
  Analysis a(f);
  CHECK(rpoOf(a.dt) == std::vector<Block>{B(0), B(1), B(5), B(2), B(3), B(4)});
  CHECK(a.dt.idom(B(1)) == B(0));
  CHECK(a.dt.idom(B(2)) == B(1));
  CHECK(a.dt.idom(B(3)) == B(2));
  CHECK(a.dt.idom(B(4)) == B(3));
  CHECK(a.dt.idom(B(5)) == B(1));
  CHECK(a.dt.dominates(B(2), B(4)));
  CHECK_FALSE(a.dt.dominates(B(4), B(2)));
  CHECK_FALSE(a.dt.dominates(B(5), B(2)));
}

TEST_CASE("dominators of an irreducible graph", "[domtree]") {
  // Two loop entries: 0 -> 1 | 2, 1 -> 2, 2 -> 1 | 3.
  Function f = graph(4, {{1, 2}, {2}, {1, 3}, {}});
  Analysis a(f);
  CHECK(a.dt.idom(B(1)) == B(0));
  CHECK(a.dt.idom(B(2)) == B(0));
  CHECK(a.dt.idom(B(3)) == B(2));
}

TEST_CASE("the example graph of Cooper, Harvey and Kennedy needs a second pass", "[domtree]") {
  // Figure 4 of the paper, numbered from the entry: 0 -> 1 | 2, 1 -> 3, 2 -> 4 | 5,
  // 3 -> 4, 4 -> 3 | 5, 5 -> 4. Every block's idom is the entry.
  Function f = graph(6, {{1, 2}, {3}, {4, 5}, {4}, {3, 5}, {4}});
  Analysis a(f);
  for (uint32_t i = 1; i < 6; ++i)
    CHECK(a.dt.idom(B(i)) == B(0));
}

TEST_CASE("unreachable blocks are outside the tree", "[domtree]") {
  // 0 -> 1 (self loop or 2); 3 is unreachable and jumps into 2.
  Function f = graph(4, {{1}, {1, 2}, {}, {2}});
  Analysis a(f);
  CHECK(rpoOf(a.dt) == std::vector<Block>{B(0), B(1), B(2)});
  CHECK_FALSE(a.dt.isReachable(B(3)));
  CHECK(a.dt.rpoNumber(B(3)) == DominatorTree::kUnreachable);
  CHECK_FALSE(a.dt.idom(B(3)).isValid());
  CHECK(a.dt.idom(B(2)) == B(1)); // the unreachable predecessor does not count
  CHECK(a.dt.dominates(B(3), B(3)));
  CHECK_FALSE(a.dt.dominates(B(0), B(3)));
  CHECK_FALSE(a.dt.dominates(B(3), B(2)));
  CHECK_FALSE(a.dt.isReachable(Block()));
}

TEST_CASE("instruction and value dominance", "[domtree]") {
  TestFunctionBuilder fb;
  Block b0 = fb.block({types::I32}), b1 = fb.block({types::I32}), b2 = fb.block();
  Value p = fb.param(b0, 0);
  Value x = fb.iconst(b0, types::I32, 1);
  Inst add = fb.f.dfg.valueInst(fb.binary(b0, Opcode::Iadd, p, x, types::I32)).value();
  Inst br = fb.brif(b0, p, fb.target(b1, {TestFunctionBuilder::arg(x)}), fb.target(b2));
  Inst use1 = fb.ret(b1, {fb.param(b1, 0)});
  Inst use2 = fb.ret(b2, {x});
  Function &f = fb.f;
  Analysis a(f);
  Inst defX = f.dfg.valueInst(x).value();
  CHECK(a.dt.dominates(defX, add, f.layout));
  CHECK_FALSE(a.dt.dominates(add, defX, f.layout));
  CHECK(a.dt.dominates(add, add, f.layout)); // inclusive
  CHECK(a.dt.dominates(br, use2, f.layout));
  CHECK_FALSE(a.dt.dominates(use1, use2, f.layout));
  // Values: strict for results, block dominance for parameters.
  CHECK(a.dt.dominates(x, add, f.dfg, f.layout));
  CHECK_FALSE(a.dt.dominates(f.dfg.firstResult(add), add, f.dfg, f.layout));
  CHECK(a.dt.dominates(p, use2, f.dfg, f.layout));
  CHECK_FALSE(a.dt.dominates(fb.param(b1, 0), use2, f.dfg, f.layout));
  // An alias is available where its original is.
  Value alias = f.dfg.makeAlias(x, types::I32);
  CHECK(a.dt.dominates(alias, use2, f.dfg, f.layout));
}

TEST_CASE("a 100k-block chain does not recurse and stays fast", "[domtree]") {
  constexpr uint32_t n = 100000;
  std::vector<std::vector<uint32_t>> succs(n);
  for (uint32_t i = 0; i + 1 < n; ++i)
    succs[i] = {i + 1};
  Function f = graph(n, succs);
  auto start = std::chrono::steady_clock::now();
  Analysis a(f);
  auto elapsed = std::chrono::steady_clock::now() - start;
  REQUIRE(a.dt.rpo().size() == n);
  CHECK(a.dt.rpo()[n - 1] == B(n - 1));
  CHECK(a.dt.idom(B(n - 1)) == B(n - 2));
  CHECK(a.dt.dominates(B(0), B(n - 1)));
  CHECK(a.dt.dominates(B(n / 2), B(n - 1)));
  CHECK_FALSE(a.dt.dominates(B(n - 1), B(n / 2)));
  if (irc::ir::test::kCheckTimes) // about 10 ms on a loaded 2-core machine
    CHECK(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count() < 500);
}

TEST_CASE("a deep loop nest converges", "[domtree]") {
  // A chain 0 -> 1 -> ... -> n-1 where each block also branches back to block 1: every
  // block's idom is its predecessor in the chain.
  constexpr uint32_t n = 2000;
  std::vector<std::vector<uint32_t>> succs(n);
  succs[0] = {1};
  for (uint32_t i = 1; i + 1 < n; ++i)
    succs[i] = {i + 1, 1};
  Function f = graph(n, succs);
  Analysis a(f);
  for (uint32_t i = 1; i < n; ++i)
    REQUIRE(a.dt.idom(B(i)) == B(i - 1));
}

TEST_CASE("dominator tree of an empty function", "[domtree]") {
  Function f;
  Analysis a(f);
  CHECK(a.dt.rpo().empty());
  CHECK_FALSE(a.dt.isReachable(Block(0)));
}
