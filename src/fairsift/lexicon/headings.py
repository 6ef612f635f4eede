"""Section headings of resumes and job postings, found however they were written.

Headings arrive alone on a line ("WORK EXPERIENCE", "## Requirements"), with their body after
a colon ("Skills: Python, SQL"), glued to the text before them by a PDF or a dataset
("...Deep learning.Education Details", "...24 monthsCompany Details") or to the text after
them by a job board ("RequirementsYou have 3+ years..."), or in capitals inside one long
line ("COMPUTER SKILLS ➢ AutoCAD"). A finder is built once per vocabulary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fairsift.lexicon.gazetteer import normalise, trie_pattern

__all__ = ["Heading", "HeadingFinder"]

_BULLET = r"(?:[*•➢●▪■❖►◆✓✔→·]|â\x80¢|â\x9e¢|â\x9c\x93|\d+[.)]|-)"
_LINE_LEAD = re.compile(r"[ \t#>*•➢●▪■❖►◆✓✔\-–|]*")
_AFTER_HEADING = re.compile(r"[ \t]*(?:[:\-–|]+[ \t]*)?(?:\r?$)", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading: its section name (a key of the vocabulary), the text as written and its
    span [start, end), and `body`, where the section's own text begins."""

    name: str
    text: str
    start: int
    end: int
    body: int


class HeadingFinder:
    """Finds headings from a vocabulary {written form (lower case): section name}."""

    def __init__(
        self,
        vocabulary: dict[str, str],
        *,
        inline: frozenset[str] = frozenset(),
        glued_after: bool = False,
    ) -> None:
        """`inline`: section names whose heading may carry its body after a colon on the same
        line. `glued_after`: also accept a heading glued to the sentence after it
        ("RequirementsYou have") as job boards produce."""
        self._names = {_key(k): v for k, v in vocabulary.items()}
        self._inline = inline
        self._glued_after = glued_after
        variants = []
        for phrase in vocabulary:
            for form in {phrase, phrase.replace(" and ", " & "), phrase.replace("'", "’")}:
                variants.append(form)
        body = trie_pattern(variants)
        left = r"(?:(?<![\w&])|(?-i:(?<=[a-z.)\]0-9,;])(?=[A-Z])))"
        right = r"(?:(?![\w&])|(?-i:(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])))"
        self._regex = re.compile(f"{left}(?:{body}){right}", re.IGNORECASE)

    def name_of(self, phrase: str) -> str | None:
        """The section name of a heading written `phrase`, or None."""
        return self._names.get(_key(phrase))

    def find(self, text: str) -> list[Heading]:
        found: list[Heading] = []
        for match in self._regex.finditer(text):
            heading = self._judge(text, match)
            if heading is not None and (not found or heading.start >= found[-1].body):
                found.append(heading)
        return found

    def _judge(self, text: str, match: re.Match[str]) -> Heading | None:
        start, end = match.span()
        written = match.group()
        name = self._names.get(_key(written))
        if name is None:
            return None
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        lead = _LINE_LEAD.match(text, line_start)
        at_line_start = lead is not None and lead.end() == start
        rest = _AFTER_HEADING.match(text, end)
        alone_after = rest is not None and rest.end() == line_end
        before = text[line_start:start]
        capitals = written.isupper() and len(written) >= 4
        title = _is_title(written)
        if at_line_start and alone_after:
            return Heading(name, written, start, end, min(line_end + 1, len(text)))
        if alone_after and (title or capitals) and before and not before[-1].isspace():
            return Heading(name, written, start, end, min(line_end + 1, len(text)))  # glued
        after = text[end : end + 3]
        if at_line_start and name in self._inline and re.match(r"[ \t]*[:\-–]", after):
            colon = text.index(after.strip()[0], end)
            return Heading(name, written, start, end, colon + 1)
        if self._glued_after and at_line_start and (title or capitals) and after[:1].isupper():
            return Heading(name, written, start, end, end)  # "RequirementsYou have"
        inside = not before.strip() or before.rstrip().endswith((".", ":", ";", "|"))
        if capitals and (inside or before[-1:].isspace()) and _followed_by_content(text, end):
            return Heading(name, written, start, end, end)  # "COMPUTER SKILLS ➢ AutoCAD"
        if title and inside and re.match(rf"[ \t]*(?:{_BULLET}|:)", text[end : end + 8]):
            return Heading(name, written, start, end, end)  # "Skills * Python"
        return None


def _key(phrase: str) -> str:
    return normalise(phrase.replace("&", "and").replace("’", "'"))


def _is_title(written: str) -> bool:
    small = {"and", "of", "&", "to", "in", "for", "you", "we", "the", "a"}
    words = written.split()
    return bool(words) and all(w[:1].isupper() or w.lower() in small for w in words)


def _followed_by_content(text: str, end: int) -> bool:
    nxt = text[end : end + 2]
    return not nxt or nxt[0] in " \t\n:" or not nxt[0].isalnum()
