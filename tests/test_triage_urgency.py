"""Urgency: threat-to-life cues work in every language the taxonomy lists; the reason says
what raised the level in words a reviewer understands."""

from __future__ import annotations

from pathlib import Path

import pytest

from fairsift.triage.features import Keywords, fold_text
from fairsift.triage.taxonomy import load_taxonomy
from fairsift.triage.urgency import UrgencyRules

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "taxonomies" / "disaster-response.toml"


@pytest.fixture(scope="module")
def rules() -> UrgencyRules:
    return UrgencyRules(load_taxonomy(EXAMPLE))


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("People are trapped under the rubble of the school", "'trapped'"),
        ("Gen moun ki anba dekonb nan Delma 33", "Haitian Kreyol: under the rubble"),
        ("Nap mouri grangou, pa gen dlo", "Haitian Kreyol: we are dying"),
        ("hamare gaon mein log phanse hue hain, bachao", "Urdu (Latin script): save us"),
        ("Il y a des gens coincés sous les décombres", "'sous les décombres' (French)"),
        ("Hay personas atrapadas bajo los escombros", "'bajo los escombros' (Spanish)"),
        ("هناك أشخاص تحت الأنقاض في الحي", "Arabic: under the rubble"),
    ],
)
def test_threat_to_life_is_critical_in_every_language(
    rules: UrgencyRules, text: str, said: str
) -> None:
    urgency = rules.assess(text, None, [])
    assert urgency.level == "critical", urgency
    assert said in urgency.reason


def test_english_text_cues_count_too(rules: UrgencyRules) -> None:
    urgency = rules.assess("Nou pa ka jwenn", "We have no drinking water", [])
    assert urgency.level == "high"
    assert "'no drinking water'" in urgency.reason


def test_category_raises_only_with_a_request_or_first_hand_report(rules: UrgencyRules) -> None:
    news = rules.assess("Food prices rose again this week", None, [("food", 0.9)])
    assert news.level == "low"
    asked = rules.assess("Please send food", None, [("food", 0.9), ("request", 0.8)])
    assert asked.level == "high"
    assert "it is about food (confidence 0.90)" in asked.reason


def test_nothing_urgent_gets_the_default_level_and_says_why(rules: UrgencyRules) -> None:
    urgency = rules.assess("Thank you for the weather update", None, [("related", 0.7)])
    assert urgency.level == "low"
    assert urgency.reason == "low: no category or wording that raises its urgency"


def test_cues_match_whole_words_only(rules: UrgencyRules) -> None:
    # "sos" inside a word, "bleeding" as a substring of nothing: no false alarm
    assert rules.assess("Sosyete a fèmen jodi a", None, []).level == "low"


def test_fold_and_keyword_ideas_cross_languages() -> None:
    assert fold_text("Bèzwen DLO, 33!") == "bezwen dlo 00"
    keywords = Keywords([["water | dlo | agua*"], ["tent | tant"]])
    features = keywords.transform(["Nou bezwen DLO ak tant", "aguas limpias", "nothing"])
    assert (features[0] > 0).tolist() == [True, True]
    assert (features[1] > 0).tolist() == [True, False]
    assert keywords.per_category(features).tolist() == [[1, 1], [1, 0], [0, 0]]
    restored = Keywords.from_saved(keywords.saved())
    assert restored.counts("dlo dlo") == [2, 0]
