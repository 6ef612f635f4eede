"""The triage row: the JSONL shape the CLI, the store and the review service share, and the
plain writers for it (jsonl, csv, table)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TextIO

from fairsift.domain import Finding, Provenance
from fairsift.triage.taxonomy import Taxonomy

__all__ = [
    "CSV_FIELDS",
    "csv_row",
    "error_row",
    "reviewer_categories",
    "triage_row",
    "write_rows",
]


def triage_row(
    *,
    id: str,
    language: str,
    language_confidence: float,
    text: str,
    text_en: str | None,
    translated: bool,
    categories: Sequence[tuple[str, float]],
    urgency: Mapping[str, str],
    duplicate_of: str | None,
    duplicate_group: str | None,
    campaign: Mapping[str, object] | None,
    findings: Iterable[Finding],
    provenance: Provenance,
) -> dict[str, Any]:
    """One report's row, exactly: id, language, language_confidence, text, text_en,
    translated, categories [{name, confidence}], urgency {level, reason}, duplicate_of,
    duplicate_group, campaign {group, size, reason} | null, findings, error, provenance."""
    return {
        "id": id,
        "language": language,
        "language_confidence": round(float(language_confidence), 4),
        "text": text,
        "text_en": text_en,
        "translated": bool(translated),
        "categories": [{"name": n, "confidence": round(float(c), 4)} for n, c in categories],
        "urgency": {"level": urgency["level"], "reason": urgency["reason"]},
        "duplicate_of": duplicate_of,
        "duplicate_group": duplicate_group,
        "campaign": dict(campaign) if campaign is not None else None,
        "findings": [f.to_dict() for f in findings],
        "error": None,
        "provenance": provenance.to_dict(),
    }


def error_row(id: str, error: str, findings: Iterable[Finding] = ()) -> dict[str, Any]:
    """The row of a report that could not be read: every field present, `error` set."""
    return {
        "id": id,
        "language": None,
        "language_confidence": None,
        "text": None,
        "text_en": None,
        "translated": False,
        "categories": [],
        "urgency": None,
        "duplicate_of": None,
        "duplicate_group": None,
        "campaign": None,
        "findings": [f.to_dict() for f in findings],
        "error": error,
        "provenance": None,
    }


CSV_FIELDS = [
    "id",
    "urgency",
    "urgency_reason",
    "categories",
    "language",
    "translated",
    "duplicate_of",
    "duplicate_group",
    "campaign",
    "text",
    "text_en",
    "findings",
    "error",
]


def csv_row(row: Mapping[str, Any]) -> dict[str, Any]:
    urgency = row.get("urgency") or {}
    campaign = row.get("campaign")
    return {
        "id": row["id"],
        "urgency": urgency.get("level", ""),
        "urgency_reason": urgency.get("reason", ""),
        "categories": "; ".join(f"{c['name']} {c['confidence']:.2f}" for c in row["categories"]),
        "language": row.get("language") or "",
        "translated": row.get("translated", False),
        "duplicate_of": row.get("duplicate_of") or "",
        "duplicate_group": row.get("duplicate_group") or "",
        "campaign": campaign["reason"] if campaign else "",
        "text": row.get("text") or "",
        "text_en": row.get("text_en") or "",
        "findings": "; ".join(f"{f['kind']}: {f['detail']}" for f in row["findings"]),
        "error": row.get("error") or "",
    }


def reviewer_categories(
    categories: Sequence[Mapping[str, Any]], taxonomy: Taxonomy | None
) -> list[Mapping[str, Any]]:
    """The categories a reviewer acts on, most confident first: a parent ("aid_related") is
    implied by an assigned sub-category ("water") and not listed; any category with
    sub-categories ("related", "aid_related") is a catch-all, listed only when nothing more
    specific applies. Rows,
    JSONL and CSV keep every assigned category; this is only what is put in front of people."""
    if taxonomy is None or not categories:
        return list(categories)
    known = set(taxonomy.names)
    names = [str(c["name"]) for c in categories]
    implied: set[str] = set()
    for name in names:
        if name in known:
            implied.update(taxonomy.ancestors(name))
    parents = {c.parent for c in taxonomy.categories if c.parent}
    catch_all = {c.name for c in taxonomy.categories if c.name in parents}
    kept = [c for c in categories if c["name"] not in implied]
    specific = [c for c in kept if c["name"] not in catch_all]
    return specific or kept or list(categories)


_ORDER = {"critical": 0, "high": 1, "normal": 2, "low": 3}


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def write_rows(
    rows: Sequence[Mapping[str, Any]],
    format: str,
    handle: TextIO,
    taxonomy: Taxonomy | None = None,
) -> None:
    """Write rows as `jsonl` (one object a line), `csv` (CSV_FIELDS) or `table` (most urgent
    first, for a person reading a terminal; with `taxonomy`, the categories a reviewer acts on
    — see `reviewer_categories` — JSONL and CSV keep them all)."""
    if format == "jsonl":
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False, sort_keys=False) + "\n")
    elif format == "csv":
        writer = csv.DictWriter(handle, fieldnames=CSV_FIELDS)
        writer.writeheader()
        for row in rows:
            writer.writerow(csv_row(row))
    elif format == "table":

        def key(row: Mapping[str, Any]) -> tuple[int, str]:
            level = (row.get("urgency") or {}).get("level", "")
            return (_ORDER.get(level, 9), str(row["id"]))

        for row in sorted(rows, key=key):
            if row.get("error"):
                handle.write(f"{row['id']:<14} ERROR     {_cut(row['error'], 100)}\n")
                continue
            level = row["urgency"]["level"]
            shown = reviewer_categories(row["categories"], taxonomy)
            names = ", ".join(str(c["name"]) for c in shown[:4]) or "-"
            mark = f" [dup of {row['duplicate_of']}]" if row.get("duplicate_of") else ""
            mark += " [CAMPAIGN?]" if row.get("campaign") else ""
            handle.write(
                f"{_cut(str(row['id']), 14):<14} {level:<9} {row['language'] or '?':<4} "
                f"{_cut(names, 40):<40} {_cut(row['text_en'] or row['text'] or '', 60)}{mark}\n"
            )
    else:
        raise ValueError(f"unknown format {format!r}: use jsonl, csv or table")
