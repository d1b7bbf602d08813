#!/usr/bin/python3
"""scikit-learn side of the lasso-path benchmark: lasso_path on glmnet's lambda grid.

scikit-learn does not standardize, so X is standardized first (1/n variance, as glmnet)
and y centred; the coefficients are mapped back to the original scale. The standardizing
is not timed. Its default tol (1e-4) is used and its accuracy against glmnet's tight fit
reported, so that "equal accuracy" can be judged.
Usage: sklearn_path.py DIR [REPS]
"""
import csv
import json
import sys
import time

import warnings

import numpy as np
import sklearn
from sklearn.linear_model import lasso_path


def main():
    warnings.filterwarnings("ignore")  # ConvergenceWarning at tol=1e-4; the error column reports accuracy
    d = sys.argv[1]
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    designs = json.load(open(f"{d}/designs.json"))["designs"]
    rows = []
    for des in designs:
        name = des["name"]
        X = np.load(f"{d}/{name}.X.npy")
        y = np.load(f"{d}/{name}.y.npy")
        lam = np.loadtxt(f"{d}/{name}.glmnet.lambda", ndmin=1)
        n, p = X.shape
        mean = X.mean(axis=0)
        scale = X.std(axis=0)
        Xs = np.asfortranarray((X - mean) / scale)
        yc = y - y.mean()
        times = []
        for _ in range(reps):
            t0 = time.perf_counter()
            _, coefs, _ = lasso_path(Xs, yc, alphas=lam, tol=1e-4)
            times.append(time.perf_counter() - t0)
            if times[-1] > 2.0:  # slow designs: one run is enough
                break
        beta = coefs / scale[:, None]
        ref = np.fromfile(f"{d}/{name}.glmnet.beta.f64").reshape(len(lam), p).T
        err = max_relative_error(beta, ref)
        rows.append({"name": name, "sklearn_seconds": float(np.median(times)), "sklearn_rel_error": err})
        print(f"sklearn {name:22s} {np.median(times):.4f} s  rel err {err:.2e}", flush=True)
    with open(f"{d}/sklearn_times.csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    with open(f"{d}/sklearn_version.txt", "w") as f:
        f.write(f"scikit-learn {sklearn.__version__}, numpy {np.__version__}\n")


def max_relative_error(beta, ref):
    """Largest over lambdas of ||beta - ref|| / max(||ref||, 1e-3 max_k ||ref_k||): near
    lambda_max the reference is (almost) zero and glmnet keeps a tiny coefficient that
    others return as 0, so the floor keeps that convention split from counting as error."""
    norms = np.linalg.norm(ref, axis=0)
    floor = 1e-3 * norms.max()
    diff = np.linalg.norm(beta - ref, axis=0)
    return float(np.max(diff / np.maximum(norms, floor)))


if __name__ == "__main__":
    main()
