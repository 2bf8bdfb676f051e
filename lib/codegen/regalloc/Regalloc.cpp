// allocate(): the one place that maps an Algorithm to an allocator.
#include "codegen/regalloc/Regalloc.h"

#include "codegen/regalloc/Backtracking.h"

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
  case Algorithm::Backtracking:
    return true;
  case Algorithm::Experimental:
    return compiledIn(Algorithm::Experimental);
  }
  return false;
}

bool compiledIn(Algorithm a) {
#ifdef IRC_EXPERIMENTAL_REGALLOC
  constexpr bool experimental = true;
#else
  constexpr bool experimental = false;
#endif
  return a != Algorithm::Experimental || experimental;
}

Expected<Output> allocate(const Input &input, Algorithm algorithm, Context *context) {
  // Once here, so no allocator re-checks the rules (and all word a broken Input alike).
  if (auto ok = checkInputRules(input); !ok)
    return ok.error();
  switch (algorithm) {
  case Algorithm::SinglePass:
    return allocateSinglePass(input);
  case Algorithm::Backtracking:
    return allocateBacktracking(input);
  case Algorithm::Experimental:
#ifdef IRC_EXPERIMENTAL_REGALLOC
    return allocateExperimental(input, context);
#else
    (void)context;
    return makeError("register allocation: regalloc_algorithm=experimental is not available: "
                     "this irc was built with IRC_EXPERIMENTAL_REGALLOC=OFF");
#endif
  }
  return allocateSinglePass(input);
}

} // namespace irc::regalloc
