#!/usr/bin/python3
"""The seed-000 network in PyTorch, timed like bench/nn_epoch_bench.cpp.

784-256-128-64-10 (ELU, He-normal truncated as Keras, softmax + cross-entropy fused by
F.cross_entropy), Adam (lr 1e-3, betas .9/.999, eps 1e-7 as Keras), batch 64, on 55,000
random uint8 "images" scaled by 1/255 per batch (as regkit), or the real Fashion-MNIST
split with --fashion. Prints per-epoch seconds, peak RSS and the settings.

  /usr/bin/python3 bench/nn/nn_epoch_torch.py [--threads 2] [--epochs 2] [--samples 55000] [--fashion]

Thread settings: torch.set_num_threads(T) for torch's intra-op pool; OpenBLAS inside
torch (Debian's python3-torch links it) follows OPENBLAS_NUM_THREADS (set it to 1 to
avoid 2+2 threads oversubscribing two cores).
"""
import argparse
import gzip
import os
import resource
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def load_fashion(path="/usr/share/datasets/fashion-mnist"):
    def idx(name, offset):
        with gzip.open(os.path.join(path, name), "rb") as f:
            return np.frombuffer(f.read(), np.uint8, offset=offset)
    x = idx("train-images-idx3-ubyte.gz", 16).reshape(-1, 784)
    y = idx("train-labels-idx1-ubyte.gz", 8).astype(np.int64)
    xt = idx("t10k-images-idx3-ubyte.gz", 16).reshape(-1, 784)
    yt = idx("t10k-labels-idx1-ubyte.gz", 8).astype(np.int64)
    return x[5000:], y[5000:], x[:5000], y[:5000], xt, yt


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--samples", type=int, default=55000)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--fashion", action="store_true")
    ap.add_argument("--l2", type=float, default=0.0, help="Keras l2 on hidden kernels (added to the loss)")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(42)
    rng = np.random.default_rng(7)
    if a.fashion:
        x, y, xv, yv, xt, yt = load_fashion()
    else:
        x = rng.integers(0, 256, size=(a.samples, 784), dtype=np.uint8)
        y = rng.integers(0, 10, size=a.samples).astype(np.int64)
    x = torch.from_numpy(np.ascontiguousarray(x))
    y = torch.from_numpy(y)
    layers = []
    for i, o in [(784, 256), (256, 128), (128, 64)]:
        lin = nn.Linear(i, o)
        nn.init.trunc_normal_(lin.weight, std=(2.0 / i) ** 0.5 / 0.87962566103423978,
                              a=-2 * (2.0 / i) ** 0.5 / 0.87962566103423978, b=2 * (2.0 / i) ** 0.5 / 0.87962566103423978)
        nn.init.zeros_(lin.bias)
        layers += [lin, nn.ELU()]
    out = nn.Linear(64, 10)
    nn.init.xavier_uniform_(out.weight)
    nn.init.zeros_(out.bias)
    model = nn.Sequential(*layers, out)
    hidden = [m.weight for m in model if isinstance(m, nn.Linear)][:3]
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    n = x.shape[0]
    times = []
    for epoch in range(a.epochs):
        t0 = time.perf_counter()
        perm = torch.randperm(n)
        model.train()
        for s in range(0, n, a.batch):
            idx = perm[s:s + a.batch]
            xb = x[idx].float().div_(255.0)
            loss = F.cross_entropy(model(xb), y[idx])
            if a.l2 > 0:
                loss = loss + a.l2 * sum((w * w).sum() for w in hidden)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
        times.append(time.perf_counter() - t0)
        msg = f"epoch {epoch + 1}: {times[-1]:.3f} s, loss {loss.item():.4f}"
        if a.fashion:
            with torch.no_grad():
                model.eval()
                acc = (model(torch.from_numpy(xt).float() / 255.0).argmax(1) == torch.from_numpy(yt)).float().mean()
            msg += f", test accuracy {acc:.4f}"
        print(msg, flush=True)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}, "
          f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', '(unset)')}, "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}")
    print(f"best epoch {min(times):.3f} s, peak RSS {rss:.0f} MB")


if __name__ == "__main__":
    main()
