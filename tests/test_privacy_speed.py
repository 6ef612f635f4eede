"""Blind mode's fast patterns find exactly what their plain forms find.

Detectors compile their whole-text patterns with `starting_with(first, pattern)`: a look-ahead
for the characters a match can start with, so re rejects most positions at once. That is only
right when `first` holds every character a match of `pattern` can start with. Two checks:
(1) from re's own parse of each pattern, every character (below U+3000, and the characters
that case folding maps to ASCII letters) that can start a match is in `first`; (2) on real
resume texts the anchored and the plain pattern give the same matches, groups included.
"""

from __future__ import annotations

import csv
import importlib
import re
from pathlib import Path
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

import pytest

from fairsift.intake import Limits, read_document

ROOT = Path(__file__).resolve().parents[1]
SHARED_CSV = ROOT.parent / "shared" / "data" / "resumes" / "UpdatedResumeDataSet.csv"
MODULES = ("places", "contacts", "lead", "names", "gender", "fields", "education", "postal")
_ANCHORED = re.compile(r"\(\?=\[(?P<first>.*?)\]\)\(\?:(?P<body>.*)\)", re.DOTALL)
# Characters checked: everything below U+3000 (Latin, Greek, Cyrillic, punctuation, currency,
# dashes and quotes) and the ones re's case folding maps onto ASCII letters (K, ſ, İ, ı).
UNIVERSE = [chr(c) for c in range(0x3000)] + ["\u212a", "\uff1a"]

_CATEGORIES = {
    sre.CATEGORY_DIGIT: r"\d",
    sre.CATEGORY_NOT_DIGIT: r"\D",
    sre.CATEGORY_SPACE: r"\s",
    sre.CATEGORY_NOT_SPACE: r"\S",
    sre.CATEGORY_WORD: r"\w",
    sre.CATEGORY_NOT_WORD: r"\W",
}


def anchored_patterns() -> list[tuple[str, re.Pattern[str], str, str]]:
    out = []
    for name in MODULES:
        module = importlib.import_module(f"fairsift.privacy.{name}")
        for attr, value in vars(module).items():
            if isinstance(value, re.Pattern) and value.pattern.startswith("(?=["):
                match = _ANCHORED.fullmatch(value.pattern)
                assert match, f"{name}.{attr} is not starting_with's form"
                out.append((f"{name}.{attr}", value, match["first"], match["body"]))
    return out


def _class(items: list[tuple[Any, Any]]) -> str:
    parts = []
    for op, av in items:
        if op is sre.NEGATE:
            parts.insert(0, "^")
        elif op is sre.LITERAL:
            parts.append(re.escape(chr(av)))
        elif op is sre.RANGE:
            parts.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is sre.CATEGORY:
            parts.append(_CATEGORIES[av])
        else:
            raise NotImplementedError(op)
    return "[" + "".join(parts) + "]"


def _first(seq: Any, flags: int) -> tuple[list[tuple[str, int]], bool]:
    """(one-character regexes with their flags, whether `seq` can match the empty string)."""
    out: list[tuple[str, int]] = []
    for op, av in seq:
        items, empty = _node(op, av, flags)
        out += items
        if not empty:
            return out, False
    return out, True


def _node(op: Any, av: Any, flags: int) -> tuple[list[tuple[str, int]], bool]:
    if op is sre.LITERAL:
        return [(re.escape(chr(av)), flags)], False
    if op is sre.NOT_LITERAL:
        return [(f"[^{re.escape(chr(av))}]", flags)], False
    if op is sre.IN:
        return [(_class(av), flags)], False
    if op is sre.ANY:
        return [(".", flags | re.DOTALL)], False
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return [], True  # zero-width: the next item supplies the character
    if op is sre.BRANCH:
        out: list[tuple[str, int]] = []
        empty = False
        for branch in av[1]:
            items, branch_empty = _first(branch, flags)
            out += items
            empty = empty or branch_empty
        return out, empty
    if op is sre.SUBPATTERN:
        _, add, remove, body = av
        return _first(body, (flags | add) & ~remove)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, _, body = av
        items, empty = _first(body, flags)
        return items, empty or low == 0
    if op is sre.ATOMIC_GROUP:
        return _first(av, flags)
    return [(".", re.DOTALL)], True  # anything else: assume any character may start


def test_every_fast_pattern_is_found() -> None:
    found = {name for name, *_ in anchored_patterns()}
    # the detectors that carry most of blind mode's regex time
    for name in ("places._STREET", "contacts._PHONE", "lead._FIELD", "names._PAIR"):
        assert name in found


@pytest.mark.parametrize("name,pattern,first,body", anchored_patterns())
def test_first_characters_cover_every_match_start(
    name: str, pattern: re.Pattern[str], first: str, body: str
) -> None:
    flags = pattern.flags & ~re.UNICODE
    declared = re.compile(f"[{first}]", flags)
    items, empty = _first(_parser.parse(body, flags), flags)
    assert not empty, f"{name} can match the empty string"
    starters = [re.compile(item, item_flags) for item, item_flags in items]
    missing = [
        c for c in UNIVERSE if not declared.fullmatch(c) and any(s.fullmatch(c) for s in starters)
    ]
    assert not missing, f"{name}: a match can start with {missing[:10]} outside [{first}]"


def _texts() -> list[str]:
    texts = [
        read_document(path, Limits()).text
        for path in sorted((ROOT / "examples" / "resumes").glob("*"))
        if path.is_file()
    ]
    if SHARED_CSV.exists():
        with SHARED_CSV.open(encoding="utf-8", errors="replace") as handle:
            texts += list(dict.fromkeys(row["Resume"] for row in csv.DictReader(handle)))
    return texts


def test_anchored_and_plain_patterns_match_alike() -> None:
    texts = _texts()
    assert len(texts) >= 8
    total = 0
    for name, pattern, _, body in anchored_patterns():
        plain = re.compile(body, pattern.flags)
        for text in texts:
            fast = [(m.span(), m.groups()) for m in pattern.finditer(text)]
            assert fast == [(m.span(), m.groups()) for m in plain.finditer(text)], name
            total += len(fast)
    assert total > 100  # the texts do exercise the patterns
