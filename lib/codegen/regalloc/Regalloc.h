// The register allocators behind one entry point.
//
// allocate() picks the algorithm in one switch. Only SinglePass exists so far; the other
// two fall back to it (implemented() says which ones really run), so a caller that asks
// for Backtracking gets a correct allocation, just not the best one.
#pragma once

#include "codegen/regalloc/Checker.h"
#include "codegen/regalloc/Input.h"
#include "codegen/regalloc/Output.h"
#include "support/Expected.h"

namespace irc::regalloc {

enum class Algorithm : uint8_t {
  Backtracking, // Cranelift's default (regalloc2's Ion): best code
  SinglePass,   // one backward pass per block (regalloc2's fastalloc): fastest
  Experimental, // off by default; whatever is being tried out
};

const char *algorithmName(Algorithm a);

/// True if `a` runs its own algorithm; false if allocate() falls back to SinglePass.
bool implemented(Algorithm a);

/// Allocates registers for `input`. Errors only for inputs that break Input.h's rules
/// (an instruction needing more registers than the class has, a use of an undefined
/// vreg, a critical edge, ...), never for register pressure.
Expected<Output> allocate(const Input &input, Algorithm algorithm);

/// allocate(), then, when `check` is set (the regalloc_checker setting), the checker
/// (Checker.h) on its answer: a wrong allocation becomes the error "regalloc checker: ...".
inline Expected<Output> allocate(const Input &input, Algorithm algorithm, bool check) {
  Expected<Output> out = allocate(input, algorithm);
  if (!out || !check)
    return out;
  if (auto ok = checkAllocation(input, *out); !ok)
    return makeError("regalloc checker: " + ok.error().message);
  return out;
}

/// The single-pass allocator itself (SinglePass.cpp).
Expected<Output> allocateSinglePass(const Input &input);

} // namespace irc::regalloc
