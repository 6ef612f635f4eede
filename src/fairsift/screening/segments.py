"""Cut a resume's (blind) text into short segments with exact spans.

Segments are what the embedding model compares with a requirement and what evidence quotes:
a line, or a sentence or bullet of a long line, never more than MAX_CHARS.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["MAX_CHARS", "Segment", "segment_text"]

MAX_CHARS = 240
_MIN_WORD_CHARS = 3
# Sentence ends and the bullets people paste into one long line.
_BREAK = re.compile(r"(?<=[.;!?])\s+(?=[A-Z0-9•*])|\s*[•▪●◦■►✓]\s*|\s+\*\s+|\s+-\s+(?=[A-Z])")
_WORD = re.compile(r"[^\W\d_]{2,}")
_MASK = "█"


@dataclass(frozen=True, slots=True)
class Segment:
    start: int
    end: int
    text: str


def segment_text(text: str) -> list[Segment]:
    """Segments in reading order. Masked (redacted) characters never count as words."""
    out: list[Segment] = []
    position = 0
    for line in text.split("\n"):
        _cut_line(line, position, out)
        position += len(line) + 1
    return out


def _cut_line(line: str, offset: int, out: list[Segment]) -> None:
    pieces: list[tuple[int, int]] = []
    cursor = 0
    for match in _BREAK.finditer(line):
        pieces.append((cursor, match.start()))
        cursor = match.end()
    pieces.append((cursor, len(line)))
    for start, end in pieces:
        while end - start > MAX_CHARS:  # split an over-long run at a space
            cut = line.rfind(" ", start, start + MAX_CHARS)
            cut = cut if cut > start + MAX_CHARS // 2 else start + MAX_CHARS
            _add(line, offset, start, cut, out)
            start = cut
        _add(line, offset, start, end, out)


def _add(line: str, offset: int, start: int, end: int, out: list[Segment]) -> None:
    piece = line[start:end]
    stripped = piece.strip(" \t\r-–—:|,")
    if not stripped:
        return
    lead = piece.find(stripped)
    start += lead
    end = start + len(stripped)
    if sum(len(w) for w in _WORD.findall(stripped.replace(_MASK, " "))) < _MIN_WORD_CHARS:
        return
    out.append(Segment(offset + start, offset + end, stripped))
