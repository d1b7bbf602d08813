"""Hostile parameter values, table-driven: every constructor parameter of every estimator,
and every argument of the Keras-style network classes, gets NaN, +-inf, negatives, zero,
empty and wrong-typed strings, huge counts, floats where ints belong, None, bools and
arbitrary objects. Each must end as a ValueError or TypeError whose message names the
parameter (raised before any work, the estimator's parameters unchanged), or, for a value
the parameter accepts, a normal fit. Parameters are enumerated from get_params() and
inspect.signature, so a new parameter is covered without editing this file.

The sweeps reach the C++ core, so they run in child interpreters: a crash or a hang there
fails that target's test naming the case it was running (the other targets run on in a new
child), instead of killing pytest. Fits use 20 x 3 data and small iteration counts; the
whole file runs in a few seconds.

Also here: the known bugs of issue 16 (compile(optimizer='rmsprop') as a KeyError,
MLPClassifier(batch_size=0) as a ZeroDivisionError, all-zero sample weights reported as a
bad tol, n_iter_no_change=inf as an OverflowError) and sparse X with duplicate entries.
"""
import inspect
import json
import subprocess
import sys
import time
import warnings

import numpy as np
import pytest
import scipy.sparse as sp

import regkit
from regkit import _validation, nn, regularizers

# ---- the hostile values ------------------------------------------------------------------

# Refused by every parameter: (label, factory); a factory makes a fresh value per case.
ALWAYS_BAD = {
    "nan": lambda: float("nan"),
    "inf": lambda: float("inf"),
    "-inf": lambda: float("-inf"),
    "np.nan": lambda: np.float64("nan"),
    "-1": lambda: -1,
    "empty str": lambda: "",
    "str": lambda: "abc",
    "object": lambda: object(),
}
# Accepted by some parameters: a fit, or a named ValueError / TypeError.
MAYBE = {
    "0": lambda: 0,
    "0.0": lambda: 0.0,
    "1": lambda: 1,
    "2.5": lambda: 2.5,
    "10**12": lambda: 10**12,
    "1e300": lambda: 1e300,
    "5e-324": lambda: 5e-324,
    "None": lambda: None,
    "True": lambda: True,
    "empty list": lambda: [],
    "[nan]": lambda: [float("nan")],
    "20001 ones": lambda: [1] * 20001,
}
# Refused by every parameter of that name (its meaning makes them wrong).
MUST_REFUSE = {
    "max_iter": ["0", "10**12", "2.5", "None", "True", "1e300"],
    "n_iter_no_change": ["0", "10**12", "2.5", "None"],
    "n_alphas": ["0", "10**12", "2.5", "None", "20001 ones"],
    "Cs": ["0", "10**12", "2.5", "None", "empty list", "[nan]", "20001 ones"],
    "cv": ["0", "1", "10**12", "2.5", "True", "empty list"],
    "batch_size": ["0", "2.5", "True"],
    "hidden_layer_sizes": ["0", "10**12", "2.5", "None", "20001 ones", "[nan]"],
    "alpha": ["None", "True", "[nan]"],
    "alphas": ["empty list", "[nan]", "20001 ones"],
    "tol": ["None", "True"],
    "C": ["0", "0.0", "None", "True", "5e-324"],
    "eps": ["0", "0.0", "None"],
    "l1_ratio": ["2.5", "True", "empty list"],
    "l1_ratios": ["2.5", "empty list"],
    "momentum": ["2.5", "None"],
    "learning_rate_init": ["0", "None"],
    "penalty_factor": ["empty list", "[nan]", "20001 ones", "True"],
    "fit_intercept": ["2.5", "None", "10**12"],
    "warm_start": ["2.5", "None", "10**12"],
    "shuffle": ["2.5", "None", "10**12"],
    "refit": ["2.5", "None", "10**12"],
    "penalty": ["0", "True"],
    "solver": ["None", "0"],
    "activation": ["0", "True"],
    "random_state": ["10**12", "2.5", "True"],
    "verbose": ["2.5", "None"],
    "class_weight": ["0", "True"],
    "scoring": ["0", "True"],
    # network arguments
    "units": ["0", "10**12", "2.5", "None"],
    "rate": ["1", "2.5", "None"],
    "learning_rate": ["0", "None"],
    "epochs": ["10**12", "2.5", "None"],
    "threads": ["10**12", "2.5", "None"],
    "seed": ["2.5", "None", "1e300"],
    "input_dim": ["0", "10**12", "2.5"],
    "patience": ["10**12", "2.5", "None"],
    "validation_split": ["1", "2.5", "None"],
    "scale": ["0", "None"],
}
# Values that are ordinary for a parameter although listed in ALWAYS_BAD.
ACCEPTS = {
    "name": {"empty str", "str"},             # any label
    "min_delta": {"-1"},                      # Keras takes abs(min_delta)
}

# ---- the targets -------------------------------------------------------------------------

ESTIMATORS = {
    "Ridge": (regkit.Ridge, {}, "regression"),
    "RidgeCV": (regkit.RidgeCV, {}, "regression"),
    "Lasso": (regkit.Lasso, {"max_iter": 50}, "regression"),
    "ElasticNet": (regkit.ElasticNet, {"max_iter": 50}, "regression"),
    "LassoCV": (regkit.LassoCV, {"n_alphas": 3, "cv": 2, "max_iter": 50}, "regression"),
    "ElasticNetCV": (regkit.ElasticNetCV, {"n_alphas": 3, "cv": 2, "max_iter": 50}, "regression"),
    "MLPClassifier": (nn.MLPClassifier, {"hidden_layer_sizes": (4,), "max_iter": 2}, "classes"),
}
if hasattr(regkit, "LogisticRegression"):
    ESTIMATORS["LogisticRegression"] = (regkit.LogisticRegression, {"max_iter": 20}, "classes")
    ESTIMATORS["LogisticRegressionCV"] = (regkit.LogisticRegressionCV,
                                          {"Cs": 2, "cv": 2, "max_iter": 20}, "classes")


def data(kind):
    rng = np.random.default_rng(7)
    X = rng.standard_normal((20, 3))
    if kind == "regression":
        return X, X @ np.array([1.0, -2.0, 0.5]) + 0.1 * rng.standard_normal(20)
    return X, np.repeat([0, 1], 10)


def _small_model(*layers):
    return nn.Sequential(list(layers) or [nn.Dense(4, "relu"), nn.Dense(2, "softmax")])


def _fit_small(model, **kwargs):
    X, y = data("classes")
    args = dict(epochs=1, batch_size=8, verbose=0, threads=1)
    args.update(kwargs)
    return model.fit(X.astype(np.float32), y, **args)


def _compiled(*layers, optimizer="adam"):
    return _small_model(*layers).compile(optimizer, "sparse_categorical_crossentropy")


# Network targets: name -> (the callable whose signature lists the arguments, base keyword
# arguments, run(kwargs) making and using the object). `built` holds the built model a
# fit / evaluate / predict case ran on, whose weights a refused call must leave as they were.
def _network_targets():
    built = {}

    def fit_model():
        built["model"] = _compiled()
        built["model"].build(3)
        return built["model"]

    return {
        "Dense": (nn.Dense.__init__, {"units": 4},
                  lambda kw: _fit_small(_compiled(nn.Dense(**kw), nn.Dense(2, "softmax")))),
        "Dropout": (nn.Dropout.__init__, {"rate": 0.1},
                    lambda kw: _fit_small(_compiled(nn.Dense(4), nn.Dropout(**kw),
                                                    nn.Dense(2, "softmax")))),
        "Flatten": (nn.Flatten.__init__, {},
                    lambda kw: _fit_small(_compiled(nn.Flatten(**kw), nn.Dense(2, "softmax")))),
        "SGD": (nn.optimizers.SGD.__init__, {},
                lambda kw: _fit_small(_compiled(optimizer=nn.optimizers.SGD(**kw)))),
        "Adam": (nn.optimizers.Adam.__init__, {},
                 lambda kw: _fit_small(_compiled(optimizer=nn.optimizers.Adam(**kw)))),
        "AdamW": (nn.optimizers.AdamW.__init__, {},
                  lambda kw: _fit_small(_compiled(optimizer=nn.optimizers.AdamW(**kw)))),
        "EarlyStopping": (nn.callbacks.EarlyStopping.__init__, {"monitor": "loss"},
                          lambda kw: _fit_small(_compiled(), epochs=2,
                                                callbacks=[nn.callbacks.EarlyStopping(**kw)])),
        "Sequential": (nn.Sequential.__init__, {},
                       lambda kw: nn.Sequential(**kw)),
        "Sequential.compile": (nn.Sequential.compile, {},
                               lambda kw: _fit_small(_small_model().compile(**kw))),
        "Sequential.build": (nn.Sequential.build, {"input_dim": 3},
                             lambda kw: _small_model().compile().build(**kw)),
        "Sequential.fit": (nn.Sequential.fit, {},
                           lambda kw: _fit_small(fit_model(), **kw)),
        "Sequential.evaluate": (nn.Sequential.evaluate, {},
                                lambda kw: fit_model().evaluate(*data("classes"), **kw)),
        "Sequential.predict": (nn.Sequential.predict, {},
                               lambda kw: fit_model().predict(data("classes")[0], **kw)),
        "regularizers.l1": (regularizers.l1, {}, lambda kw: regularizers.l1(**kw)),
        "regularizers.l2": (regularizers.l2, {}, lambda kw: regularizers.l2(**kw)),
        "regularizers.l1_l2": (regularizers.l1_l2, {},
                               lambda kw: _fit_small(_compiled(
                                   nn.Dense(4, kernel_regularizer=regularizers.l1_l2(**kw)),
                                   nn.Dense(2, "softmax")))),
        "Regularizer": (regularizers.Regularizer, {}, lambda kw: regularizers.Regularizer(**kw)),
    }, built


NETWORK_TARGETS = sorted(_network_targets()[0])
SKIPPED_ARGUMENTS = {"self", "x", "y"}  # data, not parameters (bad data: docs/bad-inputs.md)


def _arguments(fn):
    return [p.name for p in inspect.signature(fn).parameters.values()
            if p.name not in SKIPPED_ARGUMENTS and p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)]


def _cases(name):
    """(label, must_refuse) for every hostile value of a parameter called `name`."""
    accepted = ACCEPTS.get(name, set())
    out = [(label, label not in accepted) for label in ALWAYS_BAD]
    refuse = set(MUST_REFUSE.get(name, ()))
    out += [(label, label in refuse) for label in MAYBE]
    return out


def _value(label):
    return (ALWAYS_BAD.get(label) or MAYBE[label])()


# ---- the child interpreter ---------------------------------------------------------------

def _outcome(call, name):
    """Runs call(); the outcome as a JSON-able dict."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            call()
    except (ValueError, TypeError) as e:
        return {"result": "refused", "type": type(e).__name__, "message": str(e),
                "names_it": f"'{name}'" in str(e)}
    except regkit.NumericalError as e:  # a valid value whose fit diverged: the documented error
        return {"result": "diverged", "type": type(e).__name__, "message": str(e)}
    except Exception as e:  # noqa: BLE001 - any other type is what this test looks for
        return {"result": "other", "type": type(e).__name__, "message": str(e)}
    return {"result": "ok"}


def _same(a, b):
    return a is b or (type(a) is type(b) and isinstance(a, (int, float, str)) and repr(a) == repr(b))


def _run_estimator(target):
    cls, base, kind = ESTIMATORS[target]
    X, y = data(kind)
    for name in sorted(cls().get_params()):
        for label, must_refuse in _cases(name):
            print(f"{target}.{name}={label}", file=sys.stderr, flush=True)
            est = cls(**base)
            est.set_params(**{name: _value(label)})
            before = est.get_params(deep=False)
            out = _outcome(lambda: est.fit(X, y), name)
            after = est.get_params(deep=False)
            out["params_unchanged"] = before.keys() == after.keys() and all(
                _same(before[k], after[k]) for k in before)
            yield dict(out, target=target, name=name, label=label, must_refuse=must_refuse)


def _run_network(target):
    targets, built = _network_targets()
    fn, base, run = targets[target]
    for name in _arguments(fn):
        for label, must_refuse in _cases(name):
            print(f"{target}.{name}={label}", file=sys.stderr, flush=True)
            kwargs = dict(base, **{name: _value(label)})
            built.clear()
            out = _outcome(lambda: run(kwargs), name)
            model = built.get("model")
            if out["result"] == "refused" and model is not None and model.built:
                # A refused fit / evaluate / predict leaves the weights as build made them.
                fresh = _compiled()
                fresh.build(3)
                out["params_unchanged"] = all(np.array_equal(a, b) for a, b in
                                              zip(model.get_weights(), fresh.get_weights()))
            else:
                out["params_unchanged"] = True
            yield dict(out, target=target, name=name, label=label, must_refuse=must_refuse)


def _worker(targets):
    for target in targets:
        runs = _run_estimator(target) if target in ESTIMATORS else _run_network(target)
        for record in runs:
            print("@@" + json.dumps(record), flush=True)
        print("##done " + target, flush=True)


_RESULTS = {}  # target -> {"records": [...], "crash": None or a description, "seconds": group's}


def _sweep_group(targets):
    """Runs the targets' sweeps in child interpreters, one after another in the same child
    while it lives; after a crash or a hang, the rest in a new one."""
    started = time.perf_counter()
    remaining = list(targets)
    for target in targets:
        _RESULTS[target] = {"records": [], "crash": None}
    while remaining:
        try:
            proc = subprocess.run([sys.executable, __file__, *remaining], capture_output=True,
                                  text=True, timeout=300)
            stdout, stderr, status = proc.stdout, proc.stderr, proc.returncode
        except subprocess.TimeoutExpired as e:
            def text(b):
                return b.decode(errors="replace") if isinstance(b, bytes) else (b or "")
            stdout, stderr, status = text(e.stdout), text(e.stderr), "a timeout (a hang)"
        done = set()
        for line in stdout.splitlines():
            if line.startswith("@@"):
                record = json.loads(line[2:])
                _RESULTS[record["target"]]["records"].append(record)
            elif line.startswith("##done "):
                done.add(line[len("##done "):])
        unfinished = [t for t in remaining if t not in done]
        if not unfinished:
            break
        last = (stderr.strip().splitlines() or ["(nothing)"])[-1]
        _RESULTS[unfinished[0]]["crash"] = (
            f"the child interpreter ended with {status} (a negative status is a signal: a crash "
            f"in the C++ core) while running {last}\n{stderr[-3000:]}")
        remaining = unfinished[1:]
    seconds = time.perf_counter() - started
    for target in targets:
        _RESULTS[target]["seconds"] = seconds


def _sweep(target):
    if target not in _RESULTS:
        _sweep_group(sorted(ESTIMATORS) if target in ESTIMATORS else NETWORK_TARGETS)
    result = _RESULTS[target]
    if result["crash"]:
        pytest.fail(f"{target}: {result['crash']}")
    return result["records"], result["seconds"]


def _problems(records):
    problems = []
    for r in records:
        case = f"{r['target']}({r['name']}={r['label']})"
        if r["result"] == "other":
            problems.append(f"{case}: {r['type']}: {r['message'][:200]}")
        elif r["result"] == "refused" and not r["names_it"]:
            problems.append(f"{case}: the {r['type']} does not name '{r['name']}': {r['message'][:200]}")
        elif r["must_refuse"] and r["result"] != "refused":
            problems.append(f"{case}: accepted ({r['result']}); it must be refused")
        elif r["result"] == "diverged" and r["must_refuse"]:
            problems.append(f"{case}: diverged in the fit instead of being refused")
        if not r["params_unchanged"]:
            problems.append(f"{case}: the call changed the parameters (or the weights)")
    return problems


@pytest.mark.parametrize("target", sorted(ESTIMATORS))
def test_every_estimator_parameter_refuses_hostile_values_by_name(target):
    records, seconds = _sweep(target)
    cls = ESTIMATORS[target][0]
    assert {r["name"] for r in records} == set(cls().get_params()), "every parameter swept"
    problems = _problems(records)
    assert not problems, f"{len(problems)} bad outcomes:\n" + "\n".join(problems)
    assert seconds < 60


@pytest.mark.parametrize("target", NETWORK_TARGETS)
def test_every_network_argument_refuses_hostile_values_by_name(target):
    records, seconds = _sweep(target)
    problems = _problems(records)
    assert not problems, f"{len(problems)} bad outcomes:\n" + "\n".join(problems)
    assert seconds < 60


@pytest.mark.parametrize("target", sorted(ESTIMATORS))
def test_every_parameter_has_declared_constraints(target):
    """validate_params checks the parameters named in _parameter_constraints: a parameter
    added to a constructor without one would go unchecked."""
    cls = ESTIMATORS[target][0]
    assert set(cls._parameter_constraints) == set(cls().get_params())


def test_unknown_parameter_names_are_refused_by_name():
    for cls, _, _ in ESTIMATORS.values():
        est = cls()
        with pytest.raises(ValueError, match="nonsense"):
            est.set_params(nonsense=1)
        with pytest.raises(TypeError, match="nonsense"):
            cls(nonsense=1)
    for make in (lambda: nn.Dense(4, nonsense=1), lambda: nn.optimizers.Adam(nonsense=1),
                 lambda: nn.callbacks.EarlyStopping(nonsense=1),
                 lambda: _fit_small(_compiled(), nonsense=1)):
        with pytest.raises(TypeError, match="nonsense"):
            make()


# ---- the known bugs ----------------------------------------------------------------------

def test_unknown_optimizer_name_lists_the_supported_names():
    model = _small_model()
    with pytest.raises(ValueError, match=r"The 'optimizer' parameter of Sequential.compile must be "
                                         r"a str among \{'adam', 'adamw', 'sgd'\}.*Got 'rmsprop'"):
        model.compile(optimizer="rmsprop")
    with pytest.raises(TypeError, match="'optimizer'"):
        model.compile(optimizer=3)
    assert not model._compiled
    model.compile(optimizer="ADAM")  # names are case-insensitive, as before


def test_mlp_batch_size_zero_is_a_named_value_error_and_a_huge_one_is_clipped():
    X, y = data("classes")
    clf = nn.MLPClassifier(hidden_layer_sizes=(4,), max_iter=2, batch_size=0)
    with pytest.raises(ValueError, match=r"The 'batch_size' parameter of MLPClassifier .*Got 0 instead"):
        clf.fit(X, y)
    clf.set_params(batch_size=10**12)
    with pytest.warns(UserWarning, match="batch_size=1000000000000 larger than the 20 samples"):
        clf.fit(X, y)
    assert clf.get_params()["batch_size"] == 10**12
    # Clipping is exactly batch_size = n (one batch), scikit-learn's rule.
    ref = nn.MLPClassifier(hidden_layer_sizes=(4,), max_iter=2, batch_size=20, random_state=0)
    clf.set_params(random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for a, b in zip(clf.fit(X, y).coefs_, ref.fit(X, y).coefs_):
            np.testing.assert_array_equal(a, b)


WEIGHTED = {"Lasso": dict(alpha=0.1), "ElasticNet": dict(alpha=0.1), "Ridge": {},
            "LassoCV": dict(cv=2, n_alphas=3), "ElasticNetCV": dict(cv=2, n_alphas=3),
            "RidgeCV": {}, "LogisticRegression": {}, "LogisticRegressionCV": dict(Cs=2, cv=2)}


@pytest.mark.parametrize("target", sorted(t for t in WEIGHTED if hasattr(regkit, t)))
def test_all_zero_sample_weights_say_the_weights_sum_to_zero(target):
    est = getattr(regkit, target)(**WEIGHTED[target])
    X, y = data("classes" if "Logistic" in type(est).__name__ else "regression")
    with pytest.raises(ValueError, match=rf"The 'sample_weight' parameter of {target}.fit must be .* "
                                         r"Got 20 zero weights instead \(the sample weights sum to zero"):
        est.fit(X, y, sample_weight=np.zeros(20))
    for bad, match in ((np.full(20, np.nan), "sample_weight (must be finite|contains NaN)"),
                       (-np.ones(20), r"'sample_weight' .* Got -1.0 instead \(at sample 0: "
                                      r"sample_weight must be >= 0\)"),
                       (np.full(20, 1e308), "Got weights summing to inf instead .*sum must be finite")):
        with pytest.raises(ValueError, match=match):
            est.fit(X, y, sample_weight=bad)
    with pytest.raises(ValueError, match="the sample weights sum to zero"):
        regkit.lasso_path(X, data("regression")[1], sample_weight=np.zeros(20))


def test_mlp_infinite_n_iter_no_change_is_a_type_error():
    X, y = data("classes")
    with pytest.raises(TypeError, match=r"The 'n_iter_no_change' parameter of MLPClassifier must "
                                        r"be an int in the range \[1, 2147483647\]. Got inf \(float\)"):
        nn.MLPClassifier(n_iter_no_change=np.inf).fit(X, y)
    # A count past max_iter means "never stop early", as it did for finite counts.
    clf = nn.MLPClassifier(hidden_layer_sizes=(4,), max_iter=3, n_iter_no_change=2**31 - 1, tol=0.0)
    with pytest.warns(Warning, match="maximum iterations"):
        clf.fit(X, y)
    assert clf.n_iter_ == 3


def test_messages_state_the_rule_and_the_bound():
    X, y = data("regression")
    with pytest.raises(ValueError, match=r"The 'alpha' parameter of Lasso must be a float in the range "
                                         r"\[0, inf\). Got nan instead \(alpha must be finite and >= 0\)\."):
        regkit.Lasso(alpha=float("nan")).fit(X, y)
    with pytest.raises(ValueError, match=r"max_iter must be >= 1 and <= 2147483647: the solvers count "
                                         r"iterations in a 32-bit int"):
        regkit.Lasso(max_iter=10**12).fit(X, y)
    with pytest.raises(TypeError, match=r"The 'max_iter' parameter of Lasso must be an int .* Got 100.0 \(float\)"):
        regkit.Lasso(max_iter=100.0).fit(X, y)
    with pytest.raises(TypeError, match=r"'fit_intercept' parameter of Ridge must be a bool. Got 'False' \(str\)"):
        regkit.Ridge(fit_intercept="False").fit(X, y)


# ---- huge counts: refused before any allocation ------------------------------------------

def test_huge_counts_are_refused_before_any_work():
    Xc, yc = data("classes")
    X, y = data("regression")
    started = time.perf_counter()
    with pytest.raises(ValueError, match=f"'threads'.*threads must be >= 0 and <= {_validation.MAX_THREADS}"):
        _fit_small(_compiled(), threads=_validation.MAX_THREADS + 1)
    _fit_small(_compiled(), threads=2)
    with pytest.raises(ValueError, match=f"'units'.*<= {_validation.MAX_LAYER_WIDTH}: the widest layer"):
        nn.Dense(_validation.MAX_LAYER_WIDTH + 1)
    # Each layer allowed, the network not: 2**24 x 2**24 weights.
    wide = nn.Dense(_validation.MAX_LAYER_WIDTH)
    model = _compiled(wide, nn.Dense(_validation.MAX_LAYER_WIDTH), nn.Dense(2, "softmax"))
    with pytest.raises(ValueError, match=r"'units'.*the network has \d+; the limit is .*MAX_WEIGHTS"):
        _fit_small(model)
    assert not model.built
    with pytest.raises(ValueError, match="'input_dim'"):
        model.build(4)
    with pytest.raises(ValueError, match="'hidden_layer_sizes'.*MAX_WEIGHTS"):
        nn.MLPClassifier(hidden_layer_sizes=(2**24, 2**24), max_iter=1).fit(Xc, yc)
    with pytest.raises(ValueError, match=r"'hidden_layer_sizes'.*has 1025 entries; at most 1024"):
        nn.MLPClassifier(hidden_layer_sizes=[1] * 1025).fit(Xc, yc)
    with pytest.raises(ValueError, match=f"'n_alphas'.*<= {_validation.MAX_GRID}"):
        regkit.LassoCV(n_alphas=10**12).fit(X, y)
    with pytest.raises(ValueError, match=f"'n_alphas'.*<= {_validation.MAX_GRID}"):
        regkit.lasso_path(X, y, n_alphas=10**12)
    with pytest.raises(ValueError, match=f"'alphas'.*at most {_validation.MAX_GRID}"):
        regkit.LassoCV(alphas=np.ones(_validation.MAX_GRID + 1)).fit(X, y)
    with pytest.raises(ValueError, match="'cv'.*cv must be <= the number of samples, 20"):
        regkit.LassoCV(cv=10**12).fit(X, y)
    with pytest.raises(ValueError, match="'epochs'"):
        _fit_small(_compiled(), epochs=10**12)
    if hasattr(regkit, "LogisticRegressionCV"):
        with pytest.raises(ValueError, match=f"'Cs'.*<= {_validation.MAX_GRID}"):
            regkit.LogisticRegressionCV(Cs=10**12).fit(Xc, yc)
        with pytest.raises(ValueError, match="'cv'.*cv must be <= the number of samples"):
            regkit.LogisticRegressionCV(cv=10**12).fit(Xc, yc)
    assert time.perf_counter() - started < 10


def test_subnormal_penalties_are_refused_or_zero():
    # The C++ layer description reads coefficients back with std::stod, which refuses
    # subnormal numbers: a Regularizer refuses them; MLPClassifier's alpha / (2 b) is 0 then.
    with pytest.raises(ValueError, match="'l1' parameter of Regularizer.*subnormal"):
        regularizers.l1(1e-310)
    X, y = data("classes")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tiny = nn.MLPClassifier(hidden_layer_sizes=(4,), max_iter=2, alpha=1e-307, random_state=0)
        zero = nn.MLPClassifier(hidden_layer_sizes=(4,), max_iter=2, alpha=0.0, random_state=0)
        for a, b in zip(tiny.fit(X, y).coefs_, zero.fit(X, y).coefs_):
            np.testing.assert_array_equal(a, b)


def test_a_batch_larger_than_the_data_is_the_whole_data_in_sequential_fit():
    X, y = data("classes")
    runs = []
    for batch_size in (20, 10**30):
        model = _compiled()
        model.build(3, seed=1)
        _fit_small(model, batch_size=batch_size, epochs=2, seed=4)
        runs.append(model.get_weights())
    for a, b in zip(*runs):
        np.testing.assert_array_equal(a, b)


# ---- sparse X with duplicate entries -----------------------------------------------------

def _with_duplicates(X, fmt):
    """X as a SciPy matrix whose entries are split into two stored values each (same row
    and column): valid in SciPy, meaning their sum."""
    rows, cols = np.nonzero(X)
    vals = X[rows, cols]
    r = np.concatenate([rows, rows]).astype(np.int32)
    c = np.concatenate([cols, cols]).astype(np.int32)
    v = np.concatenate([0.25 * vals, 0.75 * vals])
    order = np.lexsort((r, c)) if fmt == "csc" else np.lexsort((c, r))
    r, c, v = r[order], c[order], v[order]
    n, p = X.shape
    if fmt == "csc":
        indptr = np.searchsorted(c, np.arange(p + 1)).astype(np.int32)
        M = sp.csc_matrix((v, r, indptr), shape=(n, p))
    else:
        indptr = np.searchsorted(r, np.arange(n + 1)).astype(np.int32)
        M = sp.csr_matrix((v, c, indptr), shape=(n, p))
    assert not M.has_canonical_format and M.nnz == 2 * len(vals)
    return M


@pytest.mark.parametrize("fmt", ["csc", "csr"])
@pytest.mark.parametrize("make", [lambda: regkit.Lasso(0.01, tol=1e-10, max_iter=10000),
                                  lambda: regkit.ElasticNet(0.01, l1_ratio=0.4, tol=1e-10, max_iter=10000),
                                  lambda: regkit.Ridge(0.5),
                                  lambda: regkit.LassoCV(cv=3, n_alphas=5, tol=1e-10)],
                         ids=["Lasso", "ElasticNet", "Ridge", "LassoCV"])
def test_sparse_duplicates_are_summed_and_the_callers_matrix_is_untouched(fmt, make):
    rng = np.random.default_rng(3)
    X = rng.standard_normal((40, 6)) * (rng.random((40, 6)) < 0.5)
    y = X @ rng.standard_normal(6) + 0.1 * rng.standard_normal(40)
    S = _with_duplicates(X, fmt)
    saved = (S.data.copy(), S.indices.copy(), S.indptr.copy())
    dense, sparse = make().fit(X, y), make().fit(S, y)
    np.testing.assert_allclose(sparse.coef_, dense.coef_, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(sparse.intercept_, dense.intercept_, rtol=1e-9, atol=1e-12)
    for a, b in zip(saved, (S.data, S.indices, S.indptr)):
        np.testing.assert_array_equal(a, b)
    assert not S.has_canonical_format


def test_sparse_duplicates_in_paths_and_logistic_regression():
    rng = np.random.default_rng(4)
    X = rng.standard_normal((40, 5)) * (rng.random((40, 5)) < 0.6)
    y = X @ rng.standard_normal(5)
    S = _with_duplicates(X, "csc")
    for a, b in zip(regkit.lasso_path(X, y, n_alphas=5, tol=1e-10),
                    regkit.lasso_path(S, y, n_alphas=5, tol=1e-10)):
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12)
    if hasattr(regkit, "LogisticRegression"):
        labels = (y > np.median(y)).astype(int)
        dense = regkit.LogisticRegression(tol=1e-10).fit(X, labels)
        sparse = regkit.LogisticRegression(tol=1e-10).fit(S, labels)
        np.testing.assert_allclose(sparse.coef_, dense.coef_, rtol=1e-7, atol=1e-10)


if __name__ == "__main__":  # the child interpreter of _sweep_group
    _worker(sys.argv[1:])
