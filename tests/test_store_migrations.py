"""Models and migrations never drift: a database upgraded to head autogenerates no changes,
the check notices when they differ, and the packaged scripts work without the user's alembic.ini."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, inspect, text

from fairsift.store import Store, migrations_head
from fairsift.store.migrate import MIGRATIONS, alembic_config
from fairsift.store.testing import BACKENDS, PG_UNSET, PG_URL_ENV, temporary_database

STORE = Path(__file__).resolve().parents[1] / "src" / "fairsift" / "store"


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "postgresql" and not os.environ.get(PG_URL_ENV):
        pytest.skip(PG_UNSET)
    with temporary_database(request.param, tmp_path) as url:
        yield url


def sa_url(target: str) -> str:
    return target if "://" in target else f"sqlite:///{target}"


def test_head_is_the_newest_packaged_revision() -> None:
    files = sorted((MIGRATIONS / "versions").glob("[0-9]*.py"))
    assert files, "no migration scripts are packaged"
    assert migrations_head() == files[-1].name.split("_")[0]
    assert (MIGRATIONS / "env.py").is_file() and (MIGRATIONS / "script.py.mako").is_file()


def test_migrations_do_not_import_fairsift() -> None:
    # A migration is frozen history: importing today's models would change what it does.
    for path in (MIGRATIONS / "versions").glob("*.py"):
        assert not re.search(r"^\s*(from|import) fairsift", path.read_text(), re.M), path.name


def test_autogenerate_finds_no_difference_after_upgrade(db_url: str) -> None:
    with Store.open(db_url) as store:
        assert store.schema_differences() == []


def test_the_drift_check_notices_a_difference(db_url: str) -> None:
    Store.open(db_url).close()
    engine = create_engine(sa_url(db_url))
    with engine.begin() as conn:
        conn.execute(text("ALTER TABLE jobs ADD COLUMN salary TEXT"))
        conn.execute(text("DROP INDEX uq_assessments_no_job"))
    engine.dispose()
    with Store.open(db_url) as store:
        differences = "\n".join(store.schema_differences())
    assert "salary" in differences
    assert "uq_assessments_no_job" in differences


def test_downgrade_to_empty_and_back_to_head(db_url: str) -> None:
    Store.open(db_url).close()
    engine = create_engine(sa_url(db_url))
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    with Store.open(db_url) as store:
        assert store.schema_differences() == []


def test_developers_can_run_the_alembic_cli_with_the_packaged_ini(tmp_path: Path) -> None:
    db = tmp_path / "dev.db"
    Store.open(db).close()
    result = subprocess.run(
        [sys.executable, "-m", "alembic", "-c", str(STORE / "alembic.ini"), "check"],
        env={**os.environ, "FAIRSIFT_DB": f"sqlite:///{db}"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "No new upgrade operations detected" in result.stdout + result.stderr
