// Tests of the backtracking allocator (regalloc/Backtracking*.cpp) on hand-built Inputs:
// the scenarios of SinglePassTest, high-pressure shapes (values live across calls, chains
// of divisions, loops with many parameters, many-target branches with arguments), random
// programs through both allocators, and the counts of inserted moves against single_pass.
// Every allocation is proven by both checkers (the test one and regalloc/Checker.h).
#include "RandomPrograms.h"
#include "RegallocTestUtil.h"

#include "codegen/regalloc/Backtracking.h"
#include "codegen/regalloc/Regalloc.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <map>
#include <cstdlib>

using namespace irc;
using namespace irc::regalloc;
using namespace irc::regalloc::test;

namespace {

/// Allocates with `algo`, proves the answer with both checkers, returns it.
Output allocateChecked(TestFunc &f, Algorithm algo = Algorithm::Backtracking) {
  const Input &in = f.build();
  Expected<Output> out = allocate(in, algo);
  INFO(inputText(in));
  INFO((out.hasValue() ? std::string() : out.error().message));
  REQUIRE(out.hasValue());
  INFO(editsText(*out));
  std::string al;
  for (uint32_t i = 0; i < in.numInsts; ++i)
    al += "inst" + std::to_string(i) + ": " + allocsText(in, *out, i) + "\n";
  INFO(al);
  CHECK(check(in, *out) == "");
  Expected<void> proof = checkAllocation(in, *out);
  INFO((proof ? std::string() : proof.error().message));
  CHECK(proof.hasValue());
  if (std::getenv("SHOW"))
    WARN(inputText(in) + al + editsText(*out) + out->stats.text());
  return std::move(out).value();
}

uint32_t inserted(const Output &o) { return o.stats.moves + o.stats.spills + o.stats.reloads; }

} // namespace

TEST_CASE("Backtracking: straight-line code with more live values than registers",
          "[regalloc]") {
  TestFunc f;
  intRegs(f, 3, 3);
  uint32_t b = f.block();
  std::vector<VReg> vs;
  for (int k = 0; k < 5; ++k) {
    VReg v = f.vreg();
    f.inst(b, {Operand::def(v)});
    vs.push_back(v);
  }
  VReg acc = vs[4];
  for (int k = 3; k >= 0; --k) {
    VReg s = f.vreg();
    f.inst(b, {Operand::def(s), Operand::use(acc), Operand::use(vs[k])});
    acc = s;
  }
  f.ret(b, {Operand::fixedUse(acc, intReg(0))});
  Output out = allocateChecked(f);
  // The two values used last are stored once after their defs and reloaded for their use.
  CHECK(out.numSpillSlots == 2);
  CHECK(editsText(out) == "before inst1: %r0i -> stack0\n"
                          "before inst2: %r1i -> stack1\n"
                          "before inst7: stack1 -> %r1i\n"
                          "before inst8: stack0 -> %r1i\n");
}

TEST_CASE("Backtracking: x86-style division with fixed uses and defs", "[regalloc]") {
  TestFunc f;
  intRegs(f, 4, 4);
  uint32_t b = f.block();
  VReg a = f.vreg(), c = f.vreg(), d = f.vreg(), q = f.vreg(), r = f.vreg(), s = f.vreg();
  f.inst(b, {Operand::fixedDef(a, intReg(2)), Operand::fixedDef(c, intReg(3)),
             Operand::fixedDef(d, intReg(1))});
  f.inst(b, {Operand::fixedUse(a, intReg(0)), Operand::fixedUse(d, intReg(1)), Operand::use(c),
             Operand::fixedDef(q, intReg(0)), Operand::fixedDef(r, intReg(1))});
  f.inst(b, {Operand::def(s), Operand::use(q), Operand::use(r)});
  VReg t = f.vreg();
  f.inst(b, {Operand::def(t), Operand::use(s), Operand::use(a)});
  f.ret(b, {Operand::fixedUse(t, intReg(0))});
  Output out = allocateChecked(f);
  CHECK(allocsText(f.input, out, 1) == "%r0i %r1i %r3i %r0i %r1i");
  // a stays in r2 (the division writes r0 and r1 only) and is copied into r0 for it.
  CHECK(editsText(out) == "before inst1: %r2i -> %r0i\n");
}

TEST_CASE("Backtracking: a reuse def copies an input that stays live", "[regalloc]") {
  TestFunc f;
  intRegs(f, 3, 3);
  uint32_t b = f.block();
  VReg x = f.vreg(), y = f.vreg(), z = f.vreg(), w = f.vreg();
  f.inst(b, {Operand::fixedDef(x, intReg(0)), Operand::fixedDef(y, intReg(1))});
  f.inst(b, {Operand::reuseDef(z, 1), Operand::use(x), Operand::use(y)});
  f.inst(b, {Operand::def(w), Operand::use(z), Operand::use(x)});
  f.ret(b, {Operand::fixedUse(w, intReg(0))});
  Output out = allocateChecked(f);
  CHECK(allocsText(f.input, out, 1) == "%r2i %r2i %r1i");
  CHECK(editsText(out) == "before inst1: %r0i -> %r2i\n");
}

TEST_CASE("Backtracking: a reuse def takes over an input that dies", "[regalloc]") {
  TestFunc f;
  intRegs(f, 3, 3);
  uint32_t b = f.block();
  VReg x = f.vreg(), y = f.vreg(), z = f.vreg();
  f.inst(b, {Operand::fixedDef(x, intReg(0)), Operand::fixedDef(y, intReg(1))});
  f.inst(b, {Operand::reuseDef(z, 1), Operand::use(x), Operand::use(y)});
  f.ret(b, {Operand::fixedUse(z, intReg(0))});
  Output out = allocateChecked(f);
  CHECK(allocsText(f.input, out, 1) == "%r0i %r0i %r1i");
  CHECK(out.edits.empty());
}

TEST_CASE("Backtracking: a shift count in a fixed register", "[regalloc]") {
  TestFunc f;
  intRegs(f, 4, 4);
  uint32_t b = f.block();
  VReg x = f.vreg(), n = f.vreg(), y = f.vreg(), z = f.vreg();
  f.inst(b, {Operand::fixedDef(x, intReg(0)), Operand::fixedDef(n, intReg(1))});
  f.inst(b, {Operand::use(x), Operand::fixedUse(n, intReg(2)), Operand::reuseDef(y, 0)});
  f.inst(b, {Operand::def(z), Operand::use(y), Operand::use(n)});
  f.ret(b, {Operand::fixedUse(z, intReg(0))});
  Output out = allocateChecked(f);
  CHECK(allocsText(f.input, out, 1) == "%r0i %r2i %r0i");
  CHECK(editsText(out) == "before inst1: %r1i -> %r2i\n");
}

TEST_CASE("Backtracking: values live across a call go to callee-saved registers",
          "[regalloc]") {
  TestFunc f;
  intRegs(f, 5, 3);
  PRegSet clobbers = intClobbers(3);
  uint32_t b = f.block();
  VReg a = f.vreg(), c = f.vreg(), res = f.vreg(), s1 = f.vreg(), s2 = f.vreg();
  f.inst(b, {Operand::fixedDef(a, intReg(0)), Operand::fixedDef(c, intReg(1))});
  f.inst(b, {Operand::fixedUse(a, intReg(0)), Operand::fixedDef(res, intReg(0))}, clobbers);
  f.inst(b, {Operand::def(s1), Operand::use(res), Operand::use(a)});
  f.inst(b, {Operand::def(s2), Operand::use(s1), Operand::use(c)});
  f.ret(b, {Operand::fixedUse(s2, intReg(0))});
  Output out = allocateChecked(f);
  // c and a move to the callee-saved r3 and r4 once (a still reaches the call in r0);
  // nothing comes back after the call.
  CHECK(out.stats.spills == 0);
  CHECK(out.stats.reloads == 0);
  CHECK(editsText(out) == "before inst1: %r1i -> %r3i\n"
                          "before inst1: %r0i -> %r4i\n");
}

TEST_CASE("Backtracking: values live across a call with no callee-saved register spill",
          "[regalloc]") {
  TestFunc f;
  intRegs(f, 3, 3);
  PRegSet clobbers = intClobbers(3);
  uint32_t b = f.block();
  VReg a = f.vreg(), res = f.vreg(), s = f.vreg();
  f.inst(b, {Operand::fixedDef(a, intReg(0))});
  f.inst(b, {Operand::fixedUse(a, intReg(0)), Operand::fixedDef(res, intReg(0))}, clobbers);
  f.inst(b, {Operand::def(s), Operand::use(res), Operand::use(a)});
  f.ret(b, {Operand::fixedUse(s, intReg(0))});
  Output out = allocateChecked(f);
  CHECK(editsText(out) == "before inst1: %r0i -> stack0\n"
                          "before inst2: stack0 -> %r1i\n");
}

TEST_CASE("Backtracking: a loop whose back edge swaps its parameters", "[regalloc]") {
  TestFunc f;
  intRegs(f, 3, 3);
  uint32_t entry = f.block(), head = f.block(), body = f.block(), exit = f.block();
  VReg a = f.vreg(), c = f.vreg();
  f.inst(entry, {Operand::fixedDef(a, intReg(0)), Operand::fixedDef(c, intReg(1))});
  f.jump(entry, head, {a, c});
  VReg p = f.param(head), q = f.param(head);
  f.branch(head, {Operand::use(p)}, {body, exit}, {{}, {}});
  VReg t = f.vreg();
  f.inst(body, {Operand::def(t), Operand::use(p), Operand::use(q)});
  f.jump(body, head, {q, p});
  VReg r = f.vreg();
  f.inst(exit, {Operand::def(r), Operand::use(p), Operand::use(q)});
  f.ret(exit, {Operand::fixedUse(r, intReg(0))});
  Output out = allocateChecked(f);
  // Everything stays in registers: the swap on the back edge is the only work, three
  // moves through the free register.
  CHECK(out.numSpillSlots == 0);
  CHECK(editsText(out) == "before inst4: %r0i -> %r2i\n"
                          "before inst4: %r1i -> %r0i\n"
                          "before inst4: %r2i -> %r1i\n");
}

TEST_CASE("Backtracking: a value live through a chain of blocks is split inside one",
          "[regalloc]") {
  // Liveness gives `a` one segment across the consecutive blocks; the pressure in the
  // middle block splits it there, and the edges around it still find each piece.
  TestFunc f;
  intRegs(f, 2, 2);
  std::vector<uint32_t> chain;
  for (int k = 0; k < 8; ++k)
    chain.push_back(f.block());
  VReg a = f.vreg();
  f.inst(chain[0], {Operand::def(a)});
  for (int k = 0; k + 1 < 8; ++k) {
    if (k == 4) {
      VReg x = f.vreg(), y = f.vreg(), z = f.vreg();
      f.inst(chain[k], {Operand::def(x)});
      f.inst(chain[k], {Operand::def(y)});
      f.inst(chain[k], {Operand::def(z), Operand::use(x), Operand::use(y)});
    }
    f.jump(chain[k], chain[k + 1]);
  }
  f.ret(chain[7], {Operand::fixedUse(a, intReg(0))});
  Output out = allocateChecked(f);
  CHECK(out.numSpillSlots == 1);
  // Stored once after its definition, reloaded into the fixed register for the return.
  CHECK(editsText(out) == "before inst1: %r0i -> stack0\n"
                          "before inst11: stack0 -> %r0i\n");
}

TEST_CASE("Backtracking: a value used in a loop is split at the loop's entry", "[regalloc]") {
  // `a` is defined before a stretch that needs both registers and used in a loop. It is
  // split where the loop begins: the part outside waits in the slot, the part in the loop
  // keeps a register, so the reload runs once on the way in, not on every iteration.
  //   block0: inst0 a; inst1 x; inst2 y; inst3 z = x + y; inst4 jump block1(z)
  //   block1(p): inst5 q = p + a; inst6 branch q -> block2, block3
  //   block2: inst7 jump block1(q)        block3: inst8 return q in r0
  TestFunc f;
  intRegs(f, 2, 2);
  uint32_t b0 = f.block(), b1 = f.block(), b2 = f.block(), b3 = f.block();
  VReg a = f.vreg(), x = f.vreg(), y = f.vreg(), z = f.vreg();
  VReg p = f.param(b1);
  VReg q = f.vreg();
  f.inst(b0, {Operand::def(a)});
  f.inst(b0, {Operand::def(x)});
  f.inst(b0, {Operand::def(y)});
  f.inst(b0, {Operand::def(z), Operand::use(x), Operand::use(y)});
  f.jump(b0, b1, {z});
  f.inst(b1, {Operand::def(q), Operand::use(p), Operand::use(a)});
  f.branch(b1, {Operand::use(q)}, {b2, b3}, {{}, {}});
  f.jump(b2, b1, {q});
  f.ret(b3, {Operand::fixedUse(q, intReg(0))});
  Output out = allocateChecked(f);
  // a's slot is read once, at the end of block0 (the entry edge's moves), never in the loop.
  uint32_t loopReloads = 0, entryReloads = 0;
  for (const Edit &e : out.edits)
    if (e.from.isStack()) {
      loopReloads += e.point.inst() >= 5 && e.point.inst() <= 7;
      entryReloads += e.point == ProgPoint::before(4);
    }
  CHECK(loopReloads == 0);
  CHECK(entryReloads == 1);
}

TEST_CASE("Backtracking: many branch arguments, more than registers", "[regalloc]") {
  TestFunc f;
  intRegs(f, 3, 3);
  uint32_t entry = f.block(), head = f.block(), body = f.block(), exit = f.block();
  std::vector<VReg> init;
  for (int k = 0; k < 8; ++k) {
    VReg v = f.vreg();
    f.inst(entry, {Operand::def(v)});
    init.push_back(v);
  }
  f.jump(entry, head, init);
  std::vector<VReg> ps;
  for (int k = 0; k < 8; ++k)
    ps.push_back(f.param(head));
  f.branch(head, {Operand::use(ps[0])}, {body, exit}, {{}, {}});
  std::vector<VReg> rotated(ps.begin() + 1, ps.end());
  rotated.push_back(ps[0]);
  f.jump(body, head, rotated);
  VReg s = f.vreg();
  f.inst(exit, {Operand::def(s), Operand::use(ps[7]), Operand::use(ps[3])});
  f.ret(exit, {Operand::fixedUse(s, intReg(0))});
  Output out = allocateChecked(f);
  Output sp = allocateChecked(f, Algorithm::SinglePass);
  CHECK(inserted(out) < inserted(sp));
}

TEST_CASE("Backtracking: a block parameter cycle with every register busy", "[regalloc]") {
  // The latch's branch reads three registers, so its block's successor receives its
  // live-ins in their slots and the edge moves touch no register the branch reads.
  TestFunc f;
  intRegs(f, 3, 3);
  uint32_t entry = f.block(), head = f.block(), latchBlock = f.block(), exit = f.block();
  VReg a = f.vreg(), c = f.vreg(), x = f.vreg(), y = f.vreg(), z = f.vreg();
  f.inst(entry, {Operand::def(a), Operand::def(c)});
  f.jump(entry, head, {a, c});
  VReg p = f.param(head), q = f.param(head);
  f.inst(head, {Operand::def(x), Operand::def(y), Operand::def(z)});
  f.branch(head, {Operand::use(x)}, {latchBlock, exit}, {{}, {}});
  f.inst(latchBlock, {Operand::use(x), Operand::use(y), Operand::use(z)}, {}, Input::kBranch);
  f.blocks[latchBlock].succs = {head};
  f.blocks[latchBlock].args = {{q, p}};
  VReg r = f.vreg();
  f.inst(exit, {Operand::def(r), Operand::use(p), Operand::use(q)});
  f.ret(exit, {Operand::fixedUse(r, intReg(0))});
  Output out = allocateChecked(f);
  CHECK(allocsText(f.input, out, 4) == "%r2i %r0i %r1i");
  // p and q enter the header in stack0 and stack1; the swap of the two slots at the
  // latch borrows r0 (saved in stack3) and uses stack2 to break the cycle.
  CHECK(out.stats.stackMoves == 3);
  CHECK(out.numSpillSlots == 4);
}

TEST_CASE("Backtracking: a terminator with defs feeds its successors", "[regalloc]") {
  TestFunc f;
  intRegs(f, 3, 2);
  PRegSet clobbers;
  clobbers.add(intReg(0));
  clobbers.add(intReg(1));
  uint32_t entry = f.block(), normal = f.block(), handler = f.block();
  VReg a = f.vreg(), r0 = f.vreg(), r1 = f.vreg();
  f.inst(entry, {Operand::fixedDef(a, intReg(0))});
  f.branch(entry,
           {Operand::fixedUse(a, intReg(0)), Operand::fixedDef(r0, intReg(0)),
            Operand::fixedDef(r1, intReg(1))},
           {normal, handler}, {{r0}, {r1}}, clobbers);
  VReg np = f.param(normal), hp = f.param(handler);
  f.ret(normal, {Operand::fixedUse(np, intReg(0))});
  f.ret(handler, {Operand::fixedUse(hp, intReg(0))});
  Output out = allocateChecked(f);
  // The normal result is already where its return wants it; the other one moves.
  CHECK(editsText(out) == "before inst3: %r1i -> %r0i\n");
}

TEST_CASE("Backtracking: a fixed register the allocator does not own", "[regalloc]") {
  TestFunc f;
  intRegs(f, 2, 2);
  uint32_t b = f.block();
  VReg a = f.vreg(), c = f.vreg();
  f.inst(b, {Operand::def(a)});
  f.inst(b, {Operand::fixedUse(a, intReg(9))});
  f.inst(b, {Operand::fixedDef(c, intReg(9))});
  VReg s = f.vreg();
  f.inst(b, {Operand::def(s), Operand::use(a), Operand::use(c)});
  f.ret(b, {Operand::fixedUse(s, intReg(0))});
  Output out = allocateChecked(f);
  CHECK(editsText(out) == "before inst1: %r0i -> %r9i\n"
                          "before inst3: %r9i -> %r1i\n");
}

TEST_CASE("Backtracking: early defs and late uses get distinct registers", "[regalloc]") {
  TestFunc f;
  intRegs(f, 3, 3);
  uint32_t b = f.block();
  VReg x = f.vreg(), y = f.vreg(), d = f.vreg();
  f.inst(b, {Operand::fixedDef(x, intReg(0)), Operand::fixedDef(y, intReg(1))});
  f.inst(b, {Operand::earlyDef(d), Operand::lateUse(x), Operand::use(y)});
  f.ret(b, {Operand::fixedUse(d, intReg(0))});
  Output out = allocateChecked(f);
  CHECK(allocsText(f.input, out, 1) == "%r2i %r0i %r1i");
  CHECK(editsText(out) == "before inst2: %r2i -> %r0i\n");
}

TEST_CASE("Backtracking: Any operands may live in spill slots", "[regalloc]") {
  TestFunc f;
  intRegs(f, 2, 2);
  uint32_t b = f.block();
  VReg x = f.vreg(), y = f.vreg(), z = f.vreg(), w = f.vreg(), v = f.vreg();
  f.inst(b, {Operand::anyDef(x)});
  f.inst(b, {Operand::def(y), Operand::def(v), Operand::anyUse(x)});
  f.inst(b, {Operand::def(z), Operand::use(y), Operand::use(v), Operand::anyUse(x)});
  f.inst(b, {Operand::def(w), Operand::use(z)});
  f.ret(b, {Operand::fixedUse(w, intReg(0))});
  Output out = allocateChecked(f);
  // Both registers are busy at inst1 and inst2, so x lives in a slot; nothing moves.
  CHECK(allocsText(f.input, out, 0) == "stack0");
  CHECK(allocsText(f.input, out, 2) == "%r0i %r1i %r0i stack0");
  CHECK(out.edits.empty());
}

TEST_CASE("Backtracking: float and int classes are allocated apart", "[regalloc]") {
  TestFunc f;
  intRegs(f, 2, 2);
  f.env.preferred[1] = {floatReg(0), floatReg(1)};
  uint32_t b = f.block();
  VReg x = f.vreg(), fx = f.vreg(RegClass::Float), fy = f.vreg(RegClass::Float);
  VReg r = f.vreg();
  f.inst(b, {Operand::fixedDef(x, intReg(0))});
  f.inst(b, {Operand::def(fx), Operand::use(x)});
  f.inst(b, {Operand::def(fy), Operand::use(fx), Operand::use(fx)});
  f.inst(b, {Operand::def(r), Operand::use(fy)});
  f.ret(b, {Operand::fixedUse(r, intReg(0))});
  Output out = allocateChecked(f);
  CHECK(allocsText(f.input, out, 2) == "%r0f %r0f %r0f");
  CHECK(out.numSpillSlots == 0);
  CHECK(out.edits.empty());
}

// Inputs that break a rule of Input.h are InputRulesTest's; these errors need the
// allocator's own analysis.
TEST_CASE("Backtracking: inputs its own analysis rejects are errors", "[regalloc]") {
  auto fails = [](TestFunc &f) {
    Expected<Output> out = allocate(f.build(), Algorithm::Backtracking);
    REQUIRE(!out.hasValue());
    return out.error().message;
  };
  SECTION("an instruction needing more registers than exist") {
    TestFunc f;
    intRegs(f, 2, 2);
    uint32_t b = f.block();
    VReg x = f.vreg(), y = f.vreg(), z = f.vreg(), d = f.vreg();
    f.inst(b, {Operand::def(x), Operand::def(y), Operand::def(z)});
    f.inst(b, {Operand::earlyDef(d), Operand::use(x), Operand::use(y), Operand::use(z)});
    f.ret(b, {Operand::fixedUse(d, intReg(0))});
    CHECK(fails(f) == "register allocation: inst0: needs more int registers than exist");
  }
  SECTION("a use not dominated by its definition") {
    TestFunc f;
    intRegs(f, 2, 2);
    uint32_t b0 = f.block(), b1 = f.block(), b2 = f.block(), b3 = f.block();
    VReg c = f.vreg(), x = f.vreg();
    f.inst(b0, {Operand::def(c)});
    f.branch(b0, {Operand::use(c)}, {b1, b2}, {{}, {}});
    f.inst(b1, {Operand::def(x)});
    f.jump(b1, b3);
    f.jump(b2, b3);
    f.ret(b3, {Operand::fixedUse(x, intReg(0))});
    CHECK(fails(f) == "register allocation: inst0: vreg v1 is live into the entry block");
  }
  SECTION("two fixed defs in one register") {
    TestFunc f;
    intRegs(f, 2, 2);
    uint32_t b = f.block();
    VReg x = f.vreg(), y = f.vreg();
    f.inst(b, {Operand::fixedDef(x, intReg(0)), Operand::fixedDef(y, intReg(0))});
    f.ret(b, {Operand::fixedUse(x, intReg(0))});
    CHECK(fails(f) == "register allocation: inst0: two defs fixed to one register");
  }
}

TEST_CASE("Backtracking: the checker catches a corrupted edit", "[regalloc]") {
  TestFunc f;
  intRegs(f, 3, 3);
  PRegSet clobbers = intClobbers(3);
  uint32_t b = f.block();
  VReg a = f.vreg(), res = f.vreg(), s = f.vreg();
  f.inst(b, {Operand::fixedDef(a, intReg(0))});
  f.inst(b, {Operand::fixedUse(a, intReg(0)), Operand::fixedDef(res, intReg(0))}, clobbers);
  f.inst(b, {Operand::def(s), Operand::use(res), Operand::use(a)});
  f.ret(b, {Operand::fixedUse(s, intReg(0))});
  const Input &in = f.build();
  Output good = std::move(allocate(in, Algorithm::Backtracking, true)).value();
  REQUIRE(editsText(good) == "before inst1: %r0i -> stack0\n"
                             "before inst2: stack0 -> %r1i\n");
  Output broken = good; // the reload comes from the wrong place
  broken.edits[1].from = Allocation::reg(intReg(2));
  Expected<void> proof = checkAllocation(in, broken);
  REQUIRE(!proof.hasValue());
  CHECK(proof.error().message == "inst 2 operand 2: use of v0 in %r1i, which holds nothing known");
}

// ---- High pressure ----

namespace {

/// x86-64-like registers: 9 caller-saved and 5 callee-saved integer registers, 8 floats.
void x64Regs(TestFunc &f, PRegSet &callClobbers) {
  for (unsigned r = 0; r < 14; ++r) {
    (r < 9 ? f.env.preferred : f.env.nonPreferred)[0].push_back(intReg(r));
    if (r < 9)
      callClobbers.add(intReg(r));
  }
  for (unsigned r = 0; r < 8; ++r) {
    f.env.preferred[1].push_back(floatReg(r));
    callClobbers.add(floatReg(r));
  }
}

/// 60 values defined, three calls, then all 60 summed: most must wait in slots.
void sixtyAcrossCalls(TestFunc &f) {
  PRegSet clob;
  x64Regs(f, clob);
  uint32_t b = f.block();
  VReg arg = f.vreg();
  f.inst(b, {Operand::fixedDef(arg, intReg(0))});
  std::vector<VReg> vs;
  for (int k = 0; k < 60; ++k) {
    VReg v = f.vreg();
    f.inst(b, {Operand::def(v), Operand::use(k == 0 ? arg : vs.back())});
    vs.push_back(v);
  }
  VReg last = vs.back();
  for (int c = 0; c < 3; ++c) {
    VReg r = f.vreg();
    f.inst(b, {Operand::fixedUse(last, intReg(0)), Operand::fixedDef(r, intReg(0))}, clob);
    last = r;
  }
  VReg acc = last;
  for (VReg v : vs) {
    VReg s = f.vreg();
    f.inst(b, {Operand::reuseDef(s, 1), Operand::use(acc), Operand::use(v)});
    acc = s;
  }
  f.ret(b, {Operand::fixedUse(acc, intReg(0))});
}

/// A chain of divisions (rdx:rax), each needing the previous quotient and remainder, with
/// a few values live across the whole chain.
void divisionChain(TestFunc &f) {
  PRegSet clob;
  x64Regs(f, clob);
  uint32_t b = f.block();
  VReg x = f.vreg(), y = f.vreg(), z = f.vreg();
  f.inst(b, {Operand::fixedDef(x, intReg(7)), Operand::fixedDef(y, intReg(6)),
             Operand::fixedDef(z, intReg(2))});
  std::vector<VReg> keep{x, y, z};
  VReg lo = x, hi = y;
  for (int k = 0; k < 40; ++k) {
    VReg q = f.vreg(), r = f.vreg();
    f.inst(b, {Operand::fixedUse(lo, intReg(0)), Operand::fixedUse(hi, intReg(2)),
               Operand::use(keep[k % 3]), Operand::fixedDef(q, intReg(0)),
               Operand::fixedDef(r, intReg(2))});
    VReg s = f.vreg();
    f.inst(b, {Operand::reuseDef(s, 1), Operand::use(q), Operand::use(keep[(k + 1) % 3])});
    lo = s;
    hi = r;
  }
  VReg t = f.vreg();
  f.inst(b, {Operand::def(t), Operand::use(lo), Operand::use(hi)});
  VReg u = f.vreg();
  f.inst(b, {Operand::reuseDef(u, 1), Operand::use(t), Operand::use(z)});
  f.ret(b, {Operand::fixedUse(u, intReg(0))});
}

/// A loop carrying 16 values in block parameters (more than the registers left), which
/// its body updates and permutes, with a call in the body.
void loopManyParams(TestFunc &f) {
  PRegSet clob;
  x64Regs(f, clob);
  uint32_t entry = f.block(), head = f.block(), body = f.block(), exit = f.block();
  std::vector<VReg> init;
  for (int k = 0; k < 16; ++k) {
    VReg v = f.vreg();
    f.inst(entry, {Operand::def(v)});
    init.push_back(v);
  }
  f.jump(entry, head, init);
  std::vector<VReg> ps;
  for (int k = 0; k < 16; ++k)
    ps.push_back(f.param(head));
  f.branch(head, {Operand::use(ps[0])}, {body, exit}, {{}, {}});
  std::vector<VReg> next;
  for (int k = 0; k < 16; ++k) {
    VReg v = f.vreg();
    f.inst(body, {Operand::reuseDef(v, 1), Operand::use(ps[k]), Operand::use(ps[(k + 5) % 16])});
    next.push_back(v);
    if (k == 8) {
      VReg r = f.vreg();
      f.inst(body, {Operand::fixedUse(v, intReg(0)), Operand::fixedDef(r, intReg(0))}, clob);
      next.back() = r;
    }
  }
  std::rotate(next.begin(), next.begin() + 3, next.end());
  f.jump(body, head, next);
  VReg acc = ps[0];
  for (int k = 1; k < 16; ++k) {
    VReg s = f.vreg();
    f.inst(exit, {Operand::reuseDef(s, 1), Operand::use(acc), Operand::use(ps[k])});
    acc = s;
  }
  f.ret(exit, {Operand::fixedUse(acc, intReg(0))});
}

/// A branch with 12 targets (br_table), each receiving 4 arguments, all joining again.
void manyTargets(TestFunc &f) {
  PRegSet clob;
  x64Regs(f, clob);
  uint32_t entry = f.block();
  std::vector<VReg> vals;
  for (int k = 0; k < 10; ++k) {
    VReg v = f.vreg();
    f.inst(entry, {Operand::def(v)});
    vals.push_back(v);
  }
  std::vector<uint32_t> targets;
  std::vector<std::vector<VReg>> args;
  for (int t = 0; t < 12; ++t) {
    targets.push_back(f.block());
    args.push_back({vals[t % 10], vals[(t + 3) % 10], vals[(t + 7) % 10], vals[(t + 1) % 10]});
  }
  uint32_t join = f.block();
  f.branch(entry, {Operand::use(vals[0])}, targets, args);
  std::vector<VReg> jp;
  for (int k = 0; k < 3; ++k)
    jp.push_back(f.param(join));
  for (int t = 0; t < 12; ++t) {
    uint32_t tb = targets[t];
    std::vector<VReg> p;
    for (int k = 0; k < 4; ++k)
      p.push_back(f.param(tb));
    VReg s = f.vreg();
    f.inst(tb, {Operand::reuseDef(s, 1), Operand::use(p[0]), Operand::use(p[1])});
    f.jump(tb, join, {s, p[2], vals[(t + 5) % 10]});
  }
  VReg s = f.vreg(), u = f.vreg();
  f.inst(join, {Operand::reuseDef(s, 1), Operand::use(jp[0]), Operand::use(jp[1])});
  f.inst(join, {Operand::reuseDef(u, 1), Operand::use(s), Operand::use(jp[2])});
  f.ret(join, {Operand::fixedUse(u, intReg(0))});
}

using Builder = void (*)(TestFunc &);
const std::pair<const char *, Builder> kPressure[] = {
    {"60 values across calls", sixtyAcrossCalls},
    {"division chain", divisionChain},
    {"loop with 16 parameters", loopManyParams},
    {"12-target branch with arguments", manyTargets},
};

} // namespace

TEST_CASE("Backtracking: high-pressure programs", "[regalloc]") {
  for (auto [name, build] : kPressure) {
    INFO(name);
    TestFunc f;
    build(f);
    allocateChecked(f);
    allocateChecked(f, Algorithm::SinglePass);
  }
}

namespace {

/// Random program `seed`; with `roomy`, eight more callee-saved integer registers and two
/// more float registers (moderate pressure instead of the generator's extreme one).
TestFunc &randomProgram(RandomProgram &gen, bool roomy) {
  TestFunc &f = gen.generate();
  if (roomy) {
    for (unsigned r = 8; r < 16; ++r)
      f.env.nonPreferred[0].push_back(intReg(r));
    for (unsigned r = 4; r < 6; ++r)
      f.env.nonPreferred[1].push_back(floatReg(r));
  }
  return f;
}

struct Totals {
  Stats single, back;
  void add(const Output &s, const Output &b) {
    single += s.stats;
    back += b.stats;
  }
  static uint32_t sum(const Stats &x) { return x.moves + x.spills + x.reloads; }
};

} // namespace

TEST_CASE("Backtracking: random programs pass both checkers", "[regalloc][random]") {
  // SEEDS=20000 for a longer run; SEED=n runs one program (with SHOW=1 to see it).
  uint32_t first = std::getenv("SEED") ? uint32_t(std::atoi(std::getenv("SEED"))) : 1;
  uint32_t last = std::getenv("SEED")    ? first
                  : std::getenv("SEEDS") ? uint32_t(std::atoi(std::getenv("SEEDS")))
                                         : 400;
  for (bool roomy : {false, true})
    for (uint32_t seed = first; seed <= last; ++seed) {
      INFO("seed " << seed << (roomy ? " with more registers" : ""));
      RandomProgram gen(seed);
      TestFunc &f = randomProgram(gen, roomy);
      allocateChecked(f);
      allocateChecked(f, Algorithm::SinglePass);
    }
}

TEST_CASE("Backtracking: fewer moves, spills and reloads than single_pass", "[regalloc]") {
  // The test set: the high-pressure programs, and 400 random programs at the generator's
  // register counts (3-5 integer registers) and with more registers. COUNTS=1 prints.
  Totals pressure, tight, roomy;
  for (auto [name, build] : kPressure) {
    TestFunc f;
    build(f);
    const Input &in = f.build();
    Output s = std::move(allocate(in, Algorithm::SinglePass, true)).value();
    Output b = std::move(allocate(in, Algorithm::Backtracking, true)).value();
    pressure.add(s, b);
    if (std::getenv("COUNTS"))
      std::printf("%-34s single_pass %-44s backtracking %s\n", name, s.stats.text().c_str(),
                  b.stats.text().c_str());
  }
  for (uint32_t seed = 1; seed <= 400; ++seed)
    for (bool more : {false, true}) {
      RandomProgram gen(seed);
      TestFunc &f = randomProgram(gen, more);
      const Input &in = f.build();
      Expected<Output> s = allocate(in, Algorithm::SinglePass, true);
      Expected<Output> b = allocate(in, Algorithm::Backtracking, true);
      REQUIRE(s.hasValue());
      REQUIRE(b.hasValue());
      (more ? roomy : tight).add(*s, *b);
    }
  if (std::getenv("COUNTS"))
    for (auto [name, t] : {std::pair{"pressure", &pressure}, std::pair{"random 3-5 regs", &tight},
                           std::pair{"random 11-13 regs", &roomy}})
      std::printf("%-34s single_pass %-44s (%u) backtracking %s (%u)\n", name,
                  t->single.text().c_str(), Totals::sum(t->single), t->back.text().c_str(),
                  Totals::sum(t->back));
  CHECK(Totals::sum(pressure.back) < Totals::sum(pressure.single));
  // At least 10% fewer on random programs.
  CHECK(Totals::sum(tight.back) * 10 < Totals::sum(tight.single) * 9);
  CHECK(Totals::sum(roomy.back) * 10 < Totals::sum(roomy.single) * 9);
}

namespace {

/// `numBlocks` blocks of 100 instructions: values used by the next few instructions, a
/// call every 25, and a two-way branch whose edges pass the block's parameters on (one of
/// them swapped) through edge blocks to the next block.
void bigFunction(TestFunc &f, int numBlocks) {
  PRegSet clob;
  x64Regs(f, clob);
  uint32_t entry = f.block();
  VReg a = f.vreg(), c = f.vreg();
  f.inst(entry, {Operand::fixedDef(a, intReg(7)), Operand::fixedDef(c, intReg(6))});
  uint32_t cur = f.block();
  f.jump(entry, cur, {a, c});
  for (int b = 0; b < numBlocks; ++b) {
    VReg p = f.param(cur), q = f.param(cur);
    std::vector<VReg> recent{p, q};
    for (int k = 0; k < 98; ++k) {
      VReg d = f.vreg();
      if (k % 25 == 24) {
        f.inst(cur, {Operand::fixedUse(recent.back(), intReg(7)), Operand::fixedDef(d, intReg(0))},
               clob);
      } else {
        size_t back = std::min<size_t>(recent.size() - 1, 1 + k % 4);
        f.inst(cur, {Operand::reuseDef(d, 1), Operand::use(recent.back()),
                     Operand::use(recent[recent.size() - 1 - back])});
      }
      recent.push_back(d);
    }
    uint32_t e1 = f.block(), e2 = f.block(), next = f.block();
    f.branch(cur, {Operand::use(recent.back())}, {e1, e2}, {{}, {}});
    f.jump(e1, next, {recent.back(), p});
    f.jump(e2, next, {p, recent.back()});
    cur = next;
  }
  VReg r = f.param(cur), unused = f.param(cur);
  (void)unused;
  f.ret(cur, {Operand::fixedUse(r, intReg(0))});
}

double secondsToAllocate(const Input &in, Output &out) {
  std::clock_t start = std::clock();
  Expected<Output> o = allocate(in, Algorithm::Backtracking);
  double s = double(std::clock() - start) / CLOCKS_PER_SEC;
  REQUIRE(o.hasValue());
  out = std::move(o).value();
  return s;
}

} // namespace

TEST_CASE("Backtracking: time grows linearly with the function", "[regalloc][perf]") {
  TestFunc small, big;
  bigFunction(small, 100);  // ~10k instructions
  bigFunction(big, 1000);   // ~100k instructions
  const Input &si = small.build();
  const Input &bi = big.build();
  Output so, bo;
  double ts = secondsToAllocate(si, so), tb = secondsToAllocate(bi, bo);
  REQUIRE(checkAllocation(si, so).hasValue());
  REQUIRE(checkAllocation(bi, bo).hasValue());
  CHECK(bi.numInsts > 100000);
  // Well under a second in a release build; the bound leaves room for slow builds.
  CHECK(tb < 3.0);
  if (std::getenv("COUNTS"))
    std::printf("10k: %u insts %.4f s %s\n100k: %u insts %.4f s %s\nratio %.2f\n", si.numInsts,
                ts, so.stats.text().c_str(), bi.numInsts, tb, bo.stats.text().c_str(), tb / ts);
}

TEST_CASE("Backtracking: register occupancy agrees with a map", "[regalloc]") {
  // Random disjoint ranges inserted and erased in random order (enough to split and
  // empty chunks); every lookup is compared with a std::map of from -> to.
  bt::RegOccupancy occ;
  std::map<uint32_t, uint32_t> model;
  uint32_t seed = 12345;
  auto rnd = [&](uint32_t n) {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 8) % n;
  };
  auto modelOverlaps = [&](uint32_t from, uint32_t to) {
    auto it = model.upper_bound(from);
    if (it != model.begin() && std::prev(it)->second > from)
      return true;
    return it != model.end() && it->first < to;
  };
  for (int step = 0; step < 20000; ++step) {
    const uint32_t from = rnd(4000), to = from + 1 + rnd(6);
    if (rnd(3) != 0) {
      if (!modelOverlaps(from, to)) {
        occ.insert(bt::RegOccupancy::Entry{from, to, from});
        model[from] = to;
      }
    } else if (!model.empty()) {
      auto it = model.lower_bound(from);
      if (it == model.end())
        it = model.begin();
      occ.erase(it->first);
      model.erase(it);
    }
    const uint32_t qf = rnd(4100), qt = qf + 1 + rnd(20);
    REQUIRE(occ.overlaps(qf, qt) == modelOverlaps(qf, qt));
    auto c = occ.firstEndingAfter(qf);
    auto m = model.upper_bound(qf);
    if (m != model.begin() && std::prev(m)->second > qf)
      --m;
    REQUIRE(occ.valid(c) == (m != model.end()));
    if (m != model.end()) {
      REQUIRE(occ.at(c).from == m->first);
      REQUIRE(occ.at(c).to == m->second);
      REQUIRE(occ.at(c).bundle == m->first);
      // Walking on visits the model's ranges in order.
      for (int k = 0; k < 5 && m != model.end(); ++k, ++m, occ.next(c)) {
        REQUIRE(occ.valid(c));
        REQUIRE(occ.at(c).from == m->first);
      }
    }
  }
  CHECK(model.size() > 200); // several chunks (each holds at most 64)
}
