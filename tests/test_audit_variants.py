"""Counterfactual rewriting: only who the person seems to be changes, every place the resume
says it, and nothing else."""

from __future__ import annotations

import difflib
from datetime import date

from fairsift.audit.variants import KINDS, identities, make_variants

RESUME = """DEV KALIMBECK
Junior Data Scientist
Indore, Madhya Pradesh | dev.kalimbeck@example.com | +1 (202) 555-0156
github.com/devk-example

SUMMARY
Data analyst at Ledgerly Payments, Indore. Kalimbeck built a churn model; he presented his
results to the board himself.

EDUCATION
B.Sc. Mathematics, Devi Ahilya Vishwavidyalaya, Indore      2020 – 2023
"""
AS_OF = date(2026, 1, 15)


def _changed(before: str, after: str) -> list[str]:
    """The words of `after` that differ from `before`."""
    a, b = before.split(), after.split()
    out: list[str] = []
    for tag, _, _, j1, j2 in difflib.SequenceMatcher(None, a, b).get_opcodes():
        if tag != "equal":
            out += b[j1:j2]
    return out


def test_every_kind_has_its_identities() -> None:
    variants = make_variants(RESUME, as_of=AS_OF)
    counts = {kind: sum(v.kind == kind for v in variants) for kind in KINDS}
    pools = identities()
    assert counts == {kind: len(pools[kind]) for kind in KINDS}
    assert counts["name"] == 28 and counts["pronouns"] == 3
    groups = {who.group.split(",")[0] for who in pools["name"]}
    assert len(groups) == 7
    assert len(identities(names_per_group=1)["name"]) == 14


def test_name_swap_follows_the_name_everywhere_in_its_case() -> None:
    variant = next(
        v for v in make_variants(RESUME, ["name"], as_of=AS_OF) if v.label == "María Hernández"
    )
    assert variant.text.startswith("MARÍA HERNÁNDEZ\n")
    assert "maria.hernandez@example.com" in variant.text  # e-mails in ASCII
    assert "Hernández built a churn model" in variant.text  # the surname alone, too
    assert "kalimbeck" not in variant.text.lower()
    assert "Indore, Madhya Pradesh" in variant.text  # nothing else changed
    assert set(_changed(RESUME, variant.text)) <= {
        "MARÍA",
        "HERNÁNDEZ",
        "maria.hernandez@example.com",
        "Hernández",
    }


def test_pronouns_line_and_third_person_pronouns() -> None:
    variants = {v.label: v for v in make_variants(RESUME, ["pronouns"], as_of=AS_OF)}
    she = variants["she/her"].text
    assert "DEV KALIMBECK\nPronouns: she/her\nJunior Data Scientist" in she
    assert "she presented her\nresults to the board herself" in she
    they = variants["they/them"].text
    assert "they presented their\nresults to the board themselves" in they
    assert set(_changed(RESUME, variants["he/him"].text)) == {"Pronouns:", "he/him"}


def test_age_shifts_graduation_years_and_adds_a_date_of_birth() -> None:
    variants = {v.label: v for v in make_variants(RESUME, ["age"], as_of=AS_OF)}
    young, old = variants["age 25"].text, variants["age 65"].text
    # Last degree at 22: born 2001 and graduated 2023 at 25; born 1961, graduated 1983 at 65.
    assert "Date of birth: 14 March 2001" in young and "2020 – 2023" in young
    assert "Date of birth: 14 March 1961" in old and "1980 – 1983" in old
    assert set(_changed(RESUME, old)) == {"Date", "of", "birth:", "14", "March", "1961",
                                          "1980", "1983"}  # fmt: skip


def test_address_replaces_the_home_place_not_the_employers() -> None:
    variants = {v.label: v for v in make_variants(RESUME, ["address"], as_of=AS_OF)}
    text = variants["Mount Hope, Bronx"].text
    assert text.splitlines()[2].startswith("1650 Grand Concourse, Bronx, NY 10457 | dev.")
    assert "Ledgerly Payments, Indore" in text and "Vishwavidyalaya, Indore" in text


def test_a_resume_without_a_header_gets_one_line_per_kind() -> None:
    body = "Skills: Python, SQL. Worked at Kavach Retail, Bengaluru on churn models.\n"
    variants = make_variants(body, names_per_group=1, as_of=AS_OF)
    by_label = {v.label: v.text for v in variants}
    assert by_label["Jamal Jones"] == "Jamal Jones\n" + body
    assert by_label["they/them"] == "Pronouns: they/them\n" + body
    assert by_label["Dearborn, Michigan"] == "6100 Schaefer Road, Dearborn, MI 48126\n" + body
    assert by_label["age 45"] == "Date of birth: 14 March 1981\n" + body
