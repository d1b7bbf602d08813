"""scikit-learn's own estimator test suite (sklearn.utils.estimator_checks) on every
regkit estimator. A check that cannot apply is listed in EXCLUDED with the reason (and in
the README); pytest reports it as skipped with that reason, never silently."""
import pytest
from sklearn.utils.estimator_checks import parametrize_with_checks

import regkit

ESTIMATORS = [
    regkit.Ridge(),
    regkit.RidgeCV(),
    regkit.Lasso(),
    regkit.LassoCV(),
    regkit.ElasticNet(),
    regkit.ElasticNetCV(),
]
if hasattr(regkit, "LogisticRegression"):
    ESTIMATORS += [regkit.LogisticRegression(), regkit.LogisticRegressionCV()]
# The network estimator too, with fewer epochs than its default 200 to keep the suite short.
ESTIMATORS.append(regkit.nn.MLPClassifier(max_iter=50))

# (estimator class name, check name) -> why the check cannot apply.
EXCLUDED = {}


def _check_name(check):
    return getattr(check, "func", check).__name__


@parametrize_with_checks(ESTIMATORS)
def test_sklearn_estimator_checks(estimator, check):
    reason = EXCLUDED.get((type(estimator).__name__, _check_name(check)))
    if reason:
        pytest.skip(reason)
    check(estimator)
