"""`fairsift user ...` and `fairsift audit verify` on a real SQLite file."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from fairsift.cli import app

runner = CliRunner()
PASSWORD = "correct horse battery staple"


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_users_are_added_listed_removed_and_audited(tmp_path: Path) -> None:
    db = str(tmp_path / "f.db")
    code, _, stderr = _run(
        "user", "add", "alice", "--role", "admin", "--db", db, "--password", PASSWORD
    )
    assert code == 0, stderr
    code, _, _ = _run(
        "user",
        "add",
        "bob",
        "--role",
        "reviewer",
        "--queue",
        "reports",
        "--db",
        db,
        "--password",
        PASSWORD,
    )
    assert code == 0
    code, stdout, _ = _run("user", "list", "--db", db)
    assert "alice" in stdout and "bob" in stdout and "reports" in stdout
    code, _, _ = _run("user", "remove", "bob", "--db", db)
    assert code == 0
    code, stdout, _ = _run("audit", "verify", "--db", db)
    assert code == 0
    assert "audit log intact: 3 entries" in stdout


def test_short_password_and_bad_role_are_user_errors(tmp_path: Path) -> None:
    db = str(tmp_path / "f.db")
    code, _, stderr = _run("user", "add", "x", "--role", "admin", "--db", db, "--password", "short")
    assert code == 2 and "at least 12" in stderr
    code, _, stderr = _run("user", "add", "x", "--role", "boss", "--db", db, "--password", PASSWORD)
    assert code == 2 and "boss" in stderr


def test_audit_verify_names_an_edited_entry(tmp_path: Path) -> None:
    db = tmp_path / "f.db"
    for name in ("alice", "carol", "dave"):
        _run("user", "add", name, "--role", "auditor", "--db", str(db), "--password", PASSWORD)
    with sqlite3.connect(db) as conn:
        triggers = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name='audit_log'"
            )
        ]
        for trigger in triggers:
            conn.execute(f"DROP TRIGGER {trigger}")
        conn.execute("UPDATE audit_log SET actor = 'mallory' WHERE id = 2")
    code, stdout, _ = _run("audit", "verify", "--db", str(db))
    assert code == 1
    assert "NOT intact" in stdout
    assert "entry 2" in stdout


def test_user_commands_reactivate_unlock_role_and_password(tmp_path: Path) -> None:
    from fairsift.store import Store

    db = str(tmp_path / "people.db")
    runner = CliRunner()
    secret = "correct horse battery staple"

    def run(*args: str) -> Any:
        return runner.invoke(app, ["user", *args, "--db", db])

    assert run("add", "ann", "--role", "admin", "--password", secret).exit_code == 0
    assert (
        run(
            "add", "rev", "--role", "reviewer", "--queue", "reports", "--password", secret
        ).exit_code
        == 0
    )
    last = run("remove", "ann")
    assert last.exit_code != 0 and "last active admin" in last.output
    demote = run("role", "ann", "--role", "auditor")
    assert demote.exit_code != 0 and "last active admin" in demote.output
    assert run("role", "rev", "--role", "admin").exit_code == 0
    assert run("remove", "ann").exit_code == 0
    again = run("add", "ann", "--role", "admin", "--password", secret)
    assert again.exit_code != 0 and "fairsift user reactivate ann" in again.output
    assert run("reactivate", "ann").exit_code == 0
    assert run("password", "ann", "--password", "another long passphrase").exit_code == 0
    assert run("unlock", "ann").exit_code == 0
    with Store.open(db) as store:
        ann = store.get_user("ann")
        assert ann is not None and ann.active
        events = [e["event"] for e in store.audit_entries(limit=50)]
    for event in ("user_remove", "user_reactivate", "user_update", "password_reset", "user_unlock"):
        assert event in events
