"""The LL144 summary page from CSV decisions: every fact the rules ask for is on it, a
category under 2 % is listed as excluded with its count, impact ratios are drawn against the
0.8 line in inline SVG, nothing is loaded from elsewhere, and no applicant is named. The PDF
holds the same figures."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from fairsift.audit.commands import audit_bias


def write_inputs(folder: Path) -> tuple[Path, Path]:
    decisions = ["candidate,selected,score"]
    people = ["candidate,sex,race_ethnicity"]
    for i in range(100):
        # 60 White (30 selected), 39 Asian (10 selected), 1 Black (selected): under 2 %.
        race = "White" if i < 60 else ("Asian" if i < 99 else "Black or African American")
        selected = (i < 60 and i % 2 == 0) or (60 <= i < 70) or i == 99
        decisions.append(f"applicant-{i:03d},{int(selected)},{i % 50}")
        people.append(f"applicant-{i:03d},{'female' if i % 3 else 'male'},{race if i % 10 else ''}")
    d, p = folder / "decisions.csv", folder / "demographics.csv"
    d.write_text("\n".join(decisions) + "\n")
    p.write_text("\n".join(people) + "\n")
    return d, p


def test_the_summary_page_has_what_ll144_asks(tmp_path: Path) -> None:
    d, p = write_inputs(tmp_path)
    html = audit_bias(
        decisions=d, demographics=p, format="summary", distribution_date=date(2026, 9, 1)
    )
    for fact in (
        "Date of the bias audit",
        "Source of the data",
        "Dates of the data",
        "Tool first distributed",
        "2026-09-01",
        "Number of applicants",
    ):
        assert fact in html
    assert re.search(r"Number of applicants</dt><dd>100<", html)
    # 10 left race/ethnicity blank (every tenth): unknown, counted, not guessed
    assert re.search(r"Unknown race/ethnicity</dt><dd>10<", html)
    assert "Black or African American: 1" in html  # excluded under 2 %, with its count
    assert "four-fifths" in html or 'class="four-fifths"' in html
    assert "<svg" in html and "<script" not in html and "<link" not in html and " src=" not in html
    assert "applicant-0" not in html


def test_the_summary_pdf(tmp_path: Path) -> None:
    d, p = write_inputs(tmp_path)
    out = tmp_path / "summary.pdf"
    audit_bias(decisions=d, demographics=p, format="summary", output=out)
    text = " ".join("".join(page.extract_text() for page in PdfReader(out).pages).split())
    assert "Summary of the bias audit" in text and "Excluded under 2 %: " in text
    assert "Black or African American: 1" in text and "applicant-0" not in text
