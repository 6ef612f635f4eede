"""The audit log, for the people who check it: verify the hash chain, read entries, and the
function behind `fairsift audit verify [--db URL] [--anchor ID:HASH]`.

Entries are written by the store, in the same transaction as the change they record (see
fairsift.store.audit for the chain's format). Verification recomputes every hash and link:

    ok, lines = audit_verify("fairsift.db")
    # (True, ["audit log intact: 1,204 entries; head 1204:9f2c…"])
    # (False, ["entry 17: edited: its contents no longer match its hash", ...])

A chain proves nothing was changed *inside* it. To also catch entries cut from its end (or a
whole rewritten chain), write the head down somewhere else now and then (`audit_head`) and
pass it back as the anchor.
"""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import func, select

from fairsift.errors import ConfigError, StoreError
from fairsift.store import Store
from fairsift.store.audit import (
    EVENTS,
    GENESIS,
    AuditRecord,
    Problem,
    canonical,
    entry_hash,
)
from fairsift.store.engine import resolve_url, sqlite_path
from fairsift.store.models_review import AuditItem

__all__ = [
    "EVENTS",
    "GENESIS",
    "AuditRecord",
    "Problem",
    "audit_head",
    "audit_verify",
    "canonical",
    "entry_hash",
    "format_anchor",
    "parse_anchor",
    "verify_audit",
]

_ANCHOR = re.compile(r"^\s*(\d+)\s*:\s*([0-9a-fA-F]{64})\s*$")


def verify_audit(store: Store, anchor: tuple[int, str] | None = None) -> list[Problem]:
    """Every problem in the store's audit chain, in entry order; empty when intact."""
    return store.verify_audit(anchor)


def parse_anchor(text: str) -> tuple[int, str]:
    """ "ID:HASH" (as `audit_head` prints it) -> (id, hash)."""
    match = _ANCHOR.match(text)
    if match is None:
        raise ConfigError(
            f"not an audit anchor: {text!r}",
            "Give the head as ID:HASH, e.g. 1204:9f2c… (64 hex digits), from `audit_head`",
        )
    return int(match.group(1)), match.group(2).lower()


def format_anchor(head: tuple[int, str]) -> str:
    return f"{head[0]}:{head[1]}"


def _open_existing(db: str | Path) -> Store:
    """Open a store to check it, without creating one where there was none."""
    path = sqlite_path(resolve_url(db if isinstance(db, str) else Path(db)))
    if path is not None and not path.is_file():
        raise StoreError(
            f"there is no database at {path}", "Give the path or URL of an existing store (--db)"
        )
    return Store.open(db)


def audit_head(db: str | Path) -> str | None:
    """The newest entry as "ID:HASH" (keep it elsewhere to anchor a later check), or None."""
    with _open_existing(db) as store:
        head = store.audit_head()
    return None if head is None else format_anchor(head)


def audit_verify(db: str | Path, anchor: str | None = None) -> tuple[bool, list[str]]:
    """For the CLI: (intact?, lines to print). Raises StoreError if the database cannot be
    opened and ConfigError for a malformed anchor."""
    expected = None if anchor is None else parse_anchor(anchor)
    with _open_existing(db) as store:
        problems = store.verify_audit(expected)
        head = store.audit_head()
        with store.read() as session:  # items vouched for by batch entries
            items = int(session.execute(select(func.count()).select_from(AuditItem)).scalar_one())
    if problems:
        count = len(problems)
        summary = f"audit log NOT intact: {count} problem{'s' if count != 1 else ''}"
        return False, [summary, *(str(problem) for problem in problems)]
    if head is None:
        return True, ["audit log intact: no entries yet"]
    batched = f" and {items:,} items in batches" if items else ""
    line = f"audit log intact: {head[0]:,} entries{batched}; head {format_anchor(head)}"
    if expected is not None:
        line += f" (anchor {expected[0]} matches)"
    return True, [line]
