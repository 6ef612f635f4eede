"""`fairsift user ...` and `fairsift audit verify` on a real SQLite file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

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
