"""Resume understanding on hand-written resumes with known answers and on the real dataset."""

from __future__ import annotations

import csv
import datetime
from pathlib import Path

import pytest

from fairsift.lexicon import find_degrees
from fairsift.screening.resume import parse_resume, skill_months

AS_OF = datetime.date(2024, 6, 1)
DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"

CLEAN = """\
JANE DOE
Data Engineer

SUMMARY
Data engineer with 7+ years of experience building pipelines. 5 years of Python and
3 yrs with AWS. Kafka: 2 years.

WORK EXPERIENCE
Senior Data Engineer
Acme Analytics, Pune
Feb. 2021 – Present
• Built Spark pipelines on AWS with Python and Airflow.
• Led a team of four.

Data Engineer | Beta Corp | 06/2017 – 03/2021
• Wrote ETL jobs in SQL and Python; Informatica.

Intern, Gamma Ltd (Jan 2017 - May 2017)
- Java and SQL reports.

EDUCATION
B.Tech in Computer Science, XYZ Institute of Technology, 2013 - 2017
HSC, ABC Junior College, 2011-2013

PROJECTS
Movie recommender (2016 - 2017): Python, scikit-learn

SKILLS
Python, SQL, Spark, AWS, Airflow, Docker

LANGUAGES
English (fluent), Hindi (native)

CERTIFICATIONS
AWS Certified Solutions Architect – Associate
"""

# The dataset's shape: headings glued to the text before them, "Skill Details" months.
GLUED = (
    "Skills * Python, Keras, AWS and Deep learning.Education Details \n"
    "May 2013 to May 2017 B.E   UIT-RGPV\n"
    "Data Scientist \n\n"
    "Data Scientist - Matelabs\n"
    "Skill Details \n"
    "Python- Exprience - 24 months\n"
    "AWS- Exprience - Less than 1 year months\n"
    "Keras- Exprience - 12 monthsCompany Details \n"
    "company - Matelabs\n"
    "description - ML platform for business professionals.\n"
)


def test_screening_resume_sections_in_order() -> None:
    profile = parse_resume(CLEAN, as_of=AS_OF)
    names = [s.name for s in profile.sections]
    assert names == [
        "top", "summary", "experience", "education", "projects", "skills", "languages",
        "certifications",
    ]  # fmt: skip
    for section in profile.sections[1:]:
        assert CLEAN[section.start : section.body].strip() == section.heading
    skills = profile.section("skills")
    assert skills is not None
    assert CLEAN[skills.body : skills.end].strip() == "Python, SQL, Spark, AWS, Airflow, Docker"


def test_screening_resume_roles_titles_and_months() -> None:
    profile = parse_resume(CLEAN, as_of=AS_OF)
    assert [(r.title, r.dates.start, r.dates.end, r.months) for r in profile.roles] == [
        ("Senior Data Engineer", (2021, 2), (2024, 6), 41),
        ("Data Engineer", (2017, 6), (2021, 3), 46),
        ("Intern", (2017, 1), (2017, 5), 5),
    ]
    first = profile.roles[0]
    block = CLEAN[first.span[0] : first.span[1]]
    assert block.startswith("Senior Data Engineer\nAcme Analytics")
    assert "Led a team of four." in block and "Beta Corp" not in block
    # Feb-Mar 2021 overlaps: counted once. Education and project dates are not work.
    assert profile.total_months == 41 + 46 - 2 + 5
    assert len(profile.other_dates) == 3


def test_screening_resume_skill_months() -> None:
    profile = parse_resume(CLEAN, as_of=AS_OF)
    assert skill_months(profile, "Python") == 85  # both roles, merged
    assert skill_months(profile, "python3") == 85  # any alias
    assert skill_months(profile, "Java") == 5  # the internship only
    assert skill_months(profile, "Informatica") == 46
    assert skill_months(profile, "Kafka") == 24  # stated, not in a dated role
    assert skill_months(profile, "Docker") == 0  # listed, never used in a dated role
    assert skill_months(profile, "COBOL") == 0


def test_screening_resume_education_skills_and_more() -> None:
    profile = parse_resume(CLEAN, as_of=AS_OF)
    assert [(d.level, d.subject) for d in profile.education] == [
        ("bachelor", "Computer Science"),
        ("high_school", None),
    ]
    assert {"Python", "SQL", "Apache Spark", "Docker"} <= {m.canonical for m in profile.skills}
    assert [m.canonical for m in profile.certifications] == ["AWS Certified Solutions Architect"]
    assert [(m.canonical, m.detail) for m in profile.languages] == [
        ("English", "fluent"),
        ("Hindi", "native"),
    ]
    for mention in (*profile.skills, *profile.certifications, *profile.languages):
        assert CLEAN[mention.start : mention.end].strip()


def test_screening_resume_glued_dataset_headings() -> None:
    profile = parse_resume(GLUED, as_of=AS_OF)
    assert [s.name for s in profile.sections] == ["skills", "education", "skills", "experience"]
    assert profile.roles == ()  # the only dates are a degree's
    assert [(d.level, GLUED[d.start : d.end]) for d in profile.education] == [("bachelor", "B.E")]
    assert skill_months(profile, "Python") == 24
    assert skill_months(profile, "Amazon Web Services") == 6  # "Less than 1 year"
    assert skill_months(profile, "Keras") == 12
    assert profile.total_months == 0


def test_screening_resume_stated_total_when_no_dates() -> None:
    text = "PROFILE\nAccountant with 8+ years of experience in GST and Tally.\n"
    profile = parse_resume(text, as_of=AS_OF)
    assert profile.roles == ()
    assert profile.total_months == 96
    assert skill_months(profile, "GST") == 96
    assert skill_months(profile, "Tally") == 96


def test_screening_resume_overlapping_roles_counted_once() -> None:
    text = (
        "EXPERIENCE\nTeacher, Hill School, Jan 2018 - Dec 2019\nLesson planning\n\n"
        "Tutor, Evening Classes, Jan 2019 - Dec 2020\nLesson planning\n"
    )
    profile = parse_resume(text, as_of=AS_OF)
    assert [r.months for r in profile.roles] == [24, 24]
    assert profile.total_months == 36
    assert skill_months(profile, "Lesson planning") == 36


def test_screening_resume_is_reproducible() -> None:
    assert parse_resume(CLEAN, as_of=AS_OF) == parse_resume(CLEAN, as_of=AS_OF)
    later = parse_resume(CLEAN, as_of=datetime.date(2025, 6, 1))
    assert later.total_months == parse_resume(CLEAN, as_of=AS_OF).total_months + 12


def _dataset() -> list[str]:
    path = DATA / "resumes" / "UpdatedResumeDataSet.csv"
    if not path.exists():
        pytest.skip(f"development data not found at {path}")
    with path.open(encoding="utf-8") as handle:
        return list(dict.fromkeys(row["Resume"] for row in csv.DictReader(handle)))


@pytest.mark.dataset
def test_screening_resume_real_dataset() -> None:
    resumes = _dataset()
    assert len(resumes) == 166
    as_of = datetime.date(2019, 6, 1)  # the collection dates from 2018-2019
    with_details = understood = with_roles = 0
    for text in resumes:
        profile = parse_resume(text, as_of=as_of)
        assert profile.sections and profile.sections[-1].end == len(text)
        for role in profile.roles:
            assert 0 <= role.span[0] <= role.date_span[0] < role.date_span[1] <= role.span[1]
            assert role.span[1] <= len(text) and role.months > 0
            line_end = text.find("\n", role.date_span[1])
            line = text[text.rfind("\n", 0, role.date_span[0]) + 1 : line_end]
            if find_degrees(line):  # a dated degree is schooling unless it reads as a job
                assert profile.section("experience") is not None
        assert profile.total_months >= max((r.months for r in profile.roles), default=0)
        if "Exprience" in text:
            with_details += 1
            understood += any(s.canonical and s.months for s in profile.statements)
        with_roles += bool(profile.roles)
    assert with_details == 125
    assert understood >= 120  # "X- Exprience - N months" with X a known skill
    assert with_roles >= 40


@pytest.mark.dataset
def test_screening_resume_known_dataset_answers() -> None:
    resumes = _dataset()
    civil = next(t for t in resumes if "ALIA CONSTRUCTION AT NALLASOPARA" in t)
    profile = parse_resume(civil, as_of=datetime.date(2019, 6, 1))
    assert [(r.dates.start, r.dates.end) for r in profile.roles][:2] == [
        ((2014, 6), (2015, 5)),
        ((2018, 5), (2019, 6)),
    ]
    assert skill_months(profile, "AutoCAD") >= 9
    sales = next(t for t in resumes if "ICICI Merchant services" in t)
    titles = [r.title for r in parse_resume(sales, as_of=datetime.date(2019, 6, 1)).roles]
    assert titles[:2] == ["Sales Manager", "Sr. Sales Executive"]
