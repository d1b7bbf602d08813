#!/usr/bin/python3
"""Writes small .npy files with numpy itself (not with regkit's writer) into
tests/data/npy_fixtures/, plus expected.json holding, per file, the dtype, the shape
and the values in C order as Python floats (exact: every value is representable).

Run: /usr/bin/python3 tests/reference/make_npy_fixtures.py
"""
import json
import os
import sys

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
out_dir = os.path.join(here, "..", "data", "npy_fixtures")
os.makedirs(out_dir, exist_ok=True)

arrays = {
    # float32 in Fortran order: the reader must transpose into C order.
    "f4_fortran.npy": (np.asfortranarray(
        np.array([[0.1, -2.5, 3.0, 1e-3], [4.25, 5.5, -6.0, 7e10], [8.0, -0.0, 1.5, 2.0]],
                 dtype=np.float32)), None),
    # big-endian float64.
    "f8_big_endian.npy": (np.array([[np.pi, -1.0 / 3.0, 1e-300], [2.0 ** 60, -7.25, 0.1]],
                                   dtype=">f8"), None),
    # int64, 1-D, including values beyond 2^32.
    "i8.npy": (np.array([-5, 0, 7, 2 ** 40, -(2 ** 35), 123456789], dtype="<i8"), None),
    # uint8 images, 3-D (2 x 3 x 4), C order.
    "u1.npy": (np.arange(24, dtype=np.uint8).reshape(2, 3, 4) * 10, None),
    # uint8 labels, 1-D.
    "u1_labels.npy": (np.array([3, 1, 4, 1, 5, 9, 2, 6], dtype=np.uint8), None),
    # big-endian int32 and int16 in Fortran order, 2-D.
    "i4_big_endian_fortran.npy": (np.asfortranarray(
        np.array([[1, -2, 70000], [-80000, 5, 6]], dtype=">i4")), None),
    "i2.npy": (np.array([[-32768, 32767], [258, -2]], dtype="<i2"), None),
    "i1.npy": (np.array([-128, 127, 0, -1], dtype="|i1"), None),
    # the same float64 matrix written with format versions 2.0 and 3.0.
    "f8_v2.npy": (np.array([[1.5, 2.5], [3.5, -4.5]], dtype="<f8"), (2, 0)),
    "f8_v3.npy": (np.array([[1.5, 2.5], [3.5, -4.5]], dtype="<f8"), (3, 0)),
}

expected = {
    "numpy_version": np.__version__,
    "python_version": sys.version.split()[0],
    "files": {},
}
for name, (array, version) in arrays.items():
    path = os.path.join(out_dir, name)
    with open(path, "wb") as f:
        np.lib.format.write_array(f, array, version=version, allow_pickle=False)
    c_order = np.ascontiguousarray(array)
    expected["files"][name] = {
        "descr": array.dtype.str,
        "fortran_order": bool(array.flags.f_contiguous and not array.flags.c_contiguous),
        "shape": list(array.shape),
        "values": [float(v) for v in c_order.ravel(order="C")],
    }

with open(os.path.join(out_dir, "expected.json"), "w") as f:
    json.dump(expected, f, indent=1, sort_keys=True)
    f.write("\n")
print("wrote", len(arrays), "files to", os.path.normpath(out_dir))
