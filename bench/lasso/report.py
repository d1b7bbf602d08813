#!/usr/bin/python3
"""Joins the three timing tables of the lasso-path benchmark into a markdown table with
ratios (regkit / glmnet, scikit-learn / regkit). Usage: report.py DIR"""
import csv
import sys


def load(path, key="name"):
    with open(path) as f:
        return {row[key]: row for row in csv.DictReader(f)}


def main():
    d = sys.argv[1]
    g, s, r = load(f"{d}/glmnet_times.csv"), load(f"{d}/sklearn_times.csv"), load(f"{d}/regkit_times.csv")
    print("| design (n, p, rho) | lambdas | glmnet s | regkit s | regkit / glmnet | sklearn s | sklearn / regkit "
          "| regkit rel. err. | sklearn rel. err. |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    worst_g, worst_s = 0.0, float("inf")
    for name, row in g.items():
        gt, rt, st = float(row["glmnet_seconds"]), float(r[name]["regkit_seconds"]), float(s[name]["sklearn_seconds"])
        worst_g = max(worst_g, rt / gt)
        worst_s = min(worst_s, st / rt)
        n, p, rho = name.split("_")
        print(f"| {n[1:]}, {p[1:]}, {rho[3:]} | {row['lambdas']} | {gt:.4f} | {rt:.4f} | {rt / gt:.2f} | {st:.4f} "
              f"| {st / rt:.1f} | {float(r[name]['regkit_rel_error']):.1e} | {float(s[name]['sklearn_rel_error']):.1e} |")
    print()
    ref_kkt = [float(row["reference_kkt"]) for row in g.values() if "reference_kkt" in row]
    tight_kkt = [float(row["tight_kkt"]) for row in g.values() if "tight_kkt" in row]
    if ref_kkt:
        print(f"Reference: glmnet's thresh 1e-11 fit (KKT residual up to {max(tight_kkt):.1e} lambda), polished "
              f"to the exact solution on its support (KKT residual up to {max(ref_kkt):.1e} lambda).")
    print(f"Worst regkit / glmnet: {worst_g:.2f} (target <= 0.5). "
          f"Smallest scikit-learn / regkit: {worst_s:.1f} (target >= 10).")


if __name__ == "__main__":
    main()
