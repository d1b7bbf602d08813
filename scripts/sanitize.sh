#!/usr/bin/env bash
# Builds the test suite and the CLI with AddressSanitizer + UndefinedBehaviorSanitizer
# (preset "asan": clang, build-asan/, -gline-tables-only -fno-omit-frame-pointer; the
# library at -O1, the tests, CLI and fuzz drivers at -O0, which halves their compile time;
# no examples, benchmarks or Python module; the same tree holds the fuzz targets of
# scripts/fuzz.sh) and runs every test under them. Any report fails the run
# (-fno-sanitize-recover=all, halt_on_error). Usage: scripts/sanitize.sh [ctest args]
# Leak reports from uninstrumented third-party libraries (OpenBLAS, the OpenMP runtime,
# PLplot/cairo/fontconfig) are suppressed by sanitize/lsan.supp, frames of those
# libraries only; see the comments there.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${REGKIT_SANITIZE_JOBS:-$(nproc)}
[ -f build-asan/CMakeCache.txt ] || cmake --preset asan > /dev/null
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/sanitize/lsan.supp:print_suppressions=0}
# The crash-consistency test kills its writer 1000 times in the normal suite; under the
# sanitizers (slow process start-up) 200 kills check the same code in a fraction of the time.
export REGKIT_KILL_TEST_COUNT=${REGKIT_KILL_TEST_COUNT:-200}
# The adversarial CLI test runs every case in the normal suite (about 17 s); under the
# sanitizers each run of the CLI starts slowly (about 3 minutes for all), so every fourth
# option case runs here, with every output hazard.
export REGKIT_ADVERSARIAL_EVERY=${REGKIT_ADVERSARIAL_EVERY:-4}
# (test discovery runs the test program at build time, so the options come first)
cmake --build build-asan -j "$jobs" --target regkit_tests regkit-cli regkit_save_loop
# The consumer check installs and builds a separate project: not a sanitizer matter.
ctest --test-dir build-asan --output-on-failure -j "$jobs" --timeout 900 -E installed_package_consumer "$@"
