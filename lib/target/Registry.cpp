// Registry: dispatch from target::Isa to a backend. A backend lands by replacing its
// notAvailable() below with its factory (lib/target/<isa>/Target.h) and flipping
// hasBackend; nothing else in irc chooses a target.
#include "target/Registry.h"

#include "target/s390x/Target.h"
#include "target/x86_64/Target.h"

namespace irc::target {

namespace {

Error notAvailable(Isa isa) {
  return makeError("code generation for target '" + std::string(isaName(isa)) +
                   "' is not available yet");
}

} // namespace

Expected<std::unique_ptr<mach::TargetIsa>> makeTargetIsa(const TargetConfig &config) {
  switch (config.isa) {
  case Isa::X86_64:
    return x86_64::makeTargetIsa(config);
  case Isa::S390x:
    return s390x::makeTargetIsa(config);
  }
  return notAvailable(config.isa);
}

bool hasBackend(Isa isa) {
  switch (isa) {
  case Isa::X86_64:
    return true;
  case Isa::S390x:
    return true;
  }
  return false;
}

} // namespace irc::target
