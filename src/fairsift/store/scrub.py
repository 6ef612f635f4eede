"""Make deleted rows unrecoverable from the database's files, not only invisible to queries.

SQLite keeps a deleted row's bytes in free pages and in its write-ahead log until they are
overwritten: deletes run with `PRAGMA secure_delete = ON` (freed content is zeroed), then the
log is checkpointed and truncated and the file is rebuilt with VACUUM. PostgreSQL keeps dead
rows in the table's pages until vacuum: the affected tables are rewritten with VACUUM FULL
(and ANALYZE, so no statistics sample keeps a value), then, where the role may, a CHECKPOINT
and a WAL switch retire the log segments that held the rows. A retired segment is deleted
only with the server setting `wal_recycle = off`; with it on (the default) the server renames
it for reuse and its bytes stay until overwritten, which the report says. Backups and WAL
archives are outside fairsift's reach: erase from them by your backup policy.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

__all__ = ["current_xid", "scrub_database", "shred_file"]

WAIT_S = 60.0


def scrub_database(
    engine: Engine, tables: Iterable[str], after_xid: int | None = None
) -> list[str]:
    """Run the clean-up after a committed erasure; returns what was done, one line per step
    (a step the database refused is reported, never silently skipped). `after_xid`
    (PostgreSQL): the erasing transaction's id, see `_wait_for_older_snapshots`."""
    if engine.dialect.name == "sqlite":
        return _sqlite(engine)
    return _postgres(engine, sorted(set(tables)), after_xid)


def current_xid(connection: Connection) -> int | None:
    """The running transaction's id (PostgreSQL), to pass to `scrub_database`."""
    if connection.dialect.name != "postgresql":
        return None
    return int(connection.execute(text("SELECT pg_current_xact_id()::text")).scalar_one())


def _wait_for_older_snapshots(conn: Connection, xid: int, timeout_s: float) -> bool:
    """VACUUM FULL copies rows deleted by a transaction that a still-running transaction
    may yet see: a reader, an autovacuum ANALYZE, or, in any database of the server, a
    transaction that holds back every database's horizon (DROP DATABASE does). Wait until no
    other session has a snapshot or transaction from before the erasure committed; False on
    timeout."""
    deadline = time.monotonic() + timeout_s
    query = text(
        "SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() "
        "AND (backend_xmin::text::bigint <= :xid OR backend_xid::text::bigint <= :xid)"
    )
    while True:
        if not conn.execute(query, {"xid": xid % (1 << 32)}).scalar():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)


def _sqlite(engine: Engine) -> list[str]:
    done = []
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        cursor = raw.cursor()
        try:
            cursor.execute("PRAGMA secure_delete = ON")
            busy, _, _ = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone() or (1, 0, 0)
            cursor.execute("VACUUM")
            busy2, _, _ = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone() or (1, 0, 0)
        except sqlite3.Error as exc:  # the rows are deleted and zeroed already; say what is left
            return [
                f"SQLite: the file could not be rebuilt now ({exc}): deleted rows are zeroed, "
                "but run the erasure again when nothing else uses the database"
            ]
        finally:
            cursor.close()
    done.append("SQLite: file rebuilt (VACUUM), free pages zeroed (secure_delete)")
    if busy or busy2:
        done.append(
            "SQLite: another connection was reading; the write-ahead log could not be emptied "
            "yet: run the erasure again when the service is idle"
        )
    else:
        done.append("SQLite: write-ahead log checkpointed and truncated")
    return done


def _postgres(engine: Engine, tables: list[str], after_xid: int | None) -> list[str]:
    done = []
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        if after_xid is not None and not _wait_for_older_snapshots(conn, after_xid, WAIT_S):
            done.append(
                "PostgreSQL: a session that started before the erasure is still running; "
                "VACUUM FULL keeps the rows it might see: run the erasure again later"
            )
        for table in tables:
            # A role that does not own the table gets only a warning from VACUUM: ask first.
            owns = conn.execute(
                text(
                    "SELECT pg_has_role(current_user, tableowner, 'MEMBER') FROM pg_tables "
                    "WHERE schemaname = current_schema() AND tablename = :t"
                ),
                {"t": table},
            ).scalar()
            if not owns:
                done.append(
                    f"PostgreSQL: VACUUM FULL {table} refused (only the table's owner may run "
                    "it): the rows stay in its pages until the owner runs VACUUM FULL, or "
                    "autovacuum and later writes reuse them"
                )
                continue
            try:
                conn.execute(text(f'VACUUM (FULL, ANALYZE) "{table}"'))
                done.append(f"PostgreSQL: {table} rewritten (VACUUM FULL)")
            except DBAPIError as exc:
                done.append(f"PostgreSQL: VACUUM FULL {table} refused ({_first(exc)})")
        for statement, label in (
            ("CHECKPOINT", "checkpoint"),
            ("SELECT pg_switch_wal()", "WAL switched"),
            ("CHECKPOINT", "checkpoint after the switch"),
        ):
            try:
                conn.execute(text(statement))
                done.append(f"PostgreSQL: {label}")
            except DBAPIError as exc:
                done.append(
                    f"PostgreSQL: {label} refused ({_first(exc)}): old WAL segments keep the "
                    "rows until the server recycles them; ask the operator to run CHECKPOINT"
                )
        try:
            recycle = conn.execute(text("SHOW wal_recycle")).scalar()
        except DBAPIError:
            recycle = "unknown"
        if recycle != "off":
            done.append(
                "PostgreSQL: wal_recycle is on, so retired WAL segments are reused, not "
                "deleted, and keep old rows until overwritten: set wal_recycle = off "
                "(ALTER SYSTEM) for erasures to leave no copy in pg_wal"
            )
    return done


def _first(exc: DBAPIError) -> str:
    return str(exc.orig or exc).strip().splitlines()[0]


def shred_file(path: Path) -> bool:
    """Overwrite a file with zeros, sync, then delete it (and its folder when empty).
    Returns False if it was not there."""
    try:
        size = path.stat().st_size
    except OSError:
        return False
    with path.open("r+b") as handle:
        remaining = size
        block = b"\0" * (1 << 16)
        while remaining > 0:
            chunk = min(remaining, len(block))
            handle.write(block[:chunk])
            remaining -= chunk
        handle.flush()
        os.fsync(handle.fileno())
    path.unlink()
    for parent in (path.parent, path.parent.parent):
        try:
            parent.rmdir()  # only when empty
        except OSError:
            break
    return True
