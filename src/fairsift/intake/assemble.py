"""Turn what a format reader extracted into a Document: clean lines, drop injected
instructions, lay the text out with exact spans."""

from __future__ import annotations

import hashlib
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


def _cut_sentence(line: str, start: int, end: int) -> str:
    """`line` without the sentence(s) that hold [start, end)."""
    left = 0
    for match in _SENTENCE_END.finditer(line, 0, start):
        left = match.end()
    right_match = _SENTENCE_END.search(line, max(end - 1, start))
    right = right_match.end() if right_match else len(line)
    return (line[:left] + " " + line[right:]).strip()


def _drop_injections(
    lines: list[tuple[int, str]], findings: list[Finding]
) -> list[tuple[int, str]]:
    hits = find_injections([text for _, text in lines])
    if not hits:
        return lines
    kept: dict[int, str | None] = {}
    for hit in hits:
        page = lines[hit.first_line][0]
        findings.append(
            Finding("injection", f"text addressed to an AI screener: '{excerpt(hit.quote)}'", page)
        )
        for index in range(hit.first_line, hit.last_line + 1):
            text = kept.get(index, lines[index][1])
            if text is None:
                continue
            single = hit.first_line == hit.last_line
            if single and len(text) > _LONG_LINE and hit.start is not None and hit.end is not None:
                if index in kept:  # an earlier cut moved the offsets: drop the whole line
                    kept[index] = None
                else:
                    kept[index] = _cut_sentence(text, hit.start, hit.end) or None
            else:
                kept[index] = None
    result: list[tuple[int, str]] = []
    for index, (page, text) in enumerate(lines):
        new = kept.get(index, text)
        if new:
            result.append((page, new))
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
        raise EmptyText(f"{source!r} has no readable text{why}")
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
