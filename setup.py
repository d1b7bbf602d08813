"""pip install for the regkit Python module, offline with Debian's packages:

    /usr/bin/python3 -m pip install --no-build-isolation .            # into the user's env
    /usr/bin/python3 -m pip wheel --no-build-isolation --no-deps .    # a wheel

Builds the CMake target regkit_python (python/CMakeLists.txt) in build-wheel/ (or in an
existing build folder named by REGKIT_BUILD_DIR, e.g. build/ after scripts/setup.sh) and
copies the package it makes there (the Python files, the extension, a copy of
libregkit.so.0 found through RPATH $ORIGIN) into the wheel. Needs what scripts/packages.txt lists (cmake, ninja, Eigen,
OpenBLAS, pybind11-dev, python3-dev, python3-setuptools, python3-wheel). Environment:
REGKIT_CMAKE_ARGS adds CMake options (e.g. -DREGKIT_NATIVE=OFF for a portable wheel).
"""
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent
(ROOT / "build-wheel").mkdir(exist_ok=True)  # setuptools' scratch space (egg_info, build)


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        build = Path(os.environ.get("REGKIT_BUILD_DIR", ROOT / "build-wheel")).resolve()
        target = Path(self.get_ext_fullpath(ext.name)).resolve().parent  # the wheel's regkit/
        if not (build / "CMakeCache.txt").exists():
            args = ["cmake", "-S", str(ROOT), "-B", str(build), "-G", "Ninja",
                    "-DCMAKE_BUILD_TYPE=Release", "-DREGKIT_BUILD_TESTS=OFF",
                    "-DREGKIT_BUILD_CLI=OFF", "-DREGKIT_BUILD_EXAMPLES=OFF",
                    "-DREGKIT_BUILD_PYTHON=ON", f"-DPython_EXECUTABLE={sys.executable}"]
            args += shlex.split(os.environ.get("REGKIT_CMAKE_ARGS", ""))
            subprocess.check_call(args)
        jobs = os.environ.get("REGKIT_JOBS", "2")
        subprocess.check_call(["cmake", "--build", str(build), "--target", "regkit_python", "-j", jobs])
        # build/python/regkit is the whole package (extension, libregkit.so.0 via RPATH
        # $ORIGIN, Python files): copy it into the wheel.
        package = build / "python" / "regkit"
        target.mkdir(parents=True, exist_ok=True)
        for f in package.iterdir():
            if f.is_file():
                shutil.copy2(f, target / f.name, follow_symlinks=True)


setup(
    name="regkit",
    version="0.1.0",
    description="Regularized learning: lasso, ridge, elastic net, logistic regression, "
                "networks with L1/L2 penalties (scikit-learn and Keras style)",
    python_requires=">=3.9",
    install_requires=["numpy"],
    ext_modules=[Extension("regkit._regkit", sources=[])],
    cmdclass={"build_ext": CMakeBuild},
    # setuptools' own scratch space, away from the CMake build folder build/
    options={"build": {"build_base": "build-wheel/setuptools"}, "egg_info": {"egg_base": "build-wheel"}},
    zip_safe=False,
)
