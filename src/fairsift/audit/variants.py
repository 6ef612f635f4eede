"""Counterfactual resumes: the same resume, with only who the person seems to be changed.

    resume text ─► where it says who the person is (name, e-mail and links, home address,
                   pronouns and gender, age, date of birth, graduation years), found once on
                   the text as written
                ─► one variant per identity: those places rewritten; where the resume says
                   nothing of the kind, one line is added under the name (every variant of
                   that kind gets the line, so they differ only in its value)

Kinds: name (given name and surname across groups of gender and ethnicity; e-mail and links
follow the name), pronouns (a "Pronouns:" line, gender fields and third-person pronouns in
the text), age (graduation years shifted and date of birth or age so the person seems 25 to
65), address (home address in the header).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

from fairsift.privacy import Redaction, redact

__all__ = ["KINDS", "Identity", "Variant", "identities", "make_variants"]

KINDS = ("name", "pronouns", "age", "address")

_HEADING = re.compile(
    r"^[\s#*>|_-]*(?:summary|professional summary|profile|objective|career objective|about me|"
    r"experience|work experience|employment|work history|education|skills|technical skills|"
    r"key skills|projects|certifications|personal details|personal information)\b",
    re.IGNORECASE,
)
_HEADER_LINES = 6
_SHORT_LINE = 100
_PRONOUN = re.compile(r"\b(?:he|him|his|himself|she|her|hers|herself)\b", re.IGNORECASE)
_FORMS: dict[str, dict[str, str]] = {
    # role → word, per target; "her" is possessive before a word, an object otherwise.
    "she/her": {"subj": "she", "obj": "her", "poss": "her", "pron": "hers", "refl": "herself"},
    "he/him": {"subj": "he", "obj": "him", "poss": "his", "pron": "his", "refl": "himself"},
    "they/them": {
        "subj": "they", "obj": "them", "poss": "their", "pron": "theirs", "refl": "themselves"
    },
}  # fmt: skip
_ROLE = {"he": "subj", "she": "subj", "him": "obj", "himself": "refl", "herself": "refl",
         "hers": "pron"}  # fmt: skip
_YEAR = re.compile(r"(?:19|20)\d\d")
_NUMBER = re.compile(r"\d{1,3}")


@dataclass(frozen=True, slots=True)
class Identity:
    """One value of one kind: `label` says what it is ("Lakisha Washington", "she/her",
    "age 45", "Harlem, Manhattan"); `group` what it stands for ("Black-associated, female")."""

    kind: str
    label: str
    group: str
    value: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Variant:
    """A rewritten resume; `values` are the identity strings written into it."""

    kind: str
    label: str
    group: str
    text: str
    values: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def _pools() -> dict[str, Any]:
    text = (resources.files("fairsift") / "data" / "audit-counterfactual.json").read_text(
        encoding="utf-8"
    )
    data: dict[str, Any] = json.loads(text)
    return data


def identities(names_per_group: int | None = None) -> dict[str, list[Identity]]:
    """The identities of each kind; `names_per_group` keeps the first n names of each
    (group, gender) pair, for quicker runs."""
    pools = _pools()
    names: list[Identity] = []
    seen: dict[tuple[str, str], int] = {}
    for item in pools["names"]:
        key = (item["group"], item["gender"])
        seen[key] = seen.get(key, 0) + 1
        if names_per_group is not None and seen[key] > names_per_group:
            continue
        label = f"{item['given']} {item['surname']}"
        names.append(Identity("name", label, f"{item['group']}, {item['gender']}", item))
    return {
        "name": names,
        "pronouns": [Identity("pronouns", p["label"], p["label"], p) for p in pools["pronouns"]],
        "age": [Identity("age", f"age {a}", f"age {a}", {"age": a}) for a in pools["ages"]],
        "address": [Identity("address", a["label"], a["label"], a) for a in pools["addresses"]],
    }


# --- where the resume says who the person is ----------------------------------------------


@dataclass(frozen=True)
class _Profile:
    name: tuple[int, int] | None
    contacts: tuple[tuple[int, int], ...]
    home: tuple[int, int] | None
    graduation_years: tuple[tuple[int, int], ...]
    ages: tuple[tuple[int, int], ...]
    births: tuple[tuple[int, int], ...]
    genders: tuple[tuple[int, int], ...]
    insert_at: int


def _header_end(text: str) -> int:
    offset = 0
    seen = 0
    for line in text.splitlines(keepends=True):
        if line.strip():
            if seen and _HEADING.match(line):
                return offset
            seen += 1
            if seen > _HEADER_LINES:
                return offset
        offset += len(line)
    return offset


def _line(text: str, offset: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, len(text) if end < 0 else end


def _home(
    text: str, header: int, spans: Sequence[Redaction], name: tuple[int, int] | None
) -> tuple[int, int] | None:
    """The first run of places in the header that is on a line with the candidate's name or
    contact details, or alone on its line: where a person writes where they live. A place
    beside a college or an employer is not a home address."""
    places = sorted((r.start, r.end) for r in spans if r.kind in ("address", "location"))
    contacts = [r.start for r in spans if r.kind in ("email", "phone", "url")]
    contacts += [name[0]] if name is not None else []
    runs: list[tuple[int, int]] = []
    for start, end in places:
        if start >= header:
            break
        gap = text[runs[-1][1] : start] if runs else ""
        if runs and re.fullmatch(r"[ \t,]*", gap):
            runs[-1] = (runs[-1][0], end)  # "Indore, Madhya Pradesh" is one place
        else:
            runs.append((start, end))
    for start, end in runs:
        while end > start and text[end - 1] in " ,":
            end -= 1
        line_start, line_end = _line(text, start)
        if line_end - line_start > 2 * _SHORT_LINE:
            continue  # a paragraph, not a contact line
        rest = (text[line_start:start] + text[end:line_end]).strip(" \t,.:;|·-")
        alone = re.fullmatch(r"(?:(?:home\s+)?address|location|residence|lives?\s+in)?", rest, re.I)
        if alone or any(line_start <= c < line_end for c in contacts):
            return start, end
    return None


def _short_line(text: str, offset: int, limit: int = _SHORT_LINE) -> bool:
    start, end = _line(text, offset)
    return len(text[start:end].strip()) <= limit


_HONORIFIC = re.compile(r"(?:mr|mrs|ms|miss|mx|sri|shri|smt)\.?", re.IGNORECASE)


def _profile(text: str) -> _Profile:
    spans = redact(text).redactions
    header = _header_end(text)
    # The candidate's name heads the resume on a short line of its own (with a label or
    # contact details at most); a name inside running text is someone else's.
    names = [
        (r.start, r.end)
        for r in spans
        if r.kind == "name" and r.start < header and _short_line(text, r.start)
    ]
    name = names[0] if names else None
    insert_at = 0
    if name is not None:
        newline = text.find("\n", name[1])
        insert_at = len(text) if newline < 0 else newline + 1

    def kind(*kinds: str) -> tuple[tuple[int, int], ...]:
        return tuple((r.start, r.end) for r in spans if r.kind in kinds)

    # "Mr." before someone else's name (a supervisor, a referee) is not the candidate's.
    genders = tuple(
        (s, e) for s, e in kind("gender") if s < header or not _HONORIFIC.fullmatch(text[s:e])
    )
    return _Profile(
        name=name,
        contacts=kind("email", "url"),
        home=_home(text, header, spans, name),
        graduation_years=kind("graduation_year"),
        ages=kind("age"),
        births=kind("date_of_birth"),
        genders=genders,
        insert_at=insert_at,
    )


# --- rewriting ----------------------------------------------------------------------------


def _apply(text: str, edits: list[tuple[int, int, str]], insert: str = "", at: int = 0) -> str:
    """Replace non-overlapping [start, end) spans (later edits that overlap earlier ones are
    dropped), then insert `insert` at `at` (an offset in the original text)."""
    edits = sorted(edits)
    kept: list[tuple[int, int, str]] = []
    for edit in edits:
        if kept and edit[0] < kept[-1][1]:
            continue
        kept.append(edit)
    if insert:
        kept.append((at, at, insert))
        kept.sort(key=lambda e: (e[0], e[1] > e[0]))
    out, last = [], 0
    for start, end, new in kept:
        out.append(text[last:start])
        out.append(new)
        last = end
    out.append(text[last:])
    return "".join(out)


def _ascii(word: str) -> str:
    folded = unicodedata.normalize("NFKD", word)
    return "".join(c for c in folded if c.isascii() and (c.isalnum() or c == "-")).lower()


def _like(model: str, word: str) -> str:
    """`word` in the case style of `model` (UPPER, lower or as written)."""
    if model.isupper():
        return word.upper()
    if model.islower():
        return word.lower()
    return word


def _name_edits(text: str, p: _Profile, given: str, surname: str) -> tuple[list[Any], str]:
    if p.name is None:
        return [], f"{given} {surname}\n"
    written = text[p.name[0] : p.name[1]]
    words = written.split()
    old_given, old_surname = words[0], words[-1] if len(words) > 1 else ""
    edits: list[tuple[int, int, str]] = []
    for start, end in p.contacts:  # e-mail and links follow the name, in ASCII
        piece = text[start:end]
        # The surname anywhere ("asorrentel"), the given name only as a word ("dev.k").
        if len(old_surname) > 2:
            piece = re.sub(re.escape(_ascii(old_surname)), _ascii(surname), piece, flags=re.I)
        if len(old_given) > 1:
            piece = re.sub(
                rf"(?<![a-z]){re.escape(_ascii(old_given))}(?![a-z])",
                _ascii(given),
                piece,
                flags=re.I,
            )
        edits.append((start, end, piece))
    full = f"{given} {surname}"
    for m in re.finditer(re.escape(written), text, re.IGNORECASE):
        edits.append((m.start(), m.end(), _like(m.group(), full)))
    if len(old_surname) > 2:
        for m in re.finditer(rf"\b{re.escape(old_surname)}\b", text, re.IGNORECASE):
            edits.append((m.start(), m.end(), _like(m.group(), surname)))
    return edits, ""


def _pronoun_edits(text: str, p: _Profile, label: str, gender: str) -> list[Any]:
    forms = _FORMS[label]
    edits: list[tuple[int, int, str]] = []
    for m in _PRONOUN.finditer(text):
        word = m.group().lower()
        if word in ("his", "her"):
            after = re.match(r"\s+[A-Za-z]", text[m.end() :])
            role = "poss" if after else ("obj" if word == "her" else "pron")
        else:
            role = _ROLE[word]
        new = forms[role]
        new = new.capitalize() if m.group()[0].isupper() else new
        edits.append((m.start(), m.end(), new))
    for start, end in p.genders:
        written = text[start:end]
        if _HONORIFIC.fullmatch(written):
            value = {"she/her": "Ms", "he/him": "Mr"}.get(label, "Mx")
            value += "." if written.endswith(".") else ""
        elif "/" in written:
            value = label
        elif len(written.rstrip(".")) == 1:  # "Sex: F"
            value = gender[0]
        else:
            value = gender
        edits.append((start, end, _like(written, value)))
    return edits


def _age_edits(text: str, p: _Profile, age: int, as_of: date) -> tuple[list[Any], str]:
    edits: list[tuple[int, int, str]] = []
    years = [int(text[s:e]) for s, e in p.graduation_years if _YEAR.fullmatch(text[s:e])]
    if years:
        shift = (as_of.year - age + 22) - max(years)  # last degree at 22 in the apparent age
        for start, end in p.graduation_years:
            if _YEAR.fullmatch(text[start:end]):
                edits.append((start, end, str(int(text[start:end]) + shift)))
    born = as_of.year - age
    for start, end in p.births:
        piece = text[start:end]
        edits.append((start, end, _YEAR.sub(str(born), piece, count=1)))
    for start, end in p.ages:
        edits.append((start, end, _NUMBER.sub(str(age), text[start:end], count=1)))
    insert = "" if p.births or p.ages else f"Date of birth: 14 March {born}\n"
    return edits, insert


def make_variants(
    text: str,
    kinds: Sequence[str] = KINDS,
    names_per_group: int | None = None,
    as_of: date | None = None,
) -> list[Variant]:
    """Every variant of `text` for each kind, in the order of `identities()`."""
    p = _profile(text)
    as_of = as_of or date.today()
    pools = identities(names_per_group)
    out: list[Variant] = []
    for kind in kinds:
        for who in pools[kind]:
            insert = ""
            if kind == "name":
                given, surname = str(who.value["given"]), str(who.value["surname"])
                edits, insert = _name_edits(text, p, given, surname)
                values: tuple[str, ...] = (given, surname, _ascii(given), _ascii(surname))
            elif kind == "pronouns":
                edits = _pronoun_edits(text, p, who.value["label"], who.value["gender"])
                insert = f"Pronouns: {who.value['label']}\n"
                values = (who.value["label"], who.value["gender"])
            elif kind == "age":
                edits, insert = _age_edits(text, p, int(who.value["age"]), as_of)
                values = ()
            else:
                address = str(who.value["text"])
                if p.home is not None:
                    edits = [(p.home[0], p.home[1], address)]
                else:
                    edits, insert = [], f"{address}\n"
                values = (address,)
            rewritten = _apply(text, edits, insert, p.insert_at)
            if kind == "age":  # every number written in: the years and the age
                values = tuple({new for _, _, new in edits} | set(re.findall(r"\d+", insert)))
            out.append(Variant(kind, who.label, who.group, rewritten, values))
    return out
