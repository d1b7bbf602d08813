"""scikit-learn base classes when scikit-learn is importable, small stand-ins otherwise,
and the input conversion shared by the estimators.

Input layout (no copies where the layout allows): the solvers read X in place when it is
a float64 array in Fortran (column-major) order or a SciPy CSC matrix with int32 indices;
other inputs (C order, float32, integers, CSR, int64 indices) are converted once, which
copies. float32 is converted because the linear solvers compute in double.
"""
import inspect

import numpy as np

try:  # scikit-learn: estimator API, input validation, NotFittedError, ConvergenceWarning
    from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin
    from sklearn.exceptions import ConvergenceWarning, NotFittedError
    from sklearn.utils.validation import _check_sample_weight, check_is_fitted

    HAVE_SKLEARN = True
except ImportError:  # pragma: no cover - exercised only without python3-sklearn
    HAVE_SKLEARN = False

    class NotFittedError(ValueError, AttributeError):
        """Raised by predict before fit."""

    class ConvergenceWarning(UserWarning):
        """A solver stopped at its iteration limit."""

    class BaseEstimator:
        """get_params / set_params from the constructor's signature, as scikit-learn's."""

        @classmethod
        def _get_param_names(cls):
            sig = inspect.signature(cls.__init__)
            return sorted(p.name for p in sig.parameters.values()
                          if p.name != "self" and p.kind != p.VAR_KEYWORD)

        def get_params(self, deep=True):
            return {k: getattr(self, k) for k in self._get_param_names()}

        def set_params(self, **params):
            valid = self._get_param_names()
            for k, v in params.items():
                if k not in valid:
                    raise ValueError(f"Invalid parameter {k!r} for estimator {self!r}")
                setattr(self, k, v)
            return self

        def __repr__(self):
            args = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
            return f"{type(self).__name__}({args})"

        def _validate_data(self, X, y="no_validation", reset=True, **kwargs):
            X = _fallback_array(X, kwargs.get("accept_sparse"))
            if reset:
                self.n_features_in_ = X.shape[1]
            elif X.shape[1] != self.n_features_in_:
                raise ValueError(f"X has {X.shape[1]} features, but {type(self).__name__} "
                                 f"is expecting {self.n_features_in_} features as input")
            if isinstance(y, str) and y == "no_validation":
                return X
            if y is None:
                raise ValueError(f"{type(self).__name__} requires y to be passed, but the target y is None")
            y = np.asarray(y)
            if y.ndim == 2 and y.shape[1] == 1 and not kwargs.get("multi_output"):
                y = y.ravel()
            if y.shape[0] != X.shape[0]:
                raise ValueError(f"X has {X.shape[0]} samples but y has {y.shape[0]}")
            return X, y

    class RegressorMixin:
        _estimator_type = "regressor"

        def score(self, X, y, sample_weight=None):
            y = np.asarray(y, dtype=float)
            pred = self.predict(X)
            w = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, float)
            ybar = np.average(y, axis=0, weights=w)
            num = (w[:, None] * (y.reshape(len(y), -1) - pred.reshape(len(y), -1)) ** 2).sum(0)
            den = (w[:, None] * (y.reshape(len(y), -1) - ybar) ** 2).sum(0)
            return float(np.mean(1.0 - num / den))

    class ClassifierMixin:
        _estimator_type = "classifier"

        def score(self, X, y, sample_weight=None):
            return float(np.average(self.predict(X) == np.asarray(y), weights=sample_weight))

    def check_is_fitted(estimator, attributes=None):
        if not any(k.endswith("_") and not k.startswith("__") for k in vars(estimator)):
            raise NotFittedError(f"This {type(estimator).__name__} instance is not fitted yet. "
                                 "Call 'fit' with appropriate arguments before using this estimator.")

    def _check_sample_weight(sample_weight, X, dtype=None):
        n = X.shape[0]
        if sample_weight is None:
            return np.ones(n, dtype=np.float64)
        if np.isscalar(sample_weight):
            return np.full(n, float(sample_weight))
        sw = np.asarray(sample_weight, dtype=np.float64)
        if sw.ndim != 1 or sw.shape[0] != n:
            raise ValueError(f"sample_weight.shape == {sw.shape}, expected ({n},)!")
        return sw

    def _fallback_array(X, accept_sparse):
        if hasattr(X, "tocsc"):
            if not accept_sparse:
                raise TypeError("A sparse matrix was passed, but dense data is required.")
            return X
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2:
            raise ValueError(f"Expected 2D array, got {X.ndim}D array instead")
        if not np.isfinite(X).all():
            raise ValueError("Input contains NaN or infinity.")
        return X


def issparse(X):
    return hasattr(X, "tocsc") and hasattr(X, "format")


def design(X):
    """X as the solvers read it: float64 Fortran-ordered, or CSC float64 with int32
    indices in canonical form (sorted, no duplicates). Returns X itself when it already is
    one (no copy); never modifies the caller's matrix."""
    if issparse(X):
        given = X
        if X.format != "csc":
            X = X.tocsc()
        if X.dtype != np.float64:
            X = X.astype(np.float64)
        if max(X.shape[0], X.nnz) > np.iinfo(np.int32).max:
            raise ValueError(f"regkit: a sparse X of shape {X.shape} with {X.nnz} stored values "
                             "needs 64-bit indices; the solvers take 32-bit ones")
        if X.indices.dtype != np.int32 or X.indptr.dtype != np.int32:
            X = X.copy() if X is given else X
            X.indices = X.indices.astype(np.int32)
            X.indptr = X.indptr.astype(np.int32)
        # SciPy allows duplicate (row, column) entries, meaning their sum; the solvers read
        # each stored value as its own entry, so duplicates are summed first, never in the
        # caller's matrix. has_canonical_format also covers sorted indices.
        if not X.has_canonical_format:
            X = X.copy() if X is given else X
            X.sum_duplicates()
        return X
    return np.asfortranarray(X, dtype=np.float64)


_KWARGS = dict(accept_sparse=["csc", "csr", "coo"], dtype=[np.float64, np.float32], order="F")


def _ready(estimator, X, y):
    """The fast path of validate_fit: X a non-empty float64 Fortran-ordered ndarray and y
    a float64 1-D ndarray of as many rows, which scikit-learn's check_array would return
    unchanged. Its checks cost about 0.13 ms a call (a quarter of a sub-millisecond Lasso
    fit); here only the finiteness check is left, and the C++ solvers make it in their
    first pass over X (an InvalidArgument, a ValueError, naming the row and column)."""
    if not (type(X) is np.ndarray and type(y) is np.ndarray and X.dtype == np.float64
            and y.dtype == np.float64 and X.ndim == 2 and y.ndim == 1 and X.flags.f_contiguous
            and X.shape[0] > 0 and X.shape[1] > 0 and y.shape[0] == X.shape[0]):
        return False
    if hasattr(estimator, "feature_names_in_"):  # as scikit-learn's reset for an ndarray
        del estimator.feature_names_in_
    estimator.n_features_in_ = X.shape[1]
    return True


def validate_fit(estimator, X, y, multi_output=False, y_numeric=True, fast=False):
    """scikit-learn's input validation (the messages its checks expect), keeping a float64
    Fortran-ordered or CSC X as it is. Returns (X, y). fast: the single-fit estimators
    (one C++ call that checks X and y itself) skip it for inputs already in the solvers'
    layout (_ready); the CV estimators compute grids from X in Python first."""
    if fast and y_numeric and _ready(estimator, X, y):
        return X, y
    if y is None:
        raise ValueError(f"{type(estimator).__name__} requires y to be passed, but the target y is None")
    X, y = estimator._validate_data(X, y, reset=True, multi_output=multi_output,
                                    y_numeric=y_numeric, **_KWARGS)
    return design(X), y


def validate_predict(estimator, X):
    check_is_fitted(estimator)
    X = estimator._validate_data(X, reset=False, accept_sparse=["csr", "csc", "coo"])
    return X


def predict_linear(X, coef, intercept):
    out = X @ coef
    return np.asarray(out) + intercept
