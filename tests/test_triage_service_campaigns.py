"""A campaign sent through the running service — some copies through the public form, some
through the API — is flagged as the same reports are in one `fairsift triage` batch. Real
uvicorn server with its worker thread, real SQLite file, real bundled models; nothing stubbed."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from fairsift.intake.records import Record
from fairsift.service.settings import ServiceSettings
from fairsift.service.testing import ServerThread, seed_people
from fairsift.store import Store
from fairsift.triage.pipeline import Triager

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "taxonomies" / "disaster-response.toml"
CAMPAIGN = "The mayor of Jacmel stole all the relief money, share this everywhere"
COPIES = [
    CAMPAIGN,
    CAMPAIGN + "!!",
    "RT " + CAMPAIGN,
    CAMPAIGN.upper(),
    CAMPAIGN + " pls share",
    "Fwd: " + CAMPAIGN,
]
OTHER = "Is the water point in Delmas 31 open again this afternoon?"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[ServerThread, dict[str, str]]]:
    db = str(tmp_path / "fairsift.db")
    tokens = seed_people(db)
    settings = ServiceSettings(
        db=db,
        data_dir=tmp_path / "data",
        pow_bits=0,
        form_per_hour=100,
        form_per_hour_without_work=100,
    )
    with ServerThread(settings) as running:
        yield running, tokens


def _form(client: httpx.Client, text: str) -> None:
    page = client.get("/report?lang=en").text
    token = re.search(r'name="csrf_token" value="([^"]*)"', page)
    assert token is not None
    sent = client.post("/report", data={"csrf_token": token.group(1), "text": text, "lang": "en"})
    assert sent.status_code == 200, sent.text


def _assessed(db: str, count: int, timeout: float = 180) -> list[dict[str, object]]:
    deadline = time.monotonic() + timeout
    with Store.open(db) as store:
        while True:
            rows = [store.report_by_id(i) for i in range(1, count + 1)]
            if all(r is not None and r.get("assessment") for r in rows):
                return [r["assessment"] for r in rows if r is not None]
            assert time.monotonic() < deadline, "the worker did not triage the reports in time"
            time.sleep(0.5)


def test_a_campaign_through_form_and_api_is_flagged_as_in_a_cli_batch(
    server: tuple[ServerThread, dict[str, str]],
) -> None:
    running, tokens = server
    headers = {"Authorization": f"Bearer {tokens['rev-reports']}"}
    with (
        httpx.Client(base_url=running.url, timeout=60) as public,
        httpx.Client(base_url=running.url, headers=headers, timeout=60) as api,
    ):
        for n, text in enumerate([*COPIES, OTHER]):
            if n % 2 == 0:
                _form(public, text)
            else:
                sent = api.post("/api/reports", json={"text": text})
                assert sent.status_code == 202, sent.text
    served = _assessed(str(running.settings.db), len(COPIES) + 1)
    service_flags = [row["campaign"] is not None for row in served]

    start = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    records = [
        Record(
            id=str(n),
            source="batch",
            text=text,
            sha256=f"{n:064d}",
            received=start + timedelta(seconds=10 * n),
        )
        for n, text in enumerate([*COPIES, OTHER])
    ]
    batch = Triager.create(EXAMPLE, translate=False).triage(records)
    batch_flags = [row["campaign"] is not None for row in batch]

    assert batch_flags == [True] * len(COPIES) + [False], batch_flags
    assert service_flags == batch_flags, [row["campaign"] for row in served]
    groups = {row["duplicate_group"] for row in served[: len(COPIES)]}
    assert len(groups) == 1 and None not in groups
