"""Keras-style neural networks on regkit's C++ core (include/regkit/nn/*.hpp):

    from regkit import nn, regularizers
    model = nn.Sequential([
        nn.Dense(256, activation="elu", kernel_initializer="he_normal",
                 kernel_regularizer=regularizers.l2(1e-3)),
        nn.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=nn.optimizers.Adam(learning_rate=1e-3),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x, y, epochs=30, batch_size=64, validation_data=(xv, yv))
    history.history["val_accuracy"]          # a dict of per-epoch lists, as Keras's
    model.evaluate(xt, yt)                    # [loss, accuracy]

Networks compute in float32. Inputs are read in place when they are C-ordered float32,
float64 or uint8 arrays (uint8 stays one byte per value; pass `scale=1/255` to fit /
evaluate / predict to scale pixels as they are batched); labels are converted to float32.
The loss includes the regularizers' penalty, as Keras reports it.

MLPClassifier is scikit-learn's estimator of that name on the same networks.
"""
import sys
import types

import numpy as np

from . import _regkit
from ._validation import (BOOLEAN, FLAG, MAX_ITER, MAX_LAYER_WIDTH,
                          MAX_SEED, MAX_THREADS, MAX_WEIGHTS, NON_NEGATIVE, NONE, POSITIVE,
                          RATIO, ArrayOf, InstanceOf, Interval, Options,
                          check_param, parameter_error)
from .regularizers import Regularizer

__all__ = ["Sequential", "Dense", "Dropout", "Flatten", "History", "optimizers", "callbacks",
           "EarlyStopping", "MLPClassifier", "load_fashion_mnist"]


# Constraints of the network classes' arguments.
_UNITS = [Interval(int, 1, MAX_LAYER_WIDTH)]
_INPUT_DIM = [NONE, Interval(int, 1, MAX_WEIGHTS)]   # the first kernel has input_dim x units weights
_INPUT_SHAPE = [NONE, ArrayOf(Interval(int, 1, MAX_WEIGHTS), length=(1, 8), scalar=True)]
_NAME = [InstanceOf(str, "a str")]                    # a registry name, checked by the C++ core
_LABEL = [NONE, InstanceOf(str, "a str")]             # a layer's or model's name
_REGULARIZER = [NONE, InstanceOf(Regularizer, "a regularizer from regkit.regularizers "
                                              "(l1, l2, l1_l2)")]
_SEED = [Interval(int, 0, MAX_SEED)]
_BATCH_SIZE = [NONE, Interval(int, 1)]                # larger than the data: one batch (as Keras)
_VERBOSE = [BOOLEAN, Interval(int, 0, 2), Options(("auto",))]
_SCALE = POSITIVE


def _reg(r):
    return (0.0, 0.0) if r is None else (r.l1, r.l2)


def _input_width(input_shape, input_dim, owner):
    if input_dim is not None:
        return int(input_dim)
    if input_shape is None:
        return None
    width = int(np.prod(np.asarray(input_shape, dtype=np.int64).reshape(-1), dtype=object))
    if width > MAX_WEIGHTS:
        raise parameter_error("input_shape", owner, f"a shape of at most {MAX_WEIGHTS} values",
                              input_shape, note=f"it holds {width} values")
    return width


def _check_registry_names(activation, kernel_initializer):
    """Unknown activation or initializer names, refused by the C++ registries (the one list
    of names) on a throwaway network, as an error naming the parameter."""
    try:
        _regkit.nn.Sequential().add_dense(1, activation, kernel_initializer)
    except _regkit.InvalidArgument as e:
        name, value = (("kernel_initializer", kernel_initializer)
                       if str(e).startswith("initializer") else ("activation", activation))
        raise parameter_error(name, "Dense", "a name regkit knows", value, note=str(e)) from None


def _network_size(input_dim, layers):
    """Weights and biases of a network of these layers on inputs of width input_dim."""
    total, width = 0, int(input_dim)
    for layer in layers:
        if isinstance(layer, Dense):
            total += width * layer.units + (layer.units if layer.use_bias else 0)
            width = layer.units
    return total


def _check_network_size(input_dim, layers, name, owner):
    """Refuses a network over MAX_WEIGHTS before the C++ core allocates it."""
    total = _network_size(input_dim, layers)
    if total > MAX_WEIGHTS:
        widths = [layer.units for layer in layers if isinstance(layer, Dense)]
        raise parameter_error(
            name, owner, f"layer widths giving at most {MAX_WEIGHTS} weights and biases",
            widths, note=f"with inputs of width {input_dim} the network has {total}; "
                         f"the limit is regkit._validation.MAX_WEIGHTS")


class Dense:
    """keras.layers.Dense(units, activation, kernel_initializer, kernel_regularizer,
    bias_regularizer, use_bias); `input_shape=(p,)` is accepted as in Keras."""

    _constraints = {"units": _UNITS, "activation": [NONE] + _NAME, "kernel_initializer": _NAME,
                    "kernel_regularizer": _REGULARIZER, "bias_regularizer": _REGULARIZER,
                    "use_bias": FLAG, "input_dim": _INPUT_DIM, "name": _LABEL}

    def __init__(self, units, activation=None, *, kernel_initializer="glorot_uniform",
                 kernel_regularizer=None, bias_regularizer=None, use_bias=True,
                 input_shape=None, input_dim=None, name=None):
        check_param(input_shape, _INPUT_SHAPE, "input_shape", "Dense")
        self.units = units
        self.activation = "linear" if activation is None else activation
        self.kernel_initializer = kernel_initializer
        self.kernel_regularizer = kernel_regularizer
        self.bias_regularizer = bias_regularizer
        self.use_bias = use_bias
        self.input_dim = input_dim
        self.name = name
        self._check()
        self.units = int(units)
        self.input_dim = _input_width(input_shape, input_dim, "Dense")
        self._model = None
        self._index = None

    def _check(self):
        for key, constraints in self._constraints.items():
            check_param(getattr(self, key), constraints, key, "Dense")
        _check_registry_names(self.activation, self.kernel_initializer)

    def _add_to(self, net):
        net.add_dense(self.units, self.activation, self.kernel_initializer,
                      _reg(self.kernel_regularizer), _reg(self.bias_regularizer), self.use_bias)

    def get_weights(self):
        """[kernel (in x out), bias (out)] of a built network, as Keras's."""
        if self._model is None:
            raise ValueError("Dense.get_weights: the layer is not part of a built model")
        return self._model._layer_weights(self)


class Dropout:
    """keras.layers.Dropout(rate, seed)."""

    _constraints = {"rate": [Interval(float, 0, 1, open="right")], "seed": _SEED, "name": _LABEL}

    def __init__(self, rate, seed=0, name=None):
        self.rate, self.seed, self.name = rate, seed, name
        self._check()
        self.rate = float(rate)
        self.seed = int(seed)

    def _check(self):
        for key, constraints in self._constraints.items():
            check_param(getattr(self, key), constraints, key, "Dropout")

    def get_weights(self):
        return []

    def _add_to(self, net):
        net.add_dropout(self.rate, self.seed)


class Flatten:
    """keras.layers.Flatten: inputs are flattened to rows anyway; accepted for Keras code."""

    def __init__(self, input_shape=None, name=None):
        check_param(input_shape, _INPUT_SHAPE, "input_shape", "Flatten")
        check_param(name, _LABEL, "name", "Flatten")
        self.input_dim = _input_width(input_shape, None, "Flatten")
        self.name = name

    def _check(self):
        check_param(self.name, _LABEL, "name", "Flatten")

    def _add_to(self, net):
        pass

    def get_weights(self):
        return []


class _Optimizer:
    name = ""
    # Every setting's constraints; the C++ optimizers check them again.
    _constraints = {"learning_rate": POSITIVE, "weight_decay": [NONE] + NON_NEGATIVE,
                    "proximal_l1": NON_NEGATIVE}

    def __init__(self, learning_rate=None, **kwargs):
        self.learning_rate = learning_rate
        self.kwargs = kwargs
        self._check()

    def _check(self):
        owner = type(self).__name__
        for key, value in self.settings().items():
            check_param(value, self._constraints[key], key, owner)

    def settings(self):
        return dict(learning_rate=self.learning_rate, **self.kwargs)


class SGD(_Optimizer):
    """SGD(learning_rate=0.01, momentum=0, nesterov=False, weight_decay=0): weight decay
    coupled as PyTorch's: w <- (1 - lr d) w - lr grad (without momentum)."""
    name = "sgd"
    _constraints = dict(_Optimizer._constraints, momentum=RATIO, nesterov=FLAG)

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, weight_decay=None,
                 proximal_l1=0.0):
        super().__init__(learning_rate, momentum=momentum, nesterov=nesterov,
                         weight_decay=weight_decay, proximal_l1=proximal_l1)

    def _check(self):
        super()._check()
        if self.kwargs["nesterov"] and not self.kwargs["momentum"] > 0:
            raise parameter_error("nesterov", "SGD", "False when momentum is 0",
                                  self.kwargs["nesterov"], note="Nesterov momentum needs momentum > 0")


class Adam(_Optimizer):
    """Adam(learning_rate=1e-3, weight_decay=None (coupled), proximal_l1=0)."""
    name = "adam"

    def __init__(self, learning_rate=1e-3, weight_decay=None, proximal_l1=0.0):
        super().__init__(learning_rate, weight_decay=weight_decay, proximal_l1=proximal_l1)


class AdamW(_Optimizer):
    """AdamW(learning_rate=1e-3, weight_decay): decoupled weight decay (Loshchilov & Hutter)."""
    name = "adamw"

    def __init__(self, learning_rate=1e-3, weight_decay=0.01, proximal_l1=0.0):
        super().__init__(learning_rate, weight_decay=weight_decay, proximal_l1=proximal_l1)


class _RegistryOptimizer(_Optimizer):
    """An optimizer the C++ registry has and this module has no class for, by name, with
    its own default settings."""
    _constraints = dict(_Optimizer._constraints, learning_rate=[NONE] + POSITIVE)

    def __init__(self, name):
        self.name = name
        super().__init__(None)


_OPTIMIZERS = {"sgd": SGD, "adam": Adam, "adamw": AdamW}  # the classes, by registry name
optimizers = types.ModuleType("regkit.nn.optimizers", "Optimizers: SGD, Adam, AdamW")
optimizers.SGD, optimizers.Adam, optimizers.AdamW = SGD, Adam, AdamW
sys.modules["regkit.nn.optimizers"] = optimizers


class EarlyStopping:
    """keras.callbacks.EarlyStopping, run inside the C++ fit: stop when `monitor` (val_loss,
    val_accuracy, loss, accuracy) has not improved by more than `min_delta` for `patience`
    epochs in a row; `restore_best_weights` puts back the best epoch's weights at the end.
    Pass it in fit's `callbacks` list (the only callback regkit runs; progress lines come
    from `verbose`)."""

    _constraints = {"monitor": [Options(("val_loss", "val_accuracy", "loss", "accuracy"))],
                    # Keras uses abs(min_delta): any finite number
                    "min_delta": [Interval(float, -np.inf, np.inf)],
                    "patience": [Interval(int, 0, MAX_ITER)], "restore_best_weights": FLAG}

    def __init__(self, monitor="val_loss", min_delta=0.0, patience=0, restore_best_weights=False):
        self.monitor = monitor
        self.min_delta = min_delta
        self.patience = patience
        self.restore_best_weights = restore_best_weights
        self._check()

    def _check(self):
        for key, constraints in self._constraints.items():
            check_param(getattr(self, key), constraints, key, "EarlyStopping")

    def _settings(self):
        self._check()
        return {"monitor": str(self.monitor), "min_delta": abs(float(self.min_delta)),
                "patience": int(self.patience),
                "restore_best_weights": bool(self.restore_best_weights), "rule": "keras"}


callbacks = types.ModuleType("regkit.nn.callbacks", "Callbacks: EarlyStopping (keras.callbacks)")
callbacks.EarlyStopping = EarlyStopping
sys.modules["regkit.nn.callbacks"] = callbacks


def _early_stopping(cbs):
    if cbs is None:
        return None
    expected = "None or a list of regkit.nn.callbacks.EarlyStopping only"
    if not isinstance(cbs, (list, tuple)):
        raise parameter_error("callbacks", "Sequential.fit", expected, cbs, exc=TypeError)
    found = None
    for cb in cbs:
        if not isinstance(cb, EarlyStopping):
            raise parameter_error("callbacks", "Sequential.fit", expected, cb, exc=TypeError,
                                  note="an item of the list")
        if found is not None:
            raise ValueError("Sequential.fit: at most one EarlyStopping callback")
        found = cb._settings()
    return found


_LAYERS = (Dense, Dropout, Flatten)


class History:
    """What fit returns: `history` is a dict of per-epoch lists (loss, accuracy, penalty,
    and val_loss / val_accuracy with validation data), `epoch` the epoch numbers."""

    def __init__(self, raw, has_validation):
        keys = ["loss", "accuracy", "penalty"] + (["val_loss", "val_accuracy"] if has_validation else [])
        self.history = {k: list(raw[k]) for k in keys}
        self.seconds = list(raw["seconds"])
        self.epoch = list(range(len(self.history["loss"])))
        self.best_epoch = raw["best_epoch"]
        self.stopped_early = raw["stopped_early"]


def _check_inference_args(owner, batch_size, verbose, scale):
    check_param(batch_size, _BATCH_SIZE, "batch_size", owner)
    check_param(verbose, _VERBOSE, "verbose", owner)
    check_param(scale, _SCALE, "scale", owner)


def _batch(batch_size, x, default):
    """batch_size for the binding: None is the default; larger than the data is the data."""
    return int(min(default if batch_size is None else batch_size, max(1, x.shape[0])))


def _optimizer_names():
    """The optimizer names: the C++ registry's when the binding exposes it (the one list),
    else the classes defined here."""
    names = getattr(_regkit.nn, "optimizer_names", None)
    if names is None:
        return sorted(_OPTIMIZERS)
    return sorted(names() if callable(names) else names)


def _rows(x):
    x = np.asarray(x)
    if x.ndim == 1:
        x = x.reshape(-1, 1)
    elif x.ndim > 2:
        x = x.reshape(x.shape[0], -1)
    if x.dtype not in (np.float32, np.float64, np.uint8):
        x = x.astype(np.float32)
    return np.ascontiguousarray(x)


def _targets(y):
    y = np.asarray(y, dtype=np.float32)
    return np.ascontiguousarray(y.reshape(len(y), -1))


class Sequential:
    """keras.Sequential: add, compile, fit, evaluate, predict, get_weights, set_weights,
    save / load (regkit's model file)."""

    def __init__(self, layers=None, name=None):
        expected = "None or a list of regkit.nn layers (Dense, Dropout, Flatten)"
        if layers is not None and not isinstance(layers, (list, tuple)):
            raise parameter_error("layers", "Sequential", expected, layers, exc=TypeError)
        for layer in layers or []:
            if not isinstance(layer, _LAYERS):
                raise parameter_error("layers", "Sequential", expected, layer, exc=TypeError,
                                      note="an item of the list")
        check_param(name, _LABEL, "name", "Sequential")
        self.layers = []
        self.name = name
        self._net = _regkit.nn.Sequential()
        self._compiled = False
        for layer in layers or []:
            self.add(layer)

    def add(self, layer):
        if not isinstance(layer, _LAYERS):
            raise parameter_error("layer", "Sequential.add", "a regkit.nn layer (Dense, Dropout, "
                                  "Flatten)", layer, exc=TypeError)
        if self._compiled:
            raise ValueError("Sequential.add: add every layer before compile")
        layer._check()  # again: a layer's attributes may have changed since it was made
        layer._add_to(self._net)
        self.layers.append(layer)  # Flatten too: layers[i] indexes as in Keras
        if isinstance(layer, Dense):
            layer._model = self
        if getattr(layer, "input_dim", None) and not hasattr(self, "_input_dim"):
            self._input_dim = layer.input_dim
        return self

    # Pickling (scikit-learn's clone / joblib, and users): the layer descriptions, the
    # compile settings, the weights and the optimizer's state (step count, momentum or
    # Adam moments), so that fit continues after unpickling exactly as it would have
    # without; the C++ network is rebuilt on unpickling.
    def __getstate__(self):
        state = {k: v for k, v in self.__dict__.items() if k != "_net"}
        state["_built_input_dim"] = self._net.input_dim if self._net.built else None
        state["_weights"] = self._net.get_weights() if self._net.built else None
        state["_optimizer_state"] = self._net.optimizer_state() if self._compiled else None
        return state

    def __setstate__(self, state):
        weights = state.pop("_weights")
        input_dim = state.pop("_built_input_dim")
        optimizer_state = state.pop("_optimizer_state", None)
        self.__dict__.update(state)
        self._net = _regkit.nn.Sequential()
        for layer in self.layers:
            layer._add_to(self._net)
        if self._compiled:
            self._net.compile(self.optimizer.name, loss=self.loss, **self.optimizer.settings())
        if input_dim is not None:
            self._net.build(input_dim, 0)
            self._net.set_weights(weights)
            if optimizer_state is not None:
                self._net.set_optimizer_state(optimizer_state)

    def compile(self, optimizer="adam", loss="sparse_categorical_crossentropy", metrics=None,
                seed=0):
        """optimizer: a name (sgd, adam, adamw) or regkit.nn.optimizers.X(...); loss by name
        (mse, binary_crossentropy, sparse_categorical_crossentropy). Accuracy is always
        measured (`metrics` is accepted for Keras code). With input_shape on the first
        layer the weights are created here from `seed`, else at the first fit."""
        owner = "Sequential.compile"
        if isinstance(optimizer, str):
            names = _optimizer_names()
            if optimizer.lower() not in names:
                known = "{" + ", ".join(repr(n) for n in names) + "}"
                raise parameter_error("optimizer", owner, f"a str among {known} or an optimizer "
                                      "from regkit.nn.optimizers", optimizer)
            cls = _OPTIMIZERS.get(optimizer.lower())
            optimizer = cls() if cls is not None else _RegistryOptimizer(optimizer.lower())
        elif isinstance(optimizer, _Optimizer):
            optimizer._check()  # its settings may have changed since it was made
        else:
            raise parameter_error("optimizer", owner, "a str (an optimizer name) or an optimizer "
                                  "from regkit.nn.optimizers", optimizer, exc=TypeError)
        check_param(loss, _NAME, "loss", owner)
        if metrics is not None and not (isinstance(metrics, (list, tuple)) and all(
                isinstance(m, str) or callable(m) for m in metrics)):
            raise parameter_error("metrics", owner, "None or a list of metric names or callables "
                                  "(accuracy is always measured)", metrics, exc=TypeError)
        check_param(seed, _SEED, "seed", owner)
        if hasattr(self, "_input_dim"):
            _check_network_size(self._input_dim, self.layers, "units", owner)
        loss = {"mse": "mean_squared_error", "mean_squared_error": "mean_squared_error"}.get(loss, loss)
        try:
            self._net.compile(optimizer.name, loss=loss, **optimizer.settings())
        except _regkit.InvalidArgument as e:
            if str(e).startswith("loss"):  # the C++ loss registry, the one list of names
                raise parameter_error("loss", owner, "a loss name regkit knows", loss,
                                      note=str(e)) from None
            raise
        self._compiled = True
        self.optimizer = optimizer
        self.loss = loss
        if hasattr(self, "_input_dim"):
            self._net.build(self._input_dim, seed)
        return self

    def build(self, input_dim, seed=0):
        check_param(input_dim, _INPUT_DIM[1:], "input_dim", "Sequential.build")
        check_param(seed, _SEED, "seed", "Sequential.build")
        _check_network_size(input_dim, self.layers, "input_dim", "Sequential.build")
        self._net.build(int(input_dim), int(seed))

    def fit(self, x, y, epochs=1, batch_size=32, validation_data=None, validation_split=0.0,
            shuffle=True, verbose=1, seed=0, threads=0, scale=1.0, callbacks=None):
        """Trains and returns a History (history.history as Keras's). `seed` drives the
        shuffling (and the initialization if not built yet); `threads` 0 = all cores;
        `scale` multiplies uint8 inputs as batches are formed (1/255 for pixels);
        `callbacks`: [regkit.nn.callbacks.EarlyStopping(...)] or None."""
        owner = "Sequential.fit"
        for name, value, constraints in (
                ("epochs", epochs, [Interval(int, 0, MAX_ITER)]),
                ("batch_size", batch_size, _BATCH_SIZE),
                ("validation_split", validation_split, [Interval(float, 0, 1, open="right")]),
                ("shuffle", shuffle, FLAG), ("verbose", verbose, _VERBOSE), ("seed", seed, _SEED),
                ("threads", threads, [Interval(int, 0, MAX_THREADS)]), ("scale", scale, _SCALE)):
            check_param(value, constraints, name, owner)
        if validation_data is not None and not (
                isinstance(validation_data, (list, tuple)) and len(validation_data) == 2):
            raise parameter_error("validation_data", owner, "None or a pair (x_val, y_val)",
                                  validation_data, exc=TypeError)
        if validation_data is not None and validation_split > 0:
            raise parameter_error("validation_split", owner, "0 when validation_data is given",
                                  validation_split)
        return self._fit(x, y, epochs, 32 if batch_size is None else batch_size, validation_data,
                         validation_split, shuffle, verbose, seed, threads, scale,
                         _early_stopping(callbacks))

    def _fit(self, x, y, epochs, batch_size, validation_data, validation_split, shuffle,
             verbose, seed, threads, scale, early_stopping):
        x, y = _rows(x), _targets(y)
        xv = yv = None
        if validation_data is not None:
            xv, yv = _rows(validation_data[0]), _targets(validation_data[1])
        if not self._net.built:  # the first fit builds the network for x's width
            _check_network_size(x.shape[1], self.layers, "units", "Sequential.fit")
        elif hasattr(self, "_input_dim") and x.shape[1] != self._net.input_dim:
            raise ValueError(f"Sequential.fit: x has {x.shape[1]} columns, but the model was made "
                             f"for {self._net.input_dim} inputs (the first layer's 'input_dim' / "
                             "'input_shape').")
        if validation_split > 0:  # the C++ core's split: the first rows train, the rest validate
            train_rows = int(x.shape[0] * (1.0 - validation_split))
            if not 1 <= train_rows < x.shape[0]:
                raise parameter_error("validation_split", "Sequential.fit",
                                      "a fraction leaving training and validation rows",
                                      validation_split, note=f"it leaves {train_rows} of "
                                      f"{x.shape[0]} rows for training")
        # A batch larger than the data is the whole data, as in Keras and the C++ core; the
        # clamp keeps Python ints beyond int64 out of the binding.
        batch_size = min(batch_size, max(1, x.shape[0]))

        def progress(log):
            extra = "".join(f" - {k}: {log[k]:.4f}" for k in ("val_loss", "val_accuracy") if k in log)
            print(f"Epoch {log['epoch']}/{log['epochs']} - {log['seconds']:.1f}s - loss: "
                  f"{log['loss']:.4f} - accuracy: {log['accuracy']:.4f}{extra}", flush=True)

        raw = self._net.fit(x, y, epochs=int(epochs), batch_size=int(batch_size), x_val=xv,
                            y_val=yv, validation_split=float(validation_split),
                            shuffle=bool(shuffle), seed=int(seed), threads=int(threads),
                            u8_scale=float(scale), on_epoch_end=progress if verbose else None,
                            early_stopping=early_stopping)
        self.history = History(raw, xv is not None or validation_split > 0)
        return self.history

    def evaluate(self, x, y, batch_size=256, verbose=0, scale=1.0, return_dict=False):
        """[loss (with penalty), accuracy] as Keras's evaluate with metrics=['accuracy']."""
        _check_inference_args("Sequential.evaluate", batch_size, verbose, scale)
        check_param(return_dict, FLAG, "return_dict", "Sequential.evaluate")
        x = _rows(x)
        r = self._net.evaluate(x, _targets(y), batch_size=_batch(batch_size, x, 256),
                               u8_scale=float(scale))
        if return_dict:
            return {"loss": r["loss"], "accuracy": r["accuracy"]}
        return [r["loss"], r["accuracy"]]

    def predict(self, x, batch_size=256, verbose=0, scale=1.0):
        _check_inference_args("Sequential.predict", batch_size, verbose, scale)
        x = _rows(x)
        return self._net.predict(x, batch_size=_batch(batch_size, x, 256), u8_scale=float(scale))

    def get_weights(self):
        return self._net.get_weights()

    def set_weights(self, weights):
        self._net.set_weights([np.ascontiguousarray(w, dtype=np.float32) for w in weights])

    def _layer_weights(self, layer):
        # Parameters come in layer order: a Dense has its kernel, then its bias.
        weights, at = self._net.get_weights(), 0
        for l in self.layers:
            count = (2 if l.use_bias else 1) if isinstance(l, Dense) else 0
            if l is layer:
                return weights[at: at + count]
            at += count
        raise ValueError("Dense.get_weights: the layer is not in this model")

    def save(self, path):
        self._net.save(str(path))

    @property
    def built(self):
        return self._net.built


def load_fashion_mnist(path="/usr/share/datasets/fashion-mnist", validation=5000):
    """((x_train, y_train), (x_valid, y_valid), (x_test, y_test)) from Debian's
    dataset-fashion-mnist: uint8 pixels (n x 784), float32 labels; the validation images
    are the first `validation` training images, as the seed notebooks split them."""
    return _regkit.nn.load_fashion_mnist(path, validation)


# Last: _mlp builds on the classes above (a module of its own, imported once they exist).
from ._mlp import MLPClassifier  # noqa: E402

layers = types.ModuleType("regkit.nn.layers", "Layers: Dense, Dropout, Flatten (keras.layers)")
layers.Dense, layers.Dropout, layers.Flatten = Dense, Dropout, Flatten
sys.modules["regkit.nn.layers"] = layers
models = types.ModuleType("regkit.nn.models", "Models: Sequential (keras.models)")
models.Sequential = Sequential
sys.modules["regkit.nn.models"] = models
