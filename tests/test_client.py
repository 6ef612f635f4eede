"""fairsift.client against a real service (uvicorn on 127.0.0.1, SQLite file, the ingest
worker screening and triaging with the bundled models): every call a machine needs, pages
followed to the end, and every problem raised as ApiError with the service's code and hint."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from fairsift.client import Client
from fairsift.errors import ApiError
from fairsift.service.settings import ServiceSettings
from fairsift.service.testing import PASSWORD, ServerThread, seed_people

ROOT = Path(__file__).resolve().parents[1]
JOB = ROOT / "examples" / "jobs" / "data-scientist.md"
RESUMES = [
    ROOT / "examples" / "resumes" / name
    for name in ("anika-sorrentel.pdf", "dev-kalimbeck.txt", "farah-brightlow.docx")
]


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    folder = tmp_path_factory.mktemp("client")
    db = str(folder / "fairsift.db")
    tokens = seed_people(db)
    with ServerThread(ServiceSettings(db=db, data_dir=folder / "data", pow_bits=0)) as server:
        yield server.url, tokens


def test_a_machine_screens_resumes_and_decides_without_writing_a_request(
    service: tuple[str, dict[str, str]],
) -> None:
    url, tokens = service
    with Client(url, tokens["admin"]) as admin, Client(url, tokens["rev-apps"]) as reviewer:
        job = admin.create_job(JOB)
        accepted = admin.upload_applications(job.sha256, RESUMES)
        counts = admin.wait_until_idle(timeout=300)
        first = reviewer.application_queue(job=job.sha256, limit=2)
        every = list(reviewer.iter_application_queue(job=job.sha256, limit=2))
        top = every[0]
        decided = reviewer.decide_application(top["id"], "advance", "SQL and Python evidence")
        item = reviewer.application(top["id"])
        csv_text = admin.export_applications(job.sha256)
    assert job.requirements and len(accepted) == len(RESUMES)
    assert counts.get("failed", 0) == 0
    assert first.total == len(RESUMES) and len(first.rows) == 2 and first.next_offset == 2
    assert len({r["id"] for r in every}) == len(RESUMES)
    assert [r["rank"] for r in every] == [1, 2, 3]
    assert not any(str(p.stem) in str(r["candidate"]) for r in every for p in RESUMES)  # blind
    assert decided["decision"] == "advance"
    assert item["decisions"][-1]["actor"] == "rev-apps"
    assert csv_text.splitlines()[0].startswith(("rank", "job", "id", "candidate", "score"))


def test_reports_receipts_and_problems_through_the_client(
    service: tuple[str, dict[str, str]],
) -> None:
    url, tokens = service
    with Client(url, tokens["rev-reports"]) as reviewer, Client(url) as public:
        sent = reviewer.submit_report(
            "Water rising on Main Street, two families on roofs", None, "k1"
        )
        again = reviewer.submit_report(
            "Water rising on Main Street, two families on roofs", None, "k1"
        )
        from_file = reviewer.submit_report_file(("sms.txt", b"Pa gen dlo nan Delmas 33"))
        status = public.receipt_status(sent.receipt)
        added = public.add_to_report(sent.receipt, "They are on the school roof now")
        page = reviewer.report_queue(limit=1)
        with pytest.raises(ApiError) as wrong:
            reviewer.decide_report(sent.report_id, "advance", "x")  # type: ignore[arg-type]
        with pytest.raises(ApiError) as anonymous:
            public.report_queue()
        with pytest.raises(ApiError) as missing:
            reviewer.report(999_999)
    assert again.report_id == sent.report_id and from_file.report_id != sent.report_id
    assert status["status"] and added["added"] is True
    assert page.total is not None and page.total >= 2 and page.next_offset == 1
    assert wrong.value.status == 422 and "route, escalate, close, malicious" in wrong.value.hint
    assert anonymous.value.status == 401 and anonymous.value.code == "H401"
    assert missing.value.status == 404 and missing.value.hint


def test_people_and_tokens_and_a_client_shared_by_threads(
    service: tuple[str, dict[str, str]],
) -> None:
    url, tokens = service
    with Client(url, tokens["admin"]) as admin:
        made = admin.add_user("robot", "reviewer", PASSWORD, ["reports"])
        with pytest.raises(ApiError) as taken:
            admin.add_user("robot", "auditor", PASSWORD)
        with pytest.raises(ApiError) as itself:
            admin.remove_user("admin")
        with ThreadPoolExecutor(8) as pool:  # one pool of connections, many threads
            seen = list(pool.map(lambda _: admin.me()["username"], range(32)))
        admin.remove_user("robot")
        names = {u["username"]: u["active"] for u in admin.users()}
        audit = admin.audit(limit=5)
    assert made["queues"] == ["reports"] and taken.value.status == 409
    assert itself.value.status == 409
    assert seen == ["admin"] * 32 and names["robot"] is False
    assert len(audit.rows) == 5 and audit.total is not None and audit.next_offset == 5
