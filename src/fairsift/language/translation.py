"""Translation into English behind one small protocol, and a chain that routes by language.

The original is always kept by the caller; this module only produces `text_en`. Where no
translator covers a language, `text_en` is None and the note says so in words a reviewer
understands (the caller turns it into a finding). English passes through untouched.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from fairsift.errors import FairsiftError
from fairsift.language.names import language_name

__all__ = ["Chain", "TranslationResult", "Translator"]

ENGLISH = "en"
UNDETERMINED = "und"


@runtime_checkable
class Translator(Protocol):
    """Translates texts from one source language into English. `name` and `version` name the
    package (and model) for provenance. `translate` returns None where it cannot translate a
    text; it raises ModelError when the backend itself fails (missing binary, server down)."""

    name: str
    version: str

    def languages(self) -> set[str]: ...

    def translate(self, texts: Sequence[str], source: str) -> list[str | None]: ...


@dataclass(frozen=True, slots=True)
class TranslationResult:
    """`text_en` is the English text (the input itself for English), or None where nothing
    could translate it; `note` then says why."""

    text_en: str | None
    translated: bool
    backend: str | None
    note: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "text_en": self.text_en,
            "translated": self.translated,
            "backend": self.backend,
            "note": self.note,
        }


class Chain:
    """Tries translators in order: the first one covering a language gets its texts; texts it
    returns None for (or all of them, if it fails) go to the next one covering the language."""

    def __init__(self, translators: Sequence[Translator]) -> None:
        self.translators = tuple(translators)

    def languages(self) -> set[str]:
        covered: set[str] = set()
        for translator in self.translators:
            covered |= translator.languages()
        return covered

    def models(self) -> tuple[tuple[str, str], ...]:
        """(name, version) of every backend, for provenance."""
        return tuple((t.name, t.version) for t in self.translators)

    def backend_for(self, language: str) -> Translator | None:
        """The first translator covering `language`, if any."""
        for translator in self.translators:
            if language in translator.languages():
                return translator
        return None

    def translate_to_english(
        self, texts: Sequence[str], languages: Sequence[str]
    ) -> list[TranslationResult]:
        """One result per text, in order. `languages[i]` is the detected language of
        `texts[i]` ("und" when undetermined). Never raises for a backend failure: the
        affected texts get text_en=None and a note naming the failure."""
        if len(texts) != len(languages):
            raise ValueError(f"{len(texts)} texts but {len(languages)} languages")
        results: list[TranslationResult | None] = [None] * len(texts)
        by_language: dict[str, list[int]] = {}
        for index, (text, language) in enumerate(zip(texts, languages, strict=True)):
            if language == ENGLISH or not text.strip():
                results[index] = TranslationResult(text, False, None)
            else:
                by_language.setdefault(language, []).append(index)
        for language, indexes in by_language.items():
            batch = [texts[i] for i in indexes]
            for index, result in zip(indexes, self._translate(batch, language), strict=True):
                results[index] = result
        return [r for r in results if r is not None]

    def _translate(self, texts: list[str], language: str) -> list[TranslationResult]:
        if language == UNDETERMINED:
            note = "language not determined, so not translated; the text is kept as received"
            return [TranslationResult(None, False, None, note)] * len(texts)
        name = language_name(language)
        unique = list(dict.fromkeys(texts))  # a batch often repeats a message
        done: dict[str, TranslationResult] = {}
        failures: list[str] = []
        for translator in self.translators:
            if language not in translator.languages():
                continue
            pending = [t for t in unique if t not in done]
            if not pending:
                break
            try:
                outputs = translator.translate(pending, language)
            except FairsiftError as error:
                failures.append(f"{translator.name} failed: {error.message}")
                continue
            for text, output in zip(pending, outputs, strict=True):
                if output is not None:
                    done[text] = TranslationResult(output, True, translator.name)
        if failures:
            missing_note = f"{name} not translated: " + "; ".join(failures)
        elif any(language in t.languages() for t in self.translators):
            missing_note = f"the {name} translator returned nothing for this text"
        else:
            missing_note = (
                f"no translator here covers {name} ({language}); the text is kept as received"
            )
        missing = TranslationResult(None, False, None, missing_note)
        return [done.get(text, missing) for text in texts]
