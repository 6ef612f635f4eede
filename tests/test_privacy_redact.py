"""Blind mode removes each kind of identity on realistic resume text and keeps the rest."""

from __future__ import annotations

import pytest

from fairsift.privacy import MASK, Redacted, Redaction, redact

HEADER = """Priya Sharma
Data Scientist
priya.sharma92@gmail.com | +91 98765 43210 | linkedin.com/in/priya-sharma-123
Koramangala, Bengaluru, Karnataka 560034

Summary
Data scientist with 5 years of experience in Python, Flask, Spring and Ruby.
"""


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


def kinds(result: Redacted) -> set[str]:
    return {r.kind for r in result.redactions}


def test_header_name_contacts_and_home_are_masked() -> None:
    result = redact(HEADER)
    for value in (
        "Priya Sharma",
        "priya.sharma92@gmail.com",
        "+91 98765 43210",
        "linkedin.com/in/priya-sharma-123",
        "Koramangala",
        "Bengaluru",
        "Karnataka",
        "560034",
    ):
        assert masked(result, HEADER, value), value
    assert {"name", "email", "phone", "url", "location", "address"} <= kinds(result)
    assert kept(result, HEADER, "Data Scientist")
    assert kept(result, HEADER, "Python, Flask, Spring and Ruby")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Jane Doe\njane@example.org\n\nSkills: Go", "jane@example.org"),
        ("Contact: jane [at] example [dot] com", "jane [at] example [dot] com"),
        ("Phone: (512) 555-0199", "(512) 555-0199"),
        ("Mobile: +44 20 7946 0958", "+44 20 7946 0958"),
        ("Tel: +49 30 12345678", "+49 30 12345678"),
        ("Cell 0802 123 4567", "0802 123 4567"),
        ("call me on +234 803 123 4567 any time", "+234 803 123 4567"),
        # short local numbers, as reports give them: only after words that say so
        ("You can call me on 555-0190.", "555-0190"),
        ("my number is 555 0190", "555 0190"),
        ("tanpri rele m nan 3712-445", "3712-445"),
        ("Llámame al 555-0190", "555-0190"),
        ("Appelez-moi au 555 0190", "555 0190"),
        ("Work: 312.555.0199", "312.555.0199"),
        ("https://github.com/janedoe", "https://github.com/janedoe"),
        ("GitHub: janedoe", "janedoe"),
        ("see indeed.com/r/Jane-Doe/3f2a9c1b7e", "indeed.com/r/Jane-Doe/3f2a9c1b7e"),
        ("twitter.com/jane_doe and x.com/janedoe", "x.com/janedoe"),
        ("Portfolio: janedoe.dev", "janedoe.dev"),
        ("www.facebook.com/jane.doe.5", "www.facebook.com/jane.doe.5"),
    ],
)
def test_contact_details_are_masked(text: str, value: str) -> None:
    assert masked(redact(text), text, value)


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        ("Date of Birth: 12/05/1993", "12/05/1993", "date_of_birth"),
        ("DOB 1990-02-08", "1990-02-08", "date_of_birth"),
        ("I was born on 3rd March 1988 in Lagos.", "3rd March 1988", "date_of_birth"),
        ("Age: 29", "29", "age"),
        ("Sex/Age : Male/29", "Male/29", "gender"),
        ("Gender: Female    Marital Status: Married", "Female", "gender"),
        ("Gender: Female    Marital Status: Married", "Married", "marital_status"),
        ("Martial Status : Unmarried", "Unmarried", "marital_status"),
        ("Nationality: Nigerian", "Nigerian", "nationality"),
        ("Religion : Hindu", "Hindu", "religion"),
        ("Ana Lima (she/her)", "she/her", "gender"),
        ("Pronouns: they/them", "they/them", "gender"),
        ("Photo: attached", "attached", "photo"),
        ("Passport No: K1234567", "K1234567", "id_number"),
    ],
)
def test_personal_fields_are_masked(text: str, value: str, kind: str) -> None:
    result = redact(text)
    assert masked(result, text, value)
    assert kind in kinds(result)


def test_titles_mask_gender_and_the_name_after_them() -> None:
    text = "Worked under Mr. Satish Kumar and Ms. Grace Young on the ERP rollout."
    result = redact(text)
    for value in ("Mr", "Satish Kumar", "Ms", "Grace Young"):
        assert masked(result, text, value), value
    assert kept(result, text, "on the ERP rollout.")


def test_short_numbers_without_a_phone_word_stay() -> None:
    for text in ("we need 300-400 tents", "rooms 101-1020", "120 families in 2010, 2011, 2012"):
        assert redact(text).text == text


def test_ms_office_is_not_a_title() -> None:
    text = "Tools: MS Office, MS Excel, Ms Word and MS SQL Server"
    assert redact(text).text == text


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("Address: 221B Baker Street, London NW1 6XE", ["221B Baker Street", "London", "NW1 6XE"]),
        ("1234 Maple Avenue, Apt 5B, Austin, TX 78701", ["1234 Maple Avenue", "Austin", "78701"]),
        ("Flat 302, 5th Cross Road, Indiranagar, Bangalore - 560038", ["Flat 302", "560038"]),
        ("Invalidenstraße 42, 10115 Berlin, Germany", ["Invalidenstraße 42", "10115", "Berlin"]),
        ("Based in Lagos, Nigeria.", ["Lagos", "Nigeria"]),
        ("Location: Pusad, Maharashtra", ["Pusad", "Maharashtra"]),
        ("Vancouver, BC V6B 1A1", ["Vancouver", "BC", "V6B 1A1"]),
        ("Permanent Address\nH.No. 4-5-6, Ward 5, Sitapur", ["H.No. 4-5-6, Ward 5, Sitapur"]),
        ("Place: Pune", ["Pune"]),
    ],
)
def test_addresses_and_home_locations_are_masked(text: str, values: list[str]) -> None:
    result = redact(text)
    for value in values:
        assert masked(result, text, value), value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("EDUCATION\nB.Tech, Computer Science, IIT Delhi, 2011 - 2015", "2015"),
        ("B.Sc. Physics, University of Nairobi (Class of 2009)", "2009"),
        ("Batch: 2011-2015", "2015"),
        ("Year of Passing: 2014", "2014"),
        ("LL.B., Delhi University, 1993", "1993"),
    ],
)
def test_graduation_years_are_masked(text: str, value: str) -> None:
    result = redact(text)
    assert masked(result, text, value)
    assert "graduation_year" in kinds(result)


def test_employment_dates_stay() -> None:
    text = "EXPERIENCE\nSenior Engineer, Infosys, Jan 2015 - Mar 2019\nSkills: Java, Kotlin"
    result = redact(text)
    assert kept(result, text, "Jan 2015 - Mar 2019")


def test_the_header_name_is_masked_wherever_it_appears_again() -> None:
    text = (
        "ALEJANDRO DE LA CRUZ\nalejandro.cruz@outlook.com\n\nSkills: Django, Pandas\n\n"
        "Declaration\nI hereby declare the above is true.\n(Alejandro de la Cruz)"
    )
    result = redact(text)
    assert masked(result, text, "ALEJANDRO DE LA CRUZ")
    assert masked(result, text, "Alejandro de la Cruz")
    assert kept(result, text, "Skills: Django, Pandas")


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("Oluwaseun Adeyemi\noluwaseun.adeyemi@gmail.com", "Oluwaseun Adeyemi"),
        ("WANG Xiaoming\nxiaoming.wang@qq.com", "WANG Xiaoming"),
        ("# Thabo van der Merwe\nthabo@example.co.za", "Thabo van der Merwe"),
        ("PRIYA\nSHARMA\npriya.s@gmail.com", "PRIYA\nSHARMA"),
        (
            "Contact\nnusrat.hossain@hotmail.com\n\nTop Skills\nSQL\n\nNusrat Hossain\nAnalyst",
            "Nusrat Hossain",
        ),
        ("My name is Ngoc Anh Le and I live in Hanoi.", "Ngoc Anh Le"),
        ('Hiwot "Kevin" Bekele\nhiwot.bekele@gmail.com', 'Hiwot "Kevin" Bekele'),
        ("Hye-jin Kim (she/her)\nhyejin.kim@naver.com", "Hye-jin Kim"),
        ("nerea iglesias\nnerea.iglesias@gmail.com | +34 612 345 678", "nerea iglesias"),
        ("Surname(s) / First name(s)    Kowalska Agnieszka", "Kowalska Agnieszka"),
    ],
)
def test_names_from_many_origins_and_layouts(header: str, name: str) -> None:
    text = header + "\n\nSkills: Python, Go, Rust, Swift"
    result = redact(text)
    assert masked(result, text, name), result.text
    assert kept(result, text, "Skills: Python, Go, Rust, Swift")


def test_public_types_round_trip_to_dicts() -> None:
    result = redact("Jane Doe\njane@example.org")
    data = result.to_dict()
    assert data["text"] == result.text
    assert data["redactions"] == [r.to_dict() for r in result.redactions]
    first = result.redactions[0]
    assert isinstance(first, Redaction)
    assert first.to_dict() == {"kind": first.kind, "start": first.start, "end": first.end}


def test_skill_guard_of_weak_hits_is_the_overlap_rule_on_real_resumes() -> None:
    """_protected drops a weak hit exactly when it overlaps a skill mention (checked by the
    plain pairwise rule), with overlapping and nested skill spans, on the example resumes."""
    from pathlib import Path

    from fairsift.config import load_settings
    from fairsift.intake import Limits, read_document
    from fairsift.privacy.redact import _collect, _protected, skill_spans

    folder = Path(__file__).resolve().parents[1] / "examples" / "resumes"
    limits = Limits.from_settings(load_settings())
    checked = dropped = 0
    for path in sorted(folder.glob("*.*")):
        text = read_document(path, limits).text
        text += (  # weak place hits that run into a skill ("Communication Indore, ...")
            "\nJanuary 2014 B.E. Electronics & Communication Indore, Madhya Pradesh IES"
            "\nJanuary 2012 Diploma Labour Law Pune, Maharashtra University of Pune"
            "\nSpring Boot, Jersey, Ruby on Rails; Mobile, Alabama; Reading, Berkshire"
        )
        hits = [h for h in _collect(text) if h.start < h.end]
        spans = skill_spans(text)
        want = [
            h for h in hits if not (h.weak and any(s < h.end and h.start < e for s, e in spans))
        ]
        assert _protected(text, hits) == want, path.name
        checked += len(hits)
        dropped += len(hits) - len(want)
    assert checked > 100 and dropped > 0
