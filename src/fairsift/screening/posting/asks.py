"""What one requirement or duty sentence asks for: one Requirement per thing asked.

    sentence ─► clauses (semicolons, "ideally ...", a trailing "(Hindi is a plus)")
             ─► two asks in one clause are cut apart at the "and" / comma between them
                ("5+ years of Python and a BSc in Computer Science")
             ─► kind from what the clause asks for: experience (years), degree, certification,
                language, skill (named in the lexicon) or other; must or nice

Every requirement's text is a quote of the sentence. "A high degree of autonomy" does not
ask for a degree; "a 3-year LL.B." is a degree, not three years of experience.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from typing import Any

from fairsift.domain import Importance, Requirement
from fairsift.lexicon import (
    LEVEL_RANK,
    find_certifications,
    find_degrees,
    find_languages,
    find_skills,
)

__all__ = ["MUST_WEIGHT", "NICE_WEIGHT", "asks", "years_in"]

MUST_WEIGHT = 1.0
NICE_WEIGHT = 0.5

_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "fifteen": 15}  # fmt: skip
_N = r"(?:\d{1,2}(?:\.\d)?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen)"
_YEARS = re.compile(
    rf"(?:(?:minimum|min\.?|at\s+least|over|more\s+than)\s+(?:of\s+)?)?"
    rf"\(?(?P<n>{_N})\)?\s*(?:\+|plus)?\s*(?:[-–—]|to|or)?\s*(?:{_N}\s*\+?)?\s*"
    r"(?:years?|yrs?|jahre?n?|años|ans|jaar|år)(?:['’]s?)?\b(?!\s+old)",
    re.IGNORECASE,
)
_NICE_CUE = re.compile(
    r"\b(?:preferred|preferably|a\s+plus|is\s+a\s+plus|plus\s+point|an?\s+(?:added\s+)?advantage|"
    r"advantageous|nice[\s\-]to[\s\-]have|good[\s\-]to[\s\-]have|bonus|ideally|desirable|"
    r"desired|would\s+be\s+(?:great|nice|helpful|good)|beneficial|optional|helpful|"
    r"not\s+(?:required|mandatory|essential))\b",
    re.IGNORECASE,
)
# "degree" that asks for one; not "a high degree of autonomy", "to some degree", "360-degree".
_DEGREE_WORDS = re.compile(
    r"\b(?:(?:any\s+)?graduat(?:e|ion)(?!\s+(?:trainee|program|scheme|engineer|student|intern))|"
    r"(?<![\w-])degree(?!\s+of\b)(?<!high\sdegree)(?<!some\sdegree)(?<!certain\sdegree)"
    r"(?<!great\sdegree)(?<!large\sdegree)(?<!-degree))",
    re.IGNORECASE,
)
_FIELDS_AFTER_IN = re.compile(
    r"\b(?:in|of)\s+(?P<fields>[A-Z][^;.\n]{2,120}?)"
    r"(?=\s*(?:,?\s*or\s+(?:a\s+|an\s+|any\s+)?(?:related|equivalent|similar|relevant|other|"
    r"any|allied)|[;.\n(]|,?\s*(?:with|and\s+\d|preferred|required|from)\b|$))",
)
_BROAD_FIELD = re.compile(r"^(?:Science|Arts|Engineering|Technology|Commerce)\s+in\s+")
_CERT_WORDS = re.compile(r"\bcertif|\blicen[cs]e|\blicensed\b|\bregistered\b", re.IGNORECASE)
# Where a clause ends: semicolons, sentence ends, "(Required)" tags of job boards.
_CLAUSE_END = re.compile(
    r"\s*;\s*|(?-i:(?<=[a-z0-9)])(?<![\s.(][a-z])\.\s+(?=[A-Z]))|(?:(?<=\(required\))|(?<=\(preferred\))|"
    r"(?<=\(mandatory\))|(?<=\(must\)))\s+(?=[A-Z])|[,;]?\s+(?=(?:ideally|preferably)\b)",
    re.IGNORECASE,
)
_ALTERNATIVE = re.compile(
    r"\s*\([^()]*\b(?:may|can)(?:\s+also)?\s+(?:apply|be\s+considered)[^()]*\)|"
    r"\s*\([^()]*\bor\s+equivalent[^()]*\)",
    re.IGNORECASE,
)
_TRAILING_ASIDE = re.compile(r"\s*\(([^()]{3,})\)\s*[.;]?\s*$")
_TAG_ONLY = re.compile(r"\s*(?:preferred|required|mandatory|optional|desired|a\s+plus)\s*", re.I)
# Between two asks: "and", "as well as", "plus", a comma or a slash followed by a new ask.
_JOINER = re.compile(r",?\s+(?:and|as\s+well\s+as|along\s+with|plus|&)\s+|,\s+|\s*/\s*", re.I)
# "a 3-year LL.B.", "4-year degree": an adjective, not experience.
_ADJECTIVE_YEAR = re.compile(r"\d-year\b(?!s)", re.IGNORECASE)
_STRIP = " \t|·,;:-–—."
_MIN_CHARS = 3


def asks(sentence: str, *, nice: bool, weight: float | None = None) -> list[Requirement]:
    """The requirements one sentence holds. `nice`: it sits under a "nice to have" heading;
    `weight`: the weight of a must (a nice one weighs half of it)."""
    found: list[Requirement] = []
    for clause in _clauses(sentence):
        for piece in _two_asks(clause):
            found += _requirement(piece, nice=nice, weight=weight)
    return found


def years_in(text: str) -> float | None:
    """Years of experience a text asks for ("5+ years", "two years"), or None."""
    match = next((m for m in _YEARS.finditer(text) if not _ADJECTIVE_YEAR.search(m.group())), None)
    if match is None:
        return None
    raw = match.group("n").lower()
    value = float(_NUMBER_WORDS[raw]) if raw in _NUMBER_WORDS else float(raw)
    return value if 0 < value <= 40 else None


def _clauses(sentence: str) -> list[str]:
    """A sentence cut where one ask ends: "Graduate in Commerce; MBA preferred" holds a must
    and a nice. Short fragments stay with the clause before them (as one quote)."""
    asides: list[str] = []
    aside = _TRAILING_ASIDE.search(sentence)
    if aside and _NICE_CUE.search(aside.group(1)) and not _TAG_ONLY.fullmatch(aside.group(1)):
        asides.append(aside.group(1))  # "Tamil and English (Hindi is a plus)"
        sentence = sentence[: aside.start()]
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _CLAUSE_END.finditer(sentence):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(sentence)))
    merged: list[tuple[int, int]] = []
    for begin, end in spans:
        if not sentence[begin:end].strip(_STRIP):
            continue
        if merged and len(sentence[begin:end].split()) < 2:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((begin, end))
    return [sentence[b:e].strip(_STRIP) for b, e in merged] + asides


def _kinds_at(text: str) -> list[tuple[int, str]]:
    """(position, kind) of each structured ask in a clause: years, degrees, certifications,
    languages, and named skills when one of those is there too."""
    text = _ALTERNATIVE.sub(lambda m: " " * len(m.group()), text)
    at: list[tuple[int, str]] = []
    for match in _YEARS.finditer(text):
        if not _ADJECTIVE_YEAR.search(match.group()):
            at.append((match.start(), "experience"))
    at += [(m.start, "degree") for m in find_degrees(text)]
    at += [(m.start(), "degree") for m in _DEGREE_WORDS.finditer(text)]
    at += [(m.start, "certification") for m in find_certifications(text)]
    at += [(m.start, "language") for m in find_languages(text, context=False)]
    if at:  # "Experience with Python and fluent English": a skill beside another ask
        at += [(m.start, "skill") for m in find_skills(text)]
    return sorted(set(at))


def _two_asks(clause: str) -> list[str]:
    """A clause that asks for two different things, cut at the joiner between them."""
    at = _kinds_at(clause)
    for (first, kind_a), (second, kind_b) in itertools.pairwise(at):
        if kind_a == kind_b:
            continue
        joiners = [m for m in _JOINER.finditer(clause, first, second) if m.start() > first]
        if not joiners:
            continue
        cut = joiners[-1]
        left, right = clause[: cut.start()].strip(_STRIP), clause[cut.end() :].strip(_STRIP)
        if len(left.split()) >= 2 and len(right.split()) >= 2:
            return [left, *_two_asks(right)]
    return [clause]


def _requirement(text: str, *, nice: bool, weight: float | None) -> list[Requirement]:
    text = text.strip(_STRIP)
    if len(text) < _MIN_CHARS or not re.search(r"[^\W\d_]", text):
        return []
    plain = _ALTERNATIVE.sub("", text)  # "(Diploma holders with 6+ years may apply)"
    importance: Importance = "nice" if nice or _NICE_CUE.search(plain) else "must"
    must = MUST_WEIGHT if weight is None else weight
    skills = _unique(m.canonical for m in find_skills(plain))
    years = years_in(plain)
    degree = _degree(plain)
    certifications = _unique(m.canonical for m in find_certifications(plain))
    languages = _unique(m.canonical for m in find_languages(plain, context=False))
    found: list[tuple[str, dict[str, Any]]] = []
    if years is not None:
        found.append(("experience", {"years": years, "terms": skills}))
    if degree is not None:
        found.append(("degree", {"level": degree[0], "subject": degree[1]}))
    if certifications or (_CERT_WORDS.search(plain) and not found):
        found.append(("certification", {"terms": certifications}))
    if languages:
        found.append(("language", {"terms": languages}))
    if not found:
        found.append(("skill" if skills else "other", {"terms": skills}))
    # Two asks the wording does not let us cut apart ("a degree with 3 years in sales") stay
    # one quote, read once per thing asked.
    return [
        Requirement(
            text=text,
            kind=kind,
            importance=importance,
            weight=must * (NICE_WEIGHT if importance == "nice" else 1.0),
            **fields,
        )
        for kind, fields in found
    ]


def _degree(text: str) -> tuple[str, str | None] | None:
    """(lowest level asked, field(s) of study) for a clause that asks for a degree."""
    mentions = find_degrees(text)
    levels = [m.level for m in mentions]
    if _DEGREE_WORDS.search(text):
        levels.append("bachelor")  # "Graduate in Commerce", "a degree in Nursing"
    if not levels:
        return None
    level = min(levels, key=LEVEL_RANK.__getitem__)
    fields = _FIELDS_AFTER_IN.search(text)
    subject = None
    if fields is not None and not re.match(r"any\b", fields.group("fields"), re.I):
        named = _BROAD_FIELD.sub("", fields.group("fields"))  # "Science in Nursing"
        subject = re.sub(r",?\s+or\s*$|\s+and\s*$", "", named).strip(" ,")
        subject = re.split(r",?\s+or\s+an?\s+", subject)[0]  # "..., or a Master's in ..."
        subject = re.sub(r",?\s+or\s+(?=[A-Z])", ", ", subject)
    if not subject:  # a field written out beats one implied by "MCA" or "B.Com"
        written = [m.subject for m in mentions if m.subject and m.subject.lower() in text.lower()]
        subject = next(iter(written), None) or next(
            (m.subject for m in mentions if m.subject), None
        )
    if subject and re.match(r"any\b", subject, re.IGNORECASE):
        subject = None  # "in any stream", "Any Specialization"
    return level, subject


def _unique(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))
