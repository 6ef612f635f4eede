"""On a real PostgreSQL server, the service's role cannot change the audit log: the trigger
refuses UPDATE, DELETE and TRUNCATE for everyone, and a member of `fairsift_app` is refused
by privileges before that, cannot lift the trigger, yet does all of the service's work.
Migrations also run as a database owner that is not a superuser."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import URL, create_engine, text
from sqlalchemy.exc import DBAPIError

from fairsift.store import Store
from fairsift.store.engine import resolve_url
from fairsift.store.testing import PG_UNSET, PG_URL_ENV, temporary_database

pytestmark = pytest.mark.skipif(not os.environ.get(PG_URL_ENV), reason=PG_UNSET)

JOB = "1" * 64


def admin_url() -> URL:
    return resolve_url(os.environ[PG_URL_ENV])


def run_as_admin(*statements: str) -> None:
    engine = create_engine(admin_url(), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        for statement in statements:
            conn.execute(text(statement))
    engine.dispose()


@pytest.fixture
def db_url(tmp_path: Path) -> Iterator[str]:
    with temporary_database("postgresql", tmp_path) as url:
        with Store.open(url) as store:  # migrated by the server's superuser
            store.put_job(sha256=JOB, source="job.md", title="Engineer", requirements=[])
            store.add_user("ann", "admin", "hash", actor="cli")
        yield url


@pytest.fixture
def service_url(db_url: str) -> Iterator[str]:
    """The same database, logged in as a member of fairsift_app, as an operator sets it up."""
    name = f"fairsift_svc_{uuid.uuid4().hex[:12]}"
    run_as_admin(f"CREATE ROLE {name} LOGIN PASSWORD 'pw' IN ROLE fairsift_app")
    url = resolve_url(db_url).set(username=name, password="pw")
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        database = resolve_url(db_url).database
        engine = create_engine(resolve_url(db_url), isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:  # end the role's sessions, then the role
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE usename = :name AND datname = :db"
                ),
                {"name": name, "db": database},
            )
        engine.dispose()
        run_as_admin(f"DROP ROLE IF EXISTS {name}")


def refused(url: str, statement: str) -> str:
    engine = create_engine(url)
    try:
        with pytest.raises(DBAPIError) as caught, engine.begin() as conn:
            conn.execute(text(statement))
    finally:
        engine.dispose()
    return str(caught.value.orig)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_log SET actor = 'x' WHERE id = 1",
        "DELETE FROM audit_log WHERE id = 1",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
    ],
)
def test_the_trigger_refuses_even_a_superuser(db_url: str, statement: str) -> None:
    message = refused(db_url, statement)
    assert "audit_log is append-only" in message
    assert statement.split()[0] in message  # it says which operation


@pytest.mark.parametrize(
    ("statement", "why"),
    [
        ("UPDATE audit_log SET actor = 'x' WHERE id = 1", "permission denied"),
        ("DELETE FROM audit_log WHERE id = 1", "permission denied"),
        ("TRUNCATE audit_log", "permission denied"),
        ("ALTER TABLE audit_log DISABLE TRIGGER USER", "must be owner"),
        ("DROP TRIGGER audit_log_append_only ON audit_log", "must be owner"),
        ("DROP TABLE audit_log", "must be owner"),
        ("UPDATE alembic_version SET version_num = '0001'", "permission denied"),
    ],
)
def test_the_service_role_cannot_change_the_log_or_lift_the_trigger(
    db_url: str, service_url: str, statement: str, why: str
) -> None:
    assert why in refused(service_url, statement)
    with Store.open(db_url) as store:
        assert store.verify_audit() == []


def test_the_service_role_does_all_the_service_work(db_url: str, service_url: str) -> None:
    with Store.open(service_url) as store:  # at head already: opening migrates nothing
        store.add_user("bob", "reviewer", "hash", ["reports"], actor="ann")
        store.record_login("bob", True, "127.0.0.1")
        token = store.create_api_token("bob", "ci", "ann")
        assert store.user_for_token(token) is not None
        report = store.put_report({}, "a report", {"phone": "1"}, "api", "bob")
        store.put_report_assessment(report, {"language": "en"}, {"model": "m"})
        store.add_to_report(store.create_receipt(report), "more")
        store.put_decision("report", report, None, "close", "dealt with", "bob")
        item, created = store.enqueue("report", {"report_id": report}, f"report:{report}")
        claimed = store.claim_next("report", "w1")
        assert created and claimed is not None and claimed.id == item
        store.finish(item, f"report:{report}", None)
        store.put_assessment(
            kind="screening",
            job_sha256=JOB,
            item_sha256="a" * 64,
            source="cv.pdf",
            config_sha256="c" * 64,
            payload={"score": 1.0},
            provenance={},
        )
        store.put_document_text("a" * 64, "text", "blind")
        store.put_demographic("a" * 64, "Female", None, "candidate")
        store.remove_user("bob", "ann")
        assert store.verify_audit() == []
        assert store.audit_head() is not None


def test_a_database_owner_who_is_not_a_superuser_can_migrate(tmp_path: Path) -> None:
    owner = f"fairsift_owner_{uuid.uuid4().hex[:12]}"
    database = f"fairsift_test_{uuid.uuid4().hex[:16]}"
    run_as_admin(
        f"CREATE ROLE {owner} LOGIN PASSWORD 'pw' NOSUPERUSER NOCREATEROLE",
        f'CREATE DATABASE "{database}" OWNER {owner}',
    )
    url = admin_url().set(username=owner, password="pw", database=database)
    try:
        with Store.open(url.render_as_string(hide_password=False)) as store:
            assert store.schema_differences() == []
            store.append_audit("export", owner, "x", {})
        assert "append-only" in refused(
            url.render_as_string(hide_password=False), "DELETE FROM audit_log"
        )
    finally:
        run_as_admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)', f"DROP ROLE {owner}")
