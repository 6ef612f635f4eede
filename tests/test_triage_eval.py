"""The triage evaluation's pieces: how macro-F1 treats categories without positives, and the
dataset as the held-out protocol reads it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from fairsift.eval.triage import category_f1, load_dataset, macro_f1, translation_adds
from fairsift.triage.taxonomy import load_taxonomy

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "reports" / "disaster_response_validation.csv"
EXAMPLE = ROOT / "examples" / "taxonomies" / "disaster-response.toml"


def test_categories_without_positives_are_left_out_or_counted_as_zero() -> None:
    labels = np.array([[1, 0, 0], [0, 0, 1], [1, 0, 0]], dtype=bool)
    predicted = np.array([[1, 1, 0], [0, 0, 1], [0, 0, 0]], dtype=bool)
    known = np.ones_like(labels)
    assert category_f1(labels, known, predicted) == [pytest.approx(2 / 3), None, 1.0]
    assert macro_f1(labels, known, predicted) == pytest.approx((2 / 3 + 1) / 2)
    assert macro_f1(labels, known, predicted, zero_for_empty=True) == pytest.approx(5 / 9)
    unknown = known.copy()
    unknown[0, 0] = False  # an "unsure" label is not scored at all
    assert category_f1(labels, unknown, predicted)[0] == 0.0


def test_a_translation_that_says_more_than_its_original_is_told_apart() -> None:
    assert not translation_adds("Nou bezwen dlo ak manje", "We need water and food")
    # a translator's aside, whatever its length
    assert translation_adds("Nou bezwen dlo", "We need water ( drinking water )")
    assert translation_adds("MEZANMI NOU", "Please help us. Note: the message is incomplete")
    assert translation_adds("Mesi", "Thanks. continues previous message about the camp")
    # or many more words than the original has
    assert translation_adds("dlo", "we need drinking water for the children")
    assert not translation_adds("", "an English message without an original (the rest)")


@pytest.mark.dataset
def test_dataset_is_read_as_the_held_out_protocol_reads_it() -> None:
    if not DATA.exists():
        pytest.skip(f"{DATA} is absent: the shared development data is not here")
    data = load_dataset(DATA, load_taxonomy(EXAMPLE))
    assert len(data.ids) == 2337 and int(data.has_original.sum()) == 987
    assert len(data.categories) == 37
    related = data.categories.index("related")
    assert int((~data.known[:, related]).sum()) == 14  # `related` = 2: unsure
    assert sum(a == 1 for a in data.actionable) == 31
    pairs = zip(data.received, data.english, data.has_original, strict=True)
    assert sum(translation_adds(o, e) for o, e, has in pairs if has) == 133
    with_original = int(np.flatnonzero(data.has_original)[0])
    assert data.received[with_original] != data.english[with_original]


def test_life_safety_set_is_kept_in_the_package_and_balanced() -> None:
    from fairsift.eval.triage import LIFE_SAFETY, load_life_safety

    items = load_life_safety(LIFE_SAFETY)
    assert len(items) >= 300
    languages = {i["language"] for i in items}
    assert {"en", "es", "fr", "ht", "ur", "ur-latn", "ar", "pt", "sw"} <= languages
    for language in languages:
        mine = [i for i in items if i["language"] == language]
        for split in ("dev", "check"):
            half = [i for i in mine if i["split"] == split]
            assert sum(i["life_threat"] for i in half) * 2 == len(half) > 0


def test_life_safety_table_per_language(tmp_path: Path) -> None:
    import json

    from fairsift.errors import InputError
    from fairsift.eval.triage import format_life_safety, life_safety, load_life_safety

    items = [
        {"text": "my baby stopped breathing and turned blue", "life_threat": 1, "language": "en"},
        {"text": "thanks for the tents last week", "life_threat": 0, "language": "en"},
        {"text": "mwen bezwen konnen ki lè bank lan ouvri", "life_threat": 0, "language": "ht"},
        {"text": "kay la ap boule ak timoun yo anndan", "life_threat": 1, "language": "ht"},
    ]
    path = tmp_path / "set.jsonl"
    path.write_text("\n".join(json.dumps(i, ensure_ascii=False) for i in items) + "\n")
    result = life_safety(path, EXAMPLE)
    rows = {(r["language"], r["split"]): r for r in result["table"]}
    assert set(rows) == {("en", "all"), ("ht", "all"), ("all", "all")}
    assert rows[("en", "all")]["fairsift"]["threats"] == 1
    assert rows[("all", "all")]["fairsift"]["others"] == 2
    errors = {e["id"] for e in result["errors"]}
    for number, item in enumerate(items, start=1):
        wrong = str(number) in errors
        lang = rows[(item["language"], "all")]["fairsift"]
        if item["life_threat"]:
            assert lang["recall"] == (0.0 if wrong else 1.0)
        else:
            assert lang["false_alarms"] == (1.0 if wrong else 0.0)
    text = format_life_safety(result)
    assert "ht" in text and "cues: threats" in text
    path.write_text('{"text": "no label"}\n')
    with pytest.raises(InputError, match="line 1"):
        load_life_safety(path)


def test_resends_are_made_like_real_ones() -> None:
    import random

    from fairsift.eval.triage_resends import make_resend

    rng = random.Random(3)
    source = "Nou bezwen dlo ak manje nan Fontamara 43, gen timoun ki malad depi 3 jou, tanpri"
    made = [make_resend(source, rng) for _ in range(40)]
    assert all(text != source and 1 <= len(edits) <= 3 for text, edits in made)
    assert {e for _, edits in made for e in edits} >= {"prefix", "typo", "truncate", "phone"}


@pytest.mark.dataset
def test_resends_of_real_messages_group_with_their_source_and_distinct_ones_do_not() -> None:
    if not DATA.exists():
        pytest.skip(f"{DATA} is absent: the shared development data is not here")
    from fairsift.eval.triage_resends import format_resends, resends

    found = resends(DATA, EXAMPLE, sources=60, others=120, seed=5)
    ours, exact = found["fairsift"], found["baseline_exact"]
    assert ours["resends"] == 60 and ours["distinct"] == 180
    assert ours["grouped"] >= 0.9 > exact["grouped"], found
    assert ours["merged"] <= 0.02, found
    assert found["sank_grouped"] == 0, found["sank"]  # a grouped copy never sinks
    assert "grouped with their source" in format_resends(found)
