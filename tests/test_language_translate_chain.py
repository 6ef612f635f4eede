"""The Chain routes each language to the first translator covering it, passes English through,
falls back when a backend fails, and says in the note why a text has no English."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from fairsift.errors import ModelError
from fairsift.language import Chain, TranslationResult, Translator, default_chain


class Glossary:
    """A tiny real translator: word-for-word from a glossary, None for a text with an unknown
    word. Counts calls so tests can see batching."""

    def __init__(self, name: str, source: str, words: dict[str, str]) -> None:
        self.name = name
        self.version = "1"
        self.source = source
        self.words = words
        self.calls: list[list[str]] = []

    def languages(self) -> set[str]:
        return {self.source}

    def translate(self, texts: Sequence[str], source: str) -> list[str | None]:
        self.calls.append(list(texts))
        out: list[str | None] = []
        for text in texts:
            tokens = text.lower().split()
            known = all(token in self.words for token in tokens)
            out.append(" ".join(self.words[t] for t in tokens) if known else None)
        return out


class Broken:
    name = "broken"
    version = "0"

    def languages(self) -> set[str]:
        return {"es"}

    def translate(self, texts: Sequence[str], source: str) -> list[str | None]:
        raise ModelError("the server is down")


SPANISH = {"necesitamos": "we need", "agua": "water", "comida": "food"}


def test_glossary_and_broken_follow_the_protocol() -> None:
    assert isinstance(Glossary("g", "es", SPANISH), Translator)
    assert isinstance(Broken(), Translator)


def test_english_passes_through_and_others_are_translated_in_one_batch() -> None:
    spanish = Glossary("glossary-es", "es", SPANISH)
    chain = Chain([spanish])
    results = chain.translate_to_english(
        ["Necesitamos agua", "We need water", "necesitamos comida", "Necesitamos agua"],
        ["es", "en", "es", "es"],
    )
    assert results == [
        TranslationResult("we need water", True, "glossary-es"),
        TranslationResult("We need water", False, None),
        TranslationResult("we need food", True, "glossary-es"),
        TranslationResult("we need water", True, "glossary-es"),
    ]
    assert spanish.calls == [["Necesitamos agua", "necesitamos comida"]]  # once, de-duplicated


def test_uncovered_and_undetermined_languages_get_a_note_and_no_english() -> None:
    chain = Chain([Glossary("glossary-es", "es", SPANISH)])
    kreyol, unknown = chain.translate_to_english(["Mwen bezwen dlo", "ⵜⴰⵎⴰⵣⵉⵖⵜ"], ["ht", "und"])
    assert kreyol.text_en is None and not kreyol.translated and kreyol.backend is None
    assert kreyol.note is not None and "Haitian Creole (ht)" in kreyol.note
    assert "no translator" in kreyol.note
    assert unknown.text_en is None and unknown.note is not None
    assert "not determined" in unknown.note


def test_texts_the_first_backend_cannot_do_go_to_the_next() -> None:
    small = Glossary("small", "es", {"agua": "water"})
    large = Glossary("large", "es", SPANISH)
    results = Chain([small, large]).translate_to_english(["agua", "necesitamos agua"], ["es"] * 2)
    assert [(r.text_en, r.backend) for r in results] == [
        ("water", "small"),
        ("we need water", "large"),
    ]
    assert large.calls == [["necesitamos agua"]]


def test_a_failing_backend_falls_back_and_its_failure_is_named() -> None:
    results = Chain([Broken(), Glossary("g", "es", SPANISH)]).translate_to_english(
        ["necesitamos agua", "hola"], ["es", "es"]
    )
    assert results[0] == TranslationResult("we need water", True, "g")
    assert results[1].text_en is None
    assert results[1].note is not None and "broken failed: the server is down" in results[1].note

    alone = Chain([Broken()]).translate_to_english(["agua"], ["es"])[0]
    assert alone.text_en is None and alone.note is not None and "broken failed" in alone.note


def test_empty_text_passes_through_and_lengths_must_match() -> None:
    chain = Chain([])
    assert chain.translate_to_english(["", "  "], ["es", "ht"]) == [
        TranslationResult("", False, None),
        TranslationResult("  ", False, None),
    ]
    with pytest.raises(ValueError, match="2 texts but 1 languages"):
        chain.translate_to_english(["a", "b"], ["es"])


def test_routing_and_provenance() -> None:
    first = Glossary("first", "es", SPANISH)
    chain = Chain([first, Glossary("second", "es", SPANISH), Glossary("pt", "pt", {})])
    assert chain.backend_for("es") is first
    assert chain.backend_for("ht") is None
    assert chain.languages() == {"es", "pt"}
    assert chain.models() == (("first", "1"), ("second", "1"), ("pt", "1"))


def test_the_default_chain_never_uses_an_endpoint_by_itself(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FAIRSIFT_TRANSLATE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("FAIRSIFT_TRANSLATE_MODEL", "m")
    names = [name for name, _ in default_chain().models()]
    assert not any(name.startswith("openai-compatible") for name in names)
