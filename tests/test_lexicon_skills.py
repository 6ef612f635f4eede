"""The skills gazetteer: spans, boundaries, special characters, look-ups, speed."""

from __future__ import annotations

import pytest

from fairsift.lexicon import all_skills, canonical_skill, find_skills, skill_aliases
from fairsift.lexicon.gazetteer import Gazetteer


def found(text: str) -> list[tuple[str, str]]:
    return [(m.canonical, text[m.start : m.end]) for m in find_skills(text)]


def test_lexicon_skills_is_broad() -> None:
    skills = all_skills()
    assert len(skills) >= 600
    for name in [
        "Python",
        "Accounting",
        "Nursing",
        "Litigation",
        "AutoCAD",
        "Recruitment",
        "Lesson planning",
        "Search engine optimization",
        "Inventory management",
        "PLC programming",
        "SolidWorks",
        "Sales",
    ]:
        assert name in skills, name


def test_lexicon_skills_special_characters() -> None:
    text = "C++, C#, .NET, Node.js and CI/CD; A/B testing; TCP/IP; PL/SQL; ASP.NET; GD&T"
    assert [c for c, _ in found(text)] == [
        "C++",
        "C#",
        ".NET",
        "Node.js",
        "CI/CD",
        "A/B testing",
        "TCP/IP",
        "PL/SQL",
        "ASP.NET",
        "GD&T",
    ]


def test_lexicon_skills_word_boundaries() -> None:
    assert found("JavaScript, not Java") == [("JavaScript", "JavaScript"), ("Java", "Java")]
    assert found("Javanese rugby scaler") == []
    assert found("excel in sales") == [("Sales", "sales")]
    assert found("MS Excel and Excel") == [
        ("Microsoft Excel", "MS Excel"),
        ("Microsoft Excel", "Excel"),
    ]


def test_lexicon_skills_multiword_spellings() -> None:
    for text in ["Machine Learning", "machine-learning", "MachineLearning", "machine\nlearning"]:
        assert [c for c, _ in found(text)] == ["Machine learning"], text


def test_lexicon_skills_glued_words_from_job_boards() -> None:
    assert [c for c, _ in found("strong with SQLExperience with AWS")] == [
        "SQL",
        "Amazon Web Services",
    ]
    assert [c for c, _ in found("PythonDeveloper")] == ["Python"]


def test_lexicon_skills_case_sensitive_short_names() -> None:
    assert [c for c, _ in found("Go, golang, R and C")] == ["Go", "Go", "R", "C"]
    assert found("go to market; Go-live; R. K. Rao; R&D; Spring 2019") == [
        ("Product marketing", "go to market"),
        ("Research", "R&D"),
    ]
    assert [c for c, _ in found("Spring Boot and Spring")] == ["Spring Boot", "Spring Framework"]


def test_lexicon_skills_versions_stay_with_the_skill() -> None:
    assert [c for c, _ in found("Python3.6, Java8, HTML5, CSS3")] == [
        "Python",
        "Java",
        "HTML",
        "CSS",
    ]


def test_lexicon_skills_spans_point_into_text() -> None:
    text = "Skills:\n* Deep learning (Keras, PyTorch)\n* Tableau"
    for mention in find_skills(text):
        assert text[mention.start : mention.end].strip() == text[mention.start : mention.end]
        assert canonical_skill(text[mention.start : mention.end]) == mention.canonical


def test_lexicon_skills_lookups() -> None:
    assert canonical_skill("golang") == "Go"
    assert canonical_skill("scikit learn") == "scikit-learn"
    assert canonical_skill("K8s") == "Kubernetes"
    assert canonical_skill("basket weaving") is None
    assert skill_aliases("Kubernetes")[0] == "Kubernetes"
    assert "k8s" in skill_aliases("Kubernetes")
    assert skill_aliases("nonsense") == ()


def test_lexicon_skills_alias_clash_is_refused() -> None:
    with pytest.raises(ValueError, match="already an alias"):
        Gazetteer([("a", "One", ["x"]), ("a", "Two", ["X"])], source="test")
