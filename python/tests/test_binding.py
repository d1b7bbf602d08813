"""The binding itself: no copies for the layouts the solvers read, errors as ValueError /
TypeError carrying the C++ message, the GIL released during fits."""
import threading
import time

import numpy as np
import pytest
import scipy.sparse as sp

import regkit
from regkit import _regkit
from regkit._base import design


def test_layouts_the_solvers_read_are_not_copied(rng):
    X = np.asfortranarray(rng.standard_normal((50, 4)))
    assert design(X) is X
    S = sp.csc_matrix(X)
    assert design(S) is S
    # C order and float32 are converted (documented copies).
    assert design(np.ascontiguousarray(X)).flags.f_contiguous
    assert design(X.astype(np.float32)).dtype == np.float64


def test_the_extension_reads_only_views(rng):
    X = rng.standard_normal((50, 4))
    y = X @ np.ones(4)
    with pytest.raises(TypeError, match="Fortran order"):
        _regkit.enet_fit(np.ascontiguousarray(X), y, 0.1)
    with pytest.raises(TypeError, match="CSC"):
        _regkit.enet_fit(sp.csr_matrix(X), y, 0.1)
    fit = _regkit.enet_fit(np.asfortranarray(X), y, 0.0, standardize=False, tol=1e-14)
    np.testing.assert_allclose(fit["coef"], np.ones(4), rtol=1e-6)


def test_cpp_errors_arrive_as_value_error_with_their_message(rng):
    X = np.asfortranarray(rng.standard_normal((20, 3)))
    y = rng.standard_normal(20)
    with pytest.raises(ValueError, match=r"alpha must be in \[0, 1\]") as err:
        _regkit.enet_fit(X, y, 0.1, alpha=1.5)
    assert isinstance(err.value, regkit.InvalidArgument)
    with pytest.raises(ValueError, match="X has 20 rows but y has 19 entries"):
        _regkit.enet_fit(X, y[:-1], 0.1)
    with pytest.raises(ValueError, match="penalty_factor"):
        regkit.Lasso(0.1, penalty_factor=-np.ones(3)).fit(X, y)
    with pytest.raises(ValueError, match="lambda"):
        _regkit.ridge_fit(X, y[:, None], -1.0)


def test_gil_is_released_during_a_path(rng):
    X = np.asfortranarray(rng.standard_normal((2000, 400)))
    y = X[:, :20] @ rng.standard_normal(20) + rng.standard_normal(2000)
    ticks = []
    stop = threading.Event()

    def ticker():
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    t = threading.Thread(target=ticker)
    t.start()
    start = time.perf_counter()
    res = _regkit.enet_path(X, y, lambda_count=100, lambda_min_ratio=1e-3, tol=1e-12)
    elapsed = time.perf_counter() - start
    stop.set()
    t.join()
    during = [s for s in ticks if start < s < start + elapsed]
    # A held GIL would freeze the ticker for the whole path.
    assert res["fit_seconds"] > 0
    assert len(during) >= 2 or elapsed < 0.01


def test_estimators_work_without_scikit_learn():
    """The estimators fall back to small stand-ins for scikit-learn's base classes."""
    import subprocess
    import sys
    code = (
        "import sys; sys.modules['sklearn'] = None\n"
        "import numpy as np, regkit\n"
        "rng = np.random.default_rng(0); X = rng.standard_normal((60, 4)); y = X @ np.arange(4.0)\n"
        "m = regkit.Lasso(0.01).fit(X, y)\n"
        "assert m.get_params()['alpha'] == 0.01 and m.score(X, y) > 0.99\n"
        "assert regkit.RidgeCV().fit(X, y).alpha_ == 0.1\n"
        "if hasattr(regkit, 'LogisticRegression'):\n"
        "    assert regkit.LogisticRegressionCV(cv=3, Cs=3).fit(X, y > 0).score(X, y > 0) > 0.9\n"
        "try:\n"
        "    regkit.Ridge().predict(X)\n"
        "except ValueError as e:\n"
        "    assert 'not fitted' in str(e)\n"
        "print('ok')\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr


@pytest.mark.parametrize("make", [lambda: regkit.Lasso(0.05), lambda: regkit.ElasticNet(0.05, l1_ratio=0.3),
                                  lambda: regkit.Ridge(2.0)])
def test_ready_inputs_skip_python_validation_with_the_same_result(rng, make):
    import regkit._base as base
    X = rng.standard_normal((60, 5))
    y = X @ rng.standard_normal(5) + 0.1 * rng.standard_normal(60)
    F = np.asfortranarray(X)
    assert base._ready(make(), F, y) and not base._ready(make(), np.ascontiguousarray(X), y)
    assert not base._ready(make(), F, y.astype(np.float32)) and not base._ready(make(), F[:0], y[:0])
    fast, slow = make().fit(F, y), make().fit(np.ascontiguousarray(X), y)  # the second is validated
    np.testing.assert_array_equal(fast.coef_, slow.coef_)
    assert fast.intercept_ == slow.intercept_ and fast.n_features_in_ == 5
    # Non-finite values still fail, named by the C++ check (row and column, 1-based).
    F[7, 2] = np.nan
    with pytest.raises(ValueError, match=r"X has a non-finite value \(nan\) at row 8, column 3"):
        make().fit(F, y)
    F[7, 2] = 0.0
    y[3] = np.inf
    with pytest.raises(ValueError, match=r"y has a non-finite value \(inf\) at (entry 4|row 4)"):
        make().fit(F, y)


def test_fast_path_drops_feature_names_as_scikit_learn_does(rng):
    pd = pytest.importorskip("pandas")
    X = rng.standard_normal((30, 3))
    y = X.sum(axis=1)
    m = regkit.Lasso(0.01).fit(pd.DataFrame(X, columns=["a", "b", "c"]), y)
    assert list(m.feature_names_in_) == ["a", "b", "c"]
    m.fit(np.asfortranarray(X), y)
    assert not hasattr(m, "feature_names_in_")
