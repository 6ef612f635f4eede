"""The second stage of a trained triage model: neighbour shares, its arrays in the model
directory (format 2, covered by the checksum), and format-1 directories still read."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from fairsift.errors import ModelError
from fairsift.models.embed import BundledEmbedder, CachedEmbedder
from fairsift.triage.model import FORMAT, TrainedModel, load_model
from fairsift.triage.stack import FEATURES, neighbour_shares
from fairsift.triage.taxonomy import load_taxonomy
from fairsift.triage.train import train
from test_triage_train import EXAMPLE
from test_triage_train import labelled as labelled  # the labelled CSV fixture, by name


def test_neighbour_shares_weigh_by_similarity_and_skip_unlabelled() -> None:
    vectors = np.eye(4, dtype=np.float32)
    # category 0: row 0 yes, row 1 no, row 2 unlabelled; category 1: only row 3
    labels = np.asarray([[1, 0], [0, 0], [-1, 0], [0, 1]], dtype=np.int8)
    query = np.asarray([[0.9, 0.1, 0.95, 0.0]], dtype=np.float32)
    query /= np.linalg.norm(query)
    shares = neighbour_shares(query, vectors, labels, k=3)
    w0, w1 = query[0, 0] ** 3, query[0, 1] ** 3
    # row 2 is the nearest but has no label for category 0: only rows 0 and 1 count
    assert shares[0, 0] == pytest.approx(w0 / (w0 + w1), rel=1e-3)
    assert shares[0, 1] == pytest.approx(0.0, abs=1e-4)  # row 3 is not among the 3 nearest
    assert neighbour_shares(query[:0], vectors, labels).shape == (0, 2)


@pytest.fixture(scope="module")
def embedder() -> CachedEmbedder:
    return CachedEmbedder(BundledEmbedder())


@pytest.fixture(scope="module")
def trained(
    labelled: Path,
    embedder: CachedEmbedder,
    tmp_path_factory: pytest.TempPathFactory,
) -> Path:
    out = tmp_path_factory.mktemp("stacked")
    train(labelled, EXAMPLE, ["original", "message"], out, embedder=embedder, folds=3)
    return out


def _copy(trained: Path, to: Path) -> Path:
    shutil.copytree(trained, to)
    return to


def _rehash(folder: Path, names: tuple[str, ...]) -> str:
    digest = hashlib.sha256()
    for name in names:
        digest.update((folder / f"{name}.npy").read_bytes())
    return digest.hexdigest()


def test_model_directory_holds_the_second_stage(trained: Path, embedder: CachedEmbedder) -> None:
    document = json.loads((trained / "model.json").read_text())
    assert document["format"] == FORMAT == "fairsift-triage-model/2"
    assert document["stack"]["features"] == list(FEATURES)
    taxonomy = load_taxonomy(EXAMPLE)
    model = load_model(trained, taxonomy)
    assert model.stack is not None
    coef = model.stack.coef
    water = taxonomy.names.index("water")
    # water has positives and negatives: its regression trusts the first-stage score
    assert coef.shape == (len(FEATURES), len(taxonomy.names)) and coef[0, water] > 0
    texts = ["Nan Jakmel nou pa gen dlo pou n bwe", "The weather in Jacmel is fine today"]
    prediction = model.predict(texts, embedder.embed(texts), ["other", "en"])
    assert prediction.assigned[0, water] and not prediction.assigned[1, water]
    # the stored neighbours are the training texts, with their labels
    assert model.stack.evidence.vectors.shape[0] == 49 + 21
    assert set(np.unique(model.stack.evidence.labels).tolist()) <= {-1, 0, 1}


def test_edited_second_stage_is_refused(trained: Path, tmp_path: Path) -> None:
    copy = _copy(trained, tmp_path / "copy")
    coef = np.load(copy / "stack_coef.npy")
    np.save(copy / "stack_coef.npy", coef * 2)
    with pytest.raises(ModelError, match=r"do not match model\.json"):
        load_model(copy, load_taxonomy(EXAMPLE))
    (copy / "stack_vectors.npy").unlink()
    with pytest.raises(ModelError, match="incomplete or damaged"):
        load_model(copy, load_taxonomy(EXAMPLE))


def test_format_1_directory_is_read_with_the_first_stage_alone(
    trained: Path, embedder: CachedEmbedder, tmp_path: Path
) -> None:
    old = _copy(trained, tmp_path / "old")
    for name in TrainedModel._STACK_ARRAYS:
        (old / f"{name}.npy").unlink()
    document = json.loads((old / "model.json").read_text())
    del document["stack"]
    document["format"] = "fairsift-triage-model/1"
    document["arrays_sha256"] = _rehash(old, TrainedModel._ARRAYS)
    (old / "model.json").write_text(json.dumps(document))
    model = load_model(old, load_taxonomy(EXAMPLE))
    assert model.stack is None
    texts = ["In Jacmel we have no drinking water"]
    scores = model.scores(texts, embedder.embed(texts))
    assert scores.shape == (1, len(model.categories))
    document["format"] = "fairsift-triage-model/3"
    (old / "model.json").write_text(json.dumps(document))
    with pytest.raises(ModelError, match="of format 'fairsift-triage-model/3'"):
        load_model(old, load_taxonomy(EXAMPLE))
