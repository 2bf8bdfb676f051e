#!/usr/bin/env bash
# Installs the Debian 12 packages irc needs to build and test. Idempotent: when everything
# is present it only asks dpkg (well under a second) and installs nothing.
set -euo pipefail

packages=(
  cmake ninja-build g++ python3          # build
  clang clang-14 libclang-rt-14-dev      # fuzzing (libFuzzer, sanitizers)
  llvm-19 llvm-19-dev libzstd-dev zlib1g-dev  # LLVM MC for object files (llvm-mc-19, llvm-objdump-19)
  libcli11-dev libspdlog-dev catch2      # libraries
  qemu-user                              # running s390x tests
  gcc-s390x-linux-gnu g++-s390x-linux-gnu libc6-dev-s390x-cross binutils-s390x-linux-gnu
)

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
  [[ "$status" == installed ]] || missing+=("$package")
done

if ((${#missing[@]} == 0)); then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

echo "setup: installing ${missing[*]}"
sudo=()
if [[ $(id -u) != 0 ]]; then
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update
"${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
