"""On PostgreSQL, the service's role (a member of fairsift_app, not the tables' owner) can
erase a person: it may delete their rows and replace an audit entry's payload by its erasure,
and nothing else in the audit log; VACUUM FULL, which only an owner may run, is reported as
refused rather than skipped in silence."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from fairsift.people import erase_person
from fairsift.store import Store
from fairsift.store.engine import resolve_url
from fairsift.store.testing import PG_UNSET, PG_URL_ENV, temporary_database

pytestmark = pytest.mark.skipif(not os.environ.get(PG_URL_ENV), reason=PG_UNSET)
JOB, SHA = "1" * 64, "2" * 64


def admin(*statements: str) -> None:
    engine = create_engine(resolve_url(os.environ[PG_URL_ENV]), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        for statement in statements:
            conn.execute(text(statement))
    engine.dispose()


@pytest.fixture
def urls(tmp_path: Path) -> Iterator[tuple[str, str]]:
    with temporary_database("postgresql", tmp_path) as url:
        with Store.open(url) as store:  # migrated by the superuser, as an operator does
            store.put_job(sha256=JOB, source="job.md", title="Engineer", requirements=[])
            store.put_assessment(
                kind="screening",
                job_sha256=JOB,
                item_sha256=SHA,
                source="r.txt",
                config_sha256="3" * 64,
                payload={"sha256": SHA},
                provenance={},
                score=1.0,
            )
        name = f"fairsift_svc_{uuid.uuid4().hex[:12]}"
        admin(f"CREATE ROLE {name} LOGIN PASSWORD 'pw' IN ROLE fairsift_app")
        service = resolve_url(url).set(username=name, password="pw")
        try:
            yield url, service.render_as_string(hide_password=False)
        finally:
            database = resolve_url(url).database
            admin(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                f"WHERE usename = '{name}' AND datname = '{database}'"
            )
            admin(f"DROP ROLE IF EXISTS {name}")


def test_the_service_role_erases_and_may_change_nothing_else(urls: tuple[str, str]) -> None:
    owner_url, service_url = urls
    with Store.open(service_url) as store:
        result = erase_person(store, SHA, "ann")
        assert result.rows["assessments"] == 1 and result.audit_entries == 1
        assert any("VACUUM FULL" in line and "refused" in line for line in result.scrub)
        assert store.verify_audit() == []
    engine = create_engine(resolve_url(service_url))
    for statement in (
        "UPDATE audit_log SET actor = 'x' WHERE id = 1",
        "UPDATE audit_log SET erased = NULL, payload = '{}' WHERE id = 2",  # un-erase
        "DELETE FROM audit_log WHERE id = 1",
    ):
        with pytest.raises(DBAPIError), engine.begin() as conn:
            conn.execute(text(statement))
    engine.dispose()
    with Store.open(owner_url) as store:
        assert store.verify_audit() == []
