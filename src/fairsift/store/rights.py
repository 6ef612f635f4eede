"""What people's rights need from the store: a candidate's private contact details, requests
for an alternative process or an accommodation, and merges of duplicate candidates.

Contacts are read only here (never by a queue); a request's code is kept as its sha256 only.
Every request, resolution and merge is in the audit log, without the person's details.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from sqlalchemy import case, func, or_, select

from fairsift.errors import InputError
from fairsift.privacy.identity import Identity, normal_email, normal_phone
from fairsift.store import audit
from fairsift.store.base import StoreBase
from fairsift.store.models import utcnow
from fairsift.store.models_people import AlternativeRequest, CandidateContact, CandidateMerge

__all__ = ["REQUEST_KINDS", "AltRequest", "RightsMixin", "code_digest"]

REQUEST_KINDS: Final = ("alternative", "accommodation")
MAX_MESSAGE: Final = 4000


def code_digest(code: str) -> str:
    return hashlib.sha256(code.strip().upper().encode("utf-8")).hexdigest()


def _new_code() -> str:
    # 16 characters from an alphabet without look-alikes (0/O, 1/I/L): about 80 bits.
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


@dataclass(frozen=True)
class AltRequest:
    id: int
    kind: str
    job_sha256: str | None
    candidate_sha256: str | None
    message: str
    contact: dict[str, Any]
    status: str
    resolution: str | None
    resolved_by: str | None
    resolved_at: datetime | None
    created_at: datetime

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "job_sha256": self.job_sha256,
            "candidate_sha256": self.candidate_sha256,
            "message": self.message,
            "contact": dict(self.contact),
            "status": self.status,
            "resolution": self.resolution,
            "resolved_by": self.resolved_by,
            "resolved_at": None if self.resolved_at is None else self.resolved_at.isoformat(),
            "created_at": self.created_at.isoformat(),
        }


def _request(row: AlternativeRequest) -> AltRequest:
    return AltRequest(
        id=row.id,
        kind=row.kind,
        job_sha256=row.job_sha256,
        candidate_sha256=row.candidate_sha256,
        message=row.message,
        contact=dict(row.contact),
        status=row.status,
        resolution=row.resolution,
        resolved_by=row.resolved_by,
        resolved_at=row.resolved_at,
        created_at=row.created_at,
    )


class RightsMixin(StoreBase):
    # -- private contacts ------------------------------------------------------------------

    def put_candidate_contact(self, candidate_sha256: str, who: Identity) -> None:
        """Keep what a resume says about who sent it (replacing what was kept before)."""
        with self.write() as session:
            row = session.get(CandidateContact, candidate_sha256)
            if row is None:
                row = CandidateContact(candidate_sha256=candidate_sha256, created_at=utcnow())
                session.add(row)
            row.name = who.name
            row.emails = list(who.emails)
            row.phones = list(who.phones)

    def candidate_contact(self, candidate_sha256: str) -> Identity | None:
        with self.read() as session:
            row = session.get(CandidateContact, candidate_sha256)
            if row is None:
                return None
            return Identity(row.name, tuple(row.emails), tuple(row.phones))

    def candidate_contacts(self) -> dict[str, Identity]:
        with self.read() as session:
            rows = session.execute(select(CandidateContact)).scalars()
            return {
                r.candidate_sha256: Identity(r.name, tuple(r.emails), tuple(r.phones)) for r in rows
            }

    # -- alternative process and accommodation ---------------------------------------------

    def add_alternative_request(
        self,
        kind: str,
        message: str,
        contact: dict[str, str],
        job_sha256: str | None = None,
        candidate_sha256: str | None = None,
        actor: str = "candidate",
    ) -> tuple[int, str]:
        """Record a request; returns (id, code). The code is shown to the candidate once.
        Without a resume sha256, the request is linked to the candidate whose resume gives
        the same e-mail or phone, if there is one (now or when it is screened later)."""
        if kind not in REQUEST_KINDS:
            raise InputError(f"unknown request {kind!r}", f"Ask for one of {REQUEST_KINDS}")
        text = message.strip()
        if len(text) > MAX_MESSAGE:
            raise InputError(
                f"the message has {len(text):,} characters; at most {MAX_MESSAGE:,} are kept",
                "Shorten it",
            )
        clean = {k: v.strip() for k, v in contact.items() if v and v.strip()}
        if not (clean.get("email") or clean.get("phone")):
            raise InputError(
                "a request needs an e-mail address or a phone number",
                "Say how the employer can reach you about it",
            )
        code = _new_code()
        with self.audited_write() as session:
            if candidate_sha256 is None:
                candidate_sha256 = _match_contact(session, clean)
            row = AlternativeRequest(
                kind=kind,
                job_sha256=job_sha256,
                candidate_sha256=candidate_sha256,
                message=text,
                contact=clean,
                code_sha256=code_digest(code),
                status="open",
                created_at=utcnow(),
            )
            session.add(row)
            session.flush()
            details = {
                "kind": kind,
                "job_sha256": job_sha256,
                "candidate_sha256": candidate_sha256,
                "ai_ranking": "withheld",
            }
            audit.append(session, "alternative_request", actor, f"alternative:{row.id}", details)
            return row.id, code

    def alternative_requests(self, status: str | None = None) -> list[AltRequest]:
        query = select(AlternativeRequest).order_by(AlternativeRequest.id)
        if status is not None:
            query = query.where(AlternativeRequest.status == status)
        with self.read() as session:
            return [_request(r) for r in session.execute(query).scalars()]

    def alternative_request_page(
        self, limit: int, offset: int = 0, jobs: Collection[str] | None = None
    ) -> tuple[list[AltRequest], int]:
        """Open requests first, then by id; one page of them and how many in all, paged in
        the database. `jobs` keeps requests about those jobs and those about any job."""
        query = select(AlternativeRequest)
        if jobs is not None:
            query = query.where(
                or_(
                    AlternativeRequest.job_sha256.is_(None),
                    AlternativeRequest.job_sha256.in_(list(jobs)),
                )
            )
        counted = query.with_only_columns(func.count(AlternativeRequest.id)).order_by(None)
        closed = case((AlternativeRequest.status == "open", 0), else_=1)
        paged = query.order_by(closed, AlternativeRequest.id).limit(limit).offset(offset)
        with self.read() as session:
            rows = [_request(r) for r in session.execute(paged).scalars()]
            return rows, int(session.execute(counted).scalar_one())

    def alternative_request(self, request_id: int) -> AltRequest | None:
        with self.read() as session:
            row = session.get(AlternativeRequest, request_id)
            return None if row is None else _request(row)

    def alternative_request_for_code(self, code: str) -> AltRequest | None:
        query = select(AlternativeRequest).where(
            AlternativeRequest.code_sha256 == code_digest(code)
        )
        with self.read() as session:
            row = session.execute(query).scalar()
            return None if row is None else _request(row)

    def resolve_alternative_request(self, request_id: int, resolution: str, actor: str) -> None:
        """A reviewer says how the request was met (the application stays out of the AI's
        ranking: the person was assessed without it)."""
        text = resolution.strip()
        if not text:
            raise InputError("say how the request was met", "Write a sentence for the record")
        with self.audited_write() as session:
            row = session.get(AlternativeRequest, request_id)
            if row is None:
                raise InputError(f"no request {request_id}", "See the requests queue")
            row.status, row.resolution = "resolved", text[:MAX_MESSAGE]
            row.resolved_by, row.resolved_at = actor, utcnow()
            audit.append(
                session,
                "alternative_resolved",
                actor,
                f"alternative:{request_id}",
                {"resolution_sha256": hashlib.sha256(text.encode()).hexdigest()},
            )

    def link_requests_to(self, candidate_sha256: str, who: Identity) -> int:
        """Link open requests without a resume to this candidate when their e-mail or phone
        matches the resume's (called when a resume is screened). Returns how many."""
        unlinked = select(AlternativeRequest.id, AlternativeRequest.contact).where(
            AlternativeRequest.candidate_sha256.is_(None)
        )
        with self.read() as session:  # most screenings find nothing to link: no write then
            wanted = [
                i for i, contact in session.execute(unlinked) if _contact_matches(contact, who)
            ]
        if not wanted:
            return 0
        linked = 0
        with self.audited_write() as session:
            rows = session.execute(
                select(AlternativeRequest).where(
                    AlternativeRequest.id.in_(wanted), AlternativeRequest.candidate_sha256.is_(None)
                )
            ).scalars()
            for row in rows:
                if _contact_matches(row.contact, who):
                    row.candidate_sha256 = candidate_sha256
                    linked += 1
                    audit.append(
                        session,
                        "alternative_request",
                        "fairsift",
                        f"alternative:{row.id}",
                        {"linked_to": candidate_sha256, "by": "same contact details"},
                    )
        return linked

    def link_request(self, request_id: int, candidate_sha256: str, actor: str) -> None:
        """A reviewer links a request to the application it is about (when the contact
        details given did not match the resume's)."""
        with self.audited_write() as session:
            row = session.get(AlternativeRequest, request_id)
            if row is None:
                raise InputError(f"no request {request_id}", "See the requests queue")
            row.candidate_sha256 = candidate_sha256
            audit.append(
                session,
                "alternative_request",
                actor,
                f"alternative:{request_id}",
                {"linked_to": candidate_sha256, "by": "a reviewer"},
            )

    def withheld_from_ai(self) -> set[tuple[str, str | None]]:
        """(candidate sha256, job sha256 or None for every job) of every request: those
        applications are kept out of the AI's ranking."""
        query = select(AlternativeRequest.candidate_sha256, AlternativeRequest.job_sha256).where(
            AlternativeRequest.candidate_sha256.is_not(None)
        )
        with self.read() as session:
            return {(str(c), j) for c, j in session.execute(query)}

    # -- duplicate candidates --------------------------------------------------------------

    def merge_candidates(self, primary: str, duplicate: str, actor: str) -> None:
        """Record that `duplicate` is the same person as `primary` (a reviewer's finding)."""
        if primary == duplicate:
            raise InputError("a candidate cannot be merged with itself", "Pick two resumes")
        with self.audited_write() as session:
            target = session.get(CandidateMerge, primary)
            root = primary if target is None else target.primary_sha256  # merge into the root
            if root == duplicate:
                raise InputError("these two are merged already", "Nothing to do")
            session.merge(
                CandidateMerge(
                    duplicate_sha256=duplicate,
                    primary_sha256=root,
                    merged_by=actor,
                    created_at=utcnow(),
                )
            )
            for row in session.execute(
                select(CandidateMerge).where(CandidateMerge.primary_sha256 == duplicate)
            ).scalars():
                row.primary_sha256 = root
            audit.append(
                session, "merge", actor, f"candidate:{duplicate}", {"primary_sha256": root}
            )

    def merges(self) -> dict[str, str]:
        """duplicate sha256 -> the sha256 it is counted as."""
        with self.read() as session:
            rows = session.execute(select(CandidateMerge)).scalars()
            return {r.duplicate_sha256: r.primary_sha256 for r in rows}


def _contact_matches(contact: dict[str, Any], who: Identity) -> bool:
    email = normal_email(str(contact.get("email") or ""))
    phone = normal_phone(str(contact.get("phone") or ""))
    return bool((email and email in who.emails) or (len(phone) >= 7 and phone in who.phones))


def _match_contact(session: Any, contact: dict[str, str]) -> str | None:
    for row in session.execute(select(CandidateContact)).scalars():
        who = Identity(row.name, tuple(row.emails), tuple(row.phones))
        if _contact_matches(contact, who):
            return str(row.candidate_sha256)
    return None
