"""Who may do what. One place, so the table-driven permission test and the code agree.

admin     everything
reviewer  the queues named in their account: "applications" (every job), "job:<sha256>"
          (one job) or "reports"; reviewers of applications see blind text only; no
          reviewer ever reads demographics
auditor   the audit log and aggregate figures only: no report texts, no candidate
          identities, no queues
anonymous the public report form, its receipts and a candidate's own self-identification
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from fairsift.service.problems import Forbidden, Unauthorized

__all__ = ["ROLES", "Principal", "require", "require_role"]

Role = Literal["admin", "reviewer", "auditor"]
ROLES: tuple[str, ...] = ("admin", "reviewer", "auditor")


@dataclass(frozen=True)
class Principal:
    username: str
    role: str
    queues: tuple[str, ...] = ()
    via: Literal["session", "token"] = "session"
    csrf: str = field(default="", repr=False)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def reviews_reports(self) -> bool:
        return self.is_admin or (self.role == "reviewer" and "reports" in self.queues)

    def reviews_job(self, job_sha256: str) -> bool:
        if self.is_admin:
            return True
        if self.role != "reviewer":
            return False
        return "applications" in self.queues or f"job:{job_sha256}" in self.queues

    def reviews_applications(self) -> bool:
        """Any application queue at all (the list is filtered per job)."""
        if self.is_admin:
            return True
        return self.role == "reviewer" and any(
            q == "applications" or q.startswith("job:") for q in self.queues
        )

    def sees_identities(self) -> bool:
        """Only admins see candidates' names and original (not blind) text."""
        return self.is_admin

    def reads_aggregates(self) -> bool:
        return self.role in ("admin", "auditor")


def require(principal: Principal | None, allowed: bool, what: str) -> Principal:
    """The principal if `allowed`; 401 for anonymous visitors, 403 for others."""
    if principal is None:
        raise Unauthorized(f"sign in to {what}")
    if not allowed:
        raise Forbidden(f"the {principal.role} role of {principal.username!r} cannot {what}")
    return principal


def require_role(principal: Principal | None, roles: tuple[str, ...], what: str) -> Principal:
    return require(principal, principal is not None and principal.role in roles, what)
