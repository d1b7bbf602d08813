#!/usr/bin/python3
"""Friedman, Hastie & Tibshirani (2010), Table 1 designs: Gaussian X with equal pairwise
correlation rho, beta_j = (-1)^j exp(-2(j-1)/20), noise for signal-to-noise ratio 3.

Writes, for each design, NAME.X.npy (float64, Fortran order), NAME.y.npy, and for R the
same arrays as raw little-endian float64 (X column-major): NAME.X.f64, NAME.y.f64.
Usage: make_fht_data.py OUTDIR [--quick]
"""
import json
import sys

import numpy as np

DESIGNS = [(1000, 100), (5000, 100), (100, 1000), (100, 5000), (100, 20000)]
RHOS = [0.0, 0.5, 0.95]


def make(n, p, rho, seed):
    rng = np.random.default_rng(seed)
    # Equal correlation rho: x_ij = sqrt(rho) z_i + sqrt(1 - rho) e_ij.
    z = rng.standard_normal((n, 1))
    X = np.sqrt(rho) * z + np.sqrt(1.0 - rho) * rng.standard_normal((n, p))
    j = np.arange(1, p + 1)
    beta = (-1.0) ** j * np.exp(-2.0 * (j - 1) / 20.0)
    signal = X @ beta
    # SNR = sd(signal) / sd(noise) = 3, as in the paper.
    k = np.std(signal) / 3.0
    y = signal + k * rng.standard_normal(n)
    return np.asfortranarray(X), y


def main():
    out = sys.argv[1]
    quick = "--quick" in sys.argv
    designs = []
    seed = 20100101
    for n, p in DESIGNS:
        for rho in RHOS:
            if quick and (rho != 0.5 or p > 5000):
                continue
            name = f"n{n}_p{p}_rho{rho}"
            X, y = make(n, p, rho, seed)
            seed += 1
            np.save(f"{out}/{name}.X.npy", X)
            np.save(f"{out}/{name}.y.npy", y)
            X.T.astype("<f8").tofile(f"{out}/{name}.X.f64")  # column-major
            y.astype("<f8").tofile(f"{out}/{name}.y.f64")
            designs.append({"name": name, "n": n, "p": p, "rho": rho})
    with open(f"{out}/designs.csv", "w") as f:
        f.write("name,n,p,rho\n")
        for d in designs:
            f.write(f"{d['name']},{d['n']},{d['p']},{d['rho']}\n")
    with open(f"{out}/designs.json", "w") as f:
        json.dump({"numpy": np.__version__, "designs": designs}, f, indent=1)


if __name__ == "__main__":
    main()
