"""Who a resume says it is: the name, e-mail addresses and phone numbers blind mode finds in
it, normalised for comparison (e-mails lower-cased, phones digits only). Used to recognise the
same person applying twice and to find everything held about one person; never shown in a
queue or given to a scorer."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fairsift.privacy.contacts import find_contacts
from fairsift.privacy.lists import lists
from fairsift.privacy.names import find_header

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
    """Blind mode's own detectors, only the three needed (the header's name, e-mails,
    phones): a third of the cost of a full redaction."""
    header = find_header(text, lists())
    contacts = find_contacts(text, header.end)
    emails = {normal_email(text[h.start : h.end]) for h in contacts if h.kind == "email"}
    kept: list[tuple[int, int]] = []  # detectors overlap: keep the widest spelling
    for hit in sorted((h for h in contacts if h.kind == "phone"), key=lambda h: h.start - h.end):
        if not any(start <= hit.start and hit.end <= end for start, end in kept):
            kept.append((hit.start, hit.end))
    phones = {normal_phone(text[start:end]) for start, end in kept}
    name = None
    if header.name is not None:
        name = " ".join(text[header.name.start : header.name.end].split())
    return Identity(
        name=name or None,
        emails=tuple(sorted(e for e in emails if "@" in e)),
        phones=tuple(sorted(p for p in phones if len(p) >= MIN_PHONE_DIGITS)),
    )
