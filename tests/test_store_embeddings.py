"""The store's embedding cache: vectors come back bit for bit, adding is idempotent, and a
second process with its own encoder finds what the first encoded (SQLite and PostgreSQL)."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pytest

from fairsift.models.embed import BundledEmbedder, StoredEmbedder, Vectors
from fairsift.store import Store
from fairsift.store.testing import BACKENDS, PG_UNSET, PG_URL_ENV, temporary_database


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "postgresql" and not os.environ.get(PG_URL_ENV):
        pytest.skip(PG_UNSET)
    with temporary_database(request.param, tmp_path) as opened:
        yield opened


@pytest.fixture(scope="module")
def encoder() -> BundledEmbedder:
    return BundledEmbedder()


class Counting:
    """The real encoder, counting the texts it is asked to encode."""

    def __init__(self, inner: BundledEmbedder) -> None:
        self.inner, self.name, self.version = inner, inner.name, inner.version
        self.encoded: list[str] = []

    def embed(self, texts: Sequence[str]) -> Vectors:
        self.encoded.extend(texts)
        return self.inner.embed(texts)


def test_vectors_round_trip_exactly_and_adding_twice_keeps_the_first(url: str) -> None:
    rng = np.random.default_rng(3)
    first = {f"{i:064x}": rng.standard_normal(512).astype(np.float32) for i in range(700)}
    with Store.open(url) as store:
        store.put_vectors("m@1", first)
        store.put_vectors("m@1", {k: v + 1 for k, v in list(first.items())[:10]})
        got = store.get_vectors("m@1", [*first, "f" * 64])
        assert set(got) == set(first)  # the unknown key is simply absent
        assert all(np.array_equal(got[k], v) for k, v in first.items())
        assert store.get_vectors("m@2", list(first)) == {}  # another model version, no hit


def test_a_second_process_finds_what_the_first_encoded(url: str, encoder: BundledEmbedder) -> None:
    texts = [
        "Python and SQL since 2019",
        "Led a team of five analysts",
        "Python and SQL since 2019",
    ]
    with Store.open(url) as one:
        first = Counting(encoder)
        vectors = StoredEmbedder(first, one).embed(texts)
        assert first.encoded == texts[:2]  # the repeat is encoded once
    with Store.open(url) as two:  # another connection, as another process or machine has
        second = Counting(encoder)
        again = StoredEmbedder(second, two).embed([*texts, "Certified Scrum Master"])
        assert second.encoded == ["Certified Scrum Master"]
    assert np.array_equal(again[:3], vectors)
    assert np.allclose(np.linalg.norm(again, axis=1), 1.0, atol=1e-5)
