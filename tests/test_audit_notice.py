"""The LL144 candidate notice: the qualifications are the job's requirements as fairsift
extracts them for screening, and every element the rules require is there."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fairsift.audit.notice import notice
from fairsift.errors import ConfigError, InputError
from fairsift.screening.jobs import load_job_spec, parse_job

JOBS = Path(__file__).resolve().parents[1] / "examples" / "jobs"


def test_notice_lists_what_screening_assesses() -> None:
    text = notice(
        JOBS / "data-scientist.md",
        employer="Acme Analytics",
        contact="hiring@acme.example",
        retention="two years after the position is filled",
        audit_url="https://acme.example/bias-audit",
    )
    posting = parse_job((JOBS / "data-scientist.md").read_text(encoding="utf-8"))
    for requirement in posting.requirements:
        assert " ".join(requirement.text.split()) in text
    assert "Background and experience as Data Scientist" in text  # the title, as scored
    assert "counts as much as all the other qualifications together" in text
    assert "Acme Analytics uses an automated employment decision tool" in text
    assert "at least ten business days before" in text
    assert "alternative selection process" in text and "reasonable accommodation" in text
    assert "hiring@acme.example" in text
    assert "Retention: two years after the position is filled" in text
    assert "Source: you" in text
    assert "https://acme.example/bias-audit" in text
    assert "[" not in text  # nothing left to fill in
    assert "masked, so it does not see them" in text


def test_placeholders_and_json_for_a_toml_spec() -> None:
    data = json.loads(notice(JOBS / "data-scientist.toml", format="json"))
    spec = load_job_spec(JOBS / "data-scientist.toml")
    assert [r["requirement"].split(" (about")[0] for r in data["requirements"]] == [
        " ".join(r.text.split()) for r in spec.requirements
    ]
    assert data["position"] == spec.title
    assert data["employer"] == "[employer name]" and data["contact"].startswith("[")
    text = notice(JOBS / "data-scientist.toml")
    assert "[e-mail address, postal address or web form]" in text
    assert "Preferred (count half as much):" in text


def test_blind_off_does_not_claim_masking() -> None:
    from fairsift.config import load_settings

    text = notice(JOBS / "data-scientist.md", settings=load_settings(blind=False))
    assert "masked" not in text


def test_bad_inputs(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        notice(tmp_path / "absent.md")
    with pytest.raises(ConfigError, match="unknown format"):
        notice(JOBS / "data-scientist.md", format="pdf")
