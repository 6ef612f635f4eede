"""Identity the counterfactual audit found reaching the blind scorer, one test per case: names
with a place-like word, third-person pronouns and titles, a street written inline on a contact
line, and the words of a place masked one by one elsewhere."""

from __future__ import annotations

import re

import pytest

from fairsift.privacy import MASK, Redacted, redact
from fairsift.privacy.lists import lists
from fairsift.privacy.names import propagate


def masked(result: Redacted, original: str, value: str, occurrence: int = 0) -> bool:
    """Whether every letter and digit of the `occurrence`-th `value` in `original` is masked."""
    start = -1
    for _ in range(occurrence + 1):
        start = original.index(value, start + 1)
    return all(
        result.text[i] == MASK for i in range(start, start + len(value)) if original[i].isalnum()
    )


def kept(result: Redacted, original: str, value: str) -> bool:
    start = original.index(value)
    return result.text[start : start + len(value)] == value


def kinds_over(result: Redacted, original: str, value: str) -> set[str]:
    start = original.index(value)
    end = start + len(value)
    return {r.kind for r in result.redactions if r.start < end and start < r.end}


# --- 1. a given name and a surname that is also a region or country ------------------------


@pytest.mark.parametrize(
    "name", ["Lakisha Washington", "Michael Jordan", "Sarah Georgia", "Jordan Smith"]
)
def test_a_name_with_a_place_like_word_is_a_name(name: str) -> None:
    given = name.split()[0]
    text = (
        f"{name}\nData Scientist\n{given.lower()}.x@example.com | +1 212 555 0100\n\n"
        f"Summary\nAnalyst with Python and SQL. Reviewed by {given}'s lead.\n"
    )
    result = redact(text)
    assert masked(result, text, name)
    assert kinds_over(result, text, name) == {"name"}
    assert masked(result, text, given, 1)  # a later use of the given name too
    assert kept(result, text, "Analyst with Python and SQL")


@pytest.mark.parametrize(
    "line", ["Georgia Tech Research Institute", "Kerala St. Francis College", "India Pvt Ltd"]
)
def test_a_place_with_a_name_like_word_is_not_a_name(line: str) -> None:
    text = f"{line}\nData Scientist\n\nSkills\nPython\n"
    assert "name" not in {r.kind for r in redact(text).redactions}


# --- 2. third-person pronouns and titles, everywhere ----------------------------------------

BODY = """Jane Doe
Data Scientist

Summary
She led the data team; he joined her in 2021. His models and hers shipped. She taught him,
and she did it herself; he did it himself. Reported to Mr. Okafor; mentored by Mrs Lee.
Ms. Rao and Mx Rowe reviewed it, with Miss Tan. They shipped it on time.
HE ALSO WROTE THE GUIDE
Skills: MS Office, Ms Excel, HER system integration, Python
Tools: Windows, Ms. OfficeEducation Details; Smt. VHD Institute
"""


def test_third_person_pronouns_and_titles_are_masked_everywhere() -> None:
    result = redact(BODY)
    words = r"\b(?:she|he|his|her|hers|him|himself|herself|Mr\.|Mrs|Ms\.|Mx|Miss|HE)(?!\w)"
    body = BODY[: BODY.index("Tools:")]
    found = [m for m in re.finditer(words, body, re.IGNORECASE) if m.group() != "HER"]
    assert len(found) == 17
    for match in found:
        assert set(result.text[match.start() : match.end()]) == {MASK}, match.group()
    pronouns = [r for r in result.redactions if r.kind == "pronoun"]
    assert {BODY[r.start : r.end].lower() for r in pronouns} >= {"she", "he", "his", "him"}
    # "They" is too often not about the person; acronyms and Microsoft stay.
    for value in (
        "They shipped it",
        "MS Office, Ms Excel, HER system integration, Python",
        "Ms. OfficeEducation Details; Smt. VHD Institute",
    ):
        assert kept(result, BODY, value), value


def test_a_pronouns_line_masks_they() -> None:
    text = "Alex Kim\nPronouns: they/them\nData Scientist\n\nSummary\nThey build models.\n"
    result = redact(text)
    assert masked(result, text, "they/them")
    assert kept(result, text, "They build models.")


# --- 3. a street written inline after a job title -------------------------------------------

CONTACT_LINE = (
    "Mira Castellan\n"
    "Machine Learning / Data Scientist · {address} · mira.castellan@example.com · "
    "+1 (202) 555-0178 · linkedin.com/in/mira-castellan-example\n"
    "Profile\nData scientist with four years of experience in NLP.\n"
)


@pytest.mark.parametrize(
    "address",
    [
        "1650 Grand Concourse, Bronx, NY 10457",
        "2301 Adam Clayton Powell Jr Blvd, New York, NY 10030",
        "41-25 Kissena Boulevard, Flushing, NY 11355",
        "17 Kissena Xyz, Bronx, NY 10457",  # a street word no list knows
        "Bronx",
    ],
)
def test_an_address_on_a_long_contact_line_is_masked_whole(address: str) -> None:
    text = CONTACT_LINE.format(address=address)
    result = redact(text)
    assert masked(result, text, address), result.text.splitlines()[1]
    assert kept(result, text, "Machine Learning / Data Scientist · ")
    # The rest of the blind text does not depend on the address written in.
    where = text.index(address)
    reference = redact(CONTACT_LINE.format(address="Bronx")).text
    assert result.text[:where] == reference[:where]
    assert result.text[where + len(address) :] == reference[where + len("Bronx") :]


def test_a_street_form_anywhere_in_the_header_starts_at_its_number() -> None:
    text = "Jane Doe\njane@example.com\nData Scientist 1650 Grand Concourse, Bronx\n\nSkills\nSQL\n"
    result = redact(text)
    assert masked(result, text, "1650 Grand Concourse, Bronx")
    assert kept(result, text, "Data Scientist ")


def test_a_street_on_a_contact_line_in_the_body_is_masked() -> None:
    text = (
        "Jane Doe\nSenior Analyst\n\nSummary\nAnalyst with SQL and Tableau.\n\n"
        "Contact: 17 Kissena Xyz, Bronx | jane@example.com | +1 212 555 0100\n"
        "Worked at 3 Data Plaza projects for 120 East clients.\n"
        "Pitch: Analyst 1 Liberty Plaza, Bronx · Senior Analyst · jane@example.com\n"
    )
    result = redact(text)
    assert masked(result, text, "17 Kissena Xyz, Bronx")
    assert kept(result, text, "Contact: ")
    assert kept(result, text, "Worked at 3 Data Plaza projects for 120 East clients.")
    assert masked(result, text, "1 Liberty Plaza, Bronx")
    assert kept(result, text, "Pitch: Analyst ")


# --- 4. a place's words are masked only as the whole place ----------------------------------


def test_new_york_in_the_header_does_not_mask_new_elsewhere() -> None:
    text = (
        "2301 Adam Clayton Powell Jr Blvd, New York, NY 10030\n"
        "Business Analyst\n\nEducation\nSecondary School Certificate, New English High School\n"
        "Experience\nMentor New hires. Onboarded New joiners from New York.\n"
    )
    result = redact(text)
    assert masked(result, text, "2301 Adam Clayton Powell Jr Blvd, New York, NY 10030")
    assert "name" not in {r.kind for r in result.redactions}
    for value in ("New English High School", "Mentor New hires", "Onboarded New joiners"):
        assert kept(result, text, value), value


def test_a_place_inside_a_name_is_propagated_only_whole() -> None:
    text = "Mentor New hires in New York; Ana York and New Haven."
    hits = propagate(text, ["Ana", "New", "York"], lists(), [("Ana", "New", "York")])
    found = {text[h.start : h.end] for h in hits}
    assert "New York" in found and "Ana" in found
    assert not any(text[h.start : h.end] in {"New", "York"} for h in hits)
