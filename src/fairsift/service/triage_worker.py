"""Report triage in the service: the worker's handler for queued reports, a batch at a time,
through the triage package's `Triager` (what `fairsift triage` runs).

Duplicates and campaigns need other reports to compare with: each batch is grouped together
with the reports received in the last day, so a report resent an hour later points to the
first one. Only the new reports' rows are stored. Without a taxonomy, reports get the
language steps only, and a finding says that categories and urgency are missing.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

from fairsift import __version__
from fairsift.intake.records import Record
from fairsift.service.context import Context
from fairsift.service.worker import BatchHandler, Outcome
from fairsift.triage.pipeline import Triager

__all__ = ["CONTEXT", "WINDOW", "handler", "requeue_untriaged"]

WINDOW = timedelta(hours=24)  # how far back duplicates and campaigns are looked for
CONTEXT = 500  # at most this many earlier reports


def requeue_untriaged(ctx: Context) -> int:
    """Queue every stored report that has no triage yet (idempotent: one queue item per
    report). Covers a crash between storing a report and queueing it."""
    count = 0
    for report in ctx.store.list_reports(status="new", limit=1_000_000):
        _, created = ctx.store.enqueue(
            "report", {"report_id": report["id"]}, f"report:{report['id']}"
        )
        count += created
    return count


def handler(ctx: Context) -> BatchHandler:
    def run(payloads: list[dict[str, Any]]) -> list[Outcome]:
        outcomes: dict[int, Outcome] = {}
        todo: list[tuple[int, dict[str, Any]]] = []
        for index, payload in enumerate(payloads):
            report = ctx.store.report_by_id(int(payload["report_id"]))
            if report is None:
                outcomes[index] = Outcome(error=f"report {payload['report_id']} is not stored")
            elif report.get("assessment") is not None:  # done before a crash: keep it
                outcomes[index] = Outcome(ref=f"report:{report['id']}")
            else:
                todo.append((index, report))
        if todo:
            with ctx.pipelines.lock:
                triager = ctx.pipelines.triager()
                reports = [report for _, report in todo]
                rows = language_only(reports) if triager is None else triage(ctx, triager, reports)
            for (index, report), row in zip(todo, rows, strict=True):
                if row.get("error"):
                    outcomes[index] = Outcome(error=str(row["error"]))
                    continue
                ctx.store.put_report_assessment(int(report["id"]), row, row["provenance"] or {})
                outcomes[index] = Outcome(ref=f"report:{report['id']}")
        return [outcomes[i] for i in range(len(payloads))]

    return run


def _record(ctx: Context, report: dict[str, Any]) -> Record:
    text = str(report["text"])
    return Record(
        id=str(report["id"]),
        source=str(report["source"]),
        text=text,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        contact=_contact(ctx, int(report["id"])),
        received=datetime.fromisoformat(str(report["created_at"])),
    )


def _contact(ctx: Context, report_id: int) -> dict[str, str]:
    """The reporter's details, only so campaigns can tell one sender from many (the
    pipeline turns them into an opaque token; they never reach a row)."""
    found = ctx.store.reporter_contact(report_id) or {}
    return {str(k): str(v) for k, v in found.items() if v}


def triage(ctx: Context, triager: Triager, reports: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows for `reports`, grouped for duplicates and campaigns with the last day's reports."""
    records = [_record(ctx, report) for report in reports]
    rows = triager.assess(records)
    by_id = {row["id"]: row for row in rows}
    fresh = {record.id for record in records}
    since = datetime.now(UTC) - WINDOW
    earlier = [
        r
        for r in ctx.store.list_reports(order="-age", limit=CONTEXT + len(records))
        if str(r["id"]) not in fresh
        and r.get("assessment") is not None
        and datetime.fromisoformat(str(r["created_at"])) >= since
    ][:CONTEXT]
    context = [_record(ctx, report) for report in earlier]
    vectors: Any = triager.embedder.embed([record.text for record in context]) if context else []
    context_rows = [
        {"id": record.id, "error": None, "findings": [], "_vector": vectors[i]}
        for i, record in enumerate(context)
    ]
    ordered = [by_id[record.id] for record in records if record.id in by_id]
    triager.group([*context_rows, *ordered], [*context, *records])
    out = []
    for record in records:
        row = by_id.get(record.id) or {"error": record.error or "the report could not be read"}
        row.pop("_vector", None)
        row.pop("_own_urgency", None)
        out.append(row)
    return out


def language_only(reports: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Language steps only, in one batch (one translator call per language)."""
    from fairsift.language import detect_many, translate_to_english

    texts = [str(report["text"]) for report in reports]
    detections = detect_many(texts)
    translations = translate_to_english(texts, [d.language for d in detections])
    out = []
    for report, text, detection, translation in zip(
        reports, texts, detections, translations, strict=True
    ):
        findings = [
            {
                "kind": "triage_missing",
                "detail": "categories and urgency are not assessed: no taxonomy is configured "
                "(set FAIRSIFT_SERVICE_TAXONOMY)",
                "page": None,
            }
        ]
        if translation.text_en is None and translation.note:
            findings.append({"kind": "not_translated", "detail": translation.note, "page": None})
        out.append(
            {
                "id": str(report["id"]),
                "language": detection.language,
                "language_confidence": detection.confidence,
                "text": text,
                "text_en": translation.text_en,
                "translated": translation.translated,
                "categories": [],
                "urgency": {"level": "normal", "reason": "not assessed (no taxonomy)"},
                "duplicate_of": None,
                "duplicate_group": None,
                "campaign": None,
                "findings": findings,
                "error": None,
                "provenance": {
                    "pipeline": "service-language/1",
                    "fairsift_version": __version__,
                    "models": {translation.backend or "none": ""},
                },
            }
        )
    return out
