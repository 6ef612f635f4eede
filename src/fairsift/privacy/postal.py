"""Home towns written the North American postal way: "Sometown, NY 10001", "Hershey, PA",
"Palo Alto CA", "Lebanon, N.H.", "Missouri, US". The two-letter code names the place, so the
town before it is a place whether or not a list knows it ("Sometown", "Pretend").

Contract: `find_postal_places(text)` returns location hits; the town must be one to three
capitalised words that are no job-title or heading words, and the code must stand alone
(followed by a ZIP code, punctuation or the end of the line, never by another word: "Excel,
MS Access" is a skill list).
"""

from __future__ import annotations

import re

from fairsift.privacy.hits import Hit
from fairsift.privacy.vocab import HEADINGS, NOT_NAME_WORDS, SKILL_GUARD

__all__ = ["find_postal_places"]

_STATES = tuple(
    re.findall(
        r"[A-Z]{2}",
        "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH "
        "NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC AB BC MB NB NL NS NT "
        "NU ON PE QC SK YT",
    )
)
_DOTTED = (
    r"N\.Y\.|D\.C\.|N\.J\.|N\.H\.|N\.C\.|S\.C\.|B\.C\.|N\.D\.|S\.D\.|W\.Va\.|Ga\.|Fla\.|Calif\."
)
_TOWN = r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}"
_POSTAL = re.compile(
    rf"(?P<town>{_TOWN}),?[ \t]+(?P<code>{'|'.join(_STATES)}|{_DOTTED})"
    r"(?P<zip>[ \t]+\d{5}(?:-\d{4})?)?"
    r"(?:,?[ \t]+(?:US|USA|U\.S\.A?\.?))?"
    r"(?=[\s,.;:)|•]|$)(?![ \t]+[A-Z][A-Za-z])"
)
_COUNTRY_AFTER = re.compile(
    rf"(?P<place>{_TOWN}),?[ \t]+(?:\(US\)|US|USA|U\.S\.A?\.?)"
    r"(?=[\s,.;:)|•]|$)(?![ \t]+[A-Z][A-Za-z])"
)
_NOT_TOWN = NOT_NAME_WORDS | HEADINGS | SKILL_GUARD


def _town_ok(town: str) -> bool:
    """No job-title, heading or skill word: "Project Manager, NY", "Jira, GA" are no towns."""
    return not any(w.lower() in _NOT_TOWN for w in re.split(r"[ -]", town))


def find_postal_places(text: str) -> list[Hit]:
    """Towns followed by a US state or Canadian province code, and places followed by "US"."""
    hits: list[Hit] = []
    if not re.search(r"\b(?:[A-Z]{2}|US|USA)\b|[A-Z]\.[A-Z]\.", text):
        return hits
    for match in _POSTAL.finditer(text):
        if _town_ok(match.group("town")):
            # weak: gives way to a skill the lexicon knows ("Unix, ME", "Jira, GA")
            hits.append(Hit("location", match.start(), match.end(), weak=True))
    for match in _COUNTRY_AFTER.finditer(text):
        if _town_ok(match.group("place")):
            # weak: gives way to a skill the lexicon knows ("Unix, ME", "Jira, GA")
            hits.append(Hit("location", match.start(), match.end(), weak=True))
    return hits
