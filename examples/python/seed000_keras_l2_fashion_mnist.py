#!/usr/bin/python3
"""Seed 000 (Keras notebook, L2 on Fashion-MNIST) with regkit.nn, written as the notebook
writes it: MLP 784-256-128-64-10 (elu, he_normal, softmax), Adam, batch 64, l2(0.001) on
the hidden kernels vs no penalty; train 55,000 / valid 5,000 / test 10,000, pixels / 255.
Writes l2_regularization_comparison.png (accuracy and loss curves) and
l2_weight_histograms.png (the second layer's kernel, mean and std in the titles).

Fashion-MNIST comes from Debian's dataset-fashion-mnist (/usr/share/datasets/fashion-mnist).
    /usr/bin/python3 examples/python/seed000_keras_l2_fashion_mnist.py --epochs 3 --out out/
(--epochs 30 is the notebook's run.)
"""
import argparse
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from regkit import nn, regularizers  # noqa: E402

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--epochs", type=int, default=30)
parser.add_argument("--batch-size", type=int, default=64)
parser.add_argument("--data-dir", default="/usr/share/datasets/fashion-mnist")
parser.add_argument("--out", default=".")
args = parser.parse_args()
os.makedirs(args.out, exist_ok=True)
np.random.seed(42)

# Load the data: the first 5,000 training images validate, pixels scaled to [0, 1].
(X_train, y_train), (X_valid, y_valid), (X_test, y_test) = nn.load_fashion_mnist(args.data_dir)
X_train, X_valid, X_test = (x.astype(np.float32) / 255.0 for x in (X_train, X_valid, X_test))
print(f"train: {X_train.shape}, valid: {X_valid.shape}, test: {X_test.shape}")


def create_model(l2_lambda=0.0):
    """The notebook's model with a configurable L2 penalty (0 = none)."""
    regularizer = regularizers.l2(l2_lambda) if l2_lambda > 0 else None
    model = nn.Sequential([
        nn.Flatten(input_shape=(28, 28)),
        nn.Dense(256, activation="elu", kernel_regularizer=regularizer, kernel_initializer="he_normal"),
        nn.Dense(128, activation="elu", kernel_regularizer=regularizer, kernel_initializer="he_normal"),
        nn.Dense(64, activation="elu", kernel_regularizer=regularizer, kernel_initializer="he_normal"),
        nn.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"],
                  seed=42)
    return model


model_no_reg = create_model(l2_lambda=0.0)
model_with_l2 = create_model(l2_lambda=0.001)

print("training without regularization ...")
history_no_reg = model_no_reg.fit(X_train, y_train, epochs=args.epochs, batch_size=args.batch_size,
                                  validation_data=(X_valid, y_valid), verbose=1, seed=42)
print("training with L2 ...")
history_with_l2 = model_with_l2.fit(X_train, y_train, epochs=args.epochs, batch_size=args.batch_size,
                                    validation_data=(X_valid, y_valid), verbose=1, seed=42)

fig, axes = plt.subplots(1, 2, figsize=(14, 5))
for key, title, ax in (("accuracy", "Accuracy", axes[0]), ("loss", "Loss", axes[1])):
    ax.plot(history_no_reg.history[key], "b-", label="no regularization (train)")
    ax.plot(history_no_reg.history["val_" + key], "b--", label="no regularization (valid)")
    ax.plot(history_with_l2.history[key], "r-", label="L2 (train)")
    ax.plot(history_with_l2.history["val_" + key], "r--", label="L2 (valid)")
    ax.set_title(f"{title}: no regularization vs l2(0.001)")
    ax.set_xlabel("Epoch")
    ax.set_ylabel(title)
    ax.legend()
    ax.grid(True, alpha=0.3)
plt.tight_layout()
plt.savefig(os.path.join(args.out, "l2_regularization_comparison.png"), dpi=150, bbox_inches="tight")

print("\ntest set:")
test_loss_no, test_acc_no = model_no_reg.evaluate(X_test, y_test, verbose=0)
test_loss_l2, test_acc_l2 = model_with_l2.evaluate(X_test, y_test, verbose=0)
print(f"no regularization: accuracy = {test_acc_no:.4f} (loss {test_loss_no:.4f})")
print(f"L2 regularization: accuracy = {test_acc_l2:.4f} (loss {test_loss_l2:.4f})")

# Weight distributions of layers[1] (the first Dense, after Flatten, as in Keras).
fig, axes = plt.subplots(1, 2, figsize=(14, 5))
weights_no_reg = model_no_reg.layers[1].get_weights()[0].flatten()
weights_l2 = model_with_l2.layers[1].get_weights()[0].flatten()
for ax, w, color, name in ((axes[0], weights_no_reg, "blue", "no regularization"),
                           (axes[1], weights_l2, "red", "L2")):
    ax.hist(w, bins=50, density=True, alpha=0.7, color=color)
    ax.set_title(f"{name}: weights\nmean={w.mean():.4f}, std={w.std():.4f}")
    ax.set_xlabel("weight")
    ax.set_ylabel("density")
    ax.grid(True, alpha=0.3)
plt.tight_layout()
plt.savefig(os.path.join(args.out, "l2_weight_histograms.png"), dpi=150, bbox_inches="tight")

print("\nweight statistics:")
print(f"no regularization - kernel norm: {np.linalg.norm(weights_no_reg):.4f}")
print(f"L2 regularization - kernel norm: {np.linalg.norm(weights_l2):.4f}")
print(f"figures written to {os.path.abspath(args.out)}")
