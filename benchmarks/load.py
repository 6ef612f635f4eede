"""Load: 50 concurrent clients work the review service on 127.0.0.1 for 60 s: most submit
reports, one in ten uploads resumes to a job, one in ten decides on five reports at a time
(the review page's bulk action, one reason for all).

The service runs as its own process (uvicorn, SQLite file in a temp folder unless --db is
given, the ingest worker triaging in the background); the clients are asyncio tasks in this
process. Prints accepted reports/s, p50/p99 latency of POST /api/reports, of uploads and of
bulk decisions, errors (target 0), and checks afterwards that every accepted report is in the
database, once, with its text; every accepted upload is in the ingest queue; and every bulk
decision recorded each of its reports, each with an audit entry.
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
from urllib.parse import urlencode

import httpx
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from fairsift.service.testing import ServerProcess, seed_people, wait_for
from fairsift.store import Store

TEXTS = [
    "Water is rising on {n} Main Street, families on the roofs",
    "Hay personas atrapadas bajo los escombros en la calle {n}",
    "Nou bezwen dlo ak manje nan katye {n}, timoun yo grangou",
    "La route {n} est coupée par un glissement de terrain",
    "Clinic on road {n} has no electricity since yesterday",
]


class Tally:
    """What the clients did, shared between them (one event loop: no locks needed)."""

    def __init__(self) -> None:
        self.latencies: dict[str, list[float]] = {"report": [], "upload": [], "bulk": []}
        self.accepted: dict[str, int] = {}
        self.uploads: dict[str, int] = {}  # resume text -> ingest item id
        self.decided: list[int] = []  # report ids, once per bulk decision on them
        self.free: list[int] = []  # accepted reports nobody decided on yet
        self.errors: list[str] = []


async def reporter(index: int, http: httpx.AsyncClient, deadline: float, tally: Tally) -> None:
    number = 0
    while time.monotonic() < deadline:
        text = TEXTS[number % len(TEXTS)].format(n=f"{index}-{number}")
        started = time.perf_counter()
        try:
            response = await http.post("/api/reports", json={"text": text, "idempotency_key": text})
        except httpx.HTTPError as exc:
            tally.errors.append(f"{type(exc).__name__}: {exc}")
        else:
            tally.latencies["report"].append(time.perf_counter() - started)
            if response.status_code == 202:
                tally.accepted[text] = int(response.json()["report_id"])
                tally.free.append(tally.accepted[text])
            else:
                tally.errors.append(f"{response.status_code}: {response.text[:200]}")
        number += 1


async def uploader(
    index: int, http: httpx.AsyncClient, deadline: float, tally: Tally, job: str
) -> None:
    number = 0
    while time.monotonic() < deadline:
        text = RESUME.format(n=f"{index}-{number}")
        files = [("files", (f"cv-{index}-{number}.txt", text.encode()))]
        started = time.perf_counter()
        try:
            response = await http.post(f"/api/jobs/{job}/applications", files=files)
        except httpx.HTTPError as exc:
            tally.errors.append(f"upload {type(exc).__name__}: {exc}")
        else:
            tally.latencies["upload"].append(time.perf_counter() - started)
            if response.status_code in (200, 201, 202):
                tally.uploads[text] = int(response.json()["accepted"][0]["item_id"])
            else:
                tally.errors.append(f"upload {response.status_code}: {response.text[:200]}")
        number += 1
        await asyncio.sleep(0.5)  # a person choosing files, not a firehose


async def decider(http: httpx.AsyncClient, deadline: float, tally: Tally) -> None:
    while time.monotonic() < deadline:
        if len(tally.free) < 5:
            await asyncio.sleep(0.05)
            continue
        chosen = [tally.free.pop() for _ in range(5)]
        form = [("item", str(i)) for i in chosen] + [
            ("decision", "close"),
            ("reason", "Load test: closed in bulk"),
            ("back", "/queues/reports"),
        ]
        started = time.perf_counter()
        try:
            response = await http.post(
                "/queues/reports/bulk",
                content=urlencode(form),
                headers={"content-type": "application/x-www-form-urlencoded"},
            )
        except httpx.HTTPError as exc:
            tally.errors.append(f"bulk {type(exc).__name__}: {exc}")
        else:
            tally.latencies["bulk"].append(time.perf_counter() - started)
            if response.status_code == 303:
                tally.decided.extend(chosen)
            else:
                tally.errors.append(f"bulk {response.status_code}: {response.text[:200]}")


async def client(
    index: int, url: str, token: str, deadline: float, tally: Tally, job: str | None
) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    limits = httpx.Limits(max_connections=1)
    async with httpx.AsyncClient(base_url=url, headers=headers, limits=limits, timeout=60) as http:
        if job is not None and index % 10 == 0:
            await uploader(index, http, deadline, tally, job)
        elif job is not None and index % 10 == 1:
            await decider(http, deadline, tally)
        else:
            await reporter(index, http, deadline, tally)


async def flood(
    url: str, token: str, clients: int, seconds: float, job: str | None
) -> tuple[Tally, float]:
    tally = Tally()
    started = time.monotonic()
    deadline = started + seconds
    await asyncio.gather(*(client(i, url, token, deadline, tally, job) for i in range(clients)))
    return tally, time.monotonic() - started


RESUME = """Candidate {n}
Data analyst with 4 years of experience in Python, pandas, SQL and Tableau.
B.Sc. Statistics. Built churn models and A/B tests for a retailer.
"""


ROOT = Path(__file__).resolve().parents[1]
JOB = ROOT / "examples" / "jobs" / "data-scientist.md"
RESUMES = sorted((ROOT / "examples" / "resumes").glob("*.*"))


def seed_and_time_pages(
    url: str, token: str, rounds: int
) -> tuple[str, list[tuple[str, float, float]]]:
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
            wait_for(
                lambda url=item["status_url"]: http.get(url).json()["status"] in ("done", "failed"),
                timeout=600,
                every=0.2,
            )
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
        return str(job["sha256"]), out


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


def check_work(db: str, tally: Tally) -> tuple[int, int, int, int]:
    """(uploads queued, uploads lost, decisions found, decisions lost): each accepted upload
    is an ingest item; each report a bulk decision named has that decision and its entry."""
    with Store.open(db) as store:
        lost_uploads = sum(1 for item in tally.uploads.values() if store.queue_item(item) is None)
        decisions = [d for d in store.all_decisions("report") if d["decision"] == "close"]
        audited = {e["subject"] for e in store.audit_entries(limit=10_000_000, event="decision")}
    found = {int(d["item_id"]) for d in decisions}
    lost = sum(1 for i in tally.decided if i not in found or f"report:{i}" not in audited)
    return len(tally.uploads) - lost_uploads, lost_uploads, len(decisions), lost


def _shown(url: str) -> str:
    """A database URL fit to print: never its password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url if "://" not in url else url.split("://", 1)[0] + "://…"


def _percentiles(values: list[float]) -> str:
    if not values:
        return "none"
    ordered = sorted(values)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"p50 {statistics.median(ordered) * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks load", description=__doc__)
    parser.add_argument("--seconds", type=float, default=60.0, help="How long to submit")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--db", default=None, help="Database URL (default: a temp SQLite file)")
    parser.add_argument("--rounds", type=int, default=50, help="Requests per page timed")
    parser.add_argument(
        "--no-worker", action="store_true", help="Accept only; triage nothing meanwhile"
    )
    parser.add_argument(
        "--reports-only", action="store_true", help="Every client submits reports (as before)"
    )
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="fairsift-load-"))
    db = args.db or str(folder / "fairsift.db")
    token = seed_people(db)["admin"]
    # Seeding waits for its items to be screened and triaged, so it always runs with the
    # worker; the flood then gets a server of its own, without the worker if asked.
    seeder = ServerProcess(db, folder / "data", folder / "seed.log", worker=True)
    seeder.start()
    try:
        job, pages = seed_and_time_pages(seeder.url, token, args.rounds)
    finally:
        seeder.stop()
    server = ServerProcess(db, folder / "data", folder / "server.log", worker=not args.no_worker)
    server.start()
    try:
        tally, elapsed = asyncio.run(
            flood(server.url, token, args.clients, args.seconds, None if args.reports_only else job)
        )
    finally:
        server.stop()
    print(f"pages and API reads, one client, {args.rounds} requests each (ms):")
    for path, p50, p99 in pages:
        print(f"  {path[:60]:60} p50 {p50:6.1f}  p99 {p99:6.1f}")
    good, bad, triaged = check_stored(db, tally.accepted)
    queued, lost_uploads, decisions, lost_decisions = check_work(db, tally)
    accepted = tally.accepted
    where = "a SQLite file" if args.db is None else _shown(args.db)
    print(f"load: {args.clients} clients for {elapsed:.1f} s against {server.url} ({where})")
    print(f"  accepted        {len(accepted):,} reports, {len(accepted) / elapsed:.1f}/s")
    print(f"  latency         {_percentiles(tally.latencies['report'])} (POST /api/reports)")
    upload_times = _percentiles(tally.latencies["upload"])
    print(f"  uploads         {len(tally.uploads):,} resumes, {upload_times}")
    print(
        f"  bulk decisions  {len(tally.latencies['bulk']):,} of 5 reports each, "
        f"{_percentiles(tally.latencies['bulk'])}"
    )
    print(
        f"  errors          {len(tally.errors)}"
        + (f" (first: {tally.errors[0]})" if tally.errors else "")
    )
    print(
        f"  in the database {good:,} of {len(accepted):,} accepted, once each with their text;"
        f" {bad} missing or wrong"
    )
    print(f"  uploads queued  {queued:,} of {len(tally.uploads):,}; {lost_uploads} lost")
    print(
        f"  decisions       {len(tally.decided):,} reports decided in bulk, {decisions:,} stored;"
        f" {lost_decisions} lost or unaudited"
    )
    print(f"  triaged so far  {triaged:,} (the worker keeps going after the clients stop)")
    lost = bad + lost_uploads + lost_decisions
    return 0 if not tally.errors and lost == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
