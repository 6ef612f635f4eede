"""The triage benchmark's per-stage split: each stage's CPU is counted once (a stage that
calls another is charged without it), and the methods it times are put back afterwards."""

from __future__ import annotations

import pytest
from benchmarks import triage as bench

from fairsift.models.embed import BundledEmbedder
from fairsift.triage import pipeline, stack
from fairsift.triage.model import ZeroShotModel


def test_stage_clock_splits_a_run_and_restores_what_it_timed() -> None:
    originals = (
        pipeline.Triager.__dict__["_row"],
        BundledEmbedder.__dict__["embed"],
        stack.neighbour_shares,
        ZeroShotModel.__dict__["predict"],
    )
    triager = pipeline.Triager.create(bench.TAXONOMY, None)
    triager.load()
    texts = [
        "Water is rising fast in our house, grandmother cannot walk",
        "Thank you to the rescuers who came yesterday",
        "Nou bezwen dlo ak manje nan Delmas 33",
        "Hay personas atrapadas bajo los escombros de la escuela",
    ] * 3
    texts = [f"{text} ({i})" for i, text in enumerate(texts)]
    _, per_cpu, rows, _ = bench.run_batch(None, texts, triager=triager)
    assert len(rows) == len(texts) and all(row["error"] is None for row in rows)
    total, seconds = bench.STAGES[len(texts), texts[0]]
    assert total == pytest.approx(len(texts) / per_cpu)
    for label in ("first encoder (USE)", "classifier", "row and reviewer view (PII masking)"):
        assert seconds[label] > 0, label
    assert all(spent >= 0 for spent in seconds.values())
    # exclusive times: together no more than the run's CPU (the driver's threads only)
    assert sum(seconds.values()) <= total + 0.05
    line = bench.stage_lines(texts)
    assert line.startswith(f"CPU-s per stage, 1 process, of {total:.1f}: ")
    assert "first encoder (USE)" in line and "the rest" in line
    after = (
        pipeline.Triager.__dict__["_row"],
        BundledEmbedder.__dict__["embed"],
        stack.neighbour_shares,
        ZeroShotModel.__dict__["predict"],
    )
    assert after == originals
