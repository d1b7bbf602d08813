"""scikit-learn's LogisticRegression and LogisticRegressionCV on regkit's logistic solver
(include/regkit/linear/logistic.hpp).

Translation (penalty/conventions.hpp): scikit-learn minimises
    C sum_i s_i loss_i + penalty(w),  penalty l2: 1/2 |w|^2, l1: |w|_1,
    elasticnet: l1_ratio |w|_1 + (1 - l1_ratio)/2 |w|^2,
with s_i = sample_weight_i * class_weight[y_i]; regkit minimises (1/S) sum s_i loss_i +
lambda (alpha |w|_1 + (1 - alpha)/2 |w|^2), so lambda = 1 / (C S) (S = sum s_i, n without
weights) and alpha = 0 (l2), 1 (l1), l1_ratio (elasticnet); penalty=None is lambda = 0.
No standardization (scikit-learn does not standardize); the intercept is unpenalized (as
scikit-learn's lbfgs, newton-cg, sag and saga solvers; liblinear penalizes it).
Two classes: the binomial model (coef_ 1 x p); three or more: the multinomial (softmax)
model (coef_ k x p), scikit-learn's multi_class='multinomial' (its 'auto' for lbfgs);
multi_class='ovr' is not offered.
tol keeps scikit-learn's meaning for its default lbfgs solver: the largest gradient entry
of its sum-form objective below tol. regkit's objective is that one divided by S, and its
solver stops on the mean-form gradient (L2) or on the KKT violation relative to lambda
(L1, elastic net), so regkit gets tol / S (L2) and tol * C (otherwise): the same test.
"""
import math

import numpy as np

from . import _regkit
from ._base import (BaseEstimator, ClassifierMixin, _check_sample_weight, design,
                    validate_fit, validate_predict)
from ._validation import (CALLABLE, CV, FLAG, ITERATIONS, MAX_GRID, NONE, PENALTY_FACTOR,
                          POSITIVE, RATIO, ArrayOf, InstanceOf, Interval, MappingOf, Options,
                          check_cv_folds, check_folds, check_penalty_factor, check_sample_weight,
                          clamp_tolerance, parameter_error, validate_params)

__all__ = ["LogisticRegression", "LogisticRegressionCV"]

# solver: regkit's (linear/logistic.hpp), with scikit-learn's names where they mean the same.
_SOLVERS = {"auto": "automatic", "lbfgs": "lbfgs", "newton-cg": "trust_region_newton",
            "trust-region-newton": "trust_region_newton", "proximal-newton": "proximal_newton"}

# Constraints of the parameters both estimators share.
_PENALTY = [Options(("l2", "l1", "elasticnet", "none")), NONE]
_SOLVER = [Options(_SOLVERS)]
_CLASS_WEIGHT = [NONE, Options(("balanced",)), MappingOf(Interval(float, 0))]


def _glmnet_alpha(penalty, l1_ratio, owner):
    if penalty == "elasticnet":
        if l1_ratio is None:
            raise parameter_error("l1_ratio", owner, "a float in the range [0, 1] with "
                                  "penalty='elasticnet'", l1_ratio)
        return float(l1_ratio)
    return 1.0 if penalty == "l1" else 0.0


def _weights(estimator, X, codes, sample_weight, n_classes):
    """s_i = sample_weight_i * class_weight[y_i] (None when all ones)."""
    owner = type(estimator).__name__
    sw = check_sample_weight(sample_weight, X, f"{owner}.fit", _check_sample_weight)
    cw = estimator.class_weight
    if cw is None:
        return sw
    if cw == "balanced":
        counts = np.bincount(codes, minlength=n_classes)
        per_class = len(codes) / (n_classes * counts)
    else:
        per_class = np.array([cw.get(c, 1.0) for c in estimator.classes_], dtype=np.float64)
    s = per_class[codes]
    s = s if sw is None else s * sw
    if not s.sum() > 0:
        raise parameter_error("class_weight", owner, "weights that leave some sample a positive "
                              "weight", cw, note="sample_weight times class_weight is 0 for every sample")
    return s


def _lambda(C, S, owner):
    """regkit's lambda = 1 / (C S); a C so small that it overflows is an error naming C."""
    with np.errstate(over="ignore", divide="ignore"):
        lam = 1.0 / (float(C) * float(S))
    if not math.isfinite(lam):
        raise parameter_error("C", owner, "a float whose 1 / (C * sum of weights) is finite", C,
                              note=f"1 / ({C!r} * {S!r}) overflows")
    return lam


def _solver_tol(tol, alpha, C, S):
    """scikit-learn's tol (sum-form gradient) as regkit's stopping tolerance."""
    return clamp_tolerance(float(tol) / S if alpha == 0.0 else float(tol) * float(C))


def _check_targets(estimator, y):
    y = np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"{type(estimator).__name__}: y must be 1-D (one label per sample); got shape {y.shape}")
    try:
        from sklearn.utils.multiclass import check_classification_targets
        check_classification_targets(y)
    except ImportError:  # pragma: no cover
        if y.dtype.kind == "f" and not np.all(y == np.round(y)):
            raise ValueError("Unknown label type: continuous")
    classes, codes = np.unique(y, return_inverse=True)
    if len(classes) < 2:
        raise ValueError(f"This solver needs samples of at least 2 classes in the data, but the data "
                         f"contains only one class: {classes[0]!r}")
    return classes, codes


class _LogisticBase(ClassifierMixin, BaseEstimator):
    def decision_function(self, X):
        X = validate_predict(self, X)
        scores = np.asarray(X @ self.coef_.T) + self.intercept_
        return scores.ravel() if scores.shape[1] == 1 else scores

    def predict_proba(self, X):
        d = self.decision_function(X)
        if d.ndim == 1:
            p = 1.0 / (1.0 + np.exp(-d))
            return np.column_stack([1.0 - p, p])
        d = d - d.max(axis=1, keepdims=True)
        e = np.exp(d)
        return e / e.sum(axis=1, keepdims=True)

    def predict_log_proba(self, X):
        return np.log(self.predict_proba(X))

    def predict(self, X):
        d = self.decision_function(X)
        idx = (d > 0).astype(int) if d.ndim == 1 else d.argmax(axis=1)
        return self.classes_[idx]

    def _store(self, coef, intercept):
        # regkit: coef p x m, intercept m  ->  scikit-learn: coef_ m x p, intercept_ (m,)
        self.coef_ = np.asarray(coef).T.copy()
        self.intercept_ = np.asarray(intercept, dtype=np.float64).reshape(-1).copy()


class LogisticRegression(_LogisticBase):
    """scikit-learn's LogisticRegression (penalty, C, l1_ratio, fit_intercept, tol,
    max_iter, class_weight, warm_start) on regkit's solvers: trust-region Newton / L-BFGS
    for L2, proximal Newton for L1 and elastic net; `solver` 'auto' (regkit's choice),
    'lbfgs', 'newton-cg' (trust-region Newton-CG), 'proximal-newton'. `penalty_factor` as
    glmnet's."""

    _parameter_constraints = {
        "penalty": _PENALTY, "tol": POSITIVE, "C": POSITIVE, "fit_intercept": FLAG,
        "class_weight": _CLASS_WEIGHT, "solver": _SOLVER, "max_iter": ITERATIONS,
        "warm_start": FLAG, "l1_ratio": [NONE] + RATIO, "penalty_factor": PENALTY_FACTOR,
    }

    def __init__(self, penalty="l2", *, tol=1e-4, C=1.0, fit_intercept=True, class_weight=None,
                 solver="auto", max_iter=100, warm_start=False, l1_ratio=None,
                 penalty_factor=None):
        self.solver = solver
        self.penalty = penalty
        self.tol = tol
        self.C = C
        self.fit_intercept = fit_intercept
        self.class_weight = class_weight
        self.max_iter = max_iter
        self.warm_start = warm_start
        self.l1_ratio = l1_ratio
        self.penalty_factor = penalty_factor

    def fit(self, X, y, sample_weight=None):
        name = type(self).__name__
        validate_params(self)
        alpha = _glmnet_alpha(self.penalty, self.l1_ratio, name)
        X, y = validate_fit(self, X, y, y_numeric=False)
        pf = check_penalty_factor(self.penalty_factor, X.shape[1], name)
        self.classes_, codes = _check_targets(self, y)
        k = len(self.classes_)
        s = _weights(self, X, codes, sample_weight, k)
        S = X.shape[0] if s is None else s.sum()
        self.lambda_ = 0.0 if self.penalty in (None, "none") else _lambda(self.C, S, name)
        warm_coef = warm_intercept = None
        if self.warm_start and getattr(self, "coef_", None) is not None \
                and self.coef_.shape == ((1 if k == 2 else k), X.shape[1]):
            warm_coef, warm_intercept = self.coef_.T, self.intercept_
        fit = _regkit.logistic_fit(X, codes.astype(np.float64), self.lambda_, alpha=alpha,
                                   multinomial=k > 2, fit_intercept=bool(self.fit_intercept),
                                   standardize=False, tol=_solver_tol(self.tol, alpha, self.C, S),
                                   max_iter=int(self.max_iter),
                                   penalty_factor=pf, sample_weight=s, warm_coef=warm_coef,
                                   warm_intercept=warm_intercept,
                                   solver=_SOLVERS[self.solver])
        self._store(fit["coef"], fit["intercept"])
        self.n_iter_ = np.array([fit["n_iter"]])
        self._call_seconds = fit["call_seconds"]  # the C++ call (benchmarks)
        return self


class LogisticRegressionCV(_LogisticBase):
    """scikit-learn's LogisticRegressionCV: K-fold CV (scikit-learn's StratifiedKFold,
    cv=5 by default) over Cs (an int: np.logspace(-4, 4, Cs)), scored by accuracy (or
    `scoring`, a scikit-learn scorer name or callable); the best C is refit on all data.
    The fold loop is here: each fold is one regkit logistic_path over the fold's lambdas
    1/(C n_fold), warm-started from the largest penalty down. Also `C_1se_` (the smallest
    C whose mean score is within one standard error of the best, cv.glmnet's rule) and
    `lambda_` / `lambda_1se_`."""

    _parameter_constraints = {
        "Cs": [Interval(int, 1, MAX_GRID), ArrayOf(POSITIVE[0])], "fit_intercept": FLAG,
        "cv": CV, "penalty": _PENALTY, "scoring": [NONE, InstanceOf(str, "a str (a scorer name)"), CALLABLE],
        "solver": _SOLVER, "tol": POSITIVE, "max_iter": ITERATIONS,
        "class_weight": _CLASS_WEIGHT, "refit": FLAG, "l1_ratios": [NONE, ArrayOf(RATIO[0])],
        "penalty_factor": PENALTY_FACTOR,
    }

    def __init__(self, *, Cs=10, fit_intercept=True, cv=None, penalty="l2", scoring=None,
                 solver="auto", tol=1e-4, max_iter=100, class_weight=None, refit=True,
                 l1_ratios=None, penalty_factor=None):
        self.solver = solver
        self.Cs = Cs
        self.fit_intercept = fit_intercept
        self.cv = cv
        self.penalty = penalty
        self.scoring = scoring
        self.tol = tol
        self.max_iter = max_iter
        self.class_weight = class_weight
        self.refit = refit
        self.l1_ratios = l1_ratios
        self.penalty_factor = penalty_factor

    def _folds(self, X, y):
        owner = type(self).__name__
        check_cv_folds(self.cv, X.shape[0], owner)
        try:
            from sklearn.model_selection import check_cv
        except ImportError:  # pragma: no cover - stratified contiguous folds by hand
            k = 5 if self.cv is None else int(self.cv)
            fold = np.empty(len(y), dtype=int)
            for c in np.unique(y):
                idx = np.nonzero(y == c)[0]
                fold[idx] = np.arange(len(idx)) * k // len(idx)
            return [(np.nonzero(fold != f)[0], np.nonzero(fold == f)[0]) for f in range(k)]
        try:
            folds = list(check_cv(self.cv, y, classifier=True).split(X, y))
        except (ValueError, TypeError) as e:  # e.g. more folds than members of a class, or
            # folds that are not (train, test) pairs: say which parameter
            raise parameter_error("cv", owner, "a number of folds or splitter that fits the data",
                                  self.cv, note=str(e)) from e
        return check_folds(folds, X.shape[0], owner)

    def fit(self, X, y, sample_weight=None):
        name = type(self).__name__
        validate_params(self)
        ratios = [None] if self.penalty != "elasticnet" else (
            [] if self.l1_ratios is None else [float(r) for r in np.asarray(self.l1_ratios).reshape(-1)])
        if self.penalty == "elasticnet" and not ratios:
            raise parameter_error("l1_ratios", name, "an array-like of floats in the range [0, 1] "
                                  "with penalty='elasticnet'", self.l1_ratios)
        X, y = validate_fit(self, X, y, y_numeric=False)
        pf = check_penalty_factor(self.penalty_factor, X.shape[1], name)
        self.classes_, codes = _check_targets(self, y)
        k = len(self.classes_)
        Cs = (np.logspace(-4, 4, int(self.Cs)) if np.isscalar(self.Cs)
              else np.asarray(self.Cs, dtype=np.float64).reshape(-1))
        s = _weights(self, X, codes, sample_weight, k)
        S_all = X.shape[0] if s is None else s.sum()
        _lambda(Cs.min(), S_all, name)  # the grid's largest lambda must be finite
        scorer = None
        if self.scoring is not None:
            from sklearn.metrics import get_scorer, get_scorer_names
            try:
                scorer = get_scorer(self.scoring)
            except ValueError:  # scikit-learn's message does not name the parameter
                raise parameter_error("scoring", name, "None, a callable or a str among "
                                      f"scikit-learn's {len(get_scorer_names())} scorer names "
                                      "(sklearn.metrics.get_scorer_names())", self.scoring) from None
        folds = self._folds(X, y)
        order = np.argsort(Cs)  # increasing C = decreasing lambda, the path's order
        scores = np.zeros((len(ratios), len(folds), len(Cs)))
        for r, ratio in enumerate(ratios):
            alpha = _glmnet_alpha(self.penalty, ratio, name)
            for f, (train, test) in enumerate(folds):
                S = len(train) if s is None else s[train].sum()
                lambdas = np.array([_lambda(c, S, name) for c in Cs[order]])
                res = _regkit.logistic_path(design(X[train]), codes[train].astype(np.float64),
                                            alpha=alpha, lambdas=lambdas, multinomial=k > 2,
                                            fit_intercept=bool(self.fit_intercept), standardize=False,
                                            # the tightest of the path's per-C tolerances
                                            tol=min(_solver_tol(self.tol, alpha, c, S) for c in Cs),
                                            max_iter=int(self.max_iter),
                                            penalty_factor=pf,
                                            sample_weight=None if s is None else s[train],
                                            solver=_SOLVERS[self.solver])
                fold_classes = np.asarray(res["classes"]).astype(int)
                for j, c_index in enumerate(order):
                    model = LogisticRegression(C=Cs[c_index], fit_intercept=self.fit_intercept)
                    model.classes_ = self.classes_[fold_classes]
                    model.n_features_in_ = X.shape[1]
                    model._store(res["coefs"][j], np.asarray(res["intercepts"])[:, j])
                    scores[r, f, c_index] = (model.score(X[test], y[test]) if scorer is None
                                             else scorer(model, X[test], y[test]))
        mean = scores.mean(axis=1)                       # ratios x Cs
        best_r, best_c = np.unravel_index(np.argmax(mean), mean.shape)
        self.C_ = np.full(1 if k == 2 else k, Cs[best_c])
        self.l1_ratio_ = np.full(1 if k == 2 else k, ratios[best_r] if ratios[best_r] is not None else np.nan)
        self.Cs_ = Cs
        self.scores_ = {c: scores if len(ratios) > 1 else scores[0] for c in (self.classes_[1:] if k == 2 else self.classes_)}
        se = scores[best_r].std(axis=0) / np.sqrt(len(folds))
        within = np.nonzero(mean[best_r] >= mean[best_r, best_c] - se[best_c])[0]
        self.C_1se_ = float(Cs[within].min())
        self.lambda_ = _lambda(Cs[best_c], S_all, name)
        self.lambda_1se_ = _lambda(self.C_1se_, S_all, name)
        model = LogisticRegression(penalty=self.penalty, C=float(Cs[best_c]), tol=self.tol,
                                   solver=self.solver,
                                   fit_intercept=self.fit_intercept, max_iter=self.max_iter,
                                   class_weight=self.class_weight, l1_ratio=ratios[best_r],
                                   penalty_factor=self.penalty_factor)
        model.fit(X, y, sample_weight=sample_weight)
        self.coef_, self.intercept_, self.n_iter_ = model.coef_, model.intercept_, model.n_iter_
        return self
