"""Counterfactual tests on real resumes with the real pipeline and model: blind mode moves
no score; the figures and the leak finder are right on hand-made inputs."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from fairsift.audit.counterfactual import (
    _figures,
    _leaks,
    counterfactual_audit,
    render_counterfactual,
)
from fairsift.audit.variants import KINDS, Variant
from fairsift.privacy import MASK

ROOT = Path(__file__).resolve().parents[1]
JOB = ROOT / "examples" / "jobs" / "data-scientist.md"
RESUMES = [
    ROOT / "examples" / "resumes" / "anika-sorrentel.pdf",
    ROOT / "examples" / "resumes" / "dev-kalimbeck.txt",
]


def test_figures_by_hand() -> None:
    figures = _figures([[("a", 50.0), ("b", 52.0), ("c", 47.0)], [("a", 10.0), ("b", 10.0)]])
    assert figures.largest_change == 5.0  # 52 - 47
    # pairs: |50-52|, |50-47|, |52-47| → mean 10/3; second resume 0 → mean of the two.
    assert figures.mean_change == pytest.approx((10 / 3 + 0) / 2, abs=1e-4)
    assert figures.moved == 1 and figures.resumes == 2 and figures.variants == 3
    assert figures.by_label["c"] == pytest.approx((47 - 149 / 3 + 0) / 1, abs=1e-3)


def test_leak_finder_quotes_visible_identity_and_mask_lengths() -> None:
    emily = Variant("name", "Emily Walsh", "g", "", ("Emily", "Walsh"))
    lakisha = Variant("name", "Lakisha Washington", "g", "", ("Lakisha", "Washington"))
    mei = Variant("name", "Mei Chen", "g", "", ("Mei", "Chen"))
    blind = [
        (emily, f"{MASK * 11}\nData analyst, New York\n"),
        (lakisha, f"Lakisha {MASK * 10}\nData analyst, New York\n"),
        (mei, f"{MASK * 8}\nData analyst, {MASK * 3} York\n"),
    ]
    leaks = _leaks("name", "cv.txt", blind)
    visible = [(x.variant, x.seen, x.reference_seen, x.identity) for x in leaks if x.visible]
    assert visible == [
        ("Lakisha Washington", "Lakisha", "", True),
        ("Mei Chen", "", "New", False),  # masked in one variant only: not identity
    ]
    layout = [x for x in leaks if not x.visible]
    assert [x.variant for x in layout] == ["Mei Chen"]  # 8 masked characters, not 11
    assert leaks[0].context.startswith("Lakisha")


@pytest.mark.slow
def test_blind_mode_moves_no_score_on_real_resumes() -> None:
    report = counterfactual_audit(JOB, RESUMES, names_per_group=1)
    assert set(report.figures) == set(KINDS)
    for kind, modes in report.figures.items():
        blind, open_ = modes["blind"], modes["no_blind"]
        assert blind.resumes == 2 and blind.variants >= 3, kind
        # The target: nothing about who the person seems to be moves a blind score.
        assert blind.largest_change == 0.0, (kind, report.leaks)
        assert math.isfinite(open_.largest_change) and open_.largest_change >= 0
    assert report.screens == 2 * len(report.scores)
    assert len(report.scores) == 2 * (14 + 3 + 5 + 7)
    # A variant's identity that the blind scorer can read is quoted from what was written in.
    for leak in report.leaks:
        if leak.identity:
            row = next(r for r in report.scores if r["label"] == leak.variant)
            assert leak.seen.split()[0].lower() in row["label"].lower() or leak.kind != "name"
    # The resume as written scores as the pipeline scores the file itself.
    from fairsift.config import load_settings
    from fairsift.intake import read_document
    from fairsift.screening.pipeline import Screener

    screener = Screener.create(load_settings(blind=True))
    direct = screener.screen(read_document(RESUMES[1]), screener.load_job(JOB)).score
    written = {r["as_written_blind"] for r in report.scores if r["resume"] == RESUMES[1].name}
    assert written == {direct}

    data = json.loads(render_counterfactual(report, "json"))
    assert data["blind_moved_any_score"] is False
    assert set(data["kinds"]["name"]) == {"blind", "no_blind"}
    text = render_counterfactual(report, "md")
    assert "| name | 14 | 0.00 | 0.000 |" in text and "Blind mode moved no score" in text


@pytest.mark.slow
@pytest.mark.dataset
def test_blind_mode_on_real_dataset_resumes_with_pronouns(tmp_path: Path) -> None:
    import csv
    import re

    data = Path(__file__).resolve().parents[1].parent / "shared" / "data"
    source = data / "resumes" / "UpdatedResumeDataSet.csv"
    if not source.is_file():
        pytest.skip(f"shared data not found at {source}")
    texts: list[str] = []
    with source.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            text = row["Resume"]
            if text not in texts and re.search(r"\b(?:he|she|his|her)\b", text, re.I):
                texts.append(text)
            if len(texts) == 2:
                break
    paths = []
    for i, text in enumerate(texts):
        path = tmp_path / f"resume-{i}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    report = counterfactual_audit(JOB, paths, kinds=("name", "pronouns"), names_per_group=1)
    for kind, modes in report.figures.items():
        assert modes["blind"].largest_change == 0.0, (kind, report.leaks)
    # The pronoun variants really differ in the body, not only in the added line.
    from fairsift.audit.variants import make_variants

    she, he, _ = (v.text for v in make_variants(texts[0], ["pronouns"]))
    words = re.compile(r"\b(?:she|her|hers|herself)\b", re.I)
    assert len(words.findall(she)) > len(words.findall(he)) == 0
