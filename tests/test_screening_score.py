from __future__ import annotations

from fairsift.domain import Provenance, Requirement, RequirementMatch, ScreeningAssessment
from fairsift.screening.score import rank, score


def _m(status: str, weight: float = 1.0, share: float = 0.0) -> RequirementMatch:
    return RequirementMatch(Requirement("x", weight=weight), status, (), "why", share)  # type: ignore[arg-type]


def test_score_weighs_credits_and_leaves_unknown_out() -> None:
    matches = [_m("met"), _m("partial", share=0.5), _m("not_met", weight=0.5), _m("unknown")]
    total, text = score(matches)
    # (1 + 0.5 + 0) / (1 + 1 + 0.5) = 0.6
    assert total == 60.0
    assert "1 met, 1 partial, 1 not met" in text
    assert "1 not checkable" in text


def test_score_with_nothing_checkable_is_zero_and_says_why() -> None:
    total, text = score([_m("unknown")])
    assert total == 0.0
    assert "no requirement could be checked" in text


def test_rank_orders_by_score_then_candidate_per_job() -> None:
    prov = Provenance("s", (), "c", "v", "p")

    def a(job: str, cand: str, value: float) -> ScreeningAssessment:
        return ScreeningAssessment(job, cand, "s", value, (), (), "", prov)

    ranked = rank([a("j1", "b", 50), a("j1", "a", 50), a("j1", "c", 90), a("j0", "z", 1)])
    assert [(r, x.job, x.candidate) for r, x in ranked] == [
        (1, "j0", "z"),
        (1, "j1", "c"),
        (2, "j1", "a"),
        (3, "j1", "b"),
    ]
