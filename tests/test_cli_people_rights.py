"""The people's-rights commands end to end on a SQLite store: explain (HTML and PDF), the
LL144 summary, export, erase (only with --yes), retention (dry run, then for real, keeping
young audit entries whole), duplicates by e-mail merged and counted once."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path

from pypdf import PdfReader
from typer.testing import CliRunner

from fairsift.audit.commands import decisions_from_store, demographics_from_store
from fairsift.cli import app
from fairsift.store import Store

ROOT = Path(__file__).resolve().parents[1]
JOB = ROOT / "examples" / "jobs" / "python-developer.md"
RESUMES = [ROOT / "examples" / "resumes" / n for n in ("dev-kalimbeck.txt", "kabir-oxbury.md")]
runner = CliRunner()


def run(*args: str, env: dict[str, str] | None = None) -> str:
    result = runner.invoke(app, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


def screened(tmp_path: Path, extra: list[Path] | None = None) -> tuple[str, list[dict[str, str]]]:
    db = str(tmp_path / "fairsift.db")
    out = run("screen", *map(str, RESUMES + (extra or [])), "-j", str(JOB), "--db", db, "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    with Store.open(db) as store:
        for i, row in enumerate(store.list_assessments("screening")):
            store.put_decision(
                "application",
                row["id"],
                row["id"],
                ("advance", "reject")[i % 2],
                "Read the evidence",
                "rita",
            )
            store.put_demographic(row["item_sha256"], ("female", "male")[i % 2], None, "hr")
    return db, rows


def test_explain_summary_export_erase(tmp_path: Path) -> None:
    db, rows = screened(tmp_path)
    with Store.open(db) as store:
        first = store.list_assessments("screening")[0]
        other = store.list_assessments("screening")[1]
    html = run("explain", str(first["id"]), "--db", db, "--contact", "jobs@example.org")
    assert "recommendation" in html and "jobs@example.org" in html and "rita" in html
    assert first["item_sha256"][:10] in html and other["item_sha256"][:10] not in html
    pdf = tmp_path / "letter.pdf"
    run("explain", str(first["id"]), "--db", db, "-o", str(pdf))
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Who decided" in text and "How to contest" in text and first["explanation"][:10] in text

    summary = run(
        "audit", "bias", "--db", db, "--format", "summary", "--distribution-date", "2026-09-01"
    )
    for fact in (
        "Date of the bias audit",
        "Dates of the data",
        "Number of applicants",
        "Unknown sex",
        "2026-09-01",
        "0.8",
    ):
        assert fact in summary
    assert "<script" not in summary and " src=" not in summary and "<link" not in summary
    assert all(r["sha256"] not in summary for r in rows)

    result = runner.invoke(app, ["people", "erase", first["item_sha256"], "--db", db])
    assert result.exit_code == 2 and "--yes" in result.output
    archive = tmp_path / "p.zip"
    run("people", "export", first["item_sha256"], "--db", db, "-o", str(archive))
    with zipfile.ZipFile(archive) as z:
        apps = json.loads(z.read("applications.json"))
    assert [a["application"] for a in apps] == [first["id"]]
    assert apps[0]["decisions"][0]["by"] == "rita"
    out = run("people", "erase", first["item_sha256"], "--db", db, "--yes")
    assert "audit entries erased" in out
    assert "intact" in run("audit", "verify", "--db", db)
    assert len(decisions_from_store(db)) == 1
    with Store.open(db) as store:
        assert store.assessment_by_id(first["id"]) is None
        assert store.assessment_by_id(other["id"]) is not None


def test_retention_dry_run_then_run(tmp_path: Path) -> None:
    db, _rows = screened(tmp_path)
    env = {"FAIRSIFT_RETENTION_DAYS": '{"applications": 0}'}
    assert "0 people would erase" in run("retention", "run", "--db", db, "--dry-run")
    listed = run("retention", "run", "--db", db, "--dry-run", env=env)
    assert "2 people would erase" in listed
    with Store.open(db) as store:
        assert len(store.list_assessments("screening")) == 2  # a dry run erases nothing
    done = run("retention", "run", "--db", db, env=env)
    assert "2 people erased" in done and "0 audit entries erased" in done  # all too young
    with Store.open(db) as store:
        assert store.list_assessments("screening") == []
        assert store.verify_audit() == []


def test_duplicates_by_email_are_merged_and_counted_once(tmp_path: Path) -> None:
    again = tmp_path / "dev-again.txt"
    again.write_text(
        RESUMES[0].read_text(encoding="utf-8") + "\nAlso: volunteer maths tutor.\n",
        encoding="utf-8",
    )
    db, _rows = screened(tmp_path, [again])
    assert len(decisions_from_store(db)) == 3
    found = run("people", "duplicates", "--db", db).strip().splitlines()
    assert len(found) == 1 and found[0].startswith("same e-mail")
    primary, duplicate = found[0].split(": ", 1)[1].split()
    run("people", "merge", primary, duplicate, "--db", db)
    assert len(decisions_from_store(db)) == 2
    people = demographics_from_store(db)  # the duplicate's answers are not a second person
    assert len(people) == 2 and duplicate not in {p.candidate for p in people}
    assert run("people", "duplicates", "--db", db).strip() == ""
    assert "intact" in run("audit", "verify", "--db", db)


def test_the_letter_is_in_the_language_of_the_posting(tmp_path: Path) -> None:
    posting = tmp_path / "desarrollador.md"
    posting.write_text(
        "# Desarrollador/a Python\n\n**Clínica Horizonte**, Madrid. Jornada completa.\n\n"
        "## Requisitos\n\n- 3 años de experiencia profesional con Python\n"
        "- Conocimiento de Django y de APIs REST\n- Experiencia con bases de datos SQL\n",
        encoding="utf-8",
    )
    db = str(tmp_path / "fairsift.db")
    run("screen", str(RESUMES[0]), "-j", str(posting), "--db", db, "-f", "json")
    with Store.open(db) as store:
        app_id = store.list_assessments("screening")[0]["id"]
        store.put_decision(
            "application", app_id, app_id, "hold", "Falta experiencia con Django", "rita"
        )
    html = run("explain", str(app_id), "--db", db)
    assert '<html lang="es">' in html and "Cómo se evaluó su candidatura" in html
    assert "dejar su candidatura en espera" in html and "Cómo impugnarla" in html
    english = run("explain", str(app_id), "--db", db, "--language", "en")
    assert "How your application" in english
    pdf = tmp_path / "carta.pdf"
    run("explain", str(app_id), "--db", db, "-o", str(pdf))
    text = " ".join("".join(page.extract_text() for page in PdfReader(pdf).pages).split())
    assert "Quién decidió" in text and "Falta experiencia con Django" in text


def test_screen_keeps_a_candidate_who_asked_out_of_the_ranking(tmp_path: Path) -> None:
    db, rows = screened(tmp_path)
    top = min(rows, key=lambda r: int(r["rank"]))
    with Store.open(db) as store:
        store.add_alternative_request(
            "alternative",
            "please assess me without the tool",
            {"email": "dev.kalimbeck@example.com"},
        )
        assert {sha for sha, _job in store.withheld_from_ai()} == {top["sha256"]}
    out = run("screen", *map(str, RESUMES), "-j", str(JOB), "--db", db, "-f", "csv")
    again = list(csv.DictReader(io.StringIO(out)))
    assert [r["sha256"] for r in again] == [r["sha256"] for r in rows][::-1]
    assert again[0]["rank"] == "1" and again[1]["rank"] == ""


def test_every_letter_template_says_everything_the_english_one_does(tmp_path: Path) -> None:
    from fairsift.audit.explain import TEMPLATES

    for language, labels in TEMPLATES.items():
        assert labels.keys() == TEMPLATES["en"].keys(), language
        assert labels["decisions"].keys() == TEMPLATES["en"]["decisions"].keys(), language
    db, _rows = screened(tmp_path)
    with Store.open(db) as store:
        app_id = store.list_assessments("screening")[0]["id"]
    pdf = tmp_path / "lettre.pdf"
    run("explain", str(app_id), "--db", db, "--language", "fr", "-o", str(pdf))
    text = " ".join("".join(page.extract_text() for page in PdfReader(pdf).pages).split())
    assert "Qui a décidé, et quand" in text and "« Read the evidence »" in text


def test_the_notice_links_the_request_page() -> None:
    text = run("notice", "--job", str(JOB), "--service-url", "https://jobs.example.org/")
    link = re.search(r"https://jobs\.example\.org/alternative\?job=([0-9a-f]{64})", text)
    assert link is not None, text
    assert "kept out of the tool's ranking" in text
    assert "/alternative" not in run("notice", "--job", str(JOB))  # no service, no link


def test_contacts_are_read_in_the_worker_processes_too(tmp_path: Path) -> None:
    files = sorted(
        p for p in (ROOT / "examples" / "resumes").iterdir() if p.suffix in (".txt", ".md")
    )
    assert len(files) >= 4
    db = str(tmp_path / "fairsift.db")
    run("screen", *map(str, files[:4]), "-j", str(JOB), "--db", db, "-f", "csv", "--workers", "2")
    with Store.open(db) as store:
        contacts = store.candidate_contacts()
    assert len(contacts) == 4 and all(c.emails for c in contacts.values())
