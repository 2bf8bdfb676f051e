// allocate(): the one place that maps an Algorithm to an allocator.
#include "codegen/regalloc/Regalloc.h"

namespace irc::regalloc {

const char *algorithmName(Algorithm a) {
  switch (a) {
  case Algorithm::Backtracking:
    return "backtracking";
  case Algorithm::SinglePass:
    return "single_pass";
  case Algorithm::Experimental:
    return "experimental";
  }
  return "?";
}

bool implemented(Algorithm a) {
  switch (a) {
  case Algorithm::SinglePass:
    return true;
  case Algorithm::Backtracking: // TODO(regalloc-backtracking): Backtracking.cpp
  case Algorithm::Experimental: // TODO(regalloc-experimental): Experimental.cpp
    return false;
  }
  return false;
}

Expected<Output> allocate(const Input &input, Algorithm algorithm) {
  switch (algorithm) {
  case Algorithm::SinglePass:
    return allocateSinglePass(input);
  case Algorithm::Backtracking:
    // TODO(regalloc-backtracking): the backtracking allocator; until then the single-pass
    // result (implemented(Backtracking) is false so callers can tell).
    return allocateSinglePass(input);
  case Algorithm::Experimental:
    // TODO(regalloc-experimental): nothing experimental yet; same fallback.
    return allocateSinglePass(input);
  }
  return allocateSinglePass(input);
}

} // namespace irc::regalloc
