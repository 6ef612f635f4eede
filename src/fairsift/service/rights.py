"""People's rights in the review service: the public page where a candidate asks for an
alternative process or an accommodation, the reviewers' list of those requests, the
explanation letter for one application, and an admin's export and erasure of one person.
Each function checks who may do it, does it and returns plain data; routes/rights.py
translates HTTP. Every step is in the audit log (the store writes the entries)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from fairsift.errors import InputError
from fairsift.review.queue import job_list, job_page
from fairsift.service.context import Context
from fairsift.service.permissions import Principal, require, require_role
from fairsift.service.problems import NotFound

__all__ = [
    "ask_alternative",
    "duplicates_for",
    "erase",
    "explanation",
    "export",
    "link_request",
    "merge",
    "requests_for",
    "resolve_request",
]


def ask_alternative(
    ctx: Context,
    job_sha256: str | None,
    kind: str,
    message: str,
    name: str,
    email: str,
    phone: str,
    client: str,
) -> dict[str, Any]:
    """A candidate's request (no sign-in). Returns the code they keep and the job's title."""
    ctx.limiter.hit("alternative", client, ctx.settings.receipt_per_hour, 3600.0, "requests")
    jobs = {j["sha256"]: j for j in job_list(ctx.store)}
    job = jobs.get(job_sha256 or "")
    request_id, code = ctx.store.add_alternative_request(
        kind,
        message,
        {"name": name, "email": email, "phone": phone},
        job_sha256=None if job is None else job["sha256"],
    )
    return {"id": request_id, "code": code, "job": None if job is None else job["title"]}


def public_job(ctx: Context, job_sha256: str | None) -> dict[str, Any] | None:
    """The job a notice's link names (title only), or None."""
    for job in job_list(ctx.store):
        if job["sha256"] == job_sha256:
            return {"sha256": job["sha256"], "title": job["title"]}
    return None


def requests_for(
    ctx: Context, who: Principal | None, limit: int = 50, offset: int = 0
) -> tuple[list[dict[str, Any]], int]:
    """Requests a reviewer of applications must see, open first, with how to reach the
    candidate (the alternative process needs a person to contact them): one page and how
    many in all."""
    me = require(who, who is not None and who.reviews_applications(), "see requests")
    only = None
    if not me.is_admin and "applications" not in me.queues:
        only = [q[4:] for q in me.queues if q.startswith("job:")]
    found, total = ctx.store.alternative_request_page(limit, offset, only)
    named = {r.job_sha256 for r in found if r.job_sha256}
    titles = {j["sha256"]: j["title"] for j in job_page(ctx.store, only=named)[0]}
    rows = []
    for r in found:
        row = r.to_dict()
        row["job"] = titles.get(r.job_sha256 or "", "any job")
        rows.append(row)
    return rows, total


def resolve_request(ctx: Context, who: Principal | None, request_id: int, resolution: str) -> None:
    require(who, who is not None and who.reviews_applications(), "resolve requests")
    assert who is not None
    found = ctx.store.alternative_request(request_id)
    if found is None:
        raise NotFound(f"no request {request_id}", "See the list at /queues/requests")
    require(who, found.job_sha256 is None or who.reviews_job(found.job_sha256), "resolve it")
    ctx.store.resolve_alternative_request(request_id, resolution, who.username)


def link_request(ctx: Context, who: Principal | None, request_id: int, application: int) -> None:
    """Link a request to an application the reviewer found (by its number)."""
    require(who, who is not None and who.reviews_applications(), "link requests")
    assert who is not None
    row = ctx.store.assessment_by_id(application)
    if row is None or row.get("kind") != "screening":
        raise NotFound(f"no application {application}", "Find its number in the queue")
    require(who, who.reviews_job(str(row.get("job_sha256"))), "link this job's applications")
    ctx.store.link_request(request_id, str(row["item_sha256"]), who.username)


def explanation(ctx: Context, who: Principal | None, item_id: int, pdf: bool) -> bytes | str:
    """The candidate's explanation letter for one application (HTML, or PDF)."""
    from fairsift.audit.explain import explanation_html, explanation_pdf

    require(who, who is not None and who.reviews_applications(), "explain applications")
    assert who is not None
    row = ctx.store.assessment_by_id(item_id)
    if row is None or row.get("kind") != "screening":
        raise NotFound(f"no application {item_id}", "Find it in the application queue")
    require(who, who.reviews_job(str(row.get("job_sha256"))), "explain this job's applications")
    letter = (
        explanation_pdf(ctx.store, item_id)
        if pdf
        else explanation_html(ctx.store, item_id, stylesheet="/static/letter.css")
    )
    ctx.store.append_audit(
        "explanation", who.username, f"application:{item_id}", {"format": "pdf" if pdf else "html"}
    )
    return letter


def export(ctx: Context, who: Principal | None, person_id: str) -> bytes:
    """Admins only: the zip of everything held about one person."""
    from fairsift.people import export_person

    actor = require_role(who, ("admin",), "export a person's data").username
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "export.zip"
        export_person(ctx.store, person_id, target, actor)
        return target.read_bytes()


def erase(ctx: Context, who: Principal | None, person_id: str, confirm: str) -> list[str]:
    """Admins only, confirmed by typing ERASE: erase one person (see fairsift.people)."""
    from fairsift.people import erase_person

    actor = require_role(who, ("admin",), "erase a person's data").username
    if confirm.strip() != "ERASE":
        raise InputError("erasure not confirmed", "Type ERASE in the confirmation field")
    return erase_person(ctx.store, person_id, actor, upload_roots=[ctx.uploads]).lines()


def duplicates_for(ctx: Context, who: Principal | None) -> list[dict[str, Any]]:
    """Resumes that seem to be one person (same e-mail or phone), named as reviewers see
    candidates: by pseudonym, never by the contact details that matched."""
    from fairsift.people.duplicates import duplicate_groups
    from fairsift.service.actions import pseudonym

    require(who, who is not None and who.reviews_applications(), "see duplicate candidates")
    return [
        {
            "reason": g.reason,
            "candidates": [{"sha256": s, "name": pseudonym(s)} for s in g.candidates],
        }
        for g in duplicate_groups(ctx.store)
    ]


def merge(ctx: Context, who: Principal | None, primary: str, duplicate: str) -> None:
    require(who, who is not None and who.reviews_applications(), "merge candidates")
    assert who is not None
    ctx.store.merge_candidates(primary, duplicate, who.username)
