"""The learning arithmetic of `train`: kernel ridge regression, thresholds, calibration.

Ridge regression on the joined features (character n-grams, sentence embedding, keywords) is
solved in its dual form, through the N x N matrix of dot products between training reports:
a few thousand labelled reports make a small matrix, every cross-validation fold is a slice of
it, and all categories are solved at once. The primal weights (what the model directory
stores) are recovered as features^T @ alpha. numpy only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["choose_threshold", "fit_dual", "platt", "sigmoid"]

Array = npt.NDArray[np.float64]


def sigmoid(z: Array) -> Array:
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def fit_dual(
    kernel: Array, labels: npt.NDArray[Any], known: npt.NDArray[np.bool_], lam: float
) -> Array:
    """Dual coefficients alpha (n x k) of ridge regression onto ±1 targets. `kernel` includes
    a constant (the bias); `known` marks the labels to learn from (unknown ones are left out
    of their own category's fit only)."""
    n, k = labels.shape
    targets = np.where(labels > 0, 1.0, -1.0)
    alpha = np.zeros((n, k))
    regularised = kernel + lam * np.eye(n)
    full = known.all(axis=0)
    if full.any():
        alpha[:, full] = np.linalg.solve(regularised, targets[:, full])
    for j in np.flatnonzero(~full):
        rows = np.flatnonzero(known[:, j])
        if len(rows):
            alpha[rows, j] = np.linalg.solve(regularised[np.ix_(rows, rows)], targets[rows, j])
    return alpha


def _f1(y: npt.NDArray[np.bool_], predicted: npt.NDArray[np.bool_]) -> float:
    tp = float(np.sum(y & predicted))
    if tp == 0:
        return 0.0
    return 2 * tp / (2 * tp + float(np.sum(~y & predicted)) + float(np.sum(y & ~predicted)))


def choose_threshold(
    y: npt.NDArray[np.bool_], scores: Array, cap: float = 3.0, steps: int = 150
) -> float | None:
    """The score threshold with the best F1 on out-of-fold scores, among thresholds that
    predict at most `cap` times as many positives as there are (with few positives, F1 is
    otherwise best at "everything is positive", which helps nobody). None without positives."""
    positives = int(y.sum())
    if positives == 0 or len(scores) == 0:
        return None
    candidates = np.unique(np.quantile(scores, np.linspace(0.3, 0.999, steps)))
    best, best_f1 = float(np.max(scores)), -1.0
    for threshold in candidates:
        predicted = scores >= threshold
        if predicted.sum() > cap * positives:
            continue
        value = _f1(y, predicted)
        if value > best_f1:
            best, best_f1 = float(threshold), value
    return best


def platt(y: npt.NDArray[np.bool_], scores: Array, iterations: int = 50) -> tuple[float, float]:
    """Platt scaling: (a, b) with P(positive | score) = sigmoid(a * score + b), fitted by
    Newton's method on out-of-fold scores with Platt's smoothed targets."""
    positives = float(y.sum())
    negatives = float(len(y) - positives)
    if positives == 0:
        return 0.0, -10.0
    if negatives == 0:
        return 0.0, 10.0
    target = np.where(y, (positives + 1) / (positives + 2), 1 / (negatives + 2))
    a, b = 1.0, 0.0
    for _ in range(iterations):
        p = sigmoid(a * scores + b)
        w = np.maximum(p * (1 - p), 1e-12)
        g = np.array([np.sum((p - target) * scores), np.sum(p - target)])
        h = np.array(
            [
                [np.sum(w * scores * scores) + 1e-9, np.sum(w * scores)],
                [np.sum(w * scores), np.sum(w)],
            ]
        )
        step = np.linalg.solve(h + 1e-9 * np.eye(2), g)
        a, b = a - step[0], b - step[1]
        if np.abs(step).max() < 1e-8:
            break
    return float(a), float(b)


def folds(groups: Sequence[object], k: int, seed: int = 0) -> list[npt.NDArray[np.intp]]:
    """`k` test folds over sample indexes; samples sharing a group are never split (a report
    and its translation, or near-duplicates, stay together). Groups are shuffled, then dealt
    to the fold with the fewest samples, largest groups first."""
    members: dict[object, list[int]] = {}
    for index, group in enumerate(groups):
        members.setdefault(group, []).append(index)
    rng = np.random.default_rng(seed)
    keys = list(members)
    order = rng.permutation(len(keys))
    ordered = sorted((keys[i] for i in order), key=lambda g: -len(members[g]))
    sizes = [0] * k
    out: list[list[int]] = [[] for _ in range(k)]
    for group in ordered:
        target = sizes.index(min(sizes))
        out[target].extend(members[group])
        sizes[target] += len(members[group])
    return [np.asarray(sorted(f), dtype=np.intp) for f in out]
