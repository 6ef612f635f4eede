"""The functions behind `fairsift audit bias` and `fairsift audit counterfactual`: real CSV
files in, the report written where asked, figures saved for the use-case record."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fairsift.audit.commands import audit_bias, audit_counterfactual
from fairsift.audit.evidence import load_evidence
from fairsift.errors import ConfigError, InputError

ROOT = Path(__file__).resolve().parents[1]


def _inputs(tmp_path: Path) -> tuple[Path, Path]:
    decisions = tmp_path / "decisions.csv"
    demographics = tmp_path / "demographics.csv"
    decisions.write_text(
        "candidate,selected,score\n" + "".join(f"c{i},{i % 2},{i}\n" for i in range(10)),
        encoding="utf-8",
    )
    demographics.write_text(
        "candidate,sex,race_ethnicity\n"
        + "".join(f"c{i},{'Female' if i < 5 else 'Male'},White\n" for i in range(10)),
        encoding="utf-8",
    )
    return decisions, demographics


def test_audit_bias_formats_output_and_evidence(tmp_path: Path) -> None:
    decisions, demographics = _inputs(tmp_path)
    out = tmp_path / "audit.html"
    html = audit_bias(
        decisions=decisions, demographics=demographics, output=out, evidence=tmp_path / "ev"
    )
    assert out.read_text(encoding="utf-8") == html and html.startswith("<!doctype html>")
    assert "10 decisions from decisions.csv" in html
    data = json.loads(audit_bias(decisions=decisions, demographics=demographics, format="json"))
    female = data["selection"]["sex"][1]
    assert (female["category"], female["applicants"], female["selected"]) == ("Female", 5, 2)
    assert data["median_score"] == 4.5
    csv_text = audit_bias(decisions=decisions, demographics=demographics, format="csv", threshold=7)
    assert "selection,sex,Male,5,3,0.6000,1.0000" in csv_text  # scores 7, 8, 9
    saved = load_evidence(tmp_path / "ev")["audit-bias"][0]
    assert saved["applicants"] == 10 and saved["figures"]["unknown"] == {
        "sex": 0,
        "race_ethnicity": 0,
    }


def test_audit_bias_usage_errors(tmp_path: Path) -> None:
    decisions, demographics = _inputs(tmp_path)
    with pytest.raises(ConfigError, match="needs decisions and demographics"):
        audit_bias(decisions=decisions)
    with pytest.raises(InputError, match="no decision on an application"):
        audit_bias(db=f"sqlite:///{tmp_path / 'x.db'}", demographics=demographics)
    with pytest.raises(ConfigError, match="unknown format"):
        audit_bias(decisions=decisions, demographics=demographics, format="pdf")
    with pytest.raises(InputError, match="cannot write"):
        audit_bias(
            decisions=decisions, demographics=demographics, output=tmp_path / "no" / "x.html"
        )


def test_audit_counterfactual_checks_paths(tmp_path: Path) -> None:
    job = ROOT / "examples" / "jobs" / "data-scientist.md"
    with pytest.raises(InputError, match="job file"):
        audit_counterfactual(tmp_path / "job.md", [])
    with pytest.raises(InputError, match="not found"):
        audit_counterfactual(job, [tmp_path / "cv.pdf"])


@pytest.mark.slow
def test_audit_counterfactual_writes_report_and_evidence(tmp_path: Path) -> None:
    job = ROOT / "examples" / "jobs" / "data-scientist.md"
    resume = ROOT / "examples" / "resumes" / "dev-kalimbeck.txt"
    out = tmp_path / "cf.json"
    text = audit_counterfactual(
        job, [resume], format="json", output=out, names_per_group=1, evidence=tmp_path
    )
    data = json.loads(out.read_text(encoding="utf-8"))
    assert json.loads(text) == data
    assert data["resumes"] == ["dev-kalimbeck.txt"]
    assert data["blind_moved_any_score"] is False
    assert load_evidence(tmp_path)["audit-counterfactual"][0]["screens"] == data["screens"]
