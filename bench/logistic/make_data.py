#!/usr/bin/python3
"""Data for the logistic benchmark (bench/logistic/run.sh), written to WORKDIR:
  dense: n = 10,000, p = 1,000, X ~ N(0, 1) rounded to 5 decimals (so the LIBSVM text and
         the binary copy hold the same doubles), 50 informative features, y ~ Bernoulli.
         dense.svm (LIBSVM, labels +1/-1, ~114 MB), dense_X.f64 (column-major float64),
         dense_y.f64 (0/1).
  sparse: n = 50,000, p = 100,000, density 0.1 % (5,000,000 nonzeros, N(0, 1) values rounded
         to 5 decimals), 1,000 informative features: sparse.svm.
Usage: make_data.py WORKDIR [--quick]   (--quick: a tenth of the sizes, for a smoke run)
"""
import os, sys
import numpy as np

work = sys.argv[1]
quick = "--quick" in sys.argv
os.makedirs(work, exist_ok=True)
rng = np.random.default_rng(2024)

def write_svm(path, y, rows):
    with open(path, "w") as f:
        for yi, (idx, val) in zip(y, rows):
            f.write(("+1 " if yi == 1 else "-1 ") +
                    " ".join(f"{j + 1}:{v:.5f}" for j, v in zip(idx.tolist(), val.tolist())) + "\n")

# dense
n, p, k = (1000, 100, 10) if quick else (10000, 1000, 50)
X = np.round(rng.normal(size=(n, p)) * 1e5) / 1e5   # k / 1e5: the double strtod gives back
beta = np.zeros(p)
informative = rng.choice(p, k, replace=False)
beta[informative] = rng.normal(size=k) * 2.0 / np.sqrt(k)
y = (rng.uniform(size=n) < 1 / (1 + np.exp(-(X @ beta)))).astype(np.int64)
np.asfortranarray(X).T.tofile(os.path.join(work, "dense_X.f64"))  # column-major
y.astype(np.float64).tofile(os.path.join(work, "dense_y.f64"))
all_idx = np.arange(p)
write_svm(os.path.join(work, "dense.svm"), y, ((all_idx, X[i]) for i in range(n)))

# sparse
n, p, k = (5000, 10000, 100) if quick else (50000, 100000, 1000)
nnz_row = p // 1000
beta = np.zeros(p)
informative = rng.choice(p, k, replace=False)
beta[informative] = rng.normal(size=k) * 3.0
rows, ys = [], []
for i in range(n):
    idx = np.sort(rng.choice(p, nnz_row, replace=False))
    val = np.round(rng.normal(size=nnz_row) * 1e5) / 1e5
    rows.append((idx, val))
    ys.append(int(rng.uniform() < 1 / (1 + np.exp(-(val @ beta[idx])))))
write_svm(os.path.join(work, "sparse.svm"), ys, rows)
with open(os.path.join(work, "data_info.txt"), "w") as f:
    f.write(f"numpy {np.__version__}; quick={quick}\n")
print("data written to", work)
