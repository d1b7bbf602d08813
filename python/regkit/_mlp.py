"""scikit-learn's MLPClassifier on regkit's Keras-style networks (regkit.nn); exported as
regkit.nn.MLPClassifier."""
import sys
import warnings

import numpy as np

from ._base import BaseEstimator, ClassifierMixin, ConvergenceWarning, check_is_fitted
from ._validation import (BOOLEAN, FLAG, ITERATIONS, MAX_ITER, MAX_LAYER_WIDTH, MAX_LAYERS,
                          NON_NEGATIVE, POSITIVE, RANDOM_STATE, RATIO, ArrayOf, Interval, Options,
                          validate_params)
from .nn import SGD, Adam, Dense, Sequential, _check_network_size
from .regularizers import Regularizer


class MLPClassifier(ClassifierMixin, BaseEstimator):
    """scikit-learn's MLPClassifier on regkit's networks: hidden_layer_sizes, activation
    (relu, tanh, logistic, identity), solver (adam, sgd), alpha, batch_size ('auto' =
    min(200, n)), learning_rate_init, max_iter (epochs), momentum, shuffle, random_state.

    The output is a softmax over classes_ with cross-entropy (also for two classes).
    alpha is scikit-learn's L2 term alpha/(2 b) sum W^2 on each batch of b samples, i.e.
    Keras l2(alpha / (2 b)) on the kernels (biases unpenalized, as scikit-learn).

    Stopping as scikit-learn's: training ends when the epoch's training loss has not
    improved on the best loss so far by more than `tol` for more than `n_iter_no_change`
    epochs in a row, or after max_iter epochs (with a ConvergenceWarning). `n_iter_` is
    the number of epochs run, `best_loss_` the lowest epoch loss. (scikit-learn's
    validation-based `early_stopping=True` is not offered.)
    """

    _ACT = {"relu": "relu", "tanh": "tanh", "logistic": "sigmoid", "identity": "linear", "elu": "elu"}
    _parameter_constraints = {
        "hidden_layer_sizes": [Interval(int, 1, MAX_LAYER_WIDTH),
                               ArrayOf(Interval(int, 1, MAX_LAYER_WIDTH), length=(0, MAX_LAYERS))],
        "activation": [Options(_ACT)], "solver": [Options(("adam", "sgd"))],
        "alpha": NON_NEGATIVE, "batch_size": [Options(("auto",)), Interval(int, 1)],
        "learning_rate_init": POSITIVE, "max_iter": ITERATIONS, "momentum": RATIO,
        "shuffle": FLAG, "random_state": RANDOM_STATE, "tol": NON_NEGATIVE,
        "verbose": [BOOLEAN, Interval(int, 0)], "n_iter_no_change": ITERATIONS,
    }

    def __init__(self, hidden_layer_sizes=(100,), activation="relu", *, solver="adam",
                 alpha=1e-4, batch_size="auto", learning_rate_init=1e-3, max_iter=200,
                 momentum=0.9, shuffle=True, random_state=None, tol=1e-4, verbose=False,
                 n_iter_no_change=10):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.solver = solver
        self.alpha = alpha
        self.batch_size = batch_size
        self.learning_rate_init = learning_rate_init
        self.max_iter = max_iter
        self.momentum = momentum
        self.shuffle = shuffle
        self.random_state = random_state
        self.tol = tol
        self.verbose = verbose
        self.n_iter_no_change = n_iter_no_change

    def fit(self, X, y):
        validate_params(self)
        X, y = self._validate_data(X, y, dtype=[np.float32, np.float64], order="C")
        try:
            from sklearn.utils.multiclass import check_classification_targets
            check_classification_targets(y)
        except ImportError:  # pragma: no cover
            pass
        classes, codes = np.unique(y, return_inverse=True)
        n = X.shape[0]
        if self.batch_size == "auto":
            b = min(200, n)
        else:  # as scikit-learn: a batch larger than the data is clipped, with a warning
            b = min(self.batch_size, n)
            if b < self.batch_size:
                warnings.warn(f"MLPClassifier: got batch_size={self.batch_size} larger than the "
                              f"{n} samples; it is clipped to {n}.", UserWarning)
        # A coefficient below the smallest normal double changes no float32 weight: 0 then.
        l2 = float(self.alpha) / (2.0 * b)
        reg = Regularizer(l2=l2 if l2 >= sys.float_info.min else 0.0)
        sizes = np.asarray(self.hidden_layer_sizes).reshape(-1).tolist()  # an int is one layer
        layers = [Dense(int(h), self._ACT[self.activation], kernel_regularizer=reg,
                        kernel_initializer="glorot_uniform") for h in sizes]
        layers.append(Dense(max(2, len(classes)), "softmax", kernel_regularizer=reg))
        _check_network_size(X.shape[1], layers, "hidden_layer_sizes", "MLPClassifier")
        self.classes_ = classes
        self.model_ = Sequential(layers)
        opt = (Adam(self.learning_rate_init) if self.solver == "adam"
               else SGD(self.learning_rate_init, momentum=self.momentum))
        self.model_.compile(opt, "sparse_categorical_crossentropy")
        seed = 0
        if self.random_state is not None:
            rs = (self.random_state if isinstance(self.random_state, np.random.RandomState)
                  else np.random.RandomState(self.random_state))
            seed = int(rs.randint(2**31))
        # scikit-learn's rule: more than n_iter_no_change epochs in a row whose loss is not
        # below best_loss_ - tol, best_loss_ following every lower loss (the best_seen rule).
        # A patience past max_iter never ends the fit, so it is capped there (the C++ int).
        stop = {"monitor": "loss", "min_delta": float(self.tol),
                "patience": min(int(self.n_iter_no_change), int(self.max_iter), MAX_ITER - 1) + 1,
                "rule": "best_seen"}
        hist = self.model_._fit(X, codes, int(self.max_iter), b, None, 0.0, self.shuffle,
                                self.verbose, seed, 0, 1.0, stop)
        self.loss_curve_ = hist.history["loss"]
        self.loss_ = self.loss_curve_[-1]
        self.best_loss_ = min(self.loss_curve_)
        self.n_iter_ = len(self.loss_curve_)
        if not hist.stopped_early:
            warnings.warn(f"MLPClassifier: maximum iterations ({self.max_iter}) reached and the "
                          "optimization hasn't converged yet.", ConvergenceWarning)
        w = self.model_.get_weights()
        self.coefs_, self.intercepts_ = w[0::2], w[1::2]
        return self

    def predict_proba(self, X):
        check_is_fitted(self)
        X = self._validate_data(X, reset=False, dtype=[np.float32, np.float64], order="C")
        P = self.model_.predict(X).astype(np.float64)
        return P[:, : len(self.classes_)] / P[:, : len(self.classes_)].sum(axis=1, keepdims=True)

    def predict(self, X):
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]


MLPClassifier.__module__ = "regkit.nn"  # its public home (pickles and reprs name it there)
