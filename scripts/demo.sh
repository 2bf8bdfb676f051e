#!/usr/bin/env bash
# A first look at irc on a fresh machine: installs what is missing, builds the release tree
# in build/, then verifies, prints, compiles (x86_64), links and runs the factorial example.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${IRC_BUILD_DIR:-$root/build}
example=testdata/examples/factorial.ir

"$root/scripts/setup.sh"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DIRC_WERROR=ON >/dev/null
cmake --build "$build" -j "$(nproc)"
irc=$build/tools/irc/irc
cd "$root"

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

step irc verify "$example"
"$irc" verify "$example" && echo "(no output: every function verified)"

step irc print "$example"
"$irc" print "$example"

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
step irc compile "$example" --target x86_64 -o factorial.o
"$irc" compile "$example" --target x86_64 -o "$out/factorial.o"
step cc testdata/examples/factorial-main.c factorial.o -o factorial
cc testdata/examples/factorial-main.c "$out/factorial.o" -o "$out/factorial"
step ./factorial
"$out/factorial"
