"""Uploaded files on disk: content-addressed, written atomically and synced before the API
answers, so an accepted upload survives a crash (kill -9 or power cut)."""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from pathlib import Path

from fairsift.errors import TooLarge, UnsupportedType
from fairsift.intake import SUPPORTED_SUFFIXES

__all__ = ["BIDI_CONTROLS", "check_type", "display_name", "safe_name", "save_upload"]

_UNSAFE = re.compile(r"[^A-Za-z0-9._\- ]+")


# Characters that reorder how text is shown: "gnp.exe" with U+202E before it reads "exe.png".
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


def display_name(name: str) -> tuple[str, str | None]:
    """A file name as it may be shown, with a warning when it holds characters that would
    make it read as something else (bidi overrides, invisible characters)."""
    hidden = [c for c in name if c in BIDI_CONTROLS or unicodedata.category(c) == "Cf"]
    if not hidden:
        return name, None
    shown = "".join(f"[U+{ord(c):04X}]" if c in hidden else c for c in name)
    return shown, (
        "This file name holds characters that change how it reads (for example a "
        "right-to-left override makes 'gnp.exe' look like 'exe.png'); they are shown as "
        "[U+…]. Treat the file with care."
    )


def safe_name(name: str, default: str = "upload.txt") -> str:
    """A file name without folders or odd characters, keeping its suffix."""
    base = _UNSAFE.sub("_", Path(name.replace("\\", "/")).name).strip(" .")
    return base[:120] or default


def check_type(name: str, suffixes: frozenset[str] | None = None) -> str:
    """The name as it will be stored; UnsupportedType (415) unless its suffix is one of
    `suffixes` (default: every type fairsift reads)."""
    clean = safe_name(name)
    allowed = suffixes if suffixes is not None else frozenset(SUPPORTED_SUFFIXES)
    if Path(clean).suffix.lower() not in allowed:
        raise UnsupportedType(
            f"{clean!r} is not a supported file type",
            "Upload one of: " + ", ".join(sorted(allowed)),
        )
    return clean


def save_upload(
    folder: Path, data: bytes, name: str, max_bytes: int, suffixes: frozenset[str] | None = None
) -> tuple[Path, str]:
    """Write `data` to folder/<sha256>/<name>; return (path, sha256). Idempotent."""
    clean = check_type(name, suffixes)
    if len(data) > max_bytes:
        raise TooLarge(
            f"{clean!r} has {len(data):,} bytes; the limit is {max_bytes:,}",
            "Upload a smaller file, or ask the admin to raise FAIRSIFT_SERVICE_MAX_UPLOAD_MB",
        )
    sha = hashlib.sha256(data).hexdigest()
    target_dir = folder / sha[:2] / sha
    target = target_dir / clean
    if target.exists() and target.stat().st_size == len(data):
        return target, sha
    target_dir.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{clean}.{os.getpid()}.tmp")
    with tmp.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    tmp.replace(target)
    directory = os.open(target_dir, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
    return target, sha
