#!/usr/bin/env bash
# Runs the whole test suite (GoogleTest through CTest, plus the installed-package
# consumer check), then the Python module's tests (pytest on the module in build/python,
# with Debian's /usr/bin/python3: scikit-learn's estimator checks, results against
# scikit-learn, the networks) on the build made by scripts/setup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
ctest --test-dir build --output-on-failure -j "$(nproc)" --timeout 900
if [ -f build/python/regkit/__init__.py ]; then
  PYTHONPATH="$PWD/build/python" OMP_NUM_THREADS=${OMP_NUM_THREADS:-2} \
    /usr/bin/python3 -m pytest -q -rs -p no:cacheprovider python/tests
else
  echo "regkit test: the Python module was not built (python3-dev, pybind11-dev missing?)" >&2
  exit 1
fi
