"""A candidate span found by one detector, before spans are merged and masked."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["UPPER", "Hit", "iter_lines", "starting_with", "trimmed"]

# Capital letters for regular expressions (Python's re has no \p{Lu}): ASCII, Latin-1, Latin
# Extended-A ("Île", "Łódź", "İstanbul", "Šiauliai").
UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĲĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"


def starting_with(first: str, pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`pattern` compiled behind a look-ahead for the characters any of its matches starts
    with (`first`, the inside of a character class): the same matches, found several times
    faster, because at every other position re fails on one class test instead of trying
    each alternative. `first` must hold every possible first character (under `flags`);
    tests/test_privacy_speed.py checks each such pattern against its bare form."""
    return re.compile(f"(?=[{first}])(?:{pattern})", flags)


@dataclass(frozen=True, slots=True)
class Hit:
    """`weak` hits come from word lists (places, names seen elsewhere) and give way to skill
    mentions; strong hits (patterns, labelled fields, the header name) never do."""

    kind: str
    start: int
    end: int
    weak: bool = False


def iter_lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every line, without its newline."""
    pos = 0
    for line in text.split("\n"):
        yield pos, pos + len(line)
        pos += len(line) + 1


_EDGE = " \t\r\n,;:|.-–—()[]{}<>\"'"


def trimmed(text: str, start: int, end: int, keep_dot: bool = False) -> tuple[int, int]:
    """Shrink [start, end) past separators and spaces at both ends."""
    edge = _EDGE.replace(".", "") if keep_dot else _EDGE
    while start < end and text[start] in edge:
        start += 1
    while end > start and text[end - 1] in edge:
        end -= 1
    return start, end
