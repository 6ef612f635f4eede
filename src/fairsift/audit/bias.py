"""Bias audit of application decisions, as NYC Local Law 144's rules (6 RCNY §5-300 ff.)
define it, from decisions and self-identified demographics.

For sex, for race/ethnicity and for every intersection of the two:

    selection rate  = selected ÷ applicants in the category
    scoring rate    = share of the category scoring above the median score of the whole sample
    impact ratio    = the category's rate ÷ the highest rate among the categories compared

Decisions in this module, and why:

- Every EEO-1 category is listed, even with no applicants: its rate and impact ratio are
  null (nothing to divide), not omitted, so a reader sees that nobody in it applied.
- Categories under 2 % of the applicants (of those scored, for scoring) are excluded from
  impact ratios, as the rules allow: `excluded` is true, the count and rate are still shown,
  the impact ratio is null and the category cannot be the reference. `exclude_below=0`
  turns this off. An empty category is not "excluded"; it simply has no rate.
- Ties for the highest rate: each tied category gets exactly 1.0.
- Highest rate 0 (nobody selected, or nobody above the median): every impact ratio is null.
- Unknown answers (missing, declined, no demographics row) are counted, never guessed; an
  applicant with unknown sex still counts for race/ethnicity if that is known, and appears in
  the intersectional table only when both are known. With all answers unknown every rate is
  null and the unknown counts equal the number of applicants.
- Each decision row is one application; the median is taken over every scored application,
  unknowns included ("the full sample"); "above the median" is strictly above.
- Impact ratios under 0.8 are flagged (the four-fifths rule of thumb), which is a screen
  for a closer look, not a legal finding.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from fairsift.audit.categories import (
    RACE_ETHNICITY,
    SEX,
    intersection,
    race_ethnicity_category,
    sex_category,
)
from fairsift.audit.records import Decision, Demographic, apply_threshold
from fairsift.errors import InputError

__all__ = [
    "DIMENSIONS",
    "FOUR_FIFTHS",
    "SMALL_SHARE",
    "BiasAudit",
    "CategoryRate",
    "RateTable",
    "bias_audit",
]

DIMENSIONS = ("sex", "race_ethnicity", "intersectional")
FOUR_FIFTHS = 0.8
SMALL_SHARE = 0.02


@dataclass(frozen=True, slots=True)
class CategoryRate:
    """One row of a rate table. For scoring, `selected` counts those above the median."""

    category: str
    applicants: int
    selected: int
    rate: float | None
    impact_ratio: float | None
    excluded: bool
    share: float = 0.0  # of the applicants (scored applicants, for scoring) in the audit

    @property
    def below_four_fifths(self) -> bool:
        return self.impact_ratio is not None and self.impact_ratio < FOUR_FIFTHS

    def to_dict(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "applicants": self.applicants,
            "selected": self.selected,
            "rate": self.rate,
            "impact_ratio": self.impact_ratio,
            "excluded": self.excluded,
        }


@dataclass(frozen=True, slots=True)
class RateTable:
    sex: tuple[CategoryRate, ...]
    race_ethnicity: tuple[CategoryRate, ...]
    intersectional: tuple[CategoryRate, ...]

    def dimensions(self) -> list[tuple[str, tuple[CategoryRate, ...]]]:
        return [(name, getattr(self, name)) for name in DIMENSIONS]

    def to_dict(self) -> dict[str, Any]:
        return {name: [row.to_dict() for row in rows] for name, rows in self.dimensions()}


@dataclass(frozen=True)
class BiasAudit:
    """The figures of one audit. `to_dict()` gives the published JSON shape."""

    selection: RateTable
    scoring: RateTable | None
    unknown_sex: int
    unknown_race_ethnicity: int
    median_score: float | None
    applicants: int
    scored: int
    unknown_intersectional: int = 0
    exclude_below: float = SMALL_SHARE
    threshold: float | None = None
    source: str = ""
    date: date = field(default_factory=date.today)

    def to_dict(self) -> dict[str, Any]:
        return {
            "selection": self.selection.to_dict(),
            "scoring": self.scoring.to_dict() if self.scoring is not None else None,
            "unknown": {"sex": self.unknown_sex, "race_ethnicity": self.unknown_race_ethnicity},
            "median_score": self.median_score,
        }

    def flagged(self) -> list[tuple[str, str, CategoryRate]]:
        """(measure, dimension, row) of every impact ratio under 0.8."""
        out = []
        for measure, table in (("selection", self.selection), ("scoring", self.scoring)):
            if table is None:
                continue
            for dimension, rows in table.dimensions():
                out += [(measure, dimension, r) for r in rows if r.below_four_fifths]
        return out


def _ordered(found: Iterable[str], standard: Sequence[str]) -> list[str]:
    """The standard categories in their order, then any other self-identification, sorted."""
    return [*standard, *sorted(set(found) - set(standard))]


def _rows(
    counts: dict[str, tuple[int, int]], order: list[str], total: int, exclude_below: float
) -> tuple[CategoryRate, ...]:
    staged = []
    for category in order:
        applicants, hits = counts.get(category, (0, 0))
        share = applicants / total if total else 0.0
        excluded = applicants > 0 and share < exclude_below
        rate = hits / applicants if applicants else None
        staged.append((category, applicants, hits, rate, excluded, share))
    eligible = [s[3] for s in staged if s[3] is not None and not s[4]]
    top = max(eligible) if eligible else None
    rows = []
    for category, applicants, hits, rate, excluded, share in staged:
        ratio = None
        if rate is not None and not excluded and top:
            ratio = 1.0 if rate == top else rate / top
        rows.append(CategoryRate(category, applicants, hits, rate, ratio, excluded, share))
    return tuple(rows)


def _table(people: list[tuple[str | None, str | None, bool]], exclude_below: float) -> RateTable:
    """Rates for (sex, race_ethnicity, hit) rows; None = unknown."""
    total = len(people)
    by: dict[str, dict[str, tuple[int, int]]] = {d: {} for d in DIMENSIONS}

    def add(dimension: str, category: str, hit: bool) -> None:
        n, k = by[dimension].get(category, (0, 0))
        by[dimension][category] = (n + 1, k + int(hit))

    for sex, race, hit in people:
        if sex is not None:
            add("sex", sex, hit)
        if race is not None:
            add("race_ethnicity", race, hit)
        if sex is not None and race is not None:
            add("intersectional", intersection(sex, race), hit)
    sexes = _ordered(by["sex"], SEX)
    races = _ordered(by["race_ethnicity"], RACE_ETHNICITY)
    crossed = [intersection(s, r) for s in sexes for r in races]
    return RateTable(
        sex=_rows(by["sex"], sexes, total, exclude_below),
        race_ethnicity=_rows(by["race_ethnicity"], races, total, exclude_below),
        intersectional=_rows(by["intersectional"], crossed, total, exclude_below),
    )


def _demographics(records: Iterable[Demographic]) -> dict[str, tuple[str | None, str | None]]:
    out: dict[str, tuple[str | None, str | None]] = {}
    for record in records:
        value = (sex_category(record.sex), race_ethnicity_category(record.race_ethnicity))
        before = out.setdefault(record.candidate, value)
        if before != value:
            raise InputError(
                f"candidate {record.candidate!r} has two different self-identifications "
                f"({before} and {value})",
                "Keep one demographics row per candidate",
            )
    return out


def bias_audit(
    decisions: Iterable[Decision],
    demographics: Iterable[Demographic],
    *,
    threshold: float | None = None,
    exclude_below: float = SMALL_SHARE,
    source: str = "",
    as_of: date | None = None,
) -> BiasAudit:
    """Selection and scoring rates and impact ratios by sex, race/ethnicity and both.

    `threshold`: selected = score ≥ threshold instead of the recorded decision (audits the
    tool's recommendation). `exclude_below`: share of the applicants under which a category
    is left out of impact ratios (0 keeps every category in)."""
    if not 0 <= exclude_below < 1:
        raise InputError(
            f"exclude_below {exclude_below} is not a share", "Use a number from 0 to 0.99"
        )
    rows = list(decisions)
    if threshold is not None:
        rows = apply_threshold(rows, threshold)
    if not rows:
        raise InputError("no decisions to audit", "Give at least one decision")
    who = _demographics(demographics)
    people = [(*who.get(d.candidate, (None, None)), d) for d in rows]
    selection = _table([(s, r, d.selected) for s, r, d in people], exclude_below)
    scored = [(s, r, d.score) for s, r, d in people if d.score is not None]
    median = statistics.median(x for _, _, x in scored) if scored else None
    scoring = None
    if median is not None:
        scoring = _table([(s, r, x > median) for s, r, x in scored], exclude_below)
    return BiasAudit(
        selection=selection,
        scoring=scoring,
        unknown_sex=sum(1 for s, _, _ in people if s is None),
        unknown_race_ethnicity=sum(1 for _, r, _ in people if r is None),
        unknown_intersectional=sum(1 for s, r, _ in people if s is None or r is None),
        median_score=float(median) if median is not None else None,
        applicants=len(rows),
        scored=len(scored),
        exclude_below=exclude_below,
        threshold=threshold,
        source=source,
        date=as_of or date.today(),
    )
