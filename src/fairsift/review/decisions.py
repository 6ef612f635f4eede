"""Decisions people make on recommendations: which ones exist, and recording one with its
reason. The AI recommends; a decision is always a person's, with a reason and the assessment
they saw."""

from __future__ import annotations

from typing import Any, Literal, Protocol

from fairsift.errors import InputError

__all__ = [
    "APPLICATION_DECISIONS",
    "DECISIONS",
    "MAX_REASON",
    "REPORT_DECISIONS",
    "DecisionStore",
    "ItemKind",
    "check_decision",
    "record_decision",
]

ItemKind = Literal["application", "report"]
APPLICATION_DECISIONS: tuple[str, ...] = ("advance", "reject", "hold")
REPORT_DECISIONS: tuple[str, ...] = ("route", "escalate", "close", "malicious")
DECISIONS: dict[str, tuple[str, ...]] = {
    "application": APPLICATION_DECISIONS,
    "report": REPORT_DECISIONS,
}
MAX_REASON = 4000


class DecisionStore(Protocol):
    def put_decision(
        self,
        kind: str,
        item_id: int,
        assessment_id: int | None,
        decision: str,
        reason: str,
        actor: str,
    ) -> int: ...

    def decisions_for(self, kind: str, item_id: int) -> list[dict[str, Any]]: ...


def check_decision(kind: str, decision: str, reason: str) -> tuple[str, str]:
    """The decision and reason, cleaned; InputError naming what is wrong otherwise."""
    if kind not in DECISIONS:
        raise InputError(f"no decisions exist for {kind!r}", "Use 'application' or 'report'")
    choice = decision.strip().lower()
    if choice not in DECISIONS[kind]:
        raise InputError(
            f"{decision!r} is not a decision for {'an' if kind == 'application' else 'a'} {kind}",
            "Choose one of: " + ", ".join(DECISIONS[kind]),
        )
    why = reason.strip()
    if not why:
        raise InputError(
            "a decision needs a reason", "Write why, in a sentence another reviewer can check"
        )
    if len(why) > MAX_REASON:
        raise InputError(
            f"the reason has {len(why)} characters; at most {MAX_REASON} fit",
            "Shorten the reason",
        )
    return choice, why


def record_decision(
    store: DecisionStore,
    kind: ItemKind,
    item_id: int,
    assessment_id: int | None,
    decision: str,
    reason: str,
    actor: str,
) -> int:
    """Record a person's decision (the store appends it to the audit log in the same
    transaction). Returns the decision's id."""
    choice, why = check_decision(kind, decision, reason)
    return store.put_decision(kind, item_id, assessment_id, choice, why, actor)
