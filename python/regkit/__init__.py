"""regkit: regularized learning (lasso, ridge, elastic net, logistic regression, neural
networks with L1 / L2 penalties) on a C++ core.

    import regkit
    regkit.Lasso(alpha=0.1).fit(X, y)              # scikit-learn estimators
    regkit.lasso_path(X, y)                        # scikit-learn's path functions
    model = regkit.nn.Sequential([...])            # Keras-style networks

Errors from the C++ core keep its message: regkit.InvalidArgument and regkit.DataError
are ValueErrors, regkit.NumericalError a RuntimeError.
"""
from . import _regkit
from ._regkit import DataError, InvalidArgument, NumericalError
from .linear_model import (ElasticNet, ElasticNetCV, Lasso, LassoCV, Ridge, RidgeCV,
                           enet_path, lasso_path)
from . import regularizers
from . import nn

if hasattr(_regkit, "logistic_fit"):  # builds with the logistic solver (linear/logistic.hpp)
    from .logistic import LogisticRegression, LogisticRegressionCV  # noqa: F401

__version__ = "0.1.0"
__all__ = ["Ridge", "RidgeCV", "Lasso", "LassoCV", "ElasticNet", "ElasticNetCV",
           "LogisticRegression", "LogisticRegressionCV", "lasso_path", "enet_path",
           "nn", "regularizers", "InvalidArgument", "DataError", "NumericalError"]
