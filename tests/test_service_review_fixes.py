"""What a new team met first in the review service, each checked against a real server over
a store the real CLI filled (`fairsift screen`, `fairsift triage`): resume text for
CLI-screened candidates, the last admin, duplicate links, the public form's length, the
all-jobs queue, received_at order, oversight counts, job creation, the demo's translator,
and the smaller things (HEAD, error pages, filters by name, bidi file names, grammar)."""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import httpx
import pytest

from fairsift.errors import ConfigError, Conflict, InputError
from fairsift.review import users
from fairsift.review.decisions import check_decision
from fairsift.review.queue import ApplicationFilter, application_page
from fairsift.service.settings import ServiceSettings
from fairsift.service.testing import PASSWORD, ServerThread, seed_people, wait_for

ROOT = Path(__file__).resolve().parents[1]
RESUMES = ROOT / "examples" / "resumes"
JOB = ROOT / "examples" / "jobs" / "data-scientist.md"
SAME_TITLE = ROOT / "examples" / "jobs" / "data-scientist.docx"
TAXONOMY = ROOT / "examples" / "taxonomies" / "disaster-response.toml"
RLO_NAME = "cv\u202efdp.exe.md"  # shows as "cvexe.pdf.md" without a warning

# Listed in input order; received_at says r3 came first and r1 last. r2 resends r4.
BRIDGE = "The bridge on route 2 collapsed, cars are trapped in the river"
TIPS = [
    ("r1", "2026-12-01T10:00:00Z", "Road to the clinic in Jacmel is blocked by a landslide"),
    ("r2", "2026-12-01T09:30:00Z", BRIDGE),
    ("r3", "2026-12-01T08:00:00Z", "We need clean drinking water for 40 families in Carrefour"),
    ("r4", "2026-12-01T09:00:00Z", BRIDGE.replace(",", " and")),
]


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "fairsift.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    folder = tmp_path_factory.mktemp("fixes")
    db = str(folder / "fairsift.db")
    resumes = folder / "resumes"
    resumes.mkdir()
    for path in sorted(RESUMES.iterdir())[:6]:
        shutil.copy(path, resumes / path.name)
    text = (RESUMES / "tomas-quenby.md").read_text(encoding="utf-8")  # not among the six
    (resumes / RLO_NAME).write_text(text, encoding="utf-8")
    screened = cli("screen", "--db", db, "--job", str(JOB), "--job", str(SAME_TITLE), str(resumes))
    assert screened.returncode == 0, screened.stderr
    tips = folder / "tips.csv"
    with tips.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "received_at", "message"])
        writer.writerows(TIPS)
    triaged = cli("triage", "--db", db, "--taxonomy", str(TAXONOMY), str(tips))
    assert triaged.returncode == 0, triaged.stderr
    tokens = seed_people(db)
    settings = ServiceSettings(db=db, data_dir=folder / "data", pow_bits=0, teams=["medical"])
    opened: list[httpx.Client] = []
    with ServerThread(settings) as server:
        yield {"server": server, "tokens": tokens, "db": db, "folder": folder, "opened": opened}
        for one in opened:
            one.close()


def client(world: dict[str, Any], who: str = "admin", html: bool = True) -> httpx.Client:
    headers = {"authorization": f"Bearer {world['tokens'][who]}"}
    if html:
        headers["accept"] = "text/html"
    made = httpx.Client(
        base_url=world["server"].url, headers=headers, timeout=120, follow_redirects=True
    )
    world["opened"].append(made)
    return made


def store(world: dict[str, Any]) -> Any:
    return world["server"].ctx.store


def report_id(world: dict[str, Any], record: str) -> int:
    for row in store(world).list_reports(limit=1000):
        if row["fields"].get("id") == record:
            return int(row["id"])
    raise AssertionError(f"no report {record}")


# -- 1. the resume panel -----------------------------------------------------------------------


def test_a_cli_screened_candidate_shows_its_blind_resume_with_evidence(
    world: dict[str, Any],
) -> None:
    rows = store(world).list_assessments("screening", limit=100)
    first = next(r for r in rows if r.get("error") is None)
    page = client(world, "rev-apps").get(f"/applications/{first['id']}")
    assert page.status_code == 200
    doc = re.search(r'<div class="doc">(.*?)</div>', page.text, re.S)
    assert doc is not None and len(doc.group(1).strip()) > 200
    assert '<mark class="ev"' in page.text  # evidence links have somewhere to go
    assert 'id="no-text"' not in page.text


# -- 2. the last admin ------------------------------------------------------------------------


def test_the_last_active_admin_can_be_neither_removed_nor_demoted(world: dict[str, Any]) -> None:
    api = client(world, html=False)
    refused = api.delete("/api/users/admin")
    assert refused.status_code == 409
    assert "last active admin" in refused.json()["detail"]
    with pytest.raises(Conflict, match="last active admin"):
        users.update_user(store(world), "admin", "reviewer", ["reports"], "test")
    demoted = api.patch("/api/users/admin", json={"role": "reviewer", "queues": ["reports"]})
    assert demoted.status_code == 409 and "last active admin" in demoted.json()["detail"]
    page = client(world).post("/users/admin/update", data={"role": "auditor"})
    assert page.status_code == 409 and "last active admin" in page.text
    assert store(world).get_user("admin").role == "admin"


def test_a_removed_user_is_reactivated_not_re_added(world: dict[str, Any]) -> None:
    db = store(world)
    users.add_user(db, "second-admin", "admin", PASSWORD, [], "test")
    api = client(world, html=False)
    page = client(world).post("/users/second-admin/remove", data={"confirm": "wrong"})
    assert page.status_code == 422 and db.get_user("second-admin").active  # not confirmed
    assert api.delete("/api/users/second-admin").status_code == 204
    with pytest.raises(ConfigError, match="was removed") as caught:
        users.add_user(db, "second-admin", "admin", PASSWORD, [], "test")
    assert "reactivate" in (caught.value.hint or "")
    added = cli(
        "user", "add", "second-admin", "--role", "admin", "--db", world["db"],
        "--password", PASSWORD,
    )  # fmt: skip
    assert added.returncode != 0 and "reactivate" in (added.stdout + added.stderr).lower()
    assert api.post("/api/users/second-admin/reactivate").status_code == 200
    assert db.get_user("second-admin").active
    assert api.delete("/api/users/second-admin").status_code == 204
    client(world).post("/users/second-admin/reactivate")
    assert db.get_user("second-admin").active
    events = [e["event"] for e in db.audit_entries(limit=20)]
    assert "user_reactivate" in events and "user_remove" in events


# -- 3. duplicates ------------------------------------------------------------------------------


def test_duplicate_links_open_the_stored_report_and_show_the_group(world: dict[str, Any]) -> None:
    later, earlier = report_id(world, "r2"), report_id(world, "r4")
    web = client(world, "rev-reports")
    page = web.get(f"/reports/{later}")
    link = re.search(r'id="duplicate-of">.*?href="(/reports/\d+)"', page.text, re.S)
    assert link is not None, "the duplicate is not linked by its stored id"
    assert link.group(1) == f"/reports/{earlier}"  # r4 was received first
    assert web.get(link.group(1)).status_code == 200
    group = re.search(r'id="duplicate-group">(.*?)</section>', page.text, re.S)
    assert group is not None
    assert f"/reports/{earlier}" in group.group(1) and f"/reports/{later}" in group.group(1)


# -- 4. the public form -------------------------------------------------------------------------


def _visitor(world: dict[str, Any]) -> tuple[httpx.Client, str]:
    visitor = httpx.Client(base_url=world["server"].url, timeout=60)
    world["opened"].append(visitor)
    form = visitor.get("/report?lang=en")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token is not None
    return visitor, token.group(1)


def test_a_long_report_with_many_line_breaks_is_accepted_as_a_person_counts_it(
    world: dict[str, Any],
) -> None:
    limit = world["server"].settings.max_report_chars
    line = "x" * 48
    body = "\r\n".join([line] * 407)  # what a browser sends for 407 line breaks
    body += "y" * (limit - 10 - len(body.replace("\r\n", "\n")))
    assert len(body.replace("\r\n", "\n")) == limit - 10 < len(body)
    visitor, token = _visitor(world)
    sent = visitor.post("/report", data={"text": body, "csrf_token": token, "lang": "en"})
    assert sent.status_code == 200 and 'id="receipt-code"' in sent.text


def test_the_public_form_says_what_is_wrong(world: dict[str, Any]) -> None:
    limit = world["server"].settings.max_report_chars
    visitor, token = _visitor(world)
    long = visitor.post("/report", data={"text": "z" * (limit + 5), "csrf_token": token})
    assert long.status_code == 422
    assert f"{limit + 5:,} characters" in long.text and "Please write" not in long.text
    empty = visitor.post("/report", data={"text": "  \r\n ", "csrf_token": token})
    assert empty.status_code == 422 and "Please write what is happening" in empty.text


# -- 5. the all-jobs queue ----------------------------------------------------------------------


def test_the_all_jobs_queue_names_the_job_ranks_within_it_and_pages(
    world: dict[str, Any],
) -> None:
    page = client(world, "rev-apps").get("/queues/applications")
    assert "<th>Job</th>" in page.text
    assert "Ranked by score within each job" not in page.text
    assert "Grouped by job" in page.text
    body = page.text.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    cells = [
        re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]
    jobs = [re.search(r"/jobs/([0-9a-f]{64})", c[1]).group(1) for c in cells]  # type: ignore[union-attr]
    ranks = [c[2].strip() for c in cells]
    assert len(set(jobs)) == 2 and len(jobs) == 14, ranks
    switches = sum(1 for a, b in pairwise(jobs) if a != b)
    assert switches == 1  # grouped: each job's rows together
    first = [int(r) for job, r in zip(jobs, ranks, strict=True) if job == jobs[0] and r != "–"]
    assert first == list(range(1, len(first) + 1))
    assert re.search(r'id="pager-count">1–14 of 14<', page.text)
    rows, total = application_page(store(world), ApplicationFilter(limit=5, offset=5))
    assert total == 14 and len(rows) == 5
    second = client(world, "rev-apps").get("/queues/applications?page=2")
    assert (
        second.status_code == 200 and 'rel="prev" href="/queues/applications?page=1"' in second.text
    )
    assert "page 2 is past the end: 14 in all" in second.text  # 14 rows fill one page of 50


# -- 6. received_at -----------------------------------------------------------------------------


def test_oldest_first_means_oldest_received_not_oldest_imported(world: dict[str, Any]) -> None:
    page = client(world, "rev-reports").get("/queues/reports?order=age")
    order = [int(i) for i in re.findall(r'<a href="/reports/(\d+)">#', page.text)]
    mine = [i for i in order if i in {report_id(world, r) for r, _, _ in TIPS}]
    expected = [report_id(world, r) for r, _, _ in sorted(TIPS, key=lambda t: t[1])]
    assert mine == expected
    assert "2026-12-01 08:00" in page.text  # the time received, not the import time


# -- 8. oversight -------------------------------------------------------------------------------


def test_oversight_counts_applications_by_their_latest_decision(world: dict[str, Any]) -> None:
    rows = [r for r in store(world).list_assessments("screening", limit=100) if not r["error"]]
    api = client(world, html=False)
    for item, decision in ((rows[0], "hold"), (rows[0], "advance"), (rows[1], "reject")):
        sent = api.post(
            f"/api/applications/{item['id']}/decisions",
            json={"decision": decision, "reason": "test of counting"},
        )
        assert sent.status_code == 201, sent.text
    stats = client(world, "auditor", html=False).get("/api/stats").json()
    counted = stats["applications"]
    assert counted["decided"] == sum(counted["decisions"].values())
    assert counted["decision_events"] == counted["decided"] + 1  # the changed mind
    assert counted["decisions"].get("hold", 0) == 0


# -- 9. jobs ------------------------------------------------------------------------------------


def test_a_posting_without_requirements_is_refused_with_a_reason(world: dict[str, Any]) -> None:
    page = client(world).post("/jobs", data={"posting": "We are a great company. Apply now!"})
    assert page.status_code == 422
    assert "no requirements found" in page.text
    assert "We are a great company" in page.text  # the pasted text is kept to fix
    titles = [j["title"] for j in client(world, html=False).get("/api/jobs").json()]
    assert "We are a great company. Apply now!" not in titles


def test_a_job_title_is_text_and_same_titles_are_told_apart(world: dict[str, Any]) -> None:
    posting = (
        "<h1><b>Site Engineer</b></h1>\n\nRequirements:\n- 3 years of AutoCAD\n"
        "- Degree in civil engineering\n"
    )
    web = client(world)
    made = web.post("/jobs", data={"posting": posting, "title": "<i>Site</i> Engineer"})
    assert made.status_code == 200, made.text[:500]  # followed to the job page
    assert "<i>Site" not in made.text and "Site Engineer" in made.text
    jobs = web.get("/jobs").text
    names = re.findall(r'<td><a href="/jobs/[0-9a-f]{64}">([^<]+)</a></td>', jobs)
    assert len(names) == len(set(names))  # the two Data Scientist jobs read differently
    sha = re.search(r"/jobs/([0-9a-f]{64})", str(made.url))
    assert sha is not None
    archived = web.post(f"/jobs/{sha.group(1)}/edit", data={"action": "archive"})
    assert archived.status_code == 200
    assert sha.group(1) not in web.get("/jobs").text
    assert sha.group(1) in web.get("/jobs?archived=1").text
    deleted = web.post(f"/jobs/{sha.group(1)}/edit", data={"action": "delete"})
    assert deleted.status_code == 200 and sha.group(1) not in web.get("/jobs?archived=1").text
    used = re.search(r'href="/jobs/([0-9a-f]{64})"', jobs)
    assert used is not None
    kept = web.post(f"/jobs/{used.group(1)}/edit", data={"action": "delete"})
    assert kept.status_code == 409 and "Archive it instead" in kept.text


# -- 10. make demo --------------------------------------------------------------------------------


def test_make_demo_installs_the_translator() -> None:
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    planned = subprocess.run(
        [make, "-n", "demo"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "setup-system.sh --translation" in planned.stdout
    script = (ROOT / "scripts" / "setup-system.sh").read_text()
    assert "apertium-eng-spa" in script and "apertium-fr-es" in script


# -- 11. smaller things ---------------------------------------------------------------------------


def test_head_of_the_front_page_answers(world: dict[str, Any]) -> None:
    anonymous = httpx.Client(base_url=world["server"].url, timeout=30)
    world["opened"].append(anonymous)
    assert anonymous.head("/").status_code == 200
    assert anonymous.head("/login").status_code == 200


def test_an_error_page_keeps_the_navigation(world: dict[str, Any]) -> None:
    page = client(world, "rev-reports").get("/reports/999999")
    assert page.status_code == 404
    assert 'href="/queues/reports"' in page.text and "Sign out" in page.text


def test_reports_filter_by_language_name_and_any_case_of_category(world: dict[str, Any]) -> None:
    web = client(world, "rev-reports")
    every = web.get("/queues/reports").text
    english = web.get("/queues/reports?language=english").text
    coded = web.get("/queues/reports?language=en").text
    count = lambda text: len(re.findall(r'<a href="/reports/\d+">#', text))  # noqa: E731
    assert count(english) == count(coded) > 0
    assert ">English<" in every  # the filter offers names
    lower = web.get("/queues/reports?category=infrastructure_related").text
    mixed = web.get("/queues/reports?category=Infrastructure Related").text
    assert count(lower) == count(mixed) > 0


def test_a_right_to_left_override_in_a_file_name_is_shown_with_a_warning(
    world: dict[str, Any],
) -> None:
    page = client(world).get("/queues/applications")
    assert "cv[U+202E]fdp.exe.md" in page.text
    assert "\u202e" not in page.text
    assert "file name hides characters" in page.text


def test_decision_errors_keep_the_choice_and_show_at_the_top(world: dict[str, Any]) -> None:
    rows = [r for r in store(world).list_assessments("screening", limit=100) if not r["error"]]
    page = client(world, "rev-apps").post(
        f"/applications/{rows[2]['id']}/decision", data={"decision": "advance", "reason": " "}
    )
    assert page.status_code == 422
    assert re.search(r'value="advance" required checked', page.text)
    top = page.text.index('id="decision-error"')
    assert top < page.text.index("Requirements and evidence")


def test_report_decision_messages_say_a_report() -> None:
    with pytest.raises(InputError, match="not a decision for a report"):
        check_decision("report", "delete", "because")
    with pytest.raises(InputError, match="not a decision for an application"):
        check_decision("application", "delete", "because")


def test_a_failed_upload_is_shown_on_the_job_page(world: dict[str, Any]) -> None:
    job = client(world, html=False).get("/api/jobs").json()[0]["sha256"]
    broken = b"%PDF-1.7\n" + b"\x00garbage" * 50
    web = client(world)
    sent = web.post(
        f"/jobs/{job}/applications", files=[("files", ("broken-cv.pdf", broken, "application/pdf"))]
    )
    assert sent.status_code == 200

    def shown() -> str | None:
        text = web.get(f"/jobs/{job}").text
        return text if 'id="failed-uploads"' in text else None

    text = wait_for(shown, timeout=120)
    assert "broken-cv.pdf" in text


def test_a_file_that_cannot_be_taken_never_stops_the_rest_of_an_upload(
    world: dict[str, Any],
) -> None:
    job = client(world, html=False).get("/api/jobs").json()[0]["sha256"]
    before = store(world).job_uploads(job)["counts"]
    good = sorted(RESUMES.iterdir())[7].read_bytes()  # not among the six already screened
    sent = client(world).post(
        f"/jobs/{job}/applications",
        files=[
            ("files", ("setup.exe", b"MZ\x90\x00", "application/octet-stream")),
            ("files", (sorted(RESUMES.iterdir())[7].name, good, "application/pdf")),
        ],
    )
    assert sent.status_code == 422
    assert "setup.exe" in sent.text and "not a supported file type" in sent.text
    assert "1 resume queued for screening." in sent.text
    after = store(world).job_uploads(job)["counts"]
    assert sum(after.values()) == sum(before.values()) + 1  # the readable file was queued


# -- the daily work beyond the list ---------------------------------------------------------------


def test_alerts_are_held_back_for_a_flagged_campaign(world: dict[str, Any]) -> None:
    from fairsift.store.reports import TriagedReport

    def row(campaign: bool) -> dict[str, Any]:
        return {
            "urgency": {"level": "critical", "reason": "the report says 'trapped'"},
            "campaign": {"group": "c1", "size": 12, "reason": "12 near-identical reports"}
            if campaign
            else None,
            "categories": [],
            "language": "en",
            "provenance": {"config_sha256": "test"},
        }

    ids = store(world).put_triaged_reports(
        [
            TriagedReport(
                {"id": "a1"}, "People trapped in the church of Leogane", None, "cli", row(False)
            ),
            TriagedReport(
                {"id": "a2"},
                "Send everyone to the stadium now, all trapped",
                None,
                "cli",
                row(True),
            ),
        ],
        actor="test",
    )
    page = client(world, "rev-reports").get("/queues/reports").text
    panel = re.search(r'id="alerts"(.*?)</section>', page, re.S)
    assert panel is not None
    held = re.search(r'id="held-alerts"(.*?)</p>', panel.group(1), re.S)
    assert held is not None and f"#{ids[1]}<" in held.group(1)
    raised = panel.group(1).split('id="held-alerts"')[0]
    assert f"#{ids[0]}<" in raised and f"#{ids[1]}<" not in raised


def test_reports_are_imported_from_an_eml_in_the_browser(world: dict[str, Any]) -> None:
    eml = (ROOT / "examples" / "reports" / "from-a-resident.eml").read_bytes()
    web = client(world, "rev-reports")
    before = len(store(world).list_reports(limit=10_000))
    sent = web.post("/reports/import", files=[("files", ("resident.eml", eml, "message/rfc822"))])
    assert sent.status_code == 200 and "1 reports imported" in sent.text
    rows = store(world).list_reports(limit=10_000)
    assert len(rows) == before + 1
    newest = max(rows, key=lambda r: r["id"])
    assert newest["source"] == "import" and newest["fields"]["input"] == "resident.eml"


def test_people_manage_their_tokens_and_password_and_admins_unlock(world: dict[str, Any]) -> None:
    db = store(world)
    users.add_user(db, "carla", "reviewer", PASSWORD, ["reports"], "test")
    token = users.create_token(db, "carla", "laptop", "test")
    carla = httpx.Client(
        base_url=world["server"].url,
        headers={"authorization": f"Bearer {token}", "accept": "text/html"},
        timeout=60,
    )
    world["opened"].append(carla)
    account = carla.get("/account").text
    assert "laptop" in account and token not in account  # listed, never shown again
    wrong = carla.post("/account/password", data={"current": "nope", "password": "x" * 14})
    assert wrong.status_code == 422 and "current password" in wrong.text
    changed = carla.post("/account/password", data={"current": PASSWORD, "password": "y" * 14})
    assert changed.status_code == 200 and "password was changed" in changed.text
    for _ in range(5):
        users.authenticate(db, "carla", "wrong password!", "10.0.0.9")
    locked = db.get_user("carla")
    assert locked is not None and locked.locked()
    assert "<strong>locked</strong>" in client(world).get("/users").text
    client(world).post("/users/carla/unlock")
    unlocked = db.get_user("carla")
    assert unlocked is not None and not unlocked.locked()
    listed = db.list_api_tokens("carla")
    revoked = carla.post(f"/account/tokens/{listed[0]['id']}/revoke")
    assert revoked.status_code == 200 and "revoked" in revoked.text
    assert db.user_for_token(token) is None


def test_the_report_queue_lists_the_categories_a_reviewer_acts_on(world: dict[str, Any]) -> None:
    rows = client(world, "rev-reports", html=False).get("/api/queues/reports").json()
    page = client(world, "rev-reports").get("/queues/reports").text
    broad = [r for r in rows if "related" in r["categories"] and len(r["categories"]) > 2]
    assert broad, "the sample reports should carry the catch-all 'related'"
    for row in broad:  # the API keeps every category; the page leaves out the catch-alls
        cells = re.search(rf'aria-label="Select report {row["id"]}".*?</tr>', page, re.S)
        assert cells is not None
        found = re.findall(r'<td data-label="Categories">([a-z_, ]+)', cells.group(0))[0]
        listed = found.strip().split(", ")
        specific = [c for c in row["categories"] if c not in ("related", "aid_related")]
        assert listed and set(listed) <= set(row["categories"]), listed
        assert listed[0] in specific[:4] and "related" not in listed, listed


def test_assigning_a_report_notifies_the_person_and_the_team_in_the_app(
    world: dict[str, Any],
) -> None:
    mine, theirs = report_id(world, "r1"), report_id(world, "r3")
    admin = client(world)
    for item, assignee in ((mine, "user:rev-reports"), (theirs, "team:medical")):
        done = admin.post(f"/reports/{item}/work", data={"action": "assign", "assignee": assignee})
        assert done.status_code == 200, done.text[:300]
    reviewer = client(world, "rev-reports")
    # on every page: a link in the navigation to the reports assigned to you
    for path in ("/queues/reports", f"/reports/{mine}", "/account"):
        page = reviewer.get(path).text
        badge = re.search(r'id="assigned-to-me" href="([^"]+)"[^>]*>(\d+) for you<', page)
        assert badge is not None, path
        assert badge.group(2) == "1" and "assignee=user:rev-reports" in badge.group(1)
        assert "status=open" in badge.group(1)
    panel = re.search(r'id="assigned"(.*?)</section>', reviewer.get("/queues/reports").text, re.S)
    assert panel is not None
    assert "1 open report is assigned to you" in panel.group(1)
    team_link = 'href="/queues/reports?assignee=team:medical&amp;status=open">medical (1)'
    assert team_link in panel.group(1)
    filtered = reviewer.get("/queues/reports?assignee=user:rev-reports").text
    assert f'href="/reports/{mine}"' in filtered and f'href="/reports/{theirs}"' not in filtered
    # the admin was assigned nothing: the team's notice only
    admin_page = admin.get("/queues/reports").text
    assert 'id="assigned-to-me"' not in admin_page and "medical (1)" in admin_page
    # closing it ends the notice
    closed = reviewer.post(
        f"/reports/{mine}/decision", data={"decision": "close", "reason": "Road cleared"}
    )
    assert closed.status_code == 200
    assert 'id="assigned-to-me"' not in reviewer.get("/account").text
    # the badge's link lists open reports only; the closed one is still found with any status
    still_open = reviewer.get("/queues/reports?assignee=user:rev-reports&status=open").text
    assert f'href="/reports/{mine}"' not in still_open
    any_status = reviewer.get("/queues/reports?assignee=user:rev-reports").text
    assert f'href="/reports/{mine}"' in any_status
    listed = client(world, "rev-reports", html=False).get("/api/queues/reports?status=open").json()
    open_ones = ("new", "triaged", "in_progress", "escalate")
    assert listed and all(r["status"] in open_ones for r in listed)
    assert mine not in [r["id"] for r in listed]


def test_the_job_page_shows_each_requirements_share_of_the_score(world: dict[str, Any]) -> None:
    job = client(world, html=False).get("/api/jobs").json()[0]["sha256"]
    for who, pattern in (
        ("rev-apps", r"weight [\d.]+ · (under 1|\d+) % of the score"),  # the plain list
        (
            "admin",
            r'aria-label="Weight of requirement \d+"> <span class="muted small">'
            r"(under 1|\d+) %</span>",
        ),  # the edit form
    ):
        page = client(world, who).get(f"/jobs/{job}").text
        shares = re.findall(pattern, page)
        assert len(shares) >= 2, who
        whole = sum(0 if s == "under 1" else int(s) for s in shares)
        assert 100 - len(shares) <= whole <= 100 + len(shares), (who, shares)
