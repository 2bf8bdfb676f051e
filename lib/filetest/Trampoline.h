// Trampolines for `test run`: a system_v CLIF function that the C harness can call for any
// function under test, whatever its calling convention or number of results.
//
//   function %__irc_run_f(i64, i64) system_v {      ; (args_ptr, results_ptr)
//       fn0 = %f(i32, f64) -> i32, i8 tail
//   block0(v0: i64, v1: i64):
//       v2 = load.i32 v0                             ; argument k at args_ptr + 16*k
//       v3 = load.f64 v0+16
//       v4, v5 = call fn0(v2, v3)
//       store v4, v1                                 ; result k at results_ptr + 16*k
//       store v5, v1+16
//       return
//   }
//
// Every argument and result has a 16-byte slot, so the harness lays both buffers out the
// same way for every type up to 128 bits; values are in the target's byte order (plain
// loads and stores), as C writes them.
#pragma once

#include "codegen/ir/ExternalName.h"
#include "codegen/ir/Signature.h"

#include <string>
#include <string_view>

namespace irc::filetest {

inline constexpr unsigned kSlotBytes = 16;

/// The CLIF text of a trampoline named `name` (without '%') calling `callee`.
std::string generateTrampoline(std::string_view name, const ir::ExternalName &callee,
                               const ir::Signature &signature);

} // namespace irc::filetest
