#!/usr/bin/python3
"""numpy side of the ridge benchmark: one thin SVD (full_matrices=False) of the same X.
Usage: numpy_svd.py REPS X.npy [X.npy ...]; prints CSV rows name,numpy_svd_seconds."""
import sys
import time

import numpy as np

reps = int(sys.argv[1])
print("name,numpy_svd_seconds")
for path in sys.argv[2:]:
    X = np.load(path)
    np.linalg.svd(X, full_matrices=False)  # warm-up
    t = []
    for _ in range(reps):
        t0 = time.perf_counter()
        np.linalg.svd(X, full_matrices=False)
        t.append(time.perf_counter() - t0)
    print(f"{path.split('/')[-1]},{np.median(t):.6f}", flush=True)
