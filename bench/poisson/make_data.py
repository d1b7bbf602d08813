"""Designs for the Poisson-path benchmark (bench/poisson/run.sh): tall, wide and
correlated Gaussian X, counts y ~ Poisson(exp(0.5 + X beta)) with 10 nonzero
coefficients, written as DIR/NAME.X.f64 (column-major), DIR/NAME.y.f64 and
DIR/designs.csv. Usage: make_data.py DIR [--quick]"""
import os
import sys

import numpy as np

out = sys.argv[1]
quick = "--quick" in sys.argv
designs = [  # name, n, p, correlation between columns
    ("tall", 20000, 100, 0.0),
    ("wide", 500, 5000, 0.0),
    ("correlated", 5000, 500, 0.8),
]
if quick:
    designs = [(name, max(n // 10, 200), max(p // 10, 20), rho) for name, n, p, rho in designs]
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(2026)
with open(os.path.join(out, "designs.csv"), "w") as f:
    f.write("name,n,p,rho\n")
    for name, n, p, rho in designs:
        z = rng.standard_normal((n, p))
        X = np.sqrt(1 - rho) * z + np.sqrt(rho) * rng.standard_normal((n, 1)) if rho > 0 else z
        beta = np.zeros(p)
        beta[:10] = rng.choice([-1, 1], 10) * rng.uniform(0.05, 0.25, 10)
        y = rng.poisson(np.exp(0.5 + X @ beta)).astype(np.float64)
        np.asfortranarray(X).T.tofile(os.path.join(out, name + ".X.f64"))  # column-major
        y.tofile(os.path.join(out, name + ".y.f64"))
        f.write(f"{name},{n},{p},{rho}\n")
print("designs:", ", ".join(f"{d[0]} {d[1]}x{d[2]}" for d in designs))
