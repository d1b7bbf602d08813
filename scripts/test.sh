#!/usr/bin/env bash
# Runs the whole test suite (GoogleTest through CTest, plus the installed-package
# consumer check) on the build made by scripts/setup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
ctest --test-dir build --output-on-failure -j "$(nproc)" --timeout 900
