#!/usr/bin/env bash
# Installs regkit's Debian dependencies (as root, or through sudo), builds it into build/
# (Release), and installs the Python module for Debian's /usr/bin/python3 (the package
# `regkit` into /usr/local/lib/python3.*/dist-packages, on that interpreter's sys.path;
# REGKIT_NO_PYTHON_INSTALL=1 skips that step). Safe to run again: apt-get skips what is
# installed, ninja what is built.
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
if [ -z "${REGKIT_NO_PYTHON_INSTALL:-}" ] && [ -f build/python/regkit/__init__.py ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  if [ -z "$SUDO" ] || command -v sudo > /dev/null; then
    $SUDO cmake --install build --component python
    (cd / && /usr/bin/python3 -c "import regkit; print('regkit setup: Python module', regkit.__version__, 'at', regkit.__path__[0])")
  else
    echo "regkit setup: not root and no sudo: the Python module stays in build/python (PYTHONPATH=build/python)" >&2
  fi
fi
