// s390x registers as the machine layer sees them, expanded from Regs.def: PReg constants
// (regs::r0() ... regs::v31()), names, DWARF numbers, the ELF ABI register sets and
// argument orders.
//
// Always: a general register is a PReg of class Int with hw() = its number (0..15); a
// floating-point/vector register is class Float with hw() = 0..31 (v0..v15 hold f0..f15 in
// their high 64 bits). r0 and r1 are never allocatable (Regs.def says why).
#pragma once

#include "codegen/mach/Reg.h"

#include <cstdint>
#include <string_view>

namespace irc::s390x {

enum class RegSave : uint8_t { CallerSaved, CalleeSaved, CalleeSavedHigh64, Reserved };
enum class RegUse : uint8_t { Allocatable, Scratch, StackPointer };

struct RegInfo {
  mach::RegClass cls;
  uint8_t hw;
  uint16_t dwarf;
  RegSave save;
  RegUse use;
  std::string_view name; // "r5", "v17"
};

/// Every row of Regs.def, in order: Int hw 0..15, then Float hw 0..31.
inline constexpr RegInfo kRegInfos[] = {
#define REG(name, Class, hw, dwarf, Save, Use)                                                    \
  {mach::RegClass::Class, hw, dwarf, RegSave::Save, RegUse::Use, #name},
#include "target/s390x/Regs.def"
};

inline constexpr unsigned kNumGprs = 16;
inline constexpr unsigned kNumVrs = 32;

namespace detail {
constexpr bool regTableIsDense() {
  unsigned i = 0;
  for (const RegInfo &r : kRegInfos) {
    bool ok = i < kNumGprs ? (r.cls == mach::RegClass::Int && r.hw == i)
                           : (r.cls == mach::RegClass::Float && r.hw == i - kNumGprs);
    if (!ok)
      return false;
    ++i;
  }
  return i == kNumGprs + kNumVrs;
}
static_assert(regTableIsDense(), "Regs.def: Int hw 0..15 then Float hw 0..31, in order");
} // namespace detail

/// Named constants, e.g. regs::r2(), regs::r15(), regs::v24().
namespace regs {
#define REG(name, Class, hw, dwarf, Save, Use)                                                    \
  constexpr mach::PReg name() { return mach::PReg(mach::RegClass::Class, hw); }
#include "target/s390x/Regs.def"

constexpr mach::PReg gpr(unsigned n) { return mach::PReg(mach::RegClass::Int, n); }
constexpr mach::PReg vr(unsigned n) { return mach::PReg(mach::RegClass::Float, n); }
/// The FPR fN is the register vN (its high half).
constexpr mach::PReg fpr(unsigned n) { return vr(n); }
constexpr mach::PReg stackPointer() { return r15(); }
constexpr mach::PReg returnAddress() { return r14(); }
/// The emitter's temporary (never allocatable).
constexpr mach::PReg scratch() { return r1(); }
} // namespace regs

/// The Regs.def row of a physical register.
constexpr const RegInfo &regInfo(mach::PReg r) {
  return kRegInfos[(r.cls() == mach::RegClass::Int ? 0 : kNumGprs) + r.hw()];
}

/// True for v0..v15, the registers whose high half is an FPR.
constexpr bool isFpr(mach::PReg r) { return r.cls() == mach::RegClass::Float && r.hw() < 16; }

/// ELF ABI DWARF register number.
constexpr uint16_t dwarfRegNumber(mach::PReg r) { return regInfo(r).dwarf; }
/// The DWARF column of the return address (r14).
inline constexpr uint16_t kDwarfReturnAddress = 14;

// Argument and result registers of the s390x ELF ABI (with the vector extension), in order.
inline constexpr mach::PReg kIntArgRegs[] = {regs::r2(), regs::r3(), regs::r4(), regs::r5(),
                                             regs::r6()};
inline constexpr mach::PReg kFloatArgRegs[] = {regs::v0(), regs::v2(), regs::v4(), regs::v6()};
inline constexpr mach::PReg kVectorArgRegs[] = {regs::v24(), regs::v26(), regs::v28(),
                                                regs::v30(), regs::v25(), regs::v27(),
                                                regs::v29(), regs::v31()};
inline constexpr mach::PReg kIntResultReg = regs::r2();
inline constexpr mach::PReg kFloatResultReg = regs::v0();
inline constexpr mach::PReg kVectorResultReg = regs::v24();

/// Registers an ELF ABI call may clobber: every CallerSaved row, r14 (the link register),
/// and v8..v15 too, since only their high halves survive (callers must not keep a 128-bit
/// value there across a call; a scalar float in f8..f15 does survive, but the allocator
/// cannot tell the two apart in one class).
mach::PRegSet callClobbers();
/// Registers a callee must preserve and so saves in its prologue when it writes them:
/// r6..r14 (r14 holds the return address) and f8..f15 (64-bit halves).
mach::PRegSet calleeSaved();
/// Registers the allocator may hand out: every Allocatable row.
mach::PRegSet allocatableRegs();

} // namespace irc::s390x
