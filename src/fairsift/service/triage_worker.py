"""Report triage in the service: the worker's handler for queued reports.

It uses the triage package's pipeline (the same one `fairsift triage` runs). Until that
package has landed, reports get the language steps only (detection and English text, with a
finding that says categories and urgency are missing), so a reviewer still reads each one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from fairsift import __version__
from fairsift.errors import InputError
from fairsift.service.context import Context

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


def handler(ctx: Context) -> Callable[[dict[str, Any]], str | None]:
    def run(payload: dict[str, Any]) -> str | None:
        report_id = int(payload["report_id"])
        report = ctx.store.report_by_id(report_id)
        if report is None:
            raise InputError(f"report {report_id} is not in the store", "Submit it again")
        if report.get("assessment") is None:
            with _lock:
                row, provenance = triage_text(report_id, report["text"])
            ctx.store.put_report_assessment(report_id, row, provenance)
        return f"report:{report_id}"

    return run


def triage_text(report_id: int, text: str) -> tuple[dict[str, Any], dict[str, Any]]:
    from fairsift.language import detect, translate_to_english

    detection = detect(text)
    translation = translate_to_english([text], [detection.language])[0]
    findings = [
        {
            "kind": "triage_missing",
            "detail": "categories and urgency are not assessed yet (triage pipeline not installed)",
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
        "id": str(report_id),
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
    return row, provenance
