// A seeded generator of random, valid regalloc Inputs for the allocator tests.
//
// Programs are structured (sequences, if/else diamonds, loops, calls that end blocks), so
// SSA dominance holds by construction: a scope lists the vregs defined on every path to
// the current point. Shapes follow Input.h: no critical edges, terminators last, no
// parameters on the entry block. Instructions draw from the operand shapes targets use:
// three-address, two-address (reuse), x86-style division (fixed uses and defs of two
// registers), shifts (count in a fixed register), early defs with late uses, Any operands,
// calls with fixed arguments/results and clobbers, copies into a register the allocator
// does not own, and rematerializable constants. Register pressure is high on purpose (3 to 5 registers).
#pragma once

#include "RegallocTestUtil.h"

#include <random>

namespace irc::regalloc::test {

class RandomProgram {
public:
  explicit RandomProgram(uint32_t seed) : rng_(seed) {}

  TestFunc &generate() {
    unsigned numInt = 3 + pick(3);   // 3..5 integer registers
    unsigned numFloat = 2 + pick(2); // 2..3 float registers
    for (unsigned r = 0; r < numInt; ++r)
      (r < 3 ? f_.env.preferred : f_.env.nonPreferred)[0].push_back(intReg(r));
    for (unsigned r = 0; r < numFloat; ++r)
      (r < 2 ? f_.env.preferred : f_.env.nonPreferred)[1].push_back(floatReg(r));
    // Calls clobber the preferred (caller-saved) registers.
    for (PReg p : f_.env.preferred[0])
      callClobbers_.add(p);
    for (PReg p : f_.env.preferred[1])
      callClobbers_.add(p);

    uint32_t entry = f_.block();
    Scope scope;
    // Function arguments: fixed defs of the first instruction.
    std::vector<Operand> args;
    for (unsigned k = 0; k < 2; ++k) {
      VReg v = f_.vreg();
      args.push_back(Operand::fixedDef(v, intReg(k)));
      scope.push_back(v);
    }
    VReg fv = f_.vreg(RegClass::Float);
    args.push_back(Operand::fixedDef(fv, floatReg(0)));
    scope.push_back(fv);
    f_.inst(entry, args);
    uint32_t end = body(entry, scope, 3);
    VReg r = pickValue(scope, RegClass::Int);
    f_.ret(end, {Operand::fixedUse(r, intReg(0))});
    return f_;
  }

private:
  using Scope = std::vector<VReg>;

  unsigned pick(unsigned n) { return std::uniform_int_distribution<unsigned>(0, n - 1)(rng_); }
  bool chance(unsigned percent) { return pick(100) < percent; }

  VReg pickValue(const Scope &scope, RegClass c) {
    std::vector<VReg> of;
    for (VReg v : scope)
      if (v.cls() == c)
        of.push_back(v);
    return of[pick(static_cast<unsigned>(of.size()))];
  }
  std::vector<VReg> pickArgs(const Scope &scope, const std::vector<VReg> &params) {
    std::vector<VReg> a;
    for (VReg p : params)
      a.push_back(pickValue(scope, p.cls()));
    return a;
  }
  std::vector<VReg> newParams(uint32_t b, unsigned max) {
    std::vector<VReg> ps;
    unsigned n = pick(max + 1);
    for (unsigned k = 0; k < n; ++k)
      ps.push_back(f_.param(b, chance(25) ? RegClass::Float : RegClass::Int));
    return ps;
  }

  /// Fills block `b` (and blocks it creates) and returns the block left open at the end.
  uint32_t body(uint32_t b, Scope &scope, unsigned depth) {
    unsigned pieces = 1 + pick(4);
    for (unsigned n = 0; n < pieces; ++n) {
      unsigned what = depth == 0 ? 0 : pick(10);
      if (what < 5) {
        straight(b, scope, 1 + pick(6));
      } else if (what < 7) {
        b = diamond(b, scope, depth - 1);
      } else if (what < 9) {
        b = loop(b, scope, depth - 1);
      } else {
        b = callBranch(b, scope, depth - 1);
      }
    }
    return b;
  }

  void straight(uint32_t b, Scope &scope, unsigned count) {
    for (unsigned n = 0; n < count; ++n)
      instruction(b, scope);
  }

  void instruction(uint32_t b, Scope &scope) {
    auto I = [&] { return pickValue(scope, RegClass::Int); };
    auto F = [&] { return pickValue(scope, RegClass::Float); };
    VReg d = f_.vreg(), d2;
    switch (pick(13)) {
    case 0: // three-address
      f_.inst(b, {Operand::def(d), Operand::use(I()), Operand::use(I())});
      break;
    case 1: // two-address: the def reuses operand 1
      f_.inst(b, {Operand::reuseDef(d, 1), Operand::use(I()), Operand::use(I())});
      break;
    case 2: { // division: rax/rdx style
      d2 = f_.vreg();
      f_.inst(b, {Operand::fixedUse(I(), intReg(0)), Operand::fixedUse(I(), intReg(1)),
                  Operand::use(I()), Operand::fixedDef(d, intReg(0)),
                  Operand::fixedDef(d2, intReg(1))});
      scope.push_back(d2);
      break;
    }
    case 3: // shift: value reused, count in a fixed register
      f_.inst(b, {Operand::use(I()), Operand::fixedUse(I(), intReg(2)), Operand::reuseDef(d, 0)});
      break;
    case 4: // early def and late use
      f_.inst(b, {Operand::earlyDef(d), Operand::lateUse(I()), Operand::use(I())});
      break;
    case 5: // Any operands
      f_.inst(b, {Operand::anyDef(d), Operand::anyUse(I()), Operand::use(I())});
      break;
    case 6: { // call: two fixed arguments, one result, clobbers
      f_.inst(b,
              {Operand::fixedUse(I(), intReg(0)), Operand::fixedUse(I(), intReg(1)),
               Operand::fixedDef(d, intReg(0))},
              callClobbers_);
      break;
    }
    case 7: { // float arithmetic
      d = f_.vreg(RegClass::Float);
      f_.inst(b, {Operand::def(d), Operand::use(F()), Operand::use(F())});
      break;
    }
    case 8: { // int to float, float to int
      d = f_.vreg(RegClass::Float);
      f_.inst(b, {Operand::def(d), Operand::use(I())});
      scope.push_back(d);
      d = f_.vreg();
      f_.inst(b, {Operand::reuseDef(d, 1), Operand::use(I()), Operand::use(F())});
      break;
    }
    case 9: // a move
      f_.inst(b, {Operand::def(d), Operand::use(I())}, {}, Input::kMove);
      break;
    case 10: // a copy into a register the allocator does not own, and back
      f_.inst(b, {Operand::fixedUse(I(), intReg(7))});
      f_.inst(b, {Operand::fixedDef(d, intReg(7))});
      break;
    case 11: // one value used twice, once in a fixed register
      {
        VReg x = I();
        f_.inst(b, {Operand::use(x), Operand::fixedUse(x, intReg(2)), Operand::def(d)});
      }
      break;
    case 12: // a constant the allocator may rematerialize
      f_.inst(b, {Operand::def(d)}, {}, Input::kRemat);
      break;
    }
    scope.push_back(d);
  }

  uint32_t diamond(uint32_t b, Scope &scope, unsigned depth) {
    uint32_t t = f_.block(), e = f_.block(), j = f_.block();
    auto tp = newParams(t, 2), ep = newParams(e, 2);
    f_.branch(b, {Operand::use(pickValue(scope, RegClass::Int))}, {t, e},
              {pickArgs(scope, tp), pickArgs(scope, ep)});
    auto jp = newParams(j, 3);
    for (auto [blk, ps] : {std::pair{t, tp}, std::pair{e, ep}}) {
      Scope inner = scope;
      inner.insert(inner.end(), ps.begin(), ps.end());
      uint32_t last = body(blk, inner, depth);
      f_.jump(last, j, pickArgs(inner, jp));
    }
    scope.insert(scope.end(), jp.begin(), jp.end());
    return j;
  }

  uint32_t loop(uint32_t b, Scope &scope, unsigned depth) {
    uint32_t h = f_.block();
    auto hp = newParams(h, 4);
    f_.jump(b, h, pickArgs(scope, hp));
    Scope inHeader = scope;
    inHeader.insert(inHeader.end(), hp.begin(), hp.end());
    straight(h, inHeader, pick(3));
    uint32_t bodyBlock = f_.block(), exit = f_.block();
    auto xp = newParams(exit, 2);
    f_.branch(h, {Operand::use(pickValue(inHeader, RegClass::Int))}, {bodyBlock, exit},
              {{}, pickArgs(inHeader, xp)});
    Scope inner = inHeader;
    uint32_t latch = body(bodyBlock, inner, depth);
    // Back edge: often a permutation of the header's parameters (swaps, cycles).
    std::vector<VReg> back;
    if (chance(60)) {
      back = hp;
      std::shuffle(back.begin(), back.end(), rng_);
      for (size_t k = 0; k < back.size(); ++k)
        if (back[k].cls() != hp[k].cls())
          back[k] = pickValue(inner, hp[k].cls());
    } else {
      back = pickArgs(inner, hp);
    }
    f_.jump(latch, h, back);
    scope = inHeader;
    scope.insert(scope.end(), xp.begin(), xp.end());
    return exit;
  }

  /// A call that ends its block (try_call style): its results flow into the parameters of
  /// its two single-predecessor successors.
  uint32_t callBranch(uint32_t b, Scope &scope, unsigned depth) {
    uint32_t normal = f_.block(), handler = f_.block(), j = f_.block();
    VReg r0 = f_.vreg(), r1 = f_.vreg();
    auto np = std::vector<VReg>{f_.param(normal)};
    auto hp = std::vector<VReg>{f_.param(handler)};
    f_.branch(b,
              {Operand::fixedUse(pickValue(scope, RegClass::Int), intReg(0)),
               Operand::fixedDef(r0, intReg(0)), Operand::fixedDef(r1, intReg(1))},
              {normal, handler}, {{r0}, {r1}}, callClobbers_);
    auto jp = newParams(j, 2);
    for (auto [blk, ps] : {std::pair{normal, np}, std::pair{handler, hp}}) {
      Scope inner = scope;
      inner.insert(inner.end(), ps.begin(), ps.end());
      uint32_t last = body(blk, inner, depth);
      f_.jump(last, j, pickArgs(inner, jp));
    }
    scope.insert(scope.end(), jp.begin(), jp.end());
    return j;
  }

  std::mt19937 rng_;
  TestFunc f_;
  PRegSet callClobbers_;
};

} // namespace irc::regalloc::test
