"""Uploaded files on disk: content-addressed, written atomically and synced before the API
answers, so an accepted upload survives a crash (kill -9 or power cut)."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from fairsift.errors import TooLarge, UnsupportedType
from fairsift.intake import SUPPORTED_SUFFIXES

__all__ = ["safe_name", "save_upload"]

_UNSAFE = re.compile(r"[^A-Za-z0-9._\- ]+")


def safe_name(name: str, default: str = "upload.txt") -> str:
    """A file name without folders or odd characters, keeping its suffix."""
    base = _UNSAFE.sub("_", Path(name.replace("\\", "/")).name).strip(" .")
    return base[:120] or default


def save_upload(
    folder: Path, data: bytes, name: str, max_bytes: int, suffixes: frozenset[str] | None = None
) -> tuple[Path, str]:
    """Write `data` to folder/<sha256>/<name>; return (path, sha256). Idempotent."""
    clean = safe_name(name)
    suffix = Path(clean).suffix.lower()
    allowed = suffixes if suffixes is not None else frozenset(SUPPORTED_SUFFIXES)
    if suffix not in allowed:
        raise UnsupportedType(
            f"{clean!r} is not a supported file type",
            "Upload one of: " + ", ".join(sorted(allowed)),
        )
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
