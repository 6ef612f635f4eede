"""Properties of every bias audit: impact ratios lie in [0, 1], the highest category has 1.0,
excluded and empty categories have none, and every applicant is counted once."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from fairsift.audit import Decision, Demographic, bias_audit
from fairsift.audit.bias import CategoryRate

_SEXES = st.sampled_from(["Male", "Female", "F", None, "", "Non-binary", "declined"])
_RACES = st.sampled_from(
    ["White", "Asian", "Black", "Hispanic or Latino", "Two or More Races",
     "American Indian or Alaska Native", None, "prefer not to say"]
)  # fmt: skip
_PERSON = st.tuples(
    _SEXES,
    _RACES,
    st.booleans(),
    st.one_of(st.none(), st.floats(0, 100, allow_nan=False)),
    st.booleans(),  # has a demographics row
)


def _check(rows: tuple[CategoryRate, ...]) -> None:
    eligible = [r.rate for r in rows if r.rate is not None and not r.excluded]
    top = max(eligible, default=None)
    for row in rows:
        assert 0 <= row.selected <= row.applicants
        if row.applicants == 0:
            assert row.rate is None and row.impact_ratio is None and not row.excluded
        if row.excluded:
            assert row.impact_ratio is None and row.rate is not None
        if row.impact_ratio is not None:
            assert 0.0 <= row.impact_ratio <= 1.0
            assert row.rate is not None and top
            assert (row.impact_ratio == 1.0) == (row.rate == top)
    if top:  # the highest category has exactly 1.0
        assert any(r.impact_ratio == 1.0 for r in rows)
    else:
        assert all(r.impact_ratio is None for r in rows)


@settings(max_examples=300, deadline=None)
@given(
    people=st.lists(_PERSON, min_size=1, max_size=120),
    exclude_below=st.sampled_from([0.0, 0.02, 0.1]),
)
def test_impact_ratios_are_in_unit_interval_and_top_is_one(
    people: list[tuple[str | None, str | None, bool, float | None, bool]], exclude_below: float
) -> None:
    decisions = [Decision(f"c{i}", sel, score) for i, (_, _, sel, score, _) in enumerate(people)]
    demographics = [
        Demographic(f"c{i}", sex, race)
        for i, (sex, race, _, _, has_row) in enumerate(people)
        if has_row
    ]
    audit = bias_audit(decisions, demographics, exclude_below=exclude_below)
    tables = [audit.selection] + ([audit.scoring] if audit.scoring is not None else [])
    for table in tables:
        for _, rows in table.dimensions():
            _check(rows)
        known_sex = sum(r.applicants for r in table.sex)
        known_race = sum(r.applicants for r in table.race_ethnicity)
        total = audit.applicants if table is audit.selection else audit.scored
        if table is audit.selection:
            assert known_sex + audit.unknown_sex == total
            assert known_race + audit.unknown_race_ethnicity == total
            assert (
                sum(r.applicants for r in table.intersectional) + audit.unknown_intersectional
                == total
            )
        else:
            assert known_sex <= total and known_race <= total
    assert (audit.scoring is None) == all(score is None for _, _, _, score, _ in people)
    assert audit.to_dict()["unknown"] == {
        "sex": audit.unknown_sex,
        "race_ethnicity": audit.unknown_race_ethnicity,
    }
