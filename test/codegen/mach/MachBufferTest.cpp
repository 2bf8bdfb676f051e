// Tests of mach/MachBuffer.cpp with a fake branch: short form 2 bytes (0xEB, disp8, reaches
// -128..127), long form 5 bytes (0xE9, disp32 little-endian). The payload, when not zero,
// replaces the opcode byte, so conditional branches show their condition.
#include "codegen/mach/MachBuffer.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

using namespace irc;
using namespace irc::mach;

namespace {

bool fakeShortReaches(int64_t d) { return d >= -128 && d <= 127; }

void fakeEncode(bool isShort, int64_t d, uint32_t payload, std::span<uint8_t> out) {
  if (isShort) {
    REQUIRE(out.size() == 2);
    out[0] = payload ? uint8_t(payload) : 0xEB;
    out[1] = static_cast<uint8_t>(int8_t(d));
    return;
  }
  REQUIRE(out.size() == 5);
  out[0] = payload ? uint8_t(payload + 1) : 0xE9;
  uint32_t v = static_cast<uint32_t>(int32_t(d));
  for (int i = 0; i < 4; ++i)
    out[1 + i] = uint8_t(v >> (8 * i));
}

const BranchKind kFake{2, 5, fakeShortReaches, fakeEncode};
const BranchKind kLongOnly{0, 5, nullptr, fakeEncode};

void filler(MachBuffer &buf, unsigned n, uint8_t byte = 0x90) {
  for (unsigned i = 0; i < n; ++i)
    buf.put1(byte);
}

// Expected-code builder: the same operations, written out by hand.
struct Bytes {
  std::vector<uint8_t> v;
  Bytes &fill(unsigned n, uint8_t byte = 0x90) {
    v.insert(v.end(), n, byte);
    return *this;
  }
  Bytes &shortJ(int d, uint8_t op = 0xEB) {
    v.push_back(op);
    v.push_back(uint8_t(int8_t(d)));
    return *this;
  }
  Bytes &longJ(int32_t d, uint8_t op = 0xE9) {
    v.push_back(op);
    for (int i = 0; i < 4; ++i)
      v.push_back(uint8_t(uint32_t(d) >> (8 * i)));
    return *this;
  }
  Bytes &le32(int32_t x) {
    for (int i = 0; i < 4; ++i)
      v.push_back(uint8_t(uint32_t(x) >> (8 * i)));
    return *this;
  }
  Bytes &raw(std::initializer_list<uint8_t> b) {
    v.insert(v.end(), b);
    return *this;
  }
};

} // namespace

TEST_CASE("MachBuffer: put and patch follow the byte order", "[mach][buffer]") {
  MachBuffer le(false);
  le.put2(0x1122);
  le.put4(0x33445566);
  le.put8(0x0102030405060708ull);
  le.patch4(2, 0xAABBCCDD);
  CompiledCode a = le.finish();
  CHECK(a.code == std::vector<uint8_t>{0x22, 0x11, 0xDD, 0xCC, 0xBB, 0xAA, 0x08, 0x07, 0x06,
                                       0x05, 0x04, 0x03, 0x02, 0x01});
  CHECK(a.instBytes == 14);

  MachBuffer be(true);
  be.put2(0x1122);
  be.put4(0x33445566);
  be.put8(0x0102030405060708ull);
  be.patch4(2, 0xAABBCCDD);
  CompiledCode b = be.finish();
  CHECK(b.code == std::vector<uint8_t>{0x11, 0x22, 0xAA, 0xBB, 0xCC, 0xDD, 0x01, 0x02, 0x03,
                                       0x04, 0x05, 0x06, 0x07, 0x08});
}

TEST_CASE("MachBuffer: short forward and backward branches", "[mach][buffer]") {
  MachBuffer buf(false);
  Label top = buf.newLabel(), end = buf.newLabel();
  buf.bindLabel(top);
  filler(buf, 3);
  buf.addBranch(end, kFake, 0); // at 3, target 3+2+1 = 6
  filler(buf, 1);
  buf.bindLabel(end);
  buf.addBranch(top, kFake, 0x74); // at 6, target 0
  CompiledCode c = buf.finish();
  CHECK(c.code == Bytes().fill(3).shortJ(3).fill(1).shortJ(-6, 0x74).v);
  CHECK(c.instBytes == 8);
}

TEST_CASE("MachBuffer: branches exactly at the short range limits", "[mach][buffer]") {
  MachBuffer buf(false);
  Label fwd = buf.newLabel(), back = buf.newLabel();
  buf.bindLabel(back);
  filler(buf, 126);
  buf.addBranch(back, kFake, 0); // at 126: disp -126, short
  buf.addBranch(fwd, kFake, 0);  // at 128: target 128+2+125 = 255: disp 127, short
  filler(buf, 125);
  buf.bindLabel(fwd);
  buf.addBranch(back, kFake, 0); // at 255: disp -255, long
  CompiledCode c = buf.finish();
  CHECK(c.code == Bytes().fill(126).shortJ(-126).shortJ(127).fill(125).longJ(-255).v);
}

TEST_CASE("MachBuffer: relaxation cascades over several rounds", "[mach][buffer]") {
  // Round 1: only B (far target) goes long. That pushes A's target 3 bytes further (126 ->
  // 129): round 2 lengthens A. A's growth pushes C's backward target beyond -128: round 3.
  MachBuffer buf(false);
  Label start = buf.newLabel(), x = buf.newLabel(), far = buf.newLabel();
  buf.bindLabel(start);
  filler(buf, 1);
  buf.addBranch(x, kFake, 0); // A at 1
  filler(buf, 100);
  buf.addBranch(far, kFake, 0); // B at 103
  filler(buf, 22);
  buf.bindLabel(x); // 127 while all short: A's disp = 126
  buf.addBranch(start, kFake, 0); // C at 127: disp -127 while short, -130 at the end
  filler(buf, 200);
  buf.bindLabel(far);
  filler(buf, 1);
  CompiledCode c = buf.finish();
  // Final: A at 1 (5 bytes), filler to 106, B at 106 (5), filler to 133, x = 133,
  // C at 133 (5), filler to 338, far = 338.
  CHECK(c.code == Bytes()
                      .fill(1)
                      .longJ(132)
                      .fill(100)
                      .longJ(338 - 106)
                      .fill(22)
                      .longJ(-133)
                      .fill(200)
                      .fill(1)
                      .v);
  CHECK(c.instBytes == 339);
}

TEST_CASE("MachBuffer: a kind without a short form is always long", "[mach][buffer]") {
  MachBuffer buf(false);
  Label l = buf.newLabel();
  buf.addBranch(l, kLongOnly, 0);
  buf.bindLabel(l);
  CompiledCode c = buf.finish();
  CHECK(c.code == Bytes().longJ(5).v);
}

TEST_CASE("MachBuffer: two branches at one raw offset and a label between them",
          "[mach][buffer]") {
  MachBuffer buf(false);
  Label mid = buf.newLabel(), after = buf.newLabel();
  filler(buf, 2);
  buf.addBranch(after, kFake, 0x75); // conditional at 2
  buf.bindLabel(mid);                // between the two branches: 4
  buf.addBranch(mid, kFake, 0);      // at 4, to itself
  buf.bindLabel(after);              // 6
  filler(buf, 1);
  CompiledCode c = buf.finish();
  CHECK(c.code == Bytes().fill(2).shortJ(4, 0x75).shortJ(0).fill(1).v);
}

TEST_CASE("MachBuffer: label uses before and after relaxed branches", "[mach][buffer]") {
  MachBuffer buf(false);
  Label early = buf.newLabel(), late = buf.newLabel(), far = buf.newLabel();
  Label table = buf.newLabel();
  buf.bindLabel(early); // 0
  // A PC-relative use before the relaxed branch, of a label after it.
  buf.put1(0x8D);
  uint32_t f1 = buf.rawOffset();
  buf.put4(0);
  buf.useLabel(f1, late, LabelUse{4, 4, 0, false, {}});
  buf.addBranch(far, kFake, 0); // at 5: long (far is 300 away)
  filler(buf, 10);
  buf.bindLabel(late); // raw 15, final 20 (the branch adds its 5 bytes)
  // A use after the branch of a label before it, and one of a label after it.
  buf.put1(0x8D);
  uint32_t f2 = buf.rawOffset();
  buf.put4(0);
  buf.useLabel(f2, early, LabelUse{4, 4, 0, false, {}});
  // A label difference (jump-table style), 2 bytes, big-endian, scaled by 2.
  buf.bindLabel(table); // raw 20, final 25
  uint32_t f3 = buf.rawOffset();
  buf.put2(0);
  buf.useLabel(f3, far, LabelUse{2, 0, 1, true, table});
  filler(buf, 278);
  buf.bindLabel(far); // raw 300, final 305
  CompiledCode c = buf.finish();
  Bytes want;
  want.raw({0x8D}).le32(20 - 5); // field at 1, ends at 5; late = 20
  want.longJ(305 - 5).fill(10);
  want.raw({0x8D}).le32(0 - 25); // field at 21, ends at 25
  want.raw({uint8_t((305 - 25) / 2 >> 8), uint8_t((305 - 25) / 2)});
  want.fill(278);
  CHECK(c.code == want.v);
}

TEST_CASE("MachBuffer: constants go after the code, aligned", "[mach][buffer]") {
  MachBuffer buf(false);
  Label far = buf.newLabel();
  buf.addBranch(far, kFake, 0); // long: code is 200 bytes
  uint8_t k8[] = {1, 2, 3, 4, 5, 6, 7, 8};
  uint8_t k16[] = {9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9};
  uint8_t k1[] = {0x42};
  Label c8 = buf.addConstant(k8, 8);
  Label c1 = buf.addConstant(k1, 1);
  Label c16 = buf.addConstant(k16, 16);
  buf.put1(0x8D);
  uint32_t f = buf.rawOffset();
  buf.put4(0);
  buf.useLabel(f, c16, LabelUse{4, 4, 0, false, {}});
  buf.put1(0x8D);
  uint32_t g = buf.rawOffset();
  buf.put4(0);
  buf.useLabel(g, c8, LabelUse{4, 4, 0, false, {}});
  filler(buf, 188);
  buf.bindLabel(far); // raw 198, final 203
  buf.put1(0xC3);
  CompiledCode c = buf.finish();
  // Code: 5 (branch) + 10 + 188 + 1 = 204 bytes. c8 at 208, c1 at 216, c16 at 224.
  CHECK(c.instBytes == 204);
  CHECK(c.code.size() == 240);
  Bytes want;
  want.longJ(203).raw({0x8D}).le32(224 - 10).raw({0x8D}).le32(208 - 15).fill(188).raw({0xC3});
  want.fill(4, 0).raw({1, 2, 3, 4, 5, 6, 7, 8}).raw({0x42}).fill(7, 0).fill(16, 9);
  CHECK(c.code == want.v);
  (void)c1;
}

TEST_CASE("MachBuffer: every record gets its final offset", "[mach][buffer]") {
  MachBuffer buf(false);
  Label far = buf.newLabel(), handler = buf.newLabel();
  buf.addCfi(CfiOp{999, CfiOp::Kind::DefCfaOffset, 0, 16}); // at 0, before any branch
  buf.addBranch(far, kFake, 0);                           // long: 300 bytes away
  filler(buf, 4);
  // A call at raw 4 with a relocation on its field at raw 5.
  uint32_t call = buf.rawOffset();
  buf.put1(0xE8);
  uint32_t field = buf.rawOffset();
  buf.put4(0);
  buf.addReloc(field, Reloc::X86CallPLTRel4, ir::ExternalName::testCase("g"), -4);
  buf.addCallSite(call, {{std::optional<uint32_t>(7), handler}, {std::nullopt, far}});
  buf.addPatchSite(call, 5);
  buf.addCfi(CfiOp{0, CfiOp::Kind::Offset, 6, -16});
  buf.addSavedVector(8, -32);
  buf.addTrap(ir::TrapCode::fromRaw(3));
  buf.put1(0x0F);
  buf.put1(0x0B);
  buf.bindLabel(handler); // raw 11
  filler(buf, 287);
  buf.bindLabel(far); // raw 298, final 303
  CompiledCode c = buf.finish();
  // Every raw offset moves by the long branch's 5 bytes.
  REQUIRE(c.code.size() == 303);
  REQUIRE(c.relocs.size() == 1);
  CHECK(c.relocs[0].offset == 10);
  CHECK(c.relocs[0].kind == Reloc::X86CallPLTRel4);
  CHECK(c.relocs[0].target.name == "g");
  CHECK(c.relocs[0].addend == -4);
  REQUIRE(c.callSites.size() == 1);
  CHECK(c.callSites[0].callOffset == 9);
  CHECK(c.callSites[0].returnAddrOffset == 14);
  REQUIRE(c.callSites[0].handlers.size() == 2);
  CHECK(c.callSites[0].handlers[0].tag == std::optional<uint32_t>(7));
  CHECK(c.callSites[0].handlers[0].handlerOffset == 16);
  CHECK(!c.callSites[0].handlers[1].tag.has_value());
  CHECK(c.callSites[0].handlers[1].handlerOffset == 303);
  REQUIRE(c.patchSites.size() == 1);
  CHECK(c.patchSites[0].offset == 9);
  CHECK(c.patchSites[0].length == 5);
  REQUIRE(c.cfi.size() == 2);
  CHECK(c.cfi[0].codeOffset == 0);
  CHECK(c.cfi[0].kind == CfiOp::Kind::DefCfaOffset);
  CHECK(c.cfi[0].offset == 16);
  CHECK(c.cfi[1].codeOffset == 14);
  CHECK(c.cfi[1].reg == 6);
  CHECK(c.cfi[1].offset == -16);
  REQUIRE(c.savedVectors.size() == 1);
  CHECK(c.savedVectors[0].reg == 8);
  CHECK(c.savedVectors[0].cfaOffset == -32);
  CHECK(c.savedVectors[0].saveOffset == 14);
  REQUIRE(c.traps.size() == 1);
  CHECK(c.traps[0].offset == 14);
  CHECK(c.traps[0].code == ir::TrapCode::fromRaw(3));
  CHECK(c.instBytes == 303);
}

TEST_CASE("MachBuffer: a record at a branch's raw offset comes after the branch",
          "[mach][buffer]") {
  MachBuffer buf(false);
  Label far = buf.newLabel();
  filler(buf, 2);
  buf.addBranch(far, kFake, 0);
  uint32_t at = buf.rawOffset(); // 2, same raw offset as the branch
  buf.put1(0xE8);
  buf.put4(0);
  buf.addReloc(at + 1, Reloc::Abs4, ir::ExternalName::testCase("x"), 0);
  buf.addPatchSite(at, 5);
  filler(buf, 200);
  buf.bindLabel(far);
  CompiledCode c = buf.finish();
  REQUIRE(c.patchSites.size() == 1);
  CHECK(c.patchSites[0].offset == 7);
  CHECK(c.relocs[0].offset == 8);
}
