"""The candidate's name is found by where it stands (first line, "Name:" field, sign-off,
title), whatever list knows it, and masked everywhere it recurs; skills stay."""

from __future__ import annotations

import pytest

from fairsift.privacy import MASK, Redacted, redact
from fairsift.privacy.lead import find_lead_names
from fairsift.privacy.lists import lists


def all_masked(result: Redacted, original: str, value: str) -> bool:
    """Every occurrence of `value` has all its letters and digits masked."""
    start = original.find(value)
    assert start >= 0, value
    while start >= 0:
        for i in range(start, start + len(value)):
            if original[i].isalnum() and result.text[i] != MASK:
                return False
        start = original.find(value, start + 1)
    return True


def kept(result: Redacted, original: str, value: str) -> bool:
    start = original.index(value)
    return result.text[start : start + len(value)] == value


BODY = (
    "WORK EXPERIENCE\n\nSoftware Engineer\nInfosys - Bengaluru, Karnataka\n"
    "Built services in Java, Python and Swift; R programming for reports; C and Go tooling.\n"
)


@pytest.mark.parametrize(
    "name",
    [
        "Arjun KS",
        "Kavya U.",
        "R Arunravi",
        "K. Siddharth",
        "kimaya sonawane",
        "Tapan kumar Nayak",
        "Syed Sadath ali",
        "THU TRANG PHAM",
        "Ahmed bin Rashid al-Farsi",
        "Ana da Silva",
        "Zyxwe Qortanu",
    ],
)
def test_the_first_line_names_the_candidate_whatever_its_shape(name: str) -> None:
    slug = name.replace(" ", "-").replace(".", "")
    text = (
        f"{name}\nSoftware Engineer - Infosys Limited\n\n"
        f"Email me on Indeed: indeed.com/r/{slug}/10e7a8cb732bc43a\n\n{BODY}\nRegards,\n{name}\n"
    )
    result = redact(text)
    assert all_masked(result, text, name), result.text
    for skill in ("Java, Python and Swift", "R programming", "C and Go"):
        assert kept(result, text, skill), skill


def test_a_name_flattened_onto_one_line_ends_at_the_headline() -> None:
    text = (
        '"Jade Hilpert Car Sales Manager AREAS OF EXPERTISE Trade Ins. Jade Hilpert has sold '
        "cars for ten years. Skills: Jade templates, Car Sales, CRM"
    )
    result = redact(text)
    assert all_masked(result, text, "Jade Hilpert")
    assert kept(result, text, "Car Sales Manager")
    assert kept(result, text, "Skills: Jade templates, Car Sales, CRM")


def test_a_title_before_the_name_in_flattened_text() -> None:
    text = (
        "Sample Resume: Human Resource Manager Jestine Kilback 1234 Elm Street Anytown "
        "(123)345-7890 Objective: to lead HR. Jestine led a team of 5."
    )
    result = redact(text)
    assert all_masked(result, text, "Jestine Kilback")
    assert all_masked(result, text, "Jestine")
    assert kept(result, text, "Human Resource Manager")


def test_name_field_sign_off_and_native_script() -> None:
    text = (
        "王伟 (Wang Wei)\nData Analyst\n\nPersonal Details\nName: Oyelaran Tshabangu\n"
        "Skills: SQL, Excel\n\nYours sincerely,\nMbeki Ntuli\n"
    )
    result = redact(text)
    for value in ("王伟", "Wang Wei", "Oyelaran Tshabangu", "Mbeki Ntuli"):
        assert all_masked(result, text, value), value
    assert kept(result, text, "Skills: SQL, Excel")


def test_a_surname_that_is_a_skill_is_masked_only_as_the_name() -> None:
    text = (
        "Vikram Java\nJava Developer\nvikram.java@gmail.com\n\nSkills: Java, Spring, Swift\n"
        "Vikram Java led the Java migration.\n"
    )
    result = redact(text)
    assert all_masked(result, text, "Vikram Java")
    assert kept(result, text, "Java Developer")
    assert kept(result, text, "Skills: Java, Spring, Swift")
    assert kept(result, text, "the Java migration")


def test_headings_titles_places_and_streets_are_not_names() -> None:
    data = lists()
    for text in (
        "PHARMACEUTICAL SALES REPRESENTATIVE\nAward-winning sales rep",
        "Professional Summary\nExceptionally focused Java developer",
        "San Mateo, CA\nAuthorized to work in the US",
        "2301 Adam Clayton Powell Jr Blvd, New York, NY 10030\nBusiness Analyst",
        "Objective: To obtain an opportunity where I can utilize my skills",
    ):
        assert find_lead_names(text, data) == [], text


def test_the_name_is_masked_in_any_case_and_in_the_email_and_profile() -> None:
    text = (
        "Kavya Udupa\nQA Engineer\nkavya.udupa@gmail.com | linkedin.com/in/kavya-udupa\n\n"
        "KAVYA UDUPA - page 2\nkavya udupa tested the payments API.\n"
    )
    result = redact(text)
    for value in ("KAVYA UDUPA", "kavya udupa", "kavya.udupa@gmail.com", "kavya-udupa"):
        assert all_masked(result, text, value), value
    assert kept(result, text, "QA Engineer")
