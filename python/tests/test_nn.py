"""regkit.nn: Keras-shaped API over the C++ networks, and the MLPClassifier estimator."""
import numpy as np
import pytest

import regkit
from regkit import nn, regularizers


def blobs(rng, n=300, p=6, k=3):
    centers = rng.standard_normal((k, p)) * 3.0
    y = rng.integers(0, k, n)
    X = centers[y] + rng.standard_normal((n, p))
    return X.astype(np.float32), y


def test_sequential_fit_history_evaluate_predict(rng):
    X, y = blobs(rng)
    model = nn.Sequential([
        nn.Dense(16, activation="relu", kernel_initializer="he_normal",
                 kernel_regularizer=regularizers.l2(1e-3), input_shape=(6,)),
        nn.Dense(3, activation="softmax"),
    ])
    model.compile(optimizer=nn.optimizers.Adam(learning_rate=1e-2),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(X[:240], y[:240], epochs=20, batch_size=32, verbose=0,
                        validation_data=(X[240:], y[240:]), seed=1)
    assert set(history.history) == {"loss", "accuracy", "penalty", "val_loss", "val_accuracy"}
    assert len(history.history["loss"]) == 20
    assert history.history["loss"][-1] < history.history["loss"][0]
    loss, acc = model.evaluate(X[240:], y[240:])
    assert acc > 0.9
    P = model.predict(X[:5])
    assert P.shape == (5, 3) and np.allclose(P.sum(axis=1), 1.0, atol=1e-5)
    kernel, bias = model.layers[0].get_weights()
    assert kernel.shape == (6, 16) and bias.shape == (16,)
    # The reported penalty is Keras's l2: 1e-3 * sum W^2 of the regularized kernel.
    assert model._net.penalty() == pytest.approx(1e-3 * float(np.square(kernel.astype(np.float64)).sum()), rel=1e-5)
    weights = model.get_weights()
    assert [w.shape for w in weights] == [(6, 16), (16,), (16, 3), (3,)]
    model.set_weights([np.zeros_like(w) for w in weights])
    assert np.allclose(model.predict(X[:2]), 1.0 / 3.0)


def test_same_seed_same_weights(rng):
    X, y = blobs(rng)

    def train():
        m = nn.Sequential([nn.Dense(8, "tanh"), nn.Dense(3, "softmax")])
        m.compile("sgd", "sparse_categorical_crossentropy")
        m.fit(X, y, epochs=2, batch_size=50, verbose=0, seed=7, threads=1)
        return m.get_weights()

    for a, b in zip(train(), train()):
        np.testing.assert_array_equal(a, b)


def test_bad_layer_or_loss_is_a_value_error():
    with pytest.raises(ValueError, match="unknown name 'nonsense'"):
        nn.Sequential([nn.Dense(4, "nonsense")])
    m = nn.Sequential([nn.Dense(4, "relu"), nn.Dense(2, "softmax")])
    with pytest.raises(ValueError, match="no_such_loss"):
        m.compile("adam", "no_such_loss")


def test_mlp_classifier(rng):
    X, y = blobs(rng)
    labels = np.array(["a", "b", "c"])[y]
    clf = nn.MLPClassifier(hidden_layer_sizes=(16,), max_iter=30, random_state=0,
                           learning_rate_init=1e-2).fit(X, labels)
    assert set(clf.classes_) == {"a", "b", "c"}
    assert clf.score(X, labels) > 0.9
    P = clf.predict_proba(X[:4])
    assert P.shape == (4, 3) and np.allclose(P.sum(axis=1), 1.0)
    assert clf.get_params()["hidden_layer_sizes"] == (16,)


def test_pickled_network_predicts_the_same(rng):
    import pickle
    X, y = blobs(rng)
    model = nn.Sequential([nn.Dense(8, "relu", kernel_regularizer=regularizers.l1(1e-3)),
                           nn.Dense(3, "softmax")])
    model.compile(nn.optimizers.SGD(0.1, momentum=0.9), "sparse_categorical_crossentropy")
    model.fit(X, y, epochs=3, verbose=0)
    copy = pickle.loads(pickle.dumps(model))
    np.testing.assert_array_equal(copy.predict(X), model.predict(X))
    assert copy.evaluate(X, y) == model.evaluate(X, y)
    clf = pickle.loads(pickle.dumps(nn.MLPClassifier(max_iter=5, random_state=0).fit(X, y)))
    assert clf.predict(X).shape == (len(y),)


def _sklearn_stop_epoch(losses, tol, n_iter_no_change):
    """The epoch (1-based) at which scikit-learn's own MLP stopping rule stops on this loss
    curve, or None: its MLPClassifier._update_no_improvement_count (1.2.1) fed the losses
    one by one, with the stop test of its _fit_stochastic."""
    from sklearn.neural_network import MLPClassifier as SkMLP
    sk = SkMLP(tol=tol, n_iter_no_change=n_iter_no_change)
    sk.best_loss_, sk._no_improvement_count, sk.loss_curve_ = np.inf, 0, []
    for epoch, loss in enumerate(losses, start=1):
        sk.loss_curve_.append(loss)
        sk._update_no_improvement_count(False, None, None)
        if sk._no_improvement_count > n_iter_no_change:
            return epoch
    return None


def test_mlp_classifier_stops_by_scikit_learns_tol_rule(rng):
    X, y = blobs(rng)
    clf = nn.MLPClassifier(hidden_layer_sizes=(16,), max_iter=500, random_state=0,
                           learning_rate_init=1e-2, tol=1e-3, n_iter_no_change=5).fit(X, y)
    assert clf.n_iter_ < 500, "an easy problem must stop before max_iter"
    # Stopped exactly where scikit-learn's rule stops on the same loss curve, not earlier.
    assert _sklearn_stop_epoch(clf.loss_curve_, 1e-3, 5) == clf.n_iter_ == len(clf.loss_curve_)
    assert clf.best_loss_ == min(clf.loss_curve_)


def test_mlp_classifier_warns_at_max_iter(rng):
    from regkit._base import ConvergenceWarning
    X, y = blobs(rng)
    with pytest.warns(ConvergenceWarning, match=r"maximum iterations \(3\)"):
        clf = nn.MLPClassifier(hidden_layer_sizes=(8,), max_iter=3, random_state=0).fit(X, y)
    assert clf.n_iter_ == 3
    for bad, match in (({"tol": -1.0}, "tol must be finite and >= 0"),
                       ({"n_iter_no_change": 0}, "n_iter_no_change must be >= 1"),
                       ({"max_iter": 0}, "max_iter must be >= 1")):
        with pytest.raises(ValueError, match=match):
            nn.MLPClassifier(**bad).fit(X, y)


def test_keras_early_stopping_callback(rng):
    X, y = blobs(rng)
    model = nn.Sequential([nn.Dense(8, "relu"), nn.Dense(3, "softmax")])
    # A learning rate this large makes the validation loss bounce.
    model.compile(nn.optimizers.SGD(2.0), "sparse_categorical_crossentropy")
    stop = nn.callbacks.EarlyStopping(monitor="val_loss", patience=2, restore_best_weights=True)
    h = model.fit(X[:240], y[:240], epochs=100, batch_size=240, verbose=0, seed=3, threads=1,
                  validation_data=(X[240:], y[240:]), callbacks=[stop])
    val = h.history["val_loss"]
    assert h.stopped_early and len(val) < 100
    # Keras's rule: the last two epochs did not beat the best before them.
    assert min(val[-2:]) >= min(val[:-2])
    assert model.evaluate(X[240:], y[240:])[0] == pytest.approx(min(val), rel=1e-5)
    with pytest.raises(TypeError, match="EarlyStopping only"):
        model.fit(X, y, verbose=0, callbacks=[object()])
    with pytest.raises(ValueError, match="needs validation data"):
        model.fit(X, y, verbose=0, callbacks=[nn.callbacks.EarlyStopping()])


@pytest.mark.parametrize("optimizer", [lambda: nn.optimizers.Adam(1e-2),
                                       lambda: nn.optimizers.SGD(0.05, momentum=0.9)])
def test_pickled_network_resumes_its_optimizer(rng, optimizer):
    import pickle
    X, y = blobs(rng)

    def fresh():
        m = nn.Sequential([nn.Dense(8, "tanh"), nn.Dense(3, "softmax")])
        m.compile(optimizer(), "sparse_categorical_crossentropy")
        return m

    model = fresh()
    model.fit(X, y, epochs=2, batch_size=50, verbose=0, seed=7, threads=1)
    copy = pickle.loads(pickle.dumps(model))
    restarted = fresh()  # the same weights, a fresh optimizer: what unpickling used to give
    restarted.build(X.shape[1])
    restarted.set_weights(model.get_weights())
    for m in (model, copy, restarted):
        m.fit(X, y, epochs=2, batch_size=50, verbose=0, seed=8, threads=1)
    for a, b in zip(model.get_weights(), copy.get_weights()):
        np.testing.assert_array_equal(a, b)
    # The test can fail: without the optimizer's state the weights differ.
    assert any(not np.array_equal(a, b) for a, b in zip(model.get_weights(), restarted.get_weights()))


def test_weights_of_a_network_not_built_are_a_named_error():
    # Used to kill Python with SIGSEGV.
    import pytest

    model = nn.Sequential([nn.Dense(1)])
    with pytest.raises(Exception, match="no weights yet"):
        model.get_weights()
