"""One writer per run: a batch's finished work, stored a few hundred rows at a time.

Screening many files ends in many small writes per file (its description, its texts, its
contact details, one assessment per job). Each used to be its own transaction with its own
audit entry under the chain's one lock; here they are gathered and written together with
`Store.put_screened`, in one transaction and one batch audit entry, when `size` assessments
are waiting or `seconds` have passed since the last write, and at the end. A run that stops
loses at most what was waiting (a rerun screens it again: stored work is reused by key).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from fairsift.store import Store
from fairsift.store.bulk import NewAssessment, Screened

__all__ = ["ScreenWriter"]


@dataclass
class ScreenWriter:
    store: Store
    size: int = 500
    seconds: float = 2.0
    written: int = 0  # assessments stored so far
    _waiting: list[Screened] = field(default_factory=list)
    _loose: list[NewAssessment] = field(default_factory=list)  # rows without a document
    _since: float = field(default_factory=time.monotonic)

    def add(self, screened: Screened) -> None:
        self._waiting.append(screened)
        self._maybe_flush()

    def add_assessments(self, assessments: list[NewAssessment]) -> None:
        self._loose.extend(assessments)
        self._maybe_flush()

    def _count(self) -> int:
        return len(self._loose) + sum(len(s.assessments) for s in self._waiting)

    def _maybe_flush(self) -> None:
        if self._count() >= self.size or time.monotonic() - self._since >= self.seconds:
            self.flush()

    def flush(self) -> None:
        """Store what is waiting (taken off first: a failed write is not tried twice)."""
        waiting, loose = self._waiting, self._loose
        self._waiting, self._loose = [], []
        self._since = time.monotonic()
        if waiting:
            self.written += sum(x is not None for x in self.store.put_screened(waiting))
        if loose:
            self.written += sum(x is not None for x in self.store.put_assessments(loose))
