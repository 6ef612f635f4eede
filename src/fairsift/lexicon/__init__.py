"""Shared vocabulary: skills, degrees, certifications and languages, found in text by span.

A lower layer: privacy/ and screening/ both import it; it imports nothing of theirs.
Every finder returns spans into the text it was given, so evidence can be shown and checked.
"""

from fairsift.lexicon.certifications import (
    all_certifications,
    canonical_certification,
    find_certifications,
)
from fairsift.lexicon.degrees import LEVEL_RANK, LEVELS, degree_level, find_degrees
from fairsift.lexicon.gazetteer import normalise
from fairsift.lexicon.languages import all_languages, canonical_language, find_languages
from fairsift.lexicon.mention import DegreeMention, Mention
from fairsift.lexicon.skills import (
    all_skills,
    canonical_skill,
    find_skills,
    skill_aliases,
    skill_category,
)

__all__ = [
    "LEVELS",
    "LEVEL_RANK",
    "DegreeMention",
    "Mention",
    "all_certifications",
    "all_languages",
    "all_skills",
    "canonical_certification",
    "canonical_language",
    "canonical_skill",
    "degree_level",
    "find_certifications",
    "find_degrees",
    "find_languages",
    "find_skills",
    "normalise",
    "skill_aliases",
    "skill_category",
]
