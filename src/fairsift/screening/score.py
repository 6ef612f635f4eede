"""Score 0–100 from the statuses and weights, with the arithmetic written out; ranking per job."""

from __future__ import annotations

from collections.abc import Sequence

from fairsift.domain import RequirementMatch, ScreeningAssessment
from fairsift.screening.match import credit

__all__ = ["rank", "score"]


def score(matches: Sequence[RequirementMatch]) -> tuple[float, str]:
    """100 × Σ(weight × credit) / Σ weight over the requirements that could be checked.

    Credit: met 1, not met 0, partial the share stated in its reason (the role fit's credit is
    graded); unknown is left out (a resume cannot show it), so it neither helps nor hurts.
    The explanation writes the sum out: the role fit's term, then the other requirements'."""
    earned = possible = role_earned = role_possible = 0.0
    unknown = 0
    for match in matches:
        value = credit(match)
        if value is None:
            unknown += 1
            continue
        weight = match.requirement.weight
        earned += weight * value
        possible += weight
        if match.requirement.kind == "role":
            role_earned += weight * value
            role_possible += weight
    if possible == 0:
        return 0.0, "no requirement could be checked from the resume"
    total = round(100 * earned / possible, 1)
    counts = {s: sum(m.status == s for m in matches) for s in ("met", "partial", "not_met")}
    terms = []
    if role_possible:
        terms.append(f"role fit {role_earned / role_possible:.2f} × {role_possible:.2f}")
    terms.append(f"requirements {earned - role_earned:.2f} of {possible - role_possible:.2f}")
    text = (
        f"{total:g} = 100 × {earned:.2f} / {possible:.2f}; "
        + " + ".join(terms)
        + " (credit × weight; weight = importance × specificity); "
        f"{counts['met']} met, {counts['partial']} partial, {counts['not_met']} not met"
    )
    if unknown:
        text += f", {unknown} not checkable from a resume"
    return total, text


def rank(assessments: Sequence[ScreeningAssessment]) -> list[tuple[int, ScreeningAssessment]]:
    """Rank within each job: highest score first, ties broken by candidate path so the
    order is the same on every run. Returns (rank, assessment) in ranked order per job."""
    out: list[tuple[int, ScreeningAssessment]] = []
    by_job: dict[str, list[ScreeningAssessment]] = {}
    for item in assessments:
        by_job.setdefault(item.job, []).append(item)
    for job in sorted(by_job):
        ordered = sorted(by_job[job], key=lambda a: (-a.score, a.candidate))
        out.extend((position, item) for position, item in enumerate(ordered, start=1))
    return out
