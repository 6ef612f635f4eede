"""`fairsift triage`, `fairsift train` and `fairsift audit parity` as a user runs them: the
documented row shape, a bad row that does not stop the batch, the store (reports, reporters
apart, audit log), a rerun that reuses what is stored, fallback text columns, training and
the parity report on the model it wrote."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fairsift.audit.log import audit_verify
from fairsift.audit.usecase import usecase_record
from fairsift.cli import app
from fairsift.store import Store

sys.path.insert(0, str(Path(__file__).parent))
from test_triage_pipeline import KEYS
from test_triage_pipeline import write_csv as _write
from test_triage_train import NEEDS, PLACES

ROOT = Path(__file__).resolve().parents[1]
TAXONOMY = ROOT / "examples" / "taxonomies" / "disaster-response.toml"
runner = CliRunner()


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def reports(tmp_path: Path) -> Path:
    return _write(
        tmp_path / "reports.csv",
        [
            {
                "id": "a1",
                "message": "Three people are trapped under a collapsed house in Delmas 33",
                "reporter_phone": "+509 3456 7890",
            },
            {
                "id": "a2",
                "message": "Necesitamos agua potable en el barrio, los niños tienen sed",
                "reporter_phone": "",
            },
            {"id": "a3", "message": "", "reporter_phone": ""},
            {
                "id": "a4",
                "message": "Three people are trapped under a collapsed house in Delmas 33!",
                "reporter_phone": "",
            },
        ],
    )


def test_triage_rows_store_and_rerun(tmp_path: Path, reports: Path) -> None:
    db = tmp_path / "store.db"
    out = tmp_path / "rows.jsonl"
    args = ["triage", str(reports), "--taxonomy", str(TAXONOMY), "--db", str(db)]
    code, _, stderr = _run(*args, "--format", "jsonl", "-o", str(out))
    assert code == 1, stderr  # the empty report failed; the others were triaged
    assert "3 triaged, 0 reused" in stderr and "1 failed: a3" in stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [row["id"] for row in rows] == ["a1", "a2", "a3", "a4"]
    assert all(list(row) == KEYS for row in rows)
    trapped, water, empty, again = rows
    assert trapped["urgency"]["level"] == "critical"
    assert water["language"] == "es" and water["translated"] is True
    assert "water" in (water["text_en"] or "").lower()
    assert "agua" in water["text"]  # the original is kept beside the English
    assert empty["error"] and "empty" in empty["error"]
    assert again["duplicate_of"] == "a1" and again["duplicate_group"] == trapped["duplicate_group"]
    assert "3456" not in out.read_text(encoding="utf-8")

    with Store.open(str(db)) as store:
        stored = store.list_reports(order="age")
        assert len(stored) == 3
        first = next(r for r in stored if r["fields"]["id"] == "a1")
        assert first["assessment"]["urgency"]["level"] == "critical"
        assert store.reporter_contact(first["id"]) == {"reporter_phone": "+509 3456 7890"}
        assert "3456" not in json.dumps(first)
    ok, _ = audit_verify(f"sqlite:///{db}", None)
    assert ok

    out2 = tmp_path / "again.jsonl"
    code, _, stderr = _run(*args, "--format", "jsonl", "-o", str(out2))
    assert code == 1 and "0 triaged, 3 reused" in stderr and "1 failed: a3" in stderr
    rerun = [json.loads(line) for line in out2.read_text(encoding="utf-8").splitlines()]
    for before, after in zip(rows, rerun, strict=True):
        for key in ("id", "categories", "urgency", "duplicate_of", "duplicate_group", "text_en"):
            assert before[key] == after[key], key
    with Store.open(str(db)) as store:
        assert len(store.list_reports(order="age")) == 3  # nothing stored twice

    # another view (names and phones shown) is another configuration: nothing stale is reused
    code, _, stderr = _run(*args, "--format", "jsonl", "-o", str(out2), "--reveal")
    assert "3 triaged, 0 reused" in stderr
    assert "3 reports were triaged before with another taxonomy, model or view" in stderr


def test_triage_table_and_csv_and_fallback_column(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "two.csv",
        [
            {"id": "k1", "original": "Nou bezwen dlo pou n bwe nan Kafou", "message": "water"},
            {"id": "k2", "original": "", "message": "We need food in Jacmel, people are hungry"},
        ],
    )
    base = ["triage", str(path), "--taxonomy", str(TAXONOMY), "--no-store"]
    code, stdout, stderr = _run(*base, "--text-column", "original", "--text-column", "message")
    assert code == 0, stderr
    assert stdout.splitlines()[0].startswith("k1 ")
    code, stdout, _ = _run(
        *base, "--text-column", "original", "--text-column", "message", "--format", "csv"
    )
    table = list(csv.DictReader(stdout.splitlines()))
    assert [r["id"] for r in table] == ["k1", "k2"]
    assert table[0]["language"] == "ht" and "food" in table[1]["categories"]
    code, stdout, stderr = _run(*base, "--text-column", "original", "--format", "jsonl")
    assert code == 1 and "1 failed: k2" in stderr  # no fallback: k2 is empty


def test_another_text_column_of_the_same_rows_is_triaged_anew(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "pairs.csv",
        [
            {"id": "p1", "original": "Nou bezwen dlo pou n bwe", "message": "We need water"},
            {"id": "p2", "original": "Lopital la plen", "message": "The hospital is full"},
        ],
    )
    base = ["triage", str(path), "--taxonomy", str(TAXONOMY), "--db", str(tmp_path / "s.db")]
    code, stdout, stderr = _run(*base, "--text-column", "message", "--format", "jsonl")
    assert code == 0 and "2 triaged, 0 reused" in stderr
    english = [json.loads(line) for line in stdout.splitlines()]
    code, stdout, stderr = _run(*base, "--text-column", "original", "--format", "jsonl")
    assert code == 0 and "2 triaged, 0 reused" in stderr  # not the English rows again
    received = [json.loads(line) for line in stdout.splitlines()]
    assert [r["language"] for r in english] == ["en", "en"]
    assert received[0]["language"] == "ht" and "dlo" in received[0]["text"]
    code, _, stderr = _run(*base, "--text-column", "original", "--format", "jsonl")
    assert "0 triaged, 2 reused" in stderr


def test_triage_errors_name_what_to_fix(tmp_path: Path, reports: Path) -> None:
    code, _, stderr = _run("triage", str(tmp_path / "nope.csv"), "--taxonomy", str(TAXONOMY))
    assert code == 2 and "not found" in stderr and "nope.csv" in stderr
    bad = tmp_path / "bad.toml"
    bad.write_text('[[category]]\nname = "fire"\n', encoding="utf-8")
    code, _, stderr = _run("triage", str(reports), "--taxonomy", str(bad), "--no-store")
    assert code == 2 and "bad.toml" in stderr and "description" in stderr
    code, _, stderr = _run(
        "triage", str(reports), "--taxonomy", str(TAXONOMY), "--no-store", "--text-column", "x"
    )
    flat = " ".join(stderr.split())  # rich wraps long lines
    assert code == 1 and "no text column 'x'" in flat and "Name one with --text-column" in flat


@pytest.fixture(scope="module")
def labelled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rows: list[dict[str, object]] = []
    for index, place in enumerate(PLACES):
        for need, phrases in NEEDS.items():
            english, kreyol = phrases[index]
            for variant in range(2):
                rows.append(
                    {
                        "id": str(len(rows) + 1),
                        "message": f"In {place} {english}" if variant else f"{english}, {place}",
                        "original": f"Nan {place} {kreyol}" if variant == 0 else "",
                        "water": int(need == "water"),
                        "food": int(need == "food"),
                        "medical_help": int(need == "medical_help"),
                    }
                )
    return _write(tmp_path_factory.mktemp("labelled") / "labelled.csv", rows)


def test_train_then_parity(tmp_path: Path, labelled: Path) -> None:
    model = tmp_path / "model"
    code, stdout, stderr = _run(
        "train",
        str(labelled),
        "--taxonomy",
        str(TAXONOMY),
        "--text-column",
        "original",
        "--text-column",
        "message",
        "--out",
        str(model),
        "--folds",
        "3",
    )
    assert code == 0, stderr
    assert "macro-F1" in stdout and "water" in stdout
    assert (model / "model.json").exists() and (model / "report.csv").exists()

    code, stdout, stderr = _run(
        "audit",
        "parity",
        str(labelled),
        "--taxonomy",
        str(TAXONOMY),
        "--model",
        str(model),
        "--text-column",
        "original",
        "--text-column",
        "message",
        "--english-column",
        "message",
        "--format",
        "json",
        "--db",
        str(tmp_path / "store.db"),
    )
    assert code in (0, 1), stderr
    result = json.loads(stdout)
    by_language = {e["language"]: e for e in result["languages"]}
    assert set(by_language) >= {"en", "ht"}
    kreyol = by_language["ht"]
    assert kreyol["reports"] >= 15 and kreyol["with_english_version"] == kreyol["reports"]
    assert kreyol["macro_f1"] is not None and kreyol["macro_f1_english"] is not None
    assert 0.0 <= kreyol["category_agreement"] <= 1.0
    # water and food are high, medical help critical in the taxonomy: every report is urgent
    assert kreyol["urgent"] == kreyol["reports"]
    assert 0.0 <= kreyol["urgency_recall"] <= 1.0
    flagged = any(e["flagged"] for e in result["languages"])
    assert code == (1 if flagged else 0)
    assert by_language["en"]["with_english_version"] == 0  # English rows are their own version
    saved = json.loads((tmp_path / "fairsift-evidence" / "audit-parity.json").read_text())
    assert saved["languages"] == result["languages"]  # for the use-case record
    record = usecase_record(evidence=tmp_path / "fairsift-evidence")
    parity = record["fairness"]["language_parity"]
    assert parity["status"] == "measured" and parity["reports"] == result["reports"]


def test_parity_errors(tmp_path: Path, labelled: Path) -> None:
    code, _, stderr = _run(
        "audit",
        "parity",
        str(labelled),
        "--taxonomy",
        str(TAXONOMY),
        "--text-column",
        "message",
        "--language-column",
        "lang",
        "--db",
        str(tmp_path / "store.db"),
    )
    assert code == 2 and "no column 'lang'" in stderr
