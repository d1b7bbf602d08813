#!/usr/bin/env bash
# Installs regkit's Debian dependencies (as root, or through sudo) and builds it into
# build/ (Release). Safe to run again: apt-get skips what is installed, ninja what is built.
set -euo pipefail
cd "$(dirname "$0")/.."
packages=$(grep -v '^#' scripts/packages.txt | tr '\n' ' ')
missing=""
for p in $packages; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"; done
if [ -n "${missing// /}" ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "regkit setup: installing $missing" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release ${REGKIT_CMAKE_ARGS:-}
cmake --build build -j "$(nproc)"
