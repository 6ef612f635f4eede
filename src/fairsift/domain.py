"""The shared types. Data flows one way: Document -> Assessment -> Decision -> audit.

Every later step points back into a Document by character span, so evidence can be shown
and checked against the visible text.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "Document",
    "Evidence",
    "Finding",
    "Line",
    "Provenance",
    "Requirement",
    "RequirementMatch",
    "ScreeningAssessment",
]


@dataclass(frozen=True, slots=True)
class Finding:
    """Something a reviewer should know about an input: hidden text, injected instructions,
    OCR used, truncation. `kind` is a short stable token; `detail` a sentence for people."""

    kind: str
    detail: str
    page: int | None = None

    def to_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "detail": self.detail, "page": self.page}


@dataclass(frozen=True, slots=True)
class Line:
    """One visible line: its page (1-based) and its span [start, end) in Document.text."""

    page: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Document:
    """What intake makes of any input. `text` holds only what a person would see on the page:
    hidden text and injected instructions are reported in `findings`, never kept in `text`."""

    source: str
    sha256: str
    size: int
    media_type: str
    text: str
    lines: tuple[Line, ...]
    pages: int
    findings: tuple[Finding, ...] = ()
    _line_starts: tuple[int, ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_line_starts", tuple(line.start for line in self.lines))

    def page_at(self, offset: int) -> int:
        """The page that holds character `offset` (1 if the document has no lines)."""
        if not self.lines:
            return 1
        index = bisect.bisect_right(self._line_starts, offset) - 1
        return self.lines[max(index, 0)].page

    def line_texts(self) -> list[str]:
        return [self.text[line.start : line.end] for line in self.lines]


Status = Literal["met", "partial", "not_met", "unknown"]
Importance = Literal["must", "nice"]


@dataclass(frozen=True, slots=True)
class Requirement:
    """One thing a job asks for. `kind`: skill, experience, degree, certification, language, other.
    `years` for experience requirements; `level`/`field` for degrees."""

    text: str
    kind: str = "skill"
    importance: Importance = "must"
    weight: float = 1.0
    years: float | None = None
    level: str | None = None
    subject: str | None = None
    terms: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "kind": self.kind,
            "importance": self.importance,
            "weight": self.weight,
            "years": self.years,
            "level": self.level,
            "subject": self.subject,
            "terms": list(self.terms),
        }


@dataclass(frozen=True, slots=True)
class Evidence:
    """A quote from the (blind) resume text with its page and [start, end) character span."""

    quote: str
    page: int
    start: int
    end: int

    def to_dict(self) -> dict[str, object]:
        return {"quote": self.quote, "page": self.page, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class RequirementMatch:
    requirement: Requirement
    status: Status
    evidence: tuple[Evidence, ...]
    reason: str
    similarity: float = 0.0

    def to_dict(self) -> dict[str, object]:
        return {
            "text": self.requirement.text,
            "kind": self.requirement.kind,
            "importance": self.requirement.importance,
            "weight": self.requirement.weight,
            "status": self.status,
            "evidence": [e.to_dict() for e in self.evidence],
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class Provenance:
    """Enough to reproduce an assessment: input hash, models by package and version,
    configuration hash, fairsift version."""

    input_sha256: str
    models: tuple[tuple[str, str], ...]
    config_sha256: str
    fairsift_version: str
    pipeline: str

    def to_dict(self) -> dict[str, object]:
        return {
            "input_sha256": self.input_sha256,
            "models": {name: version for name, version in self.models},
            "config_sha256": self.config_sha256,
            "fairsift_version": self.fairsift_version,
            "pipeline": self.pipeline,
        }


@dataclass(frozen=True, slots=True)
class ScreeningAssessment:
    """What screening recommends for one (job, candidate) pair. A recommendation only."""

    job: str
    candidate: str
    sha256: str
    score: float
    matches: tuple[RequirementMatch, ...]
    findings: tuple[Finding, ...]
    explanation: str
    provenance: Provenance
