#!/usr/bin/env bash
# Lasso-path benchmark, regkit vs glmnet (R) vs scikit-learn, on the Friedman-Hastie-
# Tibshirani (2010) Table 1 designs, side by side in one run on the same data.
# Needs: r-cran-glmnet, python3-sklearn, and regkit built with -DREGKIT_BUILD_BENCH=ON.
# Usage: bench/lasso/run.sh [WORKDIR] [--quick]
set -euo pipefail
cd "$(dirname "$0")/../.."
work=${1:-/tmp/regkit-lasso-bench}
quick=${2:-}
mkdir -p "$work"
bench=build/bench/lasso_path_bench
[ -x "$bench" ] || { echo "build the benchmarks first: cmake -B build -DREGKIT_BUILD_BENCH=ON && cmake --build build" >&2; exit 2; }
echo "== data"; /usr/bin/python3 bench/lasso/make_fht_data.py "$work" $quick
echo "== glmnet"; Rscript bench/lasso/glmnet_path.R "$work" 5
echo "== scikit-learn"; /usr/bin/python3 bench/lasso/sklearn_path.py "$work" 3
echo "== regkit"; OMP_NUM_THREADS=1 "$bench" "$work" 5
echo "== machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2), $(nproc --all) cores"
cat "$work/glmnet_version.txt" "$work/sklearn_version.txt"
/usr/bin/python3 bench/lasso/report.py "$work" | tee "$work/report.md"
