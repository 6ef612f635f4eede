"""`fairsift screen|triage --ray`: the same rows as without Ray, on a throwaway local cluster
and on a real two-node cluster that loses a worker process mid-batch (no row lost, none
duplicated, the audit chain verifies), on SQLite and PostgreSQL. Skips only without Ray."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from fairsift.errors import ClusterError
from fairsift.store import Store
from fairsift.store.models import Assessment
from fairsift.store.testing import BACKENDS, PG_UNSET, PG_URL_ENV, temporary_database

sys.path.insert(0, str(Path(__file__).parent))
from docgen import make_docx, make_pdf

ray = pytest.importorskip("ray", reason="Ray is not installed: pip install -e '.[ray]'")

from raynodes import Nodes, two_nodes  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
JOBS = [
    ROOT / "examples" / "jobs" / "data-scientist.md",
    ROOT / "examples" / "jobs" / "hr-generalist.md",
]
RESUMES = ROOT / "examples" / "resumes"
TAXONOMY = ROOT / "examples" / "taxonomies" / "disaster-response.toml"
REPORTS = ROOT / "examples" / "reports"

pytestmark = pytest.mark.slow


def fairsift(
    *args: str, env: dict[str, str] | None = None, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "fairsift.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env or dict(os.environ),
    )


def test_screen_on_a_local_cluster_gives_the_plain_rows(tmp_path: Path) -> None:
    jobs = [arg for job in JOBS for arg in ("--job", str(job))]
    plain = fairsift("screen", *jobs, str(RESUMES), "-f", "jsonl", "--no-store")
    on_ray = fairsift("screen", *jobs, str(RESUMES), "-f", "jsonl", "--no-store", "--ray", "local")
    assert plain.returncode == on_ray.returncode, on_ray.stderr
    assert plain.stdout.count("\n") >= 20  # every resume against both jobs, tricky files too
    assert on_ray.stdout == plain.stdout
    assert on_ray.stderr.splitlines()[-2:] == plain.stderr.splitlines()[-2:]  # same summary


def _reports(path: Path, n: int) -> Path:
    """n reports from the examples, reworded a little, with resent copies far apart, so
    duplicates fall in different chunks and only whole-batch grouping finds them."""
    with (REPORTS / "tips.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    fields = list(rows[0])
    text = next(f for f in fields if f in ("text", "message", "report"))
    ident = next((f for f in fields if f == "id"), None)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=fields)
        writer.writeheader()
        for i in range(n):
            row = dict(rows[i % len(rows)])
            if i % 7:
                row[text] = f"{row[text]} (message {i})"
            if ident:
                row[ident] = f"r{i}"
            writer.writerow(row)
    return path


def test_triage_on_a_local_cluster_gives_the_plain_rows(tmp_path: Path) -> None:
    reports = _reports(tmp_path / "reports.csv", 600)  # three chunks of 256
    args = ["triage", "-t", str(TAXONOMY), str(reports), str(REPORTS / "from-a-resident.eml")]
    plain = fairsift(*args, "-f", "jsonl", "--no-store")
    on_ray = fairsift(*args, "-f", "jsonl", "--no-store", "--ray", "local")
    assert plain.returncode == on_ray.returncode == 0, on_ray.stderr
    rows = [json.loads(line) for line in plain.stdout.splitlines()]
    assert len(rows) == 601
    assert sum(row["duplicate_of"] is not None for row in rows) > 50  # across chunks
    assert on_ray.stdout == plain.stdout


def test_an_unreachable_cluster_is_one_line_and_fast(tmp_path: Path) -> None:
    started = time.monotonic()
    done = fairsift("screen", "--job", str(JOBS[0]), str(RESUMES), "--ray", "127.0.0.1:9")
    assert done.returncode == 2
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    assert "cannot reach the Ray cluster at 127.0.0.1:9" in lines[0]
    assert time.monotonic() - started < 60  # not Ray's minutes of retries
    done = fairsift("triage", "-t", str(TAXONOMY), str(REPORTS), "--ray", "nowhere")
    assert done.returncode == 2
    assert "is not a cluster address" in done.stderr


def test_workers_of_another_version_or_configuration_are_refused() -> None:
    from fairsift import __version__
    from fairsift.distributed.cluster import check_workers

    check_workers([(__version__, ray.__version__, "c" * 64)], "c" * 64)
    with pytest.raises(ClusterError, match=r"Ray 0\.0\.1"):
        check_workers([(__version__, "0.0.1", "c" * 64)], "c" * 64)
    with pytest.raises(ClusterError, match="another configuration"):
        check_workers([(__version__, ray.__version__, "d" * 64)], "c" * 64)


# -- a real two-node cluster losing a worker process mid-batch ------------------------------


@pytest.fixture(scope="module")
def nodes() -> Iterator[Nodes]:
    with two_nodes() as cluster:
        yield cluster


def _corpus(folder: Path, n: int) -> list[Path]:
    folder.mkdir()
    texts = sorted(RESUMES.glob("*.txt")) + sorted(RESUMES.glob("*.md"))
    bodies = [p.read_text(encoding="utf-8") for p in texts]
    paths = []
    for i in range(n):
        lines = [f"Candidate {i}", *bodies[i % len(bodies)].splitlines()[:60]]
        kind = ("pdf", "docx", "txt")[i % 3]
        path = folder / f"c{i:03d}.{kind}"
        safe = [line.encode("latin-1", "replace").decode("latin-1") for line in lines]
        if kind == "pdf":
            make_pdf(path, [safe])
        elif kind == "docx":
            make_docx(path, lines)
        else:
            path.write_text("\n".join(lines), encoding="utf-8")
        paths.append(path)
    return paths


def _stored(url: str) -> list[tuple[str | None, str]]:
    with Store.open(url) as store, store.read() as session:
        query = select(Assessment.job_sha256, Assessment.item_sha256)
        return [tuple(row) for row in session.execute(query.where(Assessment.kind == "screening"))]


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_worker_killed_mid_batch_loses_and_duplicates_nothing(
    backend: str, nodes: Nodes, tmp_path: Path
) -> None:
    if backend == "postgresql" and not os.environ.get(PG_URL_ENV):
        pytest.skip(PG_UNSET)
    # large enough that the run's writer (flushing every 2 s) stores rows well before the end
    files = _corpus(tmp_path / "in", 160)
    with temporary_database(backend, tmp_path) as url:
        out = tmp_path / "rows.jsonl"
        args = ["screen", "--job", str(JOBS[0]), str(tmp_path / "in"), "-f", "jsonl"]
        command = [sys.executable, "-m", "fairsift.cli", *args, "--db", url, "-o", str(out)]
        run = subprocess.Popen(
            [*command, "--ray", nodes.address],
            env=nodes.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        killed = None
        deadline = time.monotonic() + 300
        while killed is None and run.poll() is None and time.monotonic() < deadline:
            time.sleep(0.5)
            try:
                done = len(_stored(url))
            except Exception:  # the store is being created by the run
                continue
            workers = nodes.pids("ray::ScreenWorker")
            if done >= 5 and workers:
                killed = workers[-1]
                os.kill(killed, 9)
        _stdout, stderr = run.communicate(timeout=600)
        assert killed is not None, "the batch ended before a worker could be killed"
        assert run.returncode == 0, stderr
        stored = _stored(url)
        assert len(stored) == len(set(stored)) == len(files)  # none lost, none twice
        rows = [json.loads(line) for line in out.read_text().splitlines()]
        assert sorted(r["candidate"] for r in rows) == sorted(map(str, files))
        assert all(r["error"] is None for r in rows)
        verify = fairsift("audit", "verify", "--db", url)
        assert verify.returncode == 0, verify.stdout + verify.stderr
        # the same ranking as a plain run of the same batch
        plain = fairsift(*args, "--no-store")
        assert out.read_text() == plain.stdout
        with Store.open(url) as store, store.read() as session:
            count = select(func.count()).select_from(Assessment)
            assert session.execute(count).scalar_one() == len(files)
