// Tests of the experimental allocator (regalloc/Experimental*.cpp) on hand-built Inputs:
// the SinglePass scenarios, high-pressure cases and random programs. Every answer is proven
// by both checkers (the library's regalloc/Checker.h and the tests' symbolic one), and the
// counts of moves, spills and reloads are compared with the single-pass allocator's.
// STATS=1 prints the comparison; SEEDS=N sets the number of random programs.
//
// When irc is built with IRC_EXPERIMENTAL_REGALLOC=OFF, only the error test runs.
#include "RandomPrograms.h"
#include "RegallocTestUtil.h"

#include "codegen/regalloc/Regalloc.h"

#include <catch2/catch.hpp>

#include <cstdlib>

using namespace irc;
using namespace irc::regalloc;
using namespace irc::regalloc::test;

#ifndef IRC_EXPERIMENTAL_REGALLOC

TEST_CASE("Experimental: compiled out, choosing it is an error", "[regalloc][experimental]") {
  CHECK(!compiledIn(Algorithm::Experimental));
  CHECK(!implemented(Algorithm::Experimental));
  TestFunc f;
  f.env.preferred[0] = {intReg(0)};
  uint32_t b = f.block();
  VReg x = f.vreg();
  f.inst(b, {Operand::def(x)});
  f.ret(b, {Operand::fixedUse(x, intReg(0))});
  Expected<Output> out = allocate(f.build(), Algorithm::Experimental);
  REQUIRE(!out.hasValue());
  CHECK(out.error().message ==
        "register allocation: regalloc_algorithm=experimental is not available: this irc was "
        "built with IRC_EXPERIMENTAL_REGALLOC=OFF");
}

#else

namespace {

/// Instructions an allocation adds (a rematerialized constant is one, like a reload).
uint32_t editCost(const Stats &s) { return s.moves + s.spills + s.reloads + s.remats; }

/// Allocates with the experimental allocator, proves the answer with both checkers, and
/// returns it with the single-pass allocator's stats for the same input.
struct Checked {
  Output out;
  Stats singlePass;
};

Checked allocateChecked(TestFunc &f, Context *context = nullptr) {
  const Input &in = f.build();
  Expected<Output> out = allocate(in, Algorithm::Experimental, context);
  INFO(inputText(in));
  INFO((out.hasValue() ? std::string() : out.error().message));
  REQUIRE(out.hasValue());
  INFO(editsText(*out));
  CHECK(check(in, *out) == "");
  Expected<void> proof = checkAllocation(in, *out);
  INFO((proof ? std::string() : proof.error().message));
  CHECK(proof.hasValue());
  Expected<Output> sp = allocate(in, Algorithm::SinglePass);
  REQUIRE(sp.hasValue());
  if (std::getenv("SHOW")) {
    std::string al;
    for (uint32_t i = 0; i < in.numInsts; ++i)
      al += "inst" + std::to_string(i) + ": " + allocsText(in, *out, i) + "\n";
    WARN(inputText(in) + al + editsText(*out));
  }
  if (std::getenv("STATS"))
    WARN("experimental " << out->stats.text() << " | single_pass " << sp->stats.text());
  return Checked{std::move(out).value(), sp->stats};
}

} // namespace

TEST_CASE("Experimental: compiled in, it runs its own algorithm", "[regalloc][experimental]") {
  CHECK(compiledIn(Algorithm::Experimental));
  CHECK(implemented(Algorithm::Experimental));
  CHECK(std::string(algorithmName(Algorithm::Experimental)) == "experimental");
}

TEST_CASE("Experimental: straight-line code with more live values than registers",
          "[regalloc][experimental]") {
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
  Checked c = allocateChecked(f);
  // Two of the five values must wait in slots: the two whose uses come last.
  CHECK(c.out.stats.spills == 2);
  CHECK(c.out.stats.reloads == 2);
  CHECK(c.out.numSpillSlots == 2);
}

TEST_CASE("Experimental: a constant under pressure is rematerialized, never stored",
          "[regalloc][experimental]") {
  // k is a constant live across a stretch that needs all three registers (inst3 has four
  // values live); it is the cheapest to lose, and it comes back by running inst0 again.
  TestFunc f;
  intRegs(f, 3, 3);
  uint32_t b = f.block();
  VReg k = f.vreg(), a = f.vreg(), c = f.vreg(), d = f.vreg();
  f.inst(b, {Operand::def(k)}, {}, Input::kRemat);
  f.inst(b, {Operand::def(a)});
  f.inst(b, {Operand::def(c)});
  f.inst(b, {Operand::def(d)});
  VReg t1 = f.vreg(), t2 = f.vreg(), t3 = f.vreg();
  f.inst(b, {Operand::def(t1), Operand::use(a), Operand::use(c)});
  f.inst(b, {Operand::def(t2), Operand::use(t1), Operand::use(d)});
  f.inst(b, {Operand::def(t3), Operand::use(t2), Operand::anyUse(k)});
  f.ret(b, {Operand::fixedUse(t3, intReg(0))});
  Checked c1 = allocateChecked(f);
  CHECK(editsText(c1.out).find("before inst6: remat(inst0) -> ") != std::string::npos);
  CHECK(c1.out.stats.remats == 1);
  CHECK(c1.out.stats.spills == 0);
  CHECK(c1.out.stats.reloads == 0);
  CHECK(c1.out.numSpillSlots == 0);
  // The Any use reads a register: an instruction cannot read a rematerialization.
  CHECK(c1.out.allocs[f.input.operandOffsets[6] + 2].isReg());
}

TEST_CASE("Experimental: x86-style division with fixed uses and defs", "[regalloc][experimental]") {
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
  Checked ch = allocateChecked(f);
  CHECK(allocsText(f.input, ch.out, 1).substr(0, 9) == "%r0i %r1i");
  // a waits in r2 (where it was defined) and is copied into r0: no spill.
  CHECK(ch.out.stats.spills == 0);
  CHECK(ch.out.stats.reloads == 0);
  CHECK(editCost(ch.out.stats) <= editCost(ch.singlePass));
}

TEST_CASE("Experimental: reuse defs (two-address)", "[regalloc][experimental]") {
  SECTION("the input stays live: one copy") {
    TestFunc f;
    intRegs(f, 3, 3);
    uint32_t b = f.block();
    VReg x = f.vreg(), y = f.vreg(), z = f.vreg(), w = f.vreg();
    f.inst(b, {Operand::fixedDef(x, intReg(0)), Operand::fixedDef(y, intReg(1))});
    f.inst(b, {Operand::reuseDef(z, 1), Operand::use(x), Operand::use(y)});
    f.inst(b, {Operand::def(w), Operand::use(z), Operand::use(x)});
    f.ret(b, {Operand::fixedUse(w, intReg(0))});
    Checked c = allocateChecked(f);
    // x is copied into the tied register, and z from there to where it is used (the
    // experimental allocator does not yet coalesce a tied def with its later uses).
    CHECK(c.out.stats.text() == "moves=2 spills=0 reloads=0 remats=0 stack_moves=0");
  }
  SECTION("the input dies: no edit at all") {
    TestFunc f;
    intRegs(f, 3, 3);
    uint32_t b = f.block();
    VReg x = f.vreg(), y = f.vreg(), z = f.vreg();
    f.inst(b, {Operand::fixedDef(x, intReg(0)), Operand::fixedDef(y, intReg(1))});
    f.inst(b, {Operand::reuseDef(z, 1), Operand::use(x), Operand::use(y)});
    f.ret(b, {Operand::fixedUse(z, intReg(0))});
    Checked c = allocateChecked(f);
    CHECK(allocsText(f.input, c.out, 1) == "%r0i %r0i %r1i");
    CHECK(c.out.edits.empty());
  }
}

TEST_CASE("Experimental: a shift count in a fixed register", "[regalloc][experimental]") {
  TestFunc f;
  intRegs(f, 4, 4);
  uint32_t b = f.block();
  VReg x = f.vreg(), n = f.vreg(), y = f.vreg(), z = f.vreg();
  f.inst(b, {Operand::fixedDef(x, intReg(0)), Operand::fixedDef(n, intReg(1))});
  f.inst(b, {Operand::use(x), Operand::fixedUse(n, intReg(2)), Operand::reuseDef(y, 0)});
  f.inst(b, {Operand::def(z), Operand::use(y), Operand::use(n)});
  f.ret(b, {Operand::fixedUse(z, intReg(0))});
  Checked c = allocateChecked(f);
  CHECK(allocsText(f.input, c.out, 1) == "%r0i %r2i %r0i");
  CHECK(editsText(c.out) == "before inst1: %r1i -> %r2i\n");
}

TEST_CASE("Experimental: values live across a call", "[regalloc][experimental]") {
  SECTION("they wait in callee-saved registers") {
    TestFunc f;
    intRegs(f, 5, 3);
    uint32_t b = f.block();
    VReg a = f.vreg(), c = f.vreg(), res = f.vreg(), s1 = f.vreg(), s2 = f.vreg();
    f.inst(b, {Operand::fixedDef(a, intReg(0)), Operand::fixedDef(c, intReg(1))});
    f.inst(b, {Operand::fixedUse(a, intReg(0)), Operand::fixedDef(res, intReg(0))},
           intClobbers(3));
    f.inst(b, {Operand::def(s1), Operand::use(res), Operand::use(a)});
    f.inst(b, {Operand::def(s2), Operand::use(s1), Operand::use(c)});
    f.ret(b, {Operand::fixedUse(s2, intReg(0))});
    Checked ch = allocateChecked(f);
    CHECK(ch.out.stats.spills == 0);
    CHECK(ch.out.stats.reloads == 0);
    // a and c go straight to r3/r4 after their defs; a is copied into r0 for the call.
    CHECK(ch.out.stats.moves <= ch.singlePass.moves);
  }
  SECTION("with no callee-saved register they spill") {
    TestFunc f;
    intRegs(f, 3, 3);
    uint32_t b = f.block();
    VReg a = f.vreg(), res = f.vreg(), s = f.vreg();
    f.inst(b, {Operand::fixedDef(a, intReg(0))});
    f.inst(b, {Operand::fixedUse(a, intReg(0)), Operand::fixedDef(res, intReg(0))},
           intClobbers(3));
    f.inst(b, {Operand::def(s), Operand::use(res), Operand::use(a)});
    f.ret(b, {Operand::fixedUse(s, intReg(0))});
    Checked c = allocateChecked(f);
    CHECK(c.out.stats.spills == 1);
    CHECK(c.out.stats.reloads == 1);
  }
}

TEST_CASE("Experimental: loops and block parameters", "[regalloc][experimental]") {
  SECTION("a back edge that swaps two parameters") {
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
    Checked ch = allocateChecked(f);
    // p and q stay in registers: the swap is a register cycle (three moves), no memory.
    CHECK(ch.out.stats.spills == 0);
    CHECK(ch.out.stats.reloads == 0);
    CHECK(editCost(ch.out.stats) < editCost(ch.singlePass));
  }
  SECTION("eight parameters rotated, more than registers") {
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
    Checked c = allocateChecked(f);
    CHECK(c.out.numSpillSlots >= 5);
  }
  SECTION("a jump that reads every register into a parameter cycle") {
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
    allocateChecked(f);
  }
  SECTION("a jump that passes its own operand as a parameter of its target") {
    TestFunc f;
    intRegs(f, 2, 2);
    uint32_t entry = f.block(), head = f.block(), exit = f.block(), latchBlock = f.block();
    VReg a = f.vreg();
    f.inst(entry, {Operand::def(a)});
    f.jump(entry, head, {a});
    VReg p = f.param(head);
    f.branch(head, {Operand::use(p)}, {latchBlock, exit}, {{}, {}});
    VReg n = f.vreg();
    f.inst(latchBlock, {Operand::def(n), Operand::use(p)});
    f.inst(latchBlock, {Operand::use(p)}, {}, Input::kBranch); // reads the old p
    f.blocks[latchBlock].succs = {head};
    f.blocks[latchBlock].args = {{n}};
    f.ret(exit, {Operand::fixedUse(p, intReg(0))});
    allocateChecked(f);
  }
}

TEST_CASE("Experimental: a terminator with defs", "[regalloc][experimental]") {
  TestFunc f;
  intRegs(f, 3, 2);
  PRegSet clobbers = intClobbers(2);
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
  Checked c = allocateChecked(f);
  // The handler's value moves from r1 to r0; nothing touches memory.
  CHECK(c.out.stats.spills + c.out.stats.reloads == 0);
  CHECK(editCost(c.out.stats) < editCost(c.singlePass));
}

TEST_CASE("Experimental: operand shapes", "[regalloc][experimental]") {
  SECTION("a fixed register the allocator does not own") {
    TestFunc f;
    intRegs(f, 2, 2);
    uint32_t b = f.block();
    VReg a = f.vreg(), c = f.vreg(), s = f.vreg();
    f.inst(b, {Operand::def(a)});
    f.inst(b, {Operand::fixedUse(a, intReg(9))});
    f.inst(b, {Operand::fixedDef(c, intReg(9))});
    f.inst(b, {Operand::def(s), Operand::use(a), Operand::use(c)});
    f.ret(b, {Operand::fixedUse(s, intReg(0))});
    Checked ch = allocateChecked(f);
    CHECK(ch.out.stats.moves == 2);
  }
  SECTION("early defs and late uses get distinct registers") {
    TestFunc f;
    intRegs(f, 3, 3);
    uint32_t b = f.block();
    VReg x = f.vreg(), y = f.vreg(), d = f.vreg();
    f.inst(b, {Operand::fixedDef(x, intReg(0)), Operand::fixedDef(y, intReg(1))});
    f.inst(b, {Operand::earlyDef(d), Operand::lateUse(x), Operand::use(y)});
    f.ret(b, {Operand::fixedUse(d, intReg(0))});
    Checked c = allocateChecked(f);
    std::string al = allocsText(f.input, c.out, 1);
    CHECK(al.substr(0, 4) != al.substr(5, 4));
  }
  SECTION("Any operands") {
    TestFunc f;
    intRegs(f, 2, 2);
    uint32_t b = f.block();
    VReg x = f.vreg(), y = f.vreg(), z = f.vreg(), w = f.vreg();
    f.inst(b, {Operand::anyDef(x)});
    f.inst(b, {Operand::def(y), Operand::anyUse(x)});
    f.inst(b, {Operand::def(z), Operand::use(y), Operand::anyUse(x)});
    f.inst(b, {Operand::def(w), Operand::use(z)});
    f.ret(b, {Operand::fixedUse(w, intReg(0))});
    Checked c = allocateChecked(f);
    CHECK(c.out.stats.spills + c.out.stats.reloads == 0);
  }
  SECTION("float and int classes apart") {
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
    Checked c = allocateChecked(f);
    CHECK(c.out.numSpillSlots == 0);
    CHECK(c.out.edits.empty());
  }
}

// Inputs that break a rule of Input.h are InputRulesTest's; these errors need the
// allocator's own analysis.
TEST_CASE("Experimental: inputs its own analysis rejects are errors", "[regalloc][experimental]") {
  auto errorOf = [](TestFunc &f) {
    Expected<Output> out = allocate(f.build(), Algorithm::Experimental);
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
    CHECK(errorOf(f) == "register allocation: inst1: needs more int registers than exist");
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
    // The same words as backtracking's: a use its definition does not reach.
    CHECK(errorOf(f) == "register allocation: inst0: vreg v1 is live into the entry block");
  }
  SECTION("two fixed defs in one register") {
    TestFunc f;
    intRegs(f, 2, 2);
    uint32_t b = f.block();
    VReg x = f.vreg(), y = f.vreg();
    f.inst(b, {Operand::fixedDef(x, intReg(0)), Operand::fixedDef(y, intReg(0))});
    f.ret(b, {Operand::fixedUse(x, intReg(0))});
    CHECK(errorOf(f) == "register allocation: inst0: two defs fixed to one register");
  }
}

// ---------------------------------------------------------------------------------------
// High pressure.

TEST_CASE("Experimental: 60 values live across calls", "[regalloc][experimental][pressure]") {
  TestFunc f;
  intRegs(f, 8, 4); // r0..r3 caller-saved, r4..r7 callee-saved
  PRegSet clobbers = intClobbers(4);
  uint32_t b = f.block();
  std::vector<VReg> vs;
  for (int k = 0; k < 60; ++k) {
    VReg v = f.vreg();
    f.inst(b, {Operand::def(v)});
    vs.push_back(v);
  }
  VReg r = f.vreg();
  f.inst(b, {Operand::fixedUse(vs[0], intReg(0)), Operand::fixedDef(r, intReg(0))}, clobbers);
  for (int c = 0; c < 3; ++c) {
    VReg r2 = f.vreg();
    f.inst(b, {Operand::fixedUse(r, intReg(0)), Operand::fixedDef(r2, intReg(0))}, clobbers);
    r = r2;
  }
  VReg acc = r;
  for (VReg v : vs) {
    VReg s = f.vreg();
    f.inst(b, {Operand::reuseDef(s, 1), Operand::use(acc), Operand::use(v)});
    acc = s;
  }
  f.ret(b, {Operand::fixedUse(acc, intReg(0))});
  Checked c = allocateChecked(f);
  CHECK(c.out.stats.reloads >= 52);
  CHECK(editCost(c.out.stats) <= editCost(c.singlePass));
}

TEST_CASE("Experimental: a long chain of divisions", "[regalloc][experimental][pressure]") {
  TestFunc f;
  intRegs(f, 6, 6);
  uint32_t b = f.block();
  VReg x = f.vreg(), y = f.vreg();
  f.inst(b, {Operand::fixedDef(x, intReg(0)), Operand::fixedDef(y, intReg(1))});
  std::vector<VReg> keep{x, y};
  VReg cur = x;
  for (int k = 0; k < 40; ++k) {
    VReg hi = f.vreg(), q = f.vreg(), rem = f.vreg();
    f.inst(b, {Operand::def(hi)});
    f.inst(b, {Operand::fixedUse(cur, intReg(0)), Operand::fixedUse(hi, intReg(1)),
               Operand::use(keep[k % keep.size()]), Operand::fixedDef(q, intReg(0)),
               Operand::fixedDef(rem, intReg(1))});
    if (k % 5 == 0)
      keep.push_back(rem);
    cur = q;
  }
  VReg acc = cur;
  for (VReg v : keep) {
    VReg s = f.vreg();
    f.inst(b, {Operand::def(s), Operand::use(acc), Operand::use(v)});
    acc = s;
  }
  f.ret(b, {Operand::fixedUse(acc, intReg(0))});
  Checked c = allocateChecked(f);
  // single_pass: moves=8 spills=10 reloads=19. More reloads here: values kept for the
  // final sum are reloaded at each division they cross instead of staying in callee regs.
  CHECK(c.out.stats.text() == "moves=3 spills=7 reloads=37 remats=0 stack_moves=0");
}

TEST_CASE("Experimental: a loop with many block parameters", "[regalloc][experimental][pressure]") {
  TestFunc f;
  intRegs(f, 6, 3);
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
    VReg n = f.vreg();
    f.inst(body, {Operand::reuseDef(n, 1), Operand::use(ps[k]), Operand::use(ps[(k + 1) % 16])});
    next.push_back(n);
  }
  std::rotate(next.begin(), next.begin() + 3, next.end());
  f.jump(body, head, next);
  VReg acc = ps[0];
  for (int k = 1; k < 16; ++k) {
    VReg s = f.vreg();
    f.inst(exit, {Operand::def(s), Operand::use(acc), Operand::use(ps[k])});
    acc = s;
  }
  f.ret(exit, {Operand::fixedUse(acc, intReg(0))});
  Checked c = allocateChecked(f);
  // single_pass: moves=0 spills=59 reloads=61 stack_moves=22.
  CHECK(c.out.stats.text() == "moves=3 spills=54 reloads=66 remats=0 stack_moves=11");
}

TEST_CASE("Experimental: a br_table with many targets carrying arguments",
          "[regalloc][experimental][pressure]") {
  TestFunc f;
  intRegs(f, 4, 4);
  uint32_t entry = f.block();
  std::vector<VReg> vals;
  for (int k = 0; k < 6; ++k) {
    VReg v = f.vreg();
    f.inst(entry, {Operand::def(v)});
    vals.push_back(v);
  }
  const int n = 24;
  std::vector<uint32_t> targets;
  std::vector<std::vector<VReg>> args;
  for (int k = 0; k < n; ++k) {
    targets.push_back(f.block());
    args.push_back({vals[k % 6], vals[(k + 1) % 6], vals[(k + 3) % 6]});
  }
  uint32_t join = f.block();
  f.branch(entry, {Operand::use(vals[0])}, targets, args);
  VReg jp = f.param(join);
  for (int k = 0; k < n; ++k) {
    uint32_t t = targets[k];
    VReg a = f.param(t), b2 = f.param(t), c = f.param(t);
    VReg s = f.vreg(), s2 = f.vreg();
    f.inst(t, {Operand::def(s), Operand::use(a), Operand::use(b2)});
    f.inst(t, {Operand::def(s2), Operand::use(s), Operand::use(c)});
    f.jump(t, join, {k % 2 ? s2 : vals[k % 6]});
  }
  VReg r = f.vreg();
  f.inst(join, {Operand::def(r), Operand::use(jp), Operand::use(vals[5])});
  f.ret(join, {Operand::fixedUse(r, intReg(0))});
  Checked c = allocateChecked(f);
  CHECK(editCost(c.out.stats) <= editCost(c.singlePass));
}

// ---------------------------------------------------------------------------------------
// Random programs, and memory reuse across functions.

TEST_CASE("Experimental: random programs pass both checkers", "[regalloc][experimental][random]") {
  uint32_t numSeeds = std::getenv("SEEDS") ? uint32_t(std::atoi(std::getenv("SEEDS"))) : 400;
  Stats mine, theirs;
  uint32_t totalInsts = 0;
  Context context; // one context for all: its memory is reused from program to program
  for (uint32_t seed = 1; seed <= numSeeds; ++seed) {
    RandomProgram gen(seed);
    TestFunc &f = gen.generate();
    const Input &in = f.build();
    INFO("seed " << seed);
    Expected<Output> out = allocate(in, Algorithm::Experimental, &context);
    INFO((out.hasValue() ? std::string() : out.error().message + "\n" + inputText(in)));
    REQUIRE(out.hasValue());
    Expected<void> proof = checkAllocation(in, *out);
    INFO((proof ? std::string() : proof.error().message + "\n" + inputText(in) + editsText(*out)));
    REQUIRE(proof.hasValue());
    std::string err = check(in, *out);
    INFO(editsText(*out));
    REQUIRE(err == "");
    Expected<Output> sp = allocate(in, Algorithm::SinglePass);
    REQUIRE(sp.hasValue());
    mine += out->stats;
    theirs += sp->stats;
    totalInsts += in.numInsts;
  }
  if (std::getenv("STATS"))
    WARN(totalInsts << " instructions: experimental " << mine.text() << " | single_pass "
                    << theirs.text());
  CHECK(totalInsts > 4000);
  CHECK(mine.remats > 0); // constants come back without a slot
  // On these tiny register files (3-5 int, 2-3 float) the experimental allocator is
  // within 10% of single_pass (see the report in docs/regalloc-experimental.md).
  CHECK(editCost(mine) * 10 < editCost(theirs) * 11);
}

TEST_CASE("Experimental: a reused context gives the same answers as a fresh one",
          "[regalloc][experimental]") {
  Context shared;
  for (uint32_t seed = 1000; seed < 1040; ++seed) {
    RandomProgram gen(seed);
    TestFunc &f = gen.generate();
    const Input &in = f.build();
    Expected<Output> a = allocate(in, Algorithm::Experimental, &shared);
    Expected<Output> b = allocate(in, Algorithm::Experimental);
    REQUIRE(a.hasValue());
    REQUIRE(b.hasValue());
    INFO("seed " << seed);
    CHECK(editsText(*a) == editsText(*b));
    CHECK(a->allocs == b->allocs);
  }
  CHECK(shared.experimental != nullptr);
}

#endif
