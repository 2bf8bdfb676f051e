// Backend: the one place where irc hands verified functions to a target's code generator.
// A new backend is a case in runBackend's switch over target::Isa; nothing else in the
// driver knows which targets can generate code.
#pragma once

#include "codegen/ir/Function.h"
#include "codegen/mach/CompiledCode.h"
#include "support/Expected.h"
#include "target/TargetInfo.h"

#include <span>
#include <string>

namespace irc::tool {

/// What `irc compile --emit` asks for.
enum class EmitKind { Object, Assembly, VCode };

struct BackendRequest {
  const target::TargetConfig &config;
  std::span<const ir::Function *const> functions; // verified, in input order
  EmitKind emit = EmitKind::Object;
  /// When set, filled with the module's register-allocation totals.
  mach::CompiledCode::RegallocReport *regallocTotals = nullptr;
};

/// The bytes to write (an ELF object, or text for asm/vcode), or why there are none.
Expected<std::string> runBackend(const BackendRequest &request);

} // namespace irc::tool
