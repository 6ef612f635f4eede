"""Consistent groups: every report of a duplicate group gets the group's highest urgency, with
a reason naming the report that carries it; grouping again restores each report's own."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from fairsift.intake.records import Record
from fairsift.triage.pipeline import Triager, _ungroup, consistent_urgency

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "taxonomies" / "disaster-response.toml"


def _row(id: str, group: str | None, level: str, reason: str) -> dict[str, Any]:
    return {
        "id": id,
        "error": None,
        "duplicate_group": group,
        "urgency": {"level": level, "reason": f"{level}: {reason}"},
        "findings": [],
    }


def test_a_group_takes_its_highest_urgency_and_says_from_which_report() -> None:
    rows = [
        _row("a", "g1", "normal", "it is about shelter"),
        _row("b", "g1", "critical", "the report says 'trapped'"),
        _row("c", "g1", "low", "no category or wording that raises its urgency"),
        _row("d", None, "low", "nothing"),
        _row("e", "g2", "high", "it is about water"),
    ]
    consistent_urgency(rows)
    assert [r["urgency"]["level"] for r in rows] == ["critical"] * 3 + ["low", "high"]
    assert rows[0]["urgency"]["reason"] == (
        "critical: as report b of its duplicate group (the report says 'trapped')"
    )
    assert rows[1]["urgency"]["reason"] == "critical: the report says 'trapped'"
    # Grouping again (a resumed run, a new window) starts from each report's own urgency.
    for row in rows:
        _ungroup(row)
    assert [r["urgency"]["level"] for r in rows] == ["normal", "critical", "low", "low", "high"]


@pytest.fixture(scope="module")
def triager() -> Triager:
    return Triager.create(EXAMPLE, translate=False)


def test_resent_copies_never_sink_below_their_source(triager: Triager) -> None:
    base = "the blue house behind the church on road 4 in Delmas 33 got a new coat of paint"
    texts = [
        f"{base} this week, a man is trapped there",
        f"{base} this week, a man is trapped there!!",
        f"{base} this week, looks nice",
        "The market in Jacmel reopened this morning",
    ]
    records = [
        Record(id=f"r{i}", source="t", text=t, sha256=f"{i:064d}") for i, t in enumerate(texts)
    ]
    alone = [row["urgency"]["level"] for row in triager.assess(records)]
    assert alone[0] == "critical" and alone[2] != "critical", alone  # the copies differ alone
    rows = triager.triage(records)
    groups = {row["duplicate_group"] for row in rows[:3]}
    assert len(groups) == 1 and None not in groups, [r["duplicate_group"] for r in rows]
    levels = {row["urgency"]["level"] for row in rows[:3]}
    assert levels == {"critical"}, [r["urgency"] for r in rows]
    assert rows[2]["urgency"]["reason"].startswith("critical: as report r0 of its duplicate group")
    assert rows[3]["duplicate_group"] is None
    assert all("_own_urgency" not in row and "_vector" not in row for row in rows)
