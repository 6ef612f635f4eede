"""Skills: the bundled gazetteer (fairsift/data/lexicon-skills.txt) and look-ups over it."""

from __future__ import annotations

from functools import cache

from fairsift.lexicon.gazetteer import Gazetteer
from fairsift.lexicon.mention import Mention
from fairsift.lexicon.scan import gazetteer_set, scan

__all__ = ["all_skills", "canonical_skill", "find_skills", "skill_aliases", "skill_category"]


@cache
def _skills() -> Gazetteer:
    return gazetteer_set().gazetteers["skills"]


def find_skills(text: str) -> list[Mention]:
    """Every skill mentioned in `text`, left to right, as canonical names with spans.

    Case-insensitive, word-boundary aware ("Java" is not found in "JavaScript"), handles
    "C++", "C#", ".NET", "Node.js", "CI/CD" and multi-word skills written with spaces,
    hyphens or glued ("machine-learning", "MachineLearning")."""
    return scan(text, "skills")


def canonical_skill(term: str) -> str | None:
    """The canonical name of a skill written any known way ("golang" -> "Go"), or None."""
    return _skills().canonical(term)


def skill_aliases(canonical: str) -> tuple[str, ...]:
    """The canonical name first, then its aliases; () for a name that is not a skill."""
    return _skills().aliases(canonical)


def skill_category(canonical: str) -> str | None:
    """The gazetteer section of a skill ("databases", "nursing and care", ...), or None."""
    return _skills().category(canonical)


def all_skills() -> tuple[str, ...]:
    """Every canonical skill, in gazetteer order."""
    return _skills().names
