"""Blind mode: find and mask what a scorer must never see (names, contact details, home
locations, dates of birth, ages, gender markers, marital status, nationality, religion,
photos, graduation years), keeping the text's length and lines."""

from fairsift.privacy.redact import redact
from fairsift.privacy.types import MASK, Redacted, Redaction

__all__ = ["MASK", "Redacted", "Redaction", "redact"]
