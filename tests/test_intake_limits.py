"""Limits: oversized files are refused before they are read; errors say what to do."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from fairsift.config import Settings
from fairsift.errors import EmptyText, InputError, TooLarge, UnsupportedType
from fairsift.intake import Limits, parse_bytes, read_document


def test_a_2_gb_file_is_refused_without_being_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.pdf"
    with path.open("wb") as handle:  # sparse: takes no disk space, would take 2 GB of memory
        handle.truncate(2_000_000_000)
    tracemalloc.start()
    try:
        with pytest.raises(TooLarge, match=r"2000\.0 MB \(limit 20\.0 MB\)") as info:
            read_document(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000  # refused from its size: the bytes were never read
    assert "FAIRSIFT_MAX_FILE_MB" in str(info.value)


def test_bytes_over_the_limit_are_refused() -> None:
    with pytest.raises(TooLarge):
        parse_bytes(b"x" * 1001, "cv.txt", Limits(max_bytes=1000))
    assert parse_bytes(b"x" * 1000, "cv.txt", Limits(max_bytes=1000)).size == 1000


def test_limits_follow_settings() -> None:
    settings = Settings(
        max_file_mb=2.5, max_pages=7, max_zip_ratio=50, ocr=False, ocr_language="deu"
    )
    limits = Limits.from_settings(settings)
    assert limits == Limits(
        max_bytes=2_500_000, max_pages=7, max_zip_ratio=50.0, ocr=False, ocr_language="deu"
    )
    assert Limits() == Limits.from_settings(Settings())


def test_missing_file_and_directory_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        read_document(tmp_path / "nope.pdf")
    with pytest.raises(InputError, match="is a directory"):
        read_document(tmp_path)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.docx"
    path.write_bytes(b"")
    with pytest.raises(EmptyText, match="is empty"):
        read_document(path)


@pytest.mark.parametrize(
    ("data", "name", "what"),
    [
        (b"{\\rtf1\\ansi Alex}", "cv.rtf", "RTF"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 64, "cv.jpg", "JPEG"),
        (b"PK\x03\x04" + b"\x00" * 64, "cv.odt", "DOCX"),
    ],
)
def test_unsupported_or_broken_types_name_the_problem(data: bytes, name: str, what: str) -> None:
    with pytest.raises(InputError) as info:
        parse_bytes(data, name)
    assert what in str(info.value) or isinstance(info.value, UnsupportedType)
    assert info.value.code.startswith("F1") and info.value.hint


def test_document_metadata(tmp_path: Path) -> None:
    import hashlib

    data = b"Alex Morgan\nPython\n"
    path = tmp_path / "cv.txt"
    path.write_bytes(data)
    doc = read_document(path)
    assert doc.source == str(path)
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    assert doc.size == len(data)
    assert doc.media_type == "text/plain"


def test_a_size_just_over_the_limit_never_reads_as_equal() -> None:
    from fairsift.intake.limits import size_vs_limit

    assert size_vs_limit(25_000_000, 20_000_000) == "25.0 MB (limit 20.0 MB)"
    assert size_vs_limit(20_040_000, 20_000_000) == "20.04 MB (limit 20.00 MB)"
    assert size_vs_limit(200_000_025, 200_000_000) == (
        "200,000,025 bytes (limit 200,000,000 bytes)"
    )
