"""A trained model's "needs action": trained on real disaster-response messages, fairsift raises
a plain request for aid that no cue word or need category raises to high, says so in plain
words, and leaves reports that ask for nothing alone. Zero-shot triage never does this."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

import pytest

from fairsift.intake.records import Record
from fairsift.models.embed import BundledEmbedder, CachedEmbedder
from fairsift.triage.pipeline import Triager
from fairsift.triage.taxonomy import load_taxonomy
from fairsift.triage.train import train

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "taxonomies" / "disaster-response.toml"
DATA = ROOT.parent / "shared" / "data" / "reports" / "disaster_response_validation.csv"

# Written for this test (not in the data): asking for aid without any cue word.
ASKING = [
    "We are in Carrefour Feuilles, please help us",
    "Please send us food and water at Delmas 19, we are many families here",
]
NOT_ASKING = [
    "The radio said the road to Jacmel is open again",
    "Good evening, how are you all, I hope your families are well",
]


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not DATA.exists():
        pytest.skip(f"{DATA} is absent: the shared development data is not here")
    with DATA.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))[:900]
    folder = tmp_path_factory.mktemp("needs-action")
    data = folder / "slice.csv"
    with data.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    train(data, EXAMPLE, ["message"], folder / "model", folds=3)
    return folder / "model"


def _rows(triager: Triager, texts: list[str]) -> list[dict[str, object]]:
    records = [Record(id=str(n), source="test", text=t, sha256=str(n)) for n, t in enumerate(texts)]
    return triager.assess(records)


def test_trained_model_raises_a_plain_request_for_aid(model: Path) -> None:
    embedder = CachedEmbedder(BundledEmbedder())
    trained = Triager.create(EXAMPLE, model, embedder=embedder, translate=False)
    asked = _rows(trained, ASKING)
    for row in asked:
        urgency = row["urgency"]
        assert isinstance(urgency, dict)
        assert urgency["level"] in ("critical", "high"), row
    # The first asks for help and names no need: only the trained model's needs action
    # raises it, and the reason says so with the three confidences.
    reason = str(asked[0]["urgency"]["reason"])  # type: ignore[index]
    assert reason.startswith("high: the trained model finds it needs action: it is about request (")
    assert ", aid related (" in reason and " and direct report (" in reason
    for row in _rows(trained, NOT_ASKING):
        assert "needs action" not in str(row["urgency"]), row
    # The same model without the setting: the plain requests sink (the setting did the work).
    plain = Triager.create(
        replace(load_taxonomy(EXAMPLE), needs_action=()),
        model,
        embedder=embedder,
        translate=False,
    )
    sunk = _rows(plain, ASKING[:1])[0]["urgency"]
    assert sunk["level"] not in ("critical", "high"), sunk  # type: ignore[index]


def test_zero_shot_never_raises_for_needs_action() -> None:
    zero = Triager.create(EXAMPLE, embedder=CachedEmbedder(BundledEmbedder()), translate=False)
    for row in _rows(zero, ASKING + NOT_ASKING):
        assert "needs action" not in str(row["urgency"]), row


def test_trained_model_holds_back_a_need_word_when_nobody_asks_for_aid(model: Path) -> None:
    """A message like many the crisis line got (phone credit for an "urgent" call) says a
    need word but asks for no aid: with a trained model it is not high, and the reason says
    why; a threat to life in the same batch stays critical."""
    embedder = CachedEmbedder(BundledEmbedder())
    trained = Triager.create(EXAMPLE, model, embedder=embedder, translate=False)
    credit, threat = _rows(
        trained,
        [
            "Please put some credit on my phone, I need to make an urgent call",
            "My neighbour is bleeding a lot and is not waking up",
        ],
    )
    urgency = credit["urgency"]
    assert isinstance(urgency, dict)
    assert urgency["level"] == "normal", urgency
    assert "the report says 'urgent', but the trained model finds it about none of" in str(
        urgency["reason"]
    )
    assert threat["urgency"]["level"] == "critical", threat  # type: ignore[index]
    # Without a trained model the cue word alone still raises it (nothing to hold it back).
    zero = Triager.create(EXAMPLE, embedder=embedder, translate=False)
    assert _rows(zero, [str(credit["text"])])[0]["urgency"]["level"] == "high"  # type: ignore[index]
