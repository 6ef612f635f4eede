"""Retention as the service runs it (a daily thread) on a real SQLite store: what is past its
queue's period goes, with its uploaded file; what is within it, or in a queue without a
period, stays; the audit chain verifies; young audit entries keep their contents."""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

from fairsift.config import Settings
from fairsift.people.retention import expired, run_retention
from fairsift.service.files import save_upload
from fairsift.service.retention import DailyRetention
from fairsift.store import Store
from fairsift.store.models import utcnow

JOB_A, JOB_B = "a" * 64, "b" * 64


def stored(tmp_path: Path) -> tuple[Store, Path, list[str]]:
    store = Store.open(tmp_path / "fairsift.db")
    uploads = tmp_path / "data" / "uploads"
    for job in (JOB_A, JOB_B):
        store.put_job(sha256=job, source=f"{job[:4]}.md", title=job[:4], requirements=[])
    shas = []
    for i, job in enumerate((JOB_A, JOB_A, JOB_B)):
        path, sha = save_upload(
            uploads, f"resume {i}\nperson{i}@example.org\n".encode(), f"r{i}.txt", 10_000
        )
        store.enqueue("application", {"path": str(path), "sha256": sha}, f"{job}:{sha}")
        assessment = {"sha256": sha, "score": 50.0 + i, "requirements": [], "error": None}
        store.put_assessment(
            kind="screening",
            job_sha256=job,
            item_sha256=sha,
            source=str(path),
            config_sha256="c" * 64,
            payload=assessment,
            provenance={},
            score=50.0 + i,
        )
        shas.append(sha)
    return store, uploads, shas


def test_periods_per_queue_and_the_daily_thread(tmp_path: Path) -> None:
    store, uploads, shas = stored(tmp_path)
    try:
        keep_b = Settings(retention_days={"applications": 0, f"job:{JOB_B}": 30})
        later = utcnow() + timedelta(days=1)
        assert {e.key for e in expired(store, keep_b, later)} == set(shas[:2])
        assert expired(store, Settings(), later) == []  # no period: kept
        assert run_retention(store, keep_b, dry_run=True, now=later).expired
        assert len(store.list_assessments("screening")) == 3  # the dry run erased nothing

        ctx = SimpleNamespace(store=store, uploads=uploads)
        daily = DailyRetention(
            ctx, Settings(retention_days={"applications": 0, f"job:{JOB_B}": 30}), first_s=0.05
        )  # type: ignore[arg-type]
        daily.start()
        deadline = time.monotonic() + 30
        while len(store.list_assessments("screening")) > 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        daily.stop()
        left = store.list_assessments("screening")
        assert [a["item_sha256"] for a in left] == [shas[2]]
        files = sorted(p.name for p in uploads.rglob("*") if p.is_file())
        assert files == ["r2.txt"]
        assert store.verify_audit() == []
        assessment_entries = [
            e for e in store.audit_entries(limit=100) if e["event"] == "assessment"
        ]
        assert all(e["erased"] is None for e in assessment_entries)  # younger than six months
        assert any(e["event"] == "retention" for e in store.audit_entries(limit=100))
    finally:
        store.close()


def test_audit_entries_older_than_the_log_period_are_erased(tmp_path: Path) -> None:
    store, _uploads, _shas = stored(tmp_path)
    try:
        settings = Settings(retention_days={"applications": 0}, audit_log_days=183)
        report = run_retention(store, settings, now=utcnow() + timedelta(days=200))
        assert len(report.expired) == 3 and report.audit_entries_erased == 3
        assert store.verify_audit() == []
        assert store.list_assessments("screening") == []
    finally:
        store.close()


def test_the_audit_log_period_cannot_be_under_six_months() -> None:
    import pytest

    from fairsift.config import load_settings
    from fairsift.errors import ConfigError

    with pytest.raises(ConfigError, match="audit_log_days"):
        load_settings(audit_log_days=30)


def test_reports_past_their_period_go_and_the_log_still_verifies(tmp_path: Path) -> None:
    with Store.open(tmp_path / "fairsift.db") as store:
        report = store.put_report(
            {}, "Road blocked at the north exit", {"contact": "x@y.z"}, "form", "public"
        )
        store.put_report_assessment(report, {"language": "en"}, {})
        store.put_decision("report", report, None, "route", "To roads", "rita")
        settings = Settings(retention_days={"reports": 0})
        report_run = run_retention(store, settings, now=utcnow() + timedelta(days=1))
        assert [e.key for e in report_run.expired] == [f"report:{report}"]
        assert store.reporter_contact(report) is None
        assert store.all_decisions("report") == []
        assert store.verify_audit() == []  # the young entries stay whole and still check out


def batch_stored(tmp_path: Path) -> tuple[Store, int]:
    """Three applications a batch run stored: one batch entry, an item each."""
    from fairsift.store.bulk import NewAssessment

    store = Store.open(tmp_path / "fairsift.db")
    store.put_job(sha256=JOB_A, source="a.md", title="a", requirements=[])
    store.put_assessments(
        [
            NewAssessment("screening", JOB_A, f"{i + 1:064x}", f"r{i}.txt", "c" * 64, {"i": i}, {})
            for i in range(3)
        ]
    )
    (batch,) = [e for e in store.audit_entries(limit=10) if e["event"] == "batch"]
    return store, int(batch["id"])


def test_young_batch_items_keep_their_contents(tmp_path: Path) -> None:
    store, batch = batch_stored(tmp_path)
    try:
        settings = Settings(retention_days={"applications": 0}, audit_log_days=183)
        report = run_retention(store, settings, now=utcnow() + timedelta(days=1))
        assert report.audit_entries_erased == 0 and report.audit_entries_kept == 3
        assert store.list_assessments("screening") == []  # the rows go at once
        assert all(i.erased is None for i in store.audit_items(batch))
        assert store.verify_audit() == []  # the retention entry explains the missing rows
    finally:
        store.close()


def test_batch_items_older_than_the_log_period_are_erased(tmp_path: Path) -> None:
    store, batch = batch_stored(tmp_path)
    try:
        settings = Settings(retention_days={"applications": 0}, audit_log_days=183)
        report = run_retention(store, settings, now=utcnow() + timedelta(days=200))
        assert len(report.expired) == 3 and report.audit_entries_erased == 3
        items = store.audit_items(batch)
        assert all(i.erased is not None and i.payload is None for i in items)
        assert store.verify_audit() == []
    finally:
        store.close()
