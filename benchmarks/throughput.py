"""Throughput past one process: store write rates, triage per core, Ray vs --workers.

Prints, measured in this run on this machine (shared with other users: medians where a run
repeats, and read the figures as a floor):
- assessments and triaged reports stored per second, on SQLite and (when
  FAIRSIFT_TEST_PG_URL is set) PostgreSQL, written as `fairsift screen` and `fairsift triage`
  write them (500 assessments, or a chunk of 256 reports, per transaction and batch audit
  entry; `python -m benchmarks writes` sets this beside the per-row path it replaced);
- triage reports/s on one core (models loaded before the clock starts; target ≥ 300);
- screening N resumes on a two-node local Ray cluster (`ray start`, one CPU each) against
  `--workers 2`, with each one's fixed start-up cost (cluster start, actor/model start).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

REPORTS = ROOT.parent / "shared" / "data" / "reports" / "disaster_response_validation.csv"
TAXONOMY = ROOT / "examples" / "taxonomies" / "disaster-response.toml"


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
    return {"candidate": f"c{i}.pdf", "score": 50.0 + i % 50, "error": None, "requirements": reqs}


def write_rates(url: str, n: int) -> tuple[float, float, float, float]:
    """Assessments/s and reports/s stored, by wall clock and by this process's CPU time."""
    from fairsift.store import Store
    from fairsift.store.reports import TriagedReport

    job = "a" * 64
    provenance = {"config_sha256": "c" * 64, "models": [["m", "1"]]}
    with Store.open(url) as store:
        store.put_job(sha256=job, source="job.md", title="Data engineer", requirements=[])
        payloads = [_payload(i) for i in range(n)]
        from fairsift.store.bulk import NewAssessment

        items = [
            NewAssessment(
                "screening", job, f"{i:064x}", f"c{i}.pdf", "c" * 64, payloads[i], provenance, 50.0
            )
            for i in range(n)
        ]
        t0, c0 = time.perf_counter(), time.process_time()
        for start in range(0, n, 500):
            store.put_assessments(items[start : start + 500])
        assessments = n / (time.perf_counter() - t0)
        assessments_cpu = n / (time.process_time() - c0)
        items = [
            TriagedReport(
                {"idempotency_key": f"bench:{i}", "id": f"r{i}", "input": "bench.csv"},
                f"Water is rising on {i} Main Street, families on the roofs",
                None,
                "cli",
                {"id": f"r{i}", "error": None, "categories": [], "provenance": provenance},
            )
            for i in range(n)
        ]
        t0, c0 = time.perf_counter(), time.process_time()
        for start in range(0, n, 256):
            store.put_triaged_reports(items[start : start + 256], actor="cli")
        reports = n / (time.perf_counter() - t0)
        reports_cpu = n / (time.process_time() - c0)
    return assessments, reports, assessments_cpu, reports_cpu


def triage_rate(n: int) -> float:
    import csv

    from fairsift.triage import Triager
    from fairsift.triage.pipeline import triage_batch

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "reports.csv"
        if REPORTS.exists():
            with REPORTS.open(encoding="utf-8") as handle:
                texts = [row["message"] for row in csv.DictReader(handle)]
        else:
            texts = ["Water is rising on Main Street, families on the roofs"]
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["id", "message"])
            for i in range(n):
                writer.writerow([f"r{i}", f"{texts[i % len(texts)]} ({i})"])
        triager = Triager.create(TAXONOMY)
        triager.load()  # every model, the second encoder's example vectors and the lexicon
        t0 = _cpu()
        triage_batch([path], TAXONOMY, text_column="message", id_column="id", triager=triager)
        return n / (_cpu() - t0)


def _cpu() -> float:
    """CPU seconds of this process and its ended children (a translator run for a report
    detected as Spanish or French is part of the cost)."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def ray_vs_workers(n: int) -> None:
    from benchmarks.screening import make_corpus
    from fairsift.config import load_settings
    from fairsift.review.screening import screen_batch
    from fairsift.screening.pipeline import Screener
    from raynodes import two_nodes

    job_path = ROOT / "examples" / "jobs" / "data-scientist.md"
    with tempfile.TemporaryDirectory() as tmp:
        files = make_corpus(Path(tmp), n)
        settings = load_settings()
        screener = Screener.create(settings)
        job = screener.load_job(job_path)
        t0 = time.perf_counter()
        plain = screen_batch(screener, [job], files, store=None, workers=2)
        workers = time.perf_counter() - t0
        # the pool's fixed cost: start two processes that load the models, screen one file
        t0 = time.perf_counter()
        screen_batch(screener, [job], files[:4], store=None, workers=2)
        pool_start = time.perf_counter() - t0
        print(
            f"--workers 2: {workers:.1f} s for {n} resumes, {n / workers:.1f} resumes/s "
            f"(fixed: ~{pool_start:.1f} s to start the pool and screen 4 files)"
        )

        t0 = time.perf_counter()
        with two_nodes() as nodes:
            cluster_start = time.perf_counter() - t0
            os.environ.update(nodes.env)
            from fairsift.distributed import connect
            from fairsift.distributed.screening import ray_screen_mapper

            t0 = time.perf_counter()
            with connect(nodes.address) as cluster:
                mapper = ray_screen_mapper(cluster, screener, [job])
                actors_start = time.perf_counter() - t0
                t1 = time.perf_counter()
                on_ray = screen_batch(screener, [job], files, store=None, mapper=mapper)
                batch = time.perf_counter() - t1
            total = time.perf_counter() - t0
        same = on_ray.rows == plain.rows
        print(
            f"Ray, two local nodes × 1 CPU: {batch:.1f} s for {n} resumes, "
            f"{n / batch:.1f} resumes/s once started; {total:.1f} s with connecting and "
            f"starting the actors ({actors_start:.1f} s), plus {cluster_start:.1f} s to start "
            f"the cluster (`ray start` ×2); same rows as --workers 2: {same}"
        )


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks throughput")
    parser.add_argument("--writes", type=int, default=1000)
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--resumes", type=int, default=120)
    parser.add_argument("--skip-ray", action="store_true")
    parser.add_argument("--only-ray", action="store_true")
    args = parser.parse_args(argv)
    print(
        f"machine shared with other users (load average {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} cores): wall figures are a floor; CPU-time figures beside them"
    )

    from fairsift.store.testing import temporary_database

    backends = ["sqlite"] + (["postgresql"] if os.environ.get("FAIRSIFT_TEST_PG_URL") else [])
    if args.only_ray:
        backends, args.reports = [], 0
    for backend in backends:
        runs = []
        for _ in range(3):  # a fresh database each time: a rerun would only find its rows
            with tempfile.TemporaryDirectory() as tmp, temporary_database(backend, Path(tmp)) as db:
                runs.append(write_rates(db, args.writes))
        a, r, a_cpu, r_cpu = (statistics.median(run[k] for run in runs) for k in range(4))
        print(
            f"{backend}: median of 3 runs of {args.writes}: {a:.0f} assessments/s stored "
            f"(target ≥ 1,000 on PostgreSQL), {r:.0f} triaged reports/s stored (wall); "
            f"this process's CPU allows {a_cpu:.0f} and {r_cpu:.0f}/s"
        )
    rates = [triage_rate(args.reports) for _ in range(3)] if args.reports else [0.0]
    print(
        f"triage, one core (CPU time, models loaded): median {statistics.median(rates):.0f} "
        f"reports/s of 3 runs "
        f"({', '.join(f'{x:.0f}' for x in rates)}; target ≥ 300)"
    )
    import importlib.util

    if importlib.util.find_spec("ray") is None:  # not imported: the cluster's env comes first
        args.skip_ray = True
        print("Ray is not installed (pip install -e '.[ray]'): Ray figures skipped")
    if not args.skip_ray:
        ray_vs_workers(args.resumes)


if __name__ == "__main__":
    main(sys.argv[1:])
