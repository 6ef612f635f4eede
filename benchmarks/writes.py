"""Writes that scale: assessments and triaged reports stored per second, on SQLite and (when
FAIRSIFT_TEST_PG_URL is set) PostgreSQL, the per-row path against the batched one, in the
same run on the same machine.

- per row (the baseline, how every audited write went before batch entries): one
  transaction, one advisory lock and one chained audit entry per assessment; triaged reports
  one transaction per chunk of 256 but one entry (and its lock query) per row;
- batched (how `fairsift screen` and `fairsift triage` write now): `put_assessments` /
  `put_screened` BATCH at a time, `put_triaged_reports` per chunk of 256, one transaction and
  one batch audit entry each (a Merkle root and the leaf hashes, items beside it).

Also: screened files stored the way the CLI stores them (document, texts, assessment), and
how long `audit verify` takes over each log. Each figure is the median of `--runs` runs on a
fresh database; runs alternate between the two paths so the machine's load hits both alike.
Target: ≥ 1,000 assessments/s to PostgreSQL (aim ≥ 1,500).

    python -m benchmarks writes [--rows 1000] [--batched-rows 5000] [--batch 500] [--runs 3]
        [--only assessments|screened files|triaged reports]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
JOB = "a" * 64
CONFIG = "c" * 64
PROVENANCE = {"config_sha256": CONFIG, "models": [["m", "1"]]}


def _payload(i: int) -> dict[str, Any]:
    # about the size of a real screening row: ten requirements with evidence
    reqs = [
        {
            "text": f"requirement {k}",
            "status": "met",
            "evidence": [{"quote": "Built data pipelines in Python " * 3, "start": 10, "end": 99}],
            "reason": "matched a line of the resume closely",
        }
        for k in range(10)
    ]
    return {
        "candidate": f"c{i}.pdf",
        "sha256": f"{i:064x}",
        "score": 50.0 + i % 50,
        "error": None,
        "requirements": reqs,
        "provenance": PROVENANCE,
    }


def _assessment(i: int) -> Any:
    from fairsift.store.bulk import NewAssessment

    return NewAssessment(
        kind="screening",
        job_sha256=JOB,
        item_sha256=f"{i:064x}",
        source=f"c{i}.pdf",
        config_sha256=CONFIG,
        payload=_payload(i),
        provenance=PROVENANCE,
        score=50.0 + i % 50,
    )


def _reports(n: int) -> list[Any]:
    from fairsift.store.reports import TriagedReport

    return [
        TriagedReport(
            {"idempotency_key": f"bench:{i}", "id": f"r{i}", "input": "bench.csv"},
            f"Water is rising on {i} Main Street, families on the roofs",
            None,
            "cli",
            {
                "id": f"r{i}",
                "error": None,
                "language": {"code": "en"},
                "urgency": {"level": "high"},
                "categories": [{"name": "shelter", "score": 0.8}],
                "provenance": PROVENANCE,
            },
        )
        for i in range(n)
    ]


def _document(i: int) -> Any:
    from fairsift.domain import Document

    return Document(
        source=f"in/c{i}.pdf",
        sha256=f"{i:064x}",
        media_type="application/pdf",
        size=40_000,
        pages=2,
        text=f"Candidate {i}. Built data pipelines in Python. " * 40,
        lines=(),
    )


# -- the two paths: each takes its prepared rows and stores them -----------------------------


def _put_one(store: Any, a: Any) -> None:
    store.put_assessment(
        kind=a.kind,
        job_sha256=a.job_sha256,
        item_sha256=a.item_sha256,
        source=a.source,
        config_sha256=a.config_sha256,
        payload=a.payload,
        provenance=a.provenance,
        score=a.score,
    )


def assessments_per_row(store: Any, items: list[Any], batch: int) -> None:
    for a in items:
        _put_one(store, a)


def assessments_batched(store: Any, items: list[Any], batch: int) -> None:
    for start in range(0, len(items), batch):
        store.put_assessments(items[start : start + batch])


def files_per_row(store: Any, items: list[Any], batch: int) -> None:
    """A screened file as the CLI stored it before: three transactions, one audited."""
    for doc, a in items:
        store.put_document(doc)
        store.put_document_text(doc.sha256, doc.text, doc.text)
        _put_one(store, a)


def files_batched(store: Any, items: list[Any], batch: int) -> None:
    from fairsift.review.writer import ScreenWriter
    from fairsift.store.bulk import Screened

    writer = ScreenWriter(store, size=batch, seconds=3600.0)
    for doc, a in items:
        writer.add(Screened(doc, doc.text, doc.text, None, (a,)))
    writer.flush()


def reports_per_row(store: Any, items: list[Any], batch: int) -> None:
    """Chunks in one transaction each, but one chained entry per row (as before)."""
    from fairsift.store.reports import _add_assessment, _add_report

    for start in range(0, len(items), batch):
        with store.audited_write() as session:
            for item in items[start : start + batch]:
                report_id = _add_report(session, item.fields, item.text, None, item.source, "cli")
                _add_assessment(session, report_id, item.row, item.row["provenance"])


def reports_batched(store: Any, items: list[Any], batch: int) -> None:
    for start in range(0, len(items), batch):
        store.put_triaged_reports(items[start : start + batch], actor="cli")


# -- running ---------------------------------------------------------------------------------

Run = Callable[[Any, list[Any], int], None]


@dataclass(frozen=True)
class Figures:
    rate: float  # rows/s, wall clock
    cpu_rate: float  # rows/s by CPU time: this process and the database server together
    verify_rate: float  # rows/s `verify_audit` checks
    entries: int  # entries in the log after the run


def _server_cpu(store: Any) -> float:
    """CPU seconds used so far by the PostgreSQL backends serving this database (read from
    /proc: the test server runs on this machine); 0 for SQLite, whose work is in-process."""
    if store.dialect != "postgresql":
        return 0.0
    from sqlalchemy import text

    total = 0.0
    with store.read() as session:
        query = text("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
        for pid in session.execute(query).scalars():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def measure(backend: str, run: Run, items: list[Any], batch: int) -> Figures:
    """Store `items` with `run` on a fresh database, then verify its log."""
    from fairsift.store import Store
    from fairsift.store.testing import temporary_database

    with (
        tempfile.TemporaryDirectory() as tmp,
        temporary_database(backend, Path(tmp)) as db,
        Store.open(db) as store,
    ):
        store.put_job(sha256=JOB, source="job.md", title="Data engineer", requirements=[])
        c0, s0, t0 = time.process_time(), _server_cpu(store), time.perf_counter()
        run(store, items, batch)
        wall = time.perf_counter() - t0
        cpu = time.process_time() - c0 + _server_cpu(store) - s0
        t0 = time.perf_counter()
        problems = store.verify_audit()
        verified = time.perf_counter() - t0
        if problems:
            raise SystemExit(f"the chain does not verify: {problems[:3]}")
        head = store.audit_head()
    n = len(items)
    return Figures(n / wall, n / cpu, n / verified, 0 if head is None else head[0])


CASES: dict[str, tuple[Callable[[int], list[Any]], Run, Run, int | None]] = {
    # name: (rows for n, per-row path, batched path, fixed batch size or None for --batch)
    "assessments": (
        lambda n: [_assessment(i) for i in range(n)],
        assessments_per_row,
        assessments_batched,
        None,
    ),
    "screened files": (
        lambda n: [(_document(i), _assessment(i)) for i in range(n)],
        files_per_row,
        files_batched,
        None,
    ),
    "triaged reports": (_reports, reports_per_row, reports_batched, 256),  # the CLI's chunk
}


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks writes")
    parser.add_argument("--rows", type=int, default=1000, help="rows per per-row run")
    parser.add_argument("--batched-rows", type=int, default=5000, help="rows per batched run")
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", choices=sorted(CASES), action="append")
    args = parser.parse_args(argv)
    print(
        f"machine shared with other users (load average {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} cores): wall figures are a floor; 'cpu' divides by the CPU time "
        f"of this process and the database server. Medians of {args.runs} runs, fresh "
        "database each, the two paths alternating."
    )
    backends = ["sqlite"] + (["postgresql"] if os.environ.get("FAIRSIFT_TEST_PG_URL") else [])
    if len(backends) == 1:
        print("FAIRSIFT_TEST_PG_URL is not set: PostgreSQL skipped (scripts/pg-test-server.sh)")
    for backend in backends:
        for name in args.only or list(CASES):
            rows, per_row, batched, fixed = CASES[name]
            batch = fixed or args.batch
            few, many = rows(args.rows), rows(args.batched_rows)
            olds, news = [], []
            for _ in range(args.runs):
                olds.append(measure(backend, per_row, few, 256))
                news.append(measure(backend, batched, many, batch))
            old, new = _median(olds), _median(news)
            print(
                f"{backend:10} {name + '/s':18} per row {old.rate:6.0f} (cpu {old.cpu_rate:5.0f}; "
                f"{args.rows} rows, {old.entries} entries) | batched {new.rate:6.0f} "
                f"(cpu {new.cpu_rate:5.0f}; {args.batched_rows} rows by {batch}, {new.entries} "
                f"entries) | ×{new.rate / old.rate:.1f} | audit verify {old.verify_rate:,.0f} "
                f"→ {new.verify_rate:,.0f} rows/s"
            )
    print("target: ≥ 1,000 assessments/s to PostgreSQL (aim ≥ 1,500)")


def _median(runs: list[Figures]) -> Figures:
    return Figures(
        statistics.median(r.rate for r in runs),
        statistics.median(r.cpu_rate for r in runs),
        statistics.median(r.verify_rate for r in runs),
        runs[0].entries,
    )


if __name__ == "__main__":
    main(sys.argv[1:])
