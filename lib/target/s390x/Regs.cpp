// s390x register sets, computed from the Regs.def rows (see Regs.h).
#include "target/s390x/Regs.h"

namespace irc::s390x {

namespace {

template <typename Pred> mach::PRegSet collect(Pred &&pred) {
  mach::PRegSet set;
  for (const RegInfo &r : kRegInfos)
    if (pred(r))
      set.add(mach::PReg(r.cls, r.hw));
  return set;
}

} // namespace

mach::PRegSet callClobbers() {
  mach::PRegSet set = collect([](const RegInfo &r) {
    return r.save == RegSave::CallerSaved || r.save == RegSave::CalleeSavedHigh64;
  });
  set.add(regs::returnAddress());
  return set;
}

mach::PRegSet calleeSaved() {
  return collect([](const RegInfo &r) {
    return r.save == RegSave::CalleeSaved || r.save == RegSave::CalleeSavedHigh64;
  });
}

mach::PRegSet allocatableRegs() {
  return collect([](const RegInfo &r) { return r.use == RegUse::Allocatable; });
}

} // namespace irc::s390x
