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
