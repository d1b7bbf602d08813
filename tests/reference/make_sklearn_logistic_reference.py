#!/usr/bin/python3
"""scikit-learn reference values for regkit's logistic tools (issue 3).

1. Classification metrics (select::class_score): seeded probabilities and labels, with and
   without sample weights, binomial (with tied scores) and 4-class, scored by
   sklearn.metrics.log_loss, accuracy_score and roc_auc_score (multinomial: one-vs-rest,
   macro average). regkit's deviance is 2 x log_loss.
2. Seed 002's L2 logistic regression: the seed's data
       np.random.seed(0); X = np.random.randn(100, 3)
       y = (X @ [1.5, -2.0, 1.0] + np.random.randn(100) * 0.5 > 0)
   (the same draws as seed002_ridge.csv, whose y is the linear predictor plus noise, so
   the labels are y > 0 there), written to seed002_logistic.csv, and
   LogisticRegression() (C = 1.0, L2) fitted to full precision (solver newton-cholesky).
3. A 3-class problem (logistic_3class.csv) and LogisticRegression(C=0.5, multinomial,
   newton-cg with tol 1e-12).

Everything goes to sklearn_logistic_reference.json with the library versions.
Run from anywhere:  /usr/bin/python3 tests/reference/make_sklearn_logistic_reference.py
"""
import json
import os
import platform

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, log_loss, roc_auc_score

HERE = os.path.dirname(os.path.abspath(__file__))


def write_csv(path, X, y):
    with open(path, "w") as f:
        f.write(",".join([f"x{j + 1}" for j in range(X.shape[1])] + ["y"]) + "\n")
        for row, label in zip(X, y):
            f.write(",".join(f"{v:.17g}" for v in row) + f",{int(label)}\n")


def metric_cases():
    rng = np.random.RandomState(42)
    cases = []
    # binomial, scores rounded to one decimal so that ties occur
    n = 40
    p1 = np.round(rng.uniform(0.02, 0.98, n), 1)
    codes = (rng.uniform(size=n) < p1).astype(int)
    weights = rng.uniform(0.2, 3.0, n)
    proba = np.column_stack([1 - p1, p1])
    for w in (None, weights):
        cases.append({
            "codes": codes.tolist(), "proba": proba.tolist(),
            "weights": [] if w is None else w.tolist(),
            "log_loss": log_loss(codes, proba, sample_weight=w, labels=[0, 1]),
            "accuracy": accuracy_score(codes, proba.argmax(axis=1), sample_weight=w),
            "auc": roc_auc_score(codes, p1, sample_weight=w),
        })
    # 4 classes
    n = 60
    logits = rng.normal(size=(n, 4)) * 1.5
    proba = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    codes = np.array([rng.choice(4, p=row) for row in proba])
    weights = rng.uniform(0.2, 3.0, n)
    for w in (None, weights):
        cases.append({
            "codes": codes.tolist(), "proba": proba.tolist(),
            "weights": [] if w is None else w.tolist(),
            "log_loss": log_loss(codes, proba, sample_weight=w, labels=[0, 1, 2, 3]),
            "accuracy": accuracy_score(codes, proba.argmax(axis=1), sample_weight=w),
            "auc": roc_auc_score(codes, proba, sample_weight=w, multi_class="ovr", average="macro"),
        })
    return cases


def main():
    np.random.seed(0)
    X = np.random.randn(100, 3)
    y = (X @ np.array([1.5, -2.0, 1.0]) + np.random.randn(100) * 0.5 > 0).astype(int)
    write_csv(os.path.join(HERE, "seed002_logistic.csv"), X, y)
    # The seed's LogisticRegression() objective, solved exactly: newton-cholesky (lbfgs stops
    # with a gradient near 1e-4 even at tol=1e-12).
    seed = LogisticRegression(C=1.0, tol=1e-14, max_iter=1000, solver="newton-cholesky").fit(X, y)

    rng = np.random.RandomState(7)
    X3 = rng.normal(size=(150, 4))
    W = np.array([[2.0, -1.0, 0.0], [0.0, 1.5, -1.5], [-1.0, 0.0, 1.0], [0.0, 0.0, 0.0]])
    y3 = np.argmax(X3 @ W + rng.gumbel(size=(150, 3)), axis=1)
    write_csv(os.path.join(HERE, "logistic_3class.csv"), X3, y3)
    multi = LogisticRegression(C=0.5, tol=1e-12, max_iter=1000, multi_class="multinomial",
                               solver="newton-cg").fit(X3, y3)

    out = {
        "versions": {"python": platform.python_version(), "numpy": np.__version__,
                     "sklearn": sklearn.__version__},
        "metrics": metric_cases(),
        "seed002_logistic": {"C": 1.0, "n": 100, "coef": seed.coef_[0].tolist(),
                             "intercept": float(seed.intercept_[0]),
                             "accuracy": accuracy_score(y, seed.predict(X))},
        "three_class": {"C": 0.5, "n": 150, "coef": multi.coef_.tolist(),
                        "intercept": multi.intercept_.tolist(),
                        "proba_first_rows": multi.predict_proba(X3[:3]).tolist()},
    }
    with open(os.path.join(HERE, "sklearn_logistic_reference.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
