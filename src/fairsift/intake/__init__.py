"""Intake: bytes in, a Document out.

Reads PDF (text layer, OCR for scans), DOCX, TXT, Markdown and HTML. Only what a person
would see reaches Document.text: hidden text and instructions addressed to an AI become
findings instead. Limits (size, pages, zip bombs) fail with clear errors from fairsift.errors.
"""

from fairsift.intake.injection import find_injections, looks_injected
from fairsift.intake.limits import Limits
from fairsift.intake.reader import expand_paths, parse_bytes, read_bytes, read_document
from fairsift.intake.sniff import SUPPORTED_SUFFIXES

__all__ = [
    "SUPPORTED_SUFFIXES",
    "Limits",
    "expand_paths",
    "find_injections",
    "looks_injected",
    "parse_bytes",
    "read_bytes",
    "read_document",
]
