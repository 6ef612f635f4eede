"""Bias audit figures on small decision sets where every rate and ratio is known by hand."""

from __future__ import annotations

import json

import pytest

from fairsift.audit import Decision, Demographic, bias_audit, render_json
from fairsift.audit.bias import BiasAudit, CategoryRate
from fairsift.audit.categories import RACE_ETHNICITY, SEX
from fairsift.errors import InputError


def _people(
    groups: list[tuple[str | None, str | None, int, int]],
) -> tuple[list[Decision], list[Demographic]]:
    """(sex, race, applicants, selected) groups → decisions and demographics."""
    decisions, demographics = [], []
    n = 0
    for sex, race, applicants, selected in groups:
        for i in range(applicants):
            n += 1
            decisions.append(Decision(f"c{n}", i < selected))
            demographics.append(Demographic(f"c{n}", sex, race))
    return decisions, demographics


def _row(rows: tuple[CategoryRate, ...], category: str) -> CategoryRate:
    return next(r for r in rows if r.category == category)


# 20 applicants: Male 5/10, Female 3/10; White 4/8, Black 2/8, Asian 2/4.
BASIC = [
    ("Male", "White", 4, 3),
    ("Male", "Black or African American", 4, 1),
    ("Male", "Asian", 2, 1),
    ("Female", "White", 4, 1),
    ("Female", "Black or African American", 4, 1),
    ("Female", "Asian", 2, 1),
]


def test_selection_rates_and_impact_ratios_by_hand() -> None:
    audit = bias_audit(*_people(BASIC))
    sex = audit.selection.sex
    assert [(r.category, r.applicants, r.selected) for r in sex] == [
        ("Male", 10, 5),
        ("Female", 10, 3),
    ]
    assert _row(sex, "Male").rate == 0.5 and _row(sex, "Male").impact_ratio == 1.0
    assert _row(sex, "Female").rate == pytest.approx(0.3)
    assert _row(sex, "Female").impact_ratio == pytest.approx(0.6)
    assert _row(sex, "Female").below_four_fifths and not _row(sex, "Male").below_four_fifths

    race = audit.selection.race_ethnicity
    assert _row(race, "White").rate == 0.5
    assert _row(race, "Black or African American").impact_ratio == pytest.approx(0.5)
    # Tie for the highest rate: both White and Asian have 0.5, both get exactly 1.0.
    assert _row(race, "White").impact_ratio == 1.0
    assert _row(race, "Asian").impact_ratio == 1.0

    crossed = audit.selection.intersectional
    assert _row(crossed, "Male / White").rate == 0.75
    assert _row(crossed, "Male / White").impact_ratio == 1.0
    assert _row(crossed, "Male / Asian").impact_ratio == pytest.approx(2 / 3)
    assert _row(crossed, "Female / White").impact_ratio == pytest.approx(1 / 3)
    assert _row(crossed, "Female / Black or African American").impact_ratio == pytest.approx(1 / 3)
    assert audit.unknown_sex == 0 and audit.unknown_race_ethnicity == 0
    assert audit.scoring is None and audit.median_score is None
    assert not any(r.excluded for _, rows in audit.selection.dimensions() for r in rows)


def test_every_eeo1_category_is_listed_and_empty_ones_have_null_rates() -> None:
    audit = bias_audit(*_people(BASIC))
    assert [r.category for r in audit.selection.sex] == list(SEX)
    assert [r.category for r in audit.selection.race_ethnicity] == list(RACE_ETHNICITY)
    assert len(audit.selection.intersectional) == len(SEX) * len(RACE_ETHNICITY)
    empty = _row(audit.selection.race_ethnicity, "Hispanic or Latino")
    assert (empty.applicants, empty.selected, empty.rate, empty.impact_ratio, empty.excluded) == (
        0,
        0,
        None,
        None,
        False,
    )
    assert _row(audit.selection.intersectional, "Female / Two or More Races").rate is None


def test_scoring_rate_is_share_strictly_above_the_median_of_everyone() -> None:
    decisions = [
        Decision("a", True, 40.0),
        Decision("b", True, 50.0),
        Decision("c", False, 10.0),
        Decision("d", True, 60.0),
        Decision("e", False, 20.0),
        Decision("f", False, 30.0),
        Decision("g", False, 35.0),  # unknown demographics: still in the median
    ]
    demographics = [
        Demographic(c, sex, "White")
        for c, sex in zip("abcdef", ["M", "M", "M", "F", "F", "F"], strict=True)
    ]
    audit = bias_audit(decisions, demographics)
    assert audit.median_score == 35.0  # of 10 20 30 35 40 50 60; 35 itself is not above
    assert audit.scoring is not None
    male, female = audit.scoring.sex
    assert (male.applicants, male.selected, male.rate) == (3, 2, pytest.approx(2 / 3))
    assert (female.applicants, female.selected, female.rate) == (3, 1, pytest.approx(1 / 3))
    assert male.impact_ratio == 1.0 and female.impact_ratio == pytest.approx(0.5)
    assert audit.unknown_sex == 1 and audit.unknown_race_ethnicity == 1
    assert audit.scored == 7


def test_even_sample_median_is_the_mean_of_the_middle_two() -> None:
    decisions = [Decision(c, False, s) for c, s in zip("abcd", [1.0, 2.0, 3.0, 4.0], strict=True)]
    demographics = [Demographic(c, "Female", "Asian") for c in "abcd"]
    audit = bias_audit(decisions, demographics)
    assert audit.median_score == 2.5
    assert audit.scoring is not None and audit.scoring.sex[1].selected == 2


def test_unknown_answers_are_counted_and_never_guessed() -> None:
    decisions, demographics = _people(BASIC)
    decisions += [Decision("u1", True), Decision("u2", False), Decision("u3", True)]
    demographics += [
        Demographic("u1", None, "White"),  # sex unknown, race known
        Demographic("u2", "Decline to self-identify", "prefer not to say"),
    ]  # u3 has no demographics row at all
    audit = bias_audit(decisions, demographics)
    assert audit.unknown_sex == 3
    assert audit.unknown_race_ethnicity == 2
    assert audit.unknown_intersectional == 3
    assert _row(audit.selection.sex, "Male").applicants == 10
    white = _row(audit.selection.race_ethnicity, "White")
    assert (white.applicants, white.selected) == (9, 5)  # u1 counts for race only
    assert _row(audit.selection.intersectional, "Male / White").applicants == 4
    assert render_json(audit).count('"unknown"') == 1
    assert json.loads(render_json(audit))["unknown"] == {"sex": 3, "race_ethnicity": 2}


def test_all_unknown_gives_null_rates_and_full_unknown_counts() -> None:
    decisions = [Decision(f"c{i}", i % 2 == 0, float(i)) for i in range(10)]
    audit = bias_audit(decisions, [Demographic("c1", "", "declined")])
    assert audit.unknown_sex == 10 and audit.unknown_race_ethnicity == 10
    for table in (audit.selection, audit.scoring):
        assert table is not None
        for _, rows in table.dimensions():
            assert all(r.applicants == 0 and r.rate is None for r in rows)
            assert all(r.impact_ratio is None and not r.excluded for r in rows)
    assert audit.median_score == 4.5


def test_categories_under_two_percent_are_excluded_with_count_and_rate() -> None:
    decisions, demographics = _people(
        [("Male", "White", 50, 25), ("Female", "Black or African American", 49, 10),
         ("Female", "Asian", 1, 1)]
    )  # fmt: skip
    audit = bias_audit(decisions, demographics)
    asian = _row(audit.selection.race_ethnicity, "Asian")
    assert (asian.applicants, asian.selected, asian.rate) == (1, 1, 1.0)
    assert asian.excluded and asian.impact_ratio is None and asian.share == 0.01
    # The excluded category is not the reference: White (0.5) is.
    assert _row(audit.selection.race_ethnicity, "White").impact_ratio == 1.0
    black = _row(audit.selection.race_ethnicity, "Black or African American")
    assert black.impact_ratio == pytest.approx((10 / 49) / 0.5)
    assert _row(audit.selection.intersectional, "Female / Asian").excluded

    kept = bias_audit(decisions, demographics, exclude_below=0)
    asian = _row(kept.selection.race_ethnicity, "Asian")
    assert not asian.excluded and asian.impact_ratio == 1.0
    assert _row(kept.selection.race_ethnicity, "White").impact_ratio == 0.5


def test_exactly_two_percent_is_not_excluded() -> None:
    audit = bias_audit(
        *_people([("Male", "White", 49, 20), ("Male", "Black or African American", 49, 20),
                  ("Female", "Asian", 2, 1)])
    )  # fmt: skip
    asian = _row(audit.selection.race_ethnicity, "Asian")
    assert asian.share == 0.02 and not asian.excluded
    assert asian.impact_ratio == 1.0  # 0.5 is the highest rate, and it counts
    white = _row(audit.selection.race_ethnicity, "White")
    assert white.impact_ratio == pytest.approx((20 / 49) / 0.5)


def test_highest_rate_zero_leaves_impact_ratios_undefined() -> None:
    audit = bias_audit(*_people([("Male", "White", 5, 0), ("Female", "Asian", 5, 0)]))
    for _, rows in audit.selection.dimensions():
        for row in rows:
            assert row.impact_ratio is None
            assert row.rate in (None, 0.0)
    assert audit.flagged() == []


def test_threshold_selects_by_score() -> None:
    decisions = [Decision("a", False, 70.0), Decision("b", False, 69.9), Decision("c", True, 10)]
    demographics = [Demographic("a", "F", "Asian"), Demographic("b", "M", "Asian"),
                    Demographic("c", "M", "Asian")]  # fmt: skip
    audit = bias_audit(decisions, demographics, threshold=70)
    assert [(r.category, r.selected) for r in audit.selection.sex] == [("Male", 0), ("Female", 1)]
    with pytest.raises(InputError, match="no score"):
        bias_audit([Decision("x", True)], [], threshold=50)


def test_self_identification_spellings_and_other_answers() -> None:
    decisions = [Decision(c, True) for c in "abcde"]
    demographics = [
        Demographic("a", "F", "Hispanic/Latino"),
        Demographic("b", " female ", "White (Not Hispanic or Latino)"),
        Demographic("c", "Male", "Black"),
        Demographic("d", "Non-binary", "Two or more races"),
        Demographic("e", "m", "Native Hawaiian or Pacific Islander"),
    ]
    audit = bias_audit(decisions, demographics, exclude_below=0)
    sexes = {r.category: r.applicants for r in audit.selection.sex}
    assert sexes == {"Male": 2, "Female": 2, "Non-binary": 1}  # kept as the person wrote it
    races = {r.category: r.applicants for r in audit.selection.race_ethnicity if r.applicants}
    assert races == {
        "Hispanic or Latino": 1,
        "White": 1,
        "Black or African American": 1,
        "Two or More Races": 1,
        "Native Hawaiian or Other Pacific Islander": 1,
    }
    assert _row(audit.selection.intersectional, "Non-binary / Two or More Races").applicants == 1


def test_conflicting_self_identification_is_an_input_error() -> None:
    with pytest.raises(InputError, match="two different"):
        bias_audit(
            [Decision("a", True)], [Demographic("a", "F", "Asian"), Demographic("a", "M", "Asian")]
        )
    with pytest.raises(InputError, match="no decisions"):
        bias_audit([], [])


def test_json_shape_is_exactly_the_published_one() -> None:
    decisions, demographics = _people(BASIC)
    decisions = [Decision(d.candidate, d.selected, float(i)) for i, d in enumerate(decisions)]
    data = json.loads(render_json(bias_audit(decisions, demographics)))
    assert set(data) == {"selection", "scoring", "unknown", "median_score"}
    for table in (data["selection"], data["scoring"]):
        assert set(table) == {"sex", "race_ethnicity", "intersectional"}
        for rows in table.values():
            for row in rows:
                assert set(row) == {
                    "category",
                    "applicants",
                    "selected",
                    "rate",
                    "impact_ratio",
                    "excluded",
                }
                assert isinstance(row["excluded"], bool)
    assert data["median_score"] == 9.5
    names = [r["category"] for r in data["selection"]["intersectional"]]
    assert names[0] == "Male / Hispanic or Latino" and "Female / Asian" in names
    no_scores: BiasAudit = bias_audit(*_people(BASIC))
    assert json.loads(render_json(no_scores))["scoring"] is None
