"""fairsift.review.users on a real SQLite store with real argon2id hashes: names, roles and
queues checked, passwords never stored, sign-in with lockout, and the first-run question."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from fairsift.errors import ConfigError
from fairsift.review.users import (
    MIN_PASSWORD,
    add_user,
    authenticate,
    check_queues,
    create_token,
    hash_password,
    list_users,
    needs_first_admin,
    remove_user,
    verify_password,
)
from fairsift.store import Store

PASSWORD = "correct horse battery staple"
JOB_QUEUE = "job:" + "a" * 64


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "fairsift.db") as opened:
        yield opened


def test_passwords_are_hashed_with_argon2id_and_checked() -> None:
    hashed = hash_password(PASSWORD)
    assert hashed.startswith("$argon2id$") and PASSWORD not in hashed
    assert hash_password(PASSWORD) != hashed  # salted
    assert verify_password(hashed, PASSWORD)
    assert not verify_password(hashed, PASSWORD + "!")
    assert not verify_password(None, PASSWORD)
    assert not verify_password("not a hash", PASSWORD)
    assert not verify_password(hashed, "x" * 5000)


def test_short_and_huge_passwords_are_refused() -> None:
    with pytest.raises(ConfigError, match=f"at least {MIN_PASSWORD}") as caught:
        hash_password("short")
    assert "passphrase" in caught.value.hint
    with pytest.raises(ConfigError, match="at most"):
        hash_password("x" * 2000)


@pytest.mark.parametrize(
    ("role", "queues", "expected"),
    [
        ("reviewer", [" reports", "applications", "reports"], ["applications", "reports"]),
        ("reviewer", [JOB_QUEUE], [JOB_QUEUE]),
        ("admin", ["reports"], []),
        ("auditor", None, []),
    ],
)
def test_queues_are_for_reviewers(role: str, queues: list[str] | None, expected: list[str]) -> None:
    assert check_queues(role, queues) == expected


@pytest.mark.parametrize(
    ("role", "queues", "message"),
    [
        ("reviewer", [], "needs at least one queue"),
        ("reviewer", ["job:1234"], "unknown queue 'job:1234'"),
        ("owner", [], "unknown role 'owner'"),
    ],
)
def test_bad_roles_and_queues_are_refused(role: str, queues: list[str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        check_queues(role, queues)


def test_users_are_added_listed_and_removed(tmp_path: Path, store: Store) -> None:
    assert needs_first_admin(store)
    add_user(store, "admin@example.org", "admin", PASSWORD)
    add_user(store, " ann ", "reviewer", PASSWORD, ["reports"], actor="admin@example.org")
    assert not needs_first_admin(store)
    with pytest.raises(ConfigError, match="not a valid user name"):
        add_user(store, "ann smith", "reviewer", PASSWORD, ["reports"])
    with pytest.raises(ConfigError, match="exists already"):
        add_user(store, "ann", "auditor", PASSWORD)
    remove_user(store, "ann", actor="admin@example.org")
    assert list_users(store) == [
        {
            "username": "admin@example.org",
            "role": "admin",
            "queues": [],
            "active": True,
            "locked": False,
        },
        {
            "username": "ann",
            "role": "reviewer",
            "queues": ["reports"],
            "active": False,
            "locked": False,
        },
    ]
    assert not needs_first_admin(store)
    engine = create_engine(f"sqlite:///{tmp_path / 'fairsift.db'}")
    with engine.connect() as conn:
        everything = repr(conn.execute(text("SELECT * FROM users")).all())
        everything += repr(conn.execute(text("SELECT * FROM audit_log")).all())
    engine.dispose()
    assert PASSWORD not in everything and "$argon2id$" in everything
    events = [(e["event"], e["actor"]) for e in store.audit_entries()]
    assert events == [
        ("user_remove", "admin@example.org"),
        ("user_add", "admin@example.org"),
        ("user_add", "cli"),
    ]


def test_sign_in_checks_the_password_and_locks_after_five_failures(store: Store) -> None:
    add_user(store, "ann", "reviewer", PASSWORD, ["reports"])
    good = authenticate(store, "ann", PASSWORD, "10.0.0.1")
    assert good.ok and good.user is not None and good.user.username == "ann"
    for attempt in range(4):
        bad = authenticate(store, "ann", f"wrong password {attempt}", "10.0.0.1")
        assert not bad.ok and bad.locked_until is None
    fifth = authenticate(store, "ann", "wrong password 5", "10.0.0.1")
    assert not fifth.ok and fifth.locked_until is not None
    # Locked: even the right password is refused, and the attempt is still recorded.
    refused = authenticate(store, "ann", PASSWORD, "10.0.0.1")
    assert not refused.ok and refused.locked_until == fifth.locked_until
    events = [e["event"] for e in store.audit_entries(limit=10)]
    assert events[:2] == ["login_failed", "login_failed"] and events.count("login") == 1


def test_unknown_and_removed_users_cannot_sign_in(store: Store) -> None:
    assert not authenticate(store, "ghost", PASSWORD, "10.0.0.9").ok
    add_user(store, "ann", "auditor", PASSWORD)
    token = create_token(store, "ann", " ")
    remove_user(store, "ann")
    assert not authenticate(store, "ann", PASSWORD, "10.0.0.9").ok
    holder = store.user_for_token(token)
    assert holder is not None and not holder.active
    assert store.audit_entries(limit=1)[0]["event"] == "login_failed"
