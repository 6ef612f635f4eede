"""The example taxonomy's category keywords read reports in the languages it is written for:
Haitian Kreyol (with SMS spellings), French, Urdu in Latin letters and in Urdu script. These
keyword ideas are how a model trained mostly on English reports carries over to them, and
how zero-shot triage finds categories the sentence encoder cannot read.

The sentences are written for this test (not taken from any evaluation set)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fairsift.triage.features import Keywords
from fairsift.triage.taxonomy import load_taxonomy

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "taxonomies" / "disaster-response.toml"


@pytest.fixture(scope="module")
def keywords() -> tuple[Keywords, list[str]]:
    taxonomy = load_taxonomy(EXAMPLE)
    return Keywords([c.keywords for c in taxonomy.categories]), list(taxonomy.names)


def _hits(found: tuple[Keywords, list[str]], text: str) -> set[str]:
    matcher, names = found
    per = matcher.per_category(matcher.transform([text]))[0]
    return {name for name, count in zip(names, per, strict=True) if count > 0}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Haitian Kreyol, SMS style
        ("tampri nou bswen dlo potab ak manje cho pou timoun yo", {"request", "water", "food"}),
        ("kay nou kraze, n ap domi ate anba lapli", {"buildings", "shelter"}),
        ("gen moun ki mouri, kadav yo poko antere", {"death"}),
        ("fanm ansent lan gen fe mal nan vant, fo l al lopital", {"medical_help", "hospitals"}),
        ("zenglendo ap piye moun nan kan an, chime ap tire", {"security"}),
        ("larivye deborde, dlo monte nan tout katye a", {"floods"}),
        ("nou se sinistre, nou kouri kite lavil la al nan pwovens", {"refugees"}),
        # French
        (
            "nous avons besoin de médicaments et de tentes",
            {"request", "medical_products", "shelter"},
        ),
        # Urdu in Latin letters
        ("hamein khaana aur paani chahiye, bache bhooke hain", {"request", "food", "water"}),
        ("sailab se ghar gir gaye, log beghar hain", {"floods", "shelter", "buildings"}),
        # Urdu script
        ("ہمیں پینے کا پانی اور کھانا چاہیے", {"request", "water", "food"}),
        ("سیلاب سے مکان گر گئے، لوگ بے گھر ہیں", {"floods", "shelter", "buildings"}),
        (
            "ہسپتال میں دوائی نہیں، بچوں کو بخار ہے",
            {"hospitals", "medical_products", "medical_help"},
        ),
        ("زلزلے کے بعد ملبے میں لوگ پھنسے ہیں", {"earthquake", "search_and_rescue"}),
        ("کیمپ میں فائرنگ ہوئی، چور سامان لوٹ کر لے گئے", {"security"}),
        ("سردی بہت ہے، کمبل اور کپڑے بھیجیں", {"cold", "clothing", "request"}),
    ],
)
def test_category_keywords_read_the_taxonomy_languages(
    keywords: tuple[Keywords, list[str]], text: str, expected: set[str]
) -> None:
    found = _hits(keywords, text)
    assert expected <= found, f"{text!r}: missing {sorted(expected - found)}"


@pytest.mark.parametrize(
    ("text", "not_expected"),
    [
        # common function words of Urdu script must not count as a category on their own
        ("میں نے آپ کو کل فون کیا تھا، کیا ہوا؟", {"storm", "direct_report", "request"}),
        ("mesi anpil pou tout sa nou fe", {"food", "water", "medical_help", "death"}),
    ],
)
def test_everyday_words_raise_no_category(
    keywords: tuple[Keywords, list[str]], text: str, not_expected: set[str]
) -> None:
    assert not (_hits(keywords, text) & not_expected)
