// factorial-main.c: a C caller for factorial.ir, linked with irc's object by
// scripts/demo.sh. %factorial is declared system_v, the C calling convention.
#include <inttypes.h>
#include <stdio.h>

int64_t factorial(int64_t n);

int main(void) {
  for (int64_t n = 0; n <= 20; n += 5)
    printf("factorial(%" PRId64 ") = %" PRId64 "\n", n, factorial(n));
  return 0;
}
