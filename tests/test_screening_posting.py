"""Reading postings as job boards deliver them: glued text, parts told apart by meaning,
two asks in one sentence, kinds from what is asked. Postings written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from fairsift.cli import app
from fairsift.config import load_settings
from fairsift.intake import Limits, read_document
from fairsift.screening.posting import parse_job
from fairsift.screening.posting.text import clean, lines, unglue


def _squeezed(text: str) -> str:
    return "".join(text.split())


def _assert_quotes(posting_text: str, texts: list[str]) -> None:
    whole = _squeezed(clean(posting_text))
    for text in texts:
        assert _squeezed(text) in whole, text


def test_screening_posting_unglues_job_board_joins() -> None:
    text = (
        "Keep our services at high availabilityReduce cloud cost by 20%."
        "We care about successful outcomes.Technical Expertise: Python"
        " 8+ years' experienceMUST HAVE 2+ years of Go"
    )
    got = lines(unglue(text))
    assert "Keep our services at high availability" in got
    assert any(line.startswith("Reduce cloud cost") for line in got)
    assert any(line.endswith("successful outcomes.") for line in got)
    assert any(line.startswith("Technical Expertise:") for line in got)
    assert any(line.endswith("8+ years' experience") for line in got)
    assert any(line.startswith("MUST HAVE 2+ years") for line in got)


def test_screening_posting_keeps_camel_case_names_and_placeholders() -> None:
    line = "Build dashboards in JavaScript and PowerPoint for <ORGANIZATION> iOS users"
    assert lines(unglue(line)) == [line]


def test_screening_posting_html_remnants_and_bullets() -> None:
    text = "<ul><li>Python &amp; SQL</li><li>Docker</li></ul><p>Nice&nbsp;to have</p>• Go • Rust"
    assert lines(unglue(text)) == ["Python & SQL", "Docker", "Nice to have", "Go", "Rust"]


# A posting with no line breaks at all, its title glued to the body, in a trade far from
# software, where benefits, company, equal-opportunity and application text sit among the asks.
WAREHOUSE = (
    "Warehouse Team Leader - Northgate Logistics - Night shift "
    "Northgate Logistics moves parcels for 300 online shops from two sites near Bristol. "
    "You will lead a team of 12 pickers and packers on the night shift. "
    "Plan the shift rota and keep the loading schedule on time. "
    "At least 3 years of warehouse experience, including 1 year as a supervisor. "
    "A valid forklift licence (counterbalance) is required. "
    "Good working knowledge of a warehouse management system such as SAP EWM. "
    "We pay £32,000 a year plus a night allowance and 28 days of paid holiday. "
    "Free parking, a subsidised canteen and a cycle-to-work scheme. "
    "Northgate is an equal opportunity employer and welcomes applications from everyone. "
    "To apply, send your CV to jobs@northgate.example.com by 30 June."
)


def test_screening_posting_parts_never_yield_requirements() -> None:
    job = parse_job(WAREHOUSE)
    texts = [r.text for r in job.requirements]
    _assert_quotes(WAREHOUSE, texts)
    joined = " ".join(texts)
    for absent in ("£32,000", "parking", "equal opportunity", "send your CV", "parcels for 300"):
        assert absent not in joined
    assert any("forklift licence" in t for t in texts)
    assert any("3 years of warehouse experience" in t for t in texts)
    assert any("lead a team of 12" in t for t in texts)
    parts = {item.part: item for item in job.set_aside}
    assert {"benefits", "legal", "apply"} <= set(parts)
    assert all(item.reason for item in job.set_aside)
    kinds = {r.kind for r in job.requirements}
    assert {"experience", "certification"} <= kinds


# Written the way a company blurb and a benefits paragraph read, without any heading.
NO_HEADINGS = """Senior Frontend Developer
Founded in 2012, Brightleaf builds accounting software used by 40,000 small firms in Europe.
Our culture is built on trust, short decision paths and a lot of curiosity.
You have 5+ years of experience with TypeScript and React.
You are comfortable writing tests with Jest and Playwright.
Thirty days of holiday, a yearly learning budget and a brand-new laptop of your choice.
"""


def test_screening_posting_company_and_benefits_by_meaning() -> None:
    job = parse_job(NO_HEADINGS)
    assert job.title == "Senior Frontend Developer"
    texts = [r.text for r in job.requirements]
    assert any("TypeScript and React" in t for t in texts)
    assert any("Jest and Playwright" in t for t in texts)
    joined = " ".join(texts)
    assert "Brightleaf" not in joined and "culture" not in joined and "holiday" not in joined
    parts = {item.text: item.part for item in job.set_aside}
    assert (
        parts[
            "Founded in 2012, Brightleaf builds accounting software used by 40,000 small firms in"
            " Europe."
        ]
        == "company"
    )


def test_screening_posting_two_asks_in_one_sentence() -> None:
    text = "Requirements\n- 5+ years of Python and a BSc in Computer Science\n"
    job = parse_job(text)
    assert [(r.kind, r.text) for r in job.requirements] == [
        ("experience", "5+ years of Python"),
        ("degree", "a BSc in Computer Science"),
    ]
    assert job.requirements[0].years == 5
    assert job.requirements[1].level == "bachelor"
    mixed = parse_job("Requirements\n- Experience with Python and fluent English\n")
    assert [(r.kind, r.text, r.terms) for r in mixed.requirements] == [
        ("skill", "Experience with Python", ("Python",)),
        ("language", "fluent English", ("English",)),
    ]
    # A list of skills under one number of years stays one requirement.
    listed = parse_job("Requirements\n- 5+ years with Python, Django and PostgreSQL\n")
    assert [r.kind for r in listed.requirements] == ["experience"]
    assert listed.requirements[0].terms == ("Python", "Django", "PostgreSQL")


def test_screening_posting_kinds_come_from_what_is_asked() -> None:
    text = (
        "Requirements\n"
        "- Lead a team of analysts with a high degree of autonomy\n"
        "- Fluent German and English\n"
        "- CPA licence or equivalent\n"
        "- Strong Excel and SQL skills\n"
    )
    got = [(r.kind, r.terms) for r in parse_job(text).requirements]
    assert got[0][0] != "degree"  # "degree of autonomy" asks for no degree
    assert got[1] == ("language", ("German", "English"))
    assert got[2][0] == "certification"
    assert got[3][0] == "skill" and {"Microsoft Excel", "SQL"} <= set(got[3][1])


def test_screening_posting_job_show_says_what_it_set_aside(tmp_path: Path) -> None:
    posting = tmp_path / "warehouse.txt"
    posting.write_text(WAREHOUSE, encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["job", "show", str(posting), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"job", "title", "requirements", "set_aside"} <= set(data)
    for requirement in data["requirements"]:
        assert {"text", "kind", "importance", "weight"} <= set(requirement)
    _assert_quotes(WAREHOUSE, [r["text"] for r in data["requirements"] if r["kind"] != "role"])
    aside = {item["text"]: item for item in data["set_aside"]}
    pay = next(item for text, item in aside.items() if "£32,000" in text)
    assert pay["part"] == "benefits" and pay["reason"]
    assert any(
        item["part"] == "legal" and "equal opportunity" in text for text, item in aside.items()
    )
    table = runner.invoke(app, ["job", "show", str(posting)])
    assert table.exit_code == 0
    assert "set aside" in table.stdout and "how to apply" in table.stdout


def test_screening_posting_meaning_carries_to_another_language() -> None:
    text = (
        "Backend-Entwickler (m/w/d) Python\n"
        "Die Nordlicht GmbH entwickelt seit 2009 Software für Stadtwerke in ganz Deutschland.\n"
        "Mindestens 3 Jahre Berufserfahrung mit Python und PostgreSQL.\n"
        "Wir bieten 30 Tage Urlaub, ein Jobrad und flexible Arbeitszeiten.\n"
        "Bewirb dich jetzt mit deinem Lebenslauf unter jobs@nordlicht.example.de.\n"
    )
    job = parse_job(text)
    assert [(r.kind, r.years) for r in job.requirements] == [("experience", 3.0)]
    parts = {item.part for item in job.set_aside}
    assert {"company", "benefits", "apply"} <= parts
    benefits = next(item for item in job.set_aside if item.part == "benefits")
    assert benefits.reason.startswith("reads like")


def test_screening_posting_header_with_employer_and_place_is_set_aside() -> None:
    """A posting's header line names the employer and where the job is: no requirement, even
    when the employer's name holds a skill ("Retail", "Analytics"). A skill list that names a
    place-like word is still asked for."""
    text = (
        "# Data Analyst\n\n"
        "Larkmoor Retail Analytics — Bengaluru, India · Hybrid · Full-time\n\n"
        "## Requirements\n\n"
        "- 3+ years of SQL and Python\n"
        "- Java, Spring Boot, Jersey\n"
        "- Experience with Tableau — dashboards for retail\n"
    )
    posting = parse_job(text)
    asked = [r.text for r in posting.requirements]
    assert not any("Larkmoor" in t or "Bengaluru" in t for t in asked), asked
    aside = {s.text: s.part for s in posting.set_aside}
    assert aside.get("Larkmoor Retail Analytics — Bengaluru, India") == "location", aside
    assert any("Jersey" in t for t in asked) and any("Tableau" in t for t in asked), asked
    placed = {s.text: s.reason for s in posting.set_aside}
    assert "Bengaluru, India" in placed["Larkmoor Retail Analytics — Bengaluru, India"]
    # the demo posting, as fairsift reads the file
    demo = Path(__file__).resolve().parents[1] / "examples" / "jobs" / "data-scientist.md"
    limits = Limits.from_settings(load_settings())
    demo_posting = parse_job(read_document(demo, limits).text)
    assert not any("Brightwell" in r.text for r in demo_posting.requirements)
    assert any(
        s.part == "location" and s.text.startswith("Brightwell") for s in demo_posting.set_aside
    )
