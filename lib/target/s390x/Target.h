// Target: the s390x code generator's factory, the one entry lib/target/Registry.cpp calls.
#pragma once

#include "codegen/mach/TargetIsa.h"
#include "target/TargetInfo.h"

#include <memory>

namespace irc::s390x {

/// A TargetIsa for `config` (its ISA must be s390x): Backend (Backend.h) with its flags.
std::unique_ptr<mach::TargetIsa> makeTargetIsa(const target::TargetConfig &config);

} // namespace irc::s390x
