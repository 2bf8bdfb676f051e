// Registry: the one place that maps an ISA to its code generator. `irc compile` and
// `irc test` both make their TargetIsa here, so a new backend is one case in Registry.cpp.
//
// Until a target has a backend, makeTargetIsa returns the error
// "code generation for target 'x86_64' is not available yet".
#pragma once

#include "codegen/mach/TargetIsa.h"
#include "support/Expected.h"
#include "target/TargetInfo.h"

#include <memory>

namespace irc::target {

/// A code generator for `config` (ISA, flags, settings), or why there is none.
Expected<std::unique_ptr<mach::TargetIsa>> makeTargetIsa(const TargetConfig &config);

/// True if makeTargetIsa can succeed for `isa` in this build.
bool hasBackend(Isa isa);

} // namespace irc::target
