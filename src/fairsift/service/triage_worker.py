"""Report triage in the service: the worker's handler for queued reports, a batch at a time.

It uses the triage package's pipeline (the same one `fairsift triage` runs). Until that
package has landed, reports get the language steps only (detection and English text, with a
finding that says categories and urgency are missing), so a reviewer still reads each one.
"""

from __future__ import annotations

import threading
from typing import Any

from fairsift import __version__
from fairsift.service.context import Context
from fairsift.service.worker import BatchHandler, Outcome

__all__ = ["handler", "requeue_untriaged"]

_lock = threading.Lock()


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
        todo: list[tuple[int, str]] = []
        for index, payload in enumerate(payloads):
            report = ctx.store.report_by_id(int(payload["report_id"]))
            if report is None:
                outcomes[index] = Outcome(error=f"report {payload['report_id']} is not stored")
            elif report.get("assessment") is not None:  # done before a crash: keep it
                outcomes[index] = Outcome(ref=f"report:{report['id']}")
            else:
                todo.append((index, str(report["text"])))
        if todo:
            with _lock:
                rows = triage_texts([text for _, text in todo])
            for (index, _), (row, provenance) in zip(todo, rows, strict=True):
                report_id = int(payloads[index]["report_id"])
                row["id"] = str(report_id)
                ctx.store.put_report_assessment(report_id, row, provenance)
                outcomes[index] = Outcome(ref=f"report:{report_id}")
        return [outcomes[i] for i in range(len(payloads))]

    return run


def triage_texts(texts: list[str]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Language steps only, in one batch (one translator call per language)."""
    from fairsift.language import detect_many, translate_to_english

    detections = detect_many(texts)
    translations = translate_to_english(texts, [d.language for d in detections])
    out = []
    for text, detection, translation in zip(texts, detections, translations, strict=True):
        findings = [
            {
                "kind": "triage_missing",
                "detail": "categories and urgency are not assessed yet "
                "(triage pipeline not installed)",
                "page": None,
            }
        ]
        if translation.text_en is None and translation.note:
            findings.append({"kind": "not_translated", "detail": translation.note, "page": None})
        provenance = {
            "pipeline": "service-language/0",
            "fairsift_version": __version__,
            "models": {translation.backend or "none": ""},
        }
        row = {
            "id": None,
            "language": detection.language,
            "language_confidence": detection.confidence,
            "text": text,
            "text_en": translation.text_en,
            "translated": translation.translated,
            "categories": [],
            "urgency": {"level": "normal", "reason": "not assessed"},
            "duplicate_of": None,
            "duplicate_group": None,
            "campaign": None,
            "findings": findings,
            "error": None,
            "provenance": provenance,
        }
        out.append((row, provenance))
    return out
