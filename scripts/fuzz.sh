#!/usr/bin/env bash
# Builds the libFuzzer targets (preset "asan": clang, ASan + UBSan, build-asan/, the tree
# scripts/sanitize.sh builds the test suite in, so the library is compiled once) and runs
# one target, or all of them one after the other, for SECONDS each on a single core:
#   bash scripts/fuzz.sh csv 600          bash scripts/fuzz.sh all 10
# Targets: csv libsvm npy idx idx_gz model run_spec. Each starts from its seed corpus
# fuzz/corpus/<target>/ (read only) and grows a working corpus under
# ${REGKIT_FUZZ_WORK:-build-asan/fuzz-work}/<target>/; crashing inputs land in
# ${REGKIT_FUZZ_WORK}/<target>/artifacts/ (copy them into fuzz/regressions/<target>/:
# the test suite replays that folder). Limits: an input may take at most 10 s and
# 1 GiB (-timeout=10 -rss_limit_mb=1024); exit status 1 if any target found something.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: scripts/fuzz.sh TARGET|all SECONDS}
seconds=${2:?usage: scripts/fuzz.sh TARGET|all SECONDS}
all="csv libsvm npy idx idx_gz model run_spec"
[ "$target" = all ] && targets=$all || targets=$target
command -v clang++ > /dev/null || { echo "fuzz.sh: clang++ not found (apt-get install clang libclang-rt-14-dev)" >&2; exit 2; }
if [ -z "${REGKIT_FUZZ_NO_BUILD:-}" ]; then  # set it to run what build-asan/ holds
  [ -f build-asan/CMakeCache.txt ] || cmake --preset asan > /dev/null
  cmake --build build-asan -j "${REGKIT_FUZZ_JOBS:-$(nproc)}" --target fuzzers
fi
work=${REGKIT_FUZZ_WORK:-build-asan/fuzz-work}
# Leaks are findings too; any sanitizer report aborts the run.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
for t in $targets; do
  [ -d "fuzz/corpus/$t" ] || { echo "fuzz.sh: unknown target '$t' (one of: $all)" >&2; exit 2; }
  mkdir -p "$work/$t/corpus" "$work/$t/artifacts"
  dict=(); [ -f "fuzz/dict/$t.dict" ] && dict=(-dict="fuzz/dict/$t.dict")
  echo "== fuzz_$t: $seconds s"
  set +e
  "build-asan/fuzz/fuzz_$t" "${dict[@]}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=1024 \
    -print_final_stats=1 -artifact_prefix="$work/$t/artifacts/" "$work/$t/corpus" "fuzz/corpus/$t" \
    > "$work/$t/last.log" 2>&1
  rc=$?
  set -e
  # The final status line (executions, coverage, features, corpus) and the totals.
  grep -E '^#[0-9]+.*(DONE|pulse)' "$work/$t/last.log" | tail -n 1 || true
  grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$work/$t/last.log" | tr '\n' ' ' || true
  echo
  if [ "$rc" -ne 0 ] || grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|libFuzzer)|runtime error:|deadly signal|Test unit written' "$work/$t/last.log"; then
    grep -E 'ERROR|runtime error|SUMMARY|Test unit written' "$work/$t/last.log" | head -n 5 >&2 || true
    echo "fuzz.sh: fuzz_$t FOUND A PROBLEM (exit $rc): see $work/$t/last.log and $work/$t/artifacts/" >&2
    status=1
  fi
done
exit $status
