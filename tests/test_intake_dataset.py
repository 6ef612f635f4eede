"""Real resume texts from the development data, rendered as PDF and DOCX and read back:
every line comes back in order, and no clean resume gets a finding."""

from __future__ import annotations

import csv
import sys
import textwrap
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from docgen import make_docx, make_pdf
from fairsift.intake import read_document
from fairsift.intake.textclean import clean_line

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def resumes() -> list[str]:
    path = DATA / "resumes" / "UpdatedResumeDataSet.csv"
    if not path.exists():
        pytest.skip(f"development data not found at {path}")
    csv.field_size_limit(1 << 30)
    with path.open(encoding="utf-8") as handle:
        return sorted({row["Resume"] for row in csv.DictReader(handle)})


@pytest.mark.dataset
def test_real_resumes_as_pdf_and_docx_read_back_exactly_without_findings(tmp_path: Path) -> None:
    checked = 0
    for index, resume in enumerate(resumes()[::8]):  # an eighth of them keeps this fast
        lines: list[str] = []
        for raw in resume.splitlines():
            lines.extend(textwrap.wrap(raw, 90))
        # Helvetica draws Latin-1 only; the data's mojibake would not survive the round trip
        lines = [line for line in lines[:150] if line.isascii() and clean_line(line)]
        if not lines:
            continue
        expected = [clean_line(line) for line in lines]
        pages = [lines[k : k + 50] for k in range(0, len(lines), 50)]
        pdf = read_document(make_pdf(tmp_path / f"r{index}.pdf", pages))
        docx = read_document(make_docx(tmp_path / f"r{index}.docx", lines))
        assert pdf.line_texts() == expected, f"resume {index} (PDF)"
        assert docx.line_texts() == expected, f"resume {index} (DOCX)"
        assert pdf.findings == () and docx.findings == (), f"resume {index}"
        checked += 1
    assert checked >= 18
