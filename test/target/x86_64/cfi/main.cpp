// The x86_64 unwinding test's C++ side (see frames.clif): run() keeps values in callee-saved
// registers and calls irc_outer -> irc_middle -> (indirectly) thrower. thrower records a
// backtrace() and throws; run() catches, checks that its values survived the unwind through
// the irc frames and prints the function names of the backtrace (dladdr, -rdynamic).
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <dlfcn.h>
#include <execinfo.h>
#include <stdexcept>
#include <string>

extern "C" int64_t irc_outer(void *ctx, int64_t x);

struct Ctx {
  int64_t (*fn)(int64_t); // called by irc_middle through call_indirect
};

static std::string g_trace;

extern "C" __attribute__((noinline)) int64_t thrower(int64_t x) {
  void *frames[16];
  int n = backtrace(frames, 16);
  for (int i = 0; i < n && i < 5; ++i) {
    Dl_info info;
    const char *name = dladdr(frames[i], &info) && info.dli_sname ? info.dli_sname : "?";
    g_trace += (i ? " <- " : "") + std::string(name);
  }
  if (x > 0)
    throw std::runtime_error("from thrower");
  return x;
}

extern "C" int64_t identity(int64_t x) { return x + 1; }

extern "C" __attribute__((noinline)) int run(int64_t seed) {
  // Values live across the call: gcc -O2 keeps them in rbx, rbp and r12..r15.
  volatile int64_t sink = 0;
  int64_t a = seed * 3, b = seed ^ 0x55, c = seed + 1000, d = seed * seed, e = seed - 7,
          f = seed << 4;
  Ctx ctx{thrower};
  int caught = 0;
  try {
    sink = irc_outer(&ctx, seed);
  } catch (const std::runtime_error &) {
    caught = 1;
  }
  int ok = caught && a == seed * 3 && b == (seed ^ 0x55) && c == seed + 1000 &&
           d == seed * seed && e == seed - 7 && f == (seed << 4);
  std::printf("caught=%d registers=%s\n", caught, ok ? "ok" : "CORRUPTED");
  std::printf("backtrace: %s\n", g_trace.c_str());
  return ok ? 0 : 1 + static_cast<int>(sink);
}

int main(int argc, char **) {
  // Without a throw the irc code returns normally (checks the calls themselves):
  // irc_middle(ctx, 0) = identity(0) = 1; irc_outer adds 0 and 0.
  Ctx plain{identity};
  int64_t r = irc_outer(&plain, 0);
  std::printf("plain=%lld\n", static_cast<long long>(r));
  return run(argc + 41);
}
