// Tests of regalloc/ParallelMoves.cpp: exact sequences for chains, swaps, longer cycles,
// stack-to-stack moves with and without a free register.
#include "RegallocTestUtil.h"

#include "codegen/regalloc/ParallelMoves.h"

#include <catch2/catch.hpp>

using namespace irc::regalloc;
using namespace irc::regalloc::test;

namespace {

Allocation R(unsigned hw) { return Allocation::reg(intReg(hw)); }
Allocation S(unsigned slot) { return Allocation::stack(slot); }

struct Fixture {
  std::vector<PReg> regs{intReg(0), intReg(1), intReg(2), intReg(3)};
  unsigned emergencyCalls = 0;
  MoveScratch scratch(PReg free) {
    MoveScratch s;
    s.freeReg[0] = free;
    s.borrowable[0] = regs;
    s.emergencySlot = [this](irc::mach::RegClass, unsigned which) {
      ++emergencyCalls;
      return 100 + which;
    };
    return s;
  }
  std::string run(ParallelMoves &pm, PReg free) {
    std::vector<Edit> out;
    pm.resolve(out, scratch(free));
    std::string s;
    for (const Edit &e : out)
      s += e.from.text() + "->" + e.to.text() + " ";
    return s;
  }
};

} // namespace

TEST_CASE("ParallelMoves: a chain runs from its end", "[regalloc][moves]") {
  Fixture fx;
  ParallelMoves pm;
  pm.add(R(0), R(1), RegClass::Int);
  pm.add(R(1), R(2), RegClass::Int);
  pm.add(R(2), S(0), RegClass::Int);
  pm.add(R(3), R(3), RegClass::Int); // a no-op disappears
  CHECK(fx.run(pm, PReg()) == "%r2i->stack0 %r1i->%r2i %r0i->%r1i ");
  CHECK(pm.empty());
}

TEST_CASE("ParallelMoves: one source, several destinations", "[regalloc][moves]") {
  Fixture fx;
  ParallelMoves pm;
  pm.add(R(0), R(1), RegClass::Int);
  pm.add(R(0), S(3), RegClass::Int);
  pm.add(R(1), R(0), RegClass::Int); // with the first: a swap
  CHECK(fx.run(pm, intReg(3)) == "%r0i->stack3 %r1i->%r3i %r0i->%r1i %r3i->%r0i ");
}

TEST_CASE("ParallelMoves: a swap uses the free register, else an emergency slot",
          "[regalloc][moves]") {
  Fixture fx;
  ParallelMoves pm;
  pm.add(R(0), R(1), RegClass::Int);
  pm.add(R(1), R(0), RegClass::Int);
  CHECK(fx.run(pm, intReg(2)) == "%r1i->%r2i %r0i->%r1i %r2i->%r0i ");
  pm.add(R(0), R(1), RegClass::Int);
  pm.add(R(1), R(0), RegClass::Int);
  CHECK(fx.run(pm, PReg()) == "%r1i->stack100 %r0i->%r1i stack100->%r0i ");
}

TEST_CASE("ParallelMoves: a three-cycle of slots without a free register",
          "[regalloc][moves]") {
  Fixture fx;
  ParallelMoves pm;
  pm.add(S(0), S(1), RegClass::Int);
  pm.add(S(1), S(2), RegClass::Int);
  pm.add(S(2), S(0), RegClass::Int);
  // stack1 is saved to emergency slot 0 (stack100) through a borrowed r0, itself saved in
  // emergency slot 1 (stack101) around each use.
  CHECK(fx.run(pm, PReg()) ==
        "%r0i->stack101 stack1->%r0i %r0i->stack100 stack101->%r0i "
        "%r0i->stack101 stack0->%r0i %r0i->stack1 stack101->%r0i "
        "%r0i->stack101 stack2->%r0i %r0i->stack0 stack101->%r0i "
        "%r0i->stack101 stack100->%r0i %r0i->stack2 stack101->%r0i ");
  CHECK(pm.stackToStack == 4);
}

TEST_CASE("ParallelMoves: a slot cycle with a free register", "[regalloc][moves]") {
  Fixture fx;
  ParallelMoves pm;
  pm.add(S(0), S(1), RegClass::Int);
  pm.add(S(1), S(2), RegClass::Int);
  pm.add(S(2), S(0), RegClass::Int);
  // The saved slot goes to the emergency slot; every copy goes through the free r3.
  CHECK(fx.run(pm, intReg(3)) == "stack1->%r3i %r3i->stack100 stack0->%r3i %r3i->stack1 "
                                 "stack2->%r3i %r3i->stack0 stack100->%r3i %r3i->stack2 ");
}
