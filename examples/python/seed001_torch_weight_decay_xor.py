#!/usr/bin/python3
"""Seed 001 (PyTorch weight decay) with regkit.nn: a 2-5-1 ReLU network on XOR, MSE loss,
SGD(lr=0.01, weight_decay=0.01) -- PyTorch's coupled decay w <- (1 - lr*alpha) w - lr*grad --
for 1000 full-batch epochs, the loss every 100 epochs and the accuracy, as the seed prints
them. Then: a check that one regkit SGD step is exactly that update, and the decay alpha
chosen by 5-fold cross-validation on a noisy XOR sample. Writes xor_weight_decay.png.
    /usr/bin/python3 examples/python/seed001_torch_weight_decay_xor.py --epochs 1000 --out out/
"""
import argparse
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from regkit import nn  # noqa: E402

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--epochs", type=int, default=1000)
parser.add_argument("--out", default=".")
args = parser.parse_args()
os.makedirs(args.out, exist_ok=True)


def simple_nn(input_size=2, hidden_size=5, output_size=1, weight_decay=0.01, lr=0.01, seed=0):
    """fc1 -> ReLU -> fc2 with MSE and SGD(lr, weight_decay), as the seed's SimpleNN."""
    model = nn.Sequential([
        nn.Dense(hidden_size, activation="relu", input_shape=(input_size,)),
        nn.Dense(output_size),
    ])
    model.compile(optimizer=nn.optimizers.SGD(learning_rate=lr, weight_decay=weight_decay),
                  loss="mse", seed=seed)
    return model


X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], dtype=np.float32)
y = np.array([[0.0], [1.0], [1.0], [0.0]], dtype=np.float32)

model = simple_nn()
history = model.fit(X, y, epochs=args.epochs, batch_size=4, shuffle=False, verbose=0)
losses = history.history["loss"]
for epoch in range(99, args.epochs, 100):
    print(f"Epoch [{epoch + 1}/{args.epochs}], Loss: {losses[epoch]:.4f}")
predictions = np.round(model.predict(X))
print(f"Accuracy: {np.mean(predictions == y):.4f}")

# One step is exactly w <- (1 - lr*alpha) w - lr*grad: from the same weights, the runs with
# and without decay differ by -lr*alpha*w after one full-batch step.
lr, alpha = 0.01, 0.01
with_decay, without = simple_nn(weight_decay=alpha, seed=3), simple_nn(weight_decay=0.0, seed=3)
w0 = with_decay.get_weights()
without.set_weights(w0)
with_decay.fit(X, y, epochs=1, batch_size=4, shuffle=False, verbose=0)
without.fit(X, y, epochs=1, batch_size=4, shuffle=False, verbose=0)
gap = max(float(np.max(np.abs((a - b) - (-lr * alpha * w))))
          for a, b, w in zip(with_decay.get_weights(), without.get_weights(), w0))
print(f"one SGD step vs (1 - lr*alpha) w - lr*grad: largest difference {gap:.2e} (float32)")

# Choosing alpha by 5-fold cross-validation on a noisy XOR sample.
rng = np.random.default_rng(0)
corners = rng.integers(0, 2, size=(400, 2))
Xn = (corners + 0.15 * rng.standard_normal((400, 2))).astype(np.float32)
yn = (corners[:, 0] ^ corners[:, 1]).astype(np.float32).reshape(-1, 1)
folds = np.arange(400) % 5
alphas = [0.0, 1e-3, 1e-2, 1e-1, 1.0]
cv_mse = []
for a in alphas:
    errors = []
    for k in range(5):
        m = simple_nn(hidden_size=16, weight_decay=a, lr=0.1, seed=k)
        m.fit(Xn[folds != k], yn[folds != k], epochs=max(1, args.epochs // 10), batch_size=32,
              verbose=0, seed=k)
        errors.append(float(np.mean((m.predict(Xn[folds == k]) - yn[folds == k]) ** 2)))
    cv_mse.append(np.mean(errors))
    print(f"weight_decay {a:<6g}: 5-fold CV mse {cv_mse[-1]:.4f}")
print(f"chosen weight_decay: {alphas[int(np.argmin(cv_mse))]}")

fig, axes = plt.subplots(1, 2, figsize=(12, 4))
axes[0].plot(np.arange(1, len(losses) + 1), losses)
axes[0].set_title("XOR, SGD(lr=0.01, weight_decay=0.01): MSE loss")
axes[0].set_xlabel("Epoch")
axes[0].set_ylabel("Loss")
axes[0].grid(True, alpha=0.3)
axes[1].semilogx([max(a, 1e-4) for a in alphas], cv_mse, "o-")
axes[1].set_title("5-fold CV error against weight decay (0 drawn at 1e-4)")
axes[1].set_xlabel("weight_decay")
axes[1].set_ylabel("CV mse")
axes[1].grid(True, alpha=0.3)
plt.tight_layout()
plt.savefig(os.path.join(args.out, "xor_weight_decay.png"), dpi=150, bbox_inches="tight")
print(f"figure written to {os.path.abspath(args.out)}")
