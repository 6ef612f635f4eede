"""The REST API on a real uvicorn server (SQLite file, and PostgreSQL when
FAIRSIFT_TEST_PG_URL is set): jobs, uploads screened off the request thread, queues, items
with evidence, decisions, reports with receipts, exports, and one problem-JSON error shape."""

from __future__ import annotations

import csv
import io
import json
import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from fairsift.client import Client
from fairsift.service.settings import ServiceSettings
from fairsift.service.testing import PASSWORD, ServerThread, seed_people, wait_for
from fairsift.store.bulk import NewAssessment
from fairsift.store.testing import BACKENDS, PG_UNSET, PG_URL_ENV, temporary_database

ROOT = Path(__file__).resolve().parents[1]
JOB = ROOT / "examples" / "jobs" / "data-scientist.md"
RESUMES = [
    ROOT / "examples" / "resumes" / name
    for name in ("anika-sorrentel.pdf", "dev-kalimbeck.txt", "farah-brightlow.docx")
]
PROBLEM_KEYS = {"type", "title", "status", "detail", "hint", "code"}


@dataclass
class Service:
    url: str
    db: str
    tokens: dict[str, str]
    job: str
    server: ServerThread

    def client(self, who: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.tokens[who]}"} if who else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=60)


@pytest.fixture(scope="module", params=BACKENDS)
def service(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Service]:
    if request.param == "postgresql" and not os.environ.get(PG_URL_ENV):
        pytest.skip(PG_UNSET)
    folder = tmp_path_factory.mktemp(f"service-{request.param}")
    with temporary_database(request.param, folder) as db:
        tokens = seed_people(db)
        settings = ServiceSettings(db=db, data_dir=folder / "data", pow_bits=0)
        with ServerThread(settings) as server, Client(server.url, tokens["admin"]) as admin:
            job = admin.create_job(JOB).sha256
            accepted = admin.upload_applications(job, RESUMES)
            for item in accepted:
                wait_for(lambda item=item: admin.ingest_item(item.item_id)["status"] == "done")
            yield Service(server.url, db, tokens, job, server)


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert set(body) >= PROBLEM_KEYS
    assert body["status"] == status
    assert body["detail"] and body["hint"]
    assert "Traceback" not in response.text
    return body


def test_uploads_are_screened_and_ranked_in_the_job_queue(service: Service) -> None:
    with service.client("rev-apps") as client:
        rows = client.get("/api/queues/applications", params={"job": service.job}).json()
    assert len(rows) == 3
    scores = [r["score"] for r in rows]
    assert scores == sorted(scores, reverse=True)
    assert [r["rank"] for r in rows] == [1, 2, 3]
    # Blind review: reviewers see pseudonyms, never file names (which carry names).
    assert all(r["candidate"].startswith("Candidate ") for r in rows)
    assert not any("sorrentel" in json.dumps(r) for r in rows)
    with service.client("admin") as client:
        names = {r["candidate"] for r in client.get("/api/queues/applications").json()}
    assert names == {p.name for p in RESUMES}


def test_item_evidence_quotes_the_blind_text_it_is_shown_in(service: Service) -> None:
    with service.client("rev-apps") as client:
        top = client.get("/api/queues/applications", params={"job": service.job}).json()[0]
        item = client.get(f"/api/applications/{top['id']}").json()
        original = client.get(f"/api/applications/{top['id']}", params={"view": "original"})
    assert item["text_view"] == "blind"
    assert "This is the AI's recommendation" in item["recommendation_note"]
    assert "Sorrentel" not in item["text"]
    quoted = 0
    for requirement in item["requirements"]:
        for ev in requirement["evidence"]:
            assert item["text"][ev["start"] : ev["end"]] == ev["quote"]
            quoted += 1
    assert quoted >= 5
    # Asking for the original does not lift blind review for a reviewer.
    assert original.json()["text_view"] == "blind"
    with service.client("admin") as client:
        admin_view = client.get(f"/api/applications/{top['id']}", params={"view": "original"})
    # revealing needs a reason: refused as not allowed (403), since the document cannot
    # state a rule between two query parameters and 422 would break it
    assert "needs a reason" in assert_problem(admin_view, 403)["detail"]
    with service.client("admin") as client:
        admin_view = client.get(
            f"/api/applications/{top['id']}",
            params={"view": "original", "reason": "checking a reference the candidate named"},
        )
    assert admin_view.json()["text_view"] == "original"
    assert "Sorrentel" in admin_view.json()["text"]


def test_a_decision_needs_a_valid_choice_and_a_reason(service: Service) -> None:
    with service.client("rev-apps") as client:
        top = client.get("/api/queues/applications").json()[0]
        url = f"/api/applications/{top['id']}/decisions"
        empty = client.post(url, json={"decision": "advance", "reason": "   "})
        wrong = client.post(url, json={"decision": "route", "reason": "fits"})
        done = client.post(url, json={"decision": "advance", "reason": "Python and SQL evidence"})
        item = client.get(f"/api/applications/{top['id']}").json()
    assert "reason" in assert_problem(empty, 422)["detail"]
    assert "advance, reject, hold" in assert_problem(wrong, 422)["hint"]
    assert done.status_code == 201
    assert item["decisions"][-1]["decision"] == "advance"
    assert item["decisions"][-1]["actor"] == "rev-apps"
    assert item["decisions"][-1]["reason"] == "Python and SQL evidence"


def test_reports_are_queued_triaged_and_keep_the_original_beside_english(service: Service) -> None:
    text = "Hay personas atrapadas bajo los escombros en la calle 5, necesitamos ayuda urgente"
    with service.client("rev-reports") as client:
        sent = client.post("/api/reports", json={"text": text, "contact": "+509 555 0100"})
        assert sent.status_code == 202, sent.text
        body = sent.json()
        done = wait_for(lambda: client.get(body["status_url"]).json()["status"] == "done")
        report = client.get(f"/api/reports/{body['report_id']}").json()
        queue = client.get("/api/queues/reports").json()
    assert done
    assert report["text"] == text
    assert report["language"] == "es"
    assert report["text_en"] and "trapped" in report["text_en"]
    assert "+509" not in json.dumps(report)  # the contact is stored apart, never shown
    assert any(row["id"] == body["report_id"] for row in queue)
    assert body["receipt"] and len(body["receipt"]) >= 16


def test_multipart_reports_and_idempotent_resends(service: Service) -> None:
    with service.client("rev-reports") as client:
        form = client.post("/api/reports/upload", data={"text": "Water is out in Delmas 33"})
        empty = client.post("/api/reports/upload", data={"text": "  "})
    with Client(service.url, service.tokens["rev-reports"]) as api:
        upload = api.submit_report_file(("sms.txt", b"Pa gen dlo nan Delmas"))
        first = api.submit_report("same", idempotency_key="k-1")
        again = api.submit_report("same", idempotency_key="k-1")
    assert form.status_code == 202 and upload.report_id > 0
    assert first.report_id == again.report_id
    assert_problem(empty, 422)


def test_receipts_let_a_reporter_add_information_without_signing_in(service: Service) -> None:
    with service.client("rev-reports") as client:
        sent = client.post("/api/reports", json={"text": "Bridge on route 2 collapsed"}).json()
    with service.client() as anonymous:
        status = anonymous.post("/api/receipts/status", json={"code": sent["receipt"]})
        added = anonymous.post(
            "/api/receipts/additions", json={"code": sent["receipt"], "text": "Two cars fell"}
        )
        wrong = anonymous.post("/api/receipts/status", json={"code": "not-a-code"})
    assert status.json()["status"] in ("received", "in_review")
    assert added.status_code == 201
    assert_problem(wrong, 404)
    with service.client("rev-reports") as client:
        report = client.get(f"/api/reports/{sent['report_id']}").json()
    assert [a["text"] for a in report["additions"]] == ["Two cars fell"]


def test_exports_are_audited_and_blind_for_reviewers(service: Service) -> None:
    with service.client("rev-apps") as client:
        exported = client.get(
            "/api/exports/applications", params={"job": service.job, "format": "csv"}
        )
        lines = client.get(
            "/api/exports/applications", params={"job": service.job, "format": "jsonl"}
        ).text.splitlines()
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert len(rows) == len(lines) == 3
    assert all(r["candidate"].startswith("Candidate ") for r in rows)
    with service.client("auditor") as client:
        log = client.get("/api/audit", params={"limit": 1000}).json()
        verified = client.get("/api/audit/verify").json()
    exports = [e for e in log if e["event"] == "export" and e["actor"] == "rev-apps"]
    assert {e["payload"]["format"] for e in exports} == {"csv", "jsonl"}
    assert verified == {"ok": True, "problems": []}


def test_the_audit_log_filters_by_event_and_lists_a_batch_entrys_items(service: Service) -> None:
    # a bulk write of three assessments, as `fairsift triage --db` makes: one batch entry
    made = [
        NewAssessment("triage", None, f"{n:064x}", f"tip-{n}", "c" * 64, {"n": n}, {"model": "t"})
        for n in range(3)
    ]
    service.server.ctx.store.put_assessments(made)
    with service.client("auditor") as client:
        log = client.get("/api/audit", params={"limit": 1000}).json()
        events = {e["event"] for e in log}
        assert {"batch", "assessment", "user_add"} <= events, events
        for event in sorted(events):
            got = client.get("/api/audit", params={"event": event, "limit": 1000})
            assert [e["id"] for e in got.json()] == [e["id"] for e in log if e["event"] == event]
            assert got.headers["x-total-count"] == str(len(got.json()))
        batch = next(e for e in log if e["event"] == "batch")
        items = client.get(f"/api/audit/{batch['id']}/items", params={"limit": 1000})
        none = client.get(f"/api/audit/{next(e for e in log if e['event'] != 'batch')['id']}/items")
        assert_problem(client.get("/api/audit/99999999/items"), 404)
        assert_problem(client.get("/api/audit", params={"event": "Bad Event!"}), 422)
    assert [i["hash"] for i in items.json()] == batch["payload"]["leaves"]
    assert [i["payload"]["item_sha256"] for i in items.json()] == [m.item_sha256 for m in made]
    assert items.headers["x-total-count"] == str(len(batch["payload"]["leaves"]))
    assert all(i["entry_id"] == batch["id"] for i in items.json())
    assert none.status_code == 200 and none.json() == []
    with service.client("rev-reports") as reviewer:  # auditors and admins only
        assert_problem(reviewer.get(f"/api/audit/{batch['id']}/items"), 403)


def test_every_error_is_problem_json_without_a_trace(service: Service) -> None:
    with service.client("admin") as client:
        assert_problem(client.get("/api/nowhere"), 404)
        assert_problem(client.delete("/api/jobs"), 405)
        assert_problem(client.get("/api/applications/999999"), 404)
        assert_problem(client.get("/api/applications/not-a-number"), 422)
        assert_problem(client.post("/api/reports", json={"txt": "typo"}), 422)
        assert_problem(
            client.post(
                "/api/reports", content=b"{not json", headers={"content-type": "application/json"}
            ),
            422,
        )
        bad_file = client.post("/api/jobs", files={"file": ("job.exe", b"MZ\x90\x00")})
        assert assert_problem(bad_file, 415)["code"] == "F101"
    with service.client() as anonymous:
        assert_problem(anonymous.get("/api/queues/reports"), 401)
        bad_token = anonymous.get("/api/me", headers={"Authorization": "Bearer nope"})
        assert_problem(bad_token, 401)


def test_sessions_need_csrf_tokens_and_lock_after_five_failures(service: Service) -> None:
    with httpx.Client(base_url=service.url) as browser:
        signed_in = browser.post(
            "/api/session", json={"username": "rev-reports", "password": PASSWORD}
        )
        assert signed_in.status_code == 200
        cookie = signed_in.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie
        csrf = signed_in.json()["csrf_token"]
        without = browser.post("/api/reports", json={"text": "no token"})
        assert "security token" in assert_problem(without, 403)["detail"]
        with_token = browser.post(
            "/api/reports", json={"text": "with token"}, headers={"X-CSRF-Token": csrf}
        )
        assert with_token.status_code == 202
        out = browser.delete("/api/session", headers={"X-CSRF-Token": csrf})
        assert out.status_code == 204
        assert_problem(browser.get("/api/me"), 401)
    with httpx.Client(base_url=service.url) as attacker:
        for attempt in range(5):
            wrong = attacker.post(
                "/api/session", json={"username": "auditor", "password": "wrong password!"}
            )
            assert_problem(wrong, 403 if attempt == 4 else 401)  # the fifth one locks
        locked = attacker.post("/api/session", json={"username": "auditor", "password": PASSWORD})
        assert "locked" in assert_problem(locked, 403)["detail"]


def test_security_headers_on_every_response(service: Service) -> None:
    with service.client() as client:
        for path in ("/report", "/api/health", "/api/nowhere"):
            response = client.get(path)
            policy = response.headers["content-security-policy"]
            assert "default-src 'none'" in policy and "script-src 'nonce-" in policy
            assert "unsafe-inline" not in policy
            assert response.headers["x-content-type-options"] == "nosniff"
            assert response.headers["x-frame-options"] == "DENY"


def test_first_run_says_how_to_create_the_first_admin(tmp_path: Path) -> None:
    settings = ServiceSettings(
        db=str(tmp_path / "empty.db"), data_dir=tmp_path / "data", worker=False
    )
    with ServerThread(settings) as server, httpx.Client(base_url=server.url) as client:
        health = client.get("/api/health").json()
        login = client.post("/api/session", json={"username": "x", "password": "y"})
        page = client.get("/", headers={"accept": "text/html"})
    assert health["first_run"] is True
    assert "fairsift user add --role admin" in health["hint"]
    assert "fairsift user add --role admin" in assert_problem(login, 409)["hint"]
    assert "fairsift user add --role admin" in page.text


def raw_request(url: str, head: str) -> tuple[int, str]:
    """Send request headers (no body) over a plain socket; the status and body back."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(head.encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    status = int(data.split(b" ", 2)[1])
    return status, data.split(b"\r\n\r\n", 1)[1].decode()


def test_oversized_or_unbounded_bodies_are_refused_before_reading(service: Service) -> None:
    token = service.tokens["admin"]
    huge = (
        f"POST /api/reports HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n"
        "Content-Type: application/json\r\nContent-Length: 900000000000\r\n"
        "Connection: close\r\n\r\n"
    )
    status, body = raw_request(service.url, huge)
    assert status == 413 and json.loads(body)["hint"]
    chunked = huge.replace("Content-Length: 900000000000", "Transfer-Encoding: chunked")
    status, body = raw_request(service.url, chunked)
    assert status == 411 and json.loads(body)["hint"]


def _triaged(client: httpx.Client, text: str) -> dict[str, Any]:
    sent = client.post("/api/reports", json={"text": text})
    assert sent.status_code == 202, sent.text
    body = sent.json()
    wait_for(lambda: client.get(body["status_url"]).json()["status"] == "done")
    report: dict[str, Any] = client.get(f"/api/reports/{body['report_id']}").json()
    return report


def test_reports_get_the_triage_pipeline_with_categories_and_urgency(service: Service) -> None:
    with service.client("rev-reports") as client:
        report = _triaged(client, "Gen moun ki bloke anba dekonb lekòl la, nou bezwen èd kounye a")
    assert report["provenance"]["pipeline"] == "triage/1"
    assert report["categories"] and all(0 <= c["confidence"] <= 1 for c in report["categories"])
    assert report["urgency"]["level"] in ("critical", "high", "normal", "low")
    assert report["urgency"]["reason"]
    assert report["language"] == "ht"


def test_a_report_resent_later_points_to_the_first_one(service: Service) -> None:
    text = "The bridge at Carrefour Feuilles collapsed and a truck is in the river"
    with service.client("rev-reports") as client:
        first = _triaged(client, text)
        again = _triaged(client, text + " !!")
    assert first["duplicate_of"] is None
    assert again["duplicate_of"] == str(first["id"])
    assert any(f["kind"] == "duplicate" for f in again["findings"])


def test_contact_details_in_a_report_are_masked_for_reviewers(service: Service) -> None:
    text = "Please call Marie Joseph on +509 3456 7890 or marie@example.org, the roof fell"
    with service.client("rev-reports") as client:
        report = _triaged(client, text)
        original = client.get(f"/api/reports/{report['id']}", params={"view": "original"})
    assert "3456 7890" not in report["text"] and "marie@example.org" not in report["text"]
    assert "the roof fell" in report["text"]
    assert original.json()["text_view"] == "masked"  # reviewers cannot unmask
    with service.client("admin") as client:
        unmasked = client.get(f"/api/reports/{report['id']}", params={"view": "original"})
    assert unmasked.json()["text"] == text


def test_postings_are_read_in_the_background_and_file_types_are_declared(
    service: Service,
) -> None:
    """Valid by the document means accepted: a posting is stored and read off the request
    (its status URL says what became of it), and a file part's declared media type, one the
    document lists, says how it is read; only a name and type fairsift cannot read are 415."""
    document = httpx.get(f"{service.url}/openapi.json").json()
    jobs = document["paths"]["/api/jobs"]["post"]
    types = jobs["requestBody"]["content"]["multipart/form-data"]["encoding"]["file"]
    assert "application/pdf" in types["contentType"] and "application/toml" in types["contentType"]
    assert "202" in jobs["responses"] and "415" in jobs["responses"]
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
    with service.client("admin") as client:
        good = client.post("/api/jobs", files={"file": (JOB.name, JOB.read_bytes())})
        assert good.status_code == 202, good.text
        done = wait_for(lambda: (s := client.get(good.json()["status_url"]).json())["status"]
                        in ("done", "failed") and s)  # fmt: skip
        assert done["status"] == "done" and done["result_url"] == f"/api/jobs/{service.job}"
        # an image sent as Markdown, as a client may claim: accepted, then fails, saying why
        claimed = client.post("/api/jobs", files={"file": ("file.png", png, "text/markdown")})
        assert claimed.status_code == 202 and claimed.json()["name"] == "file.png.md"
        failed = wait_for(lambda: (s := client.get(claimed.json()["status_url"]).json())["status"]
                          in ("done", "failed") and s)  # fmt: skip
        assert failed["status"] == "failed" and failed["error"]
        assert failed["result_url"] is None
        refused = client.post("/api/jobs", files={"file": ("file.png", png, "image/png")})
        assert_problem(refused, 415)
        resumes = client.post(
            f"/api/jobs/{service.job}/applications",
            files=[
                ("files", ("files", png, "text/plain")),
                ("files", ("cv.gif", png, "image/gif")),
            ],
        )
        assert_problem(resumes, 415)  # one file fairsift cannot read: the batch is refused
        typed = client.post(
            f"/api/jobs/{service.job}/applications", files=[("files", ("files", png, "text/plain"))]
        )
        assert typed.status_code == 202 and typed.json()["accepted"][0]["name"] == "files.txt"
