"""Pages for people's rights: the public request for an alternative process or an
accommodation (linked from the candidate notice), the reviewers' request list, the
explanation letter, and the admins' export and erasure of one person."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from fairsift.errors import FairsiftError
from fairsift.service import rights
from fairsift.service.context import Context, client_ip, context, principal, render
from fairsift.service.csrf import visitor_csrf
from fairsift.service.permissions import Principal
from fairsift.service.problems import Unauthorized
from fairsift.service.routes.pages import PAGE_SIZE, ItemId, PageNo, _pager

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
Ctx = Annotated[Context, Depends(context)]
Who = Annotated[Principal | None, Depends(principal)]
Short = Annotated[str, Form(max_length=300)]


def _signed_in(request: Request, who: Principal | None) -> Principal:
    if who is None:
        raise Unauthorized("sign in to see this page", f"Sign in at /login?next={request.url.path}")
    return who


# -- candidates (public) -----------------------------------------------------------------


@router.get("/alternative")
def alternative_page(
    request: Request, ctx: Ctx, job: Annotated[str | None, Query(max_length=64)] = None
) -> Response:
    return render(
        request, "alternative.html", job=rights.public_job(ctx, job), done=None, error=None
    )


@router.post("/alternative", dependencies=[Depends(visitor_csrf)])
def alternative_submit(
    request: Request,
    ctx: Ctx,
    kind: Annotated[str, Form(max_length=20)],
    message: Annotated[str, Form(max_length=4000)] = "",
    name: Short = "",
    email: Short = "",
    phone: Short = "",
    job: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    found = rights.public_job(ctx, job or None)
    try:
        done = rights.ask_alternative(
            ctx, job or None, kind, message, name, email, phone, client_ip(request)
        )
    except FairsiftError as exc:
        return render(request, "alternative.html", 422, job=found, done=None, error=str(exc))
    return render(request, "alternative.html", job=found, done=done, error=None)


# -- reviewers -----------------------------------------------------------------------------


@router.get("/queues/requests")
def requests_page(request: Request, ctx: Ctx, who: Who, page: PageNo = 1) -> Response:
    _signed_in(request, who)
    rows, total = rights.requests_for(ctx, who, PAGE_SIZE, (page - 1) * PAGE_SIZE)
    return render(request, "requests.html", rows=rows, pager=_pager(request, page, total))


@router.post("/requests/{item_id}/resolve")
def request_resolve(
    request: Request,
    ctx: Ctx,
    who: Who,
    item_id: ItemId,
    resolution: Annotated[str, Form(max_length=4000)],
) -> Response:
    _signed_in(request, who)
    rights.resolve_request(ctx, who, item_id, resolution)
    return RedirectResponse("/queues/requests", status_code=303)


@router.post("/requests/{item_id}/link")
def request_link(
    request: Request,
    ctx: Ctx,
    who: Who,
    item_id: ItemId,
    application: Annotated[int, Form(ge=1, le=2**31 - 1)],
) -> Response:
    _signed_in(request, who)
    rights.link_request(ctx, who, item_id, application)
    return RedirectResponse("/queues/requests", status_code=303)


@router.get("/applications/{item_id}/explanation")
def explanation_page(
    request: Request,
    ctx: Ctx,
    who: Who,
    item_id: ItemId,
    format: Annotated[str, Query(pattern="^(html|pdf)$")] = "html",
) -> Response:
    _signed_in(request, who)
    letter = rights.explanation(ctx, who, item_id, pdf=format == "pdf")
    if isinstance(letter, bytes):
        headers = {"Content-Disposition": f'attachment; filename="explanation-{item_id}.pdf"'}
        return Response(letter, media_type="application/pdf", headers=headers)
    return HTMLResponse(letter)


@router.get("/queues/duplicates")
def duplicates_page(request: Request, ctx: Ctx, who: Who, page: PageNo = 1) -> Response:
    _signed_in(request, who)
    groups = rights.duplicates_for(ctx, who)  # computed from the candidates' contacts
    start = (page - 1) * PAGE_SIZE
    return render(
        request, "duplicates.html", groups=groups[start : start + PAGE_SIZE],
        pager=_pager(request, page, len(groups)),
    )  # fmt: skip


@router.post("/duplicates/merge")
def duplicates_merge(
    request: Request,
    ctx: Ctx,
    who: Who,
    primary: Annotated[str, Form(min_length=64, max_length=64)],
    duplicate: Annotated[str, Form(min_length=64, max_length=64)],
) -> Response:
    _signed_in(request, who)
    rights.merge(ctx, who, primary, duplicate)
    return RedirectResponse("/queues/duplicates", status_code=303)


# -- admins: access and erasure --------------------------------------------------------------


@router.get("/people")
def people_page(request: Request, who: Who) -> Response:
    _signed_in(request, who)
    return render(request, "people.html", done=None, error=None)


@router.post("/people/export")
def people_export(
    request: Request, ctx: Ctx, who: Who, person: Annotated[str, Form(max_length=100)]
) -> Response:
    _signed_in(request, who)
    try:
        data = rights.export(ctx, who, person)
    except FairsiftError as exc:
        return render(request, "people.html", 422, done=None, error=str(exc))
    headers = {"Content-Disposition": 'attachment; filename="fairsift-export.zip"'}
    return Response(data, media_type="application/zip", headers=headers)


@router.post("/people/erase")
def people_erase(
    request: Request,
    ctx: Ctx,
    who: Who,
    person: Annotated[str, Form(max_length=100)],
    confirm: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    _signed_in(request, who)
    try:
        lines = rights.erase(ctx, who, person, confirm)
    except FairsiftError as exc:
        return render(request, "people.html", 422, done=None, error=str(exc))
    return render(request, "people.html", done=lines, error=None)
