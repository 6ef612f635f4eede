"""What the API and the review pages do, in one place: each function checks who may do it,
does it, and returns plain data. Routes only translate HTTP to these calls and back."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from fairsift.errors import FairsiftError, InputError
from fairsift.intake.records import RecordOptions, read_records
from fairsift.language.names import language_name
from fairsift.review.decisions import DECISIONS, ItemKind, record_decision
from fairsift.review.queue import (
    ApplicationFilter,
    ReportFilter,
    application_page,
    job_list,
    job_page,
    report_page,
    report_queue,
)
from fairsift.screening.output import CSV_FIELDS, csv_row
from fairsift.service.context import Context
from fairsift.service.files import display_name, save_upload
from fairsift.service.highlight import Span, segments
from fairsift.service.permissions import Principal, require, require_role
from fairsift.service.problems import BadRequest, NotFound
from fairsift.store.models import Assessment
from fairsift.triage.output import reviewer_categories
from fairsift.triage.pipeline import reviewer_view
from fairsift.triage.taxonomy import Taxonomy, load_taxonomy

__all__ = [
    "application_view",
    "create_job",
    "decide",
    "export_applications",
    "export_reports",
    "ingest_status",
    "job_page_for",
    "job_view",
    "jobs_for",
    "pseudonym",
    "report_view",
    "submit_report",
    "upload_applications",
]

JOB_SUFFIXES = frozenset({".toml", ".txt", ".md", ".html", ".htm", ".pdf", ".docx"})
RECOMMENDATION_NOTE = (
    "This is the AI's recommendation, not a decision. A person decides, with a reason."
)


def pseudonym(sha256: str | None) -> str:
    """How a candidate is named to reviewers in blind review: never by name or file name."""
    return f"Candidate {(sha256 or '?')[:10]}"


# -- jobs and applications ----------------------------------------------------------------


def jobs_for(
    ctx: Context, who: Principal | None, archived: bool | None = None
) -> list[dict[str, Any]]:
    require(who, who is not None and who.reviews_applications(), "see jobs")
    assert who is not None
    return [j for j in job_list(ctx.store, archived) if who.reviews_job(j["sha256"])]


def job_page_for(
    ctx: Context,
    who: Principal | None,
    archived: bool | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> tuple[list[dict[str, Any]], int]:
    """A page of the jobs a person may see, and how many there are in all (in the database:
    a reviewer of named jobs is limited to those in the query, not after it)."""
    me = require(who, who is not None and who.reviews_applications(), "see jobs")
    only = None
    if not me.is_admin and "applications" not in me.queues:
        only = [q[4:] for q in me.queues if q.startswith("job:")]
    return job_page(ctx.store, archived, limit, offset, only)


def job_view(ctx: Context, who: Principal | None, sha256: str) -> dict[str, Any]:
    require(who, who is not None and who.reviews_job(sha256), "see this job")
    for job in job_list(ctx.store, archived=None):
        if job["sha256"] == sha256:
            return job
    raise NotFound(f"no job {sha256[:12]}", "List the jobs at /api/jobs")


def create_job(
    ctx: Context, who: Principal | None, name: str, data: bytes, title: str = ""
) -> dict[str, Any]:
    """Save an uploaded posting or TOML spec and record the requirements understood. A
    posting in which nothing but a title is found is refused: there is nothing to screen
    against. `title` names the job (else the posting's title, cleaned of markup)."""
    from fairsift.service.workflows import clean_title

    actor = require_role(who, ("admin",), "create jobs").username
    max_bytes = int(ctx.settings.max_upload_mb * 1_000_000)
    path, _ = save_upload(ctx.job_files, data, name, max_bytes, JOB_SUFFIXES)
    understood = ctx.pipelines.understand_job(path)
    if not any(r.kind != "role" for r in understood.requirements):
        raise InputError(
            f"no requirements found in {Path(name).name!r}: fairsift found nothing a "
            "candidate could be checked against (skills, experience, degrees, certifications, "
            "languages)",
            "Paste or upload a posting with a requirements list, or a TOML job spec",
        )
    job = ctx.pipelines.load_job(path, actor)  # the store records it in the audit log
    shown = clean_title(title) or clean_title(job.title) or Path(name).stem
    if shown != job.title:
        ctx.store.update_job(job.sha256, actor, label=shown)
    return {
        "sha256": job.sha256,
        "title": shown,
        "source": job.source,
        "requirements": [r.to_dict() for r in job.requirements],
    }


def upload_applications(
    ctx: Context, who: Principal | None, job_sha256: str, files: list[tuple[str, bytes]]
) -> list[dict[str, Any]]:
    """Save each resume and queue it for screening; committed before this returns."""
    require(who, who is not None and who.reviews_job(job_sha256), "add applications to this job")
    job = job_view(ctx, who, job_sha256)
    if not files:
        raise BadRequest("no files were uploaded", "Attach one or more resumes as 'files'")
    max_bytes = int(ctx.settings.max_upload_mb * 1_000_000)
    accepted = []
    for name, data in files:
        path, sha = save_upload(ctx.uploads, data, name, max_bytes)
        payload = {
            "path": str(path),
            "name": path.name,
            "sha256": sha,
            "job_sha256": job_sha256,
            "job_source": job["source"],
        }
        item_id, created = ctx.store.enqueue("application", payload, f"{job_sha256}:{sha}")
        accepted.append(
            {
                "item_id": item_id,
                "name": path.name,
                "sha256": sha,
                "created": created,
                "status_url": f"/api/ingest/{item_id}",
                "self_id_url": f"/self-id/{sha}/{self_id_code(ctx, sha)}",
            }
        )
    ctx.wake_worker()
    return accepted


def self_id_code(ctx: Context, candidate_sha256: str) -> str:
    """The code in a candidate's self-identification link (an HMAC: nothing is stored)."""
    return ctx.sessions.sign("self-id", candidate_sha256)[:24]


def screen_item(ctx: Context, payload: dict[str, Any]) -> str:
    """Worker handler for an uploaded application: the CLI's pipeline; the assessment id."""
    row = ctx.pipelines.screen(Path(payload["path"]), payload["job_sha256"], payload["job_source"])
    if row["error"] is not None:
        raise InputError(row["error"], "Check the file, or ask the candidate for another copy")
    found = assessment_id(ctx, payload["job_sha256"], row["sha256"])
    return str(found)


def assessment_id(ctx: Context, job_sha256: str, item_sha256: str) -> int:
    config = ctx.pipelines.config_sha256
    query = select(Assessment.id).where(
        Assessment.kind == "screening",
        Assessment.job_sha256 == job_sha256,
        Assessment.item_sha256 == item_sha256,
        Assessment.config_sha256 == config,
    )
    with ctx.store.read() as session:
        return int(session.execute(query).scalar_one())


def ingest_status(ctx: Context, who: Principal | None, item_id: int) -> dict[str, Any]:
    require(who, who is not None and who.role in ("admin", "reviewer"), "follow an upload")
    item = ctx.store.queue_item(item_id)
    if item is None:
        raise NotFound(f"no upload {item_id}", "Use the status_url the upload answered with")
    assert who is not None
    payload = item["payload"]
    if item["kind"] == "application" and not who.reviews_job(payload.get("job_sha256", "")):
        require(who, False, "follow uploads for this job")
    if item["kind"] == "report" and not who.reviews_reports():
        require(who, False, "follow report intake")
    result_url = None
    if item["status"] == "done" and item["result_ref"]:
        if item["kind"] == "application":
            result_url = f"/api/applications/{item['result_ref']}"
        else:
            result_url = f"/api/reports/{payload.get('report_id')}"
    return {
        "id": item["id"],
        "kind": item["kind"],
        "status": item["status"],
        "attempts": item["attempts"],
        "error": _scrubbed(item["error"], payload.get("path"), payload.get("sha256"), who),
        "result_url": result_url,
        "queue": ctx.store.queue_counts(),
    }


def application_queue_for(
    ctx: Context, who: Principal | None, want: ApplicationFilter
) -> list[dict[str, Any]]:
    return application_page_for(ctx, who, want)[0]


def application_page_for(
    ctx: Context, who: Principal | None, want: ApplicationFilter
) -> tuple[list[dict[str, Any]], int]:
    """A page of the application queue a person may see, and how many rows match in all."""
    require(who, who is not None and who.reviews_applications(), "see the application queue")
    assert who is not None
    visible = jobs_for(ctx, who)
    allowed = None if who.is_admin else {j["sha256"] for j in visible}
    if want.job is not None and allowed is not None and want.job not in allowed:
        require(who, False, "see this job's queue")
    order = [j["sha256"] for j in visible]
    titles = {j["sha256"]: j["display"] for j in visible}
    rows, total = application_page(ctx.store, want, allowed, order, shown_as(who), sources=True)
    for row in rows:
        row["job_title"] = titles.get(row["job_sha256"], (row["job_sha256"] or "?")[:12])
        row["candidate"], row["name_warning"] = display_name(str(row["candidate"]))
        row["error"] = _scrubbed(row["error"], row.pop("source"), row["sha256"], who)
    return rows, total


def _scrubbed(text: str | None, path: str | None, sha256: str | None, who: Principal) -> str | None:
    """An error message as `who` may read it: for blind review the uploaded file's path and
    name (which often carry the candidate's name) become the pseudonym."""
    if text is None or who.sees_identities() or not path:
        return text
    label = pseudonym(sha256)
    for needle in sorted({str(path), Path(str(path)).name, Path(str(path)).stem}, key=len)[::-1]:
        if needle:
            text = text.replace(needle, label)
    return text


def shown_as(who: Principal) -> Callable[[dict[str, Any]], str]:
    """How `who` sees a candidate: the file name for those who see identities, else the
    pseudonym. Search, sorting and exports go through this one name."""
    if who.sees_identities():
        return lambda row: Path(str(row.get("candidate") or "")).name
    return lambda row: pseudonym(row.get("sha256"))


def application_view(
    ctx: Context,
    who: Principal | None,
    item_id: int,
    original: bool = False,
    reason: str | None = None,
) -> dict[str, Any]:
    """One application with its recommendation, evidence, findings and the text to check
    them in: blind text, unless an admin reveals the original, saying why (`reason`, kept
    in the audit log with who revealed it)."""
    require(who, who is not None and who.reviews_applications(), "review applications")
    assert who is not None
    row = ctx.store.assessment_by_id(item_id)
    if row is None or row.get("kind") != "screening":
        raise NotFound(f"no application {item_id}", "Find it in the application queue")
    require(who, who.reviews_job(str(row.get("job_sha256"))), "review this job's applications")
    texts = ctx.store.document_text(row["sha256"]) or _rebuild_text(ctx, row)
    show_original = original and who.sees_identities()
    if show_original:
        reveal_identity(ctx, who, item_id, reason)
    text = "" if texts is None else (texts[0] if show_original else texts[1])
    spans = []
    requirements = []
    for i, req in enumerate(row.get("requirements") or []):
        evidence = []
        unique = {(e["start"], e["end"]): e for e in req.get("evidence") or []}
        for j, ev in enumerate(unique.values()):
            anchor = f"ev-{i}-{j}"
            spans.append(Span(int(ev["start"]), int(ev["end"]), anchor, i))
            evidence.append({**ev, "anchor": anchor})
        requirements.append({**req, "index": i, "evidence": evidence})
    job = next((j for j in job_list(ctx.store) if j["sha256"] == row.get("job_sha256")), None)
    warning = None
    if who.sees_identities():
        candidate, warning = display_name(Path(str(row.get("candidate"))).name)
    else:
        candidate = pseudonym(row["sha256"])
    asked = ctx.store.withheld_from_ai()  # the candidate asked to be assessed without the AI
    withheld = (row["sha256"], None) in asked or (row["sha256"], row.get("job_sha256")) in asked
    return {
        "name_warning": warning,
        "id": item_id,
        "kind": "application",
        "job": None if job is None else {"sha256": job["sha256"], "title": job["display"]},
        "candidate": candidate,
        "sha256": row["sha256"],
        "score": None if withheld else row.get("score"),
        "explanation": None if withheld else row.get("explanation"),
        "withheld": withheld,
        "recommendation_note": RECOMMENDATION_NOTE,
        "requirements": requirements,
        "findings": row.get("findings") or [],
        "provenance": row.get("provenance"),
        "text": text,
        "text_view": "original" if show_original else "blind",
        "segments": segments(text, spans),
        "decisions": [_decision(d, who) for d in ctx.store.decisions_for("application", item_id)],
        "choices": list(DECISIONS["application"]),
    }


def _rebuild_text(ctx: Context, row: dict[str, Any]) -> tuple[str, str] | None:
    """(text, blind text) read again from the screened file, for candidates screened before
    their text was kept; kept now. None when the file is gone or changed."""
    path = Path(str(row.get("candidate") or ""))
    if not path.is_file():
        return None
    try:
        return ctx.pipelines.document_texts(path, str(row["sha256"]))
    except FairsiftError:
        return None


MAX_REVEAL_REASON = 1000


def reveal_identity(ctx: Context, who: Principal, item_id: int, reason: str | None) -> None:
    """Record that `who` revealed the identity behind application `item_id`, and why.
    Raises InputError when no reason is given: nothing is revealed then."""
    clean = " ".join((reason or "").split())
    if not clean:
        raise InputError(
            "revealing a candidate's identity needs a reason",
            "Say in a sentence why blind review must be lifted for this candidate",
        )
    if len(clean) > MAX_REVEAL_REASON:
        raise InputError(
            f"the reason has {len(clean):,} characters; at most {MAX_REVEAL_REASON:,} are kept",
            "Shorten it",
        )
    ctx.store.append_audit(
        "identity_reveal", who.username, f"application:{item_id}", {"reason": clean, "at": _now()}
    )


def _decision(row: dict[str, Any], who: Principal) -> dict[str, Any]:
    return {
        "id": row["id"],
        "decision": row["decision"],
        "reason": row["reason"],
        "actor": row["actor"],
        "created_at": str(row["created_at"]),
        "assessment_id": row.get("assessment_id"),
    }


def decide(
    ctx: Context,
    who: Principal | None,
    kind: ItemKind,
    item_id: int,
    decision: str,
    reason: str,
) -> dict[str, Any]:
    if kind == "application":
        view = application_view(ctx, who, item_id)
        assessment = item_id
    elif kind == "report":
        view = report_view(ctx, who, item_id)
        assessment = view["assessment_id"]
    else:
        raise NotFound(f"no {kind} queue", "Decide on an application or a report")
    assert who is not None
    decision_id = record_decision(
        ctx.store,
        kind,
        item_id,
        assessment,
        decision,
        reason,
        who.username,  # type: ignore[arg-type]
    )
    return {"id": decision_id, "kind": kind, "item_id": view["id"], "decision": decision.strip()}


# -- reports --------------------------------------------------------------------------------


def normalise_newlines(text: str) -> str:
    """CRLF and CR as LF: a form sends each line break as two characters, and a limit a
    person reads as characters must not count them twice."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def submit_report(
    ctx: Context,
    text: str,
    contact: str | None,
    source: str,
    actor: str,
    idempotency_key: str | None = None,
) -> dict[str, Any]:
    """Store a report (its reporter's contact apart from it), give a receipt, queue triage.
    Everything is committed before this returns, so an accepted report is never lost."""
    clean = normalise_newlines(text).strip()
    if not clean:
        raise InputError("the report is empty", "Write what is happening, in any language")
    limit = ctx.settings.max_report_chars
    if len(clean) > limit:
        raise InputError(
            f"the report has {len(clean):,} characters; at most {limit:,} are accepted",
            "Shorten it, or send the rest later with the receipt code",
        )
    fields: dict[str, Any] = {"submitted_via": source}
    if idempotency_key:
        if len(idempotency_key) > 200:
            raise InputError("the idempotency key is too long", "Use at most 200 characters")
        fields["idempotency_key"] = f"{actor}:{idempotency_key}"
    reporter = {"contact": contact.strip()} if contact and contact.strip() else None
    report_id = ctx.store.put_report(fields, clean, reporter, source, actor)
    receipt = ctx.store.create_receipt(report_id)
    item_id, _ = ctx.store.enqueue("report", {"report_id": report_id}, f"report:{report_id}")
    ctx.wake_worker()
    return {
        "report_id": report_id,
        "receipt": receipt,
        "status": "queued",
        "status_url": f"/api/ingest/{item_id}",
    }


def report_page_for(
    ctx: Context, who: Principal | None, want: ReportFilter
) -> tuple[list[dict[str, Any]], int]:
    """A page of the report queue and how many reports match in all."""
    require(who, who is not None and who.reviews_reports(), "see the report queue")
    rows, total = report_page(ctx.store, want)
    taxonomy = _taxonomy(ctx)  # read once for the page, not per row
    for row in rows:
        assigned = [{"name": name} for name in row["categories"]]
        row["categories_shown"] = [c["name"] for c in reviewer_categories(assigned, taxonomy)]
    return rows, total


def report_languages(ctx: Context, who: Principal | None) -> list[tuple[str, str]]:
    """(code, English name) of the languages reports were written in, by name."""
    require(who, who is not None and who.reviews_reports(), "see the report queue")
    codes = ctx.store.report_languages()
    return sorted(((c, language_name(c)) for c in codes), key=lambda pair: pair[1])


IMPORT_SUFFIXES = frozenset({".csv", ".jsonl", ".eml", ".txt"})


def import_reports(
    ctx: Context, who: Principal | None, files: list[tuple[str, bytes]]
) -> dict[str, Any]:
    """Reports from uploaded CSV, JSONL, .eml or text files, read as `fairsift triage` reads
    them (contacts apart, `received_at` kept), stored and queued for triage. A row that
    cannot be read is counted and named; it never stops the others."""
    me = require(who, who is not None and who.reviews_reports(), "import reports")
    if not files:
        raise BadRequest("no files were uploaded", "Choose a CSV or .eml file of reports")
    max_bytes = int(ctx.settings.max_upload_mb * 1_000_000)
    folder = ctx.settings.data_dir / "imports"
    accepted, failed, errors = 0, 0, []
    for name, data in files:
        path, sha = save_upload(folder, data, name, max_bytes, IMPORT_SUFFIXES)
        options = RecordOptions(max_chars=ctx.settings.max_report_chars)
        batch: list[tuple[dict[str, Any], str, dict[str, Any] | None]] = []
        for record in read_records([path], options):
            if record.error is not None or not record.text.strip():
                failed += 1
                errors.append(f"{record.id}: {record.error or 'no text'}")
                continue
            fields: dict[str, Any] = {
                "idempotency_key": f"import:{sha}:{record.id}",
                "id": record.id,
                "input": path.name,
            }
            if record.received is not None:
                fields["sent_at"] = record.received.isoformat()
            batch.append((fields, record.text, dict(record.contact) or None))
        # stored 500 at a time, each batch one transaction and one audit entry
        for start in range(0, len(batch), 500):
            ids = ctx.store.put_reports(batch[start : start + 500], "import", me.username)
            for report_id in ids:
                ctx.store.enqueue("report", {"report_id": report_id}, f"report:{report_id}")
            accepted += len(ids)
    ctx.wake_worker()
    return {"accepted": accepted, "failed": failed, "errors": errors[:20]}


def report_queue_for(
    ctx: Context, who: Principal | None, want: ReportFilter
) -> list[dict[str, Any]]:
    require(who, who is not None and who.reviews_reports(), "see the report queue")
    return report_queue(ctx.store, want)


def _taxonomy(ctx: Context) -> Taxonomy | None:
    """The service's taxonomy, or None when there is none or it does not load."""
    path = ctx.pipelines.taxonomy
    try:
        return load_taxonomy(path) if path is not None else None
    except FairsiftError:
        return None


def _shown_categories(ctx: Context, categories: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The categories a reviewer acts on (catch-alls such as "related" implied, not listed)."""
    return [dict(c) for c in reviewer_categories(categories, _taxonomy(ctx))]


def report_view(
    ctx: Context, who: Principal | None, report_id: int, original: bool = False
) -> dict[str, Any]:
    """One report as a reviewer sees it: names, phone numbers, e-mail addresses and links
    masked in its text and additions (admins may ask for the original), beside its English
    text, categories, urgency, duplicates, campaign flag and findings."""
    require(who, who is not None and who.reviews_reports(), "read reports")
    assert who is not None
    report = ctx.store.report_by_id(report_id)
    if report is None:
        raise NotFound(f"no report {report_id}", "Find it in the report queue")
    row = report.get("assessment") or {}
    findings = [dict(f) for f in row.get("findings") or []]
    kinds = {f.get("kind") for f in findings}
    if row.get("campaign") and "campaign" not in kinds:
        findings.insert(0, {"kind": "campaign", "detail": row["campaign"].get("reason", "")})
    if row.get("duplicate_of") is not None and "duplicate" not in kinds:
        findings.insert(0, {"kind": "duplicate", "detail": "near-duplicate of an earlier report"})
    show_original = original and who.is_admin
    if show_original:
        text, text_en = str(report["text"]), row.get("text_en")
    else:
        text = row.get("text") or reviewer_view(str(report["text"]))[0]
        text_en = row.get("text_en")
    additions = [
        {**a, "text": a["text"] if show_original else reviewer_view(str(a["text"]))[0]}
        for a in report.get("additions") or []
    ]
    duplicate_of = row.get("duplicate_of")
    group = ctx.store.duplicate_group(report_id) if row.get("duplicate_group") else []
    target = None if duplicate_of is None else ctx.store.report_ref(str(duplicate_of), report_id)
    for finding in findings:  # name the earlier report by the id reviewers can open
        if finding.get("kind") == "duplicate":
            finding["detail"] = (
                f"near-duplicate of report #{target}"
                if target is not None
                else "near-duplicate of an earlier report"
            )
    return {
        "id": report["id"],
        "kind": "report",
        "status": report["status"],
        "received_at": report.get("received_at") or report["created_at"],
        "assignee": report.get("assignee"),
        "duplicate_report": target,
        "duplicate_members": group,
        "replies": ctx.store.report_replies(report_id),
        "category_review": ctx.store.category_review(report_id),
        "source": report["source"],
        "created_at": report["created_at"],
        "text": text,
        "text_view": "original" if show_original else "masked",
        "language": row.get("language"),
        "language_confidence": row.get("language_confidence"),
        "text_en": text_en,
        "translated": row.get("translated"),
        "categories": row.get("categories") or [],
        "categories_shown": _shown_categories(ctx, row.get("categories") or []),
        "urgency": row.get("urgency"),
        "duplicate_of": row.get("duplicate_of"),
        "duplicate_group": row.get("duplicate_group"),
        "campaign": row.get("campaign"),
        "findings": findings,
        "provenance": row.get("provenance"),
        "assessment_id": report.get("assessment_id"),
        "triaged": bool(row),
        "recommendation_note": RECOMMENDATION_NOTE,
        "additions": additions,
        "decisions": [_decision(d, who) for d in ctx.store.decisions_for("report", report_id)],
        "choices": list(DECISIONS["report"]),
    }


# -- exports --------------------------------------------------------------------------------


def export_applications(
    ctx: Context, who: Principal | None, job_sha256: str, fmt: str, search: str | None = None
) -> tuple[str, str]:
    """(body, media type) of a job's ranked applications with their latest decisions.
    `search` keeps the rows whose candidate, as the exporter sees it, contains it."""
    require(who, who is not None and who.reviews_job(job_sha256), "export this job")
    assert who is not None
    title = job_view(ctx, who, job_sha256)["title"]
    rows = ctx.store.list_assessments("screening", job_sha256=job_sha256, limit=1_000_000)
    latest = {int(d["item_id"]): d["decision"] for d in ctx.store.all_decisions("application")}
    shown = shown_as(who)
    needle = (search or "").strip().casefold()
    out = []
    for position, row in enumerate(rows, start=1):
        row = dict(row)
        row["rank"] = position
        row["job"] = title
        row["decision"] = latest.get(int(row["id"]))
        source = row.get("candidate")
        row["candidate"] = shown(row)
        if needle and needle not in row["candidate"].casefold():
            continue
        row["error"] = _scrubbed(row.get("error"), source, row.get("sha256"), who)
        out.append(row)
    body, media = _serialise(
        out,
        fmt,
        [*CSV_FIELDS, "decision"],
        lambda r: {**csv_row(r), "decision": r["decision"] or ""},
    )
    _audit_export(ctx, who, f"job:{job_sha256}", fmt, len(out))
    return body, media


def export_reports(ctx: Context, who: Principal | None, fmt: str) -> tuple[str, str]:
    require(who, who is not None and who.reviews_reports(), "export reports")
    assert who is not None
    rows = []
    for item in report_queue(ctx.store, ReportFilter(limit=1_000_000)):
        full = report_view(ctx, who, item["id"])
        full.pop("recommendation_note", None)
        full.pop("choices", None)
        full["decision"] = full["decisions"][-1]["decision"] if full["decisions"] else None
        rows.append(full)
    fields = [
        "id",
        "status",
        "created_at",
        "language",
        "urgency",
        "categories",
        "decision",
        "text",
        "text_en",
    ]

    def flat(r: dict[str, Any]) -> dict[str, Any]:
        return {
            **{k: r.get(k) for k in fields},
            "urgency": (r.get("urgency") or {}).get("level"),
            "categories": "; ".join(c.get("name", "") for c in r.get("categories") or []),
        }

    body, media = _serialise(rows, fmt, fields, flat)
    _audit_export(ctx, who, "reports", fmt, len(rows))
    return body, media


def _serialise(
    rows: list[dict[str, Any]], fmt: str, fields: list[str], flat: Any
) -> tuple[str, str]:
    if fmt == "jsonl":
        body = "".join(
            json.dumps(r, ensure_ascii=False, sort_keys=True, default=str) + "\n" for r in rows
        )
        return body, "application/x-ndjson"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        for r in rows:
            writer.writerow({k: _cell(v) for k, v in flat(r).items()})
        return buffer.getvalue(), "text/csv; charset=utf-8"
    raise InputError(f"unknown export format {fmt!r}", "Use csv or jsonl")


def _cell(value: Any) -> Any:
    """Spreadsheets run cells that start with = + - @ as formulas: quote them as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _audit_export(ctx: Context, who: Principal, subject: str, fmt: str, count: int) -> None:
    ctx.store.append_audit(
        "export", who.username, subject, {"format": fmt, "rows": count, "at": _now()}
    )


def _now() -> str:
    return datetime.now(UTC).isoformat()


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
