"""Interim storage for the service, with the exact method signatures of the issue-4 contract.

Engineer A is building these tables, migrations and Store methods in fairsift.store at the same
time. Until they land, the service runs on this subclass of Store, whose extra tables (prefixed
`svc_`) are created directly with SQLAlchemy Core. Each method below is replaced by A's and
this module deleted once A's Store has it; nothing outside fairsift.service imports it.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
    func,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session

from fairsift.store import Store
from fairsift.store.models import UTCDateTime, utcnow

__all__ = ["InterimStore", "Problem", "QueueItem", "UserRecord"]

LOCKOUT_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
LEASE = timedelta(seconds=60)
URGENCY_ORDER = {"critical": 0, "high": 1, "normal": 2, "low": 3}

meta = MetaData()
users = Table(
    "svc_users",
    meta,
    Column("id", Integer, primary_key=True),
    Column("username", String(200), unique=True, nullable=False),
    Column("role", String(20), nullable=False),
    Column("queues", JSON, nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("failed_logins", Integer, nullable=False),
    Column("locked_until", UTCDateTime, nullable=True),
    Column("active", Boolean, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)
tokens = Table(
    "svc_api_tokens",
    meta,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("svc_users.id"), nullable=False),
    Column("label", Text, nullable=False),
    Column("sha256", String(64), unique=True, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)
reports = Table(
    "svc_reports",
    meta,
    Column("id", Integer, primary_key=True),
    Column("key", String(200), unique=True, nullable=False),
    Column("text", Text, nullable=False),
    Column("fields", JSON, nullable=False),
    Column("source", String(50), nullable=False),
    Column("status", String(20), nullable=False),
    Column("urgency_rank", Integer, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
)
contacts = Table(
    "svc_reporter_contacts",
    meta,
    Column("report_id", Integer, ForeignKey("svc_reports.id"), primary_key=True),
    Column("contact", JSON, nullable=False),
)
report_assessments = Table(
    "svc_report_assessments",
    meta,
    Column("id", Integer, primary_key=True),
    Column("report_id", Integer, ForeignKey("svc_reports.id"), unique=True, nullable=False),
    Column("row", JSON, nullable=False),
    Column("provenance", JSON, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)
receipts = Table(
    "svc_receipts",
    meta,
    Column("sha256", String(64), primary_key=True),
    Column("report_id", Integer, ForeignKey("svc_reports.id"), nullable=False),
)
additions = Table(
    "svc_report_additions",
    meta,
    Column("id", Integer, primary_key=True),
    Column("report_id", Integer, ForeignKey("svc_reports.id"), nullable=False),
    Column("text", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)
ingest = Table(
    "svc_ingest_queue",
    meta,
    Column("id", Integer, primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("idempotency_key", String(300), nullable=False),
    Column("payload", JSON, nullable=False),
    Column("status", String(20), nullable=False),
    Column("worker", Text, nullable=True),
    Column("leased_at", UTCDateTime, nullable=True),
    Column("attempts", Integer, nullable=False),
    Column("result_ref", Text, nullable=True),
    Column("error", Text, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("kind", "idempotency_key"),
)
decisions = Table(
    "svc_decisions",
    meta,
    Column("id", Integer, primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("item_id", Integer, nullable=False),
    Column("assessment_id", Integer, nullable=True),
    Column("decision", String(20), nullable=False),
    Column("reason", Text, nullable=False),
    Column("actor", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)
demographics_table = Table(
    "svc_demographics",
    meta,
    Column("candidate_sha256", String(64), primary_key=True),
    Column("sex", Text, nullable=True),
    Column("race_ethnicity", Text, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
)
texts = Table(
    "svc_document_texts",
    meta,
    Column("sha256", String(64), primary_key=True),
    Column("text", Text, nullable=False),
    Column("blind_text", Text, nullable=False),
)
audit = Table(
    "svc_audit_log",
    meta,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("at", Text, nullable=False),
    Column("actor", Text, nullable=False),
    Column("event", String(40), nullable=False),
    Column("subject", Text, nullable=False),
    Column("payload", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)


@dataclass(frozen=True)
class UserRecord:
    id: int
    username: str
    role: str
    queues: list[str]
    password_hash: str
    failed_logins: int
    locked_until: datetime | None
    active: bool


@dataclass(frozen=True)
class QueueItem:
    id: int
    kind: str
    payload: dict[str, Any]
    idempotency_key: str
    attempts: int = 0


@dataclass(frozen=True)
class Problem:
    entry_id: int
    what: str


def _entry_hash(
    entry_id: int, at: str, actor: str, event: str, subject: str, payload: str, prev: str
) -> str:
    blob = json.dumps(
        [entry_id, at, actor, event, subject, json.loads(payload), prev],
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(blob.encode()).hexdigest()


def _user(row: Any) -> UserRecord:
    return UserRecord(
        id=row.id,
        username=row.username,
        role=row.role,
        queues=list(row.queues),
        password_hash=row.password_hash,
        failed_logins=row.failed_logins,
        locked_until=row.locked_until,
        active=row.active,
    )


class InterimStore(Store):
    """Store plus the contract's methods, on interim `svc_` tables."""

    lease_seconds: float = LEASE.total_seconds()

    @classmethod
    def open(cls, url: str | os.PathLike[str]) -> InterimStore:
        base = Store.open(url)
        store = cls(base._engine, base._url)
        meta.create_all(store._writer)
        return store

    # -- audit -----------------------------------------------------------------------------

    def append_audit(
        self,
        event: str,
        actor: str,
        subject: str,
        payload: Mapping[str, Any],
        session: Session | None = None,
    ) -> int:
        if session is None:
            with self.write() as own:
                return self.append_audit(event, actor, subject, payload, own)
        if self.dialect == "postgresql":  # one appender at a time: the chain is a sequence
            session.execute(text("SELECT pg_advisory_xact_lock(1718185313)"))
        last = session.execute(
            select(audit.c.id, audit.c.hash).order_by(audit.c.id.desc()).limit(1)
        ).first()
        entry_id = 1 if last is None else last.id + 1
        prev = "0" * 64 if last is None else last.hash
        at = datetime.now(UTC).isoformat()
        body = json.dumps(dict(payload), sort_keys=True, ensure_ascii=False, default=str)
        digest = _entry_hash(entry_id, at, actor, event, subject, body, prev)
        session.execute(
            audit.insert().values(
                id=entry_id,
                at=at,
                actor=actor,
                event=event,
                subject=subject,
                payload=body,
                prev_hash=prev,
                hash=digest,
            )
        )
        return entry_id

    def verify_audit(self) -> list[Problem]:
        problems: list[Problem] = []
        prev = "0" * 64
        expected = 1
        with self.read() as session:
            for row in session.execute(select(audit).order_by(audit.c.id)):
                if row.id != expected:
                    problems.append(Problem(expected, "entry missing (deleted)"))
                digest = _entry_hash(
                    row.id, row.at, row.actor, row.event, row.subject, row.payload, row.prev_hash
                )
                if digest != row.hash:
                    problems.append(Problem(row.id, "entry edited: its hash does not match"))
                elif row.prev_hash != prev:
                    problems.append(Problem(row.id, "chain broken: previous hash differs"))
                prev = row.hash
                expected = row.id + 1
        return problems

    def audit_entries(self, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        query = select(audit).order_by(audit.c.id.desc()).limit(limit).offset(offset)
        with self.read() as session:
            return [
                {**row._asdict(), "payload": json.loads(row.payload)}
                for row in session.execute(query)
            ]

    # -- users -----------------------------------------------------------------------------

    def add_user(
        self,
        username: str,
        role: str,
        password_hash: str,
        queues: list[str] | None = None,
        actor: str = "system",
    ) -> int:
        with self.write() as s:
            result = s.execute(
                users.insert()
                .returning(users.c.id)
                .values(
                    username=username,
                    role=role,
                    queues=list(queues or []),
                    password_hash=password_hash,
                    failed_logins=0,
                    locked_until=None,
                    active=True,
                    created_at=utcnow(),
                )
            )
            user_id = int(result.scalar_one())
            self.append_audit(
                "user_add", actor, username, {"role": role, "queues": queues or []}, s
            )
        return user_id

    def get_user(self, username: str) -> UserRecord | None:
        with self.read() as s:
            row = s.execute(select(users).where(users.c.username == username)).first()
        return None if row is None else _user(row)

    def list_users(self) -> list[UserRecord]:
        with self.read() as s:
            return [_user(r) for r in s.execute(select(users).order_by(users.c.username))]

    def remove_user(self, username: str, actor: str) -> None:
        with self.write() as s:
            s.execute(update(users).where(users.c.username == username).values(active=False))
            self.append_audit("user_remove", actor, username, {}, s)

    def count_users(self) -> int:
        with self.read() as s:
            return int(s.execute(select(func.count()).select_from(users)).scalar_one())

    def record_login(self, username: str, ok: bool, client: str) -> None:
        now = utcnow()
        with self.write() as s:
            row = s.execute(select(users).where(users.c.username == username)).first()
            if row is not None:
                if ok:
                    values: dict[str, Any] = {"failed_logins": 0, "locked_until": None}
                else:
                    failures = row.failed_logins + 1
                    values = {"failed_logins": failures}
                    if failures >= LOCKOUT_FAILURES:
                        values = {"failed_logins": 0, "locked_until": now + LOCKOUT}
                s.execute(update(users).where(users.c.id == row.id).values(**values))
            event = "login" if ok else "login_failed"
            self.append_audit(event, username, username, {"client": client}, s)

    def create_api_token(self, username: str, label: str, actor: str) -> str:
        secret = "fst_" + secrets.token_urlsafe(32)
        with self.write() as s:
            user_id = s.execute(select(users.c.id).where(users.c.username == username)).scalar()
            if user_id is None:
                raise KeyError(username)
            s.execute(
                tokens.insert().values(
                    user_id=user_id,
                    label=label,
                    sha256=hashlib.sha256(secret.encode()).hexdigest(),
                    created_at=utcnow(),
                )
            )
            self.append_audit("token_create", actor, username, {"label": label}, s)
        return secret

    def user_for_token(self, secret: str) -> UserRecord | None:
        digest = hashlib.sha256(secret.encode()).hexdigest()
        query = select(users).join(tokens, tokens.c.user_id == users.c.id)
        with self.read() as s:
            row = s.execute(query.where(tokens.c.sha256 == digest)).first()
        return None if row is None else _user(row)

    # -- documents and applications --------------------------------------------------------

    def put_document_text(self, sha256: str, text: str, blind_text: str) -> None:
        with self.write() as s:
            exists = s.execute(select(texts.c.sha256).where(texts.c.sha256 == sha256)).first()
            if exists is None:
                s.execute(texts.insert().values(sha256=sha256, text=text, blind_text=blind_text))

    def document_text(self, sha256: str) -> tuple[str, str] | None:
        with self.read() as s:
            row = s.execute(select(texts).where(texts.c.sha256 == sha256)).first()
        return None if row is None else (row.text, row.blind_text)

    def assessment_by_id(self, assessment_id: int) -> dict[str, Any] | None:
        from fairsift.store.models import Assessment

        with self.read() as s:
            row = s.get(Assessment, assessment_id)
            if row is None:
                return None
            return {
                **dict(row.payload),
                "id": row.id,
                "kind": row.kind,
                "job_sha256": row.job_sha256,
                "created_at": row.created_at.isoformat(),
            }

    def list_assessments(
        self,
        kind: str,
        job_sha256: str | None = None,
        limit: int = 100,
        offset: int = 0,
        search: str | None = None,
    ) -> list[dict[str, Any]]:
        from fairsift.store.models import Assessment

        query = select(Assessment).where(Assessment.kind == kind)
        if job_sha256 is not None:
            query = query.where(Assessment.job_sha256 == job_sha256)
        if search:
            query = query.where(Assessment.source.ilike(f"%{search}%"))
        query = query.order_by(Assessment.score.desc().nulls_last(), Assessment.id)
        with self.read() as s:
            rows = s.execute(query.limit(limit).offset(offset)).scalars().all()
            return [
                {
                    **dict(r.payload),
                    "id": r.id,
                    "kind": r.kind,
                    "job_sha256": r.job_sha256,
                    "created_at": r.created_at.isoformat(),
                }
                for r in rows
            ]

    def list_jobs(self) -> list[dict[str, Any]]:
        from fairsift.store.models import Job

        with self.read() as s:
            rows = s.execute(select(Job).order_by(Job.id)).scalars().all()
            return [
                {
                    "sha256": r.sha256,
                    "source": r.source,
                    "title": r.title,
                    "requirements": r.requirements,
                    "created_at": r.created_at.isoformat(),
                }
                for r in rows
            ]

    # -- reports ---------------------------------------------------------------------------

    def put_report(
        self,
        report: Mapping[str, Any],
        text: str,
        reporter_contact: Mapping[str, Any] | None,
        source: str,
        actor: str,
    ) -> int:
        key = str(report.get("idempotency_key") or "")
        if not key:
            key = "sha256:" + hashlib.sha256(f"{source}\n{text}".encode()).hexdigest()
        with self.write() as s:
            existing = s.execute(select(reports.c.id).where(reports.c.key == key)).scalar()
            if existing is not None:
                return int(existing)
            result = s.execute(
                reports.insert()
                .returning(reports.c.id)
                .values(
                    key=key,
                    text=text,
                    fields={k: v for k, v in report.items() if k != "idempotency_key"},
                    source=source,
                    status="new",
                    urgency_rank=None,
                    created_at=utcnow(),
                )
            )
            report_id = int(result.scalar_one())
            if reporter_contact:
                s.execute(contacts.insert().values(report_id=report_id, contact=reporter_contact))
            self.append_audit(
                "report_submitted",
                actor,
                f"report:{report_id}",
                {"source": source, "sha256": hashlib.sha256(text.encode()).hexdigest()},
                s,
            )
        return report_id

    def put_report_assessment(
        self, report_id: int, row: Mapping[str, Any], provenance: Mapping[str, Any]
    ) -> int:
        level = str((row.get("urgency") or {}).get("level", "low"))
        with self.write() as s:
            existing = s.execute(
                select(report_assessments.c.id).where(report_assessments.c.report_id == report_id)
            ).scalar()
            if existing is not None:
                return int(existing)
            result = s.execute(
                report_assessments.insert()
                .returning(report_assessments.c.id)
                .values(
                    report_id=report_id,
                    row=dict(row),
                    provenance=dict(provenance),
                    created_at=utcnow(),
                )
            )
            s.execute(
                update(reports)
                .where(reports.c.id == report_id, reports.c.status == "new")
                .values(status="triaged", urgency_rank=URGENCY_ORDER.get(level, 3))
            )
            assessment_id = int(result.scalar_one())
            self.append_audit(
                "assessment",
                "fairsift",
                f"report:{report_id}",
                {"assessment_id": assessment_id, "provenance": dict(provenance)},
                s,
            )
        return assessment_id

    def _report_dict(self, s: Session, row: Any, full: bool) -> dict[str, Any]:
        assessment = s.execute(
            select(report_assessments).where(report_assessments.c.report_id == row.id)
        ).first()
        out: dict[str, Any] = {
            "id": row.id,
            "text": row.text,
            "fields": row.fields,
            "source": row.source,
            "status": row.status,
            "created_at": row.created_at.isoformat(),
            "assessment_id": None if assessment is None else assessment.id,
            "assessment": None if assessment is None else dict(assessment.row),
        }
        if full:
            adds = s.execute(
                select(additions).where(additions.c.report_id == row.id).order_by(additions.c.id)
            )
            out["additions"] = [
                {"id": a.id, "text": a.text, "created_at": a.created_at.isoformat()} for a in adds
            ]
        return out

    def report_by_id(self, report_id: int) -> dict[str, Any] | None:
        with self.read() as s:
            row = s.execute(select(reports).where(reports.c.id == report_id)).first()
            return None if row is None else self._report_dict(s, row, full=True)

    def list_reports(
        self,
        order: str = "urgency,age",
        language: str | None = None,
        category: str | None = None,
        urgency: str | None = None,
        status: str | None = None,
        search: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        query = select(reports)
        if status:
            query = query.where(reports.c.status == status)
        if urgency:
            query = query.where(reports.c.urgency_rank == URGENCY_ORDER.get(urgency, -1))
        if search:
            query = query.where(reports.c.text.ilike(f"%{search}%"))
        query = query.order_by(
            reports.c.urgency_rank.asc().nulls_last(), reports.c.created_at, reports.c.id
        )
        with self.read() as s:
            out = []
            for row in s.execute(query):
                item = self._report_dict(s, row, full=False)
                row_a = item["assessment"] or {}
                if language and row_a.get("language") != language:
                    continue
                names = {c.get("name") for c in row_a.get("categories") or []}
                if category and category not in names:
                    continue
                out.append(item)
            return out[offset : offset + limit]

    def create_receipt(self, report_id: int) -> str:
        code = secrets.token_urlsafe(12)
        with self.write() as s:
            s.execute(
                receipts.insert().values(
                    sha256=hashlib.sha256(code.encode()).hexdigest(), report_id=report_id
                )
            )
        return code

    def report_for_receipt(self, code: str) -> int | None:
        digest = hashlib.sha256(code.strip().encode()).hexdigest()
        with self.read() as s:
            found = s.execute(select(receipts.c.report_id).where(receipts.c.sha256 == digest))
            value = found.scalar()
        return None if value is None else int(value)

    def add_to_report(self, code: str, text: str) -> int:
        report_id = self.report_for_receipt(code)
        if report_id is None:
            raise KeyError("receipt")
        with self.write() as s:
            result = s.execute(
                additions.insert()
                .returning(additions.c.id)
                .values(report_id=report_id, text=text, created_at=utcnow())
            )
            addition_id = int(result.scalar_one())
            self.append_audit(
                "receipt_addition", "reporter", f"report:{report_id}", {"addition": addition_id}, s
            )
        return addition_id

    # -- ingest queue ----------------------------------------------------------------------

    def enqueue(
        self, kind: str, payload: Mapping[str, Any], idempotency_key: str
    ) -> tuple[int, bool]:
        key = and_(ingest.c.kind == kind, ingest.c.idempotency_key == idempotency_key)
        with self.write() as s:
            existing = s.execute(select(ingest.c.id).where(key)).scalar()
            if existing is not None:
                return int(existing), False
            result = s.execute(
                ingest.insert()
                .returning(ingest.c.id)
                .values(
                    kind=kind,
                    idempotency_key=idempotency_key,
                    payload=dict(payload),
                    status="pending",
                    attempts=0,
                    created_at=utcnow(),
                )
            )
            return int(result.scalar_one()), True

    def claim_next(self, kind: str, worker: str) -> QueueItem | None:
        now = utcnow()
        with self.write() as s:
            row = s.execute(
                select(ingest)
                .where(
                    ingest.c.kind == kind,
                    or_(
                        ingest.c.status == "pending",
                        and_(
                            ingest.c.status == "running",
                            ingest.c.leased_at < now - timedelta(seconds=self.lease_seconds),
                        ),
                    ),
                )
                .order_by(ingest.c.id)
                .limit(1)
            ).first()
            if row is None:
                return None
            s.execute(
                update(ingest)
                .where(ingest.c.id == row.id)
                .values(status="running", worker=worker, leased_at=now, attempts=row.attempts + 1)
            )
            return QueueItem(
                row.id, row.kind, dict(row.payload), row.idempotency_key, row.attempts + 1
            )

    def finish(self, item_id: int, result_ref: str | None, error: str | None) -> None:
        with self.write() as s:
            s.execute(
                update(ingest)
                .where(ingest.c.id == item_id)
                .values(status="failed" if error else "done", result_ref=result_ref, error=error)
            )

    def queue_item(self, item_id: int) -> dict[str, Any] | None:
        with self.read() as s:
            row = s.execute(select(ingest).where(ingest.c.id == item_id)).first()
        return None if row is None else row._asdict()

    def queue_counts(self) -> dict[str, int]:
        counts = {"pending": 0, "running": 0, "done": 0, "failed": 0}
        with self.read() as s:
            for status, n in s.execute(
                select(ingest.c.status, func.count()).group_by(ingest.c.status)
            ):
                counts[status] = int(n)
        return counts

    # -- decisions and demographics -------------------------------------------------------

    def put_decision(
        self,
        kind: str,
        item_id: int,
        assessment_id: int | None,
        decision: str,
        reason: str,
        actor: str,
    ) -> int:
        with self.write() as s:
            result = s.execute(
                decisions.insert()
                .returning(decisions.c.id)
                .values(
                    kind=kind,
                    item_id=item_id,
                    assessment_id=assessment_id,
                    decision=decision,
                    reason=reason,
                    actor=actor,
                    created_at=utcnow(),
                )
            )
            if kind == "report":
                s.execute(update(reports).where(reports.c.id == item_id).values(status=decision))
            decision_id = int(result.scalar_one())
            self.append_audit(
                "decision",
                actor,
                f"{kind}:{item_id}",
                {"decision": decision, "reason": reason, "assessment_id": assessment_id},
                s,
            )
        return decision_id

    def decisions_for(self, kind: str, item_id: int) -> list[dict[str, Any]]:
        query = select(decisions).where(decisions.c.kind == kind, decisions.c.item_id == item_id)
        with self.read() as s:
            return [
                {**r._asdict(), "created_at": r.created_at.isoformat()}
                for r in s.execute(query.order_by(decisions.c.id))
            ]

    def all_decisions(self, kind: str) -> list[dict[str, Any]]:
        from fairsift.store.models import Assessment

        query = (
            select(decisions, Assessment.item_sha256, Assessment.score)
            .join(Assessment, Assessment.id == decisions.c.assessment_id, isouter=True)
            .where(decisions.c.kind == kind)
            .order_by(decisions.c.id)
        )
        with self.read() as s:
            return [
                {
                    "candidate_sha256": r.item_sha256,
                    "selected": r.decision == "advance",
                    "score": r.score,
                    "decision": r.decision,
                    "item_id": r.item_id,
                }
                for r in s.execute(query)
            ]

    def put_demographic(
        self, candidate_sha256: str, sex: str | None, race_ethnicity: str | None, actor: str
    ) -> None:
        with self.write() as s:
            s.execute(
                demographics_table.delete().where(
                    demographics_table.c.candidate_sha256 == candidate_sha256
                )
            )
            s.execute(
                demographics_table.insert().values(
                    candidate_sha256=candidate_sha256,
                    sex=sex,
                    race_ethnicity=race_ethnicity,
                    created_at=utcnow(),
                )
            )
            self.append_audit("config_change", actor, "demographic", {}, s)

    def demographics(self) -> list[dict[str, Any]]:
        with self.read() as s:
            return [
                {
                    "candidate_sha256": r.candidate_sha256,
                    "sex": r.sex,
                    "race_ethnicity": r.race_ethnicity,
                }
                for r in s.execute(select(demographics_table))
            ]
