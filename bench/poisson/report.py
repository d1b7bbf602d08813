"""Report of the Poisson-path benchmark (bench/poisson/run.sh): time ratios and, at every
lambda of glmnet's grid, glmnet's objective
    -1/n sum (y_i eta_i - exp(eta_i)) + lambda * sum_j s_j |beta_j|
(s_j the 1/n standard deviations: glmnet's penalty on standardized coefficients) for
both fits, computed here from the coefficients each wrote. Usage: report.py DIR"""
import csv
import os
import sys

import numpy as np

d = sys.argv[1]
times = {src: {r["name"]: r for r in csv.DictReader(open(os.path.join(d, f"{src}_times.csv")))}
         for src in ("glmnet", "regkit")}
print("| design | n x p | lambdas | glmnet s | regkit s | ratio | max (obj_regkit - obj_glmnet) / |obj| | lambdas where regkit's objective is higher |")
print("|---|---|---|---|---|---|---|---|")
for row in csv.DictReader(open(os.path.join(d, "designs.csv"))):
    name, n, p = row["name"], int(row["n"]), int(row["p"])
    X = np.fromfile(os.path.join(d, name + ".X.f64")).reshape((p, n)).T
    y = np.fromfile(os.path.join(d, name + ".y.f64"))
    lam = np.loadtxt(os.path.join(d, name + ".glmnet.lambda"), ndmin=1)
    L = len(lam)
    s = X.std(axis=0)
    obj = {}
    for src in ("glmnet", "regkit"):
        B = np.fromfile(os.path.join(d, f"{name}.{src}.beta.f64")).reshape((L, p)).T
        a0 = np.loadtxt(os.path.join(d, f"{name}.{src}.a0"), ndmin=1)
        eta = X @ B + a0
        obj[src] = -(y[:, None] * eta - np.exp(eta)).mean(axis=0) + lam * (np.abs(B) * s[:, None]).sum(axis=0)
    rel = (obj["regkit"] - obj["glmnet"]) / np.abs(obj["glmnet"])
    tg, tr = float(times["glmnet"][name]["seconds"]), float(times["regkit"][name]["seconds"])
    worse = int((rel > 1e-12).sum())
    print(f"| {name} | {n} x {p} | {L} | {tg:.3f} | {tr:.3f} | {tr / tg:.2f}x | {rel.max():.2e} | {worse} |")
