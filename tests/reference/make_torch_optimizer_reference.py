#!/usr/bin/python3
"""Reference iterates of PyTorch's optimizers for tests/nn/optimizers_test.cpp.

Each case minimises f(w) = sum(0.5 * a * w^2 + c * w) (gradient a * w + c, computed
by autograd) from w0 for 6 steps in float64, and records w after every step. The C++
test feeds the same gradient to regkit's optimizers (double) and compares.

Run:  /usr/bin/python3 tests/reference/make_torch_optimizer_reference.py > tests/reference/torch_optimizers.json
"""
import json
import platform
import sys

import torch

torch.set_default_dtype(torch.float64)

A = [1.0, 2.5, 0.3, 4.0, 0.8]
C = [0.5, -1.0, 0.2, 0.0, -0.3]
W0 = [0.3, -0.7, 1.2, 0.05, -2.0]
STEPS = 6

CASES = {
    "sgd_wd": (torch.optim.SGD, dict(lr=0.1, weight_decay=0.01)),
    "sgd_momentum_wd": (torch.optim.SGD, dict(lr=0.05, momentum=0.9, weight_decay=0.01)),
    "sgd_nesterov": (torch.optim.SGD, dict(lr=0.05, momentum=0.8, nesterov=True, weight_decay=0.02)),
    "sgd_dampening": (torch.optim.SGD, dict(lr=0.05, momentum=0.5, dampening=0.3)),
    "adam": (torch.optim.Adam, dict(lr=0.01)),
    "adam_wd": (torch.optim.Adam, dict(lr=0.02, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1)),
    "adamw": (torch.optim.AdamW, dict(lr=0.01, weight_decay=0.1)),
    "adamw_betas": (torch.optim.AdamW, dict(lr=0.05, betas=(0.5, 0.9), eps=1e-4, weight_decay=0.5)),
}


def run(cls, kwargs):
    a = torch.tensor(A)
    c = torch.tensor(C)
    w = torch.tensor(W0, requires_grad=True)
    opt = cls([w], **kwargs)
    out = []
    for _ in range(STEPS):
        opt.zero_grad()
        f = (0.5 * a * w * w + c * w).sum()
        f.backward()
        opt.step()
        out.append([float(v) for v in w.detach()])
    return out


def main():
    result = {
        "generator": "tests/reference/make_torch_optimizer_reference.py",
        "versions": {"torch": torch.__version__, "python": platform.python_version()},
        "a": A, "c": C, "w0": W0, "steps": STEPS,
        "cases": {},
    }
    for name, (cls, kwargs) in CASES.items():
        kw = {k: (list(v) if isinstance(v, tuple) else v) for k, v in kwargs.items()}
        result["cases"][name] = {"optimizer": cls.__name__, "options": kw, "iterates": run(cls, kwargs)}
    json.dump(result, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
