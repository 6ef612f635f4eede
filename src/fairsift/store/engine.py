"""Engines for the store: what a user may pass as a database, SQLite settings, and the one
way a write transaction begins (BEGIN IMMEDIATE on SQLite, after datasette's single writer).

A write that begins with a plain (deferred) BEGIN takes the write lock only at its first
INSERT; if another process wrote in between, SQLite cannot wait and fails at once with
"database is locked". BEGIN IMMEDIATE takes the lock up front, so writers queue on the busy
timeout instead of failing.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event, make_url
from sqlalchemy.engine import Connection
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.pool import StaticPool

from fairsift.errors import StoreError

__all__ = ["BUSY_TIMEOUT_S", "WRITE", "connect", "resolve_url", "safe_url", "translate"]

BUSY_TIMEOUT_S = 30.0
WRITE = "fairsift_write"  # execution option: this connection's transactions write
BACKENDS = ("sqlite", "postgresql")
URL_HINT = "Pass a file path, or a URL such as sqlite:///fairsift.db or postgresql://user@host/db"


def resolve_url(target: str | Path) -> URL:
    """A bare path means a SQLite file; anything with "://" is a SQLAlchemy URL."""
    text = str(target).strip()
    if not text:
        raise StoreError("no database given", URL_HINT)
    if "://" not in text:
        if text == ":memory:":
            return make_url("sqlite://")
        return URL.create("sqlite", database=str(Path(text).expanduser().absolute()))
    try:
        url = make_url(text)
    except (ArgumentError, ValueError) as exc:  # ValueError: a port that is not a number
        raise StoreError(f"not a database URL: {text!r}", URL_HINT) from exc
    if url.drivername in ("postgres", "postgresql"):
        url = url.set(drivername="postgresql+psycopg")  # psycopg 3, not SQLAlchemy's psycopg2
    if url.get_backend_name() not in BACKENDS:
        raise StoreError(
            f"unsupported database {url.get_backend_name()!r} in {safe_url(url)}",
            "fairsift stores results in SQLite or PostgreSQL; " + URL_HINT,
        )
    return url


def safe_url(url: URL) -> str:
    return url.render_as_string(hide_password=True)


def sqlite_path(url: URL) -> Path | None:
    """The file behind a SQLite URL, or None for an in-memory or URI database."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    if url.query.get("uri") or str(url.database).startswith("file:"):
        return None
    return Path(url.database)


def connect(url: URL) -> Engine:
    """An engine for `url`, with the SQLite folder created and SQLite tuned for many processes."""
    try:
        if url.get_backend_name() == "sqlite":
            return _sqlite_engine(url)
        return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 10})
    except (NoSuchModuleError, ImportError) as exc:
        hint = (
            "Use sqlite:///PATH (Python's built-in driver) or a plain file path"
            if url.get_backend_name() == "sqlite"
            else "Use postgresql://... (psycopg 3: pip install 'psycopg[binary]')"
        )
        raise StoreError(
            f"the database driver for {safe_url(url)} is not installed ({exc})", hint
        ) from exc


def _sqlite_engine(url: URL) -> Engine:
    path = sqlite_path(url)
    memory = path is None and url.database in (None, "", ":memory:")
    if path is not None:
        if path.is_dir():
            raise StoreError(
                f"{path} is a folder, not a database file",
                f"Give a file path, such as {path / 'fairsift.db'}",
            )
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"cannot create the folder {path.parent} for the database: {exc.strerror}",
                "Choose a path in a folder you can write to",
            ) from exc
    options: dict[str, Any] = {"connect_args": {"timeout": BUSY_TIMEOUT_S}}
    if memory:  # one shared connection, or every checkout would see a new empty database
        options = {"connect_args": {"check_same_thread": False}, "poolclass": StaticPool}
    engine = create_engine(url, **options)

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: sqlite3.Connection, record: object) -> None:
        # Take BEGIN away from the sqlite3 module; on_begin emits it (see module docstring).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        cursor.execute("PRAGMA foreign_keys = ON")
        # A deleted row's bytes are zeroed, not left in free pages: erasure must be real.
        cursor.execute("PRAGMA secure_delete = ON")
        if not memory:
            _use_wal(cursor)
        # In WAL mode NORMAL loses no committed transaction when a process dies (kill -9);
        # only a power cut may drop the last few, and never corrupts the file.
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(conn: Connection) -> None:
        writing = conn.get_execution_options().get(WRITE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")

    return engine


def _use_wal(cursor: sqlite3.Cursor) -> None:
    """Switch the file to WAL (persistent, so once per file). The switch fails at once with
    "database is locked" while another process has the file open, ignoring the busy timeout,
    so retry until the other process lets go or has switched it itself."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
                return
            cursor.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def translate(exc: DBAPIError, url: URL) -> StoreError:
    """A StoreError that says what went wrong with the database and what to do."""
    detail = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else str(exc)
    where = safe_url(url)
    if url.get_backend_name() == "sqlite":
        path = sqlite_path(url) or where
        lowered = detail.lower()
        if "not a database" in lowered or "malformed" in lowered:
            return StoreError(
                f"{path} is not a fairsift database or is damaged ({detail})",
                "Give another path, or move the file away and rerun",
            )
        if "locked" in lowered or "busy" in lowered:
            return StoreError(
                f"{path} is locked by another process (waited up to {BUSY_TIMEOUT_S:.0f} s)",
                "Wait for the other fairsift process to finish, then rerun",
            )
        if "readonly" in lowered or "read-only" in lowered:
            return StoreError(
                f"{path} is read-only ({detail})", "Use a database file you can write to"
            )
        return StoreError(
            f"cannot use the database {path} ({detail})",
            "Check that the path is right and that you can write to its folder",
        )
    return StoreError(
        f"cannot use the database {where} ({detail})",
        "Check that the server is running and that host, port, user, password and database "
        "name in the URL are right",
    )
