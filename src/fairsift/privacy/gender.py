"""Gender markers in running text: third-person pronouns and titles, wherever they stand.

A resume written in the third person ("she led", "his team") or a title ("Mrs", "Mx") says a
gender as plainly as a "Gender:" field does, so these are masked everywhere, not only beside
a name. "They" stays: in a resume it is far more often about users or a team than about the
person; a pronouns line ("they/them", "Pronouns: they") is masked by fields.py.
"""

from __future__ import annotations

import re

from fairsift.privacy.hits import Hit, starting_with
from fairsift.privacy.vocab import SKILL_GUARD

__all__ = ["find_gender_words"]

_PRONOUN = starting_with(
    r"hs", r"(?<![\w\-])(?:he|she|his|her|him|himself|herself|hers)(?![\w\-])", re.I
)
# Titles that are never anything else when written with a capital: "Mr", "Mrs.". ("Shri" and
# "Smt" also name colleges and temples; names.py masks them before a person's name.)
_SURE_TITLE = starting_with(r"M", r"\b(?:Mr|Mrs)\b\.?")
# Titles that are other words too ("Ms Office", "Mx Player", "miss a deadline"): only before a
# capitalised word that is not a product or skill.
_LOOSE_TITLE = starting_with(r"M", r"\b(?P<title>Ms|Mx|Miss)\b\.?(?=[ \t]+(?P<next>[A-Z][\w'’]*))")
_HEAD = re.compile(r"[A-Z][a-z'’]*")
# What follows "Ms" when it means Microsoft.
_PRODUCTS = frozenset(
    re.findall(
        r"\w+",
        "office excel word access powerpoint power project visio outlook sql dynamics teams paint"
        " dos crm windows azure exchange sharepoint publisher onenote cit navision",
    )
)


def _caps_line(text: str, start: int, end: int) -> bool:
    """Is the line around [start, end) written in capitals ("HE LED THE TEAM")?"""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : len(text) if line_end < 0 else line_end]
    return not any(c.islower() for c in line)


def find_gender_words(text: str) -> list[Hit]:
    """Third-person pronouns (he, she, his, her, him, himself, herself, hers; kind "pronoun")
    and titles (Mr, Mrs, Ms, Mx, Miss; kind "gender") anywhere in `text`. A pronoun
    in capitals counts only on a line written in capitals: "HER" in mixed text is an acronym
    (a health-records system)."""
    hits: list[Hit] = []
    for match in _PRONOUN.finditer(text):
        word = match.group()
        if word.isupper() and not _caps_line(text, match.start(), match.end()):
            continue
        hits.append(Hit("pronoun", match.start(), match.end()))
    for match in _SURE_TITLE.finditer(text):
        hits.append(Hit("gender", match.start(), match.end()))
    for match in _LOOSE_TITLE.finditer(text):
        # The first word of what follows, even glued to the next ("Ms. OfficeEducation").
        following = _HEAD.match(match.group("next"))
        word = (following.group() if following else match.group("next")).lower()
        if word in _PRODUCTS or word in SKILL_GUARD:
            continue
        hits.append(Hit("gender", match.start(), match.end()))
    return hits
