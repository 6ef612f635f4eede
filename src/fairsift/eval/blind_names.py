"""Blind-mode evaluation, data builder: names of every region that blind mode was never given.

Names come from the shared world-names data (common forenames of 106 countries, surnames of
75; CC0), only from the rows that fairsift.privacy.name_split holds out of the bundled
gazetteer. Each is written into a real resume body (UpdatedResumeDataSet.csv) in the layouts
resumes really use: first line then headline, a "Name:" field, initials first or last, all
capitals, lower case, native script with its romanisation, text flattened onto one line (as
intake makes of a PDF without line breaks), a sign-off only, and as a referee (someone
else's name under "References"); the candidate's name is also spelled in the
e-mail's local part and a profile URL. Every inserted occurrence of the name is gold.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from fairsift.errors import InputError
from fairsift.privacy.build_world_names import read_world_names
from fairsift.privacy.lists import fold, lists
from fairsift.privacy.name_split import held_out

__all__ = ["NAME_LAYOUTS", "REGIONS", "NameSample", "WorldName", "held_out_names", "name_samples"]

NAMES_DIR = Path("names")

# Country code -> region, for the per-region figures.
REGIONS: dict[str, str] = {}
for _region, _codes in {
    "Africa (sub-Saharan)": "GQ ML ZA",
    "Middle East & North Africa": "AE DZ EG IL IQ IR JO KW LB LY MA SA TN",
    "South Asia": "BD IN LK NP PK",
    "East Asia": "CN JP KR MN TW",
    "Southeast Asia": "KH MY PH TH VN",
    "Central Asia & Caucasus": "AM AZ GE KG KZ TJ",
    "Eastern Europe": "BA BG BY CZ EE HR HU LT LV MD ME MK PL RO RS RU SI SK UA XK AL TR CY GR",
    "Western & Northern Europe": (
        "AD AT BE CH DE DK ES FI FO FR GB GG GI GL IE IM IS IT JE LI LU MC MT NL NO PT SM"
    ),
    "Latin America & Caribbean": (
        "AR AW BO BR CL CO CR CU DO EC GT HT JM MX PA PE PR PY SR SV UY VE"
    ),
    "North America & Oceania": "AU CA FJ NZ PF US",
}.items():
    for _code in _codes.split():
        REGIONS[_code] = _region


@dataclass(frozen=True, slots=True)
class WorldName:
    """A held-out given name and surname of one region; native spellings when they differ."""

    region: str
    country: str
    given: str
    surname: str
    native_given: str
    native_surname: str


@dataclass
class NameSample:
    """A resume with one held-out name written into it: gold spans of every occurrence."""

    text: str
    spans: list[tuple[int, int]]
    body: tuple[int, int]
    region: str
    layout: str
    known: bool  # every word of the name is in the bundled lists (by another source)


def held_out_names(data: Path, rng: random.Random, per_region: int) -> list[WorldName]:
    """`per_region` names for every region, given name and surname both held out, from the
    same country where it has both, else from the same region."""
    folder = data / NAMES_DIR if (data / NAMES_DIR).is_dir() else data
    if not (folder / "common-forenames-by-country.csv").is_file():
        raise InputError(f"world names not found in {folder}", "Pass --data with shared data")
    given: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    surnames: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for kind, country, native, roman in read_world_names(folder):
        if not held_out(roman) or country not in REGIONS:
            continue
        target = given if kind == "g" else surnames
        target[REGIONS[country]].append((country, native or roman, roman))
    out: list[WorldName] = []
    for region in sorted(set(REGIONS.values())):
        firsts = given.get(region, [])
        lasts = surnames.get(region, [])
        if not firsts or not lasts:
            continue
        for _ in range(per_region):
            country, native_g, roman_g = rng.choice(firsts)
            same = [s for s in lasts if s[0] == country] or lasts
            _, native_s, roman_s = rng.choice(same)
            out.append(WorldName(region, country, roman_g, roman_s, native_g, native_s))
    return out


def _slug(text: str) -> str:
    return "".join(c for c in fold(text).lower() if c.isalnum())


class _Doc:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.spans: list[tuple[int, int]] = []

    def add(self, text: str, gold: bool = False) -> None:
        if gold:
            self.spans.append((self.size, self.size + len(text)))
        self.parts.append(text)
        self.size += len(text)


Writer = Callable[[_Doc, WorldName, str, random.Random], None]
_HEADLINES = [
    "Software Engineer - Infosys Limited",
    "Senior Accountant",
    "Data Analyst | SQL, Python, Tableau",
    "Civil Engineer",
    "HR Executive",
    "Java Developer",
    "Mechanical Design Engineer - Tata Motors",
    "Sales and Marketing Professional",
]


def _contacts(doc: _Doc, who: WorldName, rng: random.Random) -> None:
    g, s = _slug(who.given) or "cand", _slug(who.surname) or "idate"
    local = rng.choice([f"{g}.{s}", f"{g}{s}{rng.randint(1, 99)}", f"{s}.{g}", f"{g}_{s}"])
    doc.add("Bengaluru, Karnataka | ")
    doc.add(f"{local}@gmail.com", gold=True)
    doc.add(" | +91 98450 12345 | ")
    doc.add(f"linkedin.com/in/{g}-{s}", gold=True)
    doc.add("\n")


def _first_line(doc: _Doc, who: WorldName, name: str, rng: random.Random) -> None:
    doc.add(name, gold=True)
    doc.add("\n" + rng.choice(_HEADLINES) + "\n")
    _contacts(doc, who, rng)


def _name_field(doc: _Doc, who: WorldName, name: str, rng: random.Random) -> None:
    doc.add("CURRICULUM VITAE\n\nPersonal Details\nName: ")
    doc.add(name, gold=True)
    doc.add("\nLanguages: English, Hindi\n")
    _contacts(doc, who, rng)


def _sign_off(doc: _Doc, who: WorldName, name: str, rng: random.Random) -> None:
    doc.add(rng.choice(_HEADLINES) + "\n")
    _contacts(doc, who, rng)


def _inline(doc: _Doc, who: WorldName, name: str, rng: random.Random) -> None:
    doc.add(name, gold=True)
    doc.add(" " + rng.choice(_HEADLINES).split(" - ")[0] + "\n")
    _contacts(doc, who, rng)


def _titled(doc: _Doc, who: WorldName, name: str, rng: random.Random) -> None:
    doc.add(rng.choice(["RESUME\n", "Curriculum Vitae\n", "Resume of ", "CV - "]))
    doc.add(rng.choice(["Dr. ", "Mr. ", "Ms. ", "Prof. ", ""]))  # a title is no identity
    doc.add(name, gold=True)
    doc.add("\n" + rng.choice(_HEADLINES) + "\n")
    _contacts(doc, who, rng)


def _referee(doc: _Doc, who: WorldName, name: str, rng: random.Random) -> None:
    doc.add("Ravi Menon\n" + rng.choice(_HEADLINES) + "\nravi.menon@example.com\n")


_LAYOUTS: dict[str, tuple[Writer, Callable[[WorldName], str]]] = {
    "first_line": (_first_line, lambda w: f"{w.given} {w.surname}"),
    "name_field": (_name_field, lambda w: f"{w.given} {w.surname}"),
    "initials_first": (_first_line, lambda w: f"{w.given[0]}. {w.surname}"),
    "initials_last": (_first_line, lambda w: f"{w.given} {w.surname[0]}."),
    "all_caps": (_first_line, lambda w: f"{w.given} {w.surname}".upper()),
    "lower_case": (_first_line, lambda w: f"{w.given} {w.surname}".lower()),
    "native_script": (
        _first_line,
        lambda w: f"{w.native_given} {w.native_surname} ({w.given} {w.surname})",
    ),
    "flattened": (_first_line, lambda w: f"{w.given} {w.surname}"),
    "sign_off": (_sign_off, lambda w: f"{w.given} {w.surname}"),
    "referee": (_referee, lambda w: f"{w.given} {w.surname}"),
    "inline_headline": (_inline, lambda w: f"{w.given} {w.surname}"),
    "surname_first": (_first_line, lambda w: f"{w.surname.upper()}, {w.given}"),
    "titled": (_titled, lambda w: f"{w.given} {w.surname}"),
}
NAME_LAYOUTS = tuple(_LAYOUTS)


def name_samples(
    bodies: Sequence[str], names: Sequence[WorldName], seed: int = 0
) -> list[NameSample]:
    """Every name in every layout (native_script only for names written in another script),
    each over a real body; the name is repeated in the closing line of most layouts."""
    rng = random.Random(seed)
    data = lists()
    out: list[NameSample] = []
    for i, who in enumerate(names):
        words = f"{who.given} {who.surname}".replace("-", " ").split()
        known = all(data.is_name(w) for w in words if len(w) > 2)
        for layout, (writer, spell) in _LAYOUTS.items():
            if layout == "native_script" and (who.native_given, who.native_surname) == (
                who.given,
                who.surname,
            ):
                continue
            doc = _Doc()
            name = spell(who)
            writer(doc, who, name, rng)
            doc.add("\n")
            lo = doc.size
            doc.add(bodies[(i + len(out)) % len(bodies)].rstrip() + "\n")
            hi = doc.size
            if layout == "referee":
                doc.add("\nReferences\n")
                doc.add(name, gold=True)
                doc.add(f" - {rng.choice(['Team Lead', 'Professor', 'HR Manager'])}, Acme Corp\n")
            elif layout == "sign_off":
                doc.add("\nDeclaration\nI hereby declare that the above is true.\n\nRegards,\n")
                doc.add(name, gold=True)
                doc.add("\n")
            elif layout != "name_field":
                full = f"{who.given} {who.surname}"
                doc.add(f"\nThanks and regards, {full}\n")
                doc.spans.append((doc.size - 1 - len(full), doc.size - 1))
            text = "".join(doc.parts)
            if layout == "flattened":
                text, spans, lo, hi = _flatten(text, doc.spans, lo, hi)
            else:
                spans = doc.spans
            out.append(NameSample(text, spans, (lo, hi), who.region, layout, known))
    return out


def _flatten(
    text: str, spans: list[tuple[int, int]], lo: int, hi: int
) -> tuple[str, list[tuple[int, int]], int, int]:
    """The text on one line, runs of white space made one space (what intake makes of a PDF
    that lost its line breaks), with the spans carried over."""
    mapping = []
    out: list[str] = []
    previous_space = False
    for char in text:
        mapping.append(len(out))
        if char.isspace():
            if not previous_space:
                out.append(" ")
            previous_space = True
        else:
            out.append(char)
            previous_space = False
    mapping.append(len(out))
    flat = "".join(out)
    moved = [(mapping[s], mapping[e]) for s, e in spans]
    return flat, moved, mapping[lo], mapping[hi]
