"""Every list pages with a total, in pages and in the API: jobs (open, archived, and only a
reviewer's own jobs), users. A real server over a real SQLite file, 57 jobs and 55 users."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from fairsift.domain import Requirement
from fairsift.review import users
from fairsift.review.queue import job_page
from fairsift.service.settings import ServiceSettings
from fairsift.service.testing import PASSWORD, ServerThread, seed_people

JOBS = 57  # two pages of 50 on the page, and more than one API page of 25
SAME = "Site Engineer"  # the first and the last job share a title


def sha(n: int) -> str:
    return hashlib.sha256(f"job {n}".encode()).hexdigest()


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    folder = tmp_path_factory.mktemp("pages")
    db = str(folder / "fairsift.db")
    tokens = seed_people(db)
    settings = ServiceSettings(db=db, data_dir=folder / "data", pow_bits=0)
    with ServerThread(settings) as server:
        store = server.ctx.store
        need = [Requirement("Python", "skill")]
        for n in range(JOBS):
            title = SAME if n in (0, JOBS - 1) else f"Job {n:02d}"
            store.put_job(sha256=sha(n), source=f"job-{n}.md", title=title, requirements=need)
        for n in (3, 4):  # archived: listed apart
            store.update_job(sha(n), "test", archived=True)
        for n in range(51):
            users.add_user(store, f"person-{n:02d}", "auditor", PASSWORD, [], actor="test")
        users.add_user(store, "one-job", "reviewer", PASSWORD, [f"job:{sha(7)}"], actor="test")
        tokens["one-job"] = users.create_token(store, "one-job", "t", actor="test")
        clients: list[httpx.Client] = []
        yield {"server": server, "tokens": tokens, "clients": clients, "db": db}
        for one in clients:
            one.close()


def client(world: dict[str, Any], who: str = "admin", html: bool = False) -> httpx.Client:
    headers = {"authorization": f"Bearer {world['tokens'][who]}"}
    if html:
        headers["accept"] = "text/html"
    made = httpx.Client(base_url=world["server"].url, headers=headers, timeout=60)
    world["clients"].append(made)
    return made


def count_line(html: str) -> str:
    found = re.search(r'id="pager-count">([^<]*)<', html)
    assert found, "no 'N–M of T' line"
    return found.group(1)


def test_the_jobs_page_pages_with_a_total_and_links(world: dict[str, Any]) -> None:
    http = client(world, html=True)
    first = http.get("/jobs")
    assert first.status_code == 200
    assert count_line(first.text) == "1–50 of 55"  # open jobs only
    assert first.text.count('<a href="/jobs/') == 50
    assert 'rel="next" href="/jobs?page=2"' in first.text
    second = http.get("/jobs?page=2")
    assert count_line(second.text) == "51–55 of 55"
    assert second.text.count('<a href="/jobs/') == 5
    assert 'rel="prev" href="/jobs?page=1"' in second.text
    # the two "Site Engineer" jobs are on different pages and still told apart
    assert f"{SAME} (job-0.md" in first.text and f"{SAME} (job-{JOBS - 1}.md" in second.text
    archived = http.get("/jobs?archived=1")
    assert count_line(archived.text) == "1–2 of 2"
    assert 'href="/jobs?archived=1&amp;page=2"' not in archived.text


def test_the_jobs_api_pages_with_a_total_and_a_next_link(world: dict[str, Any]) -> None:
    http = client(world)
    got = http.get("/api/jobs", params={"limit": 25})
    assert got.status_code == 200
    assert got.headers["x-total-count"] == str(JOBS)
    assert len(got.json()) == 25
    assert "offset=25" in got.headers["link"] and 'rel="next"' in got.headers["link"]
    last = http.get("/api/jobs", params={"limit": 25, "offset": 50})
    assert len(last.json()) == JOBS - 50 and "link" not in last.headers
    seen = [j["sha256"] for j in got.json()] + [j["sha256"] for j in last.json()]
    assert seen[0] == sha(0) and seen[-1] == sha(JOBS - 1)  # oldest first, no overlap
    archived = http.get("/api/jobs", params={"archived": "true"})
    assert archived.headers["x-total-count"] == "2"
    assert {j["sha256"] for j in archived.json()} == {sha(3), sha(4)}
    assert http.get("/api/jobs", params={"limit": 0}).status_code == 422


def test_a_reviewer_of_one_job_counts_only_that_job(world: dict[str, Any]) -> None:
    http = client(world, "one-job")
    got = http.get("/api/jobs")
    assert got.headers["x-total-count"] == "1"
    assert [j["sha256"] for j in got.json()] == [sha(7)]
    page = client(world, "one-job", html=True).get("/jobs")
    assert count_line(page.text) == "1–1 of 1"


def test_the_users_page_and_api_page_with_a_total(world: dict[str, Any]) -> None:
    total = 4 + 51 + 1  # seeded people, the auditors, the one-job reviewer
    page = client(world, html=True).get("/users")
    assert page.status_code == 200
    assert count_line(page.text) == f"1–50 of {total}"
    assert page.text.count('<tr id="user-') == 50
    assert 'rel="next" href="/users?page=2"' in page.text
    second = client(world, html=True).get("/users?page=2")
    assert count_line(second.text) == f"51–{total} of {total}"
    assert second.text.count('<tr id="user-') == total - 50
    api = client(world).get("/api/users", params={"limit": 10, "offset": 50})
    assert api.headers["x-total-count"] == str(total)
    assert len(api.json()) == total - 50 and "link" not in api.headers
    assert client(world, html=True).get("/users?page=0").status_code == 422


def test_a_form_answered_on_the_users_page_links_pages_of_the_list(world: dict[str, Any]) -> None:
    http = client(world, html=True)  # a bearer token: no CSRF field needed
    answered = http.post("/users/person-00/password", data={"password": "short"})
    assert answered.status_code == 422  # the page is shown again, with the error
    assert count_line(answered.text) == "1–50 of 56"
    assert 'rel="next" href="/users?page=2"' in answered.text
    assert "/users/person-00/password?page=" not in answered.text


def test_an_action_on_page_two_of_the_users_shows_page_two_again(world: dict[str, Any]) -> None:
    http = client(world, html=True)
    second = http.get("/users?page=2").text
    found = re.search(r'action="/users/([^/"]+)/password\?page=2"', second)
    assert found is not None, "the forms on page 2 post back to page 2"
    answered = http.post(f"/users/{found.group(1)}/password?page=2", data={"password": "short"})
    assert answered.status_code == 422
    assert count_line(answered.text) == "51–56 of 56"
    assert f'id="user-{found.group(1)}"' in answered.text


def test_job_page_reads_one_page_from_the_database(world: dict[str, Any]) -> None:
    store = world["server"].ctx.store
    rows, total = job_page(store, archived=False, limit=10, offset=50)
    assert total == JOBS - 2 and len(rows) == 5
    assert rows[-1]["display"].startswith(f"{SAME} (")
    assert rows[0]["candidates"] == 0 and rows[0]["top_score"] is None
    only, counted = job_page(store, only=[sha(7), sha(8)], limit=1)
    assert counted == 2 and [j["sha256"] for j in only] == [sha(7)]
    assert Path(world["db"]).exists()


def test_the_audit_log_page_pages_with_the_total_the_api_gives(world: dict[str, Any]) -> None:
    total = int(client(world).get("/api/audit", params={"limit": 1}).headers["x-total-count"])
    assert total > 100  # jobs and people added above, each audited
    page = client(world, html=True).get("/oversight")
    assert count_line(page.text) == f"1–100 of {total}"
    assert 'rel="next" href="/oversight?page=2"' in page.text
    last = client(world, html=True).get(f"/oversight?page={-(-total // 100)}")
    assert count_line(last.text).endswith(f"–{total} of {total}")
    assert 'rel="next"' not in last.text


def test_list_pages_give_each_id_once(world: dict[str, Any]) -> None:
    http = client(world, html=True)
    for path in ("/oversight", "/jobs", "/users", "/queues/reports", "/queues/applications"):
        page = http.get(path)
        assert page.status_code == 200, path
        ids = re.findall(r'\sid="([^"]+)"', page.text)
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        assert repeated == [], f"{path}: {repeated}"


def test_the_client_reads_every_page_of_jobs_and_users(world: dict[str, Any]) -> None:
    from fairsift.client import Client

    with Client(world["server"].url, token=world["tokens"]["admin"]) as fs:
        assert len(fs.users()) == 56
        assert len(fs.jobs()) == JOBS
        assert {j["sha256"] for j in fs.jobs(archived=True)} == {sha(3), sha(4)}
        assert len(fs.jobs(archived=False)) == JOBS - 2


def test_the_requests_page_pages_open_first_and_only_a_reviewers_jobs(
    world: dict[str, Any],
) -> None:
    store = world["server"].ctx.store
    contact = {"name": "A. Person", "email": "a@example.org"}
    made = [store.add_alternative_request("alternative", f"any {n}", contact)[0] for n in range(50)]
    store.add_alternative_request("accommodation", "job seven", contact, job_sha256=sha(7))
    store.add_alternative_request("accommodation", "job eight", contact, job_sha256=sha(8))
    store.resolve_alternative_request(made[0], "Called them; interview by phone", "admin")
    admin = client(world, html=True)
    first = admin.get("/queues/requests")
    assert first.status_code == 200
    assert count_line(first.text) == "1–50 of 52"
    assert 'rel="next" href="/queues/requests?page=2"' in first.text
    second = admin.get("/queues/requests?page=2")
    assert count_line(second.text) == "51–52 of 52"
    rows = re.findall(r'<tr class="request">\s*<td>(\d+)</td>', second.text)
    assert rows[-1] == str(made[0])  # the resolved request comes after every open one
    mine = client(world, "one-job", html=True).get("/queues/requests?page=2")
    assert count_line(mine.text) == "51–51 of 51"  # any-job requests and job seven's only
    assert "job eight" not in client(world, "one-job", html=True).get("/queues/requests").text


def test_a_page_past_the_end_says_so_and_links_the_last_page(world: dict[str, Any]) -> None:
    page = client(world, html=True).get("/jobs?page=9")
    assert page.status_code == 200
    assert count_line(page.text) == "page 9 is past the end: 55 in all"
    assert 'rel="prev" href="/jobs?page=2">‹ Last page' in page.text


def test_a_stranger_is_sent_to_sign_in_before_a_pages_parameters_are_checked(
    world: dict[str, Any],
) -> None:
    html = {"accept": "text/html"}
    with httpx.Client(base_url=world["server"].url, headers=html, timeout=60) as stranger:
        for path in ("/jobs?page=0", "/users?page=x", "/reports/t01", "/oversight?page=0",
                     "/queues/requests?page=0", "/applications/0"):  # fmt: skip
            got = stranger.get(path)
            assert got.status_code == 303, path
            assert got.headers["location"].startswith("/login?next="), path
        json = stranger.get("/jobs?page=0", headers={"accept": "application/json"})
        assert json.status_code == 401
        # a public page still says what is wrong with its parameters
        assert stranger.get("/alternative", params={"job": "x" * 65}).status_code == 422
    assert client(world, html=True).get("/jobs?page=0").status_code == 422  # signed in


def test_an_invalid_address_is_explained_to_a_person_without_api_jargon(
    world: dict[str, Any],
) -> None:
    page = client(world, html=True).get("/reports/t01")
    assert page.status_code == 422
    assert "Check the address or the form" in page.text and "`errors`" not in page.text
    assert 'href="/jobs"' in page.text  # the navigation stays
    api = client(world).get("/api/applications/t01")
    assert api.status_code == 422 and "errors" in api.json()["hint"]
