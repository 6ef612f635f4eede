"""Alembic, run from inside fairsift: the migration scripts ship in the package, so a user
never needs alembic.ini. Upgrades run in one transaction holding the write lock (SQLite) or an
advisory lock (PostgreSQL), so processes opening a new database at once migrate it once.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

from fairsift.errors import StoreError
from fairsift.store.engine import WRITE
from fairsift.store.models import Base

__all__ = [
    "alembic_config",
    "current_revisions",
    "migrations_head",
    "schema_differences",
    "upgrade",
]

MIGRATIONS = Path(__file__).with_name("migrations")
PG_LOCK_KEY = 0x66616972  # "fair": serialises migrations across processes on PostgreSQL


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration for the packaged scripts; `connection` is migrated in place."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    config.attributes["connection"] = connection
    return config


@cache
def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def migrations_head() -> str:
    """The newest schema revision this fairsift knows."""
    head = _scripts().get_current_head()
    if head is None:  # pragma: no cover - the package always ships revisions
        raise RuntimeError(f"no migrations found in {MIGRATIONS}")
    return head


def current_revisions(connection: Connection) -> tuple[str, ...]:
    """The revisions the database says it is at (empty for a new database)."""
    return tuple(MigrationContext.configure(connection).get_current_heads())


def _check_known(revisions: tuple[str, ...], where: str) -> None:
    known = {script.revision for script in _scripts().walk_revisions()}
    unknown = sorted(set(revisions) - known)
    if unknown:
        raise StoreError(
            f"{where} was written by a newer fairsift (schema {', '.join(unknown)}; "
            f"this fairsift knows up to {migrations_head()})",
            "Upgrade fairsift (pip install -U fairsift), or use another database",
        )


def upgrade(engine: Engine, where: str) -> None:
    """Bring the database to head, if it is not there already."""
    head = (migrations_head(),)
    with engine.connect() as conn:  # cheap check first: most opens find nothing to do
        current = current_revisions(conn)
    _check_known(current, where)
    if current == head:
        return
    with engine.connect() as conn:
        conn.execution_options(**{WRITE: True})
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_LOCK_KEY})
            current = current_revisions(conn)  # another process may have migrated meanwhile
            _check_known(current, where)
            if current != head:
                command.upgrade(alembic_config(conn), "head")


def schema_differences(engine: Engine) -> list[str]:
    """What Alembic autogenerate would change to make the database match the models: empty
    when models and migrations agree."""
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return [repr(diff) for diff in compare_metadata(context, Base.metadata)]
