"""Second stage of a trained triage model: per category, the linear score weighed against two
other kinds of evidence that need no more labels.

For each category j a small logistic regression combines four numbers about a report:

- the first stage's score for j (ridge over character n-grams, embedding and keywords);
- the best cosine between the report and j's description and examples (what zero-shot uses:
  rare categories have few labelled positives but a good description);
- how many of j's keyword ideas the report mentions (at most 2 count);
- the share of j among the report's nearest labelled neighbours (cosine over the sentence
  embedding, the k most similar training texts weighted by similarity cubed).

Only a category's own four numbers enter its regression: feeding every category's scores to
every other one overfits the rare ones (measured). The regression is trained on first-stage
scores that are out-of-fold, so it learns how far to trust each kind of evidence on reports
the first stage had not seen. Prediction costs one matrix product with the stored training
vectors and the taxonomy's example vectors: a few milliseconds per hundred reports.

Also measured on the 5-fold evaluation and not kept (English macro-F1 0.508 as it is): the
parent category's score as a fifth number (0.503), a class-balanced logistic regression over
hashed word uni/bigrams as a fifth (0.503), word bigrams among the first stage's n-grams
(0.509, within noise), C 1.0 (0.501) or 0.02 (0.508), 20 neighbours (0.502), balanced class
weights here (0.502), ridge lambda 6 (0.504), thresholds over every distinct score instead of
the quantile grid (0.504), English thresholds from all languages pooled (0.503), the
threshold where the calibrated confidence is half the best F1 (0.490).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from fairsift.triage.prototypes import best_cosines

__all__ = ["FEATURES", "NEIGHBOURS", "Evidence", "Stack", "fit_stack", "neighbour_shares"]

Floats = npt.NDArray[np.float32]
Array = npt.NDArray[np.float64]
FEATURES = ("first_stage", "description_cosine", "keyword_ideas", "neighbours")
NEIGHBOURS = 40
C = 0.1  # inverse L2 strength of each category's regression (standardised features)
_CHUNK = 512  # query rows per block in the neighbour search (bounds memory)


def neighbour_shares(
    queries: Floats,
    vectors: Floats,
    labels: npt.NDArray[np.int8],
    k: int = NEIGHBOURS,
) -> Floats:
    """(n x categories): per query, the similarity-weighted share of each category among its
    k most similar rows of `vectors`. `labels` holds 1, 0 or -1 (not labelled: left out)."""
    n, cats = len(queries), labels.shape[1]
    out = np.zeros((n, cats), dtype=np.float32)
    if not len(vectors) or not n:
        return out
    k = min(k, len(vectors))
    positive = (labels == 1).astype(np.float32)
    labelled = (labels >= 0).astype(np.float32)
    for start in range(0, n, _CHUNK):
        sim = queries[start : start + _CHUNK] @ vectors.T
        top = np.argpartition(-sim, k - 1, axis=1)[:, :k]
        weight = np.maximum(np.take_along_axis(sim, top, axis=1), 0.0) ** 3 + 1e-6
        hits = np.einsum("qk,qkc->qc", weight, positive[top])
        seen = np.einsum("qk,qkc->qc", weight, labelled[top])
        out[start : start + _CHUNK] = hits / np.maximum(seen, 1e-9)
    return out


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the second stage needs besides the first stage's scores: the taxonomy's
    description and example vectors (with the category each belongs to) and the training
    texts' vectors with their labels (1, 0, -1 unlabelled)."""

    prototypes: Floats  # (P x dims)
    owners: npt.NDArray[np.int32]  # (P,)
    vectors: Floats  # (N x dims)
    labels: npt.NDArray[np.int8]  # (N x categories)

    def cosines(self, vectors: Floats, categories: int) -> Floats:
        """Best cosine to each category's description or examples (-1 where it has none)."""
        return best_cosines(vectors, self.prototypes, self.owners, categories)

    def features(self, first: Floats, vectors: Floats, ideas: Floats) -> Floats:
        """(n x 4 x categories) in FEATURES order."""
        k = first.shape[1]
        near = neighbour_shares(vectors, self.vectors, self.labels)
        cos = self.cosines(vectors, k)
        return np.stack([first, cos, np.minimum(ideas, 2.0), near], axis=1).astype(np.float32)


@dataclass(frozen=True, slots=True)
class Stack:
    """Per category: standardise the four features, then a linear score (logistic regression
    log-odds). `mean`, `scale`, `coef` are (4 x categories); `intercept` (categories,)."""

    evidence: Evidence
    mean: Floats
    scale: Floats
    coef: Floats
    intercept: Floats

    def scores(self, first: Floats, vectors: Floats, ideas: Floats) -> Floats:
        x = (self.evidence.features(first, vectors, ideas) - self.mean) / self.scale
        return np.asarray(np.einsum("nfc,fc->nc", x, self.coef) + self.intercept, np.float32)


def _fit_one(x: Array, y: npt.NDArray[np.bool_]) -> tuple[Array, float]:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=C, max_iter=500).fit(x, y)
    return np.asarray(model.coef_[0], dtype=np.float64), float(model.intercept_[0])


def fit_stack(
    features: Floats,
    labels: npt.NDArray[np.bool_],
    known: npt.NDArray[np.bool_],
    evidence: Evidence,
    parts: Sequence[npt.NDArray[np.intp]],
) -> tuple[Stack, Array]:
    """Fit the second stage on `features` (n x 4 x categories, first-stage scores out of
    fold) and return it with its own out-of-fold scores over `parts` (test folds), from
    which thresholds and calibration are chosen. A category with fewer than 2 labelled
    positives or negatives keeps its first-stage score (coefficient 1 on it)."""
    n, f, k = features.shape
    mean = features.mean(axis=0)
    scale = features.std(axis=0) + 1e-6
    x = (features - mean) / scale
    coef = np.zeros((f, k))
    intercept = np.zeros(k)
    oof = np.zeros((n, k))
    everything = np.arange(n)
    for j in range(k):
        ok = known[:, j]
        y = labels[:, j]
        if y[ok].sum() < 2 or (~y[ok]).sum() < 2:
            coef[0, j], intercept[j] = scale[0, j], mean[0, j]  # the first stage, unchanged
            oof[:, j] = features[:, 0, j]
            continue
        for test in parts:
            train = np.setdiff1d(everything, test)
            train = train[ok[train]]
            if not y[train].any() or y[train].all():
                oof[test, j] = features[test, 0, j]
                continue
            w, b = _fit_one(x[train, :, j], y[train])
            oof[test, j] = x[test, :, j] @ w + b
        w, b = _fit_one(x[ok, :, j], y[ok])
        coef[:, j], intercept[j] = w, b
    stack = Stack(
        evidence=evidence,
        mean=mean.astype(np.float32),
        scale=scale.astype(np.float32),
        coef=coef.astype(np.float32),
        intercept=intercept.astype(np.float32),
    )
    return stack, oof
