#!/usr/bin/python3
"""Seed 003 (Keras notebook, L1 sparsity) with regkit.nn, written as the notebook writes
it: the Fashion-MNIST model 784-256-128-10 relu with l1(0.001) on the hidden kernels; the
synthetic 1000 x 20 problem where only the first 5 features matter (Dense(32, relu) +
sigmoid, l1(0.01) vs none, Adam, 50 epochs) with first-layer |W| heatmaps and the fraction
of weights below 0.01; and a lambda sweep 0 / 1e-4 / 1e-3 / 1e-2 / 1e-1. Regkit's extra: the
proximal L1 step (optimizer proximal_l1) gives weights that are exactly zero.
Writes l1_weight_heatmaps.png and l1_lambda_sweep.png.
    /usr/bin/python3 examples/python/seed003_keras_l1_sparsity.py --epochs 50 --fashion-epochs 1 --out out/
"""
import argparse
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from regkit import nn, regularizers  # noqa: E402

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--epochs", type=int, default=50, help="epochs of the synthetic runs")
parser.add_argument("--fashion-epochs", type=int, default=1,
                    help="epochs of the Fashion-MNIST L1 model (0 skips it)")
parser.add_argument("--data-dir", default="/usr/share/datasets/fashion-mnist")
parser.add_argument("--out", default=".")
args = parser.parse_args()
os.makedirs(args.out, exist_ok=True)

# ---- the notebook's Fashion-MNIST model with l1(0.001) ----
if args.fashion_epochs > 0:
    (X_train, y_train), (X_valid, y_valid), (X_test, y_test) = nn.load_fashion_mnist(args.data_dir)
    model_l1 = nn.Sequential([
        nn.Flatten(input_shape=(28, 28)),
        nn.Dense(256, activation="relu", kernel_regularizer=regularizers.l1(0.001),
                 kernel_initializer="he_normal"),
        nn.Dense(128, activation="relu", kernel_regularizer=regularizers.l1(0.001),
                 kernel_initializer="he_normal"),
        nn.Dense(10, activation="softmax"),
    ])
    model_l1.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    # uint8 pixels are read in place and scaled by 1/255 as batches are formed.
    model_l1.fit(X_train, y_train, epochs=args.fashion_epochs, batch_size=32, scale=1 / 255,
                 validation_data=(X_valid, y_valid), verbose=1, seed=42)
    loss, acc = model_l1.evaluate(X_test, y_test, scale=1 / 255)
    w = model_l1.layers[1].get_weights()[0]
    print(f"Fashion-MNIST l1(0.001): test accuracy {acc:.4f}, |w| < 0.01: {np.mean(np.abs(w) < 0.01):.2%}")


# ---- visualize_l1_effect ----
np.random.seed(42)
X = np.random.randn(1000, 20)
y = X[:, :5].sum(axis=1) + np.random.randn(1000) * 0.1  # only the first 5 features matter
y = (y > y.mean()).astype(int)


def train(regularizer=None, proximal_l1=0.0, epochs=args.epochs):
    model = nn.Sequential([
        nn.Dense(32, activation="relu", input_shape=(20,), kernel_regularizer=regularizer),
        nn.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer=nn.optimizers.Adam(proximal_l1=proximal_l1), loss="binary_crossentropy",
                  seed=42)
    model.fit(X, y, epochs=epochs, batch_size=32, verbose=0, seed=42)
    return model


model_no_reg = train()
model_l1_reg = train(regularizers.l1(0.01))
weights_no_reg = model_no_reg.layers[0].get_weights()[0]
weights_l1 = model_l1_reg.layers[0].get_weights()[0]

fig, axes = plt.subplots(1, 2, figsize=(14, 5))
for ax, w, title in ((axes[0], weights_no_reg, "no regularization: |W|"),
                     (axes[1], weights_l1, "l1(0.01): |W| (sparser)")):
    im = ax.imshow(np.abs(w), cmap="hot", aspect="auto")
    ax.set_title(title)
    ax.set_xlabel("output neuron")
    ax.set_ylabel("input feature")
    plt.colorbar(im, ax=ax)
plt.tight_layout()
plt.savefig(os.path.join(args.out, "l1_weight_heatmaps.png"), dpi=150, bbox_inches="tight")

threshold = 0.01
print(f"\nfraction of weights below {threshold}:")
print(f"no regularization: {np.mean(np.abs(weights_no_reg) < threshold):.2%}")
print(f"L1 regularization: {np.mean(np.abs(weights_l1) < threshold):.2%}")
print(f"exactly zero (l1 penalty, subgradient steps): {np.mean(weights_l1 == 0):.2%}")
w_prox = train(proximal_l1=0.01).layers[0].get_weights()[0]
print(f"exactly zero (proximal L1 0.01):              {np.mean(w_prox == 0):.2%}")
print(f"input rows 0-4 (useful) vs 5-19 mean |W| under L1: {np.abs(weights_l1[:5]).mean():.4f} "
      f"vs {np.abs(weights_l1[5:]).mean():.4f}")

# ---- lambda sweep ----
l1_values = [0.0, 0.0001, 0.001, 0.01, 0.1]
small, zero, acc = [], [], []
print(f"\n{'lambda':<10} {'|w|<0.01':>10} {'accuracy':>10}")
for lam in l1_values:
    m = train(regularizers.l1(lam) if lam > 0 else None)
    w = m.layers[0].get_weights()[0]
    small.append(np.mean(np.abs(w) < threshold))
    acc.append(m.evaluate(X, y)[1])
    print(f"{lam:<10g} {small[-1]:>10.2%} {acc[-1]:>10.4f}")
fig, ax = plt.subplots(figsize=(7, 4))
xs = np.arange(len(l1_values))
ax.bar(xs - 0.2, small, 0.4, label="fraction |w| < 0.01")
ax.bar(xs + 0.2, acc, 0.4, label="training accuracy")
ax.set_xticks(xs, [str(v) for v in l1_values])
ax.set_xlabel("l1 lambda")
ax.legend()
ax.grid(True, alpha=0.3)
plt.tight_layout()
plt.savefig(os.path.join(args.out, "l1_lambda_sweep.png"), dpi=150, bbox_inches="tight")
print(f"figures written to {os.path.abspath(args.out)}")
