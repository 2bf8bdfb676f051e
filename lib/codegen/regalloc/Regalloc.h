// The register allocators behind one entry point.
//
// allocate() picks the algorithm in one switch:
//   Backtracking   the default (Backtracking*.cpp): live-range bundles, eviction, splitting
//   SinglePass     the fastest (SinglePass.cpp): one backward pass per block
//   Experimental   unsupported, off with IRC_EXPERIMENTAL_REGALLOC=OFF (Experimental*.cpp)
// The checker (Checker.h) trusts none of them.
#pragma once

#include "codegen/regalloc/Checker.h"
#include "codegen/regalloc/Input.h"
#include "codegen/regalloc/Output.h"
#include "support/Expected.h"

#include <memory>

namespace irc::regalloc {

enum class Algorithm : uint8_t {
  Backtracking, // Cranelift's default (regalloc2's Ion): best code
  SinglePass,   // one backward pass per block (regalloc2's fastalloc): fastest
  Experimental, // off by default; whatever is being tried out
};

const char *algorithmName(Algorithm a);

/// True if `a` runs its own algorithm; false if allocate() falls back to SinglePass.
bool implemented(Algorithm a);

/// False for an algorithm this build leaves out (experimental, when irc is built with
/// IRC_EXPERIMENTAL_REGALLOC=OFF): allocate() then fails with an error saying so.
bool compiledIn(Algorithm a);

namespace exp {
class Allocator; // Experimental.cpp
}

/// Memory that allocators keep from one function to the next, so a module of many
/// functions does not rebuild their arrays each time. Optional (allocate() without one
/// uses a fresh one); one per thread, as it is mutated by every allocation.
class Context {
public:
  /// The experimental allocator's state, created on its first use.
  std::unique_ptr<exp::Allocator, void (*)(exp::Allocator *)> experimental{nullptr, nullptr};
};

/// Checks every rule Input.h and Operand.h state that needs no liveness (shape, SSA,
/// classes, operand constraints, edges; InputRules.cpp). allocate() runs it before any
/// allocator, so they all assume these rules and report a broken Input in the same words.
Expected<void> checkInputRules(const Input &input);

/// Allocates registers for `input`. Errors only for inputs that break Input.h's rules
/// (checkInputRules, then what an allocator's own analysis finds: an instruction needing
/// more registers than the class has, a use its definition does not reach, fixed
/// registers that clash), never for register pressure.
Expected<Output> allocate(const Input &input, Algorithm algorithm, Context *context = nullptr);

/// allocate(), then, when `check` is set (the regalloc_checker setting), the checker
/// (Checker.h) on its answer: a wrong allocation becomes the error "regalloc checker: ...".
inline Expected<Output> allocate(const Input &input, Algorithm algorithm, bool check,
                                 Context *context = nullptr) {
  Expected<Output> out = allocate(input, algorithm, context);
  if (!out || !check)
    return out;
  if (auto ok = checkAllocation(input, *out); !ok)
    return makeError("regalloc checker: " + ok.error().message);
  return out;
}

/// The single-pass allocator itself (SinglePass.cpp). Like every allocator it expects an
/// Input that passed checkInputRules: call allocate().
Expected<Output> allocateSinglePass(const Input &input);

/// The experimental allocator (Experimental*.cpp; defined only when compiled in).
Expected<Output> allocateExperimental(const Input &input, Context *context);

} // namespace irc::regalloc
