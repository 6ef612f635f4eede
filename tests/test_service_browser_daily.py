"""A review team's day in a real browser (Debian's chromium driven by playwright), on SQLite
and on PostgreSQL: a job created from a pasted posting, a requirement edited, ten resumes
uploaded and screened, three decided with reasons, two compared; a CSV of reports imported,
a duplicate group decided in one action, a reporter answered through their receipt, a
category corrected and the corrections exported; then `fairsift audit verify` passes and the
audit log holds every step. Screenshots go to FAIRSIFT_SCREENSHOTS (or a temp folder)."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fairsift.service.settings import ServiceSettings
from fairsift.service.testing import PASSWORD, ServerThread, seed_people
from fairsift.store.testing import BACKENDS, PG_UNSET, PG_URL_ENV, temporary_database

playwright = pytest.importorskip("playwright.sync_api")

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
ROOT = Path(__file__).resolve().parents[1]
POSTING = ROOT / "examples" / "jobs" / "data-scientist.md"
RESUMES = sorted(p for p in (ROOT / "examples" / "resumes").iterdir() if p.is_file())[:10]
BRIDGE = "The bridge on route 2 collapsed and cars are trapped in the river"
TIPS = [
    ("h1", "2026-12-02T07:00:00Z", BRIDGE),
    ("h2", "2026-12-02T07:20:00Z", BRIDGE.replace(" and", ",") + "!"),
    ("h3", "2026-12-02T07:40:00Z", BRIDGE.replace("The bridge", "Bridge") + ", help"),
    ("h4", "2026-12-02T08:00:00Z", "We need clean drinking water for forty families"),
    ("h5", "2026-12-02T08:30:00Z", "A fire broke out in the market, shops are burning"),
]

# What sticks out past a 390 px screen (to say why a page scrolls sideways).
WIDER_THAN_THE_SCREEN = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > 391)
  .slice(0, 6)
  .map(e => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}px`
            + ` ${(e.innerText || '').slice(0, 60)}`)"""

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
]


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = os.environ.get("FAIRSIFT_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright.sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(params=BACKENDS)
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ServerThread]:
    if request.param == "postgresql" and not os.environ.get(PG_URL_ENV):
        pytest.skip(PG_UNSET)
    with temporary_database(request.param, tmp_path) as url:
        seed_people(url)
        settings = ServiceSettings(
            db=url, data_dir=tmp_path / "data", pow_bits=0, teams=["search-and-rescue"]
        )
        with ServerThread(settings) as running:
            yield running


def signed_in(browser: Any, url: str, username: str, width: int = 1280) -> Any:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{url}/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page


def reload_until(page: Any, url: str, check: Any, tries: int = 400) -> None:
    for _ in range(tries):
        page.goto(url)
        if check(page):
            return
        page.wait_for_timeout(400)
    raise AssertionError(f"{url} never showed what was expected")


def test_a_review_teams_day(server: ServerThread, browser: Any, shots: Path) -> None:
    tag = "pg" if server.settings.db.startswith("postgresql") else "sqlite"
    url = server.url
    admin = signed_in(browser, url, "admin")

    # A job from a pasted posting; the requirements understood are shown before screening.
    admin.goto(f"{url}/jobs")
    admin.fill("#job-title", "Data Scientist — Bengaluru")
    admin.fill("#job-posting", POSTING.read_text(encoding="utf-8"))
    admin.click("#new-job button[type=submit]")
    admin.wait_for_load_state()
    assert admin.locator("h1").inner_text().startswith("Data Scientist — Bengaluru")
    rows = admin.locator("table.requirements-edit tbody tr")
    assert rows.count() >= 4
    first_sha = re.search(r"/jobs/([0-9a-f]{64})", admin.url).group(1)  # type: ignore[union-attr]

    # Edit a requirement: the second one becomes nice to have with weight 0.5.
    admin.select_option("select[name=importance-1]", "nice")
    admin.fill("input[name=weight-1]", "0.5")
    changed = admin.locator("input[name=text-1]").input_value()
    admin.click("#requirements button[type=submit]")
    admin.wait_for_load_state()
    job_url = admin.url
    job_sha = re.search(r"/jobs/([0-9a-f]{64})", job_url).group(1)  # type: ignore[union-attr]
    assert job_sha != first_sha  # a new version; the old one is archived
    edited = admin.locator("table.requirements-edit tbody tr", has=admin.locator(
        f"input[value=\"{changed}\"]"))  # fmt: skip
    assert edited.locator("select[name^=importance]").input_value() == "nice"
    assert float(edited.locator("input[name^=weight]").input_value()) == 0.5
    admin.screenshot(path=str(shots / f"daily-{tag}-01-job.png"), full_page=True)

    # Ten resumes at once, screened with progress shown.
    admin.set_input_files("#resumes", [str(p) for p in RESUMES])
    admin.click("#upload button[type=submit]")
    admin.wait_for_load_state()
    reload_until(
        admin, job_url, lambda p: "10 of 10 done" in (p.locator("#progress").inner_text() or "")
    )
    assert admin.locator("#upload").get_by_text("failed").count() == 0
    admin.screenshot(path=str(shots / f"daily-{tag}-02-screened.png"), full_page=True)

    reviewer = signed_in(browser, url, "rev-apps")
    reviewer.goto(f"{url}/queues/applications?job={job_sha}")
    links = reviewer.locator("table.queue tbody tr td a[href^='/applications/']")
    assert links.count() == 10
    first = links.nth(0).get_attribute("href")
    # One decided on its own page...
    reviewer.goto(f"{url}{first}")
    assert reviewer.locator(".doc mark.ev").count() > 0
    reviewer.check("input[name=decision][value=advance]")
    reviewer.fill("#reason", "Meets every must-have; strong SQL and A/B testing evidence")
    reviewer.click("#decide button[type=submit]")
    reviewer.wait_for_load_state()
    assert "Meets every must-have" in reviewer.locator("#decisions").inner_text()
    # ...two more on the queue, ticked and decided together with one reason.
    reviewer.goto(f"{url}/queues/applications?job={job_sha}")
    boxes = reviewer.locator("table.queue tbody input[type=checkbox]")
    boxes.nth(8).check()
    boxes.nth(9).check()
    reviewer.select_option("#bulk-decision", "reject")
    reviewer.fill("#bulk-reason", "No evidence of the required statistics degree or experience")
    reviewer.click("button[value=decide]")
    reviewer.wait_for_load_state()
    assert "2 decisions recorded" in reviewer.content()
    assert reviewer.locator("table.queue .badge.decision-reject").count() == 2
    # Compare the top two side by side.
    boxes = reviewer.locator("table.queue tbody input[type=checkbox]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    reviewer.click("button[value=compare]")
    reviewer.wait_for_load_state()
    table = reviewer.locator("#compare")
    assert table.locator("thead th").count() == 3  # the requirement and two candidates
    assert table.locator("tbody tr").count() >= 4
    reviewer.screenshot(path=str(shots / f"daily-{tag}-03-compare.png"), full_page=True)

    # A reporter writes through the public form and keeps the receipt.
    visitor = browser.new_context().new_page()
    visitor.goto(f"{url}/report?lang=en")
    visitor.fill("#text", "Our street in Delmas 33 is flooded and an old man cannot leave home")
    visitor.click("button[type=submit]")
    receipt = visitor.locator("#receipt-code").inner_text(timeout=30_000).strip()

    # Reports: a CSV imported from the browser, triaged like the CLI does.
    hotline = signed_in(browser, url, "rev-reports")
    data = io.StringIO()
    writer = csv.writer(data)
    writer.writerow(["id", "received_at", "message", "reporter_phone"])
    writer.writerows([(*row, "555-0100") for row in TIPS])
    upload = Path(server.settings.data_dir) / "tips.csv"
    upload.parent.mkdir(parents=True, exist_ok=True)
    upload.write_text(data.getvalue(), encoding="utf-8")
    hotline.goto(f"{url}/queues/reports")
    hotline.set_input_files("#import-files", str(upload))
    hotline.click("#import button[type=submit]")
    hotline.wait_for_load_state()
    assert "5 reports imported" in hotline.locator("#import-result").inner_text()
    reload_until(
        hotline,
        f"{url}/queues/reports?order=age",
        lambda p: p.locator("table.queue tbody tr .badge[class*=urgency-]").count() >= 6,
    )
    assert "555-0100" not in hotline.content()  # contacts are kept apart
    # The duplicate group, decided in one action.
    row = hotline.locator("table.queue tbody tr", has_text="duplicate").first
    row.locator("a[href^='/reports/']").click()
    hotline.wait_for_load_state()
    group = hotline.locator("#duplicate-group")
    members = group.locator("p a[href^='/reports/']").count()
    assert members >= 2
    hotline.screenshot(path=str(shots / f"daily-{tag}-04-duplicate-group.png"), full_page=True)
    group.locator("#group-decision").select_option("route")
    group.locator("#group-reason").fill("One collapsed bridge: route all to search and rescue")
    group.locator("button[type=submit]").click()
    hotline.wait_for_load_state()
    assert f"{members} decisions recorded" in hotline.content()
    hotline.goto(f"{url}/queues/reports?status=route")
    assert hotline.locator("table.queue tbody tr").count() == members

    # Answer the reporter through the receipt, and correct the categories.
    reload_until(
        hotline,
        f"{url}/queues/reports?q=Delmas",
        lambda p: p.locator("table.queue tbody tr .badge[class*=urgency-]").count() == 1,
    )
    hotline.locator("table.queue tbody tr a[href^='/reports/']").first.click()
    hotline.wait_for_load_state()
    hotline.select_option("#assign-to", "team:search-and-rescue")
    hotline.locator("#work form").first.locator("button").click()
    hotline.wait_for_load_state()
    assert "search-and-rescue" in hotline.locator("#assignee").inner_text()
    hotline.fill("#reply", "A rescue team is on its way to Delmas 33.")
    hotline.locator("#replies button[type=submit]").click()
    hotline.wait_for_load_state()
    boxes = hotline.locator("#categories input[type=checkbox]")
    ticked = [boxes.nth(i).get_attribute("value") for i in range(boxes.count())
              if boxes.nth(i).is_checked()]  # fmt: skip
    target = ["floods", "search_and_rescue"]
    if sorted(v or "" for v in ticked) == target:  # always a correction, never a confirmation
        target = ["search_and_rescue"]
    for i in range(boxes.count()):
        boxes.nth(i).uncheck()
    for name in target:
        hotline.check(f"#categories input[value={name}]")
    hotline.locator("#categories button[type=submit]").click()
    hotline.wait_for_load_state()
    verified = hotline.locator("#verified").inner_text()
    assert "human-verified" in verified and "corrected" in verified
    hotline.screenshot(path=str(shots / f"daily-{tag}-05-report-work.png"), full_page=True)
    exported = hotline.request.get(f"{url}/exports/category-corrections.csv?corrected=1")
    assert exported.status == 200
    table_rows = list(csv.DictReader(io.StringIO(exported.text())))
    mine = [r for r in table_rows if "Delmas" in r["text"]]
    assert len(mine) == 1
    assert [name for name in target if mine[0][name] == "1"] == target
    assert sum(v == "1" for k, v in mine[0].items() if k not in ("id", "text", "text_en")) == len(
        target
    )

    visitor.goto(f"{url}/report/receipt?lang=en")
    visitor.fill("#code", receipt)
    visitor.click("button[value=status]")
    visitor.wait_for_load_state()
    answer = visitor.locator("#replies").inner_text()
    assert "A rescue team is on its way" in answer and "rev-reports" not in answer

    # The queue on a 390 px phone: nothing wider than the screen.
    phone = signed_in(browser, url, "rev-reports", width=390)
    phone.goto(f"{url}/queues/reports")
    assert phone.evaluate("document.scrollingElement.scrollWidth") <= 390
    phone.screenshot(path=str(shots / f"daily-{tag}-06-phone.png"), full_page=True)
    # Every queue and list page fits the phone, and a card names each value it shows.
    wide = signed_in(browser, url, "admin", width=390)
    for path in ("/jobs", "/queues/applications", f"/queues/applications?job={job_sha}",
                 "/queues/reports", "/queues/requests", "/queues/duplicates", "/users",
                 "/oversight", "/account"):  # fmt: skip
        wide.goto(f"{url}{path}")
        wider = wide.evaluate(WIDER_THAN_THE_SCREEN)
        assert wide.evaluate("document.scrollingElement.scrollWidth") <= 390, (path, wider)
    wide.goto(f"{url}/queues/applications?job={job_sha}")
    label = wide.evaluate(
        "getComputedStyle(document.querySelector('table.queue td[data-label=Score]'),"
        " '::before').content"
    )
    assert label == '"Score: "'
    wide.screenshot(path=str(shots / f"daily-{tag}-07-phone-applications.png"), full_page=True)

    # The audit log vouches for every step.
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    verify = subprocess.run(
        [sys.executable, "-m", "fairsift.cli", "audit", "verify", "--db", server.settings.db],
        capture_output=True, text=True, env=env, timeout=600, check=False,
    )  # fmt: skip
    assert verify.returncode == 0, verify.stdout + verify.stderr
    events = [e["event"] for e in server.ctx.store.audit_entries(limit=10_000)]
    for event in ("config_change", "job_revise", "job_update", "report_submitted",
                  "report_assign", "report_reply", "export", "assessment"):  # fmt: skip
        assert event in events, event
    assert events.count("decision") == 3 + members
    assert events.count("compare") == 1  # the two candidates weighed side by side
    screened = [e for e in server.ctx.store.audit_entries(limit=10_000, event="assessment")
                if (e["payload"] or {}).get("job_sha256") == job_sha]  # fmt: skip
    assert len(screened) == len(RESUMES) == 10  # the ten uploads, each screened
    # the form's report has its own entry; the CSV import is one batch entry vouching for each
    batched = sum(
        (e["payload"] or {}).get("events", {}).get("report_submitted", 0)
        for e in server.ctx.store.audit_entries(limit=10_000, event="batch")
    )
    assert events.count("report_submitted") + batched >= 1 + len(TIPS)
    items = [i for i in server.ctx.store.audit_items(limit=10_000) if i.event == "report_submitted"]
    assert len(items) == batched
    assert "category_correct" in events
