"""Calibrated confidences: `train` fits Platt scaling on held-out folds and its report carries a
reliability table (confidence bins against how often the category was really there)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from fairsift.triage.train import reliability, train

TAXONOMY = """
[[category]]
name = "water"
description = "Drinking water is needed"
[[category]]
name = "food"
description = "Food is needed"
"""
WATER = [
    "no drinking water in {p}",
    "the well in {p} is dry",
    "children in {p} are thirsty",
    "send water trucks to {p}",
    "{p} has had no clean water for days",
]
FOOD = [
    "no food left in {p}",
    "families in {p} are hungry",
    "send rice and beans to {p}",
    "{p} market is empty, nothing to eat",
    "the children in {p} have not eaten",
]
OTHER = [
    "the road to {p} is open again",
    "radio says rain tomorrow in {p}",
    "thank you for the help in {p}",
    "the school in {p} reopens monday",
]
PLACES = ["Delmas", "Jacmel", "Leogane", "Gressier", "Carrefour", "Hinche", "Cayes", "Jeremie"]


def test_reliability_bins_match_outcomes_drawn_at_the_stated_rate() -> None:
    rng = np.random.default_rng(7)
    confidence = rng.uniform(0, 1, size=(20_000, 1))
    labels = rng.uniform(0, 1, size=confidence.shape) < confidence
    table = reliability(confidence, labels, np.ones_like(labels))
    assert sum(b["count"] for b in table) == 20_000
    for b in table:
        assert abs(b["mean_confidence"] - b["observed"]) < 0.03, b
    # An over-confident model shows up: everything at 0.9, right half of the time.
    table = reliability(
        np.full((100, 1), 0.9), np.arange(100)[:, None] % 2 == 0, np.ones((100, 1), bool)
    )
    [full] = [b for b in table if b["count"]]
    assert full["mean_confidence"] == 0.9 and full["observed"] == 0.5


def test_training_report_has_a_reliability_table(tmp_path: Path) -> None:
    (tmp_path / "t.toml").write_text(TAXONOMY)
    data = tmp_path / "labelled.csv"
    with data.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["message", "water", "food"])
        for place in PLACES:
            writer.writerows([t.format(p=place), 1, 0] for t in WATER)
            writer.writerows([t.format(p=place), 0, 1] for t in FOOD)
            writer.writerows([t.format(p=place), 0, 0] for t in OTHER)
    report = train(data, tmp_path / "t.toml", ["message"], tmp_path / "model", folds=3)
    pairs = 2 * len(PLACES) * (len(WATER) + len(FOOD) + len(OTHER))
    assert sum(b["count"] for b in report.reliability) == pairs
    saved = json.loads((tmp_path / "model" / "report.json").read_text())
    assert saved["reliability"] == report.reliability
    assert "calibration on held-out folds" in report.table()
    # Held-out confidences mean what they say, roughly: where the model says "below 20 %",
    # the category is rarely there; where it says "above 80 %", it nearly always is.
    low = [b for b in report.reliability if b["high"] <= 0.2 and b["count"]]
    high = [b for b in report.reliability if b["low"] >= 0.8 and b["count"]]
    assert low and high
    assert all(b["observed"] <= 0.35 for b in low)
    assert all(b["observed"] >= 0.65 for b in high)


DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "reports"
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "taxonomies" / "disaster-response.toml"


def test_real_messages_held_out_confidences_are_calibrated(tmp_path: Path) -> None:
    """Trained on a real slice of the disaster-response messages (as received and in English),
    the held-out confidences over all 36 categories mean what they say, bin by bin, and the
    report states the overall gap."""
    source = DATA / "disaster_response_validation.csv"
    if not source.exists():
        pytest.skip(f"{source} is absent: the shared development data is not here")
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))[:700]
    data = tmp_path / "slice.csv"
    with data.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    report = train(data, EXAMPLE, ["original", "message"], tmp_path / "model", folds=3)
    names = [c.name for c in report.categories]
    labelled = sum(
        1
        for r in rows
        for column in ("original", "message")
        if r[column].strip()
        for name in names
        if r[name].strip() in ("0", "1")
    )
    assert sum(b["count"] for b in report.reliability) == labelled
    assert report.calibration_error is not None and report.calibration_error < 0.05
    assert "expected calibration error" in report.table()
    for b in report.reliability:
        if b["count"] >= 300:  # enough pairs for the share to be read to within ~0.06
            assert abs(b["mean_confidence"] - b["observed"]) < 0.12, b
    observed = [b["observed"] for b in report.reliability if b["count"] >= 300]
    assert observed[0] < 0.1 and observed[-1] > 0.6  # low confidence rare, high often right
