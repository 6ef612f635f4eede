"""Character n-gram features: a word's buckets are hashed once per process (words recur
across reports), and the counts are exactly those of hashing every n-gram of every word."""

from __future__ import annotations

import zlib
from collections import Counter

import numpy as np

from fairsift.triage import features
from fairsift.triage.features import CharNgrams, fold_text


def reference_grams(text: str, dims: int, low: int, high: int) -> Counter[int]:
    """Every word's unigram and character n-grams, hashed one by one."""
    counts: Counter[int] = Counter()
    for word in fold_text(text).split():
        padded = f" {word} "
        counts[zlib.crc32(b"w" + word.encode()) & (dims - 1)] += 1
        for n in range(low, min(high, len(padded)) + 1):
            for start in range(len(padded) - n + 1):
                counts[zlib.crc32(padded[start : start + n].encode()) & (dims - 1)] += 1
    return counts


TEXTS = [
    "Nou bezwen dlo ak manje, dlo dlo! Pa gen dlo nan zòn nan",
    "water is rising, grandmother cannot walk; water everywhere",
    "a",
    "",
    "بچے کو تیز بخار ہے، پانی نہیں ہے",
    "Hay personas atrapadas bajo los escombros de la escuela 3 3 3",
]


def test_grams_equal_hashing_every_ngram() -> None:
    for dims, ngram in ((1 << 18, (2, 5)), (1 << 10, (1, 3))):
        model = CharNgrams(dims=dims, ngram=ngram)
        for text in TEXTS:
            assert model.grams(text) == reference_grams(text, dims, *ngram), text


def test_a_recurring_word_is_hashed_once_and_transform_is_unchanged() -> None:
    features._word_grams.cache_clear()
    model = CharNgrams(dims=1 << 12).fit(TEXTS * 2, min_df=1)
    info = features._word_grams.cache_info()
    assert info.hits >= info.misses > 0  # each text read twice: the second time from cache
    rows = model.transform(TEXTS)
    assert model.idf is not None
    for i, text in enumerate(TEXTS):
        counts = reference_grams(text, 1 << 12, 2, 5)
        keys = np.asarray(sorted(counts), dtype=np.int64)
        values = (1 + np.log(np.asarray([counts[k] for k in keys], dtype=np.float32))) * (
            model.idf[keys]
        )
        keys, values = keys[values > 0], values[values > 0]
        if values.size:
            values /= np.linalg.norm(values)
        a, b = rows.indptr[i], rows.indptr[i + 1]
        assert rows.indices[a:b].tolist() == keys.tolist()
        assert np.allclose(rows.data[a:b], values, rtol=1e-6)
