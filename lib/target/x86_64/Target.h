// Target: the x86_64 code generator's factory, the one entry lib/target/Registry.cpp calls.
#pragma once

#include "codegen/mach/TargetIsa.h"
#include "target/TargetInfo.h"

#include <memory>

namespace irc::x86_64 {

/// A TargetIsa for `config` (its ISA must be x86_64).
std::unique_ptr<mach::TargetIsa> makeTargetIsa(const target::TargetConfig &config);

} // namespace irc::x86_64
