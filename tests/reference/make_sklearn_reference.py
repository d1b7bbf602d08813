#!/usr/bin/python3
"""scikit-learn reference values for regkit's convention tests (seed experiment 002).

Generates seed 002's data exactly as the seed does:
    np.random.seed(0); X = np.random.randn(100, 3)
    y = X @ [1.5, -2.0, 1.0] + np.random.randn(100) * 0.5
writes it to seed002_ridge.csv (header x1,x2,x3,y; 17 significant digits, so the C++
test reads back the same doubles), fits Ridge(alpha=1.0), Lasso(alpha=0.1) and
ElasticNet(alpha=0.1, l1_ratio=0.5) with tight tolerances, and writes coefficients,
intercepts and the library versions to sklearn_reference.json.

Run from anywhere:  /usr/bin/python3 tests/reference/make_sklearn_reference.py
"""
import json
import os
import platform

import numpy as np
import sklearn
from sklearn.linear_model import ElasticNet, Lasso, Ridge

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    np.random.seed(0)
    X = np.random.randn(100, 3)
    y = X @ np.array([1.5, -2.0, 1.0]) + np.random.randn(100) * 0.5

    with open(os.path.join(HERE, "seed002_ridge.csv"), "w") as f:
        f.write("x1,x2,x3,y\n")
        for row, target in zip(X, y):
            f.write(",".join(repr(float(v)) for v in (*row, target)) + "\n")

    models = {
        "ridge": (Ridge(alpha=1.0, solver="cholesky"), {"alpha": 1.0}),
        "lasso": (Lasso(alpha=0.1, tol=1e-12, max_iter=1_000_000), {"alpha": 0.1}),
        "elastic_net": (
            ElasticNet(alpha=0.1, l1_ratio=0.5, tol=1e-12, max_iter=1_000_000),
            {"alpha": 0.1, "l1_ratio": 0.5},
        ),
    }
    out = {
        "data": "seed002_ridge.csv",
        "n_samples": int(X.shape[0]),
        "versions": {
            "sklearn": sklearn.__version__,
            "numpy": np.__version__,
            "python": platform.python_version(),
        },
        "objectives": {
            "ridge": "||y - Xw - b||^2 + alpha ||w||^2",
            "lasso": "1/(2n) ||y - Xw - b||^2 + alpha ||w||_1",
            "elastic_net": "1/(2n) ||y - Xw - b||^2 + alpha l1_ratio ||w||_1"
                           " + alpha (1 - l1_ratio)/2 ||w||^2",
        },
        "fits": {},
    }
    for name, (model, params) in models.items():
        model.fit(X, y)
        out["fits"][name] = {
            "params": params,
            "coef": [float(c) for c in model.coef_],
            "intercept": float(model.intercept_),
        }
    with open(os.path.join(HERE, "sklearn_reference.json"), "w") as f:
        json.dump(out, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
