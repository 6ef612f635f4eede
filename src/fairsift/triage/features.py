"""Text features for report classification: hashed character n-grams with TF-IDF weights.

Character n-grams carry the languages the bundled sentence encoder does not know (Haitian
Kreyol, Urdu written in Latin script, SMS spellings): "grangou", "bezwen dlo" and "pani"
are learned from labelled reports as they were received. Hashing keeps the feature space
fixed, so a model directory needs no vocabulary and no pickle: only the IDF weights.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["CharNgrams", "SparseRows", "fold_text"]

_NON_WORD = re.compile(r"[^\w]+")
_DIGITS = re.compile(r"\d")


@lru_cache(maxsize=8192)
def fold_text(text: str) -> str:
    """Lower case, accents removed, digits as 0, punctuation as spaces: 'Bèzwen DLO!' and
    'bezwen dlo' are the same n-grams."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _DIGITS.sub("0", text)
    return " ".join(_NON_WORD.sub(" ", text).split())


@lru_cache(maxsize=1 << 16)
def _word_grams(word: str, ngram: tuple[int, int], mask: int) -> tuple[int, ...]:
    """The hashed buckets of one word: the word itself and its character n-grams (with
    repeats). Words recur across reports, so each is hashed once (the same buckets)."""
    crc = zlib.crc32
    padded = f" {word} "
    out = [crc(b"w" + word.encode()) & mask]
    size = len(padded)
    for n in range(ngram[0], min(ngram[1], size) + 1):
        for start in range(size - n + 1):
            out.append(crc(padded[start : start + n].encode()) & mask)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class SparseRows:
    """A CSR matrix without scipy: row i holds indices[indptr[i]:indptr[i+1]] and its data."""

    indptr: npt.NDArray[np.int64]
    indices: npt.NDArray[np.int32]
    data: npt.NDArray[np.float32]
    dims: int

    @property
    def rows(self) -> int:
        return len(self.indptr) - 1

    def dot(self, weights: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        """This matrix times `weights` (dims x k), without scipy."""
        out = np.zeros((self.rows, weights.shape[1]), dtype=np.float32)
        for i in range(self.rows):
            a, b = self.indptr[i], self.indptr[i + 1]
            if a < b:
                out[i] = self.data[a:b] @ weights[self.indices[a:b]]
        return out

    def to_scipy(self) -> object:
        import scipy.sparse

        return scipy.sparse.csr_matrix(
            (self.data, self.indices, self.indptr), shape=(self.rows, self.dims)
        )


class CharNgrams:
    """Character 2–5-grams inside word boundaries (and word unigrams), hashed into `dims`
    buckets with CRC32 (stable across runs and machines, unlike Python's hash), sublinear
    TF times IDF, each row L2-normalised."""

    def __init__(
        self,
        dims: int = 1 << 18,
        ngram: tuple[int, int] = (2, 5),
        idf: npt.NDArray[np.float32] | None = None,
    ) -> None:
        self.dims = dims
        self.ngram = ngram
        self.idf = idf

    def grams(self, text: str) -> Counter[int]:
        counts: Counter[int] = Counter()
        for word in fold_text(text).split():
            counts.update(_word_grams(word, self.ngram, self.dims - 1))
        return counts

    def fit(self, texts: Sequence[str], min_df: int = 2) -> CharNgrams:
        """Learn IDF weights (smoothed, as scikit-learn's) from `texts`. N-grams seen in fewer
        than `min_df` texts get weight 0: they cannot generalise, and they are most of them."""
        df = np.zeros(self.dims, dtype=np.float64)
        for text in texts:
            keys = np.fromiter(self.grams(text).keys(), dtype=np.int64)
            df[keys] += 1
        n = len(texts)
        idf = np.log((1 + n) / (1 + df)) + 1
        idf[df < min_df] = 0
        self.idf = idf.astype(np.float32)
        return self

    def transform(self, texts: Sequence[str]) -> SparseRows:
        if self.idf is None:
            raise RuntimeError("CharNgrams.fit must run before transform")
        indptr = [0]
        indices: list[npt.NDArray[np.int32]] = []
        data: list[npt.NDArray[np.float32]] = []
        for text in texts:
            counts = self.grams(text)
            keys = np.fromiter(counts.keys(), dtype=np.int32, count=len(counts))
            order = np.argsort(keys)
            keys = keys[order]
            tf = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))[order]
            values = (1 + np.log(tf)) * self.idf[keys]
            kept = values > 0
            keys, values = keys[kept], values[kept]
            norm = float(np.linalg.norm(values))
            if norm > 0:
                values /= norm
            indices.append(keys)
            data.append(values.astype(np.float32))
            indptr.append(indptr[-1] + len(keys))
        return SparseRows(
            indptr=np.asarray(indptr, dtype=np.int64),
            indices=np.concatenate(indices) if indices else np.zeros(0, np.int32),
            data=np.concatenate(data) if data else np.zeros(0, np.float32),
            dims=self.dims,
        )


class Keywords:
    """Taxonomy keywords as features. Each keyword entry is one idea, possibly in several
    languages separated by " | " ("water | dlo | eau | agua | pani"); a trailing * matches any
    ending. One feature per idea, log(1 + count), so what a model learns about "water" from
    English reports applies to "dlo" in Kreyol ones."""

    def __init__(self, lists: Sequence[Sequence[str]]) -> None:
        self.patterns: list[re.Pattern[str]] = []
        self.owners: list[int] = []  # the category each idea belongs to
        self.categories = len(lists)
        for owner, entries in enumerate(lists):
            for entry in entries:
                pattern = self.compile(entry)
                if pattern is not None:
                    self.patterns.append(pattern)
                    self.owners.append(owner)
        self._index()

    def _index(self) -> None:
        """Fast paths: one-word alternatives by dictionary, stems by prefix; only phrases of
        several words are left to the regular expressions."""
        self._words: dict[str, list[int]] = {}
        self._stems: dict[str, list[int]] = {}
        self._phrases: list[tuple[int, re.Pattern[str]]] = []
        one_word = re.compile(r"^\w+(?:\\w\*)?$")
        for idea, pattern in enumerate(self.patterns):
            body = pattern.pattern[len(r"\b(?:") : -len(r")\b")]
            multi = []
            for part in body.split("|"):
                if one_word.match(part) and "\\" not in part.replace(r"\w*", ""):
                    if part.endswith(r"\w*"):
                        self._stems.setdefault(part[: -len(r"\w*")], []).append(idea)
                    else:
                        self._words.setdefault(part, []).append(idea)
                else:
                    multi.append(part)
            if multi:
                self._phrases.append((idea, re.compile(rf"\b(?:{'|'.join(multi)})\b")))
        self._stem_sizes = sorted({len(stem) for stem in self._stems})

    @staticmethod
    def compile(entry: str) -> re.Pattern[str] | None:
        parts = []
        for word in entry.split("|"):
            word = word.strip()
            stem = word.endswith("*")
            folded = fold_text(word.rstrip("*"))
            if folded:
                parts.append(re.escape(folded) + (r"\w*" if stem else ""))
        if not parts:
            return None
        joined = "|".join(sorted(set(parts), key=len, reverse=True))
        return re.compile(rf"\b(?:{joined})\b")

    @classmethod
    def from_saved(cls, saved: dict[str, Any]) -> Keywords:
        """Matchers saved with a model (`saved()`), so it keeps the keywords it was trained
        with even if the taxonomy file changes later."""
        made = cls([])
        made.patterns = [re.compile(p) for p in saved["patterns"]]
        made.owners = [int(o) for o in saved["owners"]]
        made.categories = int(saved["categories"])
        made._index()
        return made

    def saved(self) -> dict[str, Any]:
        return {
            "patterns": [p.pattern for p in self.patterns],
            "owners": self.owners,
            "categories": self.categories,
        }

    @property
    def size(self) -> int:
        return len(self.patterns)

    def counts(self, text: str) -> list[int]:
        """How often each idea occurs in `text`: words matching it (once each), plus its
        phrases of several words."""
        folded = fold_text(text)
        out = [0] * len(self.patterns)
        for word in folded.split():
            hit = set(self._words.get(word, ()))
            for size in self._stem_sizes:
                if size > len(word):
                    break
                hit.update(self._stems.get(word[:size], ()))
            for idea in hit:  # a word counts once for an idea, however many forms match
                out[idea] += 1
        for idea, pattern in self._phrases:
            out[idea] += len(pattern.findall(folded))
        return out

    def transform(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """(n x ideas) log(1 + count)."""
        out = np.zeros((len(texts), self.size), dtype=np.float32)
        for i, text in enumerate(texts):
            if self.size:
                out[i] = self.counts(text)
        return np.log1p(out)

    def per_category(self, features: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        """How many of each category's ideas a text mentions (from `transform`'s output)."""
        out = np.zeros((features.shape[0], self.categories), dtype=np.float32)
        for column, owner in enumerate(self.owners):
            out[:, owner] += features[:, column] > 0
        return out
