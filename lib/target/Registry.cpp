// Registry: dispatch from target::Isa to a backend. A backend lands by replacing its
// notAvailable() below with its factory (lib/target/<isa>/Target.h) and flipping
// hasBackend; nothing else in irc chooses a target.
#include "target/Registry.h"

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
    return notAvailable(config.isa);
  case Isa::S390x:
    return notAvailable(config.isa);
  }
  return notAvailable(config.isa);
}

bool hasBackend(Isa isa) {
  switch (isa) {
  case Isa::X86_64:
    return false;
  case Isa::S390x:
    return false;
  }
  return false;
}

} // namespace irc::target
