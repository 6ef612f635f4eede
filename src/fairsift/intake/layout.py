"""Reading order for a page of positioned text segments.

A segment is a run of characters on one baseline with no wide gap inside. The page is read
top to bottom; where a band of rows shares a vertical gutter and reads as separate columns,
the left column is read to its end before the right one (recursively, so a header above two
columns, or three columns, work too).

A gutter alone does not make columns: résumés align dates to the right of job titles, and
skill tables pair labels with values. Those are read across, row by row. A band is read as
columns when its two sides do not share baselines (independent columns), or when they do but
one side is prose that fills its width.

Coordinates are PDF points with y growing upwards.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Segment", "join_line", "reading_order"]

_ALIGN = 0.25  # baselines closer than this many line heights are the same row
_LABELS = 0.8  # share of one side's lines aligned with the other side that marks labels
_FILLED = 0.75  # a prose line fills at least this share of its column
_PROSE_SHARE = 0.4  # ... and at least this share of a column's lines do
_MIN_PROSE_WIDTH = 120.0  # points; narrower sides are labels or table cells


@dataclass(slots=True)
class Segment:
    x0: float
    x1: float
    y0: float
    y1: float
    text: str
    size: float  # font size, for deciding whether two pieces need a space between them

    @property
    def yc(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def h(self) -> float:
        return max(self.y1 - self.y0, 0.1)


def _rows(segments: Sequence[Segment]) -> list[list[Segment]]:
    """Bands of segments whose cores overlap vertically, top first."""
    ordered = sorted(segments, key=lambda s: -s.yc)
    rows: list[list[Segment]] = []
    low = 0.0
    for seg in ordered:
        core = 0.3 * seg.h
        if rows and seg.yc + core > low:
            rows[-1].append(seg)
            low = min(low, seg.yc - core)
        else:
            rows.append([seg])
            low = seg.yc - core
    return rows


def _merge(
    cover: list[tuple[float, float]], spans: list[tuple[float, float]]
) -> list[tuple[float, float]]:
    merged: list[tuple[float, float]] = []
    for a, b in sorted(cover + spans):
        if merged and a <= merged[-1][1]:
            if b > merged[-1][1]:
                merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


def _widest_gap(cover: list[tuple[float, float]], min_gap: float) -> tuple[float, float] | None:
    best: tuple[float, float] | None = None
    for (_, b), (c, _) in itertools.pairwise(cover):
        if c - b >= min_gap and (best is None or c - b > best[1] - best[0]):
            best = (b, c)
    return best


def _lines(segments: Sequence[Segment]) -> list[list[Segment]]:
    """Segments grouped by baseline, top first, each line left to right."""
    ordered = sorted(segments, key=lambda s: -s.yc)
    lines: list[list[Segment]] = []
    for seg in ordered:
        if lines and abs(lines[-1][0].yc - seg.yc) < _ALIGN * 2 * max(seg.h, lines[-1][0].h):
            lines[-1].append(seg)
        else:
            lines.append([seg])
    return [sorted(line, key=lambda s: s.x0) for line in lines]


def _aligned_share(a: list[list[Segment]], b: list[list[Segment]]) -> float:
    centres = [line[0].yc for line in b]
    hits = 0
    for line in a:
        yc, h = line[0].yc, line[0].h
        if any(abs(yc - other) < _ALIGN * h for other in centres):
            hits += 1
    return hits / len(a)


def _is_prose(lines: list[list[Segment]]) -> bool:
    if len(lines) < 3:
        return False
    left = min(line[0].x0 for line in lines)
    right = max(line[-1].x1 for line in lines)
    width = right - left
    if width < _MIN_PROSE_WIDTH:
        return False
    filled = sum(1 for line in lines if (line[-1].x1 - line[0].x0) >= _FILLED * width)
    return filled >= _PROSE_SHARE * len(lines)


def _are_columns(left: list[Segment], right: list[Segment]) -> bool:
    left_lines, right_lines = _lines(left), _lines(right)
    if len(left_lines) < 2 or len(right_lines) < 2 or len(left_lines) + len(right_lines) < 5:
        return False
    left_aligned = _aligned_share(left_lines, right_lines)
    right_aligned = _aligned_share(right_lines, left_lines)
    if left_aligned >= _LABELS and right_aligned >= _LABELS:
        # a grid: columns of prose, or a table to read across
        return _is_prose(left_lines) or _is_prose(right_lines)
    # one side's lines sit beside the other's (dates beside roles): read across
    return not (left_aligned >= _LABELS or right_aligned >= _LABELS)


def reading_order(segments: Sequence[Segment], depth: int = 0) -> list[list[Segment]]:
    """The page's lines in reading order, each line's segments left to right."""
    if not segments:
        return []
    if depth > 8:
        return _lines(segments)
    heights = [s.h for s in segments]
    min_gap = max(6.0, 0.9 * statistics.median(heights))
    rows = _rows(segments)
    spans = [[(s.x0, s.x1) for s in row] for row in rows]
    result: list[list[Segment]] = []
    i = 0
    while i < len(rows):
        cover = _merge([], spans[i])
        best: tuple[int, tuple[float, float]] | None = None
        k = i
        while k < len(rows):
            if k > i:
                cover = _merge(cover, spans[k])
            gap = _widest_gap(cover, min_gap)
            if gap is None:
                break
            best = (k, gap)
            k += 1
        if best is not None and best[0] > i:
            last, (a, b) = best
            band = [s for row in rows[i : last + 1] for s in row]
            left = [s for s in band if s.x1 <= a]
            right = [s for s in band if s.x0 >= b]
            if _are_columns(left, right):
                result.extend(reading_order(left, depth + 1))
                result.extend(reading_order(right, depth + 1))
                i = last + 1
                continue
        result.extend(_lines(rows[i]))
        i += 1
    return result


def join_line(line: Sequence[Segment]) -> str:
    """One line's text: segments left to right, a space where they do not touch."""
    parts = [line[0].text]
    for prev, seg in itertools.pairwise(line):
        touching = seg.x0 - prev.x1 < 0.15 * max(seg.size, prev.size)
        parts.append(seg.text if touching and not prev.text.endswith(" ") else " " + seg.text)
    return "".join(parts)
