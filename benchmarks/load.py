"""Load: 50 concurrent clients submit reports to the review service on 127.0.0.1 for 60 s.

The service runs as its own process (uvicorn, SQLite file in a temp folder unless --db is
given, the ingest worker triaging in the background); the clients are asyncio tasks in this
process. Prints accepted reports/s, p50/p99 latency of POST /api/reports, errors (target 0),
and checks afterwards that every accepted report is in the database, once, with its text.
Bounded: it stops by itself after --seconds (default 60).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

from fairsift.service.testing import ServerProcess, seed_people
from fairsift.store import Store

TEXTS = [
    "Water is rising on {n} Main Street, families on the roofs",
    "Hay personas atrapadas bajo los escombros en la calle {n}",
    "Nou bezwen dlo ak manje nan katye {n}, timoun yo grangou",
    "La route {n} est coupée par un glissement de terrain",
    "Clinic on road {n} has no electricity since yesterday",
]


async def client(
    index: int,
    url: str,
    token: str,
    deadline: float,
    latencies: list[float],
    accepted: dict[str, int],
    errors: list[str],
) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    limits = httpx.Limits(max_connections=1)
    async with httpx.AsyncClient(base_url=url, headers=headers, limits=limits, timeout=30) as http:
        number = 0
        while time.monotonic() < deadline:
            text = TEXTS[number % len(TEXTS)].format(n=f"{index}-{number}")
            started = time.perf_counter()
            try:
                response = await http.post(
                    "/api/reports", json={"text": text, "idempotency_key": text}
                )
            except httpx.HTTPError as exc:
                errors.append(f"{type(exc).__name__}: {exc}")
            else:
                latencies.append(time.perf_counter() - started)
                if response.status_code == 202:
                    accepted[text] = int(response.json()["report_id"])
                else:
                    errors.append(f"{response.status_code}: {response.text[:200]}")
            number += 1


async def flood(
    url: str, token: str, clients: int, seconds: float
) -> tuple[list[float], dict[str, int], list[str], float]:
    latencies: list[float] = []
    accepted: dict[str, int] = {}
    errors: list[str] = []
    started = time.monotonic()
    deadline = started + seconds
    await asyncio.gather(
        *(client(i, url, token, deadline, latencies, accepted, errors) for i in range(clients))
    )
    return latencies, accepted, errors, time.monotonic() - started


ROOT = Path(__file__).resolve().parents[1]
JOB = ROOT / "examples" / "jobs" / "data-scientist.md"
RESUMES = sorted((ROOT / "examples" / "resumes").glob("*.*"))


def seed_and_time_pages(url: str, token: str, rounds: int) -> list[tuple[str, float, float]]:
    """A job with the example resumes and a few reports, then (path, p50 ms, p99 ms) of the
    review pages and API reads, each requested `rounds` times in a row."""
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=url, headers=headers, timeout=120) as http:
        job = http.post("/api/jobs", files={"file": (JOB.name, JOB.read_bytes())}).json()
        files = [("files", (p.name, p.read_bytes())) for p in RESUMES if p.is_file()]
        items = http.post(f"/api/jobs/{job['sha256']}/applications", files=files).json()
        reports = [http.post("/api/reports", json={"text": t.format(n=i)}).json()
                   for i, t in enumerate(TEXTS)]  # fmt: skip
        for item in [*items["accepted"], *reports]:
            while http.get(item["status_url"]).json()["status"] not in ("done", "failed"):
                time.sleep(0.2)
        queue = http.get("/api/queues/applications", params={"job": job["sha256"]}).json()
        application, report = queue[0]["id"], reports[0]["report_id"]
        paths = [
            "/api/health",
            f"/api/queues/applications?job={job['sha256']}",
            f"/api/applications/{application}",
            "/api/queues/reports",
            f"/api/reports/{report}",
            f"/jobs/{job['sha256']}",
            "/queues/applications",
            f"/applications/{application}",
            "/queues/reports",
            f"/reports/{report}",
            "/report?lang=es",
        ]
        out = []
        for path in paths:
            took = []
            for _ in range(rounds):
                started = time.perf_counter()
                response = http.get(path, headers={"accept": "text/html"})
                took.append(time.perf_counter() - started)
                response.raise_for_status()
            took.sort()
            out.append((path, statistics.median(took) * 1000, took[int(len(took) * 0.99)] * 1000))
        return out


def check_stored(db: str, accepted: dict[str, int]) -> tuple[int, int, int]:
    """(found once with its text, missing or wrong, triaged) among the accepted reports."""
    with Store.open(db) as store:
        reports = {int(r["id"]): r for r in store.list_reports(order="age", limit=10_000_000)}
    texts: dict[str, int] = {}
    for report in reports.values():
        texts[str(report["text"])] = texts.get(str(report["text"]), 0) + 1
    good = sum(
        1
        for text, report_id in accepted.items()
        if report_id in reports and reports[report_id]["text"] == text and texts[text] == 1
    )
    triaged = sum(1 for r in reports.values() if r.get("assessment") is not None)
    return good, len(accepted) - good, triaged


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks load", description=__doc__)
    parser.add_argument("--seconds", type=float, default=60.0, help="How long to submit")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--db", default=None, help="Database URL (default: a temp SQLite file)")
    parser.add_argument("--rounds", type=int, default=50, help="Requests per page timed")
    parser.add_argument(
        "--no-worker", action="store_true", help="Accept only; triage nothing meanwhile"
    )
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="fairsift-load-"))
    db = args.db or str(folder / "fairsift.db")
    token = seed_people(db)["admin"]
    server = ServerProcess(db, folder / "data", folder / "server.log", worker=not args.no_worker)
    server.start()
    try:
        pages = seed_and_time_pages(server.url, token, args.rounds)
        latencies, accepted, errors, elapsed = asyncio.run(
            flood(server.url, token, args.clients, args.seconds)
        )
    finally:
        server.stop()
    print(f"pages and API reads, one client, {args.rounds} requests each (ms):")
    for path, p50, p99 in pages:
        print(f"  {path[:60]:60} p50 {p50:6.1f}  p99 {p99:6.1f}")
    good, bad, triaged = check_stored(db, accepted)
    ordered = sorted(latencies)
    p50 = statistics.median(ordered) * 1000 if ordered else float("nan")
    p99 = (
        ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000 if ordered else float("nan")
    )
    where = "a SQLite file" if args.db is None else args.db
    print(f"load: {args.clients} clients for {elapsed:.1f} s against {server.url} ({where})")
    print(f"  accepted        {len(accepted):,} reports, {len(accepted) / elapsed:.1f}/s")
    print(f"  latency         p50 {p50:.1f} ms, p99 {p99:.1f} ms (POST /api/reports)")
    print(f"  errors          {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))
    print(
        f"  in the database {good:,} of {len(accepted):,} accepted, once each with their text;"
        f" {bad} missing or wrong"
    )
    print(f"  triaged so far  {triaged:,} (the worker keeps going after the clients stop)")
    return 0 if not errors and bad == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
