// Tests of mach/Abi.cpp: frame layout arithmetic and argument assignment.
#include "codegen/mach/Abi.h"

#include <catch2/catch.hpp>

using namespace irc;
using namespace irc::mach;

TEST_CASE("Abi: frame areas stack up from SP, each aligned", "[mach][abi]") {
  FrameRequest req;
  req.outgoingArgsBytes = 20;                       // rounded to 32
  req.spillSlots = {{8, 8}, {8, 8}, {16, 16}};      // 0, 8, 16: 32 bytes
  req.stackSlots = {{4, 1}, {24, 8}, {16, 16}};     // 0, 8, 32: 48 bytes
  req.incomingArgsBytes = 16;
  req.hasCalls = true;
  FrameShape shape;
  shape.setupBytes = 16;
  shape.stackAlign = 16;
  shape.saves = {{PReg(RegClass::Int, 3), 8}};
  FrameLayout f = computeFrameLayout(req, shape);
  CHECK(f.outgoingArgsBytes == 32);
  CHECK(f.spillBytes == 32);
  CHECK(f.spillOffsets == std::vector<uint32_t>{0, 8, 16});
  CHECK(f.stackSlotsBytes == 48);
  CHECK(f.stackSlotOffsets == std::vector<uint32_t>{0, 8, 32});
  // One 8-byte save: the frame is padded to 128 and the save sits at its top.
  CHECK(f.frameBytes == 128);
  REQUIRE(f.calleeSaves.size() == 1);
  CHECK(f.calleeSaves[0].offset == 120);
  CHECK(f.calleeSaveBytes == 16);
  CHECK(f.spillSlotOffset(2) == 48);
  CHECK(f.stackSlotOffset(1) == 72);
  CHECK(f.cfaToSp() == 144);
  CHECK(f.incomingArgOffset(8) == 152);
  CHECK(!f.isLeaf);
}

TEST_CASE("Abi: an empty frame", "[mach][abi]") {
  FrameShape shape;
  shape.setupBytes = 8;
  FrameLayout f = computeFrameLayout(FrameRequest{}, shape);
  CHECK(f.frameBytes == 0);
  CHECK(f.cfaToSp() == 8);
  CHECK(f.isLeaf);
}

TEST_CASE("Abi: ArgAssigner hands out registers, then stack slots", "[mach][abi]") {
  std::vector<PReg> ints{PReg(RegClass::Int, 7), PReg(RegClass::Int, 6)};
  std::vector<PReg> floats{PReg(RegClass::Float, 0)};
  ArgAssigner a(ints, floats, 8);
  CHECK(a.nextReg(RegClass::Int) == PReg(RegClass::Int, 7));
  CHECK(a.nextReg(RegClass::Float) == PReg(RegClass::Float, 0));
  CHECK(a.nextReg(RegClass::Int) == PReg(RegClass::Int, 6));
  CHECK(!a.nextReg(RegClass::Int).has_value());
  CHECK(!a.nextReg(RegClass::Float).has_value());
  CHECK(a.nextStack(4, 4) == 0);   // a 4-byte value still takes an 8-byte slot
  CHECK(a.nextStack(16, 16) == 16); // aligned to 16
  CHECK(a.nextStack(8, 8) == 32);
  CHECK(a.stackBytes() == 40);
}
