"""Human languages with proficiency, and names that are not language skills."""

from __future__ import annotations

from fairsift.lexicon import find_languages


def spoken(text: str) -> list[tuple[str, str | None]]:
    return [(m.canonical, m.detail) for m in find_languages(text)]


def test_lexicon_languages_with_proficiency() -> None:
    assert spoken("Languages: English (fluent), Hindi (native), Marathi") == [
        ("English", "fluent"),
        ("Hindi", "native"),
        ("Marathi", None),
    ]
    assert spoken("Fluent in Spanish and conversational French") == [
        ("Spanish", "fluent"),
        ("French", "intermediate"),
    ]
    assert spoken("Native Hindi speaker; basic German (A2)") == [
        ("Hindi", "native"),
        ("German", "basic"),
    ]
    assert spoken("English - Read, Write, Speak - Fluent") == [("English", "fluent")]


def test_lexicon_languages_lists_count_without_proficiency() -> None:
    assert spoken("LANGUAGES KNOWN English, Hindi and Gujarati.") == [
        ("English", None),
        ("Hindi", None),
        ("Gujarati", None),
    ]


def test_lexicon_languages_names_that_are_not_skills() -> None:
    assert spoken("B.A. English Literature from Delhi University") == []
    assert spoken("Hindi City High School, Chennai, Tamil Nadu") == []
    assert spoken("We polish our Latin America roll-out") == []
    assert spoken("Trained in Swedish, Thai body massage") == []


def test_lexicon_languages_cefr_levels() -> None:
    assert spoken("Completed German A1 level, preparing for A2") == [("German", "basic")]
    assert spoken("Spanish: C1") == [("Spanish", "fluent")]
