// End-to-end tests of the machine layer with the toy target: CLIF text through the
// parser, block order, lowering, register allocation, frame layout and emission, with
// exact VCode listings, assembly listings and bytes.
#include "ToyTarget.h"

#include "codegen/mach/TargetIsa.h"
#include "parser/Parser.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <ctime>

using namespace irc;
using namespace irc::mach;

namespace {

struct Result {
  std::string vcode, asmText, hex;
  CompiledCode code;
};

std::string hexOf(const std::vector<uint8_t> &bytes) {
  std::string s;
  char buf[4];
  for (size_t k = 0; k < bytes.size(); ++k) {
    std::snprintf(buf, sizeof buf, "%02x", bytes[k]);
    s += buf;
    if (k % 4 == 3 && k + 1 < bytes.size())
      s += ' ';
  }
  return s;
}

std::unique_ptr<ir::Function> parse(std::string_view text) {
  auto file = parser::parseTestFile(text);
  if (!file)
    FAIL("parse error: " << file.error().message << " at line " << file.error().loc.line);
  REQUIRE(file->functions.size() == 1);
  return std::move(file->functions[0].function);
}

Expected<CompiledCode> compileText(std::string_view text, regalloc::Algorithm algo =
                                                              regalloc::Algorithm::SinglePass) {
  auto f = parse(text);
  BackendIsa<toy::Backend> isa(toy::Backend(), 64);
  CompileOptions opts;
  opts.regallocAlgorithm = algo;
  opts.regallocChecker = true; // every toy allocation is also proven by regalloc/Checker
  opts.emitAsm = true;
  opts.emitVCode = true;
  return isa.compile(*f, opts);
}

Result compile(std::string_view text) {
  auto code = compileText(text);
  if (!code)
    FAIL("compile error: " << code.error().message);
  Result r;
  r.vcode = code->vcodeText;
  r.asmText = code->asmText;
  r.hex = hexOf(code->code);
  r.code = std::move(code).value();
  if (std::getenv("SHOW")) // SHOW=1 prints the listings, to review an expectation
    WARN(r.vcode + "----\n" + r.asmText + "----\n" + r.hex);
  return r;
}

} // namespace

TEST_CASE("Toy target: straight-line code", "[mach][toy]") {
  Result r = compile(R"(
function %f(i64, i64) -> i64 {
block0(v0: i64, v1: i64):
    v2 = iadd v0, v1
    v3 = iconst.i64 5
    v4 = isub v2, v3
    return v4
}
)");
  CHECK(r.vcode == "block0:  ; block0\n"
                   "  args %v0, %v1\n"
                   "  add %v2, %v0, %v1\n"
                   "  li %v3, 5\n"
                   "  sub %v4, %v2, %v3\n"
                   "  ret %v4\n");
  CHECK(r.asmText == "block0:\n"
                     "  add r0, r0, r1\n"
                     "  li r1, 5\n"
                     "  sub r0, r0, r1\n"
                     "  ret r0\n");
  CHECK(r.hex == "01000001 04010500 02000001 20000000");
  CHECK(r.code.frameSize == 8);
}

TEST_CASE("Toy target: a loop with block parameters", "[mach][toy]") {
  // sum = 0; while (n != 0) { sum += n; n -= 1 } return sum
  Result r = compile(R"(
function %sum(i64) -> i64 {
block0(v0: i64):
    v1 = iconst.i64 0
    jump block1(v0, v1)
block1(v2: i64, v3: i64):
    brif v2, block2, block3
block2:
    v4 = iadd v3, v2
    v5 = iconst.i64 1
    v6 = isub v2, v5
    jump block1(v6, v4)
block3:
    return v3
}
)");
  CHECK(r.vcode == "block0:  ; block0\n"
                   "  args %v0\n"
                   "  li %v1, 0\n"
                   "  j block1\n"
                   "  -> block1(%v0, %v1)\n"
                   "block1(%v2, %v3):  ; block1\n"
                   "  bnz %v2, block2\n"
                   "  j block3\n"
                   "  -> block2, block3\n"
                   "block2:  ; block2\n"
                   "  add %v4, %v3, %v2\n"
                   "  li %v5, 1\n"
                   "  sub %v6, %v2, %v5\n"
                   "  j block1\n"
                   "  -> block1(%v6, %v4)\n"
                   "block3:  ; block3\n"
                   "  ret %v3\n");
  // Single-pass allocation: block parameters live in their spill slots at block entry
  // (v3 at sp+0, v2 at sp+8); jumps to the next block disappear.
  CHECK(r.asmText == "  adjsp -16\n"
                     "block0:\n"
                     "  li r1, 0\n"
                     "  st r1, [sp+0]\n"
                     "  st r0, [sp+8]\n"
                     "block1:\n"
                     "  ld r0, [sp+8]\n"
                     "  bnz r0, block2\n"
                     "  j block3\n"
                     "block2:\n"
                     "  ld r0, [sp+8]\n"
                     "  ld r1, [sp+0]\n"
                     "  add r1, r1, r0\n"
                     "  li r2, 1\n"
                     "  sub r0, r0, r2\n"
                     "  st r1, [sp+0]\n"
                     "  st r0, [sp+8]\n"
                     "  j block1\n"
                     "block3:\n"
                     "  ld r0, [sp+0]\n"
                     "  adjsp 16\n"
                     "  ret r0\n");
  CHECK(r.hex == "3000f0ff 04010000 06010700 06000708 05000708 11000800 10002400 05000708 "
                 "05010700 01010100 04020100 02000002 06010700 06000708 1000d8ff 05000700 "
                 "30001000 20000000");
  CHECK(r.code.frameSize == 24);
}

TEST_CASE("Toy target: critical edges, cold and unreachable blocks", "[mach][toy]") {
  Result r = compile(R"(
function %g(i64, i64) -> i64 {
block0(v0: i64, v1: i64):
    brif v0, block1(v0), block2
block2 cold:
    v2 = iadd v0, v1
    brif v1, block1(v2), block3(v2)
block4:
    v9 = iconst.i64 9
    jump block3(v9)
block1(v3: i64):
    jump block3(v3)
block3(v4: i64):
    return v4
}
)");
  // block0's edge to block1 is critical (block0 has two edges, block1 two predecessors):
  // it gets an edge block carrying v0. The cold block2 and its two split edges go last;
  // the unreachable block4 is gone.
  CHECK(r.vcode == "block0:  ; block0\n"
                   "  args %v0, %v1\n"
                   "  bnz %v0, block1\n"
                   "  j block4\n"
                   "  -> block1, block4\n"
                   "block1:  ; edge block0 -> block1\n"
                   "  j block2\n"
                   "  -> block2(%v0)\n"
                   "block2(%v3):  ; block1\n"
                   "  j block3\n"
                   "  -> block3(%v3)\n"
                   "block3(%v4):  ; block3\n"
                   "  ret %v4\n"
                   "block4:  ; block2, cold\n"
                   "  add %v2, %v0, %v1\n"
                   "  bnz %v1, block5\n"
                   "  j block6\n"
                   "  -> block5, block6\n"
                   "block5:  ; edge block2 -> block1, cold\n"
                   "  j block2\n"
                   "  -> block2(%v2)\n"
                   "block6:  ; edge block2 -> block3, cold\n"
                   "  j block3\n"
                   "  -> block3(%v2)\n");
  CHECK(r.asmText == "  adjsp -48\n"
                     "block0:\n"
                     "  st r1, [sp+24]\n"
                     "  st r0, [sp+32]\n"
                     "  bnz r0, block1\n"
                     "  j block4\n"
                     "block1:\n"
                     "  ld r0, [sp+32]\n"
                     "  st r0, [sp+16]\n"
                     "block2:\n"
                     "  ld r0, [sp+16]\n"
                     "  st r0, [sp+0]\n"
                     "block3:\n"
                     "  ld r0, [sp+0]\n"
                     "  adjsp 48\n"
                     "  ret r0\n"
                     "block4:\n"
                     "  ld r0, [sp+24]\n"
                     "  ld r1, [sp+32]\n"
                     "  add r1, r1, r0\n"
                     "  st r1, [sp+8]\n"
                     "  bnz r0, block5\n"
                     "  j block6\n"
                     "block5:\n"
                     "  ld r0, [sp+8]\n"
                     "  st r0, [sp+16]\n"
                     "  j block2\n"
                     "block6:\n"
                     "  ld r0, [sp+8]\n"
                     "  st r0, [sp+0]\n"
                     "  j block3\n");
  CHECK(r.hex == "3000d0ff 06010718 06000720 11000800 10002000 05000720 06000710 05000710 "
                 "06000700 05000700 30003000 20000000 05000718 05010720 01010100 06010708 "
                 "11000800 10001000 05000708 06000710 1000ccff 05000708 06000700 1000c8ff");
}

TEST_CASE("Toy target: a load folds into its only user, at its width", "[mach][toy]") {
  Result r = compile(R"(
function %h(i64, i64, i64) -> i64 {
block0(v0: i64, v1: i64, v2: i64):
    v3 = load.i64 v1
    v4 = iadd v0, v3
    v5 = load.i64 v2
    store v4, v1
    v6 = iadd v4, v5
    v7 = load.i64 v1
    v8 = iadd v7, v7
    v9 = iadd v6, v8
    v10 = iconst.i64 77
    return v9
}
)");
  // v3 folds into v4 (addm). v5 does not: a store lies between it and its user. v7 has
  // two uses. The unused iconst is not lowered.
  CHECK(r.vcode == "block0:  ; block0\n"
                   "  args %v0, %v1, %v2\n"
                   "  addm %v4, %v0, [%v1]\n"
                   "  ld %v5, [%v2+0]\n"
                   "  st %v4, [%v1+0]\n"
                   "  add %v6, %v4, %v5\n"
                   "  ld %v7, [%v1+0]\n"
                   "  add %v8, %v7, %v7\n"
                   "  add %v9, %v6, %v8\n"
                   "  ret %v9\n");
  CHECK(r.asmText == "block0:\n"
                     "  addm r0, r0, [r1]\n"
                     "  ld r2, [r2+0]\n"
                     "  st r0, [r1+0]\n"
                     "  add r0, r0, r2\n"
                     "  ld r1, [r1+0]\n"
                     "  add r1, r1, r1\n"
                     "  add r0, r0, r1\n"
                     "  ret r0\n");
  CHECK(r.hex == "07000001 05020200 06000100 01000002 05010100 01010101 01000001 20000000");
}

TEST_CASE("Toy target: unsupported opcodes and types are errors", "[mach][toy]") {
  auto code = compileText(R"(
function %u(i64, i64) -> i64 {
block0(v0: i64, v1: i64):
    v2 = udiv v0, v1
    return v2
}
)");
  REQUIRE(!code.hasValue());
  CHECK(code.error().message == "unsupported: opcode udiv on target toy");
  auto code2 = compileText(R"(
function %u(f64) -> f64 {
block0(v0: f64):
    return v0
}
)");
  REQUIRE(!code2.hasValue());
  CHECK(code2.error().message == "unsupported: type f64 on target toy");
}

TEST_CASE("Toy target: values live across a call use callee-saved registers", "[mach][toy]") {
  Result r = compile(R"(
function %c(i64, i64) -> i64 {
    fn0 = %callee(i64) -> i64
block0(v0: i64, v1: i64):
    v2 = call fn0(v0)
    v3 = iadd v2, v1
    v4 = iadd v3, v0
    return v4
}
)");
  CHECK(r.vcode == "block0:  ; block0\n"
                   "  args %v0, %v1\n"
                   "  call callee (%v0) -> %v2\n"
                   "  add %v3, %v2, %v1\n"
                   "  add %v4, %v3, %v0\n"
                   "  ret %v4\n");
  // v0 and v1 survive the call in r3 and r4, which the prologue saves and the epilogue
  // restores (sp+0 and sp+8 of a 16-byte frame, below the 8-byte setup area).
  CHECK(r.asmText == "  adjsp -16\n"
                     "  st r3, [sp+0]\n"
                     "  st r4, [sp+8]\n"
                     "block0:\n"
                     "  mov r4, r1\n"
                     "  mov r3, r0\n"
                     "  call callee (r0) -> r0\n"
                     "  mov r2, r4\n"
                     "  mov r1, r3\n"
                     "  add r0, r0, r2\n"
                     "  add r0, r0, r1\n"
                     "  ld r3, [sp+0]\n"
                     "  ld r4, [sp+8]\n"
                     "  adjsp 16\n"
                     "  ret r0\n");
  CHECK(r.hex == "3000f0ff 06030700 06040708 03040100 03030000 21000000 00000000 03020400 "
                 "03010300 01000002 01000001 05030700 05040708 30001000 20000000");
  CHECK(r.code.frameSize == 24);
  REQUIRE(r.code.relocs.size() == 1);
  CHECK(r.code.relocs[0].kind == Reloc::Abs4);
  CHECK(r.code.relocs[0].target.name == "callee");
  CHECK(r.code.relocs[0].offset == 24);
}

TEST_CASE("Toy target: an i128 block parameter is a register pair", "[mach][toy]") {
  Result r = compile(R"(
function %w(i64, i64, i64) -> i64 {
block0(v0: i64, v1: i64, v2: i64):
    v3 = iconcat v0, v1
    brif v2, block1(v3), block2
block2:
    v4 = iconcat v1, v0
    jump block1(v4)
block1(v5: i128):
    v6, v7 = isplit v5
    v8 = isub v6, v7
    return v8
}
)");
  // Each i128 is two vregs, low half first; the block parameter is a pair.
  CHECK(r.vcode == "block0:  ; block0\n"
                   "  args %v0, %v1, %v2\n"
                   "  mov %v3, %v0\n"
                   "  mov %v4, %v1\n"
                   "  bnz %v2, block1\n"
                   "  j block2\n"
                   "  -> block1, block2\n"
                   "block1:  ; edge block0 -> block1\n"
                   "  j block3\n"
                   "  -> block3(%v3, %v4)\n"
                   "block2:  ; block2\n"
                   "  mov %v5, %v1\n"
                   "  mov %v6, %v0\n"
                   "  j block3\n"
                   "  -> block3(%v5, %v6)\n"
                   "block3(%v7, %v8):  ; block1\n"
                   "  mov %v9, %v7\n"
                   "  mov %v10, %v8\n"
                   "  sub %v11, %v9, %v10\n"
                   "  ret %v11\n");
  // After the arguments, v0 (r0) and v2 (r2) swap through r3; moves that became a
  // register to itself are gone.
  CHECK(r.asmText == "  adjsp -64\n"
                     "  st r3, [sp+56]\n"
                     "block0:\n"
                     "  st r1, [sp+16]\n"
                     "  st r0, [sp+24]\n"
                     "  mov r3, r2\n"
                     "  mov r2, r0\n"
                     "  mov r0, r3\n"
                     "  st r2, [sp+32]\n"
                     "  st r1, [sp+40]\n"
                     "  bnz r0, block1\n"
                     "  j block2\n"
                     "block1:\n"
                     "  ld r0, [sp+32]\n"
                     "  ld r1, [sp+40]\n"
                     "  st r1, [sp+8]\n"
                     "  st r0, [sp+0]\n"
                     "  j block3\n"
                     "block2:\n"
                     "  ld r0, [sp+16]\n"
                     "  ld r1, [sp+24]\n"
                     "  st r1, [sp+8]\n"
                     "  st r0, [sp+0]\n"
                     "block3:\n"
                     "  ld r0, [sp+0]\n"
                     "  ld r1, [sp+8]\n"
                     "  sub r0, r0, r1\n"
                     "  ld r3, [sp+56]\n"
                     "  adjsp 64\n"
                     "  ret r0\n");
}

TEST_CASE("Toy target: a branch to one block on both edges", "[mach][toy]") {
  Result r = compile(R"(
function %d(i64, i64) -> i64 {
block0(v0: i64, v1: i64):
    brif v0, block1(v0), block1(v1)
block1(v2: i64):
    return v2
}
)");
  // Two edges into block1 from one branch: each is critical and gets its own edge block.
  CHECK(r.vcode == "block0:  ; block0\n"
                   "  args %v0, %v1\n"
                   "  bnz %v0, block1\n"
                   "  j block2\n"
                   "  -> block1, block2\n"
                   "block1:  ; edge block0 -> block1\n"
                   "  j block3\n"
                   "  -> block3(%v0)\n"
                   "block2:  ; edge block0 -> block1\n"
                   "  j block3\n"
                   "  -> block3(%v1)\n"
                   "block3(%v2):  ; block1\n"
                   "  ret %v2\n");
  CHECK(r.asmText == "  adjsp -32\n"
                     "block0:\n"
                     "  st r1, [sp+8]\n"
                     "  st r0, [sp+16]\n"
                     "  bnz r0, block1\n"
                     "  j block2\n"
                     "block1:\n"
                     "  ld r0, [sp+16]\n"
                     "  st r0, [sp+0]\n"
                     "  j block3\n"
                     "block2:\n"
                     "  ld r0, [sp+8]\n"
                     "  st r0, [sp+0]\n"
                     "block3:\n"
                     "  ld r0, [sp+0]\n"
                     "  adjsp 32\n"
                     "  ret r0\n");
}

TEST_CASE("Toy target: every regalloc algorithm gives a correct result", "[mach][toy]") {
  const char *text = R"(
function %f(i64, i64) -> i64 {
block0(v0: i64, v1: i64):
    v2 = iadd v0, v1
    return v2
}
)";
  auto single = compileText(text, regalloc::Algorithm::SinglePass);
  auto back = compileText(text, regalloc::Algorithm::Backtracking);
  auto exp = compileText(text, regalloc::Algorithm::Experimental);
  REQUIRE(single.hasValue());
  REQUIRE(back.hasValue());
  REQUIRE(exp.hasValue());
  // This function is small enough that every allocator finds the same registers.
  CHECK(hexOf(back->code) == hexOf(single->code));
  CHECK(hexOf(exp->code) == "01000001 20000000");
}

TEST_CASE("Compile options come from the settings", "[mach]") {
  codegen::Settings s;
  CompileOptions d = compileOptionsFromSettings(s);
  CHECK(d.regallocAlgorithm == regalloc::Algorithm::Backtracking);
  CHECK(!d.preserveFramePointers);
  REQUIRE(s.set("regalloc_algorithm", "single_pass").hasValue());
  REQUIRE(s.set("preserve_frame_pointers", "true").hasValue());
  REQUIRE(s.set("regalloc_checker", "true").hasValue());
  REQUIRE(s.set("opt_level", "speed").hasValue());
  CompileOptions o = compileOptionsFromSettings(s);
  CHECK(o.regallocAlgorithm == regalloc::Algorithm::SinglePass);
  CHECK(o.preserveFramePointers);
  CHECK(o.regallocChecker);
  CHECK(!d.regallocChecker);
  CHECK(o.optLevel == codegen::OptLevel::Speed);
}

TEST_CASE("Toy target: a 100k-instruction function compiles in linear time", "[mach][toy][perf]") {
  // 1000 blocks of 100 instructions; each block branches to the next on two edges (so
  // both get edge blocks) passing its parameters swapped on one of them.
  std::string text = "function %big(i64, i64) -> i64 {\nblock0(v0: i64, v1: i64):\n"
                     "    jump block1(v0, v1)\n";
  uint32_t v = 2;
  const int numBlocks = 1000, perBlock = 100;
  for (int b = 1; b <= numBlocks; ++b) {
    uint32_t p = v, q = v + 1;
    v += 2;
    text += "block" + std::to_string(b) + "(v" + std::to_string(p) + ": i64, v" +
            std::to_string(q) + ": i64):\n";
    std::vector<uint32_t> recent{p, q};
    for (int k = 0; k < perBlock - 1; ++k) {
      uint32_t d = v++;
      if (k % 23 == 0) {
        text += "    v" + std::to_string(d) + " = iconst.i64 " + std::to_string(k) + "\n";
      } else {
        // Every value is used by the next instructions: up to five live at once.
        size_t back = std::min<size_t>(recent.size() - 1, 1 + k % 4);
        uint32_t x = recent[recent.size() - 1], y = recent[recent.size() - 1 - back];
        text += "    v" + std::to_string(d) + (k % 3 ? " = iadd v" : " = isub v") +
                std::to_string(x) + ", v" + std::to_string(y) + "\n";
      }
      recent.push_back(d);
    }
    std::string next = "block" + std::to_string(b + 1);
    std::string a = "v" + std::to_string(recent.back()), c = "v" + std::to_string(p);
    text += "    brif " + a + ", " + next + "(" + a + ", " + c + "), " + next + "(" + c + ", " +
            a + ")\n";
  }
  text += "block" + std::to_string(numBlocks + 1) + "(v" + std::to_string(v) + ": i64, v" +
          std::to_string(v + 1) + ": i64):\n    return v" + std::to_string(v) + "\n}\n";
  auto f = parse(text);
  BackendIsa<toy::Backend> isa(toy::Backend(), 64);
  CompileOptions opts;
  opts.regallocAlgorithm = regalloc::Algorithm::SinglePass;
  std::clock_t start = std::clock();
  auto code = isa.compile(*f, opts);
  double seconds = double(std::clock() - start) / CLOCKS_PER_SEC;
  REQUIRE(code.hasValue());
  CHECK(code->code.size() > 100000 * 4);
  // The requirement is well under a second; the bound leaves room for slow builds
  // (sanitizers, debug) and busy machines.
  CHECK(seconds < 3.0);
  if (std::getenv("SHOW"))
    WARN("compiled " << numBlocks * perBlock << " instructions in " << seconds << " s, "
                     << code->code.size() << " bytes");
}

namespace {
std::string cfiText(const std::vector<CfiOp> &cfi) {
  std::string s;
  for (const CfiOp &op : cfi) {
    s += std::to_string(op.codeOffset) + ": ";
    switch (op.kind) {
    case CfiOp::Kind::DefCfa:
      s += "def_cfa r" + std::to_string(op.reg) + " " + std::to_string(op.offset);
      break;
    case CfiOp::Kind::DefCfaOffset:
      s += "def_cfa_offset " + std::to_string(op.offset);
      break;
    case CfiOp::Kind::DefCfaRegister:
      s += "def_cfa_register r" + std::to_string(op.reg);
      break;
    case CfiOp::Kind::Offset:
      s += "offset r" + std::to_string(op.reg) + " " + std::to_string(op.offset);
      break;
    case CfiOp::Kind::Restore:
      s += "restore r" + std::to_string(op.reg);
      break;
    case CfiOp::Kind::RememberState:
      s += "remember_state";
      break;
    case CfiOp::Kind::RestoreState:
      s += "restore_state";
      break;
    }
    s += "\n";
  }
  return s;
}
} // namespace

TEST_CASE("Toy target: prologue and epilogue CFI, bracketed before a later block",
          "[mach][toy][cfi]") {
  Result r = compile(R"(
function %two(i64, i64) -> i64 {
    fn0 = %callee(i64) -> i64
block0(v0: i64, v1: i64):
    v2 = call fn0(v0)
    brif v1, block1, block2
block1:
    v3 = iadd v2, v0
    return v3
block2:
    return v2
}
)");
  CHECK(r.asmText == "  adjsp -32\n"
                     "  st r3, [sp+24]\n"
                     "block0:\n"
                     "  mov r3, r1\n"
                     "  st r0, [sp+8]\n"
                     "  call callee (r0) -> r0\n"
                     "  st r0, [sp+0]\n"
                     "  mov r0, r3\n"
                     "  bnz r0, block1\n"
                     "  j block2\n"
                     "block1:\n"
                     "  ld r0, [sp+0]\n"
                     "  ld r1, [sp+8]\n"
                     "  add r0, r0, r1\n"
                     "  ld r3, [sp+24]\n"
                     "  adjsp 32\n"
                     "  ret r0\n"
                     "block2:\n"
                     "  ld r0, [sp+0]\n"
                     "  ld r3, [sp+24]\n"
                     "  adjsp 32\n"
                     "  ret r0\n");
  // Each prologue step's CFI right after it (CFA = sp + 8 + 32 once sp moved; r3 saved at
  // sp+24 = CFA-16). block1's epilogue has code after it: remember_state right before its
  // first step with CFI (the adjsp at 56, not the reload at 52), restore_state right after
  // its ret (64). block2's is the function's end: no pair.
  CHECK(cfiText(r.code.cfi) == "4: def_cfa_offset 40\n"
                               "8: offset r3 -16\n"
                               "56: remember_state\n"
                               "60: def_cfa_offset 8\n"
                               "64: restore_state\n"
                               "76: def_cfa_offset 8\n");
}

TEST_CASE("Toy target: a function without a frame has no CFI", "[mach][toy][cfi]") {
  Result r = compile(R"(
function %f(i64) -> i64 {
block0(v0: i64):
    brif v0, block1, block2
block1:
    v1 = iconst.i64 1
    return v1
block2:
    v2 = iconst.i64 2
    return v2
}
)");
  CHECK(r.code.frameSize == 8);
  // Epilogues without CFI need no remember/restore pair, even before a later block.
  CHECK(r.code.cfi.empty());
}
