// x86_64 register sets, computed from the Regs.def rows (see Regs.h).
#include "target/x86_64/Regs.h"

namespace irc::x86_64 {

namespace {

bool available(const RegInfo &r, RegFeatures f) {
  switch (r.avail) {
  case RegAvail::Base:
    return true;
  case RegAvail::Apx:
    return f.apx;
  case RegAvail::Avx512:
    return f.avx512;
  }
  return false;
}

template <typename Pred> mach::PRegSet collect(Pred &&pred) {
  mach::PRegSet set;
  for (const RegInfo &r : kRegInfos)
    if (pred(r))
      set.add(mach::PReg(r.cls, r.hw));
  return set;
}

} // namespace

mach::PRegSet sysvCallClobbers(RegFeatures f) {
  return collect(
      [&](const RegInfo &r) { return r.save == RegSave::CallerSaved && available(r, f); });
}

mach::PRegSet sysvCalleeSaved() {
  return collect([](const RegInfo &r) { return r.save == RegSave::CalleeSaved; });
}

mach::PRegSet allocatableRegs(RegFeatures f, bool framePointer) {
  return collect([&](const RegInfo &r) {
    if (!available(r, f) || r.save == RegSave::Reserved)
      return false;
    return !(framePointer && mach::PReg(r.cls, r.hw) == regs::rbp());
  });
}

} // namespace irc::x86_64
