"""The word lexicon a trained triage model learns from labelled rows that carry the report as
received beside its English translation, on a real slice of the disaster-response messages:
what it learns, that it is learnt only from the rows it may see, that the model reads reports
in other languages through it (and English ones without it), and that it is saved with the
model and read back; models of the previous format are refused with a clear message."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from fairsift.errors import ModelError
from fairsift.models.embed import BundledEmbedder, CachedEmbedder
from fairsift.triage.lexicon import Lexicon
from fairsift.triage.model import load_model
from fairsift.triage.taxonomy import load_taxonomy
from fairsift.triage.train import Samples, parallel_pairs, read_labelled, train

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "reports" / "disaster_response_validation.csv"
EXAMPLE = ROOT / "examples" / "taxonomies" / "disaster-response.toml"
TRAIN_ROWS = 420  # rows of the slice a model learns from; the next rows with an original test it


def _rows() -> list[dict[str, str]]:
    if not DATA.exists():
        pytest.skip(f"{DATA} is absent: the shared development data is not here")
    with DATA.open(encoding="utf-8", newline="") as handle:
        return [r for r in csv.DictReader(handle) if r["original"].strip()]


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    return _rows()


@pytest.fixture(scope="module")
def pairs(rows: list[dict[str, str]]) -> list[tuple[str, str]]:
    return [(r["original"], r["message"]) for r in rows[:TRAIN_ROWS]]


@pytest.fixture(scope="module")
def embedder() -> CachedEmbedder:
    return CachedEmbedder(BundledEmbedder())


@pytest.fixture(scope="module")
def trained(
    rows: list[dict[str, str]], embedder: CachedEmbedder, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    folder = tmp_path_factory.mktemp("lexicon")
    data = folder / "slice.csv"
    with data.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows[:TRAIN_ROWS])
    train(data, EXAMPLE, ["original", "message"], folder / "model", embedder=embedder, folds=3)
    return folder / "model"


def test_lexicon_learns_common_kreyol_words_from_real_pairs(pairs: list[tuple[str, str]]) -> None:
    lexicon = Lexicon.learn(pairs)
    assert len(lexicon) > 50
    # The words people in Port-au-Prince wrote most about, in their own spelling.
    assert lexicon.entries.get("manje") == "food"
    assert lexicon.entries.get("dlo") == "water"
    assert lexicon.entries.get("bezwen") == "need"
    gloss = lexicon.gloss("Nou bezwen dlo ak manje nan Delmas 33")
    assert gloss.split()[1:3] == ["need", "water"] and "food" in gloss.split()
    assert "33" not in gloss  # numbers are addresses and counts, not meaning
    # Learnt again from the same pairs: the same lexicon (no randomness in it).
    assert Lexicon.learn(pairs).entries == lexicon.entries
    # Nothing to learn from: an empty lexicon that glosses a text as its words.
    assert len(Lexicon.learn([])) == 0
    assert Lexicon({}).gloss("Nou bezwen dlo!") == "nou bezwen dlo"


def test_pairs_come_only_from_the_rows_given(rows: list[dict[str, str]]) -> None:
    """Cross-validation learns each fold's lexicon from its training rows: a row outside them
    gives no pair (its own translation would otherwise teach its gloss)."""
    samples = Samples(
        texts=["Nou bezwen dlo", "We need water", "Nou grangou", "We are hungry", "Hello"],
        rows=[0, 0, 1, 1, 2],
        labels=np.zeros((5, 1), dtype=bool),
        known=np.ones((5, 1), dtype=bool),
        languages=["ht", "en", "ht", "en", "en"],
    )
    assert parallel_pairs(samples) == [
        ("Nou bezwen dlo", "We need water"),
        ("Nou grangou", "We are hungry"),
    ]
    assert parallel_pairs(samples, [2, 3, 4]) == [("Nou grangou", "We are hungry")]
    assert parallel_pairs(samples, [0, 2, 4]) == []  # no English text of those rows given


def test_real_slice_model_reads_kreyol_through_its_lexicon(
    trained: Path, rows: list[dict[str, str]], embedder: CachedEmbedder
) -> None:
    taxonomy = load_taxonomy(EXAMPLE)
    document = json.loads((trained / "model.json").read_text())
    assert document["format"] == "fairsift-triage-model/2"
    assert document["lexicon"].get("dlo") == "water" and len(document["lexicon"]) > 50
    model = load_model(trained, taxonomy)
    assert model.lexicon.entries == document["lexicon"]
    kreyol = "Nou nan Kafou nou bezwen dlo ak manje"
    # Reports in other languages are read with their gloss; English ones as they are.
    assert model.feature_texts([kreyol, "we need water"], ["other", "en"]) == [
        f"{kreyol} {model.lexicon.gloss(kreyol)}",
        "we need water",
    ]
    # On held-out Kreyol messages, the gloss changes the scores (it is used), and it helps
    # the categories the lexicon covers: water and food are found at least as often.
    held = rows[TRAIN_ROWS:]
    texts = [r["original"] for r in held]
    vectors = embedder.embed(texts)
    groups = ["other"] * len(texts)
    with_gloss = model.predict(texts, vectors, groups)
    plain = model.decide(model.scores(texts, vectors, None), groups)
    assert not np.allclose(model.scores(texts, vectors, groups), model.scores(texts, vectors))
    for name in ("water", "food"):
        j = taxonomy.names.index(name)
        truth = np.asarray([r[name] == "1" for r in held])
        assert truth.sum() >= 10, name
        found = (with_gloss.assigned[:, j] & truth).sum()
        assert found >= (plain.assigned[:, j] & truth).sum(), name
        assert found >= 0.5 * truth.sum(), name


def test_report_rows_and_lexicon_agree_with_the_labelled_file(trained: Path) -> None:
    samples, _, _ = read_labelled(
        trained.parent / "slice.csv", load_taxonomy(EXAMPLE), ["original", "message"]
    )
    report = json.loads((trained / "report.json").read_text())
    assert report["samples"] == len(samples.texts) == 2 * TRAIN_ROWS
    assert "IBM model 1" in json.loads((trained / "model.json").read_text())["method"]["lexicon"]


def test_a_model_of_the_previous_format_is_refused_clearly(trained: Path, tmp_path: Path) -> None:
    old = tmp_path / "old"
    old.mkdir()
    for path in trained.iterdir():
        (old / path.name).write_bytes(path.read_bytes())
    document = json.loads((old / "model.json").read_text())
    document["format"] = "fairsift-triage-model/1"
    del document["lexicon"]
    (old / "model.json").write_text(json.dumps(document))
    with pytest.raises(ModelError, match="fairsift-triage-model/1") as caught:
        load_model(old, load_taxonomy(EXAMPLE))
    assert caught.value.hint is not None and "fairsift train" in caught.value.hint
