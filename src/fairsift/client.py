"""A typed client for the review service's REST API (httpx), so machines talking to fairsift
never hand-write requests.

    from fairsift.client import Client

    with Client("http://127.0.0.1:8000", token="fst_...") as fs:
        job = fs.create_job("posting.pdf")
        fs.upload_applications(job.sha256, ["a.pdf", "b.docx"])
        fs.wait_until_idle()
        for row in fs.iter_application_queue(job=job.sha256):
            print(row["rank"], row["candidate"], row["score"])

Every error the service answers raises `fairsift.errors.ApiError` with the problem's status,
code, detail and hint. Lists come back as `Page` (rows, total, the next page's offset);
`iter_*` follows the pages. A Client holds one connection pool: share it between threads, or
make one per process (a Ray driver or actor, say).
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, Self

import httpx

from fairsift.errors import ApiError

__all__ = ["Accepted", "Client", "Job", "Page", "QueuedReport"]

Role = Literal["admin", "reviewer", "auditor"]
ApplicationDecision = Literal["advance", "reject", "hold"]
ReportDecision = Literal["route", "escalate", "close", "malicious"]
Upload = str | Path | tuple[str, bytes]


@dataclass(frozen=True)
class Page:
    """One page of a list: its rows, how many rows all pages hold (None if the service does
    not say), and the offset of the next page (None on the last)."""

    rows: list[dict[str, Any]]
    total: int | None
    next_offset: int | None


@dataclass(frozen=True)
class Job:
    sha256: str
    title: str
    source: str
    requirements: list[dict[str, Any]]


@dataclass(frozen=True)
class Accepted:
    """A resume stored and queued; follow `item_id` with `ingest_item`."""

    item_id: int
    name: str
    sha256: str
    created: bool
    self_id_url: str


@dataclass(frozen=True)
class QueuedReport:
    report_id: int
    receipt: str
    item_id: int


def _raise_for_problem(response: httpx.Response) -> None:
    if response.status_code < 400:
        return
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict) and "detail" in body:
        raise ApiError(
            response.status_code,
            str(body.get("detail")),
            str(body.get("hint") or ""),
            str(body.get("code") or "") or None,
        )
    raise ApiError(
        response.status_code,
        f"HTTP {response.status_code} from {response.request.url.path}",
        "Check the service's address; this answer is not from fairsift",
    )


def _next_offset(response: httpx.Response, offset: int) -> int | None:
    link = response.links.get("next")
    if not link:
        return None
    query = httpx.URL(link["url"]).params
    return int(query.get("offset", offset))


def _page(response: httpx.Response, offset: int) -> Page:
    total = response.headers.get("x-total-count")
    return Page(response.json(), int(total) if total else None, _next_offset(response, offset))


def _file(upload: Upload) -> tuple[str, bytes]:
    if isinstance(upload, tuple):
        return upload
    path = Path(upload)
    return path.name, path.read_bytes()


def _params(**values: Any) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


def _queued(body: Mapping[str, Any]) -> QueuedReport:
    item = int(str(body["status_url"]).rsplit("/", 1)[-1])
    return QueuedReport(int(body["report_id"]), str(body["receipt"]), item)


class Client:
    """The API over one httpx connection pool. `token` is an API token (Bearer)."""

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        timeout: float = 60.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"), headers=headers, timeout=timeout, transport=transport
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def _call(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        response = self._http.request(method, path, **kwargs)
        _raise_for_problem(response)
        return response

    def _json(self, method: str, path: str, **kwargs: Any) -> Any:
        return self._call(method, path, **kwargs).json()

    # -- service and people -------------------------------------------------------------
    def health(self) -> dict[str, Any]:
        return dict(self._json("GET", "/api/health"))

    def me(self) -> dict[str, Any]:
        return dict(self._json("GET", "/api/me"))

    def create_token(self, label: str = "api") -> str:
        """A new token for the signed-in person (shown once)."""
        return str(self._json("POST", "/api/tokens", json={"label": label})["token"])

    def users(self) -> list[dict[str, Any]]:
        """Everyone, every page."""
        return list(self._iterate(self._listing("/api/users"), {}))

    def add_user(
        self, username: str, role: Role, password: str, queues: Sequence[str] = ()
    ) -> dict[str, Any]:
        body = {"username": username, "role": role, "password": password, "queues": list(queues)}
        return dict(self._json("POST", "/api/users", json=body))

    def remove_user(self, username: str) -> None:
        self._call("DELETE", f"/api/users/{username}")

    # -- jobs and applications ----------------------------------------------------------
    def jobs(self, archived: bool | None = None) -> list[dict[str, Any]]:
        """The jobs you review, every page (`archived` True: only archived, False: open)."""
        filters = _params(archived=None if archived is None else str(archived).lower())
        return list(self._iterate(self._listing("/api/jobs"), filters))

    def create_job(self, posting: Upload) -> Job:
        """A job from a posting (PDF, DOCX, TXT, MD, HTML) or a TOML spec."""
        body = self._json("POST", "/api/jobs", files={"file": _file(posting)})
        return Job(body["sha256"], body["title"], body["source"], list(body["requirements"]))

    def job(self, sha256: str) -> dict[str, Any]:
        return dict(self._json("GET", f"/api/jobs/{sha256}"))

    def upload_applications(self, job: str, resumes: Sequence[Upload]) -> list[Accepted]:
        """Store and queue resumes for screening against `job` (at most 500 per call)."""
        files = [("files", _file(r)) for r in resumes]
        body = self._json("POST", f"/api/jobs/{job}/applications", files=files)
        return [
            Accepted(
                int(a["item_id"]), a["name"], a["sha256"], bool(a["created"]), a["self_id_url"]
            )
            for a in body["accepted"]
        ]

    def ingest_counts(self) -> dict[str, int]:
        return dict(self._json("GET", "/api/ingest"))

    def ingest_item(self, item_id: int) -> dict[str, Any]:
        return dict(self._json("GET", f"/api/ingest/{item_id}"))

    def wait_until_idle(self, timeout: float = 600.0, every: float = 0.5) -> dict[str, int]:
        """Wait until nothing is pending or running in the ingest queue; its counts."""
        deadline = time.monotonic() + timeout
        while True:
            counts = self.ingest_counts()
            if counts.get("pending", 0) + counts.get("running", 0) == 0:
                return counts
            if time.monotonic() > deadline:
                raise TimeoutError(f"the ingest queue is still busy after {timeout:g} s: {counts}")
            time.sleep(every)

    def application_queue(
        self,
        job: str | None = None,
        q: str | None = None,
        decision: Literal["none", "advance", "reject", "hold"] | None = None,
        finding: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> Page:
        params = _params(job=job, q=q, decision=decision, finding=finding)
        response = self._call(
            "GET", "/api/queues/applications", params={**params, "limit": limit, "offset": offset}
        )
        return _page(response, offset)

    def iter_application_queue(self, **filters: Any) -> Iterator[dict[str, Any]]:
        yield from self._iterate(self.application_queue, filters)

    def application(
        self, item_id: int, view: Literal["blind", "original"] = "blind"
    ) -> dict[str, Any]:
        return dict(self._json("GET", f"/api/applications/{item_id}", params={"view": view}))

    def decide_application(
        self, item_id: int, decision: ApplicationDecision, reason: str
    ) -> dict[str, Any]:
        body = {"decision": decision, "reason": reason}
        return dict(self._json("POST", f"/api/applications/{item_id}/decisions", json=body))

    # -- reports ------------------------------------------------------------------------
    def submit_report(
        self, text: str, contact: str | None = None, idempotency_key: str | None = None
    ) -> QueuedReport:
        """Store and queue a report; resending with the same `idempotency_key` is safe."""
        body = _params(text=text, contact=contact, idempotency_key=idempotency_key)
        return _queued(self._json("POST", "/api/reports", json=body))

    def submit_report_file(self, report: Upload, contact: str | None = None) -> QueuedReport:
        """A report from a UTF-8 text file."""
        data = _params(contact=contact)
        body = self._json("POST", "/api/reports/upload", data=data, files={"file": _file(report)})
        return _queued(body)

    def report_queue(
        self,
        language: str | None = None,
        category: str | None = None,
        urgency: Literal["critical", "high", "normal", "low"] | None = None,
        status: str | None = None,
        q: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> Page:
        params = _params(language=language, category=category, urgency=urgency, status=status, q=q)
        response = self._call(
            "GET", "/api/queues/reports", params={**params, "limit": limit, "offset": offset}
        )
        return _page(response, offset)

    def iter_report_queue(self, **filters: Any) -> Iterator[dict[str, Any]]:
        yield from self._iterate(self.report_queue, filters)

    def report(
        self, report_id: int, view: Literal["masked", "original"] = "masked"
    ) -> dict[str, Any]:
        return dict(self._json("GET", f"/api/reports/{report_id}", params={"view": view}))

    def decide_report(
        self, report_id: int, decision: ReportDecision, reason: str
    ) -> dict[str, Any]:
        body = {"decision": decision, "reason": reason}
        return dict(self._json("POST", f"/api/reports/{report_id}/decisions", json=body))

    def receipt_status(self, code: str) -> dict[str, Any]:
        return dict(self._json("POST", "/api/receipts/status", json={"code": code}))

    def add_to_report(self, code: str, text: str) -> dict[str, Any]:
        body = {"code": code, "text": text}
        return dict(self._json("POST", "/api/receipts/additions", json=body))

    # -- exports and oversight ----------------------------------------------------------
    def export_applications(self, job: str, format: Literal["csv", "jsonl"] = "csv") -> str:
        params = {"job": job, "format": format}
        return self._call("GET", "/api/exports/applications", params=params).text

    def export_reports(self, format: Literal["csv", "jsonl"] = "csv") -> str:
        return self._call("GET", "/api/exports/reports", params={"format": format}).text

    def audit(self, limit: int = 100, offset: int = 0) -> Page:
        response = self._call("GET", "/api/audit", params={"limit": limit, "offset": offset})
        return _page(response, offset)

    def audit_verify(self) -> dict[str, Any]:
        return dict(self._json("GET", "/api/audit/verify"))

    def stats(self) -> dict[str, Any]:
        return dict(self._json("GET", "/api/stats"))

    def put_demographic(
        self, candidate_sha256: str, sex: str | None = None, race_ethnicity: str | None = None
    ) -> None:
        body = _params(candidate_sha256=candidate_sha256, sex=sex, race_ethnicity=race_ethnicity)
        self._call("POST", "/api/demographics", json=body)

    def demographics_aggregate(self) -> dict[str, Any]:
        return dict(self._json("GET", "/api/demographics/aggregate"))

    # -- paging -------------------------------------------------------------------------
    def _listing(self, path: str) -> Any:
        """A page fetcher for a plain list path (limit/offset, X-Total-Count, Link)."""

        def fetch(offset: int = 0, limit: int = 1000, **params: Any) -> Page:
            response = self._call("GET", path, params={**params, "limit": limit, "offset": offset})
            return _page(response, offset)

        return fetch

    def _iterate(self, fetch: Any, filters: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
        offset: int | None = int(filters.get("offset", 0))
        rest = {k: v for k, v in filters.items() if k != "offset"}
        while offset is not None:
            page: Page = fetch(**rest, offset=offset)
            yield from page.rows
            offset = page.next_offset
