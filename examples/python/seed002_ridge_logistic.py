#!/usr/bin/python3
"""Seed 002 (blog post "L2 regularization: the art of weight decay") with regkit's
scikit-learn estimators, written as the post writes it: Ridge(alpha=1.0) on 100 x 3
synthetic data and its mean squared error; L2 logistic regression on the same features;
handwritten digits with L2 logistic regression; elastic net; the penalty chosen by
cross-validation (RidgeCV, LassoCV, ElasticNetCV, LogisticRegressionCV), with the lasso and
elastic-net paths drawn. Writes seed002_paths.png and seed002_cv.png.
    /usr/bin/python3 examples/python/seed002_ridge_logistic.py --out out/
"""
import argparse
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from sklearn.metrics import accuracy_score, mean_squared_error  # noqa: E402

import regkit  # noqa: E402
from regkit import ElasticNetCV, LassoCV, Ridge, RidgeCV, enet_path, lasso_path  # noqa: E402

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--out", default=".")
args = parser.parse_args()
os.makedirs(args.out, exist_ok=True)

# 5.1 Ridge: L2-regularized linear regression.
np.random.seed(0)
X = np.random.randn(100, 3)
y = X @ np.array([1.5, -2.0, 1.0]) + np.random.randn(100) * 0.5

ridge_reg = Ridge(alpha=1.0)
ridge_reg.fit(X, y)
y_pred = ridge_reg.predict(X)
mse = mean_squared_error(y, y_pred)
print(f"Mean Squared Error: {mse}")
print(f"  coefficients {ridge_reg.coef_}, regkit lambda = alpha / n = {ridge_reg.lambda_}")

# 5.2 L2 logistic regression.
if hasattr(regkit, "LogisticRegression"):
    from regkit import LogisticRegression, LogisticRegressionCV
    np.random.seed(0)
    X = np.random.randn(100, 3)
    y = (X @ np.array([1.5, -2.0, 1.0]) + np.random.randn(100) * 0.5 > 0).astype(int)
    log_reg = LogisticRegression(C=1.0)
    log_reg.fit(X, y)
    print(f"Accuracy: {accuracy_score(y, log_reg.predict(X))}")

    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    digits = load_digits()
    X_train, X_test, y_train, y_test = train_test_split(digits.data / 16.0, digits.target,
                                                        test_size=0.25, random_state=0)
    digits_clf = LogisticRegression(C=1.0, max_iter=1000).fit(X_train, y_train)
    print(f"digits, L2 logistic regression: test accuracy {digits_clf.score(X_test, y_test):.4f}")
    cv_clf = LogisticRegressionCV(Cs=10, cv=5).fit(X, y)
    print(f"LogisticRegressionCV: C_ = {cv_clf.C_}")
else:
    print("(logistic regression is not in this build of regkit)")

# Elastic net and lasso: paths and the penalty by 10-fold cross-validation.
np.random.seed(0)
X = np.random.randn(100, 3)
y = X @ np.array([1.5, -2.0, 1.0]) + np.random.randn(100) * 0.5
ridge_cv = RidgeCV(alphas=np.logspace(-3, 3, 25)).fit(X, y)
print(f"RidgeCV (leave-one-out): alpha_ = {ridge_cv.alpha_:.4g}")
lasso_cv = LassoCV(cv=10).fit(X, y)
print(f"LassoCV: alpha_ = {lasso_cv.alpha_:.4g}, one-SE alpha_1se_ = {lasso_cv.alpha_1se_:.4g}, "
      f"coef {lasso_cv.coef_}")
enet_cv = ElasticNetCV(l1_ratio=[0.1, 0.5, 0.9, 1.0], cv=10).fit(X, y)
print(f"ElasticNetCV: l1_ratio_ = {enet_cv.l1_ratio_}, alpha_ = {enet_cv.alpha_:.4g}")

Xc, yc = X - X.mean(axis=0), y - y.mean()
fig, axes = plt.subplots(1, 2, figsize=(12, 4))
for ax, (name, (alphas, coefs, _)) in zip(axes, (("lasso", lasso_path(Xc, yc)),
                                                 ("elastic net (l1_ratio 0.5)", enet_path(Xc, yc, l1_ratio=0.5)))):
    for j in range(coefs.shape[0]):
        ax.semilogx(alphas, coefs[j], label=f"x{j + 1}")
    ax.invert_xaxis()
    ax.set_title(f"{name} path")
    ax.set_xlabel("alpha (scikit-learn)")
    ax.set_ylabel("coefficient")
    ax.legend()
    ax.grid(True, alpha=0.3)
plt.tight_layout()
plt.savefig(os.path.join(args.out, "seed002_paths.png"), dpi=150, bbox_inches="tight")

fig, ax = plt.subplots(figsize=(6, 4))
mean = lasso_cv.mse_path_.mean(axis=1)
se = lasso_cv.mse_path_.std(axis=1) / np.sqrt(lasso_cv.mse_path_.shape[1])
ax.errorbar(lasso_cv.alphas_, mean, yerr=se, fmt="o", ms=3)
ax.set_xscale("log")
ax.axvline(lasso_cv.alpha_, ls="--", label="alpha_ (min)")
ax.axvline(lasso_cv.alpha_1se_, ls=":", label="alpha_1se_")
ax.set_xlabel("alpha")
ax.set_ylabel("10-fold CV mse")
ax.set_title("LassoCV")
ax.legend()
plt.tight_layout()
plt.savefig(os.path.join(args.out, "seed002_cv.png"), dpi=150, bbox_inches="tight")
print(f"figures written to {os.path.abspath(args.out)}")
