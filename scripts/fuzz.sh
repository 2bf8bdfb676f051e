#!/usr/bin/env bash
# Builds the libFuzzer target (clang 14, ASan+UBSan) in build-fuzz/ and fuzzes the
# parser, verifier and printer for a bounded time.
#   scripts/fuzz.sh [SECONDS]   default 60
# New interesting inputs go to build-fuzz/fuzz-corpus (fuzz/corpus holds the seeds and is
# only read); a crash is saved as fuzz/crash-<sha1> and makes the script fail.
# IRC_FUZZ_BUILD_DIR chooses another build directory.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
seconds=${1:-60}
if ! [[ "$seconds" =~ ^[0-9]+$ ]]; then
  echo "fuzz.sh: SECONDS must be a whole number, not '$seconds'" >&2
  exit 2
fi
build=${IRC_FUZZ_BUILD_DIR:-$root/build-fuzz}

"$root/scripts/setup.sh"
CC=clang-14 CXX=clang++-14 cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DIRC_FUZZ=ON -DIRC_BUILD_TESTS=OFF -DIRC_WERROR=ON >/dev/null
cmake --build "$build" -j "$(nproc)" --target ParseVerifyFuzzer

work=$build/fuzz-corpus
mkdir -p "$work"
log=$build/fuzz.log
echo "fuzz.sh: fuzzing for $seconds s (log: $log)"
status=0
"$build/fuzz/ParseVerifyFuzzer" -max_total_time="$seconds" -print_final_stats=1 \
  -dict="$root/fuzz/clif.dict" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$root/fuzz/" "$work" "$root/fuzz/corpus" >"$log" 2>&1 || status=$?
executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
echo "fuzz.sh: ${executions:-?} executions, corpus $(find "$work" -type f | wc -l) inputs"
if ((status != 0)); then
  grep -E 'ERROR|SUMMARY|Test unit written' "$log" | head -20 >&2 || true
  echo "fuzz.sh: the fuzzer failed (exit $status); see $log" >&2
  exit 1
fi
