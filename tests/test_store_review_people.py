"""Users, sign-ins and tokens in the store, on SQLite and PostgreSQL: roles and queues, removal
that keeps history, lockout after five failures, tokens kept only as hashes."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from fairsift.errors import ConfigError, Conflict
from fairsift.store import Store
from fairsift.store.people import LOCKOUT, LOCKOUT_FAILURES
from fairsift.store.testing import BACKENDS, PG_UNSET, PG_URL_ENV, temporary_database


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "postgresql" and not os.environ.get(PG_URL_ENV):
        pytest.skip(PG_UNSET)
    with temporary_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store.open(db_url) as opened:
        yield opened


def dump(url: str) -> str:
    """Every row of every table as text: what someone who copies the database sees."""
    engine = create_engine(url if "://" in url else f"sqlite:///{url}")
    out = []
    with engine.connect() as conn:
        for table in ("users", "api_tokens", "audit_log"):
            out += [str(tuple(row)) for row in conn.execute(text(f"SELECT * FROM {table}"))]
    engine.dispose()
    return "\n".join(out)


def test_users_are_added_read_listed_and_counted(store: Store) -> None:
    assert store.count_users() == 0
    admin = store.add_user("zoe", "admin", "h1", ["reports"], actor="cli")
    reviewer = store.add_user("ann", "reviewer", "h2", ["reports", "applications", "reports"])
    assert reviewer != admin
    got = store.get_user("ann")
    assert got is not None
    assert (got.role, got.queues, got.password_hash, got.active) == (
        "reviewer",
        ["applications", "reports"],
        "h2",
        True,
    )
    zoe = store.get_user("zoe")
    assert zoe is not None and zoe.queues == []  # queues are for reviewers only
    assert [u.username for u in store.list_users()] == ["ann", "zoe"]
    assert store.get_user("nobody") is None
    assert store.count_users() == 2


def test_bad_roles_and_taken_names_are_refused(store: Store) -> None:
    store.add_user("ann", "admin", "h")
    with pytest.raises(ConfigError, match="unknown role 'boss'") as caught:
        store.add_user("bob", "boss", "h")
    assert "admin, reviewer, auditor" in caught.value.hint
    with pytest.raises(ConfigError, match="exists already"):
        store.add_user("ann", "auditor", "h")
    assert store.count_users() == 1


def test_a_removed_user_is_kept_inactive_and_still_counted(store: Store) -> None:
    store.add_user("ann", "admin", "h")
    store.add_user("bob", "admin", "h")  # the last active admin cannot be removed
    token = store.create_api_token("ann", "ci", "ann")
    store.remove_user("ann", "cli")
    ann = store.get_user("ann")
    assert ann is not None and not ann.active
    holder = store.user_for_token(token)
    assert holder is not None and not holder.active  # the caller refuses inactive holders
    assert store.count_users() == 2  # the first-run path never reopens
    with pytest.raises(ConfigError, match="no active user 'ann'"):
        store.remove_user("ann", "cli")
    with pytest.raises(ConfigError, match="no active user 'ann'"):
        store.create_api_token("ann", "again", "cli")
    with pytest.raises(ConfigError, match="'ann' was removed") as caught:
        store.add_user("ann", "admin", "h")
    assert "reactivate" in caught.value.hint


def test_the_last_active_admin_is_neither_removed_nor_demoted(store: Store) -> None:
    store.add_user("ann", "admin", "h")
    store.add_user("rev", "reviewer", "h", ["reports"])
    with pytest.raises(Conflict, match="last active admin"):
        store.remove_user("ann", "cli")
    with pytest.raises(Conflict, match="last active admin"):
        store.update_user("ann", "auditor", [], "cli")
    store.update_user("rev", "admin", [], "ann")  # now there are two
    store.update_user("ann", "reviewer", ["reports"], "rev")
    with pytest.raises(Conflict, match="last active admin"):
        store.remove_user("rev", "cli")
    ann = store.get_user("ann")
    assert ann is not None and ann.role == "reviewer" and ann.queues == ["reports"]


def test_a_removed_user_is_reactivated_without_their_old_tokens(store: Store) -> None:
    store.add_user("ann", "admin", "h")
    store.add_user("rev", "reviewer", "h", ["reports"])
    token = store.create_api_token("rev", "ci", "rev")
    store.remove_user("rev", "ann")
    store.reactivate_user("rev", "ann")
    rev = store.get_user("rev")
    assert rev is not None and rev.active
    assert store.user_for_token(token) is None  # a removal revoked the token for good
    with pytest.raises(ConfigError, match="active already"):
        store.reactivate_user("rev", "ann")


def test_five_failures_lock_the_account_and_a_success_clears_the_count(store: Store) -> None:
    store.add_user("ann", "reviewer", "h", ["reports"])
    for _ in range(LOCKOUT_FAILURES - 1):
        store.record_login("ann", False, "10.0.0.1")
    ann = store.get_user("ann")
    assert ann is not None and ann.failed_logins == 4 and not ann.locked()
    store.record_login("ann", True, "10.0.0.1")
    ann = store.get_user("ann")
    assert ann is not None and ann.failed_logins == 0
    before = datetime.now(UTC)
    for _ in range(LOCKOUT_FAILURES):
        store.record_login("ann", False, "10.0.0.2")
    ann = store.get_user("ann")
    assert ann is not None and ann.locked() and ann.locked_until is not None
    assert before + LOCKOUT <= ann.locked_until <= datetime.now(UTC) + LOCKOUT
    assert ann.locked_until.tzinfo is not None
    assert not ann.locked(now=ann.locked_until + timedelta(seconds=1))
    events = [(e["event"], e["payload"].get("client")) for e in store.audit_entries(limit=20)]
    assert events[0] == ("login_failed", "10.0.0.2")
    assert events.count(("login", "10.0.0.1")) == 1
    assert "locked_until" in store.audit_entries(limit=1)[0]["payload"]


def test_failed_sign_ins_with_unknown_names_are_recorded(store: Store) -> None:
    store.record_login("mallory", False, "203.0.113.9")
    entry = store.audit_entries(limit=1)[0]
    assert (entry["event"], entry["subject"]) == ("login_failed", "mallory")
    assert entry["payload"] == {"client": "203.0.113.9", "unknown_user": True}
    assert store.count_users() == 0


def test_tokens_are_shown_once_and_stored_only_as_hashes(db_url: str, store: Store) -> None:
    store.add_user("ci", "reviewer", "h", ["applications"])
    secret = store.create_api_token("ci", "pipeline", actor="admin")
    other = store.create_api_token("ci", "laptop", actor="admin")
    assert secret != other and secret.startswith("fst_") and len(secret) > 40
    holder = store.user_for_token(secret)
    assert holder is not None and holder.username == "ci"
    assert store.user_for_token(secret + "x") is None
    assert store.user_for_token("") is None
    stored = dump(db_url)
    assert secret not in stored and other not in stored
    assert hashlib.sha256(secret.encode()).hexdigest() in stored
    entry = store.audit_entries(limit=1)[0]
    assert (entry["event"], entry["actor"], entry["payload"]) == (
        "token_create",
        "admin",
        {"label": "laptop"},
    )
