"""Batching changes how fast triage runs, never what it says: a batch (chunks, languages
translated ahead in windows, encoders fed many reports at once, worker processes) gives the
same rows as triaging the same reports one at a time, on fairsift's real multilingual
life-safety reports with resent copies among them."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from fairsift.eval.triage import LIFE_SAFETY
from fairsift.intake.records import RecordOptions, read_records
from fairsift.triage import pipeline
from fairsift.triage.output import error_row
from fairsift.triage.pipeline import Triager, triage_batch

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "taxonomies" / "disaster-response.toml"


@pytest.fixture(scope="module")
def triager() -> Triager:
    return Triager.create(EXAMPLE)


def reports(tmp_path: Path, count: int) -> Path:
    """`count` reports of the life-safety set taken across its languages (Spanish, French and
    Portuguese among them, so translators run), then resent copies of every seventh, and a
    row with no text."""
    items = [json.loads(line) for line in LIFE_SAFETY.read_text(encoding="utf-8").splitlines()]
    step = max(1, len(items) // count)
    texts = [item["text"] for item in items[::step][:count]]
    texts += texts[::7]  # resends: the same text again, later in the batch
    path = tmp_path / "reports.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "message"])
        writer.writerows([f"r{i}", text] for i, text in enumerate(texts))
        writer.writerow(["empty", ""])
    return path


def one_by_one(triager: Triager, path: Path) -> list[dict[str, Any]]:
    """Each report assessed alone (its own language detection, translation and encoding),
    then the batch grouped: what triage gave before it was batched."""
    options = RecordOptions(text_column="message", id_column="id")
    records = list(read_records([path], options))
    rows = []
    for record in records:
        alone = triager.assess([record]) if record.error is None else []
        rows.append(alone[0] if alone else error_row(record.id, record.error or "", []))
    triager.group(rows, records)
    for row in rows:
        row.pop("_vector", None)
        row.pop("_own_urgency", None)
    return rows


def test_a_batch_gives_the_rows_of_one_report_at_a_time(
    triager: Triager, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = reports(tmp_path, 90)
    monkeypatch.setattr(pipeline, "AHEAD", 40)  # several translation windows, not one
    batch = triage_batch(
        [path], EXAMPLE, text_column="message", id_column="id", triager=triager, chunk=16
    ).rows
    alone = one_by_one(Triager.create(EXAMPLE), path)
    assert [row["id"] for row in batch] == [row["id"] for row in alone]
    assert {row["language"] for row in batch} >= {"en", "es", "fr", "pt", "ht", "sw", "ar"}
    assert any(row["translated"] for row in batch)
    assert any(row["duplicate_of"] for row in batch)  # the resends were grouped
    assert batch[-1]["error"]  # the empty row failed alone
    for mine, reference in zip(batch, alone, strict=True):
        assert mine == reference, mine["id"]


def test_languages_are_found_ahead_for_whole_windows_and_handed_on_in_order(
    triager: Triager, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = reports(tmp_path, 40)
    records = list(read_records([path], RecordOptions(text_column="message", id_column="id")))
    parts = [records[i : i + 8] for i in range(0, len(records), 8)]
    calls: list[int] = []
    process = triager.languages.process

    def counted(texts: list[str]) -> Any:
        calls.append(len(texts))
        return process(texts)

    monkeypatch.setattr(triager.languages, "process", counted)
    monkeypatch.setattr(pipeline, "AHEAD", 20)
    paired = list(pipeline.with_languages(triager, parts))
    assert [part for part, _ in paired] == parts
    readable = [r for r in records if r.error is None]
    found = [language for _, languages in paired for language in languages]
    assert [f.language for f in found] == [f.language for f in process([r.text for r in readable])]
    # the first chunk alone, then windows of at least AHEAD reports: 8, 24, 16 (the last
    # chunk holds the row with no text, which is not sent)
    assert calls == [8, 24, sum(len(p) for p in parts[4:]) - 1]


@pytest.mark.slow
def test_worker_processes_give_the_rows_of_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = reports(tmp_path, 60)
    monkeypatch.setattr(pipeline, "MIN_PER_WORKER", 1)  # a small batch, still spread out
    # A fresh triager, as `fairsift triage` starts with: the module's one has cached vectors
    # of these texts encoded one at a time by the tests above, and the encoder's float sums
    # differ in the 7th digit with the texts it is given alongside, which can flip a rounded
    # confidence (a worker encodes each chunk afresh).
    triager = Triager.create(EXAMPLE)
    batch = {"text_column": "message", "id_column": "id", "triager": triager, "chunk": 8}
    one = triage_batch([path], EXAMPLE, **batch).rows  # type: ignore[arg-type]
    two = triage_batch([path], EXAMPLE, workers=2, **batch).rows  # type: ignore[arg-type]
    assert len(two) == len(one) > 60
    for mine, reference in zip(two, one, strict=True):
        assert mine == reference, mine["id"]
