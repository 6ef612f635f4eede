"""How much intake will read before it refuses a file."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fairsift.config import Settings

__all__ = ["Limits", "size_vs_limit"]


@dataclass(frozen=True, slots=True)
class Limits:
    """Limits for one document. The defaults match fairsift.config.Settings."""

    max_bytes: int = 20_000_000
    max_pages: int = 50
    max_zip_ratio: float = 100.0
    max_unzipped_bytes: int = 200_000_000
    ocr: bool = True
    ocr_language: str = "eng"

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(
            max_bytes=int(settings.max_file_mb * 1_000_000),
            max_pages=settings.max_pages,
            max_zip_ratio=settings.max_zip_ratio,
            ocr=settings.ocr,
            ocr_language=settings.ocr_language,
        )


def size_vs_limit(size: int, limit: int) -> str:
    """ "25.0 MB (limit 20.0 MB)", with as many decimals as it takes for the two to differ
    (a size just over the limit must not read as equal to it)."""
    for digits in (1, 2, 3):
        shown, cap = f"{size / 1e6:.{digits}f}", f"{limit / 1e6:.{digits}f}"
        if shown != cap:
            return f"{shown} MB (limit {cap} MB)"
    return f"{size:,} bytes (limit {limit:,} bytes)"
