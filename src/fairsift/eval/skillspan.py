"""SkillSpan postings as text with the spans domain experts marked (data builder only).

SkillSpan (Zhang et al., NAACL 2022) gives one tokenised sentence a line, with the posting it
belongs to (`idx`), its `source` (tech, house) and BIO tags for skills and for knowledge. A
posting's text is its sentences in order, tokens joined by spaces, sentences joined by a line
break ("lines") or by nothing at all ("glued": a job board that lost every line break and
space between sentences).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fairsift.errors import InputError

__all__ = ["VARIANTS", "Posting", "Span", "load_postings", "posting_text"]

VARIANTS = ("lines", "glued")


@dataclass(frozen=True, slots=True)
class Span:
    """A marked span [start, end) of a posting's text: "skill" or "knowledge"."""

    kind: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Posting:
    """One posting: its source, its id in the file, its tokenised sentences and tags."""

    source: str
    idx: int
    sentences: tuple[tuple[str, ...], ...]
    skill_tags: tuple[tuple[str, ...], ...]
    knowledge_tags: tuple[tuple[str, ...], ...]


def load_postings(path: Path, *, limit: int | None = None) -> list[Posting]:
    """The postings of one SkillSpan file, in file order (at most `limit` of them)."""
    if not path.is_file():
        raise InputError(
            f"{path} does not exist", "Point --data at the folder holding train.jsonl and dev.jsonl"
        )
    grouped: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for number, row in _rows(path):
        try:
            key = (str(row["source"]), int(row["idx"]))
            tokens, skills, knowledge = row["tokens"], row["tags_skill"], row["tags_knowledge"]
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(f"{path}, line {number}: not a SkillSpan row ({exc})") from exc
        if not len(tokens) == len(skills) == len(knowledge):
            raise InputError(f"{path}, line {number}: tokens and tags differ in length")
        grouped.setdefault(key, []).append(row)
    postings = [
        Posting(
            source=source,
            idx=idx,
            sentences=tuple(tuple(r["tokens"]) for r in rows),
            skill_tags=tuple(tuple(r["tags_skill"]) for r in rows),
            knowledge_tags=tuple(tuple(r["tags_knowledge"]) for r in rows),
        )
        for (source, idx), rows in grouped.items()
    ]
    return postings[:limit] if limit is not None else postings


def posting_text(posting: Posting, variant: str = "lines") -> tuple[str, list[Span]]:
    """The posting's text and its marked spans (character offsets into that text)."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r}")
    separator = "\n" if variant == "lines" else ""
    parts: list[str] = []
    spans: list[Span] = []
    at = 0
    for index, tokens in enumerate(posting.sentences):
        if index:
            parts.append(separator)
            at += len(separator)
        starts = []
        for position, token in enumerate(tokens):
            if position:
                parts.append(" ")
                at += 1
            starts.append(at)
            parts.append(token)
            at += len(token)
        for kind, tags in (
            ("skill", posting.skill_tags[index]),
            ("knowledge", posting.knowledge_tags[index]),
        ):
            for first, last in _bio(tags):
                spans.append(Span(kind, starts[first], starts[last] + len(tokens[last])))
    return "".join(parts), spans


def _bio(tags: Sequence[str]) -> Iterator[tuple[int, int]]:
    """(first, last) token of each tagged span; an I after O starts a span too."""
    first: int | None = None
    for position, tag in enumerate(tags):
        if tag.startswith("B") or (tag.startswith("I") and first is None):
            if first is not None:
                yield first, position - 1
            first = position
        elif not tag.startswith("I") and first is not None:
            yield first, position - 1
            first = None
    if first is not None:
        yield first, len(tags) - 1


def _rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}, line {number}: not JSON ({exc.msg})") from exc
            if not isinstance(row, dict):
                raise InputError(f"{path}, line {number}: not a JSON object")
            yield number, row
