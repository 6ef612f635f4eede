"""Every role against every endpoint, from one table: anonymous visitors, reviewers of
applications, reviewers of reports, auditors and admins. Reviewers never read demographics;
auditors never read report texts or candidate identities; anonymous visitors only reach the
public form, receipts and self-identification."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from fairsift.service.settings import ServiceSettings
from fairsift.service.testing import PASSWORD, ServerThread, create_job, seed_people, wait_for
from fairsift.store.testing import BACKENDS, PG_UNSET, PG_URL_ENV, temporary_database

ROOT = Path(__file__).resolve().parents[1]
JOB = ROOT / "examples" / "jobs" / "data-scientist.md"
RESUME = ROOT / "examples" / "resumes" / "dev-kalimbeck.txt"
REPORT_TEXT = "Sekou! Gen moun anba dekonb lekol la nan Petyonvil"
ROLES = ("anonymous", "rev-apps", "rev-reports", "auditor", "admin")
ALL = frozenset(ROLES)
SIGNED_IN = ALL - {"anonymous"}
ADMIN = frozenset({"admin"})
APPS = frozenset({"admin", "rev-apps"})
REPORTS = frozenset({"admin", "rev-reports"})
OVERSIGHT = frozenset({"admin", "auditor"})
STAFF = frozenset({"admin", "rev-apps", "rev-reports"})


@dataclass
class World:
    url: str
    tokens: dict[str, str]
    job: str
    application: int
    application_item: int
    report: int
    receipt: str
    self_id: str


@pytest.fixture(scope="module", params=BACKENDS)
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    if request.param == "postgresql" and not os.environ.get(PG_URL_ENV):
        pytest.skip(PG_UNSET)
    folder = tmp_path_factory.mktemp(f"perm-{request.param}")
    with temporary_database(request.param, folder) as db:
        tokens = seed_people(db)
        settings = ServiceSettings(
            db=db, data_dir=folder / "data", pow_bits=0, receipt_per_hour=1000
        )
        with (
            ServerThread(settings) as server,
            httpx.Client(
                base_url=server.url,
                headers={"Authorization": f"Bearer {tokens['admin']}"},
                timeout=60,
            ) as admin,
        ):
            job = create_job(admin, JOB)
            upload = admin.post(
                f"/api/jobs/{job['sha256']}/applications",
                files=[("files", (RESUME.name, RESUME.read_bytes()))],
            ).json()["accepted"][0]
            done = wait_for(
                lambda: (s := admin.get(upload["status_url"]).json())["status"] == "done" and s
            )
            report = admin.post("/api/reports", json={"text": REPORT_TEXT}).json()
            wait_for(lambda: admin.get(report["status_url"]).json()["status"] == "done")
            yield World(
                url=server.url,
                tokens=tokens,
                job=job["sha256"],
                application=int(done["result_url"].rsplit("/", 1)[1]),
                application_item=upload["item_id"],
                report=report["report_id"],
                receipt=report["receipt"],
                self_id=upload["self_id_url"],
            )


@dataclass(frozen=True)
class Case:
    method: str
    path: str
    allowed: frozenset[str]
    json: dict[str, object] | None = None
    files: bool = False
    page: bool = False


def cases(w: World) -> list[Case]:
    _, candidate, code = w.self_id.strip("/").split("/")
    decision = {"decision": "hold", "reason": "permission test"}
    report_decision = {"decision": "route", "reason": "permission test"}
    return [
        Case("GET", "/api/health", ALL),
        Case("GET", "/api/me", SIGNED_IN),
        Case("POST", "/api/session", ALL, json={"username": "auditor", "password": PASSWORD}),
        Case("DELETE", "/api/session", SIGNED_IN),
        Case("POST", "/api/tokens", SIGNED_IN, json={"label": "perm"}),
        Case("GET", "/api/users", ADMIN),
        Case(
            "POST", "/api/users", ADMIN, json={"username": "x", "role": "auditor", "password": "p"}
        ),
        Case("DELETE", "/api/users/nobody", ADMIN),
        Case("PATCH", "/api/users/nobody", ADMIN, json={"role": "auditor", "queues": []}),
        Case("POST", "/api/users/nobody/reactivate", ADMIN),
        Case("GET", "/api/jobs", APPS),
        Case("POST", "/api/jobs", ADMIN, files=True),
        Case("GET", f"/api/jobs/{w.job}", APPS),
        Case("POST", f"/api/jobs/{w.job}/applications", APPS, files=True),
        Case("GET", "/api/ingest", SIGNED_IN),
        Case("GET", f"/api/ingest/{w.application_item}", APPS),
        Case("GET", "/api/queues/applications", APPS),
        Case("GET", f"/api/applications/{w.application}", APPS),
        Case("POST", f"/api/applications/{w.application}/decisions", APPS, json=decision),
        Case("POST", "/api/reports", REPORTS, json={"text": "permission test report"}),
        Case("POST", "/api/reports/upload", REPORTS),
        Case("GET", "/api/queues/reports", REPORTS),
        Case("GET", f"/api/reports/{w.report}", REPORTS),
        Case("POST", f"/api/reports/{w.report}/decisions", REPORTS, json=report_decision),
        Case("POST", "/api/receipts/status", ALL, json={"code": w.receipt}),
        Case("POST", "/api/receipts/additions", ALL, json={"code": w.receipt, "text": "more"}),
        Case("GET", f"/api/exports/applications?job={w.job}", APPS),
        Case("GET", "/api/exports/reports", REPORTS),
        Case("GET", "/api/audit", OVERSIGHT),
        Case("GET", "/api/audit/verify", OVERSIGHT),
        Case("GET", "/api/audit/1/items", OVERSIGHT),
        Case("GET", "/api/stats", OVERSIGHT),
        Case(
            "POST",
            "/api/self-id",
            ALL,
            json={"candidate": candidate, "code": code, "sex": "Female"},
        ),
        Case(
            "POST", "/api/demographics", ADMIN, json={"candidate_sha256": "0" * 64, "sex": "Male"}
        ),
        Case("GET", "/api/demographics/aggregate", OVERSIGHT),
        Case("GET", "/jobs", APPS, page=True),
        Case("GET", f"/jobs/{w.job}", APPS, page=True),
        Case("GET", "/queues/applications", APPS, page=True),
        Case("GET", f"/applications/{w.application}", APPS, page=True),
        Case("GET", "/queues/reports", REPORTS, page=True),
        Case("GET", f"/reports/{w.report}", REPORTS, page=True),
        Case("GET", "/oversight", OVERSIGHT, page=True),
        Case("GET", "/users", ADMIN, page=True),
        Case("GET", "/jobs?archived=1", APPS, page=True),
        Case("GET", "/exports/category-corrections.csv?corrected=1", REPORTS, page=True),
        Case("GET", "/account", SIGNED_IN, page=True),
        Case("GET", "/report", ALL, page=True),
        Case("GET", "/report/receipt", ALL, page=True),
        Case("GET", "/login", ALL, page=True),
        Case("GET", "/docs", ALL, page=True),
        Case("GET", w.self_id, ALL, page=True),
    ]


def client(w: World, role: str) -> httpx.Client:
    headers = {} if role == "anonymous" else {"Authorization": f"Bearer {w.tokens[role]}"}
    return httpx.Client(base_url=w.url, headers=headers, timeout=60)


def call(client: httpx.Client, case: Case) -> httpx.Response:
    client.cookies.clear()  # a sign-in case must not sign in the later anonymous calls
    if case.page:
        return client.get(case.path, headers={"accept": "text/html"})
    if case.files and "applications" in case.path:
        return client.post(case.path, files=[("files", (RESUME.name, RESUME.read_bytes()))])
    if case.files:
        return client.post(case.path, files={"file": (JOB.name, JOB.read_bytes())})
    if case.path == "/api/reports/upload":
        return client.post(case.path, data={"text": "permission multipart"})
    return client.request(case.method, case.path, json=case.json)


def test_every_role_against_every_endpoint(world: World) -> None:
    table = cases(world)
    documented = {
        (m.upper(), p)
        for p, ops in httpx.get(f"{world.url}/openapi.json").json()["paths"].items()
        for m in ops
    }
    covered = {(c.method, c.path.split("?")[0]) for c in table if not c.page}
    templated = {
        (m, p.replace(world.job, "{sha256}")
         .replace(f"/applications/{world.application}", "/applications/{item_id}")
         .replace(f"/ingest/{world.application_item}", "/ingest/{item_id}")
         .replace(f"/reports/{world.report}", "/reports/{report_id}")
         .replace("/users/nobody", "/users/{username}")
         .replace("/audit/1/items", "/audit/{entry_id}/items"))
        for m, p in covered
    }  # fmt: skip
    assert documented == templated, "every documented endpoint must be in the table"
    wrong = []
    clients = {role: client(world, role) for role in ROLES}
    for case in table:
        for role in ROLES:
            response = call(clients[role], case)
            status = response.status_code
            if role in case.allowed:
                ok = status < 400 or status in (404, 409, 422)  # let in, maybe bad input
                ok = ok and not (case.page and status == 303)
            elif role == "anonymous":
                ok = status == 401 or (
                    case.page and status == 303 and "/login" in response.headers["location"]
                )
            else:
                ok = status == 403
            if not ok:
                wrong.append(f"{role:12} {case.method} {case.path} -> {status}")
    for each in clients.values():
        each.close()
    assert not wrong, "\n".join(wrong)


def test_reviewers_never_read_demographics(world: World) -> None:
    for role in ("rev-apps", "rev-reports"):
        headers = {"Authorization": f"Bearer {world.tokens[role]}"}
        response = httpx.get(f"{world.url}/api/demographics/aggregate", headers=headers)
        assert response.status_code == 403
    headers = {"Authorization": f"Bearer {world.tokens['rev-apps']}"}
    item = httpx.get(f"{world.url}/api/applications/{world.application}", headers=headers).json()
    assert "Female" not in json.dumps(item) and "sex" not in item


def test_auditors_see_figures_but_no_texts_or_identities(world: World) -> None:
    headers = {"Authorization": f"Bearer {world.tokens['auditor']}"}
    seen = ""
    for path in ("/api/audit?limit=1000", "/api/stats", "/api/demographics/aggregate"):
        response = httpx.get(f"{world.url}{path}", headers=headers)
        assert response.status_code == 200
        seen += response.text
    page = httpx.get(f"{world.url}/oversight?verify=1", headers=headers)
    seen += page.text
    assert "verifies" in page.text
    for secret in ("dekonb", "Petyonvil", "kalimbeck", "Kalimbeck", RESUME.read_text()[:40]):
        assert secret not in seen
