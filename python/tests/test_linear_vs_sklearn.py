"""regkit's estimators against scikit-learn's on the same data: coefficients equal to
1e-6 relative (in norm) when both solve to a tight tolerance. scikit-learn is the oracle
here only (python3-sklearn 1.2.1); the C++ tests check the solvers against closed forms
and optimality certificates."""
import numpy as np
import pytest
import scipy.sparse as sp
import sklearn.linear_model as skl

import regkit

RTOL = 1e-6
TIGHT = dict(tol=1e-12, max_iter=1_000_000)


def close(a, b, rtol=RTOL):
    a, b = np.asarray(a, float), np.asarray(b, float)
    scale = max(np.linalg.norm(b), 1e-300)
    assert np.linalg.norm(a - b) <= rtol * scale, f"relative error {np.linalg.norm(a - b) / scale:.3g}"


def problem(rng, n=120, p=15, sparse=False, density=0.3):
    X = rng.standard_normal((n, p))
    if sparse:
        X[rng.random((n, p)) > density] = 0.0
    beta = np.zeros(p)
    beta[:5] = [3.0, -2.0, 1.5, 0.0, 1.0]
    y = X @ beta + 2.0 + 0.5 * rng.standard_normal(n)
    return (sp.csc_matrix(X) if sparse else X), y


@pytest.mark.parametrize("sparse", [False, True])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_ridge_equals_sklearn(rng, sparse, fit_intercept):
    X, y = problem(rng, sparse=sparse)
    sw = rng.uniform(0.5, 2.0, len(y))
    for alpha in (0.1, 3.0, 100.0):
        for weights in (None, sw):
            ours = regkit.Ridge(alpha, fit_intercept=fit_intercept).fit(X, y, sample_weight=weights)
            ref = skl.Ridge(alpha, fit_intercept=fit_intercept, solver="cholesky" if not sparse else "auto",
                            tol=1e-12).fit(X, y, sample_weight=weights)
            close(ours.coef_, ref.coef_)
            assert ours.intercept_ == pytest.approx(ref.intercept_, rel=RTOL, abs=1e-9)
            close(ours.predict(X), ref.predict(X))


def test_ridge_multi_target(rng):
    X, y = problem(rng)
    Y = np.column_stack([y, -2 * y + 1])
    ours, ref = regkit.Ridge(2.0).fit(X, Y), skl.Ridge(2.0).fit(X, Y)
    assert ours.coef_.shape == ref.coef_.shape
    close(ours.coef_, ref.coef_)
    close(ours.intercept_, ref.intercept_)


@pytest.mark.parametrize("weighted", [False, True])
def test_ridgecv_loo_equals_sklearn(rng, weighted):
    X, y = problem(rng, n=60, p=8)
    sw = rng.uniform(0.5, 2.0, len(y)) if weighted else None
    alphas = np.logspace(-3, 3, 13)
    ours = regkit.RidgeCV(alphas=alphas).fit(X, y, sample_weight=sw)
    ref = skl.RidgeCV(alphas=alphas).fit(X, y, sample_weight=sw)
    assert ours.alpha_ == ref.alpha_
    close(ours.coef_, ref.coef_)
    if not weighted:
        assert ours.best_score_ == pytest.approx(ref.best_score_, rel=1e-8)


def test_ridgecv_kfold_equals_sklearn(rng):
    X, y = problem(rng, n=60, p=8)
    alphas = np.logspace(-2, 3, 11)
    ours = regkit.RidgeCV(alphas=alphas, cv=5).fit(X, y)
    ref = skl.RidgeCV(alphas=alphas, cv=5).fit(X, y)
    assert ours.alpha_ == ref.alpha_
    close(ours.coef_, ref.coef_)


@pytest.mark.parametrize("sparse", [False, True])
@pytest.mark.parametrize("l1_ratio", [1.0, 0.5, 0.1])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_elastic_net_equals_sklearn(rng, sparse, l1_ratio, fit_intercept):
    X, y = problem(rng, sparse=sparse)
    sw = rng.uniform(0.5, 2.0, len(y))
    for alpha in (0.5, 0.05, 0.005):
        for weights in (None, sw):
            ours = regkit.ElasticNet(alpha, l1_ratio=l1_ratio, fit_intercept=fit_intercept,
                                     **TIGHT).fit(X, y, sample_weight=weights)
            ref = skl.ElasticNet(alpha, l1_ratio=l1_ratio, fit_intercept=fit_intercept,
                                 **TIGHT).fit(X, y, sample_weight=weights)
            close(ours.coef_, ref.coef_)
            assert ours.intercept_ == pytest.approx(ref.intercept_, rel=RTOL, abs=1e-9)
            assert ours.n_iter_ >= 1


def test_lasso_equals_sklearn_wide(rng):
    X, y = problem(rng, n=40, p=200)
    for alpha in (0.3, 0.05):
        ours = regkit.Lasso(alpha, **TIGHT).fit(X, y)
        ref = skl.Lasso(alpha, **TIGHT).fit(X, y)
        close(ours.coef_, ref.coef_)
        assert ours.lambda_ == alpha


def test_warm_start_reaches_the_same_solution(rng):
    X, y = problem(rng)
    model = regkit.Lasso(0.1, warm_start=True, **TIGHT).fit(X, y)
    model.set_params(alpha=0.05).fit(X, y)
    close(model.coef_, skl.Lasso(0.05, **TIGHT).fit(X, y).coef_)


@pytest.mark.parametrize("sparse", [False, True])
def test_lasso_path_equals_sklearn(rng, sparse):
    X, y = problem(rng, sparse=sparse)
    alphas, coefs, gaps = regkit.lasso_path(X, y, tol=1e-12, max_iter=1_000_000)
    ref_alphas, ref_coefs, _ = skl.lasso_path(X, y, tol=1e-12, max_iter=1_000_000)
    np.testing.assert_allclose(alphas, ref_alphas, rtol=1e-12)
    assert coefs.shape == ref_coefs.shape
    for k in range(len(alphas)):
        close(coefs[:, k], ref_coefs[:, k], rtol=1e-5 if k == 0 else RTOL)


def test_enet_path_equals_sklearn(rng):
    X, y = problem(rng)
    alphas, coefs, _, n_iter = regkit.enet_path(X, y, l1_ratio=0.3, n_alphas=30, tol=1e-12,
                                                max_iter=1_000_000, return_n_iter=True)
    ref_alphas, ref_coefs, _ = skl.enet_path(X, y, l1_ratio=0.3, n_alphas=30, tol=1e-12,
                                             max_iter=1_000_000)
    np.testing.assert_allclose(alphas, ref_alphas, rtol=1e-12)
    assert len(n_iter) == 30
    for k in range(1, len(alphas)):
        close(coefs[:, k], ref_coefs[:, k])


@pytest.mark.parametrize("weighted", [False, True])
def test_lassocv_equals_sklearn(rng, weighted):
    X, y = problem(rng, n=100, p=20)
    sw = rng.uniform(0.5, 2.0, len(y)) if weighted else None
    ref = skl.LassoCV(cv=5, **TIGHT).fit(X, y, sample_weight=sw)
    # With weights scikit-learn 1.2's automatic grid ignores them (regkit's weights it):
    # compare on scikit-learn's grid then.
    ours = regkit.LassoCV(cv=5, alphas=ref.alphas_ if weighted else None,
                          **TIGHT).fit(X, y, sample_weight=sw)
    np.testing.assert_allclose(ours.alphas_, ref.alphas_, rtol=1e-12)
    np.testing.assert_allclose(ours.mse_path_, ref.mse_path_, rtol=1e-5)
    assert ours.alpha_ == pytest.approx(ref.alpha_, rel=1e-12)
    close(ours.coef_, ref.coef_)
    assert ours.alpha_1se_ >= ours.alpha_ and ours.lambda_1se_ == ours.alpha_1se_


def test_elasticnetcv_equals_sklearn(rng):
    X, y = problem(rng, n=100, p=20)
    ours = regkit.ElasticNetCV(l1_ratio=[0.2, 0.7, 1.0], n_alphas=40, cv=4, **TIGHT).fit(X, y)
    ref = skl.ElasticNetCV(l1_ratio=[0.2, 0.7, 1.0], n_alphas=40, cv=4, **TIGHT).fit(X, y)
    assert ours.l1_ratio_ == ref.l1_ratio_
    assert ours.alpha_ == pytest.approx(ref.alpha_, rel=1e-12)
    np.testing.assert_allclose(ours.mse_path_, ref.mse_path_, rtol=1e-5)
    close(ours.coef_, ref.coef_)


def test_penalty_factor_zero_leaves_a_coefficient_unpenalized(rng):
    X, y = problem(rng)
    pf = np.ones(X.shape[1])
    pf[3] = 0.0
    model = regkit.Lasso(10.0, penalty_factor=pf, **TIGHT).fit(X, y)
    assert model.coef_[3] != 0.0 and np.count_nonzero(model.coef_) == 1
