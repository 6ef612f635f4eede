"""Blind-mode evaluation, metrics: when a span counts as removed, a skill as kept, and the
simple baseline every figure is printed beside."""

from __future__ import annotations

import re
from collections import Counter

from fairsift.privacy import MASK
from fairsift.privacy.lists import Lists

__all__ = ["gazetteer_baseline", "kept", "span_kept", "span_removed"]


def span_removed(blind: str, start: int, end: int, share: float = 1.0) -> bool:
    """Whether at least `share` of the letters and digits of [start, end) are masked."""
    total = masked = 0
    for i in range(start, end):
        char = blind[i]
        if char == MASK:
            total += 1
            masked += 1
        elif char.isalnum():
            total += 1
    return total == 0 or masked / total >= share


def span_kept(blind: str, start: int, end: int) -> bool:
    """A skill is kept when none of it is masked."""
    return MASK not in blind[start:end]


def kept(blind: str, spans: list[tuple[int, int]]) -> tuple[int, int, Counter[str]]:
    """(kept, total, lost spans) for skill spans in `blind`."""
    count, lost = 0, Counter[str]()
    for start, end in spans:
        if span_kept(blind, start, end):
            count += 1
        else:
            lost[f"{start}:{end}"] += 1
    return count, len(spans), lost


_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_EMAIL = re.compile(r"\S+@\S+")


def gazetteer_baseline(text: str, data: Lists) -> str:
    """The simple baseline: every word the bundled name lists know and that is no everyday
    word, and every e-mail address, masked; nothing else."""
    chars = list(text)
    for match in _WORD.finditer(text):
        word = match.group()
        if data.is_name(word) and not data.is_common(word):
            chars[match.start() : match.end()] = MASK * len(word)
    for match in _EMAIL.finditer(text):
        chars[match.start() : match.end()] = MASK * len(match.group())
    return "".join(chars)
