"""Evidence highlighted in the document text: the text cut at every evidence boundary into
segments, each knowing which requirements' evidence covers it. The template wraps covered
segments in <mark>; Jinja2 escapes the text itself."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

__all__ = ["Segment", "Span", "segments"]


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    anchor: str  # the id the requirement list links to, e.g. "ev-2-0"
    requirement: int


@dataclass(frozen=True)
class Segment:
    text: str
    requirements: tuple[int, ...] = ()
    anchors: tuple[str, ...] = ()  # spans that start here

    @property
    def marked(self) -> bool:
        return bool(self.requirements)


def segments(text: str, spans: Iterable[Span]) -> list[Segment]:
    """`text` cut into segments at every span boundary (spans clipped to the text; empty or
    inverted spans ignored). Joining the segments' texts gives back `text` exactly."""
    valid = [
        Span(max(0, s.start), min(len(text), s.end), s.anchor, s.requirement)
        for s in spans
        if s.end > s.start and s.start < len(text) and s.end > 0
    ]
    cuts = sorted({0, len(text), *(s.start for s in valid), *(s.end for s in valid)})
    out: list[Segment] = []
    for left, right in pairwise(cuts):
        covering = [s for s in valid if s.start <= left and s.end >= right]
        starting = tuple(s.anchor for s in valid if s.start == left)
        requirements = tuple(sorted({s.requirement for s in covering}))
        out.append(Segment(text[left:right], requirements, starting))
    return out
