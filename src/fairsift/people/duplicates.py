"""Duplicate candidates: resumes that seem to be one person because they give the same
e-mail address or phone number (kept in the private contact table). A reviewer merges them
(`Store.merge_candidates`); bias audits then count the person once. The same resume twice is
one candidate already (one sha256)."""

from __future__ import annotations

from dataclasses import dataclass

from fairsift.store import Store

__all__ = ["DuplicateGroup", "duplicate_groups"]


@dataclass(frozen=True)
class DuplicateGroup:
    reason: str  # "same e-mail" or "same phone"
    candidates: tuple[str, ...]  # resume sha256s, sorted


def duplicate_groups(store: Store) -> list[DuplicateGroup]:
    """Groups of two or more resumes sharing an e-mail or phone, leaving out pairs already
    merged into the same person."""
    merged = store.merges()
    by: dict[tuple[str, str], set[str]] = {}
    for sha, who in store.candidate_contacts().items():
        for email in who.emails:
            by.setdefault(("same e-mail", email), set()).add(sha)
        for phone in who.phones:
            by.setdefault(("same phone", phone), set()).add(sha)
    seen: set[tuple[str, ...]] = set()
    out = []
    for (reason, _value), shas in sorted(by.items()):
        people = {merged.get(s, s) for s in shas}
        group = tuple(sorted(shas))
        if len(people) < 2 or group in seen:
            continue
        seen.add(group)
        out.append(DuplicateGroup(reason, group))
    return out
