"""A word-level member of a trained triage model: per category, a class-balanced logistic
regression over hashed word unigrams and bigrams (sublinear TF-IDF).

It is the TF-IDF baseline's kind of model. Alone it is weaker than the ridge over character
n-grams and the sentence embedding, but it errs differently (whole words and word pairs,
every positive weighted up for rare categories), so the second stage (triage/stack.py) takes
its score as one more number per category and weighs it by out-of-fold evidence. Hashed like
the character n-grams: a model directory needs no vocabulary, only the IDF weights and the
weights of the buckets seen in training.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from fairsift.triage.features import CharNgrams

__all__ = ["C", "fit_balanced", "word_features"]

Array = npt.NDArray[np.float64]
C = 1.0  # scikit-learn's default, as the baseline uses
_ONE_CLASS = 5.0  # the log-odds given when a category's training labels are all one value


def word_features() -> CharNgrams:
    """Word unigrams and bigrams, no character n-grams (fit on the training texts)."""
    return CharNgrams(ngram=(0, 0), words=2)


def fit_balanced(
    x: Any, labels: npt.NDArray[np.bool_], known: npt.NDArray[np.bool_]
) -> tuple[Array, Array]:
    """Weights (features x categories) and intercepts (categories,) of one class-balanced
    logistic regression per category on the sparse rows `x`, each on its labelled rows."""
    from sklearn.linear_model import LogisticRegression

    k = labels.shape[1]
    weights = np.zeros((x.shape[1], k))
    intercept = np.zeros(k)
    for j in range(k):
        rows = np.flatnonzero(known[:, j])
        y = labels[rows, j]
        if not len(y) or y.all() or not y.any():
            intercept[j] = _ONE_CLASS if len(y) and y.all() else -_ONE_CLASS
            continue
        model = LogisticRegression(class_weight="balanced", C=C, solver="liblinear")
        model.fit(x[rows], y)
        weights[:, j], intercept[j] = model.coef_[0], model.intercept_[0]
    return weights, intercept
