"""Degrees: levels with equivalences and the field of study beside them."""

from __future__ import annotations

import pytest

from fairsift.lexicon import LEVEL_RANK, degree_level, find_degrees


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("BSc", "bachelor"),
        ("BS", "bachelor"),
        ("B.S.", "bachelor"),
        ("B.A.", "bachelor"),
        ("Bachelor's", "bachelor"),
        ("B.Tech", "bachelor"),
        ("B.E.", "bachelor"),
        ("BCA", "bachelor"),
        ("BBA", "bachelor"),
        ("B.Com", "bachelor"),
        ("MSc", "master"),
        ("MS", "master"),
        ("M.S.", "master"),
        ("M.A.", "master"),
        ("Master's", "master"),
        ("M.Tech", "master"),
        ("MBA", "master"),
        ("MCA", "master"),
        ("M.E.", "master"),
        ("PhD", "doctorate"),
        ("Ph.D.", "doctorate"),
        ("Doctorate", "doctorate"),
        ("DPhil", "doctorate"),
        ("Associate degree", "associate"),
        ("Diploma in Nursing", "diploma"),
        ("High School", "high_school"),
        ("HSC", "high_school"),
        ("SSC", "high_school"),
        ("12th", "high_school"),
    ],
)
def test_lexicon_degrees_level_equivalences(text: str, level: str) -> None:
    assert degree_level(text) == level


def test_lexicon_degrees_rank_order() -> None:
    order = ["high_school", "diploma", "associate", "bachelor", "master", "doctorate"]
    assert sorted(LEVEL_RANK, key=LEVEL_RANK.__getitem__) == order


@pytest.mark.parametrize(
    ("text", "level", "subject"),
    [
        (
            "B.Tech. Electrical and Electronics Engineering  Manipal Institute of Technology",
            "bachelor",
            "Electrical and Electronics Engineering",
        ),
        (
            "January 2014 BE Civil Engineering Chandrapur, Maharashtra",
            "bachelor",
            "Civil Engineering",
        ),
        ("Bachelor of Science in Nursing from UCLA", "bachelor", "Nursing"),
        ("Master of Business Administration, Harvard", "master", "Business Administration"),
        ("MBA Finance", "master", "Finance"),
        ("MBA (HR) from XLRI", "master", "Human Resources"),
        (
            "Bachelor's degree in Computer Science, Engineering, or a related field",
            "bachelor",
            "Computer Science",
        ),
        ("PhD in Physics", "doctorate", "Physics"),
        ("BSc (Hons) Economics, University of London", "bachelor", "Economics"),
        ("B.Com from Mumbai University", "bachelor", "Commerce"),
        ("Bachelors in ECE", "bachelor", "Electronics and Communication Engineering"),
        ("May 2013 to May 2017 B.E   UIT-RGPV", "bachelor", None),
    ],
)
def test_lexicon_degrees_subject(text: str, level: str, subject: str | None) -> None:
    mentions = find_degrees(text)
    assert mentions, text
    assert (mentions[0].level, mentions[0].subject) == (level, subject)
    assert text[mentions[0].start : mentions[0].end].strip()


@pytest.mark.parametrize(
    "text",
    [
        "MS Office, MS Excel and MS-Word",
        "Boston, MA 02115",
        "Scrum Master",
        "12th March 2019",
        "a level of care",
        "a bed in the med school",
        "Associate Data Scientist",
        "BA (Business Analyst) role",
    ],
)
def test_lexicon_degrees_not_fooled(text: str) -> None:
    assert find_degrees(text) == []


def test_lexicon_degrees_several_in_a_line() -> None:
    text = "BS/MS in Statistics; PhD preferred"
    assert [m.level for m in find_degrees(text)] == ["bachelor", "master", "doctorate"]
