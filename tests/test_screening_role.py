"""Role fit and specificity on hand-written resumes and postings, through the real pipeline
(real lexicon, real bundled embedding model, real intake)."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from fairsift.config import load_settings
from fairsift.domain import Requirement
from fairsift.intake import parse_bytes
from fairsift.screening.jobs import parse_job
from fairsift.screening.output import assessment_row
from fairsift.screening.pipeline import (
    ROLE_SHARE,
    Screener,
    job_requirements,
    requirement_specificity,
)
from fairsift.screening.role import posting_role
from fairsift.screening.specificity import SOFT_CAP, specificity

AS_OF = date(2025, 6, 1)

BACKEND = """Daniel Brooks
Backend Web Engineer

EXPERIENCE
Senior Backend Engineer, Parcelport — 03/2020 – present
Built the order and billing APIs in Python with Django and Django REST framework on PostgreSQL.
Moved the customer dashboard to React and TypeScript; added Celery workers and Redis caching.
Backend Developer, Shopwise — 01/2016 – 02/2020
Developed Django services and REST APIs; PostgreSQL tuning; React components for the admin UI.
Deployed with Docker on AWS.

SKILLS
Python, Django, PostgreSQL, React, TypeScript, JavaScript, Docker, AWS, Redis, Celery, Git
Teamwork, communication
"""

WEB_POSTING = (
    "Senior Python Developer (Django/React)\n"
    "We build a marketplace for local shops.\n"
    "What you will do: build REST APIs in Django and Django REST framework, own our PostgreSQL "
    "schema, and ship features end to end with React and TypeScript.\n"
    "Requirements: 5+ years of Python; strong Django; React; PostgreSQL; Docker and AWS a plus.\n"
    "Teamwork and communication skills.\n"
)

ROBOTICS_POSTING = (
    "Research Engineer, Robotics Perception (C++)\n"
    "Join our robotics research lab building perception for autonomous manipulators.\n"
    "What you will do: develop real-time C++ perception and SLAM modules on ROS, run experiments "
    "on robot arms, and publish at ICRA.\n"
    "Requirements: PhD in robotics or computer vision; modern C++ (C++17); ROS; OpenCV; "
    "CUDA; point cloud processing with PCL; linear algebra with Eigen.\n"
    "Teamwork and communication skills.\n"
)


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener.create(load_settings(db="sqlite://"), as_of=AS_OF)


def _assess(screener: Screener, resume: str, posting: str):  # type: ignore[no-untyped-def]
    document = parse_bytes(resume.encode(), "resume.txt")
    return screener.screen(document, screener.job_from_text(posting, "posting"))


def _role(assessment):  # type: ignore[no-untyped-def]
    return next(m for m in assessment.matches if m.requirement.kind == "role")


def test_backend_engineer_fits_the_django_react_posting_far_better_than_robotics(
    screener: Screener,
) -> None:
    web = _assess(screener, BACKEND, WEB_POSTING)
    robotics = _assess(screener, BACKEND, ROBOTICS_POSTING)
    assert _role(web).similarity >= 0.7
    assert _role(robotics).similarity <= 0.2
    assert web.score - robotics.score >= 30, (web.explanation, robotics.explanation)


def test_role_fit_quotes_the_resume_and_says_what_is_missing(screener: Screener) -> None:
    web = _role(_assess(screener, BACKEND, WEB_POSTING))
    assert web.evidence, web.reason
    assert any("Django" in e.quote for e in web.evidence)
    robotics = _role(_assess(screener, BACKEND, ROBOTICS_POSTING))
    assert "missing" in robotics.reason and "C++" in robotics.reason


def test_role_fit_is_lower_when_the_posting_asks_a_higher_level() -> None:
    junior_title = posting_role("We use Django and React. 1 year of experience.", "Developer")
    lead_title = posting_role("We use Django and React.", "Head of Engineering")
    assert junior_title.level < lead_title.level
    assert "head" in lead_title.level_cue


def test_soft_skills_cannot_carry_a_score() -> None:
    assert specificity("Teamwork") <= SOFT_CAP
    assert specificity("Communication skills") <= SOFT_CAP
    assert specificity("Django") >= 0.6
    generic = Requirement("Teamwork and communication", terms=("Teamwork", "Communication skills"))
    named = Requirement("Strong Django", terms=("Django",))
    nothing = Requirement("A can-do attitude")
    assert requirement_specificity(named) >= 6 * requirement_specificity(generic)
    assert requirement_specificity(nothing) < requirement_specificity(named)


def test_a_resume_with_only_soft_skills_scores_low(screener: Screener) -> None:
    soft = (
        "Alex Doe\nSKILLS\nTeamwork, communication, leadership, problem solving, time management\n"
    )
    assert _assess(screener, soft, WEB_POSTING).score < 15


def test_weights_in_job_requirements_are_importance_times_specificity() -> None:
    posting = parse_job(WEB_POSTING)
    requirements = job_requirements(posting, from_spec=False)
    role, rest = requirements[0], requirements[1:]
    assert role.kind == "role" and role.text == posting.title
    for original, weighted in zip(posting.requirements, rest, strict=True):
        expected = round(original.weight * requirement_specificity(original), 3)
        assert weighted.weight == expected
    assert role.weight == pytest.approx(
        max(1.0, sum(r.weight for r in rest)) * ROLE_SHARE / (1 - ROLE_SHARE), abs=0.01
    )


def test_the_explanation_writes_out_the_arithmetic(screener: Screener) -> None:
    assessment = _assess(screener, BACKEND, WEB_POSTING)
    text = assessment.explanation
    head = re.match(r"([\d.]+) = 100 × ([\d.]+) / ([\d.]+); role fit ([\d.]+) × ([\d.]+)", text)
    assert head, text
    total, earned, possible = (float(head.group(i)) for i in (1, 2, 3))
    assert total == assessment.score
    assert abs(100 * earned / possible - total) < 0.2
    earned_sum = sum(
        m.requirement.weight * (1.0 if m.status == "met" else m.similarity)
        for m in assessment.matches
        if m.status != "unknown" and m.status != "not_met"
    )
    assert abs(earned_sum - earned) < 0.02
    assert text in json.dumps(assessment_row(assessment), ensure_ascii=False)


def test_same_input_gives_the_same_bytes() -> None:
    rows = []
    for _ in range(2):
        screener = Screener.create(load_settings(db="sqlite://"), as_of=AS_OF)
        rows.append(json.dumps(assessment_row(_assess(screener, BACKEND, WEB_POSTING))))
    assert rows[0] == rows[1]


def test_a_posting_without_a_title_still_gets_a_role_fit(screener: Screener) -> None:
    from fairsift.screening.jobs import JobPosting

    summary = "We build payment APIs in Python and Django for small shops across the country."
    posting = JobPosting(
        title="", requirements=(Requirement("Django", terms=("Django",)),), summary=summary
    )
    requirements = job_requirements(posting, from_spec=False)
    assert requirements[0].kind == "role"
    assert summary.startswith(requirements[0].text)  # a quote of the posting
    role = posting_role(summary, "")
    document = parse_bytes(BACKEND.encode(), "resume.txt")
    candidate = screener.prepare(document)
    vector = screener.embedder.embed([requirements[0].text])[0]
    from fairsift.screening.role import role_fit

    match = role_fit(requirements[0], role, candidate, vector)
    assert "no title" in match.reason
    assert match.similarity >= 0.6  # Python and Django, both used across roles


def test_level_gap_of_two_steps_either_way_lowers_the_role_fit(screener: Screener) -> None:
    from fairsift.screening.role import role_fit

    document = parse_bytes(BACKEND.encode(), "resume.txt")  # about 9.5 years: lead
    candidate = screener.prepare(document)
    text = "We use Python, Django, React and PostgreSQL."
    same = posting_role(text, "Senior Python Developer")
    junior = posting_role(text, "Junior Python Developer")
    vector = screener.embedder.embed(["Python Developer"])[0]
    req = Requirement("Python Developer", kind="role")
    fit_same = role_fit(req, same, candidate, vector)
    fit_junior = role_fit(req, junior, candidate, vector)
    assert fit_junior.similarity < fit_same.similarity
    assert "×0.70" in fit_junior.reason  # 9.5 years reads as lead: three steps above entry


def test_skills_named_only_in_set_aside_sentences_do_not_describe_the_role() -> None:
    benefits = "We offer free yoga classes and a Salesforce discount."
    text = f"Build Django APIs on PostgreSQL. {benefits}"
    role = posting_role(text, "Backend Developer", aside=(benefits,))
    names = {name for name, _, _ in role.skills}
    assert {"Django", "PostgreSQL"} <= names
    assert "Salesforce" not in names
    assert "Salesforce" in {n for n, _, _ in posting_role(text, "Backend Developer").skills}
