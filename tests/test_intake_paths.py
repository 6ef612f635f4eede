"""expand_paths: what a batch over files and folders will read."""

from __future__ import annotations

from pathlib import Path

from fairsift.intake import SUPPORTED_SUFFIXES, expand_paths


def test_folders_are_searched_recursively_sorted_and_filtered(tmp_path: Path) -> None:
    for name in [
        "b.pdf",
        "a.docx",
        "notes.xlsx",
        "sub/c.md",
        "sub/d.HTML",
        ".hidden.txt",
        ".git/e.txt",
        "sub/.cache/f.txt",
    ]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    single = tmp_path / "notes.xlsx"
    found = expand_paths([tmp_path, single, tmp_path / "b.pdf", tmp_path / "missing.pdf"])
    assert found == [
        tmp_path / "a.docx",
        tmp_path / "b.pdf",
        tmp_path / "sub" / "c.md",
        tmp_path / "sub" / "d.HTML",
        single,  # files named explicitly are kept: the batch reports why they fail
        tmp_path / "missing.pdf",
    ]


def test_supported_suffixes() -> None:
    assert {".pdf", ".docx", ".txt", ".md", ".html"} <= SUPPORTED_SUFFIXES
    assert ".doc" not in SUPPORTED_SUFFIXES
