"""A gazetteer: canonical names with aliases, found in text by one compiled regex.

The aliases are folded into a character trie and emitted as a single regex, so a search
costs one pass over the text however many aliases there are (a flat alternation of
thousands of strings would be tried one by one at every position).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

from fairsift.lexicon.mention import Mention

__all__ = ["Gazetteer", "GazetteerSet", "load_gazetteer", "normalise", "trie_pattern"]

# Spaces and hyphens inside an alias match any short run of spaces or hyphens, or none:
# "machine learning", "machine-learning" and "MachineLearning" are one skill.
_SEP = "\x00"
_SEP_PATTERN = r"[\s\-]{0,3}"
_SEP_CHARS = re.compile(r"[\s\-]+")

# Not inside a word. After a name, a lower-to-upper case change also ends the word, because
# text copied from PDFs and job boards glues words ("SQLExperience", "PythonDeveloper").
# (The same rule before a name costs a third of the scan time and is left out.)
_LEFT = r"(?=[\w.])(?<![\w])"
_RIGHT = r"(?:(?![\w+#])|(?=\d)|(?-i:(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])))"
_YEAR_AFTER = re.compile(r"\s*(?:19|20)\d\d\b")
_INITIAL_AFTER = re.compile(r"\.\s?[A-Z]\b")


def normalise(term: str) -> str:
    """The lookup key of a term: lower case, without spaces or hyphens."""
    return _SEP_CHARS.sub("", term.strip().lower())


@dataclass(frozen=True, slots=True)
class _Entry:
    canonical: str
    strict: str | None  # the exact spelling a case-sensitive alias must have


class Gazetteer:
    """Canonical names with aliases, searchable in one pass."""

    def __init__(self, rows: list[tuple[str, str, list[str]]], *, source: str) -> None:
        """`rows` are (category, canonical, aliases); an alias or canonical written "=Name"
        matches only with that exact capitalisation. Raises ValueError on a clash."""
        self.source = source
        self._entries: dict[str, _Entry] = {}
        self._aliases: dict[str, tuple[str, ...]] = {}
        self._category: dict[str, str] = {}
        self._lookup: dict[str, str] = {}
        patterns: set[str] = set()
        for category, raw_canonical, raw_aliases in rows:
            canonical = raw_canonical.removeprefix("=")
            if canonical in self._aliases:
                raise ValueError(f"{source}: {canonical!r} is listed twice")
            self._category[canonical] = category
            written: list[str] = []
            for raw in [raw_canonical, *raw_aliases]:
                strict = raw.startswith("=")
                alias = raw.removeprefix("=")
                key = normalise(alias)
                if not key:
                    continue
                entry = _Entry(canonical, alias if strict else None)
                known = self._entries.get(key)
                if known is not None and known.canonical != canonical:
                    raise ValueError(
                        f"{source}: alias {alias!r} of {canonical!r} "
                        f"is already an alias of {known.canonical!r}"
                    )
                if known is None or known.strict is not None:
                    self._entries[key] = entry
                self._lookup.setdefault(key, canonical)
                written.append(alias)
                patterns.add(_SEP.join(_SEP_CHARS.split(alias.lower().strip())))
            self._aliases[canonical] = tuple(dict.fromkeys(written))
        self.patterns = frozenset(patterns)  # aliases, lower case, split at separators
        self._regex = _compile(patterns)

    @property
    def names(self) -> tuple[str, ...]:
        """Every canonical name, in file order."""
        return tuple(self._aliases)

    def aliases(self, canonical: str) -> tuple[str, ...]:
        """The canonical name and its aliases as written; () for an unknown name."""
        return self._aliases.get(canonical, ())

    def category(self, canonical: str) -> str | None:
        return self._category.get(canonical)

    def canonical(self, term: str) -> str | None:
        """The canonical name of `term` (any alias, any case), or None."""
        return self._lookup.get(normalise(term))

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Mention]:
        """Every mention in `text` (starting in [start, end)), left to right, longest alias
        first, not overlapping."""
        found: list[Mention] = []
        stop = len(text) if end is None else min(len(text), end + 60)
        for match in self._regex.finditer(text, start, stop):
            if end is not None and match.start() >= end:
                break
            mention = self.mention(text, match)
            if mention is not None:
                found.append(mention)
        return found

    def owns(self, key: str) -> bool:
        """Whether `key` (see normalise) is one of this gazetteer's aliases."""
        return key in self._entries

    def mention(self, text: str, match: re.Match[str]) -> Mention | None:
        """The mention a regex match of one of this gazetteer's aliases makes, or None."""
        entry = self._entries.get(normalise(match.group()))
        if entry is None:
            return None
        if entry.strict is not None and not _strict_ok(text, match, entry.strict):
            return None
        return Mention(entry.canonical, match.start(), match.end())


class GazetteerSet:
    """Several gazetteers searched in one pass over the text, each keeping its own results
    as if searched alone: where one gazetteer's longer name covers another's ("Six Sigma
    Green Belt" over "Six Sigma"), the covered stretch is searched again for the others."""

    def __init__(self, gazetteers: dict[str, Gazetteer]) -> None:
        self.gazetteers = gazetteers
        patterns: set[str] = set().union(*(g.patterns for g in gazetteers.values()))
        self._regex = _compile(patterns)
        # Which (gazetteer, name found) pairs need that second search: only where the
        # gazetteer finds something inside the other's alias. Worked out once, here.
        self._rescan: set[tuple[str, str]] = set()
        for pattern in patterns:
            phrase = pattern.replace(_SEP, " ")
            key = normalise(phrase)
            for name, gazetteer in gazetteers.items():
                if gazetteer.owns(key):
                    continue
                forms = (phrase, phrase.title(), phrase.upper())
                if any(gazetteer.find(form) for form in forms):
                    self._rescan.add((name, key))

    def scan(self, text: str) -> dict[str, list[Mention]]:
        found: dict[str, list[Mention]] = {name: [] for name in self.gazetteers}
        for match in self._regex.finditer(text):
            key = normalise(match.group())
            for name, gazetteer in self.gazetteers.items():
                mention = gazetteer.mention(text, match)
                if mention is not None:
                    mentions = [mention]
                elif gazetteer.owns(key) or (name, key) in self._rescan:
                    mentions = gazetteer.find(text, match.start(), match.end())
                else:
                    continue
                kept = found[name]
                for mention in mentions:
                    if not kept or mention.start >= kept[-1].end:
                        kept.append(mention)
        return found


def _strict_ok(text: str, match: re.Match[str], spelling: str) -> bool:
    """A case-sensitive alias (Go, R, Excel) must be spelt exactly so, must not be a
    season or initial ("Spring 2019", "R. K. Rao") and a lone letter must stand alone."""
    if _SEP_CHARS.sub("", match.group()) != _SEP_CHARS.sub("", spelling):
        return False
    start, end = match.span()
    if _YEAR_AFTER.match(text, end) or text[end : end + 1] == "-":
        return False
    if len(spelling) == 1:
        after = text[end : end + 1]
        before = text[start - 1 : start] if start else ""
        if after.isdigit() or after in {"&", "'", "’", "-"} or before in {".", "&", "'", "’", "-"}:
            return False
        if _INITIAL_AFTER.match(text, end):
            return False
    return True


_Trie = dict[str, "_Trie"]


def _compile(patterns: set[str] | frozenset[str]) -> re.Pattern[str]:
    body = _trie_regex(sorted(patterns))  # patterns are already split at separators
    return re.compile(f"{_LEFT}(?:{body}){_RIGHT}", re.IGNORECASE)


def trie_pattern(phrases: list[str]) -> str:
    """A regex body matching any of `phrases` (lower case; spaces and hyphens inside them
    match a short run of spaces or hyphens, or none), factored by common prefix."""
    return _trie_regex(sorted({_SEP.join(_SEP_CHARS.split(p.lower().strip())) for p in phrases}))


def _trie_regex(patterns: list[str]) -> str:
    """One regex matching exactly `patterns`, factored by common prefix."""
    trie: _Trie = {}
    for pattern in patterns:
        node = trie
        for char in pattern:
            node = node.setdefault(char, {})
        node[""] = {}  # the empty key marks the end of a pattern
    return _emit(trie)


def _emit(node: _Trie) -> str:
    branches = [
        (_SEP_PATTERN if char == _SEP else re.escape(char)) + _emit(child)
        for char, child in sorted(node.items())
        if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" not in node:
        return body
    # Greedy, so the longer alias is tried first; the engine backs off if it fails.
    return body + "?" if len(branches) > 1 else f"(?:{body})?"


def load_gazetteer(filename: str) -> Gazetteer:
    """Read a bundled gazetteer file from fairsift/data: "[category]" lines start a
    category, other lines are "Canonical | alias | alias", "#" starts a comment."""
    text = resources.files("fairsift").joinpath("data", filename).read_text(encoding="utf-8")
    rows: list[tuple[str, str, list[str]]] = []
    category = ""
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            category = line[1:-1].strip()
            continue
        names = [part.strip() for part in line.split("|")]
        rows.append((category, names[0], [n for n in names[1:] if n]))
    return Gazetteer(rows, source=filename)
