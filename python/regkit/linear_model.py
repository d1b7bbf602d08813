"""scikit-learn-compatible linear estimators on regkit's solvers.

Parameter names and meanings are scikit-learn's; each estimator translates them into
regkit's glmnet form  lambda * (alpha |w|_1 + (1 - alpha)/2 |w|^2)  on the mean loss
(include/regkit/penalty/conventions.hpp, docs/penalty-conventions.md):

  Lasso(alpha) / ElasticNet(alpha, l1_ratio)   lambda = alpha,  glmnet alpha = l1_ratio
      objective 1/(2 sum sw) sum sw_i (y_i - b - x_i'w)^2 + alpha l1_ratio |w|_1
                + alpha (1 - l1_ratio)/2 |w|^2   (no standardization, as scikit-learn)
  Ridge(alpha)                                 lambda = alpha / sum(sw)  (alpha / n)
      objective sum sw_i (y_i - b - x_i'w)^2 + alpha |w|^2
  LogisticRegression(C)                        lambda = 1 / (C sum(sw))  (1 / (C n))

tol: scikit-learn stops coordinate descent when the duality gap of its objective times n
falls below tol * ||y||^2; regkit's gap is relative to the null objective
1/(2n) ||y - ybar||^2, so regkit's tol is 2 * tol (the same test up to centring y).

glmnet extras, on top of scikit-learn's attributes: `penalty_factor` (per-coefficient
factors, 0 = unpenalized), fitted `lambda_` (regkit's lambda), and for the CV estimators
`alpha_1se_` / `lambda_1se_` (the largest penalty within one standard error of the best
CV error, cv.glmnet's rule) next to scikit-learn's `alpha_`.
"""
import math

import numpy as np

from . import _regkit
from ._base import (BaseEstimator, RegressorMixin, _check_sample_weight, design, issparse,
                    predict_linear, validate_fit, validate_predict)
from ._validation import (CV, FLAG, ITERATIONS, MAX_GRID, NON_NEGATIVE, NONE, PENALTY_FACTOR,
                          POSITIVE, RATIO, ArrayOf, Interval, check_cv_folds, check_folds,
                          check_param, check_penalty_factor, check_sample_weight, clamp_tolerance,
                          parameter_error, validate_params)

__all__ = ["Ridge", "RidgeCV", "Lasso", "LassoCV", "ElasticNet", "ElasticNetCV",
           "lasso_path", "enet_path"]


def _sample_weight(sample_weight, X, owner):
    return check_sample_weight(sample_weight, X, owner, _check_sample_weight)


def _penalty_factor(penalty_factor, p, owner):
    return check_penalty_factor(penalty_factor, p, owner)


def _cd_tol(tol):
    """regkit's coordinate-descent tolerance for scikit-learn's tol (see the module notes)."""
    return clamp_tolerance(2.0 * tol)


class _LinearRegressor(RegressorMixin, BaseEstimator):
    def predict(self, X):
        X = validate_predict(self, X)
        return predict_linear(X, self.coef_.T if self.coef_.ndim == 2 else self.coef_,
                              self.intercept_)


# ---- elastic net and lasso --------------------------------------------------------------

class ElasticNet(_LinearRegressor):
    """scikit-learn's ElasticNet on regkit's coordinate descent (linear/elastic_net.hpp).

    minimise 1/(2n) ||y - b - Xw||^2 + alpha l1_ratio |w|_1 + alpha (1 - l1_ratio)/2 |w|^2
    (sample weights: 1/(2 sum sw) sum sw_i r_i^2). `penalty_factor` multiplies each
    coefficient's penalty (glmnet's penalty.factor, used as given).
    """

    _parameter_constraints = {
        "alpha": NON_NEGATIVE, "l1_ratio": RATIO, "fit_intercept": FLAG,
        "max_iter": ITERATIONS, "tol": POSITIVE, "warm_start": FLAG,
        "penalty_factor": PENALTY_FACTOR,
    }

    def __init__(self, alpha=1.0, *, l1_ratio=0.5, fit_intercept=True, max_iter=1000,
                 tol=1e-4, warm_start=False, penalty_factor=None):
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.warm_start = warm_start
        self.penalty_factor = penalty_factor

    def _fit_one(self, X, y, sw, pf, warm):
        return _regkit.enet_fit(
            X, y, float(self.alpha), alpha=float(self.l1_ratio),
            fit_intercept=bool(self.fit_intercept), standardize=False,
            tol=_cd_tol(self.tol), max_iter=int(self.max_iter),
            penalty_factor=pf, sample_weight=sw, warm_start=warm)

    def fit(self, X, y, sample_weight=None, check_input=True):
        validate_params(self)
        X, y = validate_fit(self, X, y, multi_output=True, fast=True)
        sw = _sample_weight(sample_weight, X, f"{type(self).__name__}.fit")
        pf = _penalty_factor(self.penalty_factor, X.shape[1], type(self).__name__)
        y = np.asarray(y, dtype=np.float64)
        Y = y.reshape(len(y), -1)
        warm = None
        if self.warm_start and getattr(self, "coef_", None) is not None:
            warm = np.atleast_2d(self.coef_)
            if warm.shape[1] != X.shape[1]:
                warm = None
        fits = [self._fit_one(X, Y[:, t], sw, pf, None if warm is None else warm[t])
                for t in range(Y.shape[1])]
        self._call_seconds = sum(f["call_seconds"] for f in fits)  # the C++ calls (benchmarks)
        if y.ndim == 1:
            self.coef_, self.intercept_ = fits[0]["coef"], float(fits[0]["intercept"])
            self.n_iter_ = fits[0]["n_iter"]
            self.dual_gap_ = fits[0]["duality_gap"]
        else:
            self.coef_ = np.array([f["coef"] for f in fits])
            self.intercept_ = np.array([f["intercept"] for f in fits])
            self.n_iter_ = [f["n_iter"] for f in fits]
            self.dual_gap_ = np.array([f["duality_gap"] for f in fits])
        self.lambda_ = float(self.alpha)
        return self

    @property
    def sparse_coef_(self):
        from scipy import sparse
        return sparse.csr_matrix(self.coef_)

    def _more_tags(self):
        return {"multioutput": True}


class Lasso(ElasticNet):
    """scikit-learn's Lasso: ElasticNet with l1_ratio = 1."""

    _parameter_constraints = {k: v for k, v in ElasticNet._parameter_constraints.items()
                              if k != "l1_ratio"}

    def __init__(self, alpha=1.0, *, fit_intercept=True, max_iter=1000, tol=1e-4,
                 warm_start=False, penalty_factor=None):
        super().__init__(alpha=alpha, l1_ratio=1.0, fit_intercept=fit_intercept,
                         max_iter=max_iter, tol=tol, warm_start=warm_start,
                         penalty_factor=penalty_factor)


def _alpha_grid(X, y, l1_ratio, fit_intercept, eps, n_alphas, sw=None, owner="enet_path"):
    """scikit-learn's grid (linear_model._coordinate_descent._alpha_grid): alpha_max =
    max_j |x_j'(y - ybar)| / (n l1_ratio), then n_alphas log-spaced down to eps * alpha_max.
    """
    if l1_ratio == 0:
        raise parameter_error("l1_ratio", owner, "> 0 when alphas is None", l1_ratio,
                              note="Automatic alpha grid generation is not supported for "
                                   "l1_ratio=0. Please supply a grid by providing your estimator "
                                   "with the appropriate `alphas=` argument")
    n = X.shape[0]
    if sw is None:
        yc = y - y.mean() if fit_intercept else y
        Xy = np.asarray(X.T @ yc).ravel()
        scale = n
    else:
        yc = y - np.average(y, weights=sw) if fit_intercept else y
        Xy = np.asarray(X.T @ (sw * yc)).ravel()
        scale = sw.sum()
    with np.errstate(over="ignore", divide="ignore"):
        alpha_max = np.abs(Xy).max() / (scale * l1_ratio)
    if not np.isfinite(alpha_max):
        raise parameter_error("l1_ratio", owner, "a float large enough that alpha_max = "
                              "max|X'y| / (n l1_ratio) is finite", l1_ratio,
                              note="alpha_max overflows; give alphas= or a larger l1_ratio")
    if alpha_max <= np.finfo(float).resolution:
        return np.full(n_alphas, np.finfo(float).resolution)
    if not alpha_max * eps > 0:  # the grid's low end would underflow to 0 (log10 -> -inf)
        raise parameter_error("eps", owner, "a float that keeps eps * alpha_max > 0", eps,
                              note=f"alpha_max is {alpha_max!r}; eps * alpha_max underflows to 0")
    return np.logspace(np.log10(alpha_max * eps), np.log10(alpha_max), num=n_alphas)[::-1]


# Grid parameters of the path functions and the CV estimators.
_N_ALPHAS = [Interval(int, 1, MAX_GRID)]
_ALPHAS = [NONE, ArrayOf(Interval(float, 0), scalar=True)]


def enet_path(X, y, *, l1_ratio=0.5, eps=1e-3, n_alphas=100, alphas=None, fit_intercept=False,
              tol=1e-4, max_iter=1000, penalty_factor=None, sample_weight=None,
              return_n_iter=False, **params):
    """scikit-learn's enet_path: (alphas, coefs (p x L), dual_gaps[, n_iters]) along a
    decreasing grid, with warm starts and strong rules (regkit's elastic_net_path).

    As scikit-learn's, it fits no intercept unless fit_intercept=True (then X and y are
    centred implicitly, never copied). `eps`, `n_alphas`, `alphas` as scikit-learn's;
    dual_gaps are on scikit-learn's scale (n times the mean-objective gap). The extra
    result of the C++ solver (fit_seconds, iterations, KKT violations) is in
    `enet_path.last_result` after a call.
    """
    owner = params.pop("_owner", "enet_path")
    unknown = set(params) - {"precompute", "Xy", "copy_X", "coef_init", "verbose", "check_input"}
    if unknown:
        raise TypeError(f"{owner}: unexpected arguments {sorted(unknown)}")
    for name, value, constraints in (
            ("l1_ratio", l1_ratio, RATIO), ("eps", eps, POSITIVE),
            ("n_alphas", n_alphas, _N_ALPHAS), ("alphas", alphas, _ALPHAS),
            ("fit_intercept", fit_intercept, FLAG), ("tol", tol, POSITIVE),
            ("max_iter", max_iter, ITERATIONS), ("penalty_factor", penalty_factor, PENALTY_FACTOR)):
        check_param(value, constraints, name, owner)
    X = design(X if issparse(X) else np.asarray(X))
    y = np.asarray(y, dtype=np.float64)
    if y.ndim != 1:
        raise ValueError(f"{owner}: y must be 1-D here; got shape {y.shape}")
    sw = _sample_weight(sample_weight, X, owner)
    if alphas is None:
        alphas = _alpha_grid(X, y, l1_ratio, fit_intercept, eps, n_alphas, sw, owner)
    alphas = np.sort(np.asarray(alphas, dtype=np.float64).reshape(-1))[::-1]
    result = _regkit.enet_path(X, y, alpha=float(l1_ratio), lambdas=alphas,
                               fit_intercept=bool(fit_intercept), standardize=False,
                               tol=_cd_tol(tol), max_iter=int(max_iter),
                               penalty_factor=_penalty_factor(penalty_factor, X.shape[1], owner),
                               sample_weight=sw)
    enet_path.last_result = result
    n = X.shape[0]
    gaps = np.asarray(result["duality_gap"]) * n
    out = (result["lambdas"], result["coefs"], gaps)
    if return_n_iter:
        out = out + (np.asarray(result["n_iter"]),)
    return out


def lasso_path(X, y, *, eps=1e-3, n_alphas=100, alphas=None, **params):
    """scikit-learn's lasso_path: enet_path with l1_ratio = 1."""
    params.pop("l1_ratio", None)
    params.setdefault("_owner", "lasso_path")
    return enet_path(X, y, l1_ratio=1.0, eps=eps, n_alphas=n_alphas, alphas=alphas, **params)


def _kfold(n, cv, owner):
    """scikit-learn's KFold(cv) without shuffling: contiguous folds, the first n % cv
    one sample larger. cv may also be an iterable of (train, test) index pairs or an
    object with split(X, y) (cv itself checked by validate_params)."""
    if cv is None:
        cv = 5
    if isinstance(cv, (int, np.integer)):
        check_cv_folds(cv, n, owner)
        sizes = np.full(cv, n // cv)
        sizes[: n % cv] += 1
        bounds = np.concatenate([[0], np.cumsum(sizes)])
        idx = np.arange(n)
        return [(np.concatenate([idx[: bounds[k]], idx[bounds[k + 1]:]]), idx[bounds[k]: bounds[k + 1]])
                for k in range(cv)]
    folds = list(cv.split(np.zeros((n, 1)))) if hasattr(cv, "split") else list(cv)
    return check_folds(folds, n, owner)


def _rows(X, idx):
    return design(X[idx] if not issparse(X) else X[idx])


class ElasticNetCV(_LinearRegressor):
    """scikit-learn's ElasticNetCV: K-fold CV (scikit-learn's contiguous folds) over each
    l1_ratio's alpha grid, then a refit at the best (alpha, l1_ratio). The fold loop is
    here; each fold's path is one call to regkit's elastic_net_path. Also `alpha_1se_`,
    `lambda_1se_` (cv.glmnet's one-standard-error rule on the best l1_ratio's curve)."""

    _parameter_constraints = {
        "l1_ratio": RATIO + [ArrayOf(RATIO[0])], "eps": POSITIVE, "n_alphas": _N_ALPHAS,
        "alphas": _ALPHAS, "fit_intercept": FLAG, "max_iter": ITERATIONS, "tol": POSITIVE,
        "cv": CV, "penalty_factor": PENALTY_FACTOR,
    }

    def __init__(self, *, l1_ratio=0.5, eps=1e-3, n_alphas=100, alphas=None,
                 fit_intercept=True, max_iter=1000, tol=1e-4, cv=None, penalty_factor=None):
        self.l1_ratio = l1_ratio
        self.eps = eps
        self.n_alphas = n_alphas
        self.alphas = alphas
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.cv = cv
        self.penalty_factor = penalty_factor

    def _l1_ratios(self):
        return np.atleast_1d(np.asarray(self.l1_ratio, dtype=np.float64))

    def fit(self, X, y, sample_weight=None):
        owner = type(self).__name__
        validate_params(self)
        X, y = validate_fit(self, X, y)
        y = np.asarray(y, dtype=np.float64)
        sw = _sample_weight(sample_weight, X, f"{owner}.fit")
        n, p = X.shape
        pf = _penalty_factor(self.penalty_factor, p, owner)
        folds = _kfold(n, self.cv, owner)
        ratios = self._l1_ratios()
        grids, mse = [], []
        for r in ratios:
            if self.alphas is None:
                # With sample weights the grid's alpha_max is weighted (a zero weight is
                # the same as removing the sample); scikit-learn 1.2 ignores the weights here.
                grid = _alpha_grid(X, y, r, self.fit_intercept, self.eps, self.n_alphas, sw, owner)
            else:
                grid = np.sort(np.asarray(self.alphas, dtype=np.float64).reshape(-1))[::-1]
            grids.append(grid)
            fold_mse = np.empty((len(grid), len(folds)))
            for k, (train, test) in enumerate(folds):
                res = _regkit.enet_path(
                    _rows(X, train), y[train], alpha=float(r), lambdas=grid,
                    fit_intercept=bool(self.fit_intercept), standardize=False,
                    tol=_cd_tol(self.tol), max_iter=int(self.max_iter), penalty_factor=pf,
                    sample_weight=None if sw is None else sw[train])
                pred = np.asarray(X[test] @ res["coefs"]) + res["intercepts"]
                err = (y[test][:, None] - pred) ** 2
                fold_mse[:, k] = (np.average(err, axis=0, weights=None if sw is None else sw[test]))
            mse.append(fold_mse)
        mean = np.array([m.mean(axis=1) for m in mse])          # ratios x L
        best_r, best_a = np.unravel_index(np.argmin(mean), mean.shape)
        self.l1_ratio_ = float(ratios[best_r])
        self.alpha_ = float(grids[best_r][best_a])
        curve, se = mean[best_r], mse[best_r].std(axis=1) / np.sqrt(len(folds))
        within = np.nonzero(curve <= curve[best_a] + se[best_a])[0]
        self.alpha_1se_ = float(grids[best_r][within.min()])
        self.lambda_ = self.alpha_
        self.lambda_1se_ = self.alpha_1se_
        if len(ratios) == 1:
            self.alphas_, self.mse_path_ = grids[0], mse[0]
        else:
            self.alphas_, self.mse_path_ = np.array(grids), np.array(mse)
        fit = _regkit.enet_fit(X, y, self.alpha_, alpha=self.l1_ratio_,
                               fit_intercept=bool(self.fit_intercept), standardize=False,
                               tol=_cd_tol(self.tol), max_iter=int(self.max_iter),
                               penalty_factor=pf, sample_weight=sw)
        self.coef_, self.intercept_ = fit["coef"], float(fit["intercept"])
        self.n_iter_ = fit["n_iter"]
        self.dual_gap_ = fit["duality_gap"]
        return self


class LassoCV(ElasticNetCV):
    """scikit-learn's LassoCV: ElasticNetCV with l1_ratio = 1."""

    _parameter_constraints = {k: v for k, v in ElasticNetCV._parameter_constraints.items()
                              if k != "l1_ratio"}

    def __init__(self, *, eps=1e-3, n_alphas=100, alphas=None, fit_intercept=True,
                 max_iter=1000, tol=1e-4, cv=None, penalty_factor=None):
        super().__init__(l1_ratio=1.0, eps=eps, n_alphas=n_alphas, alphas=alphas,
                         fit_intercept=fit_intercept, max_iter=max_iter, tol=tol, cv=cv,
                         penalty_factor=penalty_factor)

    def _l1_ratios(self):
        return np.array([1.0])


# ---- ridge ------------------------------------------------------------------------------

class Ridge(_LinearRegressor):
    """scikit-learn's Ridge: minimise sum sw_i (y_i - b - x_i'w)^2 + alpha |w|^2, by
    regkit's Cholesky (linear/ridge.hpp) at lambda = alpha / sum(sw). Multi-target y
    (n x t) gives coef_ of shape t x p as scikit-learn's."""

    _parameter_constraints = {"alpha": NON_NEGATIVE, "fit_intercept": FLAG,
                              "penalty_factor": PENALTY_FACTOR}

    def __init__(self, alpha=1.0, *, fit_intercept=True, penalty_factor=None):
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.penalty_factor = penalty_factor

    def fit(self, X, y, sample_weight=None):
        owner = type(self).__name__
        validate_params(self)
        X, y = validate_fit(self, X, y, multi_output=True, fast=True)
        sw = _sample_weight(sample_weight, X, f"{owner}.fit")
        pf = _penalty_factor(self.penalty_factor, X.shape[1], owner)
        y = np.asarray(y, dtype=np.float64)
        W = X.shape[0] if sw is None else sw.sum()
        lambda_ = float(self.alpha) / W
        if not math.isfinite(lambda_):
            raise parameter_error("alpha", owner, "a float whose alpha / sum(sample_weight) is finite",
                                  self.alpha, note=f"alpha / {W!r} overflows")
        self.lambda_ = lambda_
        res = _regkit.ridge_fit(X, y.reshape(len(y), -1), self.lambda_,
                                fit_intercept=bool(self.fit_intercept), standardize=False,
                                penalty_factor=pf, sample_weight=sw)
        coef, intercept = res["coef"].T, res["intercept"]
        if y.ndim == 1:
            self.coef_, self.intercept_ = coef[0], float(intercept[0])
        else:
            self.coef_, self.intercept_ = coef, intercept
        self.n_iter_ = None
        return self

    def _more_tags(self):
        return {"multioutput": True}


class RidgeCV(_LinearRegressor):
    """scikit-learn's RidgeCV. cv=None: efficient leave-one-out over `alphas` from one SVD
    (regkit's ridge_loo; scikit-learn's _RidgeGCV), best_score_ = minus the (weighted) mean
    squared LOO error. cv=K: K-fold (contiguous folds), best_score_ the mean R^2 over the
    folds, as scikit-learn's (GridSearchCV with the estimator's score)."""

    _parameter_constraints = {"alphas": [ArrayOf(POSITIVE[0], scalar=True)], "fit_intercept": FLAG,
                              "cv": CV, "penalty_factor": PENALTY_FACTOR}

    def __init__(self, alphas=(0.1, 1.0, 10.0), *, fit_intercept=True, cv=None,
                 penalty_factor=None):
        self.alphas = alphas
        self.fit_intercept = fit_intercept
        self.cv = cv
        self.penalty_factor = penalty_factor

    def fit(self, X, y, sample_weight=None):
        owner = type(self).__name__
        validate_params(self)
        X, y = validate_fit(self, X, y)
        y = np.asarray(y, dtype=np.float64)
        alphas = np.atleast_1d(np.asarray(self.alphas, dtype=np.float64))
        sw = _sample_weight(sample_weight, X, f"{owner}.fit")
        pf = _penalty_factor(self.penalty_factor, X.shape[1], owner)
        W = X.shape[0] if sw is None else sw.sum()
        if not np.isfinite(alphas / W).all():
            raise parameter_error("alphas", owner, "floats whose alpha / sum(sample_weight) is finite",
                                  self.alphas, note=f"alpha / {W!r} overflows")
        if self.cv is None:
            res = _regkit.ridge_loo(X, y, alphas / W, fit_intercept=bool(self.fit_intercept),
                                    standardize=False, penalty_factor=pf, sample_weight=sw)
            # regkit returns lambdas in decreasing order: map back to the alphas given.
            order = np.argsort(-alphas, kind="stable")
            scores = np.empty(len(alphas))
            scores[order] = -np.asarray(res["loo_mse"])
        else:
            scores = np.zeros(len(alphas))
            folds = _kfold(X.shape[0], self.cv, owner)
            for train, test in folds:
                Xt = _rows(X, train)
                for a, alpha in enumerate(alphas):
                    wt = None if sw is None else sw[train]
                    lam = alpha / (len(train) if wt is None else wt.sum())
                    r = _regkit.ridge_fit(Xt, y[train][:, None], lam,
                                          fit_intercept=bool(self.fit_intercept),
                                          standardize=False, penalty_factor=pf, sample_weight=wt)
                    pred = np.asarray(X[test] @ r["coef"][:, 0]) + r["intercept"][0]
                    yt = y[test]  # R^2 on the fold, as scikit-learn's GridSearchCV scores
                    scores[a] += 1.0 - np.sum((yt - pred) ** 2) / np.sum((yt - yt.mean()) ** 2)
            scores /= len(folds)
        best = int(np.argmax(scores))
        self.alpha_ = float(alphas[best])
        self.best_score_ = float(scores[best])
        model = Ridge(self.alpha_, fit_intercept=self.fit_intercept,
                      penalty_factor=self.penalty_factor).fit(X, y, sample_weight=sw)
        self.coef_, self.intercept_ = model.coef_, model.intercept_
        self.lambda_ = model.lambda_
        return self
