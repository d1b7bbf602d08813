"""LogisticRegression(CV) against scikit-learn's on the same data: coefficients within 1e-6
relative (in norm) when both solve tightly (scikit-learn's newton-cg for L2, liblinear /
saga for L1 and elastic net)."""
import warnings

import numpy as np
import pytest
import scipy.sparse as sp
import sklearn.linear_model as skl

import regkit

pytestmark = pytest.mark.skipif(not hasattr(regkit, "LogisticRegression"),
                                reason="this build has no logistic solver")
RTOL = 1e-6


def close(a, b, rtol=RTOL):
    a, b = np.asarray(a, float), np.asarray(b, float)
    err = np.linalg.norm(a - b) / max(np.linalg.norm(b), 1e-300)
    assert err <= rtol, f"relative error {err:.3g}"


def data(rng, n=200, p=8, k=2, sparse=False):
    X = rng.standard_normal((n, p))
    if sparse:
        X[rng.random((n, p)) > 0.4] = 0.0
    W = rng.standard_normal((p, k))
    y = np.argmax(X @ W + rng.gumbel(size=(n, k)), axis=1)
    return (sp.csc_matrix(X) if sparse else X), y


@pytest.mark.parametrize("sparse", [False, True])
@pytest.mark.parametrize("k", [2, 3])
def test_l2_equals_sklearn(rng, sparse, k):
    X, y = data(rng, k=k, sparse=sparse)
    labels = np.array(["cat", "dog", "emu"])[y]
    sw = rng.uniform(0.5, 2.0, len(y))
    # scikit-learn's newton-cg is slow on sparse X at tight tol: fewer cases there.
    for C in ((1.0,) if sparse else (0.05, 1.0, 20.0)):
        for weights in ((sw,) if sparse else (None, sw)):
            ours = regkit.LogisticRegression(C=C, tol=1e-10, max_iter=1000).fit(X, labels, sample_weight=weights)
            ref = skl.LogisticRegression(C=C, solver="newton-cg", tol=1e-12, max_iter=1000).fit(
                X, labels, sample_weight=weights)
            assert list(ours.classes_) == list(ref.classes_)
            assert ours.coef_.shape == ref.coef_.shape
            close(ours.coef_, ref.coef_)
            close(ours.intercept_, ref.intercept_ - (ref.intercept_.mean() if k > 2 else 0.0))
            np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X), rtol=1e-6, atol=1e-9)
            assert (ours.predict(X) == ref.predict(X)).mean() > 0.99


def test_class_weight_balanced_equals_sklearn(rng):
    X, y = data(rng)
    y[:150] = 0
    ours = regkit.LogisticRegression(C=0.5, class_weight="balanced", tol=1e-10).fit(X, y)
    ref = skl.LogisticRegression(C=0.5, class_weight="balanced", solver="newton-cg", tol=1e-12).fit(X, y)
    close(ours.coef_, ref.coef_)


def test_l1_without_intercept_equals_liblinear(rng):
    X, y = data(rng)
    for C in (0.05, 0.5):
        ours = regkit.LogisticRegression(penalty="l1", C=C, fit_intercept=False, tol=1e-10,
                                         max_iter=1000).fit(X, y)
        ref = skl.LogisticRegression(penalty="l1", C=C, fit_intercept=False, solver="liblinear",
                                     tol=1e-10, max_iter=100000).fit(X, y)
        close(ours.coef_, ref.coef_, rtol=1e-5)
        assert set(np.flatnonzero(ours.coef_)) == set(np.flatnonzero(np.abs(ref.coef_) > 1e-10))


def test_elastic_net_equals_saga(rng):
    X, y = data(rng, n=80, p=4)  # small: saga converges linearly
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = skl.LogisticRegression(penalty="elasticnet", l1_ratio=0.5, C=0.3, solver="saga",
                                     tol=1e-12, max_iter=50000).fit(X, y)
    ours = regkit.LogisticRegression(penalty="elasticnet", l1_ratio=0.5, C=0.3, tol=1e-10,
                                     max_iter=1000).fit(X, y)
    close(ours.coef_, ref.coef_, rtol=1e-5)
    close(ours.intercept_, ref.intercept_, rtol=1e-5)


def test_logistic_cv_equals_sklearn(rng):
    X, y = data(rng, n=150, p=6)
    ours = regkit.LogisticRegressionCV(Cs=6, cv=3, tol=1e-10, max_iter=1000).fit(X, y)
    ref = skl.LogisticRegressionCV(Cs=6, cv=3, solver="newton-cg", tol=1e-12, max_iter=1000).fit(X, y)
    np.testing.assert_array_equal(ours.C_, ref.C_)
    np.testing.assert_allclose(ours.scores_[1], ref.scores_[1], atol=1e-12)
    close(ours.coef_, ref.coef_)
    assert ours.C_1se_ <= ours.C_[0] and ours.lambda_1se_ >= ours.lambda_


def test_bad_penalty_is_a_value_error(rng):
    X, y = data(rng)
    with pytest.raises(ValueError, match="penalty"):
        regkit.LogisticRegression(penalty="l3").fit(X, y)
    with pytest.raises(ValueError, match="l1_ratio"):
        regkit.LogisticRegression(penalty="elasticnet").fit(X, y)
