"""A word lexicon into English, learnt from labelled reports that come with a translation.

A labelled row with the report as received (Haitian Kreyol, Urdu in Latin letters...) and its
English translation is a parallel pair. From a few hundred pairs, IBM model 1 (expectation-
maximisation over which English word each received word produced, both directions) finds the
common words: "manje" → food, "dlo" → water, "bezwen" → need, "malad" → sick. A word keeps a
translation only where both directions agree on it (the product of the two probabilities
reaches MIN_SCORE), which leaves out names, places and the rare words a few pairs cannot
settle.

`gloss` rewrites a report word by word (unknown words kept as they are): "nou bezwen manje ak
dlo" → "we need food and water". The gloss is not a translation a person would read; it only
lets a report as received share the English features the classifier learnt from far more
English text. The lexicon is saved in the model directory as plain JSON.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

from fairsift.triage.features import fold_text

__all__ = ["Lexicon", "tokens"]

MIN_COUNT = 2  # a word must occur in at least this many pairs to be learnt
MIN_SCORE = 0.05  # P(english | received) * P(received | english)
ITERATIONS = 5


def tokens(text: str) -> list[str]:
    """Folded words, numbers left out (they are addresses and counts, not meaning)."""
    return [w for w in fold_text(text).split() if w.strip("0")]


def _ids(words: list[str], index: dict[str, int]) -> npt.NDArray[np.intp]:
    return np.asarray(sorted({index[w] for w in words if w in index}), dtype=np.intp)


def _model1(
    source: list[npt.NDArray[np.intp]], target: list[npt.NDArray[np.intp]], sizes: tuple[int, int]
) -> npt.NDArray[np.float64]:
    """IBM model 1: t[s, e] = P(target word e | source word s); the last source row is NULL
    (it takes the target words no source word explains: articles, "please"...)."""
    null = sizes[0]
    t = np.full((sizes[0] + 1, sizes[1]), 1.0 / sizes[1])
    for _ in range(ITERATIONS):
        counts = np.zeros_like(t)
        for s, e in zip(source, target, strict=True):
            if not len(e):
                continue
            rows = np.append(s, null)
            block = t[np.ix_(rows, e)]
            block = block / block.sum(axis=0, keepdims=True)
            np.add.at(counts, (rows[:, None], e[None, :]), block)
        totals = counts.sum(axis=1, keepdims=True)
        t = np.divide(counts, totals, out=np.zeros_like(counts), where=totals > 0)
    return t


class Lexicon:
    """Received word → English word."""

    def __init__(self, entries: Mapping[str, str]) -> None:
        self.entries = dict(entries)

    def __len__(self) -> int:
        return len(self.entries)

    @classmethod
    def learn(cls, pairs: Sequence[tuple[str, str]]) -> Lexicon:
        """Learn from (as received, English) pairs; words in fewer than MIN_COUNT pairs are
        left out. Deterministic: no randomness, ties broken by the English word."""
        received = [tokens(a) for a, _ in pairs]
        english = [tokens(b) for _, b in pairs]
        seen_r = Counter(w for words in received for w in set(words))
        seen_e = Counter(w for words in english for w in set(words))
        vocab_r = sorted(w for w, c in seen_r.items() if c >= MIN_COUNT)
        vocab_e = sorted(w for w, c in seen_e.items() if c >= MIN_COUNT)
        if not vocab_r or not vocab_e:
            return cls({})
        index_r = {w: i for i, w in enumerate(vocab_r)}
        index_e = {w: i for i, w in enumerate(vocab_e)}
        ids_r = [_ids(words, index_r) for words in received]
        ids_e = [_ids(words, index_e) for words in english]
        forward = _model1(ids_r, ids_e, (len(vocab_r), len(vocab_e)))[:-1]  # P(e | r)
        backward = _model1(ids_e, ids_r, (len(vocab_e), len(vocab_r)))[:-1]  # P(r | e)
        score = forward * backward.T
        best = np.argmax(score, axis=1)  # first (alphabetical) English word on a tie
        kept = score[np.arange(len(vocab_r)), best] >= MIN_SCORE
        return cls({vocab_r[i]: vocab_e[best[i]] for i in np.flatnonzero(kept)})

    def gloss(self, text: str) -> str:
        """`text` word by word in English where the lexicon knows the word."""
        return " ".join(self.entries.get(w, w) for w in tokens(text))

    def saved(self) -> dict[str, str]:
        return dict(sorted(self.entries.items()))
