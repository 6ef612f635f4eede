"""How much a skill tells candidates apart, from 0 (everyone has it) to 1 (few people do).

Derived from the document frequency of each lexicon skill in a background corpus of resumes
(fairsift/data/skill-frequency.tsv, built by scripts/build_skill_frequency.py from 267 CC0
resumes of many fields; no evaluation set): idf = ln((N+1)/(df+1)) / ln(N+1), specificity =
sqrt(idf), so a named technology stays well above a generic one without one rare word
drowning the rest. Skills of the lexicon's "soft skills" category ("teamwork",
"communication") are capped at SOFT_CAP: they cannot carry a score.
"""

from __future__ import annotations

import math
from functools import cache
from importlib import resources

from fairsift.lexicon import skill_category

__all__ = ["GENERIC", "SOFT_CAP", "specificity", "term_specificity"]

SOFT_CAP = 0.1
# A requirement that names no skill ("work well with others", "deliver on time"): it may be
# true of anyone, so it weighs little.
GENERIC = 0.2


@cache
def _table() -> tuple[int, dict[str, int]]:
    text = resources.files("fairsift").joinpath("data", "skill-frequency.tsv").read_text("utf-8")
    documents = 0
    counts: dict[str, int] = {}
    for line in text.splitlines():
        if line.startswith("# documents\t"):
            documents = int(line.split("\t")[1])
        elif line and not line.startswith("#"):
            name, count = line.rsplit("\t", 1)
            counts[name] = int(count)
    return documents, counts


@cache
def specificity(canonical: str) -> float:
    """Specificity of one canonical skill name (a name the corpus never saw counts as rare)."""
    documents, counts = _table()
    if documents <= 0:
        return 1.0
    idf = math.log((documents + 1) / (counts.get(canonical, 0) + 1)) / math.log(documents + 1)
    value = math.sqrt(max(idf, 0.0))
    if skill_category(canonical) == "soft skills":
        value = min(value, SOFT_CAP)
    return round(value, 3)


def term_specificity(terms: tuple[str, ...] | list[str]) -> float:
    """A requirement's specificity: that of its most specific term, GENERIC without terms."""
    return max((specificity(t) for t in terms), default=GENERIC)
