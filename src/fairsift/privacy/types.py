"""What blind mode returns: the masked text and the spans it masked."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["MASK", "Redacted", "Redaction"]

MASK = "█"


@dataclass(frozen=True, slots=True)
class Redaction:
    """One masked span [start, end) of the input text and what it was (`kind`: name, email,
    phone, url, address, location, date_of_birth, age, gender (fields and titles), pronoun
    (he, she, his, her...), marital_status, nationality, religion, photo, id_number,
    graduation_year)."""

    kind: str
    start: int
    end: int

    def to_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class Redacted:
    """The blind text: same length and line breaks as the input, every masked character
    replaced by MASK, so an offset found in `text` is valid in the original too."""

    text: str
    redactions: tuple[Redaction, ...]

    def to_dict(self) -> dict[str, object]:
        return {"text": self.text, "redactions": [r.to_dict() for r in self.redactions]}
