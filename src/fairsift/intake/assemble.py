"""Turn what a format reader extracted into a Document: clean lines, drop injected
instructions, lay the text out with exact spans."""

from __future__ import annotations

import hashlib
import itertools
import re
from dataclasses import dataclass, field

from fairsift.domain import Document, Finding, Line
from fairsift.errors import EmptyText
from fairsift.intake.injection import find_injections
from fairsift.intake.textclean import clean_line, tag_text

__all__ = ["Extract", "build_document", "excerpt", "hidden_finding"]

# Lines longer than this lose only the injected sentence, not the whole line (plain-text
# resumes often hold a whole section on one line).
_LONG_LINE = 200
_SENTENCE_END = re.compile(r"[.!?;](?=\s|$)")


@dataclass
class Extract:
    """What one format reader found: visible lines in reading order, with their page."""

    media_type: str
    pages: int
    lines: list[tuple[int, str]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def excerpt(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def hidden_finding(how: str, text: str, page: int | None) -> list[Finding]:
    """A hidden_text finding, plus an injection finding when the hidden text instructs a model."""
    found = [Finding("hidden_text", f"{how}: '{excerpt(text)}'", page)]
    if find_injections([text]):
        found.append(
            Finding(
                "injection", f"hidden text addressed to an AI screener: '{excerpt(text)}'", page
            )
        )
    return found


def _cut_sentences(line: str, spans: list[tuple[int, int]]) -> str:
    """`line` without the sentences that overlap any of `spans`."""
    bounds = [0] + [m.end() for m in _SENTENCE_END.finditer(line)] + [len(line)]
    kept = []
    for a, b in itertools.pairwise(bounds):
        if a < b and not any(s < b and a < e for s, e in spans):
            kept.append(line[a:b].strip())
    return " ".join(k for k in kept if k)


def _removed(line: str, rest: str) -> str:
    """The words of `line` that are not in `rest`, in order (what a cut took out)."""
    kept = rest.split()
    out, j = [], 0
    for word in line.split():
        if j < len(kept) and word == kept[j]:
            j += 1
        else:
            out.append(word)
    return " ".join(out)


def _drop_injections(
    lines: list[tuple[int, str]], findings: list[Finding]
) -> list[tuple[int, str]]:
    hits = find_injections([text for _, text in lines])
    if not hits:
        return lines
    # per touched line: the spans to cut out, or None to drop the whole line
    cuts: dict[int, list[tuple[int, int]] | None] = {}
    reported: set[int] = set()
    for hit in hits:
        touched = set(range(hit.first_line, hit.last_line + 1))
        if not touched & reported:  # one finding per line, however many patterns match it
            quote = excerpt(hit.quote)
            line = lines[hit.first_line][1]
            if len(line) > _LONG_LINE and hit.start is not None and hit.first_line == hit.last_line:
                rest = _cut_sentences(line, [(hit.start, hit.end or hit.start)])
                # the sentences cut are what was said to the machine
                quote = excerpt(_removed(line, rest))
            page = lines[hit.first_line][0]
            findings.append(
                Finding("injection", f"text addressed to an AI screener: '{quote}'", page)
            )
        reported |= touched
        for index in touched:
            text = lines[index][1]
            precise = hit.first_line == hit.last_line and hit.start is not None
            if precise and len(text) > _LONG_LINE and cuts.get(index, []) is not None:
                cuts.setdefault(index, []).append((hit.start or 0, hit.end or 0))  # type: ignore[union-attr]
            else:
                cuts[index] = None
    result: list[tuple[int, str]] = []
    for index, (page, text) in enumerate(lines):
        if index in cuts:
            spans = cuts[index]
            text = "" if spans is None else _cut_sentences(text, spans)
        if text:
            result.append((page, text))
    return result


def build_document(extract: Extract, *, source: str, data: bytes) -> Document:
    """The Document for `extract`; raises EmptyText when no visible line is left."""
    findings = list(extract.findings)
    cleaned: list[tuple[int, str]] = []
    for page, raw in extract.lines:
        if not raw.isascii():
            smuggled = tag_text(raw)
            if smuggled.strip():
                findings.extend(hidden_finding("invisible Unicode tag characters", smuggled, page))
        text = clean_line(raw)
        if text:
            cleaned.append((page, text))
    cleaned = _drop_injections(cleaned, findings)
    if not cleaned:
        hidden = sum(1 for f in findings if f.kind in ("hidden_text", "injection"))
        why = f" (all {hidden} pieces of text found were hidden or injected)" if hidden else ""
        raise EmptyText(f"{source!r} contains no visible text{why}")
    parts: list[str] = []
    spans: list[Line] = []
    offset = 0
    for page, text in cleaned:
        spans.append(Line(page=page, start=offset, end=offset + len(text)))
        parts.append(text)
        offset += len(text) + 1
    return Document(
        source=source,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        media_type=extract.media_type,
        text="\n".join(parts),
        lines=tuple(spans),
        pages=extract.pages,
        findings=tuple(findings),
    )
