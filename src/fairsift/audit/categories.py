"""The categories of a bias audit: sex and race/ethnicity as EEO-1 Component 1 lists them.

Only what a person said about themselves is used. A missing or declined answer is *unknown*;
nothing is ever guessed from a name, a photo, a place or anything else. Common spellings of
the same answer ("F", "female", "Hispanic/Latino", "Black") are read as the EEO-1 category;
any other self-identification is kept as written, as its own category, rather than dropped.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["RACE_ETHNICITY", "SEX", "intersection", "race_ethnicity_category", "sex_category"]

SEX: tuple[str, ...] = ("Male", "Female")
RACE_ETHNICITY: tuple[str, ...] = (
    "Hispanic or Latino",
    "White",
    "Black or African American",
    "Native Hawaiian or Other Pacific Islander",
    "Asian",
    "American Indian or Alaska Native",
    "Two or More Races",
)

_UNKNOWN = {
    "", "unknown", "u", "na", "n/a", "none", "null", "missing", "-", "?", "not known",
    "declined", "decline", "decline to state", "decline to answer", "decline to self-identify",
    "declined to self-identify", "i decline to self-identify", "prefer not to say",
    "prefer not to answer", "prefer not to disclose", "not disclosed", "not specified",
    "not provided", "no answer", "did not answer", "not stated", "undisclosed",
}  # fmt: skip
_SEX = {
    "m": "Male", "male": "Male", "man": "Male",
    "f": "Female", "female": "Female", "woman": "Female",
}  # fmt: skip
_RACE = {
    "hispanic": "Hispanic or Latino",
    "latino": "Hispanic or Latino",
    "latina": "Hispanic or Latino",
    "latinx": "Hispanic or Latino",
    "hispanic or latino": "Hispanic or Latino",
    "hispanic latino": "Hispanic or Latino",
    "white": "White",
    "black": "Black or African American",
    "african american": "Black or African American",
    "black or african american": "Black or African American",
    "native hawaiian": "Native Hawaiian or Other Pacific Islander",
    "pacific islander": "Native Hawaiian or Other Pacific Islander",
    "native hawaiian or pacific islander": "Native Hawaiian or Other Pacific Islander",
    "native hawaiian or other pacific islander": "Native Hawaiian or Other Pacific Islander",
    "asian": "Asian",
    "american indian": "American Indian or Alaska Native",
    "alaska native": "American Indian or Alaska Native",
    "native american": "American Indian or Alaska Native",
    "american indian or alaska native": "American Indian or Alaska Native",
    "native american or alaska native": "American Indian or Alaska Native",
    "two or more races": "Two or More Races",
    "two or more": "Two or More Races",
    "multiracial": "Two or More Races",
}
# EEO-1 labels every race but Hispanic or Latino "(Not Hispanic or Latino)"; forms often do.
_NOT_HISPANIC = re.compile(r"\(?\s*not\s+hispanic\s+or\s+latino\s*\)?|\bnon[\s-]hispanic\b", re.I)


def _key(value: str) -> str:
    return " ".join(re.sub(r"[/_,;]+", " ", value.replace("&", " or ")).lower().split())


@lru_cache(maxsize=4096)  # a few distinct answers, repeated by every applicant
def sex_category(value: str | None) -> str | None:
    """The EEO-1 sex category of a self-identification, the answer as written if it is another
    one, or None when the answer is missing or declined."""
    if value is None:
        return None
    key = _key(value)
    if key in _UNKNOWN:
        return None
    return _SEX.get(key, " ".join(value.split()))


@lru_cache(maxsize=4096)
def race_ethnicity_category(value: str | None) -> str | None:
    """The EEO-1 race/ethnicity category of a self-identification, the answer as written if it
    is another one, or None when the answer is missing or declined."""
    if value is None:
        return None
    key = _key(value)
    if key in _UNKNOWN:
        return None
    plain = _key(_NOT_HISPANIC.sub(" ", value))
    return _RACE.get(key) or _RACE.get(plain) or " ".join(value.split())


def intersection(sex: str, race_ethnicity: str) -> str:
    """The intersectional category's name, as the audit's JSON names it."""
    return f"{sex} / {race_ethnicity}"
