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


def test_the_file_name_vouches_for_a_name_no_list_knows() -> None:
    body = "Built data pipelines in Python and SQL for payments teams.\n" * 15
    text = f"Senior Data Engineer\n\n{body}\nZyxwe Brel\nBengaluru, 2024\n"
    without = redact(text)
    helped = redact(text, hints=("Zyxwe_Brel_Resume_final.pdf",))
    assert not all_masked(without, text, "Zyxwe Brel")
    assert all_masked(helped, text, "Zyxwe Brel")
    assert kept(helped, text, "Built data pipelines in Python and SQL")


@pytest.mark.parametrize(
    "message", ["Nou bezwen dlo nan Kafou", "bonjou nou nan palerin", "Patnm pa gen manje"]
)
def test_a_reports_opening_words_are_not_taken_for_a_name(message: str) -> None:
    assert "name" not in {r.kind for r in redact(message, kind="report").redactions}


def test_a_report_still_masks_a_signed_name() -> None:
    text = "Nou bezwen dlo nan Kafou.\nRegards,\nJean-Baptiste Dorelien\n"
    assert all_masked(redact(text, kind="report"), text, "Jean-Baptiste Dorelien")


def test_a_capital_glued_before_the_name_is_masked_with_it() -> None:
    # PDF extraction glues a bullet glyph's letter to a page header: "JTamsin Korvelle Page 2"
    text = (
        "Tamsin Korvelle\nStore Manager\n" + BODY + "staff utilisation. JTamsin Korvelle Page 2 "
        "Professional Experience Continued. Led JIRA and JSON tooling.\n"
    )
    result = redact(text)
    assert all_masked(result, text, "JTamsin Korvelle")
    assert kept(result, text, "JIRA") and kept(result, text, "JSON")


def test_an_everyday_surname_closes_a_two_word_name_before_a_headline() -> None:
    text = BODY + "Referees Oralie Margarethe Beer Centre Manager ZiNc Telephone Banking\n"
    result = redact(text)
    assert all_masked(result, text, "Oralie Margarethe Beer")
    assert kept(result, text, "Centre Manager")
    plain = BODY + "Referees Jade Hilpert Car Sales Manager, Northwind\n"
    assert kept(redact(plain), plain, "Car Sales Manager")


def test_name_words_right_before_an_email_or_phone_are_a_name() -> None:
    # far down a long resume (a contact block repeated on page two), past the header's lines
    text = BODY * 30 + "Captain, 2014/2015 seasons. Valerin Lottel Quill.Heath@gm.co 123-345-7890\n"
    result = redact(text)
    assert all_masked(result, text, "Valerin Lottel")
    # A headline, a skill or a place before the address is not a name.
    for lead in ("Senior Engineer", "Python Django", "New York", "Contact Me"):
        other = BODY * 30 + f"{lead} quill.heath@gm.co 123-345-7890\n"
        at = other.index(lead)
        found = redact(other).redactions
        assert not [r for r in found if r.kind == "name" and r.start < at + len(lead)], lead


@pytest.mark.parametrize("name", ["Dubrovka", "Ramesh Kumarasamy", "R. Thenmozhi"])
def test_the_bracketed_signature_closing_a_declaration_is_a_name(name: str) -> None:
    text = (
        "Objective\n" + BODY + "I hereby declare that the above said facts are true to my "
        f"knowledge. Date: Place: Chennai ({name})\n"
    )
    result = redact(text)
    assert all_masked(result, text, name.removeprefix("R. "))
    for other in ("Signature", "Java"):
        plain = text.replace(f"({name})", f"({other})")
        at = plain.rindex(other)
        found = redact(plain).redactions
        assert not [r for r in found if r.kind == "name" and r.start <= at < r.end], other


def test_the_word_between_an_opening_name_and_a_street_word_is_masked() -> None:
    # "Ziemann Road": the third word is the surname or the home street's name; both identify.
    text = (
        '"Tovik Brannsel Quimbert Road Norway Phone: 365-43-764 ethiel@gmail.com Objective Work '
        "in sales. " + BODY
    )
    result = redact(text)
    assert all_masked(result, text, "Tovik Brannsel Quimbert")
    assert kept(result, text, "Software Engineer")
    street = "Contact\n2301 Adam Clayton Powell Jr Blvd, New York\n" + BODY
    found = redact(street).redactions
    assert not [r for r in found if r.kind == "name"]
