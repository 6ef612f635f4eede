"""The API as a contract, on real servers: schemathesis 4 (its CLI, every default check) runs
every operation, DELETE included, with stateful links, against `python -m fairsift.service`
on SQLite and on PostgreSQL, and must find nothing. Bounded: a fixed number of examples per
operation and a fixed seed (printed; set FAIRSIFT_FUZZ_SEED to replay another). It runs in
an empty folder, with no schemathesis configuration: the document alone must be enough.

Beside it, the parts of the contract a fuzzer does not prove: the document states the rules
the code enforces; a request that needs sign-in answers 401 before its body is read; a body
over the limit answers 413 without being held; 405 lists every method of the path; routes
cannot shadow each other; /docs works without any network."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from fairsift.service.settings import ServiceSettings
from fairsift.service.testing import ServerProcess, ServerThread, seed_people
from fairsift.store.testing import BACKENDS, PG_UNSET, PG_URL_ENV, temporary_database

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = int(os.environ.get("FAIRSIFT_FUZZ_EXAMPLES", "8"))
SEED = int(os.environ.get("FAIRSIFT_FUZZ_SEED", "20261205"))


def _st() -> str:
    found = shutil.which("st", path=str(Path(sys.executable).parent)) or shutil.which("st")
    if found is None:
        pytest.skip("the schemathesis CLI (st) is not installed")
    return found


@pytest.mark.parametrize("backend", BACKENDS)
def test_schemathesis_finds_nothing_in_any_operation(backend: str, tmp_path: Path) -> None:
    if backend == "postgresql" and not os.environ.get(PG_URL_ENV):
        pytest.skip(PG_UNSET)
    with temporary_database(backend, tmp_path) as db:
        token = seed_people(db)["admin"]
        server = ServerProcess(db, tmp_path / "data", tmp_path / "server.log", pow_bits=0)
        server.start()
        try:
            command = [
                _st(), "run", f"{server.url}/openapi.json",
                "-H", f"Authorization: Bearer {token}",
                "-n", str(EXAMPLES), "--seed", str(SEED),
                "--phases", "examples,coverage,fuzzing,stateful",
                "--request-timeout", "60", "--no-color",
            ]  # fmt: skip
            started = time.monotonic()
            run = subprocess.run(
                command, cwd=tmp_path, capture_output=True, text=True, timeout=900, check=False
            )
        finally:
            server.stop()
    took = time.monotonic() - started
    summary = "\n".join(run.stdout.splitlines()[-25:])
    print(f"schemathesis on {backend}: seed {SEED}, {EXAMPLES} examples, {took:.0f} s\n{summary}")
    assert run.returncode == 0, f"replay with FAIRSIFT_FUZZ_SEED={SEED}\n{run.stdout[-20000:]}"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServerThread, str]]:
    folder = tmp_path_factory.mktemp("contract")
    db = str(folder / "fairsift.db")
    token = seed_people(db)["admin"]
    settings = ServiceSettings(db=db, data_dir=folder / "data", max_request_mb=1.0, worker=False)
    with ServerThread(settings) as running:
        yield running, token


def test_the_document_states_the_rules_the_code_enforces(
    server: tuple[ServerThread, str],
) -> None:
    running, _ = server
    document = httpx.get(f"{running.url}/openapi.json").json()
    schemas = document["components"]["schemas"]
    assert schemas["ReportIn"]["properties"]["text"]["maxLength"] == 20_000  # the setting
    assert "pattern" in schemas["ReportIn"]["properties"]["text"]
    assert schemas["ReportDecisionIn"]["properties"]["decision"]["enum"] == [
        "route", "escalate", "close", "malicious",
    ]  # fmt: skip
    assert schemas["ApplicationDecisionIn"]["properties"]["decision"]["enum"] == [
        "advance", "reject", "hold",
    ]  # fmt: skip
    assert schemas["UserIn"]["properties"]["role"]["enum"] == ["admin", "reviewer", "auditor"]
    assert schemas["UserIn"]["properties"]["password"]["minLength"] == 12
    export = document["paths"]["/api/exports/reports"]["get"]["responses"]["200"]["content"]
    assert set(export) == {"text/csv", "application/x-ndjson"}
    upload = document["paths"]["/api/jobs/{sha256}/applications"]["post"]
    assert "multipart/form-data" in upload["requestBody"]["content"]
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            for status, response in operation["responses"].items():
                if status.startswith("4"):
                    assert "application/problem+json" in response["content"], (path, status)
            if path not in ("/api/health", "/api/session") and not path.startswith(
                ("/api/receipts", "/api/self-id")
            ):
                assert "401" in operation["responses"], (method, path)
                assert operation["security"], (method, path)


def _raw(url: str, head: str, body: bytes = b"", read_timeout: float = 10.0) -> tuple[int, str]:
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=read_timeout) as sock:
        sock.sendall(head.encode() + body)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    status = int(data.split(b" ", 2)[1])
    return status, data.decode("latin-1")


def test_sign_in_is_checked_before_a_huge_body_is_read(server: tuple[ServerThread, str]) -> None:
    running, _ = server
    # 150 MB announced, 64 KB sent: the answer comes without the rest ever being sent
    head = (
        "POST /api/reports HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Content-Length: 150000000\r\n\r\n"
    )
    started = time.monotonic()
    status, text = _raw(running.url, head, b"{" + b" " * 65_535)
    assert status == 401, text
    assert "application/problem+json" in text
    assert time.monotonic() - started < 5
    bad_token = head.replace("Host: x\r\n", "Host: x\r\nAuthorization: Bearer fst_nope\r\n")
    status, _ = _raw(running.url, bad_token, b"{")
    assert status == 401


def test_a_body_past_the_limit_is_cut_off_with_413(server: tuple[ServerThread, str]) -> None:
    running, token = server
    head = (
        f"POST /api/reports HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n"
        "Content-Type: application/json\r\nContent-Length: 2000000\r\n\r\n"
    )
    status, _ = _raw(running.url, head, b"{")  # declared over 1 MB: refused at once
    assert status == 413
    # A body without a declared length (as HTTP/2 sends it) is counted as it streams.
    sent: list[dict[str, Any]] = []
    chunks = [b'{"text": "' + b"a" * 400_000] * 4 + [b'"}']

    async def call() -> None:
        parts = iter(chunks)
        scope = {
            "type": "http", "asgi": {"version": "3.0"}, "http_version": "2",
            "method": "POST", "scheme": "http", "path": "/api/reports", "raw_path": b"/api/reports",
            "query_string": b"", "root_path": "", "client": ("127.0.0.1", 1),
            "server": ("127.0.0.1", running.port),
            "headers": [(b"authorization", f"Bearer {token}".encode()),
                        (b"content-type", b"application/json")],
        }  # fmt: skip

        async def receive() -> dict[str, Any]:
            chunk = next(parts, None)
            if chunk is None:
                return {"type": "http.request", "body": b"", "more_body": False}
            return {"type": "http.request", "body": chunk, "more_body": True}

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        await running.app(scope, receive, send)

    asyncio.run(call())
    assert sent[0]["status"] == 413
    assert b"over 1 MB" in sent[1]["body"]
    assert len(sent) == 2


def test_405_lists_every_method_and_routes_do_not_shadow(server: tuple[ServerThread, str]) -> None:
    running, token = server
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=running.url, headers=headers) as client:
        jobs = client.options("/api/jobs")
        upload = client.get("/api/reports/upload")
        session = client.put("/api/session")
        report = client.get("/api/reports/12345")
    assert jobs.status_code == 405 and jobs.headers["allow"] == "GET, POST"
    assert upload.status_code == 405 and upload.headers["allow"] == "POST"
    assert session.status_code == 405 and session.headers["allow"] == "DELETE, POST"
    assert report.status_code == 404  # the typed id route still answers


def test_lists_say_their_total_and_link_the_next_page(server: tuple[ServerThread, str]) -> None:
    running, token = server
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=running.url, headers=headers) as client:
        for n in range(5):
            assert client.post("/api/reports", json={"text": f"page test {n}"}).status_code == 202
        first = client.get("/api/queues/reports", params={"limit": 2, "q": "page test"})
        following = client.get(first.links["next"]["url"])
        last = client.get("/api/queues/reports", params={"limit": 2, "q": "page test", "offset": 4})
    assert first.headers["x-total-count"] == following.headers["x-total-count"] == "5"
    assert [r["id"] for r in first.json()] != [r["id"] for r in following.json()]
    assert len(last.json()) == 1 and "next" not in last.links
    assert first.text.startswith('[{"id":')  # compact JSON


def test_admins_cannot_remove_themselves_or_the_last_admin(
    server: tuple[ServerThread, str],
) -> None:
    running, token = server
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=running.url, headers=headers) as client:
        itself = client.delete("/api/users/admin")
        nobody = client.delete("/api/users/nobody")
        taken = client.post(
            "/api/users",
            json={"username": "admin", "role": "auditor", "password": "x" * 12},
        )
        assert client.get("/api/me").status_code == 200
    assert itself.status_code == 409 and "own account" in itself.json()["detail"]
    assert nobody.status_code == 404
    assert taken.status_code == 409


def test_docs_work_without_any_network(server: tuple[ServerThread, str]) -> None:
    running, _ = server
    page = httpx.get(f"{running.url}/docs")
    assert page.status_code == 200
    assert "http://" not in page.text.replace(running.url, "") and "https://" not in page.text
    script = httpx.get(f"{running.url}/docs/assets/swagger-ui-bundle.js")
    assert script.status_code == 200 and len(script.content) > 500_000
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Chromium is not at /usr/bin/chromium")
    outside: list[str] = []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium")
        try:
            tab = browser.new_page()

            def only_local(route: Any) -> None:
                if route.request.url.startswith(running.url):
                    route.continue_()
                else:
                    outside.append(route.request.url)
                    route.abort()

            tab.route("**/*", only_local)
            errors: list[str] = []
            tab.on("pageerror", lambda exc: errors.append(str(exc)))
            tab.goto(f"{running.url}/docs")
            tab.wait_for_selector(".opblock", timeout=30_000)
            operations = tab.locator(".opblock").count()
        finally:
            browser.close()
    assert operations >= 29
    assert not errors and not outside
