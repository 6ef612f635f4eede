"""Databases for tests: a SQLite file in a temp folder, or a fresh database on the PostgreSQL
server named by FAIRSIFT_TEST_PG_URL (scripts/pg-test-server.sh starts one). Shared by the
store's tests and the service's, so both run against both backends the same way.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text

from fairsift.store.engine import resolve_url

__all__ = ["BACKENDS", "PG_UNSET", "PG_URL_ENV", "tamper", "temporary_database"]

PG_URL_ENV = "FAIRSIFT_TEST_PG_URL"
AUDIT_TABLES = ("audit_log", "audit_items")  # append-only: `tamper` lifts their triggers
BACKENDS = ("sqlite", "postgresql")
PG_UNSET = (
    f"{PG_URL_ENV} is not set: PostgreSQL tests skipped. "
    "Run `eval $(scripts/pg-test-server.sh start)` to start a local test server"
)


@contextmanager
def temporary_database(backend: str, folder: Path) -> Iterator[str]:
    """Yield a URL (or path) to an empty database; a PostgreSQL one is dropped afterwards.
    Raises LookupError for "postgresql" when FAIRSIFT_TEST_PG_URL is unset."""
    if backend == "sqlite":
        yield str(folder / "store" / "fairsift.db")
        return
    if backend != "postgresql":
        raise ValueError(f"unknown backend {backend!r}")
    server = os.environ.get(PG_URL_ENV)
    if not server:
        raise LookupError(PG_UNSET)
    url = resolve_url(server)
    name = f"fairsift_test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def tamper(target: str, *statements: str) -> None:
    """Run SQL straight against a store's database, as someone with the keys to it would: the
    audit log's append-only triggers (entries and batch items) are lifted for these
    statements (SQLite: dropped and put back; PostgreSQL: disabled, which needs the table's
    owner or a superuser) and restored.
    For tests that show tampering is caught."""
    url = resolve_url(target)
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            if url.get_backend_name() == "sqlite":
                triggers = (
                    conn.execute(
                        text(
                            "SELECT sql FROM sqlite_master WHERE type = 'trigger' "
                            "AND tbl_name IN ('audit_log', 'audit_items')"
                        )
                    )
                    .scalars()
                    .all()
                )
                for name in (
                    conn.execute(
                        text(
                            "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                            "AND tbl_name IN ('audit_log', 'audit_items')"
                        )
                    )
                    .scalars()
                    .all()
                ):
                    conn.execute(text(f'DROP TRIGGER "{name}"'))
                for statement in statements:
                    conn.exec_driver_sql(statement)
                for sql in triggers:
                    conn.execute(text(sql))
            else:
                for table in AUDIT_TABLES:
                    conn.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
                for statement in statements:
                    conn.exec_driver_sql(statement)
                for table in AUDIT_TABLES:
                    conn.execute(text(f"ALTER TABLE {table} ENABLE TRIGGER USER"))
    finally:
        engine.dispose()
