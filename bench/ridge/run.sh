#!/usr/bin/env bash
# Ridge over 100 lambdas (one SVD) vs one numpy.linalg.svd of the same X, side by side
# on the FHT designs made by bench/lasso/make_fht_data.py, same thread settings.
# Usage: bench/ridge/run.sh [WORKDIR]   (needs -DREGKIT_BUILD_BENCH=ON and python3-numpy)
set -euo pipefail
cd "$(dirname "$0")/../.."
work=${1:-/tmp/regkit-lasso-bench}
[ -f "$work/designs.json" ] || /usr/bin/python3 bench/lasso/make_fht_data.py "$work"
threads=${THREADS:-1}
export OMP_NUM_THREADS=$threads OPENBLAS_NUM_THREADS=$threads
args=(); xs=()
for rho in 0.5; do
  for np in n1000_p100 n5000_p100 n100_p1000 n100_p5000 n100_p20000; do
    args+=("$work/${np}_rho$rho.X.npy" "$work/${np}_rho$rho.y.npy"); xs+=("$work/${np}_rho$rho.X.npy")
  done
done
build/bench/ridge_path_bench 5 "${args[@]}" > "$work/ridge_regkit.csv"
/usr/bin/python3 bench/ridge/numpy_svd.py 5 "${xs[@]}" > "$work/ridge_numpy.csv"
/usr/bin/python3 - "$work" "$threads" <<'PY'
import csv, sys
d, threads = sys.argv[1], sys.argv[2]
r = {row["name"]: row for row in csv.DictReader(open(f"{d}/ridge_regkit.csv"))}
s = {row["name"]: row for row in csv.DictReader(open(f"{d}/ridge_numpy.csv"))}
print(f"threads: {threads} (OMP_NUM_THREADS = OPENBLAS_NUM_THREADS)")
print("| X (n x p) | regkit ridge path, 100 lambdas, s | numpy thin SVD, s | ratio | extra peak memory, MB |")
print("|---|---:|---:|---:|---:|")
for name, row in r.items():
    rt, st = float(row["regkit_seconds"]), float(s[name]["numpy_svd_seconds"])
    print(f"| {row['n']} x {row['p']} | {rt:.4f} | {st:.4f} | {rt / st:.2f} | {row['extra_peak_mb']} |")
PY
