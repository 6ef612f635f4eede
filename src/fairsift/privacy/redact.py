"""Blind mode: mask what a scorer must never see, keep everything else in place.

Masking is length-preserving: each masked character becomes MASK except line breaks, so the
blind text has the same length and lines as the original and an evidence span found in it is
valid in the original document too.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from itertools import accumulate

from fairsift.privacy.contacts import find_contacts
from fairsift.privacy.education import find_graduation_years
from fairsift.privacy.fields import find_fields
from fairsift.privacy.gender import find_gender_words
from fairsift.privacy.hits import Hit
from fairsift.privacy.lead import find_lead_names, name_parts
from fairsift.privacy.lists import lists
from fairsift.privacy.names import find_header, find_names, propagate
from fairsift.privacy.places import find_places
from fairsift.privacy.postal import find_postal_places
from fairsift.privacy.types import MASK, Redacted, Redaction

__all__ = ["redact", "skill_spans"]

# Which kind wins where two detectors overlap: contact details first, then the rest.
_PRIORITY = {
    "email": 0,
    "url": 1,
    "phone": 2,
    "id_number": 3,
    "date_of_birth": 4,
    "age": 5,
    "gender": 6,
    "pronoun": 6,
    "marital_status": 7,
    "nationality": 8,
    "religion": 9,
    "photo": 10,
    "name": 11,
    "address": 12,
    "location": 13,
    "graduation_year": 14,
}
_KEEP = {"\n", "\r"}
# Labels whose value names the candidate or their family: its words are masked everywhere.
_NAME_LABELS = ("name",)


@lru_cache(maxsize=1)
def _skill_finder() -> Callable[[str], Iterable[object]] | None:
    try:
        from fairsift.lexicon import find_skills
    except ImportError:  # the lexicon is optional for blind mode; the guard words still apply
        return None
    return find_skills


def skill_spans(text: str) -> list[tuple[int, int]]:
    """Spans of skill mentions (from fairsift.lexicon when installed): never masked by a
    word-list guess."""
    finder = _skill_finder()
    if finder is None:
        return []
    return [(int(m.start), int(m.end)) for m in finder(text)]  # type: ignore[attr-defined]


def _collect(text: str, hints: Sequence[str] = (), resume: bool = True) -> list[Hit]:
    data = lists()
    header = find_header(text, data)
    contacts = find_contacts(text, header.end)
    hits: list[Hit] = list(contacts)
    tokens: list[str] = list(header.tokens)
    if header.name is not None:
        hits.append(header.name)
    for field in find_fields(text):
        hits.append(field.hit)
        if field.hit.kind == "name" and field.label.endswith(_NAME_LABELS):
            value = text[field.hit.start : field.hit.end]
            tokens += [w.strip(".,") for w in value.split() if len(w.strip(".,")) > 1]
    name_hits, title_tokens = find_names(text, data)
    hits += name_hits
    tokens += title_tokens
    phrases = [header.words] if header.words else []
    for lead in find_lead_names(text, data, hints, resume):
        hits.append(lead.hit())
        tokens += name_parts(lead.words)
        phrases.append(lead.words)
    hits += propagate(text, tokens, data, phrases)
    hits += find_places(text, data, header.end, contacts)
    hits += find_postal_places(text)
    hits += find_gender_words(text)
    hits += find_graduation_years(text)
    return hits


def _protected(text: str, hits: list[Hit]) -> list[Hit]:
    """Drop weak hits that touch a skill mention ("Ruby", "Jersey", "Spring")."""
    if not any(h.weak for h in hits):
        return hits
    spans = skill_spans(text)
    if not spans:
        return hits
    # A hit touches a skill when some span starting before the hit's end ends after its
    # start: the largest end among the spans starting before hit.end says (linear, not
    # hits × spans).
    spans.sort()
    starts = [s for s, _ in spans]
    reach = list(accumulate((e for _, e in spans), max))
    kept = []
    for hit in hits:
        before = bisect_left(starts, hit.end)
        if hit.weak and before and reach[before - 1] > hit.start:
            continue
        kept.append(hit)
    return kept


def _resolve(text: str, hits: list[Hit]) -> list[Redaction]:
    """Non-overlapping spans: where detectors overlap, the higher-priority kind owns the text."""
    owner: dict[int, str] = {}
    for hit in sorted(hits, key=lambda h: _PRIORITY.get(h.kind, 99)):
        for i in range(hit.start, hit.end):
            if i not in owner and text[i] not in _KEEP and text[i] != MASK:
                owner.setdefault(i, hit.kind)
    out: list[Redaction] = []
    for i in sorted(owner):
        kind = owner[i]
        last = out[-1] if out else None
        # Join runs of one kind across the spaces and separators they cover.
        if last is not None and last.kind == kind and last.end == i:
            out[-1] = Redaction(kind, last.start, i + 1)
        else:
            out.append(Redaction(kind, i, i + 1))
    return [r for r in out if text[r.start : r.end].strip()]


def redact(text: str, hints: Sequence[str] = (), kind: str = "resume") -> Redacted:
    """Mask names, contact details, home locations, dates of birth, ages, gender markers,
    marital status, nationality, religion, photos and graduation years in `text`. `hints`
    (the file name, a PDF's or DOCX's title or author) help find the candidate's name; they
    are never masked or returned themselves. `kind` "report" (a message, not a resume) does
    not take a text's opening words for its author's name."""
    hits = [h for h in _collect(text, hints, kind != "report") if h.start < h.end]
    redactions = _resolve(text, _protected(text, hits))
    chars = list(text)
    for red in redactions:
        for i in range(red.start, red.end):
            if chars[i] not in _KEEP:
                chars[i] = MASK
    return Redacted("".join(chars), tuple(redactions))
