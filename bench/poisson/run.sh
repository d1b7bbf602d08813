#!/usr/bin/env bash
# Poisson-path benchmark, regkit vs glmnet (R), side by side in one run on the same data:
# glmnet's default lasso path (family "poisson") and regkit's on glmnet's lambdas, both
# single-threaded; the report compares times and glmnet's objective at every lambda.
# Needs: r-cran-glmnet and regkit built with -DREGKIT_BUILD_BENCH=ON.
# Usage: bench/poisson/run.sh [WORKDIR] [--quick]
set -euo pipefail
cd "$(dirname "$0")/../.."
work=${1:-/tmp/regkit-poisson-bench}
quick=${2:-}
mkdir -p "$work"
bench=build/bench/poisson_path_bench
[ -x "$bench" ] || { echo "build the benchmarks first: cmake -B build -DREGKIT_BUILD_BENCH=ON && cmake --build build" >&2; exit 2; }
echo "== data"; /usr/bin/python3 bench/poisson/make_data.py "$work" $quick
echo "== glmnet"; OMP_NUM_THREADS=1 Rscript bench/poisson/glmnet_path.R "$work" 5
echo "== regkit"; OMP_NUM_THREADS=1 "$bench" "$work" 5
echo "== machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2), $(nproc --all) cores"
cat "$work/glmnet_version.txt"
/usr/bin/python3 bench/poisson/report.py "$work" | tee "$work/report.md"
