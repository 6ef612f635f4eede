"""The one place triage meets fairsift.language: detection and translation into English.

Triage needs three things per report: its language with a confidence, an English text when a
translator covers the language (the original is always kept), and the names and versions of
the models used, for provenance. Everything else about languages lives in fairsift.language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["LanguageResult", "Languages"]


@dataclass(frozen=True, slots=True)
class LanguageResult:
    language: str
    confidence: float
    text_en: str | None
    translated: bool
    backend: str | None
    note: str | None


class Languages:
    """Detects and translates batches. `translate=False` detects only (English text is then
    the report itself for English reports, None for the rest)."""

    def __init__(self, translate: bool = True, chain: object | None = None) -> None:
        from fairsift.language import default_detector

        self._detector = default_detector()
        self._translate = translate
        self._chain = chain

    def models(self) -> tuple[tuple[str, str], ...]:
        found = [(self._detector.name, self._detector.version)]
        chain = self._chain
        if self._translate and chain is not None and hasattr(chain, "models"):
            found.extend(chain.models())
        return tuple(found)

    def process(self, texts: Sequence[str]) -> list[LanguageResult]:
        detections = self._detector.detect_many(texts)
        languages = [d.language for d in detections]
        if self._translate:
            from fairsift.language import translate_to_english

            results = translate_to_english(texts, languages, self._chain)  # type: ignore[arg-type]
            english = [(r.text_en, r.translated, r.backend, r.note) for r in results]
        else:
            english = [
                (text, False, None, None)
                if language == "en"
                else (None, False, None, "translation switched off; the text is kept as received")
                for text, language in zip(texts, languages, strict=True)
            ]
        return [
            LanguageResult(
                language=d.language,
                confidence=float(d.confidence),
                text_en=text_en,
                translated=translated,
                backend=backend,
                note=note,
            )
            for d, (text_en, translated, backend, note) in zip(detections, english, strict=True)
        ]
