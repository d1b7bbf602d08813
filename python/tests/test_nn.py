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
