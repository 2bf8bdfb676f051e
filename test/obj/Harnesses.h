// C and C++ programs that call the hand-made irc functions of the link tests, with the
// output they must print. The same programs serve x86_64 and s390x: the irc functions
// of both targets do the same things.
#pragma once

namespace irc::obj::test {

// Calls irc_answer, irc_add, irc_hello (puts through the PLT), irc_pool_load (constant
// pool), irc_call_answer (irc -> irc call), irc_call_local (call to a local symbol),
// irc_load_data (PC-relative data) and irc_got_data (through the GOT); exits with
// irc_answer()'s 42.
inline constexpr const char *kCallHarnessC = R"(#include <stdio.h>
long irc_data = 0x5eed;
int irc_answer(void);
int irc_add(int, int);
int irc_hello(void);
long irc_pool_load(void);
int irc_call_answer(void);
int irc_call_local(void);
long irc_load_data(void);
long irc_got_data(void);
int main(void) {
  printf("answer %d\n", irc_answer());
  printf("add %d\n", irc_add(40, 2));
  fflush(stdout);
  int h = irc_hello();
  printf("hello returned %d\n", h);
  printf("pool %lx\n", irc_pool_load());
  printf("call_answer %d\n", irc_call_answer());
  printf("call_local %d\n", irc_call_local());
  printf("load_data %lx\n", irc_load_data());
  printf("got_data %lx\n", irc_got_data());
  return irc_answer();
}
)";
inline constexpr const char *kCallHarnessOutput = "answer 42\n"
                                                  "add 42\n"
                                                  "hello from irc\n"
                                                  "hello returned 7\n"
                                                  "pool 123456789abcdef0\n"
                                                  "call_answer 43\n"
                                                  "call_local 7\n"
                                                  "load_data 5eed\n"
                                                  "got_data 5eed\n";
inline constexpr int kCallHarnessExit = 42;

// Absolute relocations (linked without PIE): irc_abs8_call jumps through an Abs8 pool
// entry, irc_abs4_call through an Abs4 immediate, irc_abs_table is one Abs8 word at the
// very start of a function; all reach irc_abs_target, which returns 99.
inline constexpr const char *kAbsHarnessC = R"(#include <stdio.h>
int irc_abs8_call(void);
int irc_abs4_call(void);
extern int (*const irc_abs_table[1])(void);
int main(void) {
  printf("abs8 %d abs4 %d table %d\n", irc_abs8_call(), irc_abs4_call(), irc_abs_table[0]());
  return 0;
}
)";
inline constexpr const char *kAbsHarnessOutput = "abs8 99 abs4 99 table 99\n";

// A C++ exception thrown by cpp_thrower, called from the irc frame irc_throw_through,
// must be caught in guarded(): only the irc frame's CFI lets the unwinder step over it.
// `kept` lives across the call; it survives only if the unwinder restores the
// callee-saved registers that the irc frame saved and clobbered.
inline constexpr const char *kThrowHarnessCpp = R"(#include <cstdio>
#include <stdexcept>
extern "C" void irc_throw_through();
extern "C" void cpp_thrower() { throw std::runtime_error("thrown through irc code"); }
__attribute__((noinline)) static int guarded(int seed) {
  int kept = seed * 7 + 3;
  try {
    irc_throw_through();
  } catch (const std::runtime_error &e) {
    std::printf("caught: %s, kept %d\n", e.what(), kept);
    return 0;
  }
  std::printf("not thrown\n");
  return 1;
}
int main(int argc, char **) { return guarded(argc + 5); }
)";
inline constexpr const char *kThrowHarnessOutput = "caught: thrown through irc code, kept 45\n";

} // namespace irc::obj::test
