// Tests of regalloc/InputRules.cpp: for each rule of Input.h (and Operand.h) an Input that
// breaks it, and the exact message every algorithm answers with (all three must agree:
// allocate() checks the rules once, before any of them runs). Inputs a TestFunc cannot
// express (bad ranges, bad edge lists) are its Input with one array replaced.
#include "RegallocTestUtil.h"

#include "codegen/regalloc/Regalloc.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace irc;
using namespace irc::regalloc;
using namespace irc::regalloc::test;

namespace {

/// checkInputRules and every compiled-in algorithm reject `in` with exactly `message`.
/// (No inputText(in) here: several of these inputs have arrays it would read out of range.)
void rejected(const Input &in, const std::string &message) {
  Expected<void> ok = checkInputRules(in);
  REQUIRE(!ok.hasValue());
  CHECK(ok.error().message == message);
  for (Algorithm a : {Algorithm::SinglePass, Algorithm::Backtracking, Algorithm::Experimental}) {
    if (!compiledIn(a))
      continue;
    INFO(algorithmName(a));
    Expected<Output> out = allocate(in, a);
    REQUIRE(!out.hasValue());
    CHECK(out.error().message == message);
  }
}

/// Two int registers and an entry block `b0`: def x; ret x — the start of most cases.
struct Small {
  TestFunc f;
  uint32_t b0;
  VReg x;
  Small() {
    intRegs(f, 2, 2);
    b0 = f.block();
    x = f.vreg();
  }
};

constexpr const char *kRematShape = "register allocation: inst1: marked rematerializable but "
                                    "is not one def alone (no uses, no clobbers, not a terminator)";

} // namespace

TEST_CASE("InputRules: a valid Input passes, a definition laid out after its use too",
          "[regalloc]") {
  // block0 -> block2 (defines x) -> block1 (uses x): block2 dominates block1.
  TestFunc f;
  intRegs(f, 2, 2);
  uint32_t b0 = f.block(), b1 = f.block(), b2 = f.block();
  VReg x = f.vreg();
  f.jump(b0, b2);
  f.ret(b1, {Operand::fixedUse(x, intReg(0))});
  f.inst(b2, {Operand::def(x)});
  f.jump(b2, b1);
  const Input &in = f.build();
  CHECK(checkInputRules(in).hasValue());
  for (Algorithm a : {Algorithm::SinglePass, Algorithm::Backtracking, Algorithm::Experimental}) {
    if (!compiledIn(a))
      continue;
    INFO(algorithmName(a));
    Expected<Output> out = allocate(in, a);
    INFO((out.hasValue() ? std::string() : out.error().message));
    REQUIRE(out.hasValue());
    CHECK(check(in, *out) == "");
  }
}

TEST_CASE("InputRules: every algorithm rejects a broken Input with the same message",
          "[regalloc]") {
  SECTION("the machine environment is missing") {
    Small s;
    s.f.ret(s.b0, {});
    Input in = s.f.build();
    in.env = nullptr;
    rejected(in, "register allocation: no machine environment");
  }
  SECTION("the machine environment lists a register in the wrong class") {
    Small s;
    s.f.env.preferred[static_cast<unsigned>(RegClass::Int)].push_back(floatReg(3));
    s.f.ret(s.b0, {});
    rejected(s.f.build(),
             "register allocation: machine environment lists a register in the wrong class");
  }
  SECTION("no blocks, or an entry block out of range") {
    TestFunc f;
    intRegs(f, 2, 2);
    rejected(f.build(), "register allocation: no blocks");
    uint32_t b0 = f.block();
    f.ret(b0, {});
    Input in = f.build();
    in.entryBlock = 1;
    rejected(in, "register allocation: no entry block");
  }
  SECTION("an empty block") {
    Small s;
    s.f.ret(s.b0, {});
    s.f.block();
    rejected(s.f.build(), "register allocation: block 1 is empty");
  }
  SECTION("a block running past the last instruction") {
    Small s;
    s.f.ret(s.b0, {});
    Input in = s.f.build();
    std::vector<InstRange> ranges{{0, 2}};
    in.blockInsts = ranges;
    rejected(in, "register allocation: block 0 runs past the last instruction");
  }
  SECTION("blocks that do not cover the instructions in order") {
    // block0: inst0 def x, inst1 jump; block1: inst2 ret x.
    Small s;
    uint32_t b1 = s.f.block();
    s.f.inst(s.b0, {Operand::def(s.x)});
    s.f.jump(s.b0, b1);
    s.f.ret(b1, {Operand::fixedUse(s.x, intReg(0))});
    Input in = s.f.build();
    std::vector<InstRange> overlap{{0, 2}, {1, 3}}, gap{{0, 1}, {2, 3}}, twice{{0, 2}, {0, 2}};
    for (const auto *ranges : {&overlap, &gap, &twice}) {
      in.blockInsts = *ranges;
      rejected(in, "register allocation: blocks do not cover the instructions in order");
    }
  }
  SECTION("the entry block has parameters or predecessors") {
    {
      Small s;
      s.f.param(s.b0);
      s.f.ret(s.b0, {});
      rejected(s.f.build(),
               "register allocation: the entry block has parameters or predecessors");
    }
    Small s;
    uint32_t b1 = s.f.block();
    s.f.jump(s.b0, b1);
    s.f.jump(b1, s.b0);
    rejected(s.f.build(), "register allocation: the entry block has parameters or predecessors");
  }
  SECTION("exactly the last instruction of each block is a branch or return") {
    {
      Small s;
      s.f.inst(s.b0, {Operand::def(s.x)});
      rejected(s.f.build(), "register allocation: inst0: block does not end with a branch or "
                            "return");
    }
    Small s;
    s.f.ret(s.b0, {});
    s.f.ret(s.b0, {});
    rejected(s.f.build(), "register allocation: inst0: branch or return inside a block");
  }
  SECTION("vreg indices in range") {
    const VReg far(7, RegClass::Int);
    {
      Small s;
      s.f.inst(s.b0, {Operand::def(s.x)});
      s.f.ret(s.b0, {Operand::fixedUse(far, intReg(0))});
      rejected(s.f.build(), "register allocation: inst1: vreg index out of range");
    }
    {
      Small s;
      uint32_t b1 = s.f.block();
      s.f.inst(s.b0, {Operand::def(s.x)});
      s.f.jump(s.b0, b1, {s.x});
      s.f.blocks[b1].params.push_back(far);
      s.f.ret(b1, {});
      rejected(s.f.build(), "register allocation: block 1: vreg index out of range");
    }
    Small s;
    uint32_t b1 = s.f.block();
    VReg p = s.f.param(b1);
    s.f.jump(s.b0, b1, {far});
    s.f.ret(b1, {Operand::fixedUse(p, intReg(0))});
    rejected(s.f.build(), "register allocation: inst0: vreg index out of range");
  }
  SECTION("one class per vreg") {
    Small s;
    s.f.env.preferred[static_cast<unsigned>(RegClass::Float)].push_back(floatReg(0));
    s.f.inst(s.b0, {Operand::def(s.x)});
    s.f.ret(s.b0, {Operand::use(VReg(s.x.index(), RegClass::Float))});
    rejected(s.f.build(), "register allocation: inst1: vreg v0 used with two classes");
  }
  SECTION("each vreg defined once") {
    {
      Small s;
      s.f.inst(s.b0, {Operand::def(s.x)});
      s.f.inst(s.b0, {Operand::def(s.x)});
      s.f.ret(s.b0, {Operand::fixedUse(s.x, intReg(0))});
      rejected(s.f.build(), "register allocation: inst1: vreg v0 defined twice");
    }
    // As an operand and as a block parameter.
    Small s;
    uint32_t b1 = s.f.block();
    s.f.inst(s.b0, {Operand::def(s.x)});
    s.f.jump(s.b0, b1, {s.x});
    s.f.blocks[b1].params.push_back(s.x);
    s.f.ret(b1, {Operand::fixedUse(s.x, intReg(0))});
    rejected(s.f.build(), "register allocation: block 1: vreg v0 defined twice");
  }
  SECTION("a fixed register of the operand's class") {
    Small s;
    s.f.inst(s.b0, {Operand::def(s.x)});
    s.f.ret(s.b0, {Operand::fixedUse(s.x, floatReg(0))});
    rejected(s.f.build(), "register allocation: inst1: fixed register of the wrong class");
  }
  SECTION("a reuse def names an early use of its class, no two the same one") {
    const std::string notEarlyUse =
        "register allocation: inst1: reuse def names an operand that is not an early use of "
        "its class";
    VReg d = VReg(1, RegClass::Int), e = VReg(2, RegClass::Int);
    auto withInst1 = [&](std::vector<Operand> ops) {
      Small s;
      s.f.numVRegs = 3;
      s.f.env.preferred[static_cast<unsigned>(RegClass::Float)].push_back(floatReg(0));
      s.f.inst(s.b0, {Operand::def(s.x)});
      s.f.inst(s.b0, std::move(ops));
      s.f.ret(s.b0, {Operand::fixedUse(d, intReg(0))});
      rejected(s.f.build(), notEarlyUse);
    };
    Operand x = Operand::use(VReg(0, RegClass::Int));
    withInst1({Operand::reuseDef(d, 0), x});                           // names itself
    withInst1({Operand::reuseDef(d, 5), x});                           // no such operand
    withInst1({Operand::reuseDef(d, 1), Operand::lateUse(x.vreg())});  // a late use
    withInst1({Operand::reuseDef(d, 1), Operand::def(e)});             // a def
    withInst1({Operand::reuseDef(VReg(1, RegClass::Float), 1), x});    // another class
    Small s;
    s.f.numVRegs = 3;
    s.f.inst(s.b0, {Operand::def(s.x)});
    s.f.inst(s.b0, {Operand::reuseDef(d, 2), Operand::reuseDef(e, 2), x});
    s.f.ret(s.b0, {Operand::fixedUse(d, intReg(0)), Operand::fixedUse(e, intReg(1))});
    rejected(s.f.build(), "register allocation: inst1: two reuse defs name one operand");
  }
  SECTION("no instruction uses a vreg it defines") {
    Small s;
    s.f.inst(s.b0, {Operand::use(s.x), Operand::def(s.x)});
    s.f.ret(s.b0, {Operand::fixedUse(s.x, intReg(0))});
    rejected(s.f.build(),
             "register allocation: inst0: v0 is used by the instruction that defines it");
  }
  SECTION("a kRemat instruction is one def alone, clobbers nothing, is no terminator") {
    {
      Small s; // a use besides the def
      VReg y = s.f.vreg();
      s.f.inst(s.b0, {Operand::def(s.x)});
      s.f.inst(s.b0, {Operand::def(y), Operand::use(s.x)}, {}, Input::kRemat);
      s.f.ret(s.b0, {Operand::fixedUse(y, intReg(0))});
      rejected(s.f.build(), kRematShape);
    }
    {
      Small s; // a clobber
      VReg y = s.f.vreg();
      s.f.inst(s.b0, {Operand::def(s.x)});
      s.f.inst(s.b0, {Operand::def(y)}, intClobbers(1), Input::kRemat);
      s.f.ret(s.b0, {Operand::fixedUse(y, intReg(0)), Operand::fixedUse(s.x, intReg(1))});
      rejected(s.f.build(), kRematShape);
    }
    Small s; // a terminator that defines a vreg
    uint32_t b1 = s.f.block();
    s.f.inst(s.b0, {Operand::def(s.x)});
    s.f.branch(s.b0, {Operand::def(VReg(1, RegClass::Int))}, {b1}, {{}});
    s.f.numVRegs = 2;
    s.f.blocks[s.b0].insts.back().flags |= Input::kRemat;
    s.f.ret(b1, {Operand::fixedUse(s.x, intReg(0))});
    rejected(s.f.build(), kRematShape);
  }
  SECTION("successors in range and not the entry block") {
    Small s;
    uint32_t b1 = s.f.block();
    s.f.jump(s.b0, b1);
    s.f.ret(b1, {});
    Input in = s.f.build();
    std::vector<uint32_t> far{9}, entry{0};
    in.succs = far;
    rejected(in, "register allocation: inst0: bad successor block");
    in.succs = entry;
    rejected(in, "register allocation: inst0: bad successor block");
  }
  SECTION("predecessors are exactly the blocks that branch to a block") {
    // block0 branches to block1 and block2.
    Small s;
    uint32_t b1 = s.f.block(), b2 = s.f.block();
    s.f.inst(s.b0, {Operand::def(s.x)});
    s.f.branch(s.b0, {Operand::use(s.x)}, {b1, b2}, {{}, {}});
    s.f.ret(b1, {});
    s.f.ret(b2, {});
    Input in = s.f.build();
    std::vector<uint32_t> wrongPred{1, 0}, nonePred{0, 0, 0, 2}, farPred{0, 7};
    in.preds = wrongPred; // block1 <- block1, block2 <- block0
    rejected(in, "register allocation: block 1 names a predecessor that does not branch to it");
    in.preds = farPred;
    rejected(in, "register allocation: block 2 names a predecessor that does not branch to it");
    in.predOffsets = nonePred; // block1 has none
    rejected(in, "register allocation: block 1 has 0 predecessors but 1 branches to it");
  }
  SECTION("branch argument counts match the parameters") {
    Small s;
    uint32_t b1 = s.f.block();
    s.f.inst(s.b0, {Operand::def(s.x)});
    s.f.jump(s.b0, b1, {s.x});
    s.f.ret(b1, {});
    rejected(s.f.build(),
             "register allocation: inst1: branch argument count differs from the block's "
             "parameters");
  }
  SECTION("branch argument classes match the parameters") {
    Small s;
    s.f.env.preferred[static_cast<unsigned>(RegClass::Float)].push_back(floatReg(0));
    uint32_t b1 = s.f.block();
    VReg p = s.f.param(b1, RegClass::Float);
    s.f.inst(s.b0, {Operand::def(s.x)});
    s.f.jump(s.b0, b1, {s.x});
    s.f.ret(b1, {Operand::use(p)});
    rejected(s.f.build(),
             "register allocation: inst1: branch argument class differs from parameter");
  }
  SECTION("no critical edges") {
    {
      // A branch with two successors into a block with two predecessors.
      Small s;
      uint32_t b1 = s.f.block(), b2 = s.f.block();
      s.f.inst(s.b0, {Operand::def(s.x)});
      s.f.branch(s.b0, {Operand::use(s.x)}, {b1, b2}, {{}, {}});
      s.f.jump(b1, b2);
      s.f.ret(b2, {Operand::fixedUse(s.x, intReg(0))});
      rejected(s.f.build(), "register allocation: inst1: critical edge to block 2");
    }
    // A terminator that defines a vreg (a call) into a block with two predecessors.
    Small s;
    uint32_t b1 = s.f.block(), b2 = s.f.block(), b3 = s.f.block();
    VReg y = s.f.vreg();
    s.f.inst(s.b0, {Operand::def(s.x)});
    s.f.branch(s.b0, {Operand::use(s.x)}, {b1, b2}, {{}, {}});
    s.f.branch(b1, {Operand::fixedDef(y, intReg(0))}, {b3}, {{}});
    s.f.jump(b2, b3);
    s.f.ret(b3, {Operand::fixedUse(s.x, intReg(0))});
    rejected(s.f.build(), "register allocation: inst2: critical edge to block 3");
  }
  SECTION("every use and branch argument names a defined vreg") {
    {
      Small s;
      s.f.ret(s.b0, {Operand::fixedUse(s.x, intReg(0))});
      rejected(s.f.build(), "register allocation: inst0: use of undefined vreg v0");
    }
    Small s;
    uint32_t b1 = s.f.block();
    VReg p = s.f.param(b1);
    s.f.jump(s.b0, b1, {s.x});
    s.f.ret(b1, {Operand::fixedUse(p, intReg(0))});
    rejected(s.f.build(), "register allocation: inst0: branch argument v0 is never defined");
  }
}
