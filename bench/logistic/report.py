#!/usr/bin/python3
"""Report of the logistic benchmark: WORKDIR/results.csv (written by logistic_bench) ->
markdown. For each task f* is the lowest objective any solver reached; each solver's time
is its fastest run (CPU time; wall time alongside) whose objective is within 1e-6 relative
of f* (runs that never get there are listed with their best gap). Path: regkit's time at the loosest tolerance whose
objectives are within 1e-6 relative of glmnet's at every lambda (or below), against glmnet.
Usage: report.py WORKDIR
"""
import csv, math, os, sys
from collections import defaultdict

work = sys.argv[1]
rows = list(csv.reader(open(os.path.join(work, "results.csv"))))
by_task = defaultdict(list)
wall = {}
for task, solver, setting, secs, obj, cpu in rows:
    by_task[task].append((solver, setting, float(cpu), float(obj)))
    wall[(task, solver, setting)] = float(secs)

print("| task | solver | setting | CPU s | wall s | rel. gap to f* | regkit / solver (CPU) |")
print("|---|---|---|---|---|---|---|")
for task in ["dense_l2", "dense_l1", "sparse_l2", "sparse_l1"]:
    runs = by_task.get(task)
    if not runs:
        continue
    fstar = min(r[3] for r in runs)
    best = {}
    for solver, setting, secs, obj in runs:
        gap = (obj - fstar) / abs(fstar)
        ok = gap <= 1e-6
        cur = best.get(solver)
        key = (not ok, secs if ok else gap)
        if cur is None or key < cur[0]:
            best[solver] = (key, setting, secs, gap, ok)
    ours = best.get("regkit")
    for solver, (_, setting, secs, gap, ok) in sorted(best.items(), key=lambda kv: kv[1][0]):
        ratio = f"{ours[2] / secs:.2f}" if ours and ours[4] and ok and solver != "regkit" else ""
        note = "" if ok else " (never within 1e-6)"
        print(f"| {task} | {solver} | {setting} | {secs:.3f}{note} | {wall[(task, solver, setting)]:.3f} | {gap:.1e} | {ratio} |")
path = by_task.get("path", [])
glm = [r for r in path if r[0] == "glmnet"]
ours = sorted([r for r in path if r[0] == "regkit" and r[3] <= 1e-6], key=lambda r: r[2])
if glm:
    w = wall[("path", "glmnet", glm[0][1])]
    print(f"| path (100 lambdas) | glmnet | {glm[0][1]} | {glm[0][2]:.3f} | {w:.3f} | 0 | {ours[0][2] / glm[0][2]:.2f} |" if ours else
          f"| path | glmnet | {glm[0][1]} | {glm[0][2]:.3f} | {w:.3f} | | |")
for r in ours[:1]:
    print(f"| path (100 lambdas) | regkit | {r[1]} | {r[2]:.3f} | {wall[('path', 'regkit', r[1])]:.3f} | worst (f - f_glmnet)/f_glmnet = {r[3]:.1e} | |")
for r in by_task.get("reader", []):
    print(f"| reader | {r[0]} | {r[1]} | {r[2]:.3f} | {wall[('reader', r[0], r[1])]:.3f} | | |")
