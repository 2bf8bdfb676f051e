// x86_64 registers as the machine layer sees them, expanded from Regs.def: PReg constants
// (regs::rax() ... regs::xmm15()), names by operand width, DWARF numbers and the System V
// register sets.
//
// Always: a general register is a PReg of class Int with hw() = its encoding number (0..31);
// an xmm register is class Float with hw() = 0..31. Rows 16..31 of each class exist only for
// APX (general) and AVX-512 (xmm); nothing irc encodes today may name them.
#pragma once

#include "codegen/mach/Reg.h"

#include <cstdint>
#include <string_view>

namespace irc::x86_64 {

/// Width of a general-register operand: the AT&T suffixes b, w, l, q.
enum class OpSize : uint8_t { B = 0, W = 1, L = 2, Q = 3 };

constexpr unsigned sizeBytes(OpSize s) { return 1u << static_cast<unsigned>(s); }
constexpr char sizeSuffix(OpSize s) { return "bwlq"[static_cast<unsigned>(s)]; }

enum class RegSave : uint8_t { CallerSaved, CalleeSaved, Reserved };
enum class RegAvail : uint8_t { Base, Apx, Avx512 };

struct RegInfo {
  mach::RegClass cls;
  uint8_t hw;
  uint16_t dwarf;
  RegSave save;
  RegAvail avail;
  std::string_view names[4]; // by OpSize; xmm rows repeat one name
};

/// Every row of Regs.def, in order: Int hw 0..31, then Float hw 0..31.
inline constexpr RegInfo kRegInfos[] = {
#define REG(name, Class, hw, dwarf, Save, Avail, n8, n16, n32)                                     \
  {mach::RegClass::Class, hw, dwarf, RegSave::Save, RegAvail::Avail, {n8, n16, n32, #name}},
#include "target/x86_64/Regs.def"
};

inline constexpr unsigned kRegsPerClass = 32;

namespace detail {
constexpr bool regTableIsDense() {
  unsigned i = 0;
  for (const RegInfo &r : kRegInfos) {
    unsigned cls = i / kRegsPerClass;
    if (static_cast<unsigned>(r.cls) != cls || r.hw != i % kRegsPerClass)
      return false;
    ++i;
  }
  return i == 2 * kRegsPerClass;
}
static_assert(regTableIsDense(), "Regs.def: Int hw 0..31 then Float hw 0..31, in order");
} // namespace detail

/// Named constants, e.g. regs::rax(), regs::r12(), regs::xmm3().
namespace regs {
#define REG(name, Class, hw, dwarf, Save, Avail, n8, n16, n32)                                     \
  constexpr mach::PReg name() { return mach::PReg(mach::RegClass::Class, hw); }
#include "target/x86_64/Regs.def"
} // namespace regs

/// The Regs.def row of a physical register (Int or Float class).
constexpr const RegInfo &regInfo(mach::PReg r) {
  return kRegInfos[(r.cls() == mach::RegClass::Int ? 0 : kRegsPerClass) + r.hw()];
}

/// AT&T name without `%`: "eax", "r9b", "spl", "xmm3" (size is ignored for xmm).
constexpr std::string_view regName(mach::PReg r, OpSize size) {
  return regInfo(r).names[static_cast<unsigned>(size)];
}

/// System V DWARF register number.
constexpr uint16_t dwarfRegNumber(mach::PReg r) { return regInfo(r).dwarf; }
/// The DWARF column of the return address.
inline constexpr uint16_t kDwarfReturnAddress = 16;

/// A byte operand in hw 4..7 means spl/bpl/sil/dil only with a REX prefix (ah..bh without).
constexpr bool byteRegNeedsRex(mach::PReg r) {
  return r.cls() == mach::RegClass::Int && r.hw() >= 4 && r.hw() <= 7;
}

/// The register files a function may use, given the ISA features.
struct RegFeatures {
  bool apx = false;    // r16..r31
  bool avx512 = false; // xmm16..xmm31 (irc does not encode EVEX yet: keep false)
};

/// Registers a System V call may clobber (all CallerSaved rows available with `f`).
mach::PRegSet sysvCallClobbers(RegFeatures f);
/// Registers a System V callee must preserve (rbx, rbp, r12..r15).
mach::PRegSet sysvCalleeSaved();
/// Registers the allocator may hand out: every available row but rsp, and but rbp when the
/// function keeps a frame pointer.
mach::PRegSet allocatableRegs(RegFeatures f, bool framePointer);

} // namespace irc::x86_64
