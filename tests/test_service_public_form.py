"""The public report form without a browser: its CSRF token, honeypot, proof-of-work and
per-client rate limits (stricter without the work), receipts, and self-identification
links that only work with their code."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from fairsift.service.pow import solve
from fairsift.service.settings import ServiceSettings
from fairsift.service.testing import ServerThread, seed_people


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerThread]:
    db = str(tmp_path / "fairsift.db")
    seed_people(db)
    settings = ServiceSettings(
        db=db,
        data_dir=tmp_path / "data",
        pow_bits=8,
        form_per_hour=4,
        form_per_hour_without_work=2,
        worker=False,
    )
    with ServerThread(settings) as running:
        yield running


def form(client: httpx.Client, lang: str = "en") -> dict[str, str]:
    page = client.get(f"/report?lang={lang}").text
    fields = dict(re.findall(r'name="(csrf_token|pow_challenge)" value="([^"]*)"', page))
    assert set(fields) == {"csrf_token", "pow_challenge"}
    return fields


def send(client: httpx.Client, text: str, work: bool = True, **extra: str) -> httpx.Response:
    fields = form(client)
    data = {"csrf_token": fields["csrf_token"], "text": text, "lang": "es", **extra}
    if work:
        data["pow_challenge"] = fields["pow_challenge"]
        data["pow_counter"] = solve(fields["pow_challenge"])
    return client.post("/report", data=data)


def test_a_report_with_work_gets_a_receipt_in_the_reporters_language(
    server: ServerThread,
) -> None:
    with httpx.Client(base_url=server.url) as client:
        response = send(client, "Se cayó el puente de la ruta 2")
    assert response.status_code == 200
    assert "Su código de recibo" in response.text
    assert re.search(r'id="receipt-code">\s*[A-Za-z0-9_-]{16,}', response.text)


def test_without_work_the_limit_is_stricter_and_says_so_in_the_language(
    server: ServerThread,
) -> None:
    with httpx.Client(base_url=server.url) as client:
        codes = [send(client, f"sin script {i}", work=False).status_code for i in range(3)]
        assert codes == [200, 200, 429]
        assert "Demasiados informes" in send(client, "otra vez", work=False).text
        # With the work done, the same client still has its own allowance.
        assert [send(client, f"con trabajo {i}").status_code for i in range(5)] == [
            *[200] * 4,
            429,
        ]


def test_a_replayed_or_forged_solution_counts_as_no_work(server: ServerThread) -> None:
    with httpx.Client(base_url=server.url) as client:
        fields = form(client)
        solved = {
            "csrf_token": fields["csrf_token"],
            "text": "x",
            "pow_challenge": fields["pow_challenge"],
            "pow_counter": solve(fields["pow_challenge"]),
        }
        assert client.post("/report", data=solved).status_code == 200
        # The same solution again falls under the no-work limit (2), as does a forged one.
        forged = {**solved, "pow_counter": "0", "pow_challenge": "1:2:8:3"}
        codes = [client.post("/report", data=d).status_code for d in (solved, forged, solved)]
    assert codes == [200, 200, 429]


def test_the_honeypot_and_a_missing_token_are_refused_keeping_the_text(
    server: ServerThread,
) -> None:
    with httpx.Client(base_url=server.url) as client:
        trapped = send(client, "texto que se conserva", website="http://spam.example")
        assert trapped.status_code == 400
        assert "texto que se conserva" in trapped.text
        assert "receipt-code" not in trapped.text
        no_token = client.post("/report", data={"text": "sin token", "lang": "fr"})
        assert no_token.status_code == 403
        assert "Le formulaire a expiré" in no_token.text
    with httpx.Client(base_url=server.url) as stranger:  # a cross-site post: no cookie
        fields = form(stranger)
        stranger.cookies.clear()
        posted = stranger.post("/report", data={"csrf_token": fields["csrf_token"], "text": "x"})
        assert posted.status_code == 403


def test_self_identification_needs_the_code_from_the_link(server: ServerThread) -> None:
    candidate = "a" * 64
    code = server.ctx.sessions.sign("self-id", candidate)[:24]
    with httpx.Client(base_url=server.url) as anyone:
        good = anyone.post(
            "/api/self-id", json={"candidate": candidate, "code": code, "sex": "Female"}
        )
        bad = anyone.post(
            "/api/self-id", json={"candidate": candidate, "code": "0" * 24, "sex": "Male"}
        )
    assert good.status_code == 201
    assert bad.status_code == 403
    rows = server.ctx.store.demographics()
    assert rows == [{"candidate_sha256": candidate, "sex": "Female", "race_ethnicity": None}]
