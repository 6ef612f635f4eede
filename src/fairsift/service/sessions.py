"""Login sessions and CSRF tokens.

Sessions live in this process's memory (a restart signs everyone out), keyed by a random
256-bit id sent in an HttpOnly, SameSite=Strict cookie that is Secure when served over https.
Each session carries its own CSRF token (the synchronizer token pattern); forms of visitors who
are not signed in (login, the public report form) use a token bound to a random visitor cookie
by an HMAC with the service's key.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = ["SESSION_COOKIE", "VISITOR_COOKIE", "Session", "Sessions", "load_key", "same"]

SESSION_COOKIE = "fs_session"
VISITOR_COOKIE = "fs_visitor"
MAX_SESSIONS = 10_000


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
    def __init__(self, key: bytes, hours: float) -> None:
        self._key = key
        self._ttl = hours * 3600
        self._by_id: dict[str, Session] = {}
        self._lock = threading.Lock()

    def create(self, username: str) -> Session:
        session = Session(
            id=secrets.token_urlsafe(32),
            username=username,
            csrf=secrets.token_urlsafe(32),
            expires=time.time() + self._ttl,
        )
        with self._lock:
            if len(self._by_id) >= MAX_SESSIONS:
                self._expire()
            self._by_id[session.id] = session
        return session

    def get(self, session_id: str | None) -> Session | None:
        if not session_id:
            return None
        with self._lock:
            session = self._by_id.get(session_id)
            if session is not None and session.expires < time.time():
                del self._by_id[session_id]
                return None
        return session

    def drop(self, session_id: str | None) -> None:
        with self._lock:
            self._by_id.pop(session_id or "", None)

    def drop_user(self, username: str) -> None:
        with self._lock:
            for sid in [s.id for s in self._by_id.values() if s.username == username]:
                del self._by_id[sid]

    def _expire(self) -> None:
        now = time.time()
        for sid in [s.id for s in self._by_id.values() if s.expires < now]:
            del self._by_id[sid]
        while len(self._by_id) >= MAX_SESSIONS:  # oldest first
            del self._by_id[next(iter(self._by_id))]

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
