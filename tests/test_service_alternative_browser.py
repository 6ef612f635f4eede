"""The candidate's path in a real browser (Debian's chromium through playwright): the notice's
link → the public request for an alternative process → the reviewer sees the request, the
application is out of the AI's ranking (no score, no rank) and its page says why; the
explanation letter opens from the application; every step is in the audit log; an admin's
erasure needs its confirmation."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fairsift.audit.notice import notice
from fairsift.config import load_settings
from fairsift.intake import read_document
from fairsift.privacy import redact
from fairsift.review.screening import screen_batch
from fairsift.screening.pipeline import Screener
from fairsift.service.settings import ServiceSettings
from fairsift.service.testing import PASSWORD, ServerThread, seed_people
from fairsift.store import Store

playwright = pytest.importorskip("playwright.sync_api")

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
ROOT = Path(__file__).resolve().parents[1]
JOB = ROOT / "examples" / "jobs" / "python-developer.md"
RESUMES = [ROOT / "examples" / "resumes" / n for n in ("dev-kalimbeck.txt", "kabir-oxbury.md")]
EMAIL = "dev.kalimbeck@example.com"  # on the first resume

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    folder = tmp_path_factory.mktemp("alternative")
    db = str(folder / "fairsift.db")
    seed_people(db)
    screener = Screener.create(load_settings(db=db))
    with Store.open(db) as store:
        job = screener.load_job(JOB)
        assert not screen_batch(screener, [job], RESUMES, store).failed_files
        for path in RESUMES:
            document = read_document(path, screener.limits)
            store.put_document_text(document.sha256, document.text, redact(document.text).text)
    with ServerThread(ServiceSettings(db=db, data_dir=folder / "data", pow_bits=10)) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright.sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


def sign_in(browser: Any, url: str, username: str) -> Any:
    page = browser.new_context().new_page()
    page.goto(f"{url}/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page


def test_notice_request_reviewer(server: ServerThread, browser: Any, tmp_path: Path) -> None:
    shots = Path(os.environ.get("FAIRSIFT_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    text = notice(JOB, employer="Tidewater", service_url=server.url)
    link = re.search(r"(http://\S+/alternative\?job=[0-9a-f]{64})", text)
    assert link is not None, text

    candidate = browser.new_context().new_page()
    candidate.goto(link.group(1))
    assert "Python Developer" in candidate.content()
    candidate.check("input[name=kind][value=alternative]")
    candidate.fill("#message", "I use a screen reader; please assess me in a call.")
    candidate.fill("#name", "Dev Kalimbeck")
    candidate.fill("#email", EMAIL)
    candidate.screenshot(path=str(shots / "alt-01-request.png"), full_page=True)
    candidate.click("button[type=submit]")
    candidate.wait_for_load_state()
    candidate.screenshot(path=str(shots / "alt-02-received.png"), full_page=True)
    code = candidate.locator(".receipt").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){3}", code)
    candidate.context.close()

    reviewer = sign_in(browser, server.url, "rev-apps")
    reviewer.goto(f"{server.url}/queues/requests")
    row = reviewer.locator("tr.request").first
    assert "screen reader" in row.inner_text() and EMAIL in row.inner_text()
    assert "found: Candidate" in row.inner_text()  # linked to the application by e-mail
    reviewer.screenshot(path=str(shots / "alt-03-requests.png"), full_page=True)
    with Store.open(server.settings.db) as store:
        sha = next(iter(store.withheld_from_ai()))[0]
        apps = {a["item_sha256"]: a for a in store.list_assessments("screening")}
    app_id = apps[sha]["id"]
    reviewer.goto(f"{server.url}/queues/applications")
    rows = reviewer.locator("table.queue tbody tr")
    assert rows.count() == 2
    heads = [h.strip() for h in reviewer.locator("table.queue thead th").all_inner_texts()]
    rank, who, score = (heads.index(h) for h in ("Rank in job", "Candidate", "Score"))
    cells = rows.nth(1).locator("td")  # kept out of the ranking: last, no rank, no score
    assert cells.count() == len(heads)
    assert cells.nth(who).inner_text() == f"Candidate {sha[:10]}"
    assert cells.nth(rank).inner_text() == "–" and cells.nth(score).inner_text() == "–"
    assert rows.nth(0).locator("td").nth(rank).inner_text() == "1"
    reviewer.screenshot(path=str(shots / "alt-04-queue.png"), full_page=True)
    reviewer.goto(f"{server.url}/applications/{app_id}")
    assert "asked to be assessed without the AI" in reviewer.content()
    assert reviewer.locator("p.score").count() == 0
    reviewer.click("text=Explanation letter for the candidate")
    reviewer.wait_for_load_state()
    assert "assessed without the tool" in reviewer.content()
    border = reviewer.evaluate("getComputedStyle(document.querySelector('td')).borderTopWidth")
    assert border == "1px"  # its style sheet loads under the service's strict CSP
    reviewer.goto(f"{server.url}/queues/requests")
    reviewer.fill("input[name=resolution]", "Assessed in a call by Rita on 5 Dec")
    reviewer.click("text=Resolve")
    reviewer.wait_for_load_state()
    assert "resolved by rev-apps" in reviewer.locator("tr.request").first.inner_text()

    admin = sign_in(browser, server.url, "admin")
    admin.goto(f"{server.url}/people")
    forms = admin.locator("form[action='/people/erase']")
    forms.locator("input[name=person]").fill(sha)
    forms.locator("input[name=confirm]").fill("yes")
    forms.locator("button").click()
    admin.wait_for_load_state()
    assert "not confirmed" in admin.content()
    forms = admin.locator("form[action='/people/erase']")
    forms.locator("input[name=person]").fill(sha)
    forms.locator("input[name=confirm]").fill("ERASE")
    forms.locator("button").click()
    admin.wait_for_load_state()
    assert "erased a candidate" in admin.content()

    with Store.open(server.settings.db) as store:
        events = [e["event"] for e in store.audit_entries(limit=500)]
        assert store.verify_audit() == []
        assert store.alternative_requests() == []
        assert store.withheld_from_ai() == set()
    for event in ("alternative_request", "alternative_resolved", "explanation", "erasure"):
        assert event in events


@pytest.fixture(scope="module")
def dup_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    folder = tmp_path_factory.mktemp("duplicates")
    again = folder / "dev-again.txt"
    again.write_text(RESUMES[0].read_text(encoding="utf-8") + "\nVolunteer maths tutor.\n")
    db = str(folder / "fairsift.db")
    seed_people(db)
    screener = Screener.create(load_settings(db=db))
    with Store.open(db) as store:
        job = screener.load_job(JOB)
        assert not screen_batch(screener, [job], [*RESUMES, again], store).failed_files
    with ServerThread(ServiceSettings(db=db, data_dir=folder / "data", pow_bits=10)) as running:
        yield running


def test_a_reviewer_merges_duplicate_candidates(dup_server: ServerThread, browser: Any) -> None:
    page = sign_in(browser, dup_server.url, "rev-apps")
    page.click("text=Duplicates")
    page.wait_for_load_state()
    row = page.locator("tr.duplicate")
    assert row.count() == 1 and "same e-mail" in row.inner_text()
    assert EMAIL not in page.content()  # what matched is not shown
    row.locator("button").click()
    page.wait_for_load_state()
    assert "No likely duplicates" in page.content()
    with Store.open(dup_server.settings.db) as store:
        assert len(store.merges()) == 1
        assert "merge" in [e["event"] for e in store.audit_entries(limit=100)]


def test_a_reviewer_links_a_request_the_contact_did_not_match(
    dup_server: ServerThread, browser: Any
) -> None:
    candidate = browser.new_context().new_page()
    candidate.goto(f"{dup_server.url}/alternative")
    candidate.check("input[name=kind][value=accommodation]")
    candidate.fill("#email", "someone.else@example.net")
    candidate.click("button[type=submit]")
    candidate.wait_for_load_state()
    assert candidate.locator(".receipt").count() == 1
    candidate.context.close()
    with Store.open(dup_server.settings.db) as store:
        app = store.list_assessments("screening")[-1]
    page = sign_in(browser, dup_server.url, "rev-apps")
    page.goto(f"{dup_server.url}/queues/requests")
    row = page.locator("tr.request", has_text="someone.else@example.net")
    assert "not yet found" in row.inner_text()
    row.locator("input[name=application]").fill(str(app["id"]))
    row.locator("text=Link").click()
    page.wait_for_load_state()
    row = page.locator("tr.request", has_text="someone.else@example.net")
    assert f"found: Candidate {app['item_sha256'][:10]}" in row.inner_text()
    with Store.open(dup_server.settings.db) as store:
        assert (app["item_sha256"], None) in store.withheld_from_ai()
