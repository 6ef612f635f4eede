"""The `fairsift` command as a user runs it: exit codes, error text, output shapes, reruns."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fairsift.cli import app

sys.path.insert(0, str(Path(__file__).parent))
from docgen import make_pdf

ROOT = Path(__file__).resolve().parents[1]
JOB = ROOT / "examples" / "jobs" / "data-scientist.md"
RESUMES = ROOT / "examples" / "resumes"
runner = CliRunner()


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def batch(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    make_pdf(folder / "good.pdf", [["Data Scientist", "Python, SQL, scikit-learn", "2019 - 2024"]])
    (folder / "notes.txt").write_text("Data analyst. SQL and Excel reporting since 2020.\n")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog")  # truncated
    (folder / "empty.docx").write_bytes(b"")
    return folder


def test_screen_jsonl_rows_have_the_documented_fields(tmp_path: Path, batch: Path) -> None:
    out = tmp_path / "rows.jsonl"
    db = tmp_path / "store.db"
    code, _, stderr = _run(
        "screen",
        "--job",
        str(JOB),
        str(batch),
        "--format",
        "jsonl",
        "-o",
        str(out),
        "--db",
        str(db),
    )
    assert code == 1, stderr  # two files failed
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == 4
    keys = {
        "job",
        "candidate",
        "sha256",
        "score",
        "rank",
        "requirements",
        "findings",
        "error",
        "provenance",
    }
    for row in rows:
        assert keys <= row.keys()
    good = [r for r in rows if r["error"] is None]
    bad = [r for r in rows if r["error"] is not None]
    assert [r["rank"] for r in good] == [1, 2]
    assert good[0]["score"] >= good[1]["score"]
    assert {Path(r["candidate"]).name for r in bad} == {"broken.pdf", "empty.docx"}
    assert all(r["error"].startswith("[F1") for r in bad)
    req = good[0]["requirements"][0]
    assert {"text", "kind", "status", "evidence", "reason"} <= req.keys()
    assert good[0]["provenance"]["models"]
    assert "2 failed" in stderr and "broken.pdf" in stderr


def test_rerun_reuses_the_store_and_gives_the_same_rows(tmp_path: Path, batch: Path) -> None:
    db = str(tmp_path / "store.db")
    first = tmp_path / "a.jsonl"
    second = tmp_path / "b.jsonl"
    _run("screen", "-j", str(JOB), str(batch), "-f", "jsonl", "-o", str(first), "--db", db)
    code, _, stderr = _run(
        "screen", "-j", str(JOB), str(batch), "-f", "jsonl", "-o", str(second), "--db", db
    )
    assert code == 1
    assert "0 screened, 2 reused" in stderr
    assert first.read_text() == second.read_text()


def test_one_candidate_against_many_jobs(tmp_path: Path) -> None:
    jobs = ROOT / "examples" / "jobs"
    resume = RESUMES / "dev-kalimbeck.txt"
    out = tmp_path / "r.jsonl"
    code, _, stderr = _run(
        "screen", "-j", str(jobs), str(resume), "-f", "jsonl", "-o", str(out), "--no-store"
    )
    assert code == 0, stderr
    rows = [json.loads(x) for x in out.read_text().splitlines()]
    assert len({r["job"] for r in rows}) >= 25
    best = max(rows, key=lambda r: r["score"])
    assert "data" in Path(best["job"]).name or "business" in Path(best["job"]).name


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["screen", "-j", "nope.md", "x.txt"], "does not exist"),
        (["screen", "-j", str(JOB), "missing.pdf"], "not found: missing.pdf"),
        (["screen", "-j", str(JOB), str(RESUMES), "--db", "/proc/nope/x.db"], "[F3"),
    ],
)
def test_user_errors_are_one_line_with_exit_2(args: list[str], message: str) -> None:
    code, stdout, stderr = _run(*args)
    assert code == 2
    assert message in stderr
    assert "Traceback" not in stderr + stdout


def test_csv_and_table_formats(tmp_path: Path) -> None:
    resume = RESUMES / "dev-kalimbeck.txt"
    code, stdout, _ = _run("screen", "-j", str(JOB), str(resume), "-f", "csv", "--no-store")
    assert code == 0
    header = stdout.splitlines()[0]
    assert header.startswith("job,candidate,rank,score")
    code, stdout, _ = _run("screen", "-j", str(JOB), str(resume), "--no-store")
    assert code == 0
    assert "dev-kalimbeck.txt" in stdout and "Ranking for" in stdout


def test_redact_jsonl_shows_blind_text_and_removed_spans(tmp_path: Path) -> None:
    resume = RESUMES / "dev-kalimbeck.txt"
    code, stdout, _ = _run("redact", str(resume), "--format", "jsonl")
    assert code == 0
    row = json.loads(stdout)
    original = resume.read_text()
    assert row["source"] == str(resume)
    assert "dev.kalimbeck@example.com" not in row["text"]
    kinds = {r["kind"] for r in row["redactions"]}
    assert {"name", "email"} <= kinds
    assert "Python" in row["text"]
    assert len(row["text"]) == len(original.rstrip("\n")) or "█" in row["text"]


def test_job_show_lists_requirements() -> None:
    code, stdout, _ = _run("job", "show", str(JOB))
    assert code == 0
    assert "Data Scientist" in stdout
    assert "experience" in stdout and "degree" in stdout
