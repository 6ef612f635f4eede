"""Campaigns and resent copies sent one at a time through the service (its form and API queue
each report for the worker) are flagged and ranked as in one `fairsift triage` batch: the
first reports of a campaign are flagged once the fifth arrives, and a resent copy takes its
group's highest urgency. Real SQLite store, real models, the worker's own handler."""

from __future__ import annotations

import threading
from pathlib import Path
from types import SimpleNamespace

import pytest

from fairsift.service.triage_worker import handler
from fairsift.store import Store
from fairsift.triage.pipeline import Triager

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "taxonomies" / "disaster-response.toml"


@pytest.fixture(scope="module")
def triager() -> Triager:
    return Triager.create(EXAMPLE, translate=False)


def test_reports_sent_one_by_one_are_grouped_as_in_a_batch(
    tmp_path: Path, triager: Triager
) -> None:
    with Store.open(tmp_path / "fairsift.db") as store:
        ctx = SimpleNamespace(
            store=store, pipelines=SimpleNamespace(lock=threading.RLock(), triager=lambda: triager)
        )
        run = handler(ctx)  # type: ignore[arg-type]
        campaign = "The mayor of Jacmel stole all the relief money, share this everywhere"
        ids = []
        for n in range(5):
            report_id = store.put_report(
                {"idempotency_key": f"c{n}"}, f"{campaign} {'!' * n}", None, "api", "public"
            )
            ids.append(report_id)
            [outcome] = run([{"report_id": report_id}])
            assert outcome.error is None
        rows = [store.report_by_id(i)["assessment"] for i in ids]  # type: ignore[index]
        assert all(row["campaign"] is not None for row in rows), [r["campaign"] for r in rows]
        assert len({row["duplicate_group"] for row in rows}) == 1

        first = "the blue house behind the church on road 4 in Delmas 33 got a new coat of paint"
        quiet = store.put_report(
            {"idempotency_key": "q"}, f"{first} this week, looks nice", None, "form", "p"
        )
        run([{"report_id": quiet}])
        alone = store.report_by_id(quiet)["assessment"]["urgency"]["level"]  # type: ignore[index]
        assert alone not in ("critical", "high")
        loud = store.put_report(
            {"idempotency_key": "l"}, f"{first} this week, a man is trapped there", None, "api", "p"
        )
        run([{"report_id": loud}])
        a = store.report_by_id(quiet)["assessment"]  # type: ignore[index]
        b = store.report_by_id(loud)["assessment"]  # type: ignore[index]
        assert a["duplicate_group"] == b["duplicate_group"] is not None
        assert a["urgency"]["level"] == b["urgency"]["level"] == "critical", (a, b)
