#!/usr/bin/python3
"""Peers for the logistic benchmark (bench/logistic/run.sh): liblinear-train (Debian
liblinear-tools) and scikit-learn, on the data of make_data.py, C = 1, no intercept
(liblinear would penalize its bias). Each run's wall time (fit only) and coefficients
(WORKDIR/coef_*.f64, float64) go to WORKDIR/peer_times.csv with the CPU time (user + sys;
run.sh pins every solver to one thread, so on a busy machine CPU time is the steadier
measure); the objectives are computed by logistic_bench (one formula for everyone).
liblinear-train's time includes reading the file: its load time is measured alone as a
run that stops at once (-e 1e10) and subtracted (the "reader" row reports it).
Usage: peers.py WORKDIR [TASKS...]  (dense_l2 dense_l1 sparse_l2 sparse_l1 reader)
"""
import os, resource, subprocess, sys, time
import numpy as np
import sklearn
from sklearn.datasets import load_svmlight_file
from sklearn.linear_model import LogisticRegression
import warnings
warnings.filterwarnings("ignore")

work = sys.argv[1]
tasks = set(sys.argv[2:]) or {"reader", "dense_l2", "dense_l1", "sparse_l2", "sparse_l1"}
out = open(os.path.join(work, "peer_times.csv"), "a")

def record(task, peer, setting, seconds, coef, cpu):
    name = f"coef_{task}_{peer}_{setting}.f64".replace(" ", "").replace("=", "")
    np.asarray(coef, dtype=np.float64).tofile(os.path.join(work, name))
    out.write(f"{task},{peer},{setting},{seconds:.6f},{name},{cpu:.6f}\n")
    out.flush()
    print(f"{task}: {peer} {setting} {seconds:.3f} s wall, {cpu:.3f} s cpu", flush=True)

def wall(cmd):
    """(wall, cpu) seconds of a child process."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    t = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return t, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)

def liblinear_weights(model, p):
    lines = open(model).read().split("\n")
    labels = [l for l in lines if l.startswith("label")][0].split()[1:]
    start = lines.index("w") + 1
    w = np.array([float(lines[start + j].split()[0]) for j in range(p)])
    return w if labels[0] in ("1", "+1") else -w

def liblinear(task, svm, p, solver, eps_list, load):
    model = os.path.join(work, "liblinear.model")
    for eps in eps_list:
        t, c = min(wall(["liblinear-train", "-s", str(solver), "-c", "1", "-e", repr(eps), svm, model]) for _ in range(2))
        record(task, f"liblinear-s{solver}", f"e={eps}", max(t - load[0], 0.0), liblinear_weights(model, p),
               max(c - load[1], 0.0))

def load_time(svm):
    """The file read in the page cache first (a cold first read would inflate the load
    time and so deflate every fit time it is subtracted from), then the best of 3."""
    model = os.path.join(work, "liblinear.model")
    with open(svm, "rb") as f:
        while f.read(1 << 24):
            pass
    return min(wall(["liblinear-train", "-s", "0", "-c", "1", "-e", "1e10", svm, model]) for _ in range(3))

def sk(task, X, y, penalty, solver, tols):
    for tol in tols:
        m = LogisticRegression(C=1.0, penalty=penalty, solver=solver, fit_intercept=False, tol=tol,
                               max_iter=100000)
        t0, c0 = time.perf_counter(), time.process_time()
        m.fit(X, y)
        record(task, f"sklearn-{solver}", f"tol={tol}", time.perf_counter() - t0, m.coef_[0],
               time.process_time() - c0)

dense_svm = os.path.join(work, "dense.svm")
sparse_svm = os.path.join(work, "sparse.svm")
if tasks & {"reader", "dense_l2", "dense_l1"}:
    load_dense = load_time(dense_svm)
    out.write(f"reader,liblinear,load dense.svm (-e 1e10 run),{load_dense[0]:.6f},,{load_dense[1]:.6f}\n")
    print(f"liblinear load of dense.svm: {load_dense[0]:.3f} s wall, {load_dense[1]:.3f} s cpu", flush=True)
if tasks & {"dense_l2", "dense_l1"}:
    y = np.fromfile(os.path.join(work, "dense_y.f64"))
    n = y.size
    X = np.fromfile(os.path.join(work, "dense_X.f64")).reshape(-1, n).T  # column-major on disk
    X = np.ascontiguousarray(X)
    p = X.shape[1]
    if "dense_l2" in tasks:
        liblinear("dense_l2", dense_svm, p, 0, [0.01, 3e-3, 1e-3, 3e-4, 1e-4, 1e-6], load_dense)
        sk("dense_l2", X, y, "l2", "lbfgs", [1e-4, 1e-6, 1e-7, 1e-8])
    if "dense_l1" in tasks:
        liblinear("dense_l1", dense_svm, p, 6, [0.01, 3e-3, 1e-3, 3e-4, 1e-4, 1e-6], load_dense)
        sk("dense_l1", X, y, "l1", "liblinear", [1e-3, 3e-4, 1e-4, 1e-6])
        sk("dense_l1", X, y, "l1", "saga", [1e-4])
if tasks & {"sparse_l2", "sparse_l1"}:
    X, y = load_svmlight_file(sparse_svm)
    X = X.tocsr()
    y = (y > 0).astype(np.float64)
    p = X.shape[1]
    load_sparse = load_time(sparse_svm)
    if "sparse_l2" in tasks:
        liblinear("sparse_l2", sparse_svm, p, 0, [0.01, 3e-3, 1e-3, 3e-4, 1e-4, 1e-6], load_sparse)
        sk("sparse_l2", X, y, "l2", "lbfgs", [1e-4, 1e-6, 1e-7, 1e-8])
    if "sparse_l1" in tasks:
        liblinear("sparse_l1", sparse_svm, p, 6, [0.01, 3e-3, 1e-3, 3e-4, 1e-4, 1e-6], load_sparse)
        sk("sparse_l1", X, y, "l1", "liblinear", [1e-3, 3e-4, 1e-4, 1e-6])
        if os.environ.get("SPARSE_SAGA"):  # over 10 minutes on the reference machine
            sk("sparse_l1", X, y, "l1", "saga", [1e-4])
with open(os.path.join(work, "peer_versions.txt"), "w") as f:
    v = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "liblinear-tools"], capture_output=True, text=True).stdout
    f.write(f"scikit-learn {sklearn.__version__}, numpy {np.__version__}, liblinear-tools {v}\n")
