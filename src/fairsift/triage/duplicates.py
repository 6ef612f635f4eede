"""Near-duplicate grouping: the same report resent, forwarded, lightly edited or translated.

Near-linear in the number of reports: candidates come only from shared buckets — exact
normalised text, MinHash LSH over character 4-gram shingles (edits, typos, cut-off copies),
and random-hyperplane LSH over multilingual sentence embeddings (translations) — and each
candidate pair is verified before it is joined. Nothing is deleted: every report keeps its
row; duplicates point at the first.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
import zlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["Duplicate", "group_duplicates"]

_PRIME = (1 << 61) - 1
_PERMUTATIONS = 64
_BANDS = 16  # 16 bands of 4 rows: pairs above ~0.6 Jaccard almost always share a band
_ROWS = _PERMUTATIONS // _BANDS
_PLANES = 10  # bits per embedding hash: pairs at cosine 0.93 share a bucket in 8 tables 94 %
_TABLES = 8
_MAX_BUCKET = 2_000  # a bucket this big is boilerplate ("help"), not evidence of duplication
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Duplicate:
    """`group` names the set of near-identical reports (None when a report stands alone);
    `duplicate_of` is the id of the group's first report (None for that first report)."""

    group: str | None
    duplicate_of: str | None


def normalise(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.casefold())
    return " ".join(_WORD.findall("".join(c for c in folded if not unicodedata.combining(c))))


def _grams(words: list[str]) -> set[str]:
    # Character 4-grams of the words run together with spaces: a typo costs a few shingles of
    # many (word pairs lose two of a handful), an inserted or dropped word costs a few.
    joined = " ".join(words)
    if len(joined) < 4:
        return {joined}
    return {joined[k : k + 4] for k in range(len(joined) - 3)}


def _shingles(words: list[str]) -> npt.NDArray[np.uint64]:
    grams = _grams(words)
    return np.fromiter((zlib.crc32(g.encode()) for g in grams), dtype=np.uint64, count=len(grams))


def _signatures(words: list[list[str]], seed: int = 1) -> npt.NDArray[np.uint64]:
    """MinHash signatures of every text at once: all shingles hashed in one array, then the
    minimum per text with reduceat (a Python loop per text would dominate at 100k reports)."""
    rng = np.random.default_rng(seed)
    a = rng.integers(1, _PRIME, _PERMUTATIONS, dtype=np.uint64)
    b = rng.integers(0, _PRIME, _PERMUTATIONS, dtype=np.uint64)
    parts = [_shingles(w) for w in words]
    lengths = np.fromiter((len(p) for p in parts), dtype=np.int64, count=len(parts))
    if not len(parts):
        return np.zeros((0, _PERMUTATIONS), dtype=np.uint64)
    flat = np.concatenate(parts)
    starts = np.zeros(len(parts), dtype=np.int64)
    np.cumsum(lengths[:-1], out=starts[1:])
    out = np.empty((len(parts), _PERMUTATIONS), dtype=np.uint64)
    for k in range(_PERMUTATIONS):  # (a*x + b) mod p, wrapping in uint64: a universal hash
        hashed = (a[k] * flat + b[k]) % np.uint64(_PRIME)
        out[:, k] = np.minimum.reduceat(hashed, starts)
    return out


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)  # the earliest report stays the root


def _pairs(buckets: Iterable[list[int]]) -> Iterable[tuple[int, int]]:
    for members in buckets:
        if 1 < len(members) <= _MAX_BUCKET:
            first = members[0]
            for other in members[1:]:
                yield first, other
            yield from itertools.pairwise(members[1:])


def group_duplicates(
    ids: Sequence[str],
    texts: Sequence[str],
    vectors: npt.NDArray[np.float32] | None = None,
    *,
    jaccard: float = 0.6,
    cosine: float = 0.92,
) -> list[Duplicate]:
    """Group near-duplicates among reports given in arrival order.

    `vectors` (L2-normalised multilingual embeddings, one row per text) add translated copies;
    without them only same-language copies are found. Pairs are joined when their estimated
    character 4-gram Jaccard similarity is ≥ `jaccard` or their cosine is ≥ `cosine`."""
    n = len(texts)
    union = _Union(n)
    words = [normalise(t).split() for t in texts]

    exact: dict[str, list[int]] = defaultdict(list)
    for i, w in enumerate(words):
        if w:
            exact[" ".join(w)].append(i)
    for i, j in _pairs(exact.values()):
        union.join(i, j)

    signatures = _signatures(words)
    bands: dict[tuple[int, bytes], list[int]] = defaultdict(list)
    for i, w in enumerate(words):
        if len(w) < 4:  # too short to tell an edit from a coincidence; exact match only
            continue
        for band in range(_BANDS):
            key = signatures[i, band * _ROWS : (band + 1) * _ROWS].tobytes()
            bands[(band, key)].append(i)
    for i, j in _pairs(bands.values()):
        same = union.find(i) == union.find(j)
        if not same and float(np.mean(signatures[i] == signatures[j])) >= jaccard:
            union.join(i, j)

    if vectors is not None and len(vectors) == n and n:
        rng = np.random.default_rng(7)
        for _ in range(_TABLES):
            planes = rng.standard_normal((vectors.shape[1], _PLANES)).astype(np.float32)
            bits = (vectors @ planes) > 0
            keys = np.packbits(bits, axis=1)
            table: dict[bytes, list[int]] = defaultdict(list)
            for i in range(n):
                if len(words[i]) >= 3:
                    table[keys[i].tobytes()].append(i)
            for i, j in _pairs(table.values()):
                if union.find(i) != union.find(j) and float(vectors[i] @ vectors[j]) >= cosine:
                    union.join(i, j)

    roots = [union.find(i) for i in range(n)]
    sizes: dict[int, int] = defaultdict(int)
    for root in roots:
        sizes[root] += 1
    out = []
    for i, root in enumerate(roots):
        if sizes[root] < 2:
            out.append(Duplicate(None, None))
        else:
            out.append(Duplicate(f"dup-{ids[root]}", None if root == i else ids[root]))
    return out
