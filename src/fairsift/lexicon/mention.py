"""What the lexicon finds: a canonical name and the [start, end) span it came from."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DegreeMention", "Mention"]


@dataclass(frozen=True, slots=True)
class Mention:
    """A skill, certification or language found in a text at [start, end).

    `detail` carries extra meaning where there is some: a language's proficiency
    ("native", "fluent", "professional", "intermediate", "basic" or a CEFR level)."""

    canonical: str
    start: int
    end: int
    detail: str | None = None


@dataclass(frozen=True, slots=True)
class DegreeMention:
    """A degree found in a text: its level (a key of LEVEL_RANK), the field of study when
    one is written or implied ("Computer Science" for "B.Sc. Computer Science",
    "Commerce" for "B.Com"), and the span [start, end) of the whole phrase."""

    level: str
    subject: str | None
    start: int
    end: int
