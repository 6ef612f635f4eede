"""Coordinated or abusive submission campaigns, flagged for a person to judge.

Two patterns, both over a sliding time window:
- many near-identical reports (one duplicate group) arriving close together;
- a burst of reports about the same target from one source.
A flag never deletes or hides anything; it says what was seen so a reviewer can decide.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

__all__ = ["Campaign", "CampaignInput", "find_campaigns"]


@dataclass(frozen=True, slots=True)
class CampaignInput:
    """What campaign detection may look at. `source` is an opaque token (a hash of the
    submitting client or contact), never the contact itself; `target` what the report is about
    when the intake knows it (a subject line or a target column)."""

    id: str
    received_at: datetime | None
    duplicate_group: str | None = None
    source: str | None = None
    target: str | None = None


@dataclass(frozen=True, slots=True)
class Campaign:
    group: str
    size: int
    reason: str

    def to_dict(self) -> dict[str, object]:
        return {"group": self.group, "size": self.size, "reason": self.reason}


def _minutes(delta: timedelta) -> str:
    minutes = max(1, round(delta.total_seconds() / 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def _densest(times: list[tuple[datetime, str]], window: timedelta) -> tuple[int, int]:
    """Indexes [lo, hi) of the largest run of `times` (sorted) that fits in `window`."""
    best = (0, 0)
    lo = 0
    for hi in range(len(times)):
        while times[hi][0] - times[lo][0] > window:
            lo += 1
        if hi + 1 - lo > best[1] - best[0]:
            best = (lo, hi + 1)
    return best


def find_campaigns(
    items: Sequence[CampaignInput],
    *,
    window: timedelta = timedelta(hours=1),
    min_size: int = 5,
) -> dict[str, Campaign]:
    """Campaign flags by report id. Reports without a time are judged as one moment only
    when none of their group has a time (e.g. a CSV with no dates): then the whole group is."""
    flags: dict[str, Campaign] = {}

    groups: dict[str, list[CampaignInput]] = defaultdict(list)
    for item in items:
        if item.duplicate_group:
            groups[item.duplicate_group].append(item)
    for name, members in groups.items():
        timed = sorted((m.received_at, m.id) for m in members if m.received_at is not None)
        if timed:
            lo, hi = _densest(timed, window)
            burst = timed[lo:hi]
            span = burst[-1][0] - burst[0][0]
            reason = f"{len(burst)} near-identical reports within {_minutes(span)}"
            ids = [report_id for _, report_id in burst]
        else:
            burst_ids = [m.id for m in members]
            reason = f"{len(burst_ids)} near-identical reports (no arrival times to compare)"
            ids = burst_ids
        if len(ids) >= min_size:
            campaign = Campaign(f"campaign-{name}", len(ids), reason + "; judge before acting")
            for report_id in ids:
                flags[report_id] = campaign

    bursts: dict[tuple[str, str], list[tuple[datetime, str]]] = defaultdict(list)
    for item in items:
        if item.source and item.target and item.received_at is not None:
            bursts[(item.source, item.target.casefold().strip())].append(
                (item.received_at, item.id)
            )
    for (source, target), timed in bursts.items():
        timed.sort()
        lo, hi = _densest(timed, window)
        if hi - lo < min_size:
            continue
        span = timed[hi - 1][0] - timed[lo][0]
        campaign = Campaign(
            f"burst-{source[:12]}-{zlib.crc32(target.encode()):08x}",
            hi - lo,
            f"{hi - lo} reports about '{target}' from one source within {_minutes(span)}; "
            "judge before acting",
        )
        for _, report_id in timed[lo:hi]:
            flags.setdefault(report_id, campaign)
    return flags
