"""In-app notices: what was assigned to the person signed in, and to each team, among the
reports still open. Shown in the navigation on every page (yours) and on the report queue
(yours and the teams'), each linking to the queue filtered to it. Nothing is sent by email.

Assignments are counted whether or not the report is flagged as a possible campaign: a
person assigned it deliberately. (Campaign reports are held back from the unassigned-urgent
alerts instead; see `workflows.alerts`.)"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from fairsift.store import Store
from fairsift.store.models_review import Report
from fairsift.store.review import OPEN_STATUSES

__all__ = ["OPEN_STATUSES", "Assigned", "assigned"]


@dataclass(frozen=True)
class Assigned:
    mine: int = 0
    teams: tuple[tuple[str, int], ...] = field(default_factory=tuple)


def assigned(store: Store, username: str, teams: list[str]) -> Assigned:
    """Open reports assigned to `username` and to each configured team (one grouped query)."""
    wanted = [f"user:{username}", *(f"team:{t}" for t in teams)]
    query = (
        select(Report.assignee, func.count(Report.id))
        .where(Report.assignee.in_(wanted), Report.status.in_(OPEN_STATUSES))
        .group_by(Report.assignee)
    )
    with store.read() as session:
        counts = {str(who): int(n) for who, n in session.execute(query)}
    return Assigned(
        mine=counts.get(f"user:{username}", 0),
        teams=tuple((t, counts[f"team:{t}"]) for t in teams if counts.get(f"team:{t}")),
    )
