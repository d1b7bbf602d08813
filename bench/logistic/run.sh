#!/usr/bin/env bash
# Logistic-regression benchmark, regkit vs liblinear-train (Debian liblinear-tools 2.30),
# scikit-learn 1.2.1 and glmnet 4.1-6 (R), side by side in one run on the same data,
# compared at equal objective (1e-6 relative; logistic_bench evaluates every solution with
# one formula). Needs regkit built with -DREGKIT_BUILD_BENCH=ON.
# Usage: bench/logistic/run.sh [WORKDIR] [--quick]
set -euo pipefail
cd "$(dirname "$0")/../.."
work=${1:-/tmp/regkit-logit-bench}
quick=${2:-}
mkdir -p "$work"
bench=build/bench/logistic_bench
[ -x "$bench" ] || { echo "build the benchmarks first: cmake -B build -DREGKIT_BUILD_BENCH=ON && cmake --build build" >&2; exit 2; }
[ -f "$work/dense.svm" ] || { echo "== data"; /usr/bin/python3 bench/logistic/make_data.py "$work" $quick; }
rm -f "$work/peer_times.csv" "$work/results.csv"
# One thread for every solver (BLAS, OpenMP): CPU times are then comparable and steady on a
# shared machine; set THREADS=2 to let regkit and the BLAS-based peers use two.
export OMP_NUM_THREADS=${THREADS:-1} OPENBLAS_NUM_THREADS=${THREADS:-1}
echo "== load: $(uptime)"
echo "== liblinear + scikit-learn"; /usr/bin/python3 bench/logistic/peers.py "$work"
echo "== glmnet"; Rscript bench/logistic/glmnet_path.R "$work" 1
echo "== regkit"; "$bench" "$work" 3
echo "== machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2), $(nproc --all) cores; load: $(uptime)"
cat "$work/peer_versions.txt"
/usr/bin/python3 bench/logistic/report.py "$work" | tee "$work/report.md"
