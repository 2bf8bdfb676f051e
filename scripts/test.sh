#!/usr/bin/env bash
# Builds irc and runs the whole test suite (ctest).
#   scripts/test.sh              release tree (RelWithDebInfo, -Werror) in build/
#   scripts/test.sh --sanitize   ASan+UBSan tree (asserts on) in build-asan/
# IRC_BUILD_DIR / IRC_ASAN_BUILD_DIR choose other build directories.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
sanitize=0
for arg in "$@"; do
  case "$arg" in
    --sanitize) sanitize=1 ;;
    -h | --help)
      sed -n '2,5s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
      exit 0
      ;;
    *)
      echo "test.sh: unknown argument '$arg' (try --help)" >&2
      exit 2
      ;;
  esac
done

"$root/scripts/setup.sh"

if ((sanitize)); then
  build=${IRC_ASAN_BUILD_DIR:-$root/build-asan}
  # -O1 without NDEBUG: asserts stay on, and the tree is still quick to test. -g1 (line
  # tables) is all a sanitizer report needs, and compiles 40% faster than -g.
  config=(-DIRC_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1"
          "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 -g1")
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:strict_string_checks=1}
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
else
  build=${IRC_BUILD_DIR:-$root/build}
  # Line tables only (-g1): backtraces and profiles keep file:line, the build is a quarter
  # faster than with -g. Configure a tree of your own for full debug info.
  config=(-DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG"
          "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG")
fi

start=$SECONDS
cmake -S "$root" -B "$build" -G Ninja -DIRC_WERROR=ON "${config[@]}" >/dev/null
cmake --build "$build" -j "$(nproc)"
(cd "$build" && ctest --output-on-failure -j2)
echo "test.sh: $( ((sanitize)) && echo sanitizer || echo release) tests passed in $((SECONDS - start)) s ($build)"
