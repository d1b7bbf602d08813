#!/usr/bin/python3
"""Compares regkit's digits run (examples/logistic_digits.sh) with scikit-learn on the
same train / test files: regkit's test accuracy from its predicted labels, and
scikit-learn's LogisticRegression (multinomial, L2) with its default C = 1, at regkit's
cross-validated lambda (C = 1 / (lambda n); regkit standardizes the pixels inside the
solver and scikit-learn does not, so the two penalties are not the same model), and with
C chosen by LogisticRegressionCV (5 folds, 10 Cs, log-loss).

    /usr/bin/python3 examples/logistic_digits_compare.py OUT_DIR
"""
import json
import sys
import time

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression, LogisticRegressionCV


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "out/digits"
    train = np.loadtxt(f"{out}/train.csv", delimiter=",")
    test = np.loadtxt(f"{out}/test.csv", delimiter=",")
    X, y = train[:, :-1], train[:, -1]
    Xt, yt = test[:, :-1], test[:, -1]
    regkit_labels = np.loadtxt(f"{out}/regkit_test_labels.csv", delimiter=",", skiprows=1)
    cv = json.load(open(f"{out}/cv.json"))
    lam = cv["cv"]["lambda_min"]
    rows = [("regkit cv (L2, lambda_min = %.3g, standardized; 5-fold CV + refit)" % lam,
             float(np.mean(regkit_labels == yt)), cv["cv"]["cv_seconds"])]

    def fit(name, model):
        start = time.perf_counter()
        model.fit(X, y)
        seconds = time.perf_counter() - start
        rows.append((name, float(np.mean(model.predict(Xt) == yt)), seconds))
        return model

    fit("scikit-learn LogisticRegression() (C = 1)", LogisticRegression(max_iter=10000))
    fit("scikit-learn at regkit's lambda_min (C = %.3g, raw pixels)" % (1 / (lam * len(y))),
        LogisticRegression(C=1 / (lam * len(y)), max_iter=10000))
    m = fit("scikit-learn LogisticRegressionCV (5 folds, log-loss, + refit)",
            LogisticRegressionCV(Cs=10, cv=5, max_iter=10000, scoring="neg_log_loss"))
    print("digits: %d training, %d test images; scikit-learn %s" % (len(y), len(yt), sklearn.__version__))
    print("%-72s %14s %10s" % ("model", "test accuracy", "seconds"))
    for name, acc, sec in rows:
        print("%-72s %14.4f %10.3f" % (name, acc, sec))
    print("LogisticRegressionCV chose C = %.4g" % m.C_[0])


if __name__ == "__main__":
    main()
