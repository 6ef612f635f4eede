"""Training: a labelled CSV with two text columns becomes a model directory of plain files and
a cross-validated report; the model classifies English and Kreyol reports."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

from fairsift.errors import ConfigError, ModelError
from fairsift.models.embed import BundledEmbedder, CachedEmbedder
from fairsift.triage.model import load_model
from fairsift.triage.taxonomy import load_taxonomy, parse_taxonomy
from fairsift.triage.train import train

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "taxonomies" / "disaster-response.toml"
PLACES = ["Delmas", "Carrefour", "Jacmel", "Leogane", "Gressier", "Petionville", "Cite Soleil"]
# Seven different ways to say each need, so no two rows are near-duplicates (which
# cross-validation would rightly keep in one fold).
NEEDS = {
    "water": [
        ("we have no drinking water", "nou pa gen dlo pou n bwe"),
        ("the well is dry and children are thirsty", "pi a sech timoun yo swaf"),
        ("send clean water for the families", "voye dlo pwop pou fanmi yo"),
        ("nobody has brought water since Tuesday", "pesonn pa pote dlo depi madi"),
        ("the water truck never came to our street", "kamyon dlo a pa janm vini"),
        ("we must drink from the river", "se nan larivye nou bwe"),
        ("water bottles are needed at the camp", "nou bezwen boutey dlo nan kan an"),
    ],
    "food": [
        ("we are hungry and have no food", "nou grangou nou pa gen manje"),
        ("the children have not eaten for two days", "timoun yo pa manje depi de jou"),
        ("please bring rice and beans", "tanpri pote diri ak pwa"),
        ("the market is empty and we cannot cook", "mache a vid nou pa ka kwit manje"),
        ("our family needs something to eat", "fanmi nou bezwen yon ti manje"),
        ("there was no distribution of rations", "pa te gen distribisyon manje"),
        ("old people here are starving", "granmoun yo ap mouri grangou"),
    ],
    "medical_help": [
        ("many people are sick and injured", "anpil moun malad ak blese"),
        ("my mother broke her leg and needs a doctor", "manman m kase pye li bezwen dokte"),
        ("a pregnant woman is bleeding", "yon fanm ansent ap senyen"),
        ("children have fever and diarrhoea", "timoun yo gen lafyev ak dyare"),
        ("the wounded have had no care", "blese yo pa jwenn swen"),
        ("we need nurses for the sick", "nou bezwen enfimye pou malad yo"),
        ("an old man cannot breathe well", "yon granmoun pa ka respire byen"),
    ],
}


@pytest.fixture(scope="module")
def embedder() -> CachedEmbedder:
    return CachedEmbedder(BundledEmbedder())


@pytest.fixture(scope="module")
def labelled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("labelled") / "labelled.csv"
    rows = []
    number = 0
    for index, place in enumerate(PLACES):
        for need, phrases in NEEDS.items():
            english, kreyol = phrases[index]
            for variant in range(2):
                number += 1
                rows.append(
                    {
                        "id": str(number),
                        "message": f"In {place} {english}" if variant else f"{english}, {place}",
                        "original": f"Nan {place} {kreyol}" if variant == 0 else "",
                        "water": int(need == "water"),
                        "food": int(need == "food"),
                        "medical_help": int(need == "medical_help"),
                        "request": 1,
                        "related": 2 if number == 3 else 1,  # "unsure": not learned from
                    }
                )
        number += 1
        rows.append(
            {
                "id": str(number),
                "message": f"The weather in {place} is fine today",
                "original": "",
                "water": 0,
                "food": 0,
                "medical_help": 0,
                "request": 0,
                "related": 0,
            }
        )
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture(scope="module")
def trained(
    labelled: Path, embedder: CachedEmbedder, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    out = tmp_path_factory.mktemp("model")
    train(labelled, EXAMPLE, ["original", "message"], out, embedder=embedder, folds=3)
    return out


def test_model_directory_holds_plain_files_and_a_report(trained: Path) -> None:
    names = sorted(p.name for p in trained.iterdir())
    assert "model.json" in names and "report.json" in names and "report.csv" in names
    assert not any(n.endswith((".pkl", ".pickle", ".joblib")) for n in names)
    for path in trained.glob("*.npy"):
        np.load(path, allow_pickle=False)  # raises if anything but plain arrays
    report = json.loads((trained / "report.json").read_text())
    assert report["rows"] == 49 and report["samples"] == 49 + 21
    assert report["text_columns"] == ["original", "message"]
    water = next(c for c in report["categories"] if c["name"] == "water")
    assert water["positives"] == 21 and water["f1"] > 0.6
    assert any("never assigned" in w for w in report["warnings"])
    document = json.loads((trained / "model.json").read_text())
    assert document["trained_on"]["languages"]["ht"] >= 15


def test_trained_model_classifies_english_and_kreyol(
    trained: Path, embedder: CachedEmbedder
) -> None:
    taxonomy = load_taxonomy(EXAMPLE)
    model = load_model(trained, taxonomy)
    texts = [
        "In Jacmel we have no drinking water",
        "Nan Kafou nou pa gen dlo pou n bwe",
        "People in Delmas are sick and injured",
    ]
    prediction = model.predict(texts, embedder.embed(texts), ["en", "other", "en"])
    names = [[n for n, _ in prediction.assigned_for(i)] for i in range(3)]
    assert "water" in names[0] and "water" in names[1]
    assert "medical_help" in names[2] and "water" not in names[2]
    never = taxonomy.names.index("search_and_rescue")
    assert not prediction.assigned[:, never].any()
    assert ((prediction.confidence >= 0) & (prediction.confidence <= 1)).all()


def test_training_is_deterministic(
    labelled: Path, trained: Path, embedder: CachedEmbedder, tmp_path: Path
) -> None:
    again = tmp_path / "again"
    train(labelled, EXAMPLE, ["original", "message"], again, embedder=embedder, folds=3)
    for path in trained.glob("*.npy"):
        first = hashlib.sha256(path.read_bytes()).hexdigest()
        assert first == hashlib.sha256((again / path.name).read_bytes()).hexdigest(), path.name


def test_wrong_text_column_and_wrong_taxonomy_are_config_errors(
    labelled: Path, trained: Path, tmp_path: Path
) -> None:
    with pytest.raises(ConfigError, match="no text column 'msg'"):
        train(labelled, EXAMPLE, ["msg"], tmp_path / "x")
    other = parse_taxonomy('[[category]]\nname = "fire"\ndescription = "burning"\n', "t.toml")
    with pytest.raises(ConfigError, match="trained for other categories"):
        load_model(trained, other)


def test_edited_arrays_are_refused(trained: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    copy.mkdir()
    for path in trained.iterdir():
        (copy / path.name).write_bytes(path.read_bytes())
    bias = np.load(copy / "bias.npy")
    np.save(copy / "bias.npy", bias + 1)
    with pytest.raises(ModelError, match=r"do not match model\.json"):
        load_model(copy, load_taxonomy(EXAMPLE))
