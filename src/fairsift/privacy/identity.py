"""Who a resume says it is: the name, e-mail addresses and phone numbers blind mode finds in
it, normalised for comparison (e-mails lower-cased, phones digits only). Used to recognise the
same person applying twice and to find everything held about one person; never shown in a
queue or given to a scorer."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fairsift.privacy.redact import redact

__all__ = ["Identity", "identity", "normal_email", "normal_phone"]

MIN_PHONE_DIGITS = 7  # shorter runs are years, ids or postcodes, not a way to reach someone


@dataclass(frozen=True)
class Identity:
    name: str | None = None
    emails: tuple[str, ...] = field(default_factory=tuple)
    phones: tuple[str, ...] = field(default_factory=tuple)

    def is_empty(self) -> bool:
        return self.name is None and not self.emails and not self.phones


def normal_email(value: str) -> str:
    return re.sub(r"\s+", "", value).strip(".,;:<>()[]").lower()


def normal_phone(value: str) -> str:
    """Digits only, national and international spellings of one number kept apart only by
    a leading country code: the last 9 digits are what two spellings share."""
    digits = re.sub(r"\D", "", value)
    return digits[-9:] if len(digits) > 9 else digits


def identity(text: str) -> Identity:
    found = redact(text).redactions
    names = [text[r.start : r.end] for r in found if r.kind == "name"]
    emails = {normal_email(text[r.start : r.end]) for r in found if r.kind == "email"}
    phones = {normal_phone(text[r.start : r.end]) for r in found if r.kind == "phone"}
    name = " ".join(names[0].split()) if names else None
    return Identity(
        name=name or None,
        emails=tuple(sorted(e for e in emails if "@" in e)),
        phones=tuple(sorted(p for p in phones if len(p) >= MIN_PHONE_DIGITS)),
    )
