"""Fuzz-style: truncated, corrupted and random inputs in every format either parse or raise
an InputError with a clear message, never a raw exception from a parser library."""

from __future__ import annotations

import functools
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))

from docgen import make_docx, make_pdf, resume_lines
from fairsift.domain import Document
from fairsift.errors import InputError
from fairsift.intake import Limits, parse_bytes

LIMITS = Limits(ocr=False)  # OCR of a mangled page would only make the test slow
FUZZ = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
HTML = (
    b"<!DOCTYPE html><html><head><style>.x{display:none}</style></head><body>"
    b"<h1>Alex Morgan</h1><p class='x'>hidden</p><p style='color:#fff'>white</p>"
    b"<ul><li>Python</li><li>Go</li></ul><table><tr><td>a</td><td>b</td></tr></table>"
    b"</body></html>"
)
MARKDOWN = "# Alex Morgan\n\n**Python** and [Go](https://go.dev)\n<!-- a hidden comment here -->\n"


@functools.cache
def samples() -> dict[str, bytes]:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        pdf = make_pdf(base / "a.pdf", resume_lines(pages=2), hidden=[("white", "secret text")])
        docx = make_docx(base / "a.docx", resume_lines()[0], hidden=[("vanish", "secret text")])
        return {
            "cv.pdf": pdf.read_bytes(),
            "cv.docx": docx.read_bytes(),
            "cv.html": HTML,
            "cv.md": MARKDOWN.encode(),
            "cv.txt": "\n".join(resume_lines()[0]).encode("utf-16"),
        }


def check(data: bytes, name: str) -> None:
    try:
        doc = parse_bytes(data, name, LIMITS)
    except InputError as error:
        text = str(error)
        assert text.startswith("[F1") and len(error.message) > 10, text
        assert name in error.message or error.code == "F107", text
        return
    assert isinstance(doc, Document)
    for line in doc.lines:
        piece = doc.text[line.start : line.end]
        assert piece and "\n" not in piece


NAMES = sorted(samples())


@pytest.mark.parametrize("name", NAMES)
@FUZZ
@given(data=st.data())
def test_truncated_files(name: str, data: st.DataObject) -> None:
    original = samples()[name]
    cut = data.draw(st.integers(min_value=0, max_value=len(original) - 1), label="cut")
    check(original[:cut], name)


@pytest.mark.parametrize("name", NAMES)
@FUZZ
@given(data=st.data())
def test_corrupted_files(name: str, data: st.DataObject) -> None:
    original = bytearray(samples()[name])
    flips = data.draw(
        st.lists(
            st.tuples(st.integers(0, len(original) - 1), st.integers(0, 255)),
            min_size=1,
            max_size=30,
        ),
        label="flips",
    )
    for position, value in flips:
        original[position] = value
    check(bytes(original), name)


@pytest.mark.parametrize("name", [*NAMES, "resume", "cv.doc"])
@FUZZ
@given(blob=st.binary(min_size=0, max_size=4096))
def test_random_bytes(name: str, blob: bytes) -> None:
    check(blob, name)


@pytest.mark.parametrize("magic", [b"%PDF-1.7\n", b"PK\x03\x04", b"<html><body>"])
@FUZZ
@given(blob=st.binary(min_size=0, max_size=2048))
def test_random_bytes_behind_a_real_magic_number(magic: bytes, blob: bytes) -> None:
    check(magic + blob, "upload")
