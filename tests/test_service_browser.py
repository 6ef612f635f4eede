"""The review UI in a real browser: Debian's chromium driven by playwright (never
`playwright install`). A Spanish report through the public form, triaged into the queue with
its English text, decided with a reason; an application uploaded and its evidence reviewed;
a report carrying <script>/onerror payloads shown as text with nothing run. Screenshots go to
FAIRSIFT_SCREENSHOTS (or a temp folder) for a person to look at."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fairsift.service.settings import ServiceSettings
from fairsift.service.testing import PASSWORD, ServerThread, seed_people

playwright = pytest.importorskip("playwright.sync_api")

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[1]
JOB = ROOT / "examples" / "jobs" / "data-scientist.md"
RESUME = ROOT / "examples" / "resumes" / "anika-sorrentel.pdf"
SPANISH = (
    "Hay personas atrapadas bajo los escombros en la escuela de la calle 5. Necesitamos ayuda."
)
PAYLOAD = (
    'Agua contaminada <script>alert("xss")</script> <img src=x onerror="alert(2)"> '
    '"><svg onload=alert(3)> javascript:alert(4)'
)

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
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    folder = tmp_path_factory.mktemp("browser")
    db = str(folder / "fairsift.db")
    seed_people(db)
    settings = ServiceSettings(db=db, data_dir=folder / "data", pow_bits=10)
    with ServerThread(settings) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright.sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


class Watch:
    """A page with every dialog and console error recorded."""

    def __init__(self, browser: Any, **options: Any) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
        self.page = self.context.new_page()
        self.dialogs: list[str] = []
        self.console: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def sign_in(self, url: str, username: str) -> None:
        self.page.goto(f"{url}/login")
        self.page.fill("#username", username)
        self.page.fill("#password", PASSWORD)
        self.page.click("button[type=submit]")
        self.page.wait_for_load_state()

    def close(self) -> None:
        self.context.close()


def _submit_report(server: ServerThread, browser: Any, text: str, lang: str) -> str:
    visitor = Watch(browser)
    visitor.page.goto(f"{server.url}/report?lang={lang}")
    visitor.page.fill("#text", text)
    visitor.page.click("button[type=submit]")
    code: str = visitor.page.locator("#receipt-code").inner_text(timeout=30_000)
    csp = [c for c in visitor.console if "Content Security Policy" in c]
    assert not csp, csp  # the proof-of-work script ran under the strict policy
    visitor.close()
    return code.strip()


def _open_report(page: Any, url: str, needle: str) -> None:
    """Open the queue, reload until the report is triaged, then open it."""
    for _ in range(100):
        page.goto(f"{url}/queues/reports")
        row = page.locator("table.queue tbody tr", has_text=needle)
        if row.count() and row.first.locator(".badge[class*=urgency-]").count():
            row.first.locator("a").first.click()
            page.wait_for_load_state()
            return
        page.wait_for_timeout(300)
    raise AssertionError(f"report {needle!r} never appeared triaged in the queue")


def test_spanish_report_through_the_public_form_is_triaged_and_decided(
    server: ServerThread, browser: Any, shots: Path
) -> None:
    visitor = Watch(browser)
    visitor.page.goto(f"{server.url}/report?lang=es")
    assert visitor.page.locator("h1").inner_text() == "Informar de un problema"
    visitor.page.screenshot(path=str(shots / "01-public-form-es.png"), full_page=True)
    visitor.page.fill("#text", SPANISH)
    visitor.page.fill("#contact", "WhatsApp +509 3700 0000")
    visitor.page.click("button[type=submit]")
    receipt = visitor.page.locator("#receipt-code").inner_text(timeout=30_000).strip()
    assert len(receipt) >= 16
    visitor.page.screenshot(path=str(shots / "02-receipt-es.png"), full_page=True)
    visitor.close()

    reviewer = Watch(browser)
    reviewer.sign_in(server.url, "rev-reports")
    _open_report(reviewer.page, server.url, "trapped" if _english_es() else "escombros")
    page = reviewer.page
    assert SPANISH in page.locator("#original").inner_text()
    if _english_es():
        assert "trapped" in page.locator("#english").inner_text()
    assert "recommendation" in page.locator(".recommendation-note").first.inner_text().lower()
    assert "+509" not in page.content()  # the reporter's contact is kept apart
    page.screenshot(path=str(shots / "03-report-item.png"), full_page=True)

    page.check("input[name=decision][value=route]")
    page.click("#decide button[type=submit]")  # no reason: the browser refuses to send
    assert page.locator("#decisions .badge").count() == 0
    page.fill("#reason", "Route to search and rescue: people trapped at a school")
    page.click("#decide button[type=submit]")
    page.wait_for_load_state()
    decided = page.locator("#decisions li").first.inner_text()
    assert "Route to a team" in decided and "rev-reports" in decided
    page.screenshot(path=str(shots / "04-report-decided.png"), full_page=True)
    reviewer.close()


def test_a_reporter_adds_information_with_the_receipt(
    server: ServerThread, browser: Any, shots: Path
) -> None:
    code = _submit_report(server, browser, "Pa gen dlo pwòp nan Kafou depi 3 jou", "ht")
    visitor = Watch(browser)
    visitor.page.goto(f"{server.url}/report/receipt?lang=ht")
    visitor.page.fill("#code", code)
    visitor.page.fill("#text", "Timoun yo malad kounye a")
    visitor.page.click("button[value=add]")
    visitor.page.wait_for_load_state()
    assert "Mèsi" in visitor.page.locator(".notice").inner_text()
    visitor.page.screenshot(path=str(shots / "05-receipt-added-ht.png"), full_page=True)
    visitor.close()


def test_arabic_form_is_right_to_left_and_fits_the_screen(
    server: ServerThread, browser: Any, shots: Path
) -> None:
    visitor = Watch(browser)
    visitor.page.goto(f"{server.url}/report?lang=ar")
    assert visitor.page.get_attribute("html", "dir") == "rtl"
    width = visitor.page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= 1280
    visitor.page.screenshot(path=str(shots / "06-public-form-ar.png"), full_page=True)
    visitor.close()


def test_form_works_without_javascript_under_a_stricter_limit(
    server: ServerThread, browser: Any
) -> None:
    visitor = Watch(browser, java_script_enabled=False)
    visitor.page.goto(f"{server.url}/report?lang=fr")
    visitor.page.fill("#text", "Une route est bloquée par un glissement de terrain à Jacmel")
    visitor.page.click("button[type=submit]")
    assert visitor.page.locator("#receipt-code").inner_text(timeout=30_000)
    visitor.close()


def test_script_payloads_in_a_report_are_shown_as_text_and_run_nothing(
    server: ServerThread, browser: Any, shots: Path
) -> None:
    _submit_report(server, browser, PAYLOAD, "en")
    reviewer = Watch(browser)
    reviewer.sign_in(server.url, "rev-reports")
    _open_report(reviewer.page, server.url, "onerror")
    page = reviewer.page
    page.wait_for_timeout(500)  # give any injected handler time to fire
    shown = page.locator("#original").inner_text()
    assert '<script>alert("xss")</script>' in shown
    assert '<img src=x onerror="alert(2)">' in shown
    assert page.locator("#original script, #original img, #original svg").count() == 0
    assert reviewer.dialogs == []
    page.goto(f"{server.url}/queues/reports")
    assert "onerror" in page.locator("table.queue").inner_text()
    assert reviewer.dialogs == []
    page.screenshot(path=str(shots / "07-payload-as-text.png"), full_page=True)
    reviewer.close()


def test_application_upload_and_evidence_review(
    server: ServerThread, browser: Any, shots: Path
) -> None:
    admin = Watch(browser)
    admin.sign_in(server.url, "admin")
    page = admin.page
    page.goto(f"{server.url}/jobs")
    page.set_input_files("#job-file", str(JOB))
    page.click("text=Create job")
    page.wait_for_url(re.compile(r"/jobs/[0-9a-f]{64}$"), timeout=60_000)
    job_url = page.url
    page.set_input_files("#resumes", str(RESUME))
    page.click("text=Upload and screen")
    page.wait_for_load_state()
    page.screenshot(path=str(shots / "08-job-uploaded.png"), full_page=True)
    admin.close()

    reviewer = Watch(browser)
    reviewer.sign_in(server.url, "rev-apps")
    page = reviewer.page
    for _ in range(200):
        page.goto(job_url)
        if page.locator("table.queue tbody tr").count():
            break
        page.wait_for_timeout(300)
    row = page.locator("table.queue tbody tr").first
    assert row.locator("a").inner_text().startswith("Candidate ")  # blind review
    page.screenshot(path=str(shots / "09-job-ranked.png"), full_page=True)
    row.locator("a").click()
    page.wait_for_load_state()
    assert "blind" in page.locator(".document h2").inner_text()
    assert "Sorrentel" not in page.locator(".doc").inner_text()
    marks = page.locator("mark.ev")
    assert marks.count() >= 5
    first = page.locator("a.evidence").first
    anchor = first.get_attribute("href")
    assert anchor and anchor.startswith("#ev-")
    first.click()
    target = page.locator(f"mark{anchor}, span{anchor}")
    assert target.count() == 1
    quote = first.inner_text().split("“", 1)[1].rstrip("”").rstrip("…")[:20]
    assert quote.replace("█", "") in target.first.inner_text().replace("█", "") or "█" in quote
    page.screenshot(path=str(shots / "10-application-evidence.png"), full_page=True)
    page.check("input[name=decision][value=hold]")
    page.fill("#reason", "Strong evidence; check the statistics degree in the interview")
    page.click("#decide button[type=submit]")
    page.wait_for_load_state()
    assert "Hold" in page.locator("#decisions li").first.inner_text()
    reviewer.close()


def _english_es() -> bool:
    from fairsift.language import installed_apertium

    return any("es" in t.languages() for t in installed_apertium())
