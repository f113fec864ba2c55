"""Golden files for LinearProbe: a numpy reference fit of the same L2-regularised multinomial logistic regression.

  tools/export/.venv/bin/python tools/export/export.py golden-probe

The objective (see LinearProbe's javadoc): class-weighted mean cross-entropy + (lambda/2)*||W||^2, bias not
regularised, features standardised with the training mean and population std (or L2-normalised per example).
Solved here independently of the Java L-BFGS, by Newton's method with a pseudo-inverse step (the bias has a
shift-invariant direction; the minimum-norm step keeps sum(b) = 0, as gradient-based methods from b = 0 do).
Writes triage-models/src/test/resources/golden/probe/logreg_reference.json (data, settings, weights, probabilities).
"""
from __future__ import annotations

import numpy as np

from .common import REPO_ROOT, write_json

OUT = REPO_ROOT / "triage-models" / "src" / "test" / "resources" / "golden" / "probe"
K = 3


def make_data(seed: int = 0):
    rng = np.random.default_rng(seed)
    counts = [30, 10, 20]  # people, pets, neither: imbalanced on purpose
    means = np.array([[1.0, 0.0, -1.0, 0.5], [0.0, 1.5, 0.0, -0.5], [-1.0, -0.5, 1.0, 0.0]])
    scales = np.array([1.0, 10.0, 0.1, 3.0])  # odd units that standardisation must undo
    xs, ys = [], []
    for k, n in enumerate(counts):
        xs.append((means[k] + rng.normal(size=(n, 4)) * 1.2) * scales + np.array([0.0, 5.0, -2.0, 1.0]))
        ys += [k] * n
    x = np.concatenate(xs).astype(np.float32)  # the Java test reads float32 features
    return x, np.array(ys)


def scale(x: np.ndarray, method: str, mean=None, std=None):
    x = x.astype(np.float64)
    if method == "STANDARDIZE":
        return (x - mean) / std
    norm = np.linalg.norm(x, axis=1, keepdims=True)
    return np.where(norm > 0, x / np.where(norm > 0, norm, 1), 0)


def fit(x: np.ndarray, y: np.ndarray, lam: float, method: str, weighting: str):
    n, d = x.shape
    mean = std = None
    if method == "STANDARDIZE":
        mean = x.astype(np.float64).mean(axis=0)
        std = x.astype(np.float64).std(axis=0)  # population std, as LinearProbe
        std[~(std > 1e-12)] = 1.0
    z = scale(x, method, mean, std)
    counts = np.bincount(y, minlength=K)
    w = np.ones(n) if weighting == "NONE" else n / (K * counts[y])
    c = w / w.sum()
    zt = np.hstack([z, np.ones((n, 1))])  # per class block: [W_k, b_k]
    onehot = np.eye(K)[y]
    reg = np.tile(np.r_[np.ones(d), 0.0], K)
    theta = np.zeros(K * (d + 1))
    for _ in range(100):
        t = theta.reshape(K, d + 1)
        logits = zt @ t.T
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        grad = ((c[:, None] * (p - onehot)).T @ zt).reshape(-1) + lam * reg * theta
        hess = np.zeros((K * (d + 1), K * (d + 1)))
        for i in range(n):
            a = np.diag(p[i]) - np.outer(p[i], p[i])
            hess += c[i] * np.kron(a, np.outer(zt[i], zt[i]))
        hess += lam * np.diag(reg)
        step = np.linalg.pinv(hess, rcond=1e-12) @ grad
        theta -= step
        if np.abs(grad).max() < 1e-14:
            break
    t = theta.reshape(K, d + 1)
    return mean, std, t[:, :d], t[:, d], float(np.abs(grad).max())


def probabilities(x, method, mean, std, weights, bias):
    z = scale(x, method, mean, std)
    logits = z @ weights.T + bias
    logits -= logits.max(axis=1, keepdims=True)
    p = np.exp(logits)
    return p / p.sum(axis=1, keepdims=True)


def add_arguments(parser) -> None:
    parser.add_argument("--seed", type=int, default=0)


def main(args) -> int:
    x, y = make_data(args.seed)
    cases = []
    for lam, method, weighting in [(0.1, "STANDARDIZE", "BALANCED"), (0.01, "STANDARDIZE", "NONE"), (0.01, "L2_NORMALIZE", "BALANCED")]:
        mean, std, weights, bias, gmax = fit(x, y, lam, method, weighting)
        cases.append({
            "lambda": lam, "scaling": method, "classWeighting": weighting, "finalGradientMaxAbs": gmax,
            "mean": mean, "std": std, "weights": weights, "bias": bias,
            "probabilities": probabilities(x, method, mean, std, weights, bias),
        })
    write_json(OUT / "logreg_reference.json", {
        "classes": ["people", "pets", "neither"],
        "features": x.astype(np.float64), "labels": y, "seed": args.seed, "cases": cases,
    })
    print("wrote", OUT / "logreg_reference.json", [c["finalGradientMaxAbs"] for c in cases])
    return 0
