"""The load benchmark runs to the end, with and without the ingest worker (it used to wait
forever while seeding when the worker was off: nothing screened the seed job)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_load_benchmark_finishes_without_the_worker() -> None:
    command = [
        sys.executable, "-m", "benchmarks", "load", "--no-worker",
        "--seconds", "2", "--clients", "12", "--rounds", "1",
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}"}
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=420, check=False
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    out = done.stdout
    assert "errors          0" in out
    assert "0 missing or wrong" in out
    assert "; 0 lost" in out  # uploads
    assert "0 lost or unaudited" in out  # bulk decisions
    # every kind of client ran: reports, uploads (client 0, 10) and bulk decisions (1, 11)
    assert "uploads         0 " not in out
    assert "bulk decisions  0 " not in out
