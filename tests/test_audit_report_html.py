"""The HTML bias audit opened in Debian's Chromium: bars, the four-fifths line and the
excluded/empty categories are visible and sized by their values; nothing is loaded from
elsewhere and no script runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from fairsift.audit import Decision, Demographic, bias_audit, render_html

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _audit_html() -> str:
    groups = [  # (sex, race, applicants, selected); scores make the scoring section appear
        ("Male", "White", 20, 15),
        ("Male", "Black or African American", 20, 5),
        ("Female", "White", 20, 5),
        ("Female", "Asian", 19, 9),
        ("Female", "Two or More Races", 1, 1),  # 1 % of 80: excluded from impact ratios
    ]
    decisions, demographics = [], []
    for sex, race, applicants, selected in groups:
        for i in range(applicants):
            candidate = f"{sex}-{race}-{i}"
            decisions.append(Decision(candidate, i < selected, float(i % 10) * 10))
            demographics.append(Demographic(candidate, sex, race))
    audit = bias_audit(decisions, demographics, source="synthetic decisions (test)")
    return render_html(audit)


def test_html_report_in_chromium(tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed (pip install playwright)"
    )
    page_path = tmp_path / "audit.html"
    page_path.write_text(_audit_html(), encoding="utf-8")
    shot = tmp_path / "audit.png"
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            page.set_default_timeout(5000)
            requests: list[str] = []
            page.on("request", lambda request: requests.append(request.url))
            page.goto(page_path.as_uri())
            page.screenshot(path=str(shot), full_page=True)

            assert requests == [page_path.as_uri()]  # nothing fetched from anywhere else
            assert page.locator("script").count() == 0
            assert page.locator("h1").inner_text() == "Bias audit of fairsift resume screening"
            assert page.get_by_text("synthetic decisions (test)").is_visible()

            charts = page.locator("svg.chart")
            assert charts.count() == 6  # selection and scoring × sex, race, intersectional
            assert page.locator("svg.chart line.four-fifths").count() == 6

            sex = page.locator("#chart-selection-sex")
            male = sex.locator('rect.bar.ratio[data-category="Male"]').bounding_box()
            female = sex.locator('rect.bar.ratio.below[data-category="Female"]').bounding_box()
            line = sex.locator("line.four-fifths").bounding_box()
            assert male and female and line
            # Male 20/40 = 0.5 is the top (1.0); Female 15/40 = 0.375 → 0.75, flagged.
            assert male["height"] > 8 and male["width"] > 150
            assert female["width"] / male["width"] == pytest.approx(0.75, abs=0.01)
            assert line["x"] - male["x"] == pytest.approx(0.8 * male["width"], abs=2)
            assert line["height"] >= 2 * male["height"]  # spans the rows
            assert sex.get_by_text("0.750 ◀ under 0.8").is_visible()

            race = page.locator("#chart-selection-race_ethnicity")
            assert race.locator("rect.bar.rate").count() == 4  # White, Black, Asian, Two+
            assert race.get_by_text("excluded: under 2 %").is_visible()
            # Hispanic, NHOPI, AIAN: said once in the rate panel and once in the ratio panel.
            assert race.get_by_text("no applicants").count() == 6
            rate_bars = race.locator("rect.bar.rate")
            for i in range(rate_bars.count()):
                box = rate_bars.nth(i).bounding_box()
                assert box and box["width"] > 10 and box["height"] > 8

            flags = page.locator(".flags")
            assert flags.is_visible() and "under 0.8" in flags.inner_text()
            assert page.get_by_text("rule of thumb").first.is_visible()
            table_row = page.locator("#selection-race_ethnicity tr.excluded")
            assert "excluded from impact ratios" in table_row.inner_text()
        finally:
            browser.close()
    assert shot.stat().st_size > 20_000 and shot.read_bytes()[:4] == b"\x89PNG"
