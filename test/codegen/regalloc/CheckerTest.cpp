// Tests of regalloc/Checker.cpp: hand-made allocations it must accept; one corruption of
// each kind, each with its exact message; the single-pass allocator's answers for the
// random programs (RandomPrograms.h); random corruptions of those answers judged by a
// concrete execution; and a 100k-instruction function for speed.
#include "RandomPrograms.h"
#include "RegallocTestUtil.h"

#include "codegen/regalloc/Checker.h"
#include "codegen/regalloc/Regalloc.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <random>

using namespace irc;
using namespace irc::regalloc;
using namespace irc::regalloc::test;

namespace {

Allocation R(unsigned hw) { return Allocation::reg(intReg(hw)); }
Allocation S(uint32_t slot) { return Allocation::stack(slot); }
Edit before(uint32_t i, Allocation from, Allocation to) {
  return Edit{ProgPoint::before(i), from, to, RegClass::Int};
}
Edit after(uint32_t i, Allocation from, Allocation to) {
  return Edit{ProgPoint::after(i), from, to, RegClass::Int};
}

/// An Output from per-instruction allocations, edits and a number of int spill slots.
Output makeOutput(const Input &in, std::vector<std::vector<Allocation>> perInst,
                  std::vector<Edit> edits, uint32_t intSlots) {
  Output out;
  for (const auto &allocs : perInst)
    out.allocs.insert(out.allocs.end(), allocs.begin(), allocs.end());
  REQUIRE(perInst.size() == in.numInsts);
  REQUIRE(out.allocs.size() == in.operands.size());
  out.edits = std::move(edits);
  out.numSpillSlots = intSlots;
  out.spillSlotClasses.assign(intSlots, RegClass::Int);
  return out;
}

/// The checker's message, or "" if it accepts.
std::string errorOf(const Input &in, const Output &out) {
  auto e = findAllocationError(in, out);
  return e ? e->message : std::string();
}

Allocation &allocOf(const Input &in, Output &out, uint32_t inst, uint32_t k) {
  return out.allocs[in.operandOffsets[inst] + k];
}

// Straight-line code with two registers: v0 is spilled and reloaded, v1 spilled around it.
//   inst0: v0 = fixed r0, v1 = fixed r1      after: r0 -> stack0
//   inst1: v2 = v1 + v1
//   inst2: v3 = v2 + v1 (two-address)        before inst3: r1 -> stack1, stack0 -> r1
//   inst3: v4 = v3 + v0                      before inst4: stack1 -> r1
//   inst4: v5 = v4 + v1
//   inst5: return v5 in r0
const Input &buildStraight(TestFunc &f) {
  intRegs(f, 2, 2);
  uint32_t b = f.block();
  VReg v0 = f.vreg(), v1 = f.vreg(), v2 = f.vreg(), v3 = f.vreg(), v4 = f.vreg(), v5 = f.vreg();
  f.inst(b, {Operand::fixedDef(v0, intReg(0)), Operand::fixedDef(v1, intReg(1))});
  f.inst(b, {Operand::def(v2), Operand::use(v1), Operand::use(v1)});
  f.inst(b, {Operand::reuseDef(v3, 1), Operand::use(v2), Operand::use(v1)});
  f.inst(b, {Operand::def(v4), Operand::use(v3), Operand::use(v0)});
  f.inst(b, {Operand::def(v5), Operand::use(v4), Operand::use(v1)});
  f.ret(b, {Operand::fixedUse(v5, intReg(0))});
  return f.build();
}
Output straightOutput(const Input &in) {
  return makeOutput(
      in,
      {{R(0), R(1)},
       {R(0), R(1), R(1)},
       {R(0), R(0), R(1)},
       {R(0), R(0), R(1)},
       {R(0), R(0), R(1)},
       {R(0)}},
      {after(0, R(0), S(0)), before(3, R(1), S(1)), before(3, S(0), R(1)), before(4, S(1), R(1))},
      2);
}

// A call: v0 must survive it, so it moves to the callee-saved r2.
//   inst0: v0 = fixed r0, v1 = fixed r1      after: r0 -> r2
//   inst1: v2 = call(v1 in r0), clobbers r0 r1 r3     (before: r1 -> r0)
//   inst2: v3 = v2 + v0
//   inst3: return v3 in r0
const Input &buildCall(TestFunc &f) {
  for (unsigned r : {0, 1, 3})
    f.env.preferred[0].push_back(intReg(r));
  f.env.nonPreferred[0].push_back(intReg(2));
  uint32_t b = f.block();
  VReg v0 = f.vreg(), v1 = f.vreg(), v2 = f.vreg(), v3 = f.vreg();
  PRegSet callerSaved;
  for (unsigned r : {0, 1, 3})
    callerSaved.add(intReg(r));
  f.inst(b, {Operand::fixedDef(v0, intReg(0)), Operand::fixedDef(v1, intReg(1))});
  f.inst(b, {Operand::fixedUse(v1, intReg(0)), Operand::fixedDef(v2, intReg(0))}, callerSaved);
  f.inst(b, {Operand::def(v3), Operand::use(v2), Operand::use(v0)});
  f.ret(b, {Operand::fixedUse(v3, intReg(0))});
  return f.build();
}
Output callOutput(const Input &in) {
  return makeOutput(in, {{R(0), R(1)}, {R(0), R(0)}, {R(0), R(0), R(2)}, {R(0)}},
                    {after(0, R(0), R(2)), before(1, R(1), R(0))}, 0);
}

// A diamond whose join takes a parameter: the edge from block1 needs no move (v2 is in
// r0 already), the edge from block2 moves v3 from r2 into r0.
//   block0: inst0: v0 = fixed r0, v1 = fixed r1;  inst1: branch on v0 -> block1, block2
//   block1: inst2: v2 = v0 + v1;  inst3: jump block3(v2)
//   block2: inst4: v3 = v1 + v1;  inst5: jump block3(v3)      (before: r2 -> r0)
//   block3(v4): inst6: v5 = v4 + v1;  inst7: return v5 in r0
const Input &buildDiamond(TestFunc &f) {
  intRegs(f, 3, 3);
  uint32_t b0 = f.block(), b1 = f.block(), b2 = f.block(), b3 = f.block();
  VReg v0 = f.vreg(), v1 = f.vreg(), v2 = f.vreg(), v3 = f.vreg();
  VReg v4 = f.param(b3);
  VReg v5 = f.vreg();
  f.inst(b0, {Operand::fixedDef(v0, intReg(0)), Operand::fixedDef(v1, intReg(1))});
  f.branch(b0, {Operand::use(v0)}, {b1, b2}, {{}, {}});
  f.inst(b1, {Operand::def(v2), Operand::use(v0), Operand::use(v1)});
  f.jump(b1, b3, {v2});
  f.inst(b2, {Operand::def(v3), Operand::use(v1), Operand::use(v1)});
  f.jump(b2, b3, {v3});
  f.inst(b3, {Operand::def(v5), Operand::use(v4), Operand::use(v1)});
  f.ret(b3, {Operand::fixedUse(v5, intReg(0))});
  return f.build();
}
Output diamondOutput(const Input &in) {
  return makeOutput(in,
                    {{R(0), R(1)},
                     {R(0)},
                     {R(0), R(0), R(1)},
                     {},
                     {R(2), R(1), R(1)},
                     {},
                     {R(0), R(0), R(1)},
                     {R(0)}},
                    {before(5, R(2), R(0))}, 0);
}

// A loop whose back edge swaps its two parameters: a cycle, broken through r2.
//   block0: inst0: v0 = fixed r0, v1 = fixed r1;  inst1: jump block1(v0, v1)
//   block1(v2, v3): inst2: branch on v2, v3 -> block2, block3
//   block2: inst3: jump block1(v3, v2)     (before: r0 -> r2, r1 -> r0, r2 -> r1)
//   block3: inst4: v4 = v2 + v3;  inst5: return v4 in r0
const Input &buildLoop(TestFunc &f) {
  intRegs(f, 3, 3);
  uint32_t b0 = f.block(), b1 = f.block(), b2 = f.block(), b3 = f.block();
  VReg v0 = f.vreg(), v1 = f.vreg();
  VReg v2 = f.param(b1), v3 = f.param(b1);
  VReg v4 = f.vreg();
  f.inst(b0, {Operand::fixedDef(v0, intReg(0)), Operand::fixedDef(v1, intReg(1))});
  f.jump(b0, b1, {v0, v1});
  f.branch(b1, {Operand::use(v2), Operand::use(v3)}, {b2, b3}, {{}, {}});
  f.jump(b2, b1, {v3, v2});
  f.inst(b3, {Operand::def(v4), Operand::use(v2), Operand::use(v3)});
  f.ret(b3, {Operand::fixedUse(v4, intReg(0))});
  return f.build();
}
Output loopOutput(const Input &in) {
  return makeOutput(in, {{R(0), R(1)}, {}, {R(0), R(1)}, {}, {R(0), R(0), R(1)}, {R(0)}},
                    {before(3, R(0), R(2)), before(3, R(1), R(0)), before(3, R(2), R(1))}, 0);
}

// Early defs and late uses (three registers).
//   inst0: v0 = fixed r0, v1 = fixed r1
//   inst1: v2 (early def), v4 = op(v0 late use, v1)     allocs r2, r0, r1, r1
//   inst2: v3 = v2 + v4;  inst3: return v3 in r0
const Input &buildEarlyLate(TestFunc &f, PRegSet clobbers = {}) {
  intRegs(f, 3, 3);
  uint32_t b = f.block();
  VReg v0 = f.vreg(), v1 = f.vreg(), v2 = f.vreg(), v3 = f.vreg(), v4 = f.vreg();
  f.inst(b, {Operand::fixedDef(v0, intReg(0)), Operand::fixedDef(v1, intReg(1))});
  f.inst(b, {Operand::earlyDef(v2), Operand::lateUse(v0), Operand::use(v1), Operand::def(v4)},
         clobbers);
  f.inst(b, {Operand::def(v3), Operand::use(v2), Operand::use(v4)});
  f.ret(b, {Operand::fixedUse(v3, intReg(0))});
  return f.build();
}
Output earlyLateOutput(const Input &in) {
  return makeOutput(in, {{R(0), R(1)}, {R(2), R(0), R(1), R(1)}, {R(0), R(2), R(1)}, {R(0)}}, {},
                    0);
}

// Constants brought back by re-executing their definitions (two registers).
//   inst0: v0 = constant (rematerializable)   r0
//   inst1: v1 = constant (rematerializable)   r1
//   inst2: v2 = v1 + v1                       r0: v0 is overwritten
//   inst3: v3 = v2 + v0                       before: remat(inst0) -> r1
//   inst4: return v3 in r0
const Input &buildRemat(TestFunc &f) {
  intRegs(f, 2, 2);
  uint32_t b = f.block();
  VReg v0 = f.vreg(), v1 = f.vreg(), v2 = f.vreg(), v3 = f.vreg();
  f.inst(b, {Operand::def(v0)}, {}, Input::kRemat);
  f.inst(b, {Operand::def(v1)}, {}, Input::kRemat);
  f.inst(b, {Operand::def(v2), Operand::use(v1), Operand::use(v1)});
  f.inst(b, {Operand::def(v3), Operand::use(v2), Operand::use(v0)});
  f.ret(b, {Operand::fixedUse(v3, intReg(0))});
  return f.build();
}
Output rematOutput(const Input &in) {
  return makeOutput(in, {{R(0)}, {R(1)}, {R(0), R(1), R(1)}, {R(0), R(0), R(1)}, {R(0)}},
                    {before(3, Allocation::remat(0), R(1))}, 0);
}

} // namespace

TEST_CASE("Checker: correct hand-made allocations are accepted", "[regalloc][checker]") {
  SECTION("a constant rematerialized into a register") {
    TestFunc f;
    const Input &in = buildRemat(f);
    CHECK(errorOf(in, rematOutput(in)) == "");
  }
  SECTION("straight-line spills and reloads") {
    TestFunc f;
    const Input &in = buildStraight(f);
    CHECK(errorOf(in, straightOutput(in)) == "");
  }
  SECTION("a value moved to a callee-saved register across a call") {
    TestFunc f;
    const Input &in = buildCall(f);
    CHECK(errorOf(in, callOutput(in)) == "");
  }
  SECTION("a diamond whose join has a parameter") {
    TestFunc f;
    const Input &in = buildDiamond(f);
    CHECK(errorOf(in, diamondOutput(in)) == "");
  }
  SECTION("a loop swapping its parameters through a scratch register") {
    TestFunc f;
    const Input &in = buildLoop(f);
    CHECK(errorOf(in, loopOutput(in)) == "");
  }
  SECTION("early defs and late uses apart") {
    TestFunc f;
    const Input &in = buildEarlyLate(f);
    CHECK(errorOf(in, earlyLateOutput(in)) == "");
  }
  SECTION("edge moves at the start of a single-predecessor successor") {
    // block0: v0 = fixed r0, v1 = fixed r1; branch on v0 -> block1(v1), block2(v0)
    // block1(v2): return v2 in r0, with "before: r1 -> r0" (the edge move, in block1)
    // block2(v3): return v3 in r0 (already there)
    TestFunc f;
    intRegs(f, 2, 2);
    uint32_t b0 = f.block(), b1 = f.block(), b2 = f.block();
    VReg v0 = f.vreg(), v1 = f.vreg();
    VReg v2 = f.param(b1), v3 = f.param(b2);
    f.inst(b0, {Operand::fixedDef(v0, intReg(0)), Operand::fixedDef(v1, intReg(1))});
    f.branch(b0, {Operand::use(v0)}, {b1, b2}, {{v1}, {v0}});
    f.ret(b1, {Operand::fixedUse(v2, intReg(0))});
    f.ret(b2, {Operand::fixedUse(v3, intReg(0))});
    const Input &in = f.build();
    Output out = makeOutput(in, {{R(0), R(1)}, {R(0)}, {R(0)}, {R(0)}}, {before(2, R(1), R(0))}, 0);
    CHECK(errorOf(in, out) == "");
    Output wrong = out; // the move reads the wrong register
    wrong.edits[0].from = R(0);
    CHECK(errorOf(in, wrong) == "inst 2 operand 0: use of v2 in %r0i, which holds nothing known");
  }
  SECTION("Any operands in spill slots") {
    // inst0: v0 = fixed r0                         after: r0 -> stack1
    // inst1: v1 (any def) = op(v0 any use, v0)     allocs stack0, stack1, r0
    // inst2: v2 = v0 + v1 (any use)                allocs r0, r0, stack0
    // inst3: return v2 in r0
    TestFunc f;
    intRegs(f, 2, 2);
    uint32_t b = f.block();
    VReg v0 = f.vreg(), v1 = f.vreg(), v2 = f.vreg();
    f.inst(b, {Operand::fixedDef(v0, intReg(0))});
    f.inst(b, {Operand::anyDef(v1), Operand::anyUse(v0), Operand::use(v0)});
    f.inst(b, {Operand::def(v2), Operand::use(v0), Operand::anyUse(v1)});
    f.ret(b, {Operand::fixedUse(v2, intReg(0))});
    const Input &in = f.build();
    Output out = makeOutput(in, {{R(0)}, {S(0), S(1), R(0)}, {R(0), R(0), S(0)}, {R(0)}},
                            {after(0, R(0), S(1))}, 2);
    CHECK(errorOf(in, out) == "");
    allocOf(in, out, 2, 2) = S(1);
    CHECK(errorOf(in, out) == "inst 2 operand 2: use of v1 in stack1, which holds v0");
  }
  SECTION("a value copied into a block parameter holds both names") {
    // block0: v0 = fixed r0; jump block1(v0, v0)
    // block1(v1, v2): v3 = v1 + v2 (both read from r0); return v3 in r0
    TestFunc f;
    intRegs(f, 2, 2);
    uint32_t b0 = f.block(), b1 = f.block();
    VReg v0 = f.vreg();
    VReg v1 = f.param(b1), v2 = f.param(b1);
    VReg v3 = f.vreg();
    f.inst(b0, {Operand::fixedDef(v0, intReg(0))});
    f.jump(b0, b1, {v0, v0});
    f.inst(b1, {Operand::def(v3), Operand::use(v1), Operand::use(v2)});
    f.ret(b1, {Operand::fixedUse(v3, intReg(0))});
    const Input &in = f.build();
    Output out = makeOutput(in, {{R(0)}, {}, {R(0), R(0), R(0)}, {R(0)}}, {}, 0);
    CHECK(errorOf(in, out) == "");
  }
}

TEST_CASE("Checker: each kind of corruption is caught", "[regalloc][checker]") {
  SECTION("a swapped register in an allocation") {
    TestFunc f;
    const Input &in = buildStraight(f);
    Output out = straightOutput(in);
    allocOf(in, out, 4, 2) = R(0);
    auto e = findAllocationError(in, out);
    REQUIRE(e);
    CHECK(e->message == "inst 4 operand 2: use of v1 in %r0i, which holds v4");
    CHECK(e->kind == CheckErrorKind::WrongValue);
    CHECK(e->inst == 4);
    CHECK(e->operand == 2);
    CHECK(e->vreg == 1);
    CHECK(e->where == R(0));
    CHECK(e->held == std::vector<uint32_t>{4});
  }
  SECTION("a dropped edit") {
    TestFunc f;
    const Input &in = buildStraight(f);
    Output out = straightOutput(in);
    out.edits.erase(out.edits.begin() + 2); // the reload of v0
    CHECK(errorOf(in, out) == "inst 3 operand 2: use of v0 in %r1i, which holds v1");
  }
  SECTION("two edits at one point in the wrong order") {
    TestFunc f;
    const Input &in = buildStraight(f);
    Output out = straightOutput(in);
    std::swap(out.edits[1], out.edits[2]); // reload v0 into r1 before spilling v1 from it
    CHECK(errorOf(in, out) == "inst 4 operand 2: use of v1 in %r1i, which holds v0");
  }
  SECTION("a spill to the wrong slot") {
    TestFunc f;
    const Input &in = buildStraight(f);
    Output out = straightOutput(in);
    out.edits[0].to = S(1);
    CHECK(errorOf(in, out) == "inst 3 operand 2: use of v0 in %r1i, which holds nothing known");
  }
  SECTION("a fixed constraint broken") {
    TestFunc f;
    const Input &in = buildStraight(f);
    Output out = straightOutput(in);
    allocOf(in, out, 5, 0) = R(1);
    auto e = findAllocationError(in, out);
    REQUIRE(e);
    CHECK(e->message == "inst 5 operand 0: v5 must be in %r0i, but is in %r1i");
    CHECK(e->kind == CheckErrorKind::Constraint);
  }
  SECTION("a reuse constraint broken") {
    TestFunc f;
    const Input &in = buildStraight(f);
    Output out = straightOutput(in);
    allocOf(in, out, 2, 0) = R(1);
    CHECK(errorOf(in, out) ==
          "inst 2 operand 0: reuse def v3 must be in operand 1's %r0i, but is in %r1i");
  }
  SECTION("a value kept in a clobbered register across a call, used after") {
    TestFunc f;
    const Input &in = buildCall(f);
    Output out = callOutput(in);
    out.edits[0].to = R(3); // caller-saved
    allocOf(in, out, 2, 2) = R(3);
    CHECK(errorOf(in, out) == "inst 2 operand 2: use of v0 in %r3i, which holds nothing known");
  }
  SECTION("a wrong block-parameter move on one edge of a diamond") {
    TestFunc f;
    const Input &in = buildDiamond(f);
    Output out = diamondOutput(in);
    out.edits[0].from = R(1);
    CHECK(errorOf(in, out) == "inst 6 operand 1: use of v4 in %r0i, which holds nothing "
                              "known; v4 gets there from block1 but not from block2");
  }
  SECTION("a loop-carried parameter swap without the cycle-breaking scratch") {
    TestFunc f;
    const Input &in = buildLoop(f);
    Output out = loopOutput(in);
    out.edits = {before(3, R(1), R(0)), before(3, R(0), R(1))};
    // The second iteration reads a wrong v3; by the third, v2 is lost as well, and the
    // fixed point reports the first use in instruction order.
    CHECK(errorOf(in, out) == "inst 2 operand 0: use of v2 in %r0i, which holds nothing "
                              "known; v2 gets there from block0 but not from block2");
  }
  SECTION("a rematerialization of the wrong constant") {
    TestFunc f;
    const Input &in = buildRemat(f);
    Output out = rematOutput(in);
    out.edits[0].from = Allocation::remat(1);
    CHECK(errorOf(in, out) == "inst 3 operand 2: use of v0 in %r1i, which holds v1");
  }
  SECTION("a rematerialization of an instruction that is not a constant") {
    TestFunc f;
    const Input &in = buildRemat(f);
    Output out = rematOutput(in);
    out.edits[0].from = Allocation::remat(2);
    CHECK(errorOf(in, out) == "edit 0 (before inst3: remat(inst2) -> %r1i): inst2 is not a "
                              "rematerializable instruction");
  }
  SECTION("a rematerialization into a spill slot") {
    TestFunc f;
    const Input &in = buildRemat(f);
    Output out = rematOutput(in);
    out.edits[0].to = S(0);
    out.numSpillSlots = 1;
    out.spillSlotClasses = {RegClass::Int};
    CHECK(errorOf(in, out) ==
          "edit 0 (before inst3: remat(inst0) -> stack0): a rematerialization into a spill slot");
  }
  SECTION("an operand allocated to a rematerialization") {
    TestFunc f;
    const Input &in = buildRemat(f);
    Output out = rematOutput(in);
    allocOf(in, out, 3, 2) = Allocation::remat(0);
    CHECK(errorOf(in, out) == "inst 3 operand 2: v0 is allocated to remat(inst0), which only an "
                              "edit may read");
  }
  SECTION("a loop-carried swap that forgot one move") {
    TestFunc f;
    const Input &in = buildLoop(f);
    Output out = loopOutput(in);
    out.edits.pop_back();
    // The second iteration reads a wrong v3; by the third, v2 is lost as well, and the
    // fixed point reports the first use in instruction order.
    CHECK(errorOf(in, out) == "inst 2 operand 0: use of v2 in %r0i, which holds nothing "
                              "known; v2 gets there from block0 but not from block2");
  }
}

TEST_CASE("Checker: locations, constraints and collisions", "[regalloc][checker]") {
  TestFunc f;
  const Input &in = buildStraight(f);
  const Output good = straightOutput(in);
  auto withAlloc = [&](uint32_t inst, uint32_t k, Allocation a) {
    Output out = good;
    allocOf(in, out, inst, k) = a;
    return errorOf(in, out);
  };
  SECTION("locations and constraints") {
    CHECK(withAlloc(3, 2, S(0)) ==
          "inst 3 operand 2: v0 needs an allocatable int register, but is in stack0");
    CHECK(withAlloc(3, 2, R(7)) ==
          "inst 3 operand 2: v0 needs an allocatable int register, but is in %r7i");
    CHECK(withAlloc(3, 2, S(5)) ==
          "inst 3 operand 2: v0 is in stack5, but there are 2 spill slots");
    CHECK(withAlloc(3, 2, Allocation::reg(floatReg(1))) ==
          "inst 3 operand 2: v0 (int) is in %r1f, a float register");
    CHECK(withAlloc(3, 2, Allocation()) == "inst 3 operand 2: v0 has no allocation");
    {
      Output out = good;
      out.spillSlotClasses[1] = RegClass::Float;
      CHECK(errorOf(in, out) ==
            "edit 1 (before inst3: %r1i -> stack1): stack1 is a float slot, the move is int");
    }
  }

  SECTION("collisions in time") {
    TestFunc g;
    const Input &el = buildEarlyLate(g);
    auto corrupt = [&](uint32_t k, Allocation a) {
      Output out = earlyLateOutput(el);
      allocOf(el, out, 1, k) = a;
      auto e = findAllocationError(el, out);
      REQUIRE(e);
      CHECK(e->kind == CheckErrorKind::Conflict);
      return e->message;
    };
    CHECK(corrupt(0, R(1)) ==
          "inst 1 operand 2: operands 0 and 2 share %r1i at one time: early def of v2, use of v1");
    CHECK(corrupt(3, R(0)) == "inst 1 operand 3: operands 1 and 3 share %r0i at one time: late "
                              "use of v0, def of v4");
    CHECK(corrupt(3, R(2)) == "inst 1 operand 3: operands 0 and 3 share %r2i at one time: early "
                              "def of v2, def of v4");
  }
  SECTION("clobbers against late uses and early defs") {
    PRegSet r0, r2;
    r0.add(intReg(0));
    r2.add(intReg(2));
    TestFunc g, h;
    const Input &clobR0 = buildEarlyLate(g, r0);
    CHECK(errorOf(clobR0, earlyLateOutput(clobR0)) ==
          "inst 1 operand 1: late use of v0 in %r0i, which the instruction clobbers");
    const Input &clobR2 = buildEarlyLate(h, r2);
    CHECK(errorOf(clobR2, earlyLateOutput(clobR2)) ==
          "inst 1 operand 0: early def of v2 in %r2i, which the instruction clobbers");
  }
  SECTION("a def may land in a register its instruction clobbers") {
    TestFunc g;
    const Input &call = buildCall(g);
    CHECK(errorOf(call, callOutput(call)) == ""); // v2's fixed r0 is clobbered too
  }
}

TEST_CASE("Checker: malformed outputs and inputs", "[regalloc][checker]") {
  TestFunc f;
  const Input &in = buildStraight(f);
  const Output good = straightOutput(in);
  auto withEdits = [&](std::vector<Edit> edits) {
    Output out = good;
    out.edits = std::move(edits);
    auto e = findAllocationError(in, out);
    return e ? e->message : std::string();
  };
  CHECK(withEdits({after(0, R(0), S(0)), before(3, S(0), S(1))}) ==
        "edit 1 (before inst3: stack0 -> stack1): a move from stack to stack");
  CHECK(withEdits({before(3, R(1), S(1)), after(0, R(0), S(0))}) ==
        "edit 1 (after inst0: %r0i -> stack0): out of order (edits are sorted by point)");
  CHECK(withEdits({after(5, R(0), R(1))}) ==
        "edit 0 (after inst5: %r0i -> %r1i): after a terminator, where nothing runs");
  CHECK(withEdits({before(9, R(0), R(1))}) ==
        "edit 0 (before inst9: %r0i -> %r1i): there are only 6 instructions");
  CHECK(withEdits({before(1, Allocation(), R(1))}) ==
        "edit 0 (before inst1: none -> %r1i): a move from or to nowhere");
  CHECK(withEdits({before(1, R(0), Allocation::reg(floatReg(0)))}) ==
        "edit 0 (before inst1: %r0i -> %r0f): %r0f is not an int register");
  CHECK(withEdits({before(1, R(0), S(2))}) ==
        "edit 0 (before inst1: %r0i -> stack2): stack2 is out of range (there are 2 spill slots)");
  {
    Output out = good;
    out.allocs.pop_back();
    CHECK(errorOf(in, out) == "allocs has 14 entries for 15 operands");
    out = good;
    out.spillSlotClasses.pop_back();
    CHECK(errorOf(in, out) == "spillSlotClasses has 1 entries for 2 spill slots");
  }
  SECTION("a vreg defined twice") {
    TestFunc g;
    intRegs(g, 2, 2);
    uint32_t b = g.block();
    VReg v0 = g.vreg();
    g.inst(b, {Operand::fixedDef(v0, intReg(0))});
    g.inst(b, {Operand::def(v0)});
    g.ret(b, {Operand::fixedUse(v0, intReg(0))});
    const Input &twice = g.build();
    auto e = findAllocationError(twice, makeOutput(twice, {{R(0)}, {R(0)}, {R(0)}}, {}, 0));
    REQUIRE(e);
    CHECK(e->kind == CheckErrorKind::BadInput);
    CHECK(e->message == "inst 1 operand 0: v0 is defined twice");
  }
  SECTION("a rematerializable instruction that reads a register") {
    TestFunc g;
    intRegs(g, 2, 2);
    uint32_t b = g.block();
    VReg v0 = g.vreg(), v1 = g.vreg();
    g.inst(b, {Operand::fixedDef(v0, intReg(0))});
    g.inst(b, {Operand::def(v1), Operand::use(v0)}, {}, Input::kRemat);
    g.ret(b, {Operand::fixedUse(v1, intReg(0))});
    const Input &bad = g.build();
    auto e = findAllocationError(bad, makeOutput(bad, {{R(0)}, {R(0), R(0)}, {R(0)}}, {}, 0));
    REQUIRE(e);
    CHECK(e->kind == CheckErrorKind::BadInput);
    CHECK(e->message == "inst 1 is marked rematerializable but is not one def alone (no uses, "
                        "no clobbers, not a terminator)");
  }
  SECTION("a use before any definition") {
    TestFunc g;
    intRegs(g, 2, 2);
    uint32_t b = g.block();
    VReg v0 = g.vreg();
    g.ret(b, {Operand::fixedUse(v0, intReg(0))});
    const Input &undef = g.build();
    CHECK(errorOf(undef, makeOutput(undef, {{R(0)}}, {}, 0)) ==
          "inst 0 operand 0: use of v0 in %r0i, which holds nothing known");
  }
}

TEST_CASE("Checker: the allocate() hook", "[regalloc][checker]") {
  TestFunc f;
  const Input &in = buildDiamond(f);
  Expected<Output> plain = allocate(in, Algorithm::SinglePass);
  Expected<Output> checked = allocate(in, Algorithm::SinglePass, /*check=*/true);
  REQUIRE(plain.hasValue());
  REQUIRE(checked.hasValue());
  CHECK(editsText(*checked) == editsText(*plain));
  Expected<void> ok = checkAllocation(in, *checked);
  CHECK(ok.hasValue());
  Output broken = *checked;
  broken.allocs[in.operandOffsets[7]] = R(1);
  Expected<void> bad = checkAllocation(in, broken);
  REQUIRE(!bad.hasValue());
  CHECK(bad.error().message == "inst 7 operand 0: v5 must be in %r0i, but is in %r1i");
}

namespace {

/// Runs an allocated program along one random path with concrete values, as a machine
/// would: every def makes a new value, a clobber leaves garbage, edits copy, and an edge
/// gives each parameter its argument's value. Returns the first instruction whose use read
/// a location that did not hold its vreg's current value. Shares nothing with the checker.
class ConcreteRun {
public:
  ConcreteRun(const Input &in, const Output &out) : in_(in), out_(out) {
    editsAt_.assign(2 * size_t(in.numInsts) + 1, 0);
    for (const Edit &e : out.edits)
      ++editsAt_[e.point.bits() + 1];
    for (size_t p = 1; p < editsAt_.size(); ++p)
      editsAt_[p] += editsAt_[p - 1];
  }

  std::optional<uint32_t> run(std::mt19937 &rng, uint32_t maxInsts) {
    std::vector<uint64_t> loc(kRegs + out_.numSpillSlots, 0); // 0: garbage
    std::vector<uint64_t> cur(in_.numVRegs, 0);
    uint64_t fresh = 0;
    auto slot = [&](Allocation a) -> uint64_t & {
      return loc[a.isReg() ? a.asReg().index() : kRegs + a.asStack()];
    };
    auto edits = [&](ProgPoint p) {
      for (uint32_t k = editsAt_[p.bits()]; k < editsAt_[p.bits() + 1]; ++k)
        slot(out_.edits[k].to) = slot(out_.edits[k].from);
    };
    uint32_t b = in_.entryBlock;
    for (uint32_t steps = 0; steps < maxInsts;) {
      for (uint32_t i = in_.blockInsts[b].first; i < in_.blockInsts[b].last; ++i, ++steps) {
        edits(ProgPoint::before(i));
        auto ops = in_.instOperands(i);
        const Allocation *al = &out_.allocs[in_.operandOffsets[i]];
        for (size_t k = 0; k < ops.size(); ++k)
          if (ops[k].isUse() &&
              (cur[ops[k].vreg().index()] == 0 || slot(al[k]) != cur[ops[k].vreg().index()]))
            return i;
        for (OperandPos pos : {OperandPos::Early, OperandPos::Late}) {
          if (pos == OperandPos::Late && !in_.clobbers.empty())
            in_.clobbers[i].forEach([&](PReg p) { loc[p.index()] = 0; });
          for (size_t k = 0; k < ops.size(); ++k)
            if (ops[k].isDef() && ops[k].pos() == pos)
              slot(al[k]) = cur[ops[k].vreg().index()] = ++fresh;
        }
        edits(ProgPoint::after(i));
      }
      auto succs = in_.blockSuccs(b);
      if (succs.empty())
        return std::nullopt;
      uint32_t k = static_cast<uint32_t>(rng() % succs.size());
      auto args = in_.blockBranchArgs(b, k);
      auto params = in_.blockParams(succs[k]);
      std::vector<uint64_t> values;
      for (VReg a : args)
        values.push_back(cur[a.index()]);
      for (size_t j = 0; j < params.size(); ++j)
        cur[params[j].index()] = values[j];
      b = succs[k];
    }
    return std::nullopt;
  }

  /// True if some of `paths` random paths reads a wrong value.
  bool anyWrong(std::mt19937 &rng, unsigned paths) {
    for (unsigned n = 0; n < paths; ++n)
      if (run(rng, 1000))
        return true;
    return false;
  }

private:
  static constexpr uint32_t kRegs = mach::kNumRegClasses * PReg::kMaxPerClass;
  const Input &in_;
  const Output &out_;
  std::vector<uint32_t> editsAt_;
};

/// Locations of class c an edit may name: the machine's registers and c's spill slots.
std::vector<Allocation> locationsOf(const Input &in, const Output &out, RegClass c) {
  std::vector<Allocation> locs;
  unsigned ci = static_cast<unsigned>(c);
  for (const auto *list : {&in.env->preferred[ci], &in.env->nonPreferred[ci]})
    for (PReg p : *list)
      locs.push_back(Allocation::reg(p));
  for (uint32_t s = 0; s < out.numSpillSlots; ++s)
    if (out.spillSlotClasses[s] == c)
      locs.push_back(Allocation::stack(s));
  return locs;
}

/// Changes one random edit of `out` (drop it, change its source or destination, or swap
/// it with the next edit at its point). Returns a description, or "" if the chosen
/// change was impossible.
std::string corruptOneEdit(const Input &in, Output &out, std::mt19937 &rng) {
  if (out.edits.empty())
    return "";
  uint32_t k = static_cast<uint32_t>(rng() % out.edits.size());
  Edit &e = out.edits[k];
  std::string was = e.text();
  switch (rng() % 4) {
  case 0:
    out.edits.erase(out.edits.begin() + k);
    return "dropped " + was;
  case 1:
  case 2: {
    bool dest = rng() % 2;
    Allocation &change = dest ? e.to : e.from;
    const Allocation other = dest ? e.from : e.to;
    std::vector<Allocation> choices;
    for (Allocation a : locationsOf(in, out, e.cls))
      if (a != change && !(a.isStack() && other.isStack()))
        choices.push_back(a);
    if (choices.empty())
      return "";
    change = choices[rng() % choices.size()];
    return std::string(dest ? "destination" : "source") + " of " + was + " now " + change.text();
  }
  default:
    if (k + 1 >= out.edits.size() || !(out.edits[k + 1].point == e.point))
      return "";
    std::swap(out.edits[k], out.edits[k + 1]);
    return "swapped " + was + " with the next edit";
  }
}

Output allocateRandom(TestFunc &f, const Input *&in) {
  in = &f.build();
  Expected<Output> out = allocate(*in, Algorithm::SinglePass);
  INFO((out.hasValue() ? std::string() : out.error().message));
  REQUIRE(out.hasValue());
  return std::move(out).value();
}

uint32_t numSeeds(uint32_t byDefault) {
  const char *s = std::getenv("SEEDS");
  return s ? static_cast<uint32_t>(std::atoi(s)) : byDefault;
}

} // namespace

TEST_CASE("Checker: the single-pass allocator's random programs pass", "[regalloc][checker]") {
  uint32_t insts = 0, edits = 0;
  for (uint32_t seed = 1; seed <= numSeeds(500); ++seed) {
    RandomProgram gen(seed);
    TestFunc &f = gen.generate();
    const Input *in = nullptr;
    Output out = allocateRandom(f, in);
    INFO("seed " << seed << "\n" << inputText(*in) << editsText(out));
    REQUIRE(errorOf(*in, out) == "");
    // The concrete run agrees: no path reads a wrong value.
    std::mt19937 rng(seed);
    REQUIRE(!ConcreteRun(*in, out).anyWrong(rng, 4));
    insts += in->numInsts;
    edits += static_cast<uint32_t>(out.edits.size());
  }
  CHECK(insts > 5000);
  CHECK(edits > 5000);
}

TEST_CASE("Checker: random corruptions that change a used value are caught",
          "[regalloc][checker]") {
  // A corruption that makes some concrete path read a wrong value must be flagged (the
  // checker is sound). The checker may flag more: it does not follow concrete values, so
  // a value that is right only by luck (a stale copy that happens to be equal) is flagged.
  uint32_t tried = 0, observed = 0, flagged = 0, flaggedUnobserved = 0;
  for (uint32_t seed = 1; seed <= numSeeds(500); ++seed) {
    RandomProgram gen(seed);
    TestFunc &f = gen.generate();
    const Input *in = nullptr;
    const Output good = allocateRandom(f, in);
    std::mt19937 rng(seed * 7919u);
    for (unsigned n = 0; n < 6; ++n) {
      Output bad = good;
      std::string what = corruptOneEdit(*in, bad, rng);
      if (what.empty())
        continue;
      ++tried;
      ConcreteRun run(*in, bad);
      bool wrong = run.anyWrong(rng, 16);
      auto err = findAllocationError(*in, bad);
      INFO("seed " << seed << ": " << what << "\n" << inputText(*in) << editsText(good));
      if (wrong) {
        ++observed;
        REQUIRE(err);
        CHECK(err->kind == CheckErrorKind::WrongValue);
      }
      if (err) {
        ++flagged;
        if (!wrong && !run.anyWrong(rng, 400))
          ++flaggedUnobserved;
      }
    }
  }
  if (std::getenv("CHECKER_STATS"))
    WARN("tried " << tried << ", observed " << observed << ", flagged " << flagged
                  << ", flagged but never observed " << flaggedUnobserved);
  // Most corruptions matter, and nearly every flag is a real wrong value.
  CHECK(observed * 2 > tried);
  CHECK(flaggedUnobserved * 50 <= flagged);
}

namespace {

/// For a reload `out.edits[k]` into register r, read by instruction i as vreg v: true if the
/// last write of r before it, in its block, is a def of another vreg or a clobber (so r
/// cannot hold v: a def makes a new value, a clobber garbage). False if that write is v's
/// own def, an edit (a copy of who knows what), or is not in the block.
bool lastWriteIsForeign(const Input &in, const Output &out, uint32_t k) {
  const Edit &reload = out.edits[k];
  const Allocation r = reload.to;
  const uint32_t i = reload.point.inst();
  uint32_t v = ~0u;
  for (uint32_t n = 0; n < in.instOperands(i).size(); ++n)
    if (in.instOperands(i)[n].isUse() && out.allocs[in.operandOffsets[i] + n] == r)
      v = in.instOperands(i)[n].vreg().index();
  uint32_t first = 0;
  for (uint32_t b = 0; b < in.numBlocks; ++b)
    if (in.blockInsts[b].first <= i && i < in.blockInsts[b].last)
      first = in.blockInsts[b].first;
  // Edits before k at the reload's point, then instruction by instruction backward.
  uint32_t e = k;
  auto editWrites = [&](ProgPoint p) {
    while (e > 0 && out.edits[e - 1].point == p) {
      --e;
      if (out.edits[e].to == r)
        return true;
    }
    return false;
  };
  if (editWrites(reload.point))
    return false;
  for (uint32_t j = i; j-- > first;) {
    while (e > 0 && ProgPoint::after(j) < out.edits[e - 1].point)
      --e;
    if (editWrites(ProgPoint::after(j)))
      return false;
    auto ops = in.instOperands(j);
    for (uint32_t n = 0; n < ops.size(); ++n)
      if (ops[n].isDef() && out.allocs[in.operandOffsets[j] + n] == r)
        return ops[n].vreg().index() != v;
    if (r.isReg() && !in.clobbers.empty() && in.clobbers[j].contains(r.asReg()))
      return true;
    if (editWrites(ProgPoint::before(j)))
      return false;
  }
  return false;
}

} // namespace

TEST_CASE("Checker: a reload into the wrong register is always caught", "[regalloc][checker]") {
  // A reload (stack -> register r) right before an instruction that reads r, redirected to
  // another register. Where r last held another vreg's def or a clobber's garbage, the
  // instruction reads a wrong value on every path; elsewhere a concrete run decides. Either
  // way the checker must say so.
  uint32_t caught = 0, always = 0;
  for (uint32_t seed = 1; seed <= numSeeds(500); ++seed) {
    RandomProgram gen(seed);
    TestFunc &f = gen.generate();
    const Input *in = nullptr;
    const Output good = allocateRandom(f, in);
    std::mt19937 rng(seed);
    // Each reload whose register last held something else; eight others per program (for
    // the slower concrete runs). In random order, each to one other register.
    std::vector<uint32_t> order(good.edits.size());
    for (uint32_t k = 0; k < order.size(); ++k)
      order[k] = k;
    std::shuffle(order.begin(), order.end(), rng);
    unsigned tried = 0;
    for (uint32_t k : order) {
      const Edit &e = good.edits[k];
      if (!e.from.isStack() || !e.to.isReg() || e.point.isAfter())
        continue;
      uint32_t i = e.point.inst();
      bool read = false;
      auto ops = in->instOperands(i);
      for (uint32_t j = 0; j < ops.size(); ++j)
        read |= ops[j].isUse() && good.allocs[in->operandOffsets[i] + j] == e.to;
      bool rewritten = false; // a later edit at the same point writes the register again
      for (uint32_t l = k + 1; l < good.edits.size() && good.edits[l].point == e.point; ++l)
        rewritten |= good.edits[l].to == e.to;
      if (!read || rewritten)
        continue;
      bool foreign = lastWriteIsForeign(*in, good, k);
      if (!foreign && ++tried > 8)
        continue;
      std::vector<Allocation> others;
      for (Allocation a : locationsOf(*in, good, e.cls))
        if (a.isReg() && a != e.to)
          others.push_back(a);
      {
        Allocation other = others[rng() % others.size()];
        Output bad = good;
        bad.edits[k].to = other;
        if (!foreign && !ConcreteRun(*in, bad).anyWrong(rng, 4))
          continue;
        auto err = findAllocationError(*in, bad);
        if (!err || err->kind != CheckErrorKind::WrongValue)
          FAIL("seed " << seed << ": " << e.text() << " now to " << other.text() << ": "
                       << (err ? err->message : "accepted") << "\n"
                       << inputText(*in) << editsText(good));
        ++caught;
        always += foreign;
      }
    }
  }
  if (std::getenv("CHECKER_STATS"))
    WARN("caught " << caught << " redirected reloads, " << always << " wrong on every path");
  CHECK(caught > 1500);
  CHECK(always > 40);
}

namespace {

/// A long function of about `targetInsts` instructions: straight-line pieces, diamonds
/// with parameters, loops whose back edges swap parameters, and calls; a window of recent
/// values stays live, and the arguments live to the end (so they cross every block).
void buildLong(TestFunc &f, uint32_t targetInsts, uint32_t seed) {
  std::mt19937 rng(seed);
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  for (unsigned r = 0; r < 8; ++r)
    (r < 5 ? f.env.preferred : f.env.nonPreferred)[0].push_back(intReg(r));
  PRegSet callClobbers;
  for (unsigned r = 0; r < 5; ++r)
    callClobbers.add(intReg(r));
  uint32_t count = 0;
  auto inst = [&](uint32_t b, std::vector<Operand> ops, PRegSet clob = {}) {
    f.inst(b, std::move(ops), clob);
    ++count;
  };
  uint32_t b = f.block();
  VReg a0 = f.vreg(), a1 = f.vreg();
  inst(b, {Operand::fixedDef(a0, intReg(0)), Operand::fixedDef(a1, intReg(1))});
  std::vector<VReg> window{a0, a1};
  auto any = [&](const std::vector<VReg> &w) {
    return w[w.size() - 1 - pick(std::min<size_t>(w.size(), 12))];
  };
  auto straight = [&](uint32_t blk, std::vector<VReg> &w, unsigned n) {
    for (unsigned k = 0; k < n; ++k) {
      VReg d = f.vreg();
      switch (pick(4)) {
      case 0:
        inst(blk, {Operand::def(d), Operand::use(any(w)), Operand::use(any(w))});
        break;
      case 1:
        inst(blk, {Operand::reuseDef(d, 1), Operand::use(any(w)), Operand::use(any(w))});
        break;
      case 2:
        inst(blk, {Operand::anyDef(d), Operand::anyUse(any(w)), Operand::use(any(w))});
        break;
      default:
        inst(blk, {Operand::fixedUse(any(w), intReg(0)), Operand::fixedDef(d, intReg(0))},
             callClobbers);
        break;
      }
      w.push_back(d);
    }
  };
  while (count < targetInsts) {
    switch (pick(3)) {
    case 0:
      straight(b, window, 10);
      break;
    case 1: { // diamond
      uint32_t t = f.block(), e = f.block(), j = f.block();
      VReg p = f.param(j);
      f.branch(b, {Operand::use(any(window))}, {t, e}, {{}, {}});
      ++count;
      for (uint32_t side : {t, e}) {
        std::vector<VReg> w = window;
        straight(side, w, 4);
        f.jump(side, j, {w.back()});
        ++count;
      }
      window.push_back(p);
      b = j;
      break;
    }
    default: { // loop with a swap on the back edge
      uint32_t h = f.block(), body = f.block(), exit = f.block();
      VReg p0 = f.param(h), p1 = f.param(h);
      f.jump(b, h, {any(window), any(window)});
      f.branch(h, {Operand::use(p0)}, {body, exit}, {{}, {}});
      count += 2;
      std::vector<VReg> w = window;
      w.push_back(p0);
      w.push_back(p1);
      straight(body, w, 6);
      f.jump(body, h, {p1, p0});
      ++count;
      window.push_back(p0);
      window.push_back(p1);
      b = exit;
      break;
    }
    }
    if (window.size() > 64)
      window.erase(window.begin() + 2, window.begin() + 34); // keep the arguments
  }
  VReg r = f.vreg();
  inst(b, {Operand::def(r), Operand::use(a0), Operand::use(a1)});
  f.ret(b, {Operand::fixedUse(r, intReg(0))});
}

} // namespace

TEST_CASE("Checker: a 100k-instruction function checks quickly", "[regalloc][checker]") {
  TestFunc f;
  buildLong(f, 100000, 1);
  const Input &in = f.build();
  REQUIRE(in.numInsts >= 100000);
  Expected<Output> out = allocate(in, Algorithm::SinglePass);
  REQUIRE(out.hasValue());
  auto start = std::chrono::steady_clock::now();
  auto err = findAllocationError(in, *out);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(!err);
  if (std::getenv("CHECKER_STATS"))
    WARN(in.numInsts << " instructions, " << in.numBlocks << " blocks, " << out->edits.size()
                     << " edits, " << out->numSpillSlots << " slots: " << seconds << " s");
  // Linear work takes well under a second; the bound only catches a quadratic blow-up
  // (and leaves room for sanitizer builds and busy machines).
  CHECK(seconds < 10.0);
  // The last instruction's argument, moved: the error names it.
  Output broken = *out;
  uint32_t last = in.numInsts - 2;
  allocOf(in, broken, last, 1) = allocOf(in, broken, last, 2);
  auto e = findAllocationError(in, broken);
  REQUIRE(e);
  CHECK(e->inst == last);
  CHECK(e->kind == CheckErrorKind::WrongValue);
}
