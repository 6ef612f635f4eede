"""Language parity for report triage: does fairsift serve reports in every language as well
as reports in English?

    fairsift audit parity --taxonomy T --model M LABELLED.csv --text-column C [...]
                          [--language-column L] [--english-column E] [--urgent-column U]

Each labelled report is triaged as received (the first non-empty `--text-column` cell). Per
language: reports, macro-F1 over the categories with a labelled positive, urgency recall (the
share of truly urgent reports rated critical or high) and, where an English version of the
report exists (`--english-column`), the same figures on that English version and how often
the two triages agree. A language is flagged when its macro-F1 or urgency recall falls below
0.85 × the English figure: the English version of the same reports where there is one,
otherwise the reports written in English.

A report is truly urgent when `--urgent-column` says 1, or, without that column, when one of
its labelled categories has urgency critical or high in the taxonomy.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from fairsift.errors import ConfigError, InputError
from fairsift.eval.triage import category_f1
from fairsift.intake.records import Record
from fairsift.triage.pipeline import Triager
from fairsift.triage.taxonomy import Taxonomy

__all__ = ["PARITY_FORMATS", "THRESHOLD", "parity_audit", "render_parity"]

THRESHOLD: Final = 0.85
URGENT: Final = frozenset({"critical", "high"})
PARITY_FORMATS: Final = ("table", "json", "csv")
SMALL: Final = 30  # fewer reports than this: figures shown, marked as unreliable
_TRUE, _FALSE = {"1", "1.0", "true", "yes"}, {"0", "0.0", "false", "no"}
_ENGLISH = {"en", "eng", "english"}

Bools = npt.NDArray[np.bool_]


@dataclass
class _Labelled:
    names: list[str]
    ids: list[str]
    received: list[str]
    english: list[str | None]
    languages: list[str | None]
    labels: Bools
    known: Bools
    urgent: list[bool | None]


def _flag(value: str) -> bool | None:
    folded = value.strip().lower()
    return True if folded in _TRUE else False if folded in _FALSE else None


def _read(
    path: Path,
    taxonomy: Taxonomy,
    text_columns: Sequence[str],
    language_column: str | None,
    english_column: str | None,
    urgent_column: str | None,
) -> _Labelled:
    if not path.exists():
        raise InputError(f"{str(path)!r} does not exist", "Give the labelled CSV file")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = list(reader.fieldnames or [])
        rows = list(reader)
    for option, name in [
        *(("--text-column", c) for c in text_columns),
        ("--language-column", language_column),
        ("--english-column", english_column),
        ("--urgent-column", urgent_column),
    ]:
        if name is not None and name not in columns:
            raise InputError(
                f"{path.name} has no column {name!r} (columns: {', '.join(columns[:15])})",
                f"Name an existing column with {option}",
            )
    names = [n for n in taxonomy.names if n in columns]
    if not names:
        raise InputError(
            f"{path.name} has no column named after a category of {taxonomy.name!r}",
            "Label columns are named after the taxonomy's categories and hold 0 or 1",
        )
    severity = {c.name: c.urgency for c in taxonomy.categories}
    out = _Labelled(names, [], [], [], [], np.zeros((0, 0), bool), np.zeros((0, 0), bool), [])
    labels, known = [], []
    for number, row in enumerate(rows, start=1):
        text = next((row[c].strip() for c in text_columns if (row[c] or "").strip()), "")
        if not text:
            continue  # nothing to triage; counted in no figure
        flags = [_flag(row[n] or "") for n in names]
        out.ids.append(row.get("id") or str(number))
        out.received.append(text)
        english = (row[english_column] or "").strip() if english_column else ""
        out.english.append(english or None)
        language = (row[language_column] or "").strip() if language_column else ""
        out.languages.append(language or None)
        labels.append([f is True for f in flags])
        known.append([f is not None for f in flags])
        if urgent_column:
            out.urgent.append(_flag(row[urgent_column] or ""))
        else:
            out.urgent.append(
                any(
                    f is True and severity.get(n) in URGENT
                    for n, f in zip(names, flags, strict=True)
                )
            )
    if not out.ids:
        raise InputError(
            f"{path.name} has no report text in {', '.join(text_columns)}",
            "Name the column that holds the reports with --text-column",
        )
    out.labels = np.asarray(labels, dtype=bool)
    out.known = np.asarray(known, dtype=bool)
    return out


def _macro_f1(labels: Bools, known: Bools, predicted: Bools) -> float | None:
    """Mean F1 over the categories with a labelled positive among these reports (the
    evaluation's convention), None when there is none."""
    scores = [v for v in category_f1(labels, known, predicted) if v is not None]
    return float(np.mean(scores)) if scores else None


def _recall(truth: list[bool | None], said: list[bool]) -> tuple[float | None, int]:
    pairs = [(t, s) for t, s in zip(truth, said, strict=True) if t]
    return (sum(s for _, s in pairs) / len(pairs) if pairs else None), len(pairs)


def _triage(triager: Triager, ids: list[str], texts: list[str]) -> list[dict[str, Any]]:
    records = [
        Record(id=i, source="parity", text=t, sha256=str(n))
        for n, (i, t) in enumerate(zip(ids, texts, strict=True))
    ]
    return triager.assess(records)


def _ratio(value: float | None, reference: float | None) -> float | None:
    if value is None or not reference:
        return None
    return value / reference


def parity_audit(
    labelled: str | Path,
    taxonomy: str | Path | Taxonomy,
    model: str | Path | None,
    text_columns: Sequence[str],
    *,
    language_column: str | None = None,
    english_column: str | None = None,
    urgent_column: str | None = None,
    triager: Triager | None = None,
    threshold: float = THRESHOLD,
) -> dict[str, Any]:
    """The parity figures as data (the JSON the command prints)."""
    if not text_columns:
        raise ConfigError("no --text-column given", "Name the column that holds the reports")
    worker = triager or Triager.create(taxonomy, model)
    data = _read(
        Path(labelled),
        worker.taxonomy,
        text_columns,
        language_column,
        english_column,
        urgent_column,
    )
    names = data.names
    rows = _triage(worker, data.ids, data.received)
    detected = [row["language"] for row in rows]
    languages = [
        (given or found or "und").lower()
        for given, found in zip(data.languages, detected, strict=True)
    ]
    languages = ["en" if lang in _ENGLISH else lang for lang in languages]

    def predicted(found: list[dict[str, Any]]) -> Bools:
        out = np.zeros((len(found), len(names)), dtype=bool)
        index = {n: j for j, n in enumerate(names)}
        for i, row in enumerate(found):
            for category in row["categories"]:
                if category["name"] in index:
                    out[i, index[category["name"]]] = True
        return out

    said = predicted(rows)
    urgent_said = [row["urgency"]["level"] in URGENT for row in rows]
    with_english = [i for i, e in enumerate(data.english) if e and e != data.received[i]]
    english_rows = (
        _triage(
            worker,
            [data.ids[i] for i in with_english],
            [str(data.english[i]) for i in with_english],
        )
        if with_english
        else []
    )
    english_of = dict(zip(with_english, english_rows, strict=True))
    said_en = predicted(english_rows) if english_rows else np.zeros((0, len(names)), bool)
    en_index = {i: k for k, i in enumerate(with_english)}

    def figures(members: list[int]) -> dict[str, Any]:
        idx = np.asarray(members, dtype=int)
        macro = _macro_f1(data.labels[idx], data.known[idx], said[idx])
        recall, urgent = _recall(
            [data.urgent[i] for i in members], [urgent_said[i] for i in members]
        )
        return {
            "reports": len(members),
            "macro_f1": macro,
            "urgency_recall": recall,
            "urgent": urgent,
        }

    by_language: dict[str, list[int]] = defaultdict(list)
    for i, lang in enumerate(languages):
        by_language[lang].append(i)
    written_english = figures(by_language["en"]) if by_language.get("en") else None

    out_languages = []
    for lang, members in sorted(by_language.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        entry: dict[str, Any] = {"language": lang, **figures(members)}
        paired = [i for i in members if i in english_of]
        entry["with_english_version"] = len(paired)
        if paired:
            idx = np.asarray(paired, dtype=int)
            rows_en = np.asarray([en_index[i] for i in paired], dtype=int)
            entry["macro_f1_english"] = _macro_f1(
                data.labels[idx], data.known[idx], said_en[rows_en]
            )
            entry["urgency_recall_english"] = _recall(
                [data.urgent[i] for i in paired],
                [english_of[i]["urgency"]["level"] in URGENT for i in paired],
            )[0]
            same_categories = [
                float(
                    {c["name"] for c in rows[i]["categories"]}
                    == {c["name"] for c in english_of[i]["categories"]}
                )
                for i in paired
            ]
            same_urgency = [
                float(urgent_said[i] == (english_of[i]["urgency"]["level"] in URGENT))
                for i in paired
            ]
            entry["category_agreement"] = float(np.mean(same_categories))
            entry["urgency_agreement"] = float(np.mean(same_urgency))
            reference_f1, reference_recall = (
                entry["macro_f1_english"],
                entry["urgency_recall_english"],
            )
            entry["compared_with"] = "the English version of the same reports"
        else:
            entry.update(
                macro_f1_english=None,
                urgency_recall_english=None,
                category_agreement=None,
                urgency_agreement=None,
            )
            reference_f1 = written_english["macro_f1"] if written_english else None
            reference_recall = written_english["urgency_recall"] if written_english else None
            entry["compared_with"] = (
                "reports written in English" if written_english and lang != "en" else None
            )
        entry["f1_ratio"] = (
            None if lang == "en" and not paired else _ratio(entry["macro_f1"], reference_f1)
        )
        entry["urgency_ratio"] = (
            None
            if lang == "en" and not paired
            else _ratio(entry["urgency_recall"], reference_recall)
        )
        reasons = []
        if entry["f1_ratio"] is not None and entry["f1_ratio"] < threshold:
            reasons.append(f"macro-F1 is {entry['f1_ratio']:.2f}× English (below {threshold}×)")
        if entry["urgency_ratio"] is not None and entry["urgency_ratio"] < threshold:
            reasons.append(
                f"urgency recall is {entry['urgency_ratio']:.2f}× English (below {threshold}×)"
            )
        if len(members) < SMALL:
            count = f"{len(members)} report" + ("s" if len(members) != 1 else "")
            reasons.append(f"only {count}: figures are unreliable")
        entry["flagged"] = any("below" in r for r in reasons)
        entry["notes"] = reasons
        out_languages.append(entry)
    return {
        "data": str(labelled),
        "date": datetime.now(UTC).date().isoformat(),
        "taxonomy": {"name": worker.taxonomy.name, "version": worker.taxonomy.version},
        "model": {"name": worker.classifier.name, "version": worker.classifier.version},
        "text_columns": list(text_columns),
        "language_column": language_column,
        "english_column": english_column,
        "urgent_from": urgent_column or "labelled categories with urgency critical or high",
        "threshold": threshold,
        "categories": names,
        "reports": len(data.ids),
        "languages": out_languages,
    }


def _num(value: float | None, digits: int = 3) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def render_parity(result: dict[str, Any], format: str = "table") -> str:
    if format not in PARITY_FORMATS:
        raise ConfigError(f"unknown format {format!r}", f"Use one of {', '.join(PARITY_FORMATS)}")
    if format == "json":
        return json.dumps(result, indent=2, ensure_ascii=False) + "\n"
    fields = [
        "language",
        "reports",
        "macro_f1",
        "macro_f1_english",
        "f1_ratio",
        "urgent",
        "urgency_recall",
        "urgency_recall_english",
        "urgency_ratio",
        "category_agreement",
        "urgency_agreement",
        "flagged",
    ]
    if format == "csv":
        import io

        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=[*fields, "notes"], extrasaction="ignore")
        writer.writeheader()
        for entry in result["languages"]:
            writer.writerow({**entry, "notes": "; ".join(entry["notes"])})
        return buffer.getvalue()
    lines = [
        f"Language parity: {result['data']} ({result['reports']} reports), model "
        f"{result['model']['name']} {result['model']['version']}, {result['date']}",
        f"{'language':9} {'reports':>7} {'F1':>6} {'F1 en':>6} {'ratio':>6} {'urgent':>6} "
        f"{'recall':>6} {'rec en':>6} {'ratio':>6} {'agree':>6}  flag",
    ]
    for e in result["languages"]:
        lines.append(
            f"{e['language']:9} {e['reports']:7d} {_num(e['macro_f1']):>6} "
            f"{_num(e['macro_f1_english']):>6} {_num(e['f1_ratio'], 2):>6} {e['urgent']:6d} "
            f"{_num(e['urgency_recall']):>6} {_num(e['urgency_recall_english']):>6} "
            f"{_num(e['urgency_ratio'], 2):>6} {_num(e['category_agreement'], 2):>6}  "
            + ("FLAG " if e["flagged"] else "")
            + "; ".join(e["notes"])
        )
    lines.append(
        f"F1: macro-F1 over categories with a labelled positive; 'en': the English version of "
        f"the same reports, else reports written in English. Flag: below {result['threshold']}× "
        "English. Urgent: " + result["urgent_from"] + "."
    )
    return "\n".join(lines) + "\n"
