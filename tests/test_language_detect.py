"""Language detection on short texts: the right language and script, "und" for what no model
covers, and never an exception whatever the input."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("py3langid", reason="py3langid is not installed (pip install py3langid)")

from fairsift.language import UND_BELOW, Detection, detect, detect_many
from fairsift.language.detection import MAX_CHARS


@pytest.mark.parametrize(
    ("text", "language", "script"),
    [
        ("Necesitamos agua y comida, hay muchos heridos en la escuela", "es", "Latn"),
        ("Nous avons besoin d'eau et de nourriture pour les enfants", "fr", "Latn"),
        ("We need water and food, the bridge has collapsed", "en", "Latn"),
        ("Precisamos de água potável e remédios para os feridos", "pt", "Latn"),
        ("نحن بحاجة إلى الماء والطعام، هناك جرحى في المدرسة", "ar", "Arab"),
        ("ہمیں پانی اور کھانے کی ضرورت ہے، اسکول میں زخمی ہیں", "ur", "Arab"),
        ("Нам нужна вода и еда, в школе много раненых", "ru", "Cyrl"),
        ("我们需要水和食物，学校里有很多伤员", "zh", "Hani"),
        ("Mwen bezwen dlo ak manje, kay mwen kraze", "ht", "Latn"),
        ("nou pa jwenn anyen tanpri voye ed", "ht", "Latn"),
        ("hamare gaon mein pani nahi hai, koi madad nahi mili", "ur", "Latn"),
        ("KHANA CHAHIYE, HAMARA GHAR SELAB MEIN GAYA", "ur", "Latn"),
    ],
)
def test_detect_names_the_language_and_script_of_short_messages(
    text: str, language: str, script: str
) -> None:
    found = detect(text)
    assert (found.language, found.script) == (language, script), found
    assert found.confidence >= 0.5, found
    assert found.alternatives[0] == (language, pytest.approx(found.confidence, abs=1e-3))


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("ⵜⴰⵎⴰⵣⵉⵖⵜ ⵜⴰⵏⴰⵡⴰⵢⵜ ⴰⵎⴰⵏ", "Tfng"),  # Tifinagh
        ("ᏣᎳᎩ ᎦᏬᏂᎯᏍᏗ ᎠᎹ", "Cher"),  # Cherokee
        ("!!! ??? ... 12345 @@@ ###", "Zyyy"),
        ("", "Zyyy"),
        ("   \n\t ", "Zyyy"),
        ("🙏🙏🙏 ❤️", "Zyyy"),
    ],
)
def test_uncovered_scripts_and_symbols_are_und_at_zero_confidence(text: str, script: str) -> None:
    assert detect(text) == Detection("und", 0.0, script)


def test_codes_urls_and_numbers_do_not_make_a_language() -> None:
    codes = ["HC8(E@@TQ@@a@@T@0   P H ( P  (@TU(0@UU@", "http://x.org/a?b=1 foo@bar.com 555-0100"]
    for text in codes:
        assert detect(text).language == "und", text


def test_a_repeated_word_is_no_more_evidence_than_one() -> None:
    assert detect("help " * 40).confidence == detect("help").confidence


def test_low_confidence_is_reported_as_und_with_the_guess_kept() -> None:
    found = detect("Help")
    assert found.language == "und"
    assert found.confidence < UND_BELOW
    assert found.alternatives  # the best guesses stay visible


def test_detect_many_keeps_order_and_matches_detect() -> None:
    texts = ["Mwen bezwen dlo", "We need water", "", "Necesitamos agua potable"]
    assert detect_many(texts) == [detect(t) for t in texts]
    assert detect_many(iter(texts)) == [detect(t) for t in texts]


def test_detection_serialises_to_plain_data() -> None:
    data = detect("Mwen bezwen dlo").to_dict()
    assert data["language"] == "ht" and data["script"] == "Latn"
    assert isinstance(data["alternatives"], list)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_detect_never_raises_and_bounds_confidence(text: str) -> None:
    found = detect(text)
    assert 0.0 <= found.confidence <= 1.0
    assert found.script
    assert (found.language == "und") == (found.confidence < UND_BELOW)


def test_a_long_text_is_judged_by_its_start() -> None:
    # Kreyol first, then ~1 MB of distinct words in Arabic letters, which would win if read
    # (each word counts once, so the tail must not be one sentence repeated)
    start = "Mwen bezwen dlo ak manje pou fanmi mwen, kay nou kraze. " * 100
    letters = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
    tail = " ".join("".join(w) for w in itertools.product(letters, repeat=4))
    text = f"{start} {tail}"
    assert len(start) > MAX_CHARS and len(text) > 1_000_000
    assert detect(tail).language == "ar"
    found = detect(text)
    assert found.language == "ht"
    assert found == detect(text[:MAX_CHARS])
