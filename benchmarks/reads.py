"""Reads: one client against 20 concurrent clients on the hot read paths, SQLite and PostgreSQL.

The service runs as `python -m fairsift.service` (default worker count: one per core, or
--workers) on 127.0.0.1. It is seeded first through its own API (a job with the example
resumes, --reports reports), and the worker triages and screens them before the timing
starts. Then for each path (reports queue, applications queue, application page), one client
requests it for --seconds, and 20 clients together do the same, --repeat times; printed:
requests/s, p50/p99 latency, errors (target 0), and the ratio of the 20 clients' rate to the
one client's, each measurement's and their median (target ≥ 1.5 on 2 cores; ideal is about
the core count), with the load average (the machine may be shared).

The clients are raw asyncio HTTP/1.1 keep-alive connections in this process, cheap enough
that the load generator takes little of the CPU the server needs. Bounded: every phase stops
by itself after --seconds. The 1-client and 20-client rounds alternate (2 s each) so that
both meet the same load from elsewhere on a shared machine; p50 is the rounds' weighted p50,
p99 their worst p99. PostgreSQL runs only when --pg URL or FAIRSIFT_TEST_PG_URL is set.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from fairsift.service import cores
from fairsift.service.testing import ServerProcess, create_job, seed_people
from fairsift.store.testing import PG_URL_ENV, temporary_database

ROOT = Path(__file__).resolve().parents[1]
JOB = ROOT / "examples" / "jobs" / "data-scientist.md"
RESUMES = sorted(p for p in (ROOT / "examples" / "resumes").glob("*.*") if p.is_file())
TEXTS = [
    "Water is rising on {n} Main Street, families on the roofs",
    "Hay personas atrapadas bajo los escombros en la calle {n}",
    "Nou bezwen dlo ak manje nan katye {n}, timoun yo grangou",
    "La route {n} est coupée par un glissement de terrain",
    "Clinic on road {n} has no electricity since yesterday, call 555-0100",
]


@dataclass(frozen=True)
class Phase:
    path: str
    clients: int
    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p99_ms: float
    first_error: str

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


async def _one_client(
    port: int, path: str, token: str, deadline: float, took: list[float], errors: list[str]
) -> None:
    request = (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer {token}\r\n"
        "Accept: text/html,application/json\r\n\r\n"
    ).encode()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.monotonic() < deadline:
            started = time.perf_counter()
            writer.write(request)
            status_line = await reader.readline()
            length = -1
            close = False
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b""):
                    break
                name, _, value = line.decode("latin-1").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
                elif name.lower() == "connection" and "close" in value.lower():
                    close = True
            if length < 0:
                errors.append(f"no content-length: {status_line!r}")
                return
            await reader.readexactly(length)
            took.append(time.perf_counter() - started)
            status = int(status_line.split()[1])
            if status != 200:
                errors.append(f"{status} for {path}")
            if close:
                return
    except (OSError, asyncio.IncompleteReadError, ValueError, IndexError) as exc:
        errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        writer.close()


async def _phase(port: int, path: str, token: str, clients: int, seconds: float) -> Phase:
    took: list[float] = []
    errors: list[str] = []
    started = time.monotonic()
    deadline = started + seconds
    await asyncio.gather(
        *(_one_client(port, path, token, deadline, took, errors) for _ in range(clients))
    )
    elapsed = time.monotonic() - started
    took.sort()
    p50 = statistics.median(took) * 1000 if took else float("nan")
    p99 = took[min(len(took) - 1, int(len(took) * 0.99))] * 1000 if took else float("nan")
    return Phase(
        path, clients, len(took), len(errors), elapsed, p50, p99, errors[0] if errors else ""
    )


def _merged(phases: list[Phase]) -> Phase:
    """One Phase for several rounds of the same path and clients (percentiles are taken over
    the rounds' own p50/p99, weighted by their requests: an approximation)."""
    requests = sum(p.requests for p in phases)
    weights = [p.requests / requests if requests else 0 for p in phases]
    return Phase(
        phases[0].path,
        phases[0].clients,
        requests,
        sum(p.errors for p in phases),
        sum(p.seconds for p in phases),
        sum(w * p.p50_ms for w, p in zip(weights, phases, strict=True)),
        max(p.p99_ms for p in phases),
        next((p.first_error for p in phases if p.first_error), ""),
    )


def seed(url: str, token: str, reports: int, timeout: float) -> dict[str, str]:
    """A job with the example resumes and `reports` reports, processed by the worker; the
    paths to time."""
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=url, headers=headers, timeout=120) as http:
        job = create_job(http, JOB)
        files = [("files", (p.name, p.read_bytes())) for p in RESUMES]
        accepted = http.post(f"/api/jobs/{job['sha256']}/applications", files=files).json()
        for n in range(reports):
            text = TEXTS[n % len(TEXTS)].format(n=n)
            response = http.post("/api/reports", json={"text": text})
            response.raise_for_status()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            counts = http.get("/api/ingest").json()
            if counts.get("pending", 0) + counts.get("running", 0) == 0:
                break
            time.sleep(0.5)
        queue = http.get("/api/queues/applications", params={"job": job["sha256"]}).json()
        items = queue["items"] if isinstance(queue, dict) else queue
        application = items[0]["id"] if items else accepted["accepted"][0]["item_id"]
    return {
        "reports queue (API, 100 items)": "/api/queues/reports?limit=100",
        "applications queue (API, 100 items)": "/api/queues/applications?limit=100",
        "application page (HTML)": f"/applications/{application}",
    }


def measure(
    db: str, folder: Path, label: str, args: argparse.Namespace
) -> list[tuple[str, list[tuple[Phase, Phase]]]]:
    """For each path, --repeat measurements of (1 client, 20 clients)."""
    folder.mkdir(parents=True, exist_ok=True)
    token = seed_people(db)["admin"]
    log = folder / f"server-{label}.log"
    writer = ServerProcess(db, folder / "data", log, workers=1)
    writer.start()
    try:
        paths = seed(writer.url, token, args.reports, args.seed_timeout)
    finally:
        writer.stop()
    reader = ServerProcess(db, folder / "data", log, workers=args.workers, worker=False)
    reader.start()
    out = []
    try:
        for name, path in paths.items():
            asyncio.run(_phase(reader.port, path, token, 1, 1.0))  # warm every process
            asyncio.run(_phase(reader.port, path, token, 20, 1.0))
            repeats = []
            for _ in range(args.repeat):
                # Alternate short rounds of 1 and 20 clients, so both see the same machine (it
                # is shared: load from elsewhere drifts over a run) and sum each side's rounds.
                rounds = max(1, round(args.seconds / 2))
                ones, manys = [], []
                for _ in range(rounds):
                    ones.append(asyncio.run(_phase(reader.port, path, token, 1, 2.0)))
                    manys.append(asyncio.run(_phase(reader.port, path, token, 20, 2.0)))
                repeats.append((_merged(ones), _merged(manys)))
            out.append((name, repeats))
    finally:
        reader.stop()
    return out


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min)"


def report(label: str, workers: int, rows: list[tuple[str, list[tuple[Phase, Phase]]]]) -> bool:
    ok = True
    print(f"{label}: service with {workers} worker process(es), {os.cpu_count()} cores; {_load()}")
    for name, repeats in rows:
        one = _merged([r[0] for r in repeats])
        many = _merged([r[1] for r in repeats])
        ratios = [m.rate / o.rate if o.rate else float("nan") for o, m in repeats]
        median = statistics.median(ratios)
        print(f"  {name}: {one.path}")
        for phase in (one, many):
            print(
                f"    {phase.clients:2d} client(s): {phase.rate:7.1f} req/s  "
                f"p50 {phase.p50_ms:6.1f} ms  p99 {phase.p99_ms:6.1f} ms  "
                f"errors {phase.errors}" + (f" ({phase.first_error})" if phase.errors else "")
            )
        shown = ", ".join(f"{r:.2f}" for r in ratios)
        print(
            f"    20 clients / 1 client: median {median:.2f}x of {len(ratios)} ({shown})"
            "  (target >= 1.5x, 0 errors)"
        )
        ok = ok and median >= 1.5 and one.errors == 0 and many.errors == 0
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks reads", description=__doc__)
    parser.add_argument("--seconds", type=float, default=8.0, help="How long each phase runs")
    parser.add_argument("--repeat", type=int, default=3, help="Measurements per path (median)")
    parser.add_argument("--reports", type=int, default=150, help="Reports seeded")
    parser.add_argument("--workers", type=int, default=cores(), help="Default: the service's")
    parser.add_argument("--seed-timeout", type=float, default=300.0)
    parser.add_argument("--pg", default=os.environ.get("FAIRSIFT_TEST_PG_URL"))
    parser.add_argument("--only", choices=["sqlite", "postgresql"], default=None)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="fairsift-reads-"))
    ok = True
    if args.only in (None, "sqlite"):
        rows = measure(str(folder / "fairsift.db"), folder / "sqlite", "sqlite", args)
        ok = report("SQLite", args.workers, rows) and ok
    if args.only in (None, "postgresql"):
        if not args.pg:
            print("PostgreSQL: skipped (give --pg URL or set FAIRSIFT_TEST_PG_URL)")
        else:
            os.environ[PG_URL_ENV] = args.pg
            with temporary_database("postgresql", folder) as url:
                rows = measure(url, folder / "pg", "pg", args)
            ok = report("PostgreSQL", args.workers, rows) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
