"""Store.open: migrate from empty, reopen, SQLite settings, and clear StoreErrors."""

from __future__ import annotations

import importlib.util
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from fairsift.errors import StoreError
from fairsift.store import Store, migrations_head
from fairsift.store.testing import BACKENDS, PG_UNSET, PG_URL_ENV, temporary_database

JOB = "a" * 64


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "postgresql" and not os.environ.get(PG_URL_ENV):
        pytest.skip(PG_UNSET)
    with temporary_database(request.param, tmp_path) as url:
        yield url


def tables(url: str) -> set[str]:
    engine = create_engine(url if "://" in url else f"sqlite:///{url}")
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            rows = conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'"))
        else:
            rows = conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))
        names = {row[0] for row in rows}
    engine.dispose()
    return names


def test_open_migrates_an_empty_database_to_head(db_url: str) -> None:
    with Store.open(db_url) as store:
        assert store.schema_differences() == []
    assert {"alembic_version", "documents", "jobs", "assessments"} <= tables(db_url)
    engine = create_engine(db_url if "://" in db_url else f"sqlite:///{db_url}")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
            migrations_head()
        )
    engine.dispose()


def test_reopen_keeps_data_and_does_not_migrate_again(db_url: str) -> None:
    with Store.open(db_url) as store:
        store.put_job(sha256=JOB, source="job.md", title="Data engineer", requirements=[])
        store.put_assessment(
            kind="screening",
            job_sha256=JOB,
            item_sha256="b" * 64,
            source="cv.pdf",
            config_sha256="c" * 64,
            payload={"score": 70.0},
            provenance={},
            score=70.0,
        )
    with Store.open(db_url) as store:
        assert store.assessments_for_job(JOB) == [{"score": 70.0}]
        assert store.schema_differences() == []


def test_bare_path_creates_its_folder_and_uses_wal(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "results.db"
    with Store.open(str(path)) as store:
        assert store.dialect == "sqlite"
        assert store.url == f"sqlite:///{path}"
    assert path.is_file()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # persistent in the file
    conn.close()


def test_open_accepts_a_path_object_and_sqlite_url(tmp_path: Path) -> None:
    with Store.open(tmp_path / "a.db") as store:
        assert store.dialect == "sqlite"
    with Store.open(f"sqlite:///{tmp_path / 'b' / 'b.db'}") as store:
        assert store.url.endswith("/b/b.db")


def test_sqlite_connections_enforce_foreign_keys(tmp_path: Path) -> None:
    with Store.open(tmp_path / "fk.db") as store, store.write() as session:
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert session.execute(text("PRAGMA busy_timeout")).scalar() == 30_000


def test_in_memory_database_works_across_calls() -> None:
    with Store.open(":memory:") as store:
        store.put_job(sha256=JOB, source="job.md", title="x", requirements=[])
        assert store.schema_differences() == []


def assert_store_error(target: str, *words: str) -> StoreError:
    with pytest.raises(StoreError) as info:
        Store.open(target)
    error = info.value
    assert error.code == "F300"
    assert error.hint, "a StoreError must say what to do"
    for word in words:
        assert word in str(error)
    return error


def test_a_folder_is_not_a_database(tmp_path: Path) -> None:
    assert_store_error(str(tmp_path), "is a folder", "fairsift.db")


def test_a_folder_that_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert_store_error(str(blocker / "sub" / "x.db"), "cannot create the folder", "write to")


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 100)
    assert_store_error(str(path), "not a fairsift database", str(path))
    assert path.read_text().startswith("these are my notes")  # left untouched


@pytest.mark.parametrize(
    ("target", "words"),
    [
        ("", ["no database given"]),
        ("sqlite://:bad::url://", ["not a database URL"]),
        ("postgresql://u@host:port/db", ["not a database URL"]),
        ("no such scheme://x", ["not a database URL"]),
        ("mysql://user@localhost/db", ["unsupported database 'mysql'", "PostgreSQL"]),
        ("postgresql+nosuchdriver://u@localhost/db", ["driver", "not installed", "psycopg"]),
    ],
)
def test_bad_urls_give_a_clear_error(target: str, words: list[str]) -> None:
    assert_store_error(target, *words)


@pytest.mark.parametrize(
    ("module", "target", "hint"),
    [
        ("psycopg2", "postgresql+psycopg2://u@localhost/db", "psycopg"),
        ("pysqlcipher3", "sqlite+pysqlcipher:///secret.db", "built-in driver"),
    ],
)
def test_a_driver_that_is_not_installed(module: str, target: str, hint: str) -> None:
    if importlib.util.find_spec(module) is not None:
        pytest.skip(f"{module} is installed here")
    error = assert_store_error(target, "driver", "not installed", module)
    assert hint in error.hint


def test_unreachable_postgresql_hides_the_password() -> None:
    # Port 1 on localhost: refused at once, no waiting on a timeout.
    error = assert_store_error("postgresql://me:secret@127.0.0.1:1/db", "cannot use the database")
    assert "secret" not in str(error)
    assert "server is running" in error.hint


def test_a_database_from_a_newer_fairsift_is_refused(db_url: str) -> None:
    Store.open(db_url).close()
    engine = create_engine(db_url if "://" in db_url else f"sqlite:///{db_url}")
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    engine.dispose()
    error = assert_store_error(db_url, "newer fairsift", "9999_from_the_future")
    assert "Upgrade fairsift" in error.hint


def test_wrong_password_and_missing_database_on_a_real_server() -> None:
    server = os.environ.get(PG_URL_ENV)
    if not server:
        pytest.skip(PG_UNSET)
    url = make_url(server)
    wrong = url.set(password="not-the-password").render_as_string(hide_password=False)
    error = assert_store_error(wrong, "password authentication failed")
    assert "not-the-password" not in str(error)
    missing = url.set(database="fairsift_no_such_db").render_as_string(hide_password=False)
    assert_store_error(missing, "fairsift_no_such_db", "does not exist")
