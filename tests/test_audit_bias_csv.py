"""Bias audit inputs and outputs as CSV files: decisions and demographics read from real
files, the CSV report read back with the csv module."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from fairsift.audit import bias_audit, read_decisions_csv, read_demographics_csv, render_csv
from fairsift.errors import InputError


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_in_csv_out(tmp_path: Path) -> None:
    decisions = _write(
        tmp_path / "d.csv",
        "\ufeffCandidate,Selected,Score\nA,1,80\nB,0,40\nC,yes,75.5\nD,false,\nE,1,90\n",
    )
    demographics = _write(
        tmp_path / "g.csv",
        "candidate,sex,race_ethnicity\nA,Female,Asian\nB,Male,White\nC,Female,White\nD,,White\n",
    )
    rows = read_decisions_csv(decisions)
    assert [(d.candidate, d.selected, d.score) for d in rows] == [
        ("A", True, 80.0),
        ("B", False, 40.0),
        ("C", True, 75.5),
        ("D", False, None),
        ("E", True, 90.0),
    ]
    audit = bias_audit(rows, read_demographics_csv(demographics), source="d.csv + g.csv")
    table = list(csv.DictReader(io.StringIO(render_csv(audit))))
    female = next(r for r in table if r["measure"] == "selection" and r["category"] == "Female")
    assert (female["applicants"], female["selected"], female["rate"]) == ("2", "2", "1.0000")
    assert female["impact_ratio"] == "1.0000"
    male = next(r for r in table if r["measure"] == "selection" and r["category"] == "Male")
    assert male["impact_ratio"] == "0.0000" and male["below_four_fifths"] == "true"
    empty = next(r for r in table if r["category"] == "Hispanic or Latino")
    assert empty["rate"] == "" and "no applicants" in empty["note"]
    unknown = {r["dimension"]: r["applicants"] for r in table if r["measure"] == "unknown"}
    assert unknown == {"sex": "2", "race_ethnicity": "1"}  # D (no sex), E (no row at all)
    median = next(r for r in table if r["measure"] == "median_score")
    assert median["rate"] == "77.7500" and median["applicants"] == "4"
    # Scoring: median of 80, 40, 75.5, 90 is 77.75; above it: A (80) and E (90, unknown).
    scoring_female = next(
        r for r in table if r["measure"] == "scoring" and r["category"] == "Female"
    )
    assert (scoring_female["applicants"], scoring_female["selected"]) == ("2", "1")


def test_threshold_without_a_selected_column(tmp_path: Path) -> None:
    path = _write(tmp_path / "d.csv", "candidate,score\nA,70\nB,69.99\n")
    assert [d.selected for d in read_decisions_csv(path, threshold=70)] == [True, False]
    with pytest.raises(InputError, match="no column selected"):
        read_decisions_csv(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("candidate,selected\nA,maybe\n", "line 2: selected is 'maybe'"),
        ("candidate,selected,score\nA,1,high\n", "line 2: score 'high' is not a number"),
        ("candidate,selected\n,1\n", "line 2: empty candidate"),
        ("name,selected\nA,1\n", "no column candidate"),
    ],
)
def test_bad_decision_files_name_the_line(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(InputError, match=message.replace("(", r"\(")) as info:
        read_decisions_csv(_write(tmp_path / "d.csv", text))
    assert info.value.hint


def test_missing_files_and_columns(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        read_decisions_csv(tmp_path / "absent.csv")
    with pytest.raises(InputError, match="no column race_ethnicity"):
        read_demographics_csv(_write(tmp_path / "g.csv", "candidate,sex\nA,F\n"))
