"""pytest setup for regkit's Python tests: run with Debian's /usr/bin/python3 and the
package built into build/python (scripts/test.sh sets PYTHONPATH), or an installed one."""
import os

import numpy as np
import pytest

os.environ.setdefault("OMP_NUM_THREADS", "2")


@pytest.fixture
def rng():
    return np.random.default_rng(20240601)
