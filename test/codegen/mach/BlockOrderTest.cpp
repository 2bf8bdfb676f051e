// Tests of mach/BlockOrder.cpp: layout order, split edges, cold blocks, lowering order,
// and a chain deep enough to overflow any recursive walk.
#include "codegen/mach/BlockOrder.h"

#include "parser/Parser.h"

#include <catch2/catch.hpp>

using namespace irc;
using namespace irc::mach;

namespace {

std::string describeAll(const ir::Function &f, const BlockOrder &o) {
  std::string s;
  for (uint32_t b = 0; b < o.numBlocks(); ++b) {
    s += std::to_string(b) + ":" + o.describe(f, b) + (o.block(b).cold ? "(cold)" : "") + " ->";
    for (uint32_t t : o.succs(b))
      s += " " + std::to_string(t);
    s += "\n";
  }
  return s;
}

} // namespace

TEST_CASE("BlockOrder: split edges, cold blocks last, lowering order", "[mach][blockorder]") {
  auto file = parser::parseTestFile(R"(
function %f(i64) {
block0(v0: i64):
    brif v0, block1, block2
block1 cold:
    brif v0, block3, block2
block2:
    jump block3
block3:
    return
}
)");
  REQUIRE(file.hasValue());
  const ir::Function &f = *file->functions[0].function;
  BlockOrder o(f);
  // block0 -> block2 is critical (block2 has two predecessors), and block1 -> block3 and
  // block1 -> block2 are too. block1 and its edge blocks are cold: they go last.
  CHECK(describeAll(f, o) == "0:block0 -> 4 1\n"
                             "1:edge block0 -> block2 -> 2\n"
                             "2:block2 -> 3\n"
                             "3:block3 ->\n"
                             "4:block1(cold) -> 5 6\n"
                             "5:edge block1 -> block3(cold) -> 3\n"
                             "6:edge block1 -> block2(cold) -> 2\n");
  CHECK(o.indexOf(f.layout.entryBlock().value()) == 0);
  // Lowering order is reverse postorder before the cold move: the first edge's target
  // (block1) right after block0, dominators before what they dominate.
  std::vector<uint32_t> lower(o.lowerOrder().begin(), o.lowerOrder().end());
  CHECK(lower == std::vector<uint32_t>{0, 4, 5, 6, 1, 2, 3});
}

TEST_CASE("BlockOrder: a chain of 100000 blocks needs no recursion", "[mach][blockorder]") {
  ir::Function f;
  const uint32_t n = 100000;
  std::vector<ir::Block> blocks;
  for (uint32_t k = 0; k < n; ++k) {
    blocks.push_back(f.dfg.makeBlock());
    f.layout.appendBlock(blocks.back());
  }
  for (uint32_t k = 0; k < n; ++k) {
    ir::InstData d;
    if (k + 1 < n) {
      d.opcode = ir::Opcode::Jump;
      d.w[0] = f.dfg.makeBlockCall(blocks[k + 1], {}).index();
    } else {
      d.opcode = ir::Opcode::Return;
    }
    f.layout.appendInst(f.dfg.makeInst(d), blocks[k]);
  }
  BlockOrder o(f);
  REQUIRE(o.numBlocks() == n);
  bool inOrder = true;
  for (uint32_t k = 0; k < n; ++k)
    inOrder &= o.block(k).irBlock == blocks[k] && o.lowerOrder()[k] == k &&
               (k + 1 == n ? o.succs(k).empty() : o.succs(k)[0] == k + 1);
  CHECK(inOrder);
}
