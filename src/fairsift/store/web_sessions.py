"""Browser sign-ins in the store, so every worker process of the service sees the same ones.
Only the sha256 of a session's secret is kept; expired rows are swept when a session opens.
Sign-ins and sign-outs are audited by the caller (the service), not here."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from fairsift.store.base import StoreBase
from fairsift.store.models import utcnow
from fairsift.store.models_review import User, WebSession

__all__ = ["SessionRecord", "WebSessionsMixin"]


@dataclass(frozen=True)
class SessionRecord:
    username: str
    csrf: str
    expires_at: datetime


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "replace")).hexdigest()


class WebSessionsMixin(StoreBase):
    def open_web_session(self, secret: str, username: str, csrf: str, ttl: timedelta) -> None:
        """Record a session for an existing user (the caller checked the password)."""
        now = utcnow()
        with self.write() as session:
            user_id = session.execute(select(User.id).where(User.username == username)).scalar()
            if user_id is None:
                raise KeyError(username)
            session.execute(delete(WebSession).where(WebSession.expires_at < now))
            session.add(
                WebSession(sha256=_digest(secret), user_id=user_id, csrf=csrf, expires_at=now + ttl)
            )

    def web_session(self, secret: str) -> SessionRecord | None:
        """The live session with this secret, or None (unknown or expired)."""
        query = (
            select(User.username, WebSession.csrf, WebSession.expires_at)
            .join(User, User.id == WebSession.user_id)
            .where(WebSession.sha256 == _digest(secret), WebSession.expires_at > utcnow())
        )
        with self.read() as session:
            row = session.execute(query).first()
        return None if row is None else SessionRecord(row[0], row[1], row[2])

    def close_web_session(self, secret: str) -> None:
        with self.write() as session:
            session.execute(delete(WebSession).where(WebSession.sha256 == _digest(secret)))

    def close_web_sessions_of(self, username: str) -> None:
        """Sign a user out everywhere (removed, demoted, or their password changed)."""
        with self.write() as session:
            ids = select(User.id).where(User.username == username).scalar_subquery()
            session.execute(delete(WebSession).where(WebSession.user_id == ids))
