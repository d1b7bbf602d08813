"""Checks of estimator parameters and call arguments, shared by every regkit estimator, the
Keras-style network classes and the path functions.

A bad value is one error, raised before any work, naming the parameter, what was expected
and what was given, in scikit-learn's words, with the rule restated in regkit's words:

    The 'tol' parameter of MLPClassifier must be a float in the range [0, inf).
    Got -1.0 instead (tol must be finite and >= 0).

A value of a wrong type (a str where a number is expected, a float where an int is, None
where it is not allowed, a bool where a number is) is a TypeError; a value of an accepted
type outside its range or set of names (NaN, inf, negative, zero where meaningless, empty,
unknown, too large) is a ValueError. Checking never modifies the value or the estimator.

The estimators declare `_parameter_constraints` (a list of accepted forms per constructor
parameter, as scikit-learn's) and call `validate_params(self)` first thing in fit; the
network classes call `check_param` per argument.

Bounds on counts, in one place. Each caps something that is allocated or looped over per
unit, so that a hostile count (10**12) is refused before any work rather than exhausting
memory or time, or overflowing the C++ integer it is passed as (MAX_* below; a message
for a value past one says why the bound is there).
"""
import math
import numbers

import numpy as np


class _Bound(int):
    """An int bound that carries the reason for it, said in the message when exceeded."""

    def __new__(cls, value, reason):
        bound = super().__new__(cls, value)
        bound.reason = reason
        return bound


# Iteration and epoch limits (max_iter, epochs, n_iter_no_change, patience): the C++
# solvers count them in a 32-bit int. Iterations allocate nothing, so this is the only cap.
MAX_ITER = _Bound(2**31 - 1, "the solvers count iterations in a 32-bit int")
# Grid lengths (n_alphas, the Cs count, alphas, l1_ratio lists): a path stores p values per
# grid point; 10000 points is far beyond any useful resolution of a penalty grid.
MAX_GRID = _Bound(10_000, "the largest grid regkit computes")
# Worker threads of a network fit: each holds its own copy of a batch's activations (the
# C++ core has the same bound).
MAX_THREADS = _Bound(1024, "the most worker threads regkit starts")
# Units of one Dense layer: 2**24 units already need 64 MiB of float32 weights per input
# column.
MAX_LAYER_WIDTH = _Bound(2**24, "the widest layer regkit builds")
# Dense layers in one MLPClassifier.
MAX_LAYERS = _Bound(1024, "the most layers regkit builds")
# Weights and biases of a whole network, checked when its input width is known (build,
# compile with input_shape, first fit): 2**30 float32 values are 4 GiB, about 16 GiB while
# training with Adam (gradients and two moment buffers).
MAX_WEIGHTS = _Bound(2**28, "the most weights regkit allocates for a network (as the C++ core)")
# Seeds: the C++ generators take an unsigned 64-bit seed; numpy's RandomState 32 bits.
MAX_SEED = _Bound(2**64 - 1, "seeds are unsigned 64-bit integers")
MAX_RANDOM_STATE = _Bound(2**32 - 1, "numpy seeds are unsigned 32-bit integers")


def _is_number(value):
    # bool is an int to Python; as a number it is almost always a mistake (alpha=True).
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def _is_int(value):
    return isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_))


def _fmt(x):
    if x == math.inf:
        return "inf"
    if x == -math.inf:
        return "-inf"
    return repr(x) if isinstance(x, float) else str(x)


def short_repr(value, limit=80):
    """repr of a value, cut for messages (arrays, long lists)."""
    try:
        text = repr(value)
    except Exception:  # a hostile object whose repr fails still gets a message
        text = f"<{type(value).__name__} object>"
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


class Interval:
    """A finite int or float in [lo, hi] (closed ends by default; `open` names the open
    ones: 'left', 'right', 'both'). NaN and +-inf are never in an interval."""

    def __init__(self, kind, lo, hi=math.inf, open=None):
        self.kind, self.lo, self.hi, self.open = kind, lo, hi, open or ""

    def type_matches(self, value):
        return _is_int(value) if self.kind is int else _is_number(value)

    def accepts(self, value):
        if not self.type_matches(value):
            return False
        if self.kind is float and not math.isfinite(value):
            return False
        lo_ok = value > self.lo if self.open in ("left", "both") else value >= self.lo
        hi_ok = value < self.hi if self.open in ("right", "both") else value <= self.hi
        return lo_ok and hi_ok

    def describe(self):
        left = "(" if self.open in ("left", "both") or self.lo == -math.inf else "["
        right = ")" if self.open in ("right", "both") or self.hi == math.inf else "]"
        what = "an int" if self.kind is int else "a float"
        return f"{what} in the range {left}{_fmt(self.lo)}, {_fmt(self.hi)}{right}"

    def rule(self, name, value):
        parts = []
        if self.lo != -math.inf:
            parts.append(f"{'>' if self.open in ('left', 'both') else '>='} {_fmt(self.lo)}")
        if self.hi != math.inf:
            parts.append(f"{'<' if self.open in ('right', 'both') else '<='} {_fmt(self.hi)}")
        finite = self.kind is float and self.hi == math.inf
        text = f"{name} must be " + ("finite" if finite else "")
        text += (" and " if finite and parts else "") + " and ".join(parts)
        if hasattr(self.hi, "reason") and _is_number(value) and value > self.hi:
            text += f": {self.hi.reason}"
        return text


class Options:
    """One of a set of strings."""

    def __init__(self, names):
        self.names = tuple(names)

    def type_matches(self, value):
        return isinstance(value, str)

    def accepts(self, value):
        return isinstance(value, str) and value in self.names

    def describe(self):
        return "a str among {" + ", ".join(repr(n) for n in sorted(self.names)) + "}"


class _NoneConstraint:
    def type_matches(self, value):
        return value is None

    accepts = type_matches

    def describe(self):
        return "None"


NONE = _NoneConstraint()


class _Boolean:
    """True / False (also numpy's, and the ints 0 and 1). A string is refused: bool('False')
    is True."""

    def type_matches(self, value):
        return isinstance(value, (bool, np.bool_, numbers.Integral))

    def accepts(self, value):
        return isinstance(value, (bool, np.bool_)) or (_is_int(value) and value in (0, 1))

    def describe(self):
        return "a bool"


BOOLEAN = _Boolean()


class _Callable:
    def type_matches(self, value):
        return callable(value)

    accepts = type_matches

    def describe(self):
        return "a callable"


CALLABLE = _Callable()


class HasMethods:
    """An object with these methods (a cross-validation splitter: 'split')."""

    def __init__(self, *methods):
        self.methods = methods

    def type_matches(self, value):
        # str has a split method too; it is never a splitter
        return not isinstance(value, (str, bytes)) and all(
            callable(getattr(value, m, None)) for m in self.methods)

    accepts = type_matches

    def describe(self):
        return "an object implementing " + ", ".join(repr(m) for m in self.methods)


class InstanceOf:
    def __init__(self, types, description):
        self.types, self.description = types, description

    def type_matches(self, value):
        return isinstance(value, self.types)

    accepts = type_matches

    def describe(self):
        return self.description


class _Iterable:
    """An iterable other than a string or a mapping (explicit cross-validation folds);
    its items are checked where they are used."""

    def type_matches(self, value):
        if isinstance(value, (str, bytes, dict)) or _is_number(value):
            return False
        try:
            iter(value)
        except TypeError:
            return False
        return True

    accepts = type_matches

    def describe(self):
        return "an iterable of (train, test) index arrays"


ITERABLE = _Iterable()


class ArrayOf:
    """A 1-D array-like (list, tuple, ndarray) of `length` = (min, max) numbers, each in
    `element` (an Interval). scalar=True also takes one number (as a 1-element array)."""

    def __init__(self, element, length=(1, MAX_GRID), scalar=False):
        self.element, self.length, self.scalar = element, length, scalar

    def _array(self, value):
        if value is None or isinstance(value, (str, bytes, dict, bool, np.bool_)):
            return None
        if _is_number(value) and not self.scalar:
            return None
        try:
            a = np.asarray(value)
        except Exception:  # ragged or otherwise not an array
            return None
        if a.dtype == object or a.dtype.kind not in "iuf":
            return None
        if self.element.kind is int and a.dtype.kind == "f" and a.size > 0:  # () is float64
            return None
        return a

    def type_matches(self, value):
        return self._array(value) is not None

    def accepts(self, value):
        a = self._array(value)
        if a is None:
            return False
        a = a.reshape(1) if a.ndim == 0 else a
        if a.ndim != 1 or not self.length[0] <= a.shape[0] <= self.length[1]:
            return False
        if self.element.kind is float and not np.isfinite(a).all():
            return False
        e = self.element
        lo_ok = (a > e.lo) if e.open in ("left", "both") else (a >= e.lo)
        hi_ok = (a < e.hi) if e.open in ("right", "both") else (a <= e.hi)
        return bool(lo_ok.all() and hi_ok.all())

    def describe(self):
        lo, hi = self.length
        count = f"{lo} to {hi} entries" if hi != math.inf else f"{lo} or more entries"
        each = (self.element.describe().replace("an int in", "ints in")
                .replace("a float in", "floats in"))
        return f"an array-like of {count}, {each}"

    def rule(self, name, value):
        a = self._array(value)
        if a is not None and a.ndim == 1 and a.shape[0] > self.length[1]:
            most = self.length[1]
            return (f"{name} has {a.shape[0]} entries; at most {most}"
                    + (f": {most.reason}" if hasattr(most, "reason") else ""))
        return None


class MappingOf:
    """A dict whose values are in `element` (class_weight: class -> weight)."""

    def __init__(self, element):
        self.element = element

    def type_matches(self, value):
        return isinstance(value, dict)

    def accepts(self, value):
        return isinstance(value, dict) and all(self.element.accepts(v) for v in value.values())

    def describe(self):
        return "a dict of " + self.element.describe().replace("a float in", "floats in")


# Constraints shared by several estimators' parameters.
NON_NEGATIVE = [Interval(float, 0)]                    # penalty strengths (alpha)
POSITIVE = [Interval(float, 0, open="left")]           # tolerances, C, learning rates
RATIO = [Interval(float, 0, 1)]                        # l1_ratio, momentum
ITERATIONS = [Interval(int, 1, MAX_ITER)]              # max_iter
FLAG = [BOOLEAN]                                       # fit_intercept, warm_start, ...
PENALTY_FACTOR = [NONE, ArrayOf(Interval(float, 0), length=(1, math.inf))]
CV = [NONE, Interval(int, 2), HasMethods("split"), ITERABLE]
RANDOM_STATE = [NONE, Interval(int, 0, MAX_RANDOM_STATE),
                InstanceOf(np.random.RandomState, "a numpy RandomState")]


def check_param(value, constraints, name, owner):
    """Raises TypeError / ValueError when `value` satisfies none of `constraints`."""
    for c in constraints:
        if c.accepts(value):
            return value
    raise _invalid(value, constraints, name, owner)


def _invalid(value, constraints, name, owner):
    """The error for a value no constraint accepts (not raised: the caller raises it)."""
    expected = " or ".join(c.describe() for c in constraints)
    wrong_type = not any(c.type_matches(value) for c in constraints)
    note = None
    for c in constraints:  # the rule of the first constraint of the value's type that has one
        if hasattr(c, "rule") and c.type_matches(value):
            note = c.rule(name, value)
            if note:
                break
    return parameter_error(name, owner, expected, value, note,
                           exc=TypeError if wrong_type else ValueError)


def parameter_error(name, owner, expected, value, note=None, exc=ValueError, shown=None):
    """The error (not raised: the caller raises it) saying that parameter `name` of `owner`
    must be `expected` and got `value` (or the description `shown`); a TypeError shows the
    value's type. Also for checks that depend on other parameters or on the data."""
    got = short_repr(value) if shown is None else shown
    if exc is TypeError:
        got += f" ({type(value).__name__})"
    return exc(f"The {name!r} parameter of {owner} must be {expected}. Got {got} instead"
               + (f" ({note.rstrip('.')})." if note else "."))


def validate_params(estimator):
    """Checks every constructor parameter of an estimator against its class's
    `_parameter_constraints` (read with getattr: get_params costs an inspect.signature)."""
    owner = type(estimator).__name__
    for name, constraints in type(estimator)._parameter_constraints.items():
        check_param(getattr(estimator, name), constraints, name, owner)


def check_sample_weight(sample_weight, X, owner, check):
    """sample_weight (None or one finite weight >= 0 per row, of finite positive sum) as a
    float64 array, or None. `check` is scikit-learn's _check_sample_weight (shape, dtype);
    owner names the call (Lasso.fit, lasso_path)."""
    if sample_weight is None:
        return None
    expected = "None or one finite weight >= 0 per sample, with a positive finite sum"
    if isinstance(sample_weight, (str, bytes)):
        raise parameter_error("sample_weight", owner, expected, sample_weight, exc=TypeError)
    sw = check(sample_weight, X, dtype=np.float64)
    bad = np.flatnonzero(~np.isfinite(sw) | (sw < 0))
    if bad.size:
        i = int(bad[0])
        rule = "must be finite" if not np.isfinite(sw[i]) else "must be >= 0"
        raise parameter_error("sample_weight", owner, expected, sw[i],
                              note=f"at sample {i}: sample_weight {rule}")
    with np.errstate(over="ignore"):  # an overflowing sum is reported below
        total = sw.sum()
    if not total > 0:
        raise parameter_error("sample_weight", owner, expected, sw,
                              shown=f"{sw.shape[0]} zero weights",
                              note="the sample weights sum to zero; at least one sample needs "
                                   "a positive weight")
    if not math.isfinite(total):
        raise parameter_error("sample_weight", owner, expected, sw,
                              shown=f"weights summing to {total!r}",
                              note="their sum must be finite: scale them down")
    return sw


def check_penalty_factor(penalty_factor, p, owner):
    """penalty_factor (already checked against PENALTY_FACTOR) as float64, one per feature."""
    if penalty_factor is None:
        return None
    pf = np.asarray(penalty_factor, dtype=np.float64)
    if pf.shape != (p,):
        raise parameter_error("penalty_factor", owner, "None or one factor per feature, "
                              f"shape ({p},)", penalty_factor, note=f"its shape is {pf.shape}")
    return pf


def clamp_tolerance(tol):
    """A solver tolerance translated from the user's (a product or quotient of it) kept a
    positive finite double: a tolerance past either end means the same as the end."""
    return min(max(float(tol), np.finfo(np.float64).tiny), np.finfo(np.float64).max)


def check_cv_folds(cv, n, owner):
    """An int cv must leave every fold a sample: 2 <= cv <= n_samples."""
    if _is_int(cv) and cv > n:
        raise parameter_error("cv", owner, f"an int in the range [2, n_samples = {n}]", cv,
                              note=f"cv must be <= the number of samples, {n}")


def check_folds(folds, n, owner):
    """Folds from a splitter or an iterable: at least one, each a (train, test) pair of
    non-empty integer index arrays within [0, n)."""
    expected = "a splitter or an iterable of (train, test) index arrays within [0, n_samples)"
    if not folds:
        raise parameter_error("cv", owner, expected, folds, note="it gave no folds")
    checked = []
    for k, fold in enumerate(folds):
        try:
            train, test = fold
            train, test = np.asarray(train), np.asarray(test)
        except (TypeError, ValueError):
            raise parameter_error("cv", owner, expected, fold,
                                  note=f"fold {k} is not a (train, test) pair") from None
        for part, idx in (("train", train), ("test", test)):
            if idx.ndim != 1 or idx.size == 0 or idx.dtype.kind not in "iu" \
                    or idx.min() < 0 or idx.max() >= n:
                raise parameter_error("cv", owner, expected, idx,
                                      note=f"fold {k}: {part} must be a non-empty 1-D array of "
                                           f"sample indices in [0, {n})")
        checked.append((train, test))
    return checked
