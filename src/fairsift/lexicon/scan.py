"""One pass over a text for skills, certifications and languages together.

parse_resume asks for all three of the same text; scanning once and remembering the last few
texts makes that one regex pass instead of three.
"""

from __future__ import annotations

from functools import cache, lru_cache

from fairsift.lexicon.gazetteer import GazetteerSet, load_gazetteer
from fairsift.lexicon.mention import Mention

__all__ = ["scan"]


@cache
def _set() -> GazetteerSet:
    return GazetteerSet(
        {
            "skills": load_gazetteer("lexicon-skills.txt"),
            "certifications": load_gazetteer("lexicon-certifications.txt"),
            "languages": load_gazetteer("lexicon-languages.txt"),
        }
    )


@lru_cache(maxsize=8)
def _scan(text: str) -> dict[str, tuple[Mention, ...]]:
    return {name: tuple(found) for name, found in _set().scan(text).items()}


def scan(text: str, kind: str) -> list[Mention]:
    """The gazetteer mentions of `kind` ("skills", "certifications", "languages") in `text`,
    exactly as that gazetteer alone would find them."""
    return list(_scan(text)[kind])


def gazetteer_set() -> GazetteerSet:
    return _set()
