"""The blind-mode evaluation builds honest samples and reports the figures the targets name."""

from __future__ import annotations

from pathlib import Path

import pytest

from fairsift.errors import InputError
from fairsift.eval.blind import (
    HOLDOUT_LAYOUTS,
    LAYOUTS,
    evaluate_blind,
    load_bodies,
    main,
    make_samples,
    span_removed,
)
from fairsift.privacy import MASK

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
BODIES = [
    "Skills: Python, Django, Flask\nExperience\nDeveloper, Acme, 2019 - 2023\n",
    "Summary\nAccountant with Tally and Excel.\nWork\nAuditor, KPMG, 2015 - 2020\n",
]


def test_samples_label_exactly_the_text_they_inserted() -> None:
    samples = make_samples(BODIES, n=len(LAYOUTS), seed=3)
    assert {s.layout for s in samples} == set(LAYOUTS)
    for sample in samples:
        lo, hi = sample.body
        assert sample.text[lo:hi].rstrip() in {b.rstrip() for b in BODIES}
        kinds = {kind for kind, _, _ in sample.spans}
        assert {"name", "email"} <= kinds
        for kind, start, end in sample.spans:
            value = sample.text[start:end]
            assert value.strip() == value and value, (kind, value)
            assert not (lo <= start < hi), "identity spans never fall inside the real body"


def test_holdout_layouts_are_distinct_and_deterministic() -> None:
    assert not set(HOLDOUT_LAYOUTS) & set(LAYOUTS)
    first = make_samples(BODIES, n=6, seed=1, holdout=True)
    again = make_samples(BODIES, n=6, seed=1, holdout=True)
    assert [s.text for s in first] == [s.text for s in again]
    assert {s.layout for s in first} == set(HOLDOUT_LAYOUTS)


def test_span_removed_counts_letters_and_digits_only() -> None:
    blind = f"ab {MASK}{MASK} -{MASK}"
    assert span_removed(blind, 3, 8)
    assert not span_removed(blind, 0, 5)
    assert span_removed(blind, 0, 5, share=0.5)


def test_missing_data_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="resume data not found"):
        load_bodies(tmp_path)


@pytest.mark.dataset
def test_evaluation_meets_the_targets_on_real_bodies(capsys: pytest.CaptureFixture[str]) -> None:
    if not (DATA / "resumes" / "UpdatedResumeDataSet.csv").is_file():
        pytest.skip(f"shared data not found at {DATA}")
    result = evaluate_blind(DATA, n=44, seed=5, holdout=True)
    assert result["bodies"] == 166
    assert result["groups"]["names"] >= 0.95
    assert result["groups"]["contacts"] >= 0.95
    assert result["groups"]["home_locations"] >= 0.80
    assert result["skills_kept_real"] >= 0.90
    assert main(["--data", str(DATA), "--n", "11"]) == 0
    out = capsys.readouterr().out
    assert "names" in out and "skills kept" in out
