"""Job postings as published (clean, glued by job boards, without headings) and TOML specs."""

from __future__ import annotations

from pathlib import Path

import pytest

from fairsift.domain import Requirement
from fairsift.errors import ConfigError
from fairsift.screening.jobs import load_job_spec, parse_job

CLEAN = """# Senior Backend Engineer (Python) – Remote (EU)

## About us
Lumen Freight builds routing software for 400 logistics companies. We are a team of 60.

## What you'll do
- Design and build services in Python and Go
- Own our PostgreSQL schema and migrations

## Requirements
- 5+ years of professional experience with Python
- Strong SQL and PostgreSQL skills
- Experience with Docker and Kubernetes
- Bachelor's degree in Computer Science or a related field
- Fluent English; German is a plus

## Nice to have
- Go or Rust
- AWS Certified Solutions Architect

## Benefits
- €70,000 – €90,000 salary
- 30 days of paid leave
- Learning budget

## How to apply
Send your CV to jobs@lumen.example.com.

Lumen Freight is an equal opportunity employer.
"""

# Copied from a job board: bullets run together, headings glued to sentences, pay and EEO
# text in the middle of it.
GLUED = (
    "Data Engineer - Orbitly - Pune (Hybrid) - Full-time · ₹18-30 LPA "
    "About usOrbitly helps 2,000 shops sell online.Key Responsibilities• Build batch pipelines "
    "in Spark • Maintain Airflow DAGs • Work with analystsRequirementsYou have 3+ years of "
    "data engineering experience• Strong Python and SQLExperience with AWS (S3, Glue, "
    "Redshift)• Bachelor's degree in Engineering or equivalent• Excellent communication "
    "skillsGood to have• Kafka or Kinesis• Databricks certificationPerks: health insurance · "
    "stock options · flexible hoursOrbitly is an equal opportunity employer and does not "
    "discriminate on the basis of gender or religion. How to apply: email "
    "careers@orbitly.example.com"
)

# No requirement heading at all: sentences that read like requirements.
PLAIN = (
    "Bookkeeper (part-time)\n"
    "Hillside Dental is a family practice in Leeds. We are looking for a bookkeeper to keep "
    "our accounts in order two days a week. You will have at least 2 years of bookkeeping "
    "experience and know Xero or QuickBooks. Knowledge of VAT returns is required. An AAT "
    "qualification would be nice. We offer £14 per hour and free parking. Please send your "
    "CV to practice@hillside.example.com.\n"
)

NURSE = """Registered Nurse – Medical/Surgical Unit
Riverside General Hospital · Night shift · Full-time

Qualifications:
* Current RN license in the state of Ohio
* BLS and ACLS certification required
* Minimum of two years of acute care nursing experience
* Bachelor of Science in Nursing (BSN) preferred
* Spanish speaking is a plus

We offer: sign-on bonus, tuition reimbursement and 401(k) matching.
"""

# Indeed's structured lines at the end of a posting.
INDEED = (
    "Junior QA Tester\nAcme Apps\n"
    "Job description\nWe need a tester for our mobile apps.\n"
    "Job Types: Full-time Schedule: Day shift Experience: Selenium: 1 year (Required) "
    "Python: 2 years (Preferred) Language: English (Required)\n"
)


def summary(requirements: tuple[Requirement, ...]) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(r.kind, r.importance, r.terms) for r in requirements]


def test_screening_jobs_clean_markdown() -> None:
    job = parse_job(CLEAN)
    assert job.title == "Senior Backend Engineer"
    assert summary(job.requirements) == [
        # Duties say what the job involves: requirements of half a must's weight.
        ("skill", "must", ("Python", "Go")),
        ("skill", "must", ("PostgreSQL",)),
        ("experience", "must", ("Python",)),
        ("skill", "must", ("SQL", "PostgreSQL")),
        ("skill", "must", ("Docker", "Kubernetes")),
        ("degree", "must", ()),
        ("language", "must", ("English",)),
        ("language", "nice", ("German",)),
        ("skill", "nice", ("Go", "Rust")),
        ("certification", "nice", ("AWS Certified Solutions Architect",)),
    ]
    experience, degree = job.requirements[2], job.requirements[5]
    assert experience.years == 5 and experience.text.startswith("5+ years")
    assert (degree.level, degree.subject) == ("bachelor", "Computer Science")
    assert job.requirements[0].weight == 0.5  # a duty
    assert [r.weight for r in job.requirements[2:]] == [1.0] * 5 + [0.5] * 3
    # Pay, benefits, "about us", how to apply and the EEO line are not requirements.
    texts = " ".join(r.text for r in job.requirements)
    for absent in ("€", "leave", "Lumen Freight", "jobs@", "equal"):
        assert absent not in texts
    parts = {item.part for item in job.set_aside}
    assert {"company", "benefits", "apply", "legal"} <= parts


def test_screening_jobs_glued_job_board_text() -> None:
    job = parse_job(GLUED)
    assert job.title == "Data Engineer"
    assert [(r.kind, r.importance, r.text) for r in job.requirements] == [
        ("skill", "must", "Build batch pipelines in Spark"),
        ("skill", "must", "Maintain Airflow DAGs"),
        ("other", "must", "Work with analysts"),
        ("experience", "must", "You have 3+ years of data engineering experience"),
        ("skill", "must", "Strong Python and SQL"),
        ("skill", "must", "Experience with AWS (S3, Glue, Redshift)"),
        ("degree", "must", "Bachelor's degree in Engineering or equivalent"),
        ("skill", "must", "Excellent communication skills"),
        ("skill", "nice", "Kafka or Kinesis"),
        ("certification", "nice", "Databricks certification"),
    ]
    assert job.requirements[3].years == 3
    assert job.requirements[5].terms[0] == "Amazon Web Services"


def test_screening_jobs_without_requirement_headings() -> None:
    job = parse_job(PLAIN)
    assert job.title == "Bookkeeper"
    assert summary(job.requirements) == [
        ("experience", "must", ("Bookkeeping", "Xero", "QuickBooks")),
        ("skill", "must", ("GST",)),  # VAT returns
        ("other", "nice", ()),  # "An AAT qualification would be nice"
    ]
    assert job.requirements[0].years == 2
    assert job.summary.startswith("Hillside Dental is a family practice")


def test_screening_jobs_licences_and_nice_degree() -> None:
    job = parse_job(NURSE)
    assert job.title == "Registered Nurse"
    assert summary(job.requirements) == [
        ("certification", "must", ("Registered Nurse",)),
        ("certification", "must", ("BLS", "ACLS")),
        ("experience", "must", ("Nursing",)),
        ("degree", "nice", ()),
        ("language", "nice", ("Spanish",)),
    ]
    assert job.requirements[2].years == 2  # "two years"
    degree = job.requirements[3]
    assert (degree.level, degree.subject, degree.weight) == ("bachelor", "Nursing", 0.5)


def test_screening_jobs_indeed_structured_lines() -> None:
    job = parse_job(INDEED)
    assert [(r.kind, r.importance, r.years, r.terms) for r in job.requirements] == [
        ("experience", "must", 1.0, ("Selenium",)),
        ("experience", "nice", 2.0, ("Python",)),
        ("language", "must", None, ("English",)),
    ]


def test_screening_jobs_title_given_wins() -> None:
    assert parse_job(NURSE, title="Night Nurse").title == "Night Nurse"
    assert parse_job("") == parse_job("")
    assert parse_job("").requirements == ()


def test_screening_jobs_one_line_mixes_must_and_nice() -> None:
    text = "Requirements\n- Graduate in Commerce or any discipline; MBA preferred\n"
    assert [(r.kind, r.importance, r.level) for r in parse_job(text).requirements] == [
        ("degree", "must", "bachelor"),
        ("degree", "nice", "master"),
    ]


# -- TOML specs ---------------------------------------------------------------------------------
SPEC = '''\
title = "Data Analyst"
description = """
Reporting for the sales team.
"""

[[requirement]]
text = "3+ years of SQL"
kind = "experience"
years = 3
terms = ["sql", "postgres"]

[[requirement]]
text = "Bachelor's degree in Statistics"
kind = "degree"
level = "BSc"
subject = "Statistics"

[[requirement]]
text = "Tableau dashboards"
importance = "nice"

[[requirement]]
text = "Fluent English"
kind = "language"
weight = 2
'''


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "job.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_screening_jobs_spec_loads(tmp_path: Path) -> None:
    job = load_job_spec(write(tmp_path, SPEC))
    assert job.title == "Data Analyst"
    assert job.summary == "Reporting for the sales team."
    sql, degree, tableau, english = job.requirements
    assert (sql.kind, sql.years, sql.terms, sql.weight) == (
        "experience", 3.0, ("SQL", "PostgreSQL"), 1.0)  # fmt: skip
    assert (degree.level, degree.subject) == ("bachelor", "Statistics")
    assert (tableau.kind, tableau.importance, tableau.weight, tableau.terms) == (
        "skill", "nice", 0.5, ("Tableau", "Data visualization"))  # fmt: skip
    assert (english.kind, english.weight, english.terms) == ("language", 2.0, ("English",))


def test_screening_jobs_spec_example_file() -> None:
    path = Path(__file__).resolve().parents[1] / "examples" / "jobs" / "data-scientist.toml"
    if not path.exists():
        pytest.skip(f"example spec not found at {path}")
    job = load_job_spec(path)
    assert len(job.requirements) == 12
    assert {r.kind for r in job.requirements} >= {"experience", "degree", "skill", "language"}


@pytest.mark.parametrize(
    ("change", "line", "message", "hint"),
    [
        (('kind = "degree"', 'kind = "degre"'), 14, "kind 'degre' is not one of", "Use one of"),
        (('importance = "nice"', 'importnce = "nice"'), 20, "unknown key 'importnce'",
         "Did you mean 'importance'"),
        (("years = 3", 'years = "three"'), 9, "years must be a number", "without quotes"),
        (('level = "BSc"', 'level = "wizard"'), 15, "not a degree level", "bachelor"),
        (("weight = 2", "weight = 0"), 25, "must be above 0", "positive number"),
        (('terms = ["sql", "postgres"]', 'terms = "sql"'), 10, "terms must be a list",
         'terms = ["python"'),
        (('text = "Fluent English"', 'label = "Fluent English"'), 23, "unknown key 'label'",
         "Known keys"),
        (('3+ years of SQL"\nkind = "experience"\nyears = 3', 'SQL"\nkind = "experience"'), 8,
         "needs years", "years = 3"),
        (('title = "Data Analyst"', 'titel = "Data Analyst"'), 1, "unknown key 'titel'",
         "Did you mean 'title'"),
        (('text = "3+ years of SQL"', 'text = "3+ years of SQL'), 7, "not valid TOML",
         "Fix the syntax"),
    ],
)  # fmt: skip
def test_screening_jobs_spec_errors_name_file_line_and_fix(
    tmp_path: Path, change: tuple[str, str], line: int, message: str, hint: str
) -> None:
    old, new = change
    assert old in SPEC
    path = write(tmp_path, SPEC.replace(old, new, 1))
    with pytest.raises(ConfigError) as caught:
        load_job_spec(path)
    error = caught.value
    assert str(path) in error.message and f"line {line}" in error.message
    assert message in error.message and hint in error.hint
    assert error.code == "F200"


def test_screening_jobs_spec_needs_requirements(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="lists no requirements"):
        load_job_spec(write(tmp_path, 'title = "Cook"\n'))
    with pytest.raises(ConfigError, match="cannot read job spec"):
        load_job_spec(tmp_path / "missing.toml")
