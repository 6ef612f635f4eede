"""The daily work of a review team beyond one decision: jobs created from a pasted posting,
their requirements edited into a new version and re-screened, jobs named apart and archived;
decisions on many rows or a whole duplicate group at once; two or three candidates side by
side; reports assigned, moved through a hotline's statuses, answered through the receipt, and
their categories confirmed or corrected (exported as training data). Each function checks who
may do it and leaves an audit entry through the store."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

from fairsift.errors import InputError
from fairsift.review import users
from fairsift.review.decisions import ItemKind, check_decision
from fairsift.screening.jobs import KINDS
from fairsift.service import actions
from fairsift.service.context import Context
from fairsift.service.files import save_upload
from fairsift.service.permissions import Principal, require, require_role
from fairsift.service.problems import BadRequest, NotFound

__all__ = [
    "alerts",
    "assign_report",
    "bulk_decide",
    "clean_title",
    "compare",
    "create_job_from_text",
    "export_corrections",
    "reply_to_reporter",
    "review_categories",
    "revise_job",
    "set_report_status",
]

MAX_POSTING_CHARS = 100_000
MAX_COMPARE = 3
_TAG = re.compile(r"<[^>]*>")


def clean_title(title: str) -> str:
    """A job title as text: markup and control characters gone, spaces squeezed, at most
    120 characters."""
    text = _TAG.sub(" ", title)
    text = "".join(c for c in text if unicodedata.category(c)[0] != "C")
    text = " ".join(text.split())
    return text[:120]


# -- jobs ---------------------------------------------------------------------------------


def create_job_from_text(
    ctx: Context, who: Principal | None, text: str, title: str = ""
) -> dict[str, Any]:
    """A job from a posting pasted into the browser (kept as a text file like an upload)."""
    require_role(who, ("admin",), "create jobs")
    clean = actions.normalise_newlines(text).strip()
    if not clean:
        raise InputError("the posting is empty", "Paste the job posting, or upload its file")
    if len(clean) > MAX_POSTING_CHARS:
        raise InputError(
            f"the posting has {len(clean):,} characters; at most {MAX_POSTING_CHARS:,} fit",
            "Paste only the posting itself",
        )
    name = (clean_title(title) or "posting").replace("/", " ")[:80] + ".txt"
    return actions.create_job(ctx, who, name, clean.encode("utf-8"), title=title)


def revise_job(
    ctx: Context,
    who: Principal | None,
    sha256: str,
    requirements: list[dict[str, Any]],
    title: str | None = None,
) -> dict[str, Any]:
    """Save edited requirements as a new version of the job (a TOML spec, screened exactly
    as written), queue every candidate of the old version against it, and archive the old
    one. Returns the new job."""
    actor = require_role(who, ("admin",), "edit jobs")
    old = actions.job_view(ctx, who, sha256)
    kept = [_requirement(r, i) for i, r in enumerate(requirements) if not r.get("remove")]
    kept = [r for r in kept if r["text"]]
    if not kept:
        raise InputError("a job needs at least one requirement", "Keep or add a requirement")
    name = clean_title(title or old["posting_title"] or old["title"]) or old["title"]
    spec = _spec(name, kept)
    max_bytes = int(ctx.settings.max_upload_mb * 1_000_000)
    path, _ = save_upload(ctx.job_files, spec.encode(), "job.toml", max_bytes, actions.JOB_SUFFIXES)
    job = ctx.pipelines.load_job(path, actor.username)
    if job.sha256 == sha256:
        return actions.job_view(ctx, who, sha256)
    label = old.get("label")
    ctx.store.update_job(job.sha256, actor.username, label=label or name)
    resumes = _resumes_of(ctx, sha256)
    payloads = [
        {"path": p, "name": Path(p).name, "sha256": s, "job_sha256": job.sha256,
         "job_source": job.source}
        for s, p in resumes
    ]  # fmt: skip
    for payload in payloads:
        ctx.store.enqueue("application", payload, f"{job.sha256}:{payload['sha256']}")
    ctx.wake_worker()
    ctx.store.update_job(sha256, actor.username, archived=True)
    ctx.store.append_audit(
        "job_revise",
        actor.username,
        f"job:{job.sha256}",
        {"replaces": sha256, "rescreened": len(payloads)},
    )
    return {**actions.job_view(ctx, who, job.sha256), "rescreened": len(payloads)}


def _requirement(raw: dict[str, Any], index: int) -> dict[str, Any]:
    text = " ".join(str(raw.get("text") or "").split())
    kind = str(raw.get("kind") or "skill").strip().lower()
    importance = str(raw.get("importance") or "must").strip().lower()
    if kind not in KINDS:
        raise InputError(
            f"requirement {index + 1}: {kind!r} is not a kind", f"Use one of: {', '.join(KINDS)}"
        )
    if importance not in ("must", "nice"):
        raise InputError(f"requirement {index + 1}: importance must be must or nice", "Choose one")
    try:
        weight = float(raw.get("weight") or 1.0)
    except ValueError:
        raise InputError(
            f"requirement {index + 1}: weight {raw.get('weight')!r} is not a number",
            "Use a number such as 1 or 0.5",
        ) from None
    if not 0 < weight <= 100:
        raise InputError(
            f"requirement {index + 1}: weight {weight:g} must be above 0 and at most 100",
            "Use a number such as 1 or 0.5",
        )
    out: dict[str, Any] = {"text": text, "kind": kind, "importance": importance, "weight": weight}
    for key in ("years", "level", "subject", "terms"):
        if raw.get(key) not in (None, "", []):
            out[key] = raw[key]
    if kind == "experience" and "years" not in out:
        found = re.search(r"(\d+(?:\.\d+)?)\s*\+?\s*(?:years|yrs)", text, re.I)
        out["years"] = float(found.group(1)) if found else 1.0
    return out


def _spec(title: str, requirements: list[dict[str, Any]]) -> str:
    """A TOML job spec (JSON strings are valid TOML basic strings)."""
    lines = ["# Edited in the fairsift review service", f"title = {json.dumps(title)}", ""]
    for r in requirements:
        lines.append("[[requirement]]")
        for key, value in r.items():
            if isinstance(value, str):
                lines.append(f"{key} = {json.dumps(value)}")
            elif isinstance(value, list | tuple):
                lines.append(f"{key} = [{', '.join(json.dumps(str(v)) for v in value)}]")
            else:
                lines.append(f"{key} = {float(value)!r}")
        lines.append("")
    return "\n".join(lines)


def _resumes_of(ctx: Context, job_sha256: str) -> list[tuple[str, str]]:
    """(sha256, path) of every resume screened for a job whose file is still on disk."""
    found: dict[str, str] = {}
    for row in ctx.store.list_assessments("screening", job_sha256=job_sha256, limit=1_000_000):
        path = str(row.get("candidate") or "")
        sha = str(row.get("sha256") or row.get("item_sha256") or "")
        if sha and path and Path(path).is_file():
            found.setdefault(sha, path)
    return sorted(found.items())


# -- decisions on many items --------------------------------------------------------------


def bulk_decide(
    ctx: Context,
    who: Principal | None,
    kind: ItemKind,
    item_ids: list[int],
    decision: str,
    reason: str,
) -> list[int]:
    """The same decision and reason on each item, all recorded or none."""
    ids = sorted(set(item_ids))
    if not ids:
        raise BadRequest("no rows were selected", "Tick the rows to decide on")
    if len(ids) > 1000:
        raise BadRequest(f"{len(ids)} rows were selected", "Decide on at most 1,000 at a time")
    choice, why = check_decision(kind, decision, reason)
    items: list[tuple[int, int | None]] = []
    if kind == "report":
        me = require(who, who is not None and who.reviews_reports(), "decide on reports")
        for item_id in ids:
            report = ctx.store.report_by_id(item_id)
            if report is None:
                raise NotFound(f"no report {item_id}", "Find it in the report queue")
            items.append((item_id, report.get("assessment_id")))
    else:
        me = require(who, who is not None and who.reviews_applications(), "decide on applications")
        for item_id in ids:  # the reviewer must cover each application's job
            row = ctx.store.assessment_by_id(item_id)
            if row is None or row.get("kind") != "screening":
                raise NotFound(f"no application {item_id}", "Find it in the application queue")
            require(
                me, me.reviews_job(str(row.get("job_sha256"))), "decide on this job's applications"
            )
            items.append((item_id, item_id))
    return ctx.store.put_decisions(kind, items, choice, why, me.username)


def compare(ctx: Context, who: Principal | None, item_ids: list[int]) -> dict[str, Any]:
    """Two or three applications for one job, requirement by requirement."""
    ids = list(dict.fromkeys(item_ids))
    if not 2 <= len(ids) <= MAX_COMPARE:
        raise BadRequest(
            f"{len(ids)} candidates were chosen", "Choose two or three candidates to compare"
        )
    views = [actions.application_view(ctx, who, i) for i in ids]
    jobs = {(v["job"] or {}).get("sha256") for v in views}
    if len(jobs) != 1:
        raise BadRequest("the candidates applied for different jobs", "Compare within one job")
    rows = []
    for index, requirement in enumerate(views[0]["requirements"]):
        cells = []
        for view in views:
            mine = view["requirements"][index] if index < len(view["requirements"]) else {}
            quote = (mine.get("evidence") or [{}])[0].get("quote")
            cells.append({"status": mine.get("status"), "reason": mine.get("reason"),
                          "quote": quote})  # fmt: skip
        rows.append({"text": requirement["text"], "kind": requirement["kind"],
                     "importance": requirement.get("importance"), "cells": cells})  # fmt: skip
    # A comparison is a step of the review: the log says who weighed whom against whom.
    assert who is not None  # application_view let them in
    ctx.store.append_audit("compare", who.username, f"job:{jobs.pop()}", {"applications": ids})
    return {"job": views[0]["job"], "candidates": views, "rows": rows}


# -- reports ------------------------------------------------------------------------------


def assign_report(ctx: Context, who: Principal | None, report_id: int, assignee: str) -> None:
    """Assign to a person who reviews reports, or to a configured team ("" unassigns)."""
    me = require(who, who is not None and who.reviews_reports(), "assign reports")
    actions.report_view(ctx, me, report_id)
    target = assignee.strip() or None
    if target is not None:
        kind, _, name = target.partition(":")
        team = kind == "team" and name in ctx.settings.teams
        person = kind == "user" and name in {u["username"] for u in assignable(ctx)}
        if not (team or person):
            raise InputError(
                f"{target!r} is not someone a report can be assigned to",
                "Choose a person who reviews reports or a team from the list",
            )
    ctx.store.assign_report(report_id, target, me.username)


def assignable(ctx: Context) -> list[dict[str, Any]]:
    """Active people who can work on reports: admins and report reviewers."""
    return [
        u
        for u in users.list_users(ctx.store)
        if u["active"] and (u["role"] == "admin" or "reports" in u["queues"])
    ]


def set_report_status(ctx: Context, who: Principal | None, report_id: int, status: str) -> None:
    me = require(who, who is not None and who.reviews_reports(), "change a report's status")
    actions.report_view(ctx, me, report_id)
    ctx.store.set_report_status(report_id, status, me.username)


def reply_to_reporter(ctx: Context, who: Principal | None, report_id: int, text: str) -> int:
    """An answer the reporter reads with their receipt code. Nobody learns who they are: the
    answer is kept with the report, never sent to their contact."""
    me = require(who, who is not None and who.reviews_reports(), "answer reporters")
    actions.report_view(ctx, me, report_id)
    return ctx.store.reply_to_reporter(report_id, text, me.username)


def review_categories(
    ctx: Context, who: Principal | None, report_id: int, categories: list[str]
) -> int:
    """Confirm the suggested categories or correct them (names from the taxonomy only)."""
    me = require(who, who is not None and who.reviews_reports(), "verify categories")
    view = actions.report_view(ctx, me, report_id)
    known = set(taxonomy_names(ctx))
    unknown = [c for c in categories if known and c not in known]
    if unknown:
        raise InputError(
            f"{', '.join(map(repr, unknown))} is not a category of the taxonomy",
            "Choose categories from the list",
        )
    suggested = [str(c.get("name")) for c in view["categories"]]
    return ctx.store.review_categories(report_id, categories, suggested, me.username)


def taxonomy_names(ctx: Context) -> list[str]:
    """The names of the categories reports are triaged into, or [] without a taxonomy."""
    triager = ctx.pipelines.triager()
    if triager is None:
        return []
    return list(triager.taxonomy.names)


def export_corrections(ctx: Context, who: Principal | None, corrected_only: bool) -> str:
    """Human-verified categories as the labelled CSV `fairsift train` reads: the report as
    received (`text`), its English text (`text_en`) and one 0/1 column per category of the
    taxonomy. Texts are masked as reviewers see them. Only report reviewers may export; the
    export is in the audit log.

        fairsift train corrections.csv --taxonomy T.toml --text-column text \\
            --text-column text_en --out model/"""
    me = require(who, who is not None and who.reviews_reports(), "export verified categories")
    rows = ctx.store.category_reviews(corrected_only=corrected_only)
    names = taxonomy_names(ctx) or sorted({c for r in rows for c in r["categories"]})
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "text", "text_en", *names])
    for row in rows:
        view = actions.report_view(ctx, me, int(row["report_id"]))
        chosen = set(row["categories"])
        writer.writerow(
            [
                f"report-{row['report_id']}",
                view["text"],
                view.get("text_en") or "",
                *(1 if name in chosen else 0 for name in names),
            ]
        )
    ctx.store.append_audit(
        "export",
        me.username,
        "category_reviews",
        {"format": "csv", "rows": len(rows), "corrected_only": corrected_only},
    )
    return buffer.getvalue()


def alerts(ctx: Context, who: Principal | None, limit: int = 20) -> dict[str, Any]:
    """Urgent reports nobody has taken up (critical or high, still new): what a hotline is
    alerted to. Reports flagged as a possible campaign are held back from the alerts, and
    listed apart, so a coordinated flood does not page the team; a person looks first."""
    require(who, who is not None and who.reviews_reports(), "see alerts")
    return ctx.store.urgent_unassigned(limit)


def report_or_404(ctx: Context, report_id: int) -> dict[str, Any]:
    found = ctx.store.report_by_id(report_id)
    if found is None:
        raise NotFound(f"no report {report_id}", "Find it in the report queue")
    return found
