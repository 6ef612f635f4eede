"""The triage evaluation's pieces: how macro-F1 treats categories without positives, and the
dataset as the held-out protocol reads it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from fairsift.eval.triage import category_f1, load_dataset, macro_f1
from fairsift.triage.taxonomy import load_taxonomy

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "reports" / "disaster_response_validation.csv"
EXAMPLE = ROOT / "examples" / "taxonomies" / "disaster-response.toml"


def test_categories_without_positives_are_left_out_or_counted_as_zero() -> None:
    labels = np.array([[1, 0, 0], [0, 0, 1], [1, 0, 0]], dtype=bool)
    predicted = np.array([[1, 1, 0], [0, 0, 1], [0, 0, 0]], dtype=bool)
    known = np.ones_like(labels)
    assert category_f1(labels, known, predicted) == [pytest.approx(2 / 3), None, 1.0]
    assert macro_f1(labels, known, predicted) == pytest.approx((2 / 3 + 1) / 2)
    assert macro_f1(labels, known, predicted, zero_for_empty=True) == pytest.approx(5 / 9)
    unknown = known.copy()
    unknown[0, 0] = False  # an "unsure" label is not scored at all
    assert category_f1(labels, unknown, predicted)[0] == 0.0


@pytest.mark.dataset
def test_dataset_is_read_as_the_held_out_protocol_reads_it() -> None:
    if not DATA.exists():
        pytest.skip(f"{DATA} is absent: the shared development data is not here")
    data = load_dataset(DATA, load_taxonomy(EXAMPLE))
    assert len(data.ids) == 2337 and int(data.has_original.sum()) == 987
    assert len(data.categories) == 37
    related = data.categories.index("related")
    assert int((~data.known[:, related]).sum()) == 14  # `related` = 2: unsure
    assert sum(a == 1 for a in data.actionable) == 31
    with_original = int(np.flatnonzero(data.has_original)[0])
    assert data.received[with_original] != data.english[with_original]
