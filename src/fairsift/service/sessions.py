"""Login sessions and CSRF tokens.

Sessions live in the store (every worker process sees them; only a hash of the id is kept),
keyed by a random 256-bit id sent in an HttpOnly, SameSite=Strict cookie that is Secure when
served over https.
Each session carries its own CSRF token (the synchronizer token pattern); forms of visitors who
are not signed in (login, the public report form) use a token bound to a random visitor cookie
by an HMAC with the service's key.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from fairsift.store import Store

__all__ = ["SESSION_COOKIE", "VISITOR_COOKIE", "Session", "Sessions", "load_key", "same"]

SESSION_COOKIE = "fs_session"
VISITOR_COOKIE = "fs_visitor"


def same(given: str, expected: str) -> bool:
    """Constant-time equality for secrets; any text (compare_digest rejects non-ASCII str)."""
    return hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode("utf-8"))


def load_key(folder: Path) -> bytes:
    """The service's signing key: created once, kept in `folder/secret.key` (mode 600)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "secret.key"
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(secrets.token_bytes(32))
        tmp.chmod(0o600)
        tmp.replace(path)
    return path.read_bytes()


@dataclass(frozen=True)
class Session:
    id: str
    username: str
    csrf: str
    expires: float


class Sessions:
    """Sessions in the store (shared by every worker process; a restart keeps them)."""

    def __init__(self, key: bytes, hours: float, store: Store) -> None:
        self._key = key
        self._ttl = timedelta(hours=hours)
        self._store = store

    def create(self, username: str) -> Session:
        session = Session(
            id=secrets.token_urlsafe(32),
            username=username,
            csrf=secrets.token_urlsafe(32),
            expires=time.time() + self._ttl.total_seconds(),
        )
        self._store.open_web_session(session.id, username, session.csrf, self._ttl)
        return session

    def get(self, session_id: str | None) -> Session | None:
        if not session_id or len(session_id) > 200:
            return None
        found = self._store.web_session(session_id)
        if found is None:
            return None
        return Session(session_id, found.username, found.csrf, found.expires_at.timestamp())

    def drop(self, session_id: str | None) -> None:
        if session_id:
            self._store.close_web_session(session_id)

    def drop_user(self, username: str) -> None:
        self._store.close_web_sessions_of(username)

    # -- CSRF for visitors ---------------------------------------------------------------
    def visitor_token(self, visitor: str) -> str:
        mac = hmac.new(self._key, b"csrf:" + visitor.encode(), hashlib.sha256)
        return mac.hexdigest()

    def check_visitor_token(self, visitor: str | None, token: str | None) -> bool:
        if not visitor or not token:
            return False
        return same(token, self.visitor_token(visitor))

    def sign(self, purpose: str, value: str) -> str:
        mac = hmac.new(self._key, f"{purpose}:{value}".encode(), hashlib.sha256)
        return mac.hexdigest()
