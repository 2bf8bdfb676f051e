// The s390x unwinding test's C++ side (see frames.clif): main keeps values in callee-saved
// registers, calls irc_outer -> irc_middle -> (indirectly) thrower, which throws; main
// catches and checks that its values survived the unwind through the irc frames.
#include <cstdint>
#include <cstdio>
#include <stdexcept>

extern "C" int64_t irc_outer(void *ctx, int64_t x);

struct Ctx {
  int64_t (*fn)(int64_t); // called by irc_middle through call_indirect
  double slots[3];
};

extern "C" int64_t thrower(int64_t x) {
  if (x > 0)
    throw std::runtime_error("from thrower");
  return x;
}

extern "C" int64_t identity(int64_t x) { return x + 1; }

__attribute__((noinline)) int run(int64_t seed) {
  // Values live across the call: gcc -O2 keeps them in r6..r13 and f8..f15.
  int64_t a = seed * 3, b = seed ^ 0x55, c = seed + 1000, d = seed * seed, e = seed - 7,
          f = seed << 4, g = seed | 0x100, h = seed * 11;
  double fa = double(seed) * 1.5, fb = double(seed) + 0.25, fc = double(seed) / 4.0;
  Ctx ctx{thrower, {1.0, 2.0, 3.0}};
  int caught = 0;
  try {
    irc_outer(&ctx, seed);
  } catch (const std::runtime_error &err) {
    caught = 1;
  }
  int ok = caught && a == seed * 3 && b == (seed ^ 0x55) && c == seed + 1000 &&
           d == seed * seed && e == seed - 7 && f == (seed << 4) && g == (seed | 0x100) &&
           h == seed * 11 && fa == double(seed) * 1.5 && fb == double(seed) + 0.25 &&
           fc == double(seed) / 4.0;
  std::printf("caught=%d registers=%s\n", caught, ok ? "ok" : "CORRUPTED");
  return ok ? 0 : 1;
}

int main(int argc, char **) {
  // Without a throw the irc code returns normally (checks the calls themselves).
  Ctx plain{identity, {1.0, 2.0, 3.0}};
  int64_t r = irc_outer(&plain, 0);
  std::printf("plain=%lld\n", static_cast<long long>(r));
  return run(argc + 41);
}
