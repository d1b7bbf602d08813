"""Kernel / bias regularizers exactly as Keras defines them (keras.regularizers):
l1(a) adds a * sum|w|, l2(b) adds b * sum w^2 (no 1/2), l1_l2(a, b) both, to the mean
data loss. In regkit's glmnet form: lambda = a + 2b, alpha = a / (a + 2b). Coefficients
must be finite numbers >= 0 (checked when made)."""
import sys
from dataclasses import dataclass

from ._validation import NON_NEGATIVE, check_param, parameter_error

__all__ = ["Regularizer", "l1", "l2", "l1_l2", "L1", "L2", "L1L2"]


@dataclass(frozen=True)
class Regularizer:
    l1: float = 0.0
    l2: float = 0.0

    def __post_init__(self):
        for name in ("l1", "l2"):
            value = check_param(getattr(self, name), NON_NEGATIVE, name, "Regularizer")
            # The C++ layer description stores the coefficient as text and reads it back
            # with std::stod, which refuses subnormal numbers (as out of range).
            if 0 < value < sys.float_info.min:
                raise parameter_error(name, "Regularizer", f"0 or a float >= {sys.float_info.min!r}",
                                      value, note="subnormal coefficients are not supported")

    def __call__(self, w):
        import numpy as np
        w = np.asarray(w, dtype=np.float64)
        return self.l1 * np.abs(w).sum() + self.l2 * np.square(w).sum()

    def get_config(self):
        return {"l1": self.l1, "l2": self.l2}

    @property
    def glmnet(self):
        """(lambda, alpha) in regkit's glmnet convention."""
        lam = self.l1 + 2.0 * self.l2
        return lam, (self.l1 / lam if lam > 0 else 1.0)


def l1(l1=0.01):
    return Regularizer(l1=float(check_param(l1, NON_NEGATIVE, "l1", "regularizers.l1")))


def l2(l2=0.01):
    return Regularizer(l2=float(check_param(l2, NON_NEGATIVE, "l2", "regularizers.l2")))


def l1_l2(l1=0.01, l2=0.01):
    check_param(l1, NON_NEGATIVE, "l1", "regularizers.l1_l2")
    check_param(l2, NON_NEGATIVE, "l2", "regularizers.l1_l2")
    return Regularizer(l1=float(l1), l2=float(l2))


L1, L2, L1L2 = l1, l2, l1_l2
