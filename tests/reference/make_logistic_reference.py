#!/usr/bin/python3
"""Reference optima for regkit's logistic solvers (tests/linear/logistic_reference_test.cpp).

Writes logistic_small_data.csv (binary, n=200, p=8; last column y in {0,1}) and
logistic_reference.json with, for lambda = 1 / (C n):
  l2_no_intercept: liblinear-train -s 0 -c C -e 1e-8 (no -B: Debian's liblinear would
      penalize the bias) and scikit-learn LogisticRegression(C, fit_intercept=False, lbfgs);
  l2_intercept:    scikit-learn LogisticRegression(C, fit_intercept=True, lbfgs), which
      leaves the intercept unpenalized (as regkit);
  l1_no_intercept: liblinear-train -s 6 -c C -e 1e-8 (newGLMNET).
Objectives are evaluated here in regkit's form (1/n) sum log(1 + exp(-y' eta)) +
lambda * penalty, from each peer's coefficients. Run: /usr/bin/python3 make_logistic_reference.py
"""
import json, os, subprocess, tempfile
import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression

here = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20240611)
n, p = 200, 8
X = rng.normal(size=(n, p)) * np.array([1, 2, 0.5, 1, 3, 1, 1, 0.2])
X[:, 3] += 0.5 * X[:, 0]
beta = np.array([1.5, -0.8, 0, 0, 0.4, 0, -1.0, 2.0])
eta = 0.3 + X @ beta
y = (rng.uniform(size=n) < 1 / (1 + np.exp(-eta))).astype(int)
np.savetxt(os.path.join(here, "logistic_small_data.csv"), np.column_stack([X, y]), delimiter=",",
           header=",".join([f"x{j}" for j in range(p)] + ["y"]), comments="", fmt="%.17g")

def objective(w, b, lam, l1):
    z = b + X @ w
    ys = 2 * y - 1
    loss = np.mean(np.logaddexp(0, -ys * z))
    pen = lam * np.sum(np.abs(w)) if l1 else 0.5 * lam * np.sum(w * w)
    return float(loss + pen)

def liblinear(solver, C):
    with tempfile.TemporaryDirectory() as d:
        data, model = os.path.join(d, "train.txt"), os.path.join(d, "model.txt")
        with open(data, "w") as f:
            for i in range(n):
                f.write(("+1" if y[i] == 1 else "-1") + " " +
                        " ".join(f"{j + 1}:{X[i, j]:.17g}" for j in range(p)) + "\n")
        subprocess.run(["liblinear-train", "-s", str(solver), "-c", repr(C), "-e", "1e-8", data, model],
                       check=True, capture_output=True)
        lines = open(model).read().split("\n")
        labels = [l for l in lines if l.startswith("label")][0].split()[1:]
        start = lines.index("w") + 1
        w = np.array([float(lines[start + j].split()[0]) for j in range(p)])
        return w if labels[0] == "1" else -w

def version(cmd):
    out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", cmd], capture_output=True, text=True)
    return out.stdout

C = 0.05
lam = 1.0 / (C * n)
ref = {"versions": {"liblinear-tools": version("liblinear-tools"), "sklearn": sklearn.__version__,
                    "numpy": np.__version__},
       "C": C, "n": n, "lambda": lam}
w_ll = liblinear(0, C)
sk = LogisticRegression(C=C, fit_intercept=False, tol=1e-12, max_iter=100000).fit(X, y)
ref["l2_no_intercept"] = {"liblinear_objective": objective(w_ll, 0, lam, False),
                          "liblinear_coef": w_ll.tolist(),
                          "sklearn_objective": objective(sk.coef_[0], 0, lam, False),
                          "sklearn_coef": sk.coef_[0].tolist()}
ski = LogisticRegression(C=C, fit_intercept=True, tol=1e-12, max_iter=100000).fit(X, y)
ref["l2_intercept"] = {"sklearn_objective": objective(ski.coef_[0], ski.intercept_[0], lam, False),
                       "sklearn_coef": ski.coef_[0].tolist(),
                       "sklearn_intercept": float(ski.intercept_[0])}
w_l1 = liblinear(6, C)
ref["l1_no_intercept"] = {"liblinear_objective": objective(w_l1, 0, lam, True),
                          "liblinear_coef": w_l1.tolist()}
with open(os.path.join(here, "logistic_reference.json"), "w") as f:
    json.dump(ref, f, indent=1)
print(json.dumps(ref, indent=1))
