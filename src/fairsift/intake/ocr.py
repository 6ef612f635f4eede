"""OCR of scanned PDF pages with Debian's tesseract, through pytesseract."""

from __future__ import annotations

import shutil
from typing import Any

from fairsift.errors import ModelError

__all__ = ["MAX_PIXELS", "OCR_DPI", "ocr_page", "tesseract_available"]

OCR_DPI = 200
MAX_PIXELS = 16_000_000  # a huge page box must not become a multi-gigabyte bitmap
_INSTALL = (
    "Install it with: sudo apt-get install tesseract-ocr (or turn OCR off: FAIRSIFT_OCR=false)"
)


def tesseract_available() -> bool:
    return shutil.which("tesseract") is not None


def ocr_page(page: Any, page_number: int, language: str = "eng") -> list[str]:
    """The text lines tesseract reads on a pypdfium2 page rendered at 200 dpi."""
    import pytesseract

    if not tesseract_available():
        raise ModelError(
            f"page {page_number} is a scanned image, and tesseract is not installed to read it",
            _INSTALL,
        )
    width, height = page.get_size()
    scale = OCR_DPI / 72
    pixels = width * scale * height * scale
    if pixels > MAX_PIXELS:
        scale *= (MAX_PIXELS / pixels) ** 0.5
    bitmap = page.render(scale=scale, grayscale=True)
    try:
        image = bitmap.to_pil()
        text = pytesseract.image_to_string(image, lang=language)
    except pytesseract.TesseractNotFoundError as exc:
        raise ModelError(
            f"tesseract is not installed (needed for page {page_number})", _INSTALL
        ) from exc
    except pytesseract.TesseractError as exc:
        raise ModelError(
            f"tesseract could not read page {page_number}: {str(exc).strip()[:200]}",
            f"Check the language data: sudo apt-get install tesseract-ocr-{language.split('+')[0]}",
        ) from exc
    finally:
        bitmap.close()
    return [line for line in text.splitlines() if line.strip()]
