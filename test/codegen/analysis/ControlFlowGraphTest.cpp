// Tests of lib/codegen/analysis/ControlFlowGraph.cpp: exact successor and predecessor
// lists for every kind of terminator, and robustness on malformed references.
#include "codegen/analysis/ControlFlowGraph.h"

#include "TestFunctionBuilder.h"

#include <catch2/catch.hpp>

using namespace irc::ir;
using irc::ir::test::TestFunctionBuilder;

namespace {

std::vector<Block> succsOf(const ControlFlowGraph &cfg, Block b) {
  return {cfg.succs(b).begin(), cfg.succs(b).end()};
}
std::vector<BlockPredecessor> predsOf(const ControlFlowGraph &cfg, Block b) {
  return {cfg.preds(b).begin(), cfg.preds(b).end()};
}

} // namespace

TEST_CASE("CFG of jump, brif and return", "[cfg]") {
  TestFunctionBuilder fb;
  Block b0 = fb.block({types::I32}), b1 = fb.block(), b2 = fb.block(), b3 = fb.block();
  Inst br = fb.brif(b0, fb.param(b0, 0), fb.target(b2), fb.target(b1));
  Inst j1 = fb.jump(b1, fb.target(b3));
  Inst j2 = fb.jump(b2, fb.target(b3));
  fb.ret(b3);
  ControlFlowGraph cfg(fb.f);
  CHECK(cfg.numBlocks() == 4);
  CHECK(succsOf(cfg, b0) == std::vector<Block>{b2, b1}); // then before else
  CHECK(succsOf(cfg, b3).empty());
  CHECK(predsOf(cfg, b3) == std::vector<BlockPredecessor>{{b1, j1}, {b2, j2}});
  CHECK(predsOf(cfg, b1) == std::vector<BlockPredecessor>{{b0, br}});
  CHECK(predsOf(cfg, b0).empty());
}

TEST_CASE("CFG lists a repeated target once", "[cfg]") {
  TestFunctionBuilder fb;
  Block b0 = fb.block({types::I32}), b1 = fb.block({types::I32});
  Value c = fb.param(b0, 0);
  Inst br = fb.brif(b0, c, fb.target(b1, {TestFunctionBuilder::arg(c)}),
                    fb.target(b1, {TestFunctionBuilder::arg(c)}));
  fb.ret(b1);
  ControlFlowGraph cfg(fb.f);
  CHECK(succsOf(cfg, b0) == std::vector<Block>{b1});
  CHECK(predsOf(cfg, b1) == std::vector<BlockPredecessor>{{b0, br}});
}

TEST_CASE("CFG of br_table: default first, then the table in order", "[cfg]") {
  TestFunctionBuilder fb;
  Block b0 = fb.block({types::I32}), b1 = fb.block(), b2 = fb.block(), b3 = fb.block();
  Inst bt =
      fb.brTable(b0, fb.param(b0, 0), {fb.target(b3), fb.target(b1), fb.target(b2), fb.target(b1)});
  fb.ret(b1);
  fb.ret(b2);
  fb.ret(b3);
  ControlFlowGraph cfg(fb.f);
  CHECK(succsOf(cfg, b0) == std::vector<Block>{b3, b1, b2});
  CHECK(predsOf(cfg, b2) == std::vector<BlockPredecessor>{{b0, bt}});
}

TEST_CASE("CFG of try_call: normal return, then handlers; context items are not edges", "[cfg]") {
  TestFunctionBuilder fb;
  SigRef sig = fb.signature(TestFunctionBuilder::sig({}, {}, CallConv::Tail));
  FuncRef fn = fb.function("g", sig);
  Block b0 = fb.block({types::I64}), b1 = fb.block(), b2 = fb.block(), b3 = fb.block();
  ExceptionTableData et;
  et.signature = sig;
  et.normalReturn = fb.target(b1);
  et.items.push_back({ExceptionTableItem::Kind::Context, 0, fb.param(b0, 0), BlockCall()});
  et.items.push_back({ExceptionTableItem::Kind::Tag, 7, Value(), fb.target(b3)});
  et.items.push_back({ExceptionTableItem::Kind::Default, 0, Value(), fb.target(b2)});
  fb.tryCall(b0, fn, {}, std::move(et));
  fb.ret(b1);
  fb.ret(b2);
  fb.ret(b3);
  ControlFlowGraph cfg(fb.f);
  CHECK(succsOf(cfg, b0) == std::vector<Block>{b1, b3, b2});
}

TEST_CASE("CFG predecessors follow the layout order of their blocks", "[cfg]") {
  TestFunctionBuilder fb;
  Block b0 = fb.block(), b1 = fb.block(), b2 = fb.block(), b3 = fb.block();
  fb.jump(b0, fb.target(b3));
  Inst j1 = fb.jump(b1, fb.target(b3));
  fb.jump(b2, fb.target(b3));
  fb.ret(b3);
  // Move b1 after b2 in the layout: b1's edge must now come after b2's.
  fb.f.layout.removeInst(j1);
  fb.f.layout.removeBlock(b1);
  fb.f.layout.insertBlockAfter(b1, b2);
  fb.f.layout.appendInst(j1, b1);
  ControlFlowGraph cfg(fb.f);
  std::vector<BlockPredecessor> preds = predsOf(cfg, b3);
  REQUIRE(preds.size() == 3);
  CHECK(preds[0].block == b0);
  CHECK(preds[1].block == b2);
  CHECK(preds[2].block == b1);
}

TEST_CASE("CFG skips targets outside the layout and non-terminators", "[cfg]") {
  TestFunctionBuilder fb;
  Block b0 = fb.block({types::I32}), b1 = fb.block();
  Block detached = fb.f.dfg.makeBlock(); // never inserted
  fb.brif(b0, fb.param(b0, 0), fb.target(detached), fb.target(b1));
  fb.iconst(b1, types::I32, 1); // b1 ends without a terminator
  ControlFlowGraph cfg(fb.f);
  CHECK(succsOf(cfg, b0) == std::vector<Block>{b1});
  CHECK(succsOf(cfg, b1).empty());
  CHECK(predsOf(cfg, detached).empty());
  // Entities the graph never saw give empty lists rather than reading out of range.
  CHECK(cfg.succs(Block(1000)).empty());
  CHECK(cfg.preds(Block()).empty());
}

TEST_CASE("CFG of an empty function", "[cfg]") {
  Function f;
  ControlFlowGraph cfg(f);
  CHECK(cfg.numBlocks() == 0);
  CHECK(cfg.succs(Block(0)).empty());
}
