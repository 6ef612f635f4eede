"""Public reports in the store: the text as received, its triage, receipts and what
reporters add later. A reporter's contact goes to its own table and is read by one method
only, never joined into the rows reviewers see."""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session, defer

from fairsift.errors import InputError
from fairsift.store import audit
from fairsift.store.base import StoreBase
from fairsift.store.models import utcnow
from fairsift.store.models_review import (
    Receipt,
    Report,
    ReportAddition,
    ReportAssessment,
    ReporterContact,
)
from fairsift.store.review import OPEN_STATUSES

__all__ = ["URGENCY_ORDER", "ReportsMixin", "TriagedReport", "normalise_receipt"]

URGENCY_ORDER: Final = {"critical": 0, "high": 1, "normal": 2, "low": 3}
HEAD_CHARS: Final = 2000  # of an untriaged report's text, for its preview
ORDERS: Final = ("urgency,age", "age", "-age")
RECEIPT_HINT: Final = "Check the code on your receipt (letters and digits; dashes optional)"


def normalise_receipt(code: str) -> str:
    """Receipts are read back by people: case, spaces and dashes do not matter."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _receipt_digest(code: str) -> str:
    return hashlib.sha256(normalise_receipt(code).encode("ascii", "ignore")).hexdigest()


def _new_receipt() -> str:
    # 100 random bits in base32 (no 0/1/8/9 look-alikes): XXXXX-XXXXX-XXXXX-XXXXX.
    raw = base64.b32encode(secrets.token_bytes(15)).decode("ascii")[:20]
    return "-".join(raw[i : i + 5] for i in range(0, 20, 5))


def _language(row: Mapping[str, Any]) -> str | None:
    value = row.get("language")
    if isinstance(value, Mapping):
        value = value.get("code")
    return str(value)[:20] if value else None


def _urgency_rank(row: Mapping[str, Any]) -> int:
    urgency = row.get("urgency")
    level = urgency.get("level") if isinstance(urgency, Mapping) else urgency
    return URGENCY_ORDER.get(str(level), URGENCY_ORDER["low"])


def _report_dict(report: Report, assessment: ReportAssessment | None) -> dict[str, Any]:
    return {
        "id": report.id,
        "text": report.text,
        "fields": dict(report.fields),
        "source": report.source,
        "status": report.status,
        "created_at": report.created_at.isoformat(),
        "received_at": (report.received_at or report.created_at).isoformat(),
        "assignee": report.assignee,
        "assessment_id": None if assessment is None else assessment.id,
        "assessment": None if assessment is None else dict(assessment.row),
    }


def _with_assessment() -> Select[Report, ReportAssessment]:
    return select(Report, ReportAssessment).join(
        ReportAssessment, ReportAssessment.report_id == Report.id, isouter=True
    )


@dataclass(frozen=True, slots=True)
class TriagedReport:
    """A report as received (its text, where it came from, who sent it) with its triage row."""

    fields: Mapping[str, Any]
    text: str
    contact: Mapping[str, Any] | None
    source: str
    row: Mapping[str, Any]


def _category_key(name: str) -> str:
    """Category names match whatever their case or separators: "Medical help" is medical_help."""
    return "_".join(name.replace("-", " ").replace("_", " ").replace("|", " ").casefold().split())


def preview(text: str, limit: int = 160) -> str:
    """A report's text on one line, cut to `limit` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def queue_columns(row: Mapping[str, Any]) -> dict[str, Any]:
    """What the report queue lists of a triage row, stored beside it (migration 0019 fills
    older rows the same way): a queue page reads these columns, never the row."""
    urgency = row.get("urgency")
    urgency = urgency if isinstance(urgency, Mapping) else {}
    categories = [c.get("name") for c in row.get("categories") or [] if isinstance(c, Mapping)]
    text = row.get("text_en") or row.get("text")
    group, first = row.get("duplicate_group"), row.get("duplicate_of")
    findings = row.get("findings") or []
    return {
        "urgency": None if urgency.get("level") is None else str(urgency.get("level"))[:20],
        "urgency_reason": None if urgency.get("reason") is None else str(urgency["reason"]),
        "categories": categories,
        "category_keys": "|" + "|".join(_category_key(str(c or "")) for c in categories) + "|",
        "campaign": row.get("campaign") is not None,
        "duplicate_of": None if first is None else str(first)[:100],
        "duplicate_group": None if group is None else str(group)[:100],
        "findings": sorted({str(f.get("kind", "")) for f in findings if isinstance(f, Mapping)}),
        "preview": preview(str(text)) if text else None,
    }


def _received(report: Mapping[str, Any]) -> datetime:
    """When the reporter sent it, as the input says (`sent_at`, `received_at`); else now. A
    time without a zone is taken as UTC."""
    for key in ("sent_at", "received_at"):
        value = report.get(key)
        if not value:
            continue
        try:
            stamp = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            continue
        return stamp if stamp.tzinfo is not None else stamp.replace(tzinfo=UTC)
    return utcnow()


def _report_key(report: Mapping[str, Any], text: str, source: str) -> tuple[str, str]:
    """(idempotency key, text sha256) of a report as received."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return str(report.get("idempotency_key") or f"{source}:sha256:{digest}")[:300], digest


def _report_values(report: Mapping[str, Any], text: str, source: str) -> dict[str, Any]:
    """The columns of a new report, untriaged (`_triage_values` sets what triage decides)."""
    key, digest = _report_key(report, text, source)
    return {
        "idempotency_key": key,
        "text": text,
        "text_sha256": digest,
        "fields": {k: v for k, v in report.items() if k != "idempotency_key"},
        "source": source,
        "status": "new",
        "urgency_rank": None,
        "created_at": utcnow(),
        "received_at": _received(report),
    }


def _triage_values(row: Mapping[str, Any], status: str) -> dict[str, Any]:
    """What a report's triage sets on the report itself, for the queue."""
    return {"urgency_rank": _urgency_rank(row), "status": "triaged" if status == "new" else status}


def _submitted(source: str, digest: str, contact: bool) -> dict[str, Any]:
    return {"source": source, "sha256": digest, "contact": contact}


def _triaged(assessment_id: int, row: Mapping[str, Any], provenance: Mapping[str, Any]) -> Any:
    return {
        "assessment_id": assessment_id,
        "kind": "triage",
        "row_sha256": audit.digest(dict(row)),
        "provenance": dict(provenance),
    }


def _add_report(
    session: Session,
    report: Mapping[str, Any],
    text: str,
    reporter_contact: Mapping[str, Any] | None,
    source: str,
    actor: str,
) -> int:
    key, digest = _report_key(report, text, source)
    found = session.execute(select(Report.id).where(Report.idempotency_key == key))
    existing = found.scalar()
    if existing is not None:
        return int(existing)
    row = Report(**_report_values(report, text, source))
    session.add(row)
    session.flush()
    if reporter_contact:
        session.add(
            ReporterContact(report_id=row.id, contact=dict(reporter_contact), created_at=utcnow())
        )
    details = _submitted(source, digest, bool(reporter_contact))
    audit.append(session, "report_submitted", actor, f"report:{row.id}", details)
    return row.id


def _add_assessment(
    session: Session, report_id: int, row: Mapping[str, Any], provenance: Mapping[str, Any]
) -> int:
    existing = session.execute(
        select(ReportAssessment.id).where(ReportAssessment.report_id == report_id)
    ).scalar()
    if existing is not None:
        return int(existing)
    report = session.get(Report, report_id)
    if report is None:
        raise InputError(f"report {report_id} is not in the store", "Submit it again")
    assessment = ReportAssessment(
        report_id=report_id,
        language=_language(row),
        row=dict(row),
        provenance=dict(provenance),
        created_at=utcnow(),
        **queue_columns(row),
    )
    session.add(assessment)
    for name, value in _triage_values(row, report.status).items():
        setattr(report, name, value)
    session.flush()
    details = _triaged(assessment.id, row, provenance)
    audit.append(session, "assessment", "fairsift", f"report:{report_id}", details)
    return assessment.id


def _add_triaged(
    session: Session, insert: Any, items: Sequence[TriagedReport], actor: str
) -> list[int]:
    """`_add_report` and `_add_assessment` for many reports, a few statements in all; the
    audit records each (submitted, then triaged) in the order given. Returns report ids."""
    keys = [_report_key(item.fields, item.text, item.source) for item in items]
    ids = _report_ids(session, sorted({key for key, _digest in keys}))
    fresh: dict[str, int] = {}  # key -> index of the first item that brings it
    for index, (key, _digest) in enumerate(keys):
        if key not in ids:
            fresh.setdefault(key, index)
    if fresh:
        rows = []
        for index in fresh.values():
            item = items[index]
            values = _report_values(item.fields, item.text, item.source)
            rows.append(values | _triage_values(item.row, values["status"]))
        # plain multi-row INSERTs, the ids read back by key (cheaper than RETURNING)
        session.execute(insert(Report.__table__), rows)
        ids.update(_report_ids(session, sorted(fresh)))
        contacts = [
            {"report_id": ids[key], "contact": dict(contact), "created_at": utcnow()}
            for key, index in fresh.items()
            if (contact := items[index].contact)
        ]
        if contacts:
            session.execute(insert(ReporterContact.__table__), contacts)
    report_ids = [ids[key] for key, _digest in keys]
    done = _assessed(session, report_ids)
    todo: dict[int, int] = {}  # report id -> index of the item whose triage it keeps
    for index, report_id in enumerate(report_ids):
        if report_id not in done:
            todo.setdefault(report_id, index)
    assessment_ids: dict[int, int] = {}
    if todo:
        table = ReportAssessment.__table__
        rows = [
            {
                "report_id": report_id,
                "language": _language(items[index].row),
                "row": dict(items[index].row),
                "provenance": dict(items[index].row.get("provenance") or {}),
                "created_at": utcnow(),
                **queue_columns(items[index].row),  # what the queue lists (migration 0019)
            }
            for report_id, index in todo.items()
        ]
        session.execute(insert(table), rows)
        assessment_ids = _assessment_ids(session, list(todo))
        brought = {ids[key] for key in fresh}
        for report_id, index in todo.items():  # reports stored before, triaged only now
            if report_id not in brought and (report := session.get(Report, report_id)):
                for name, value in _triage_values(items[index].row, report.status).items():
                    setattr(report, name, value)
    for index, item in enumerate(items):
        key, digest = keys[index]
        report_id = report_ids[index]
        if fresh.get(key) == index:
            details = _submitted(item.source, digest, bool(item.contact))
            audit.append(session, "report_submitted", actor, f"report:{report_id}", details)
        if todo.get(report_id) == index:
            provenance = item.row.get("provenance") or {}
            details = _triaged(assessment_ids[report_id], item.row, provenance)
            audit.append(session, "assessment", "fairsift", f"report:{report_id}", details)
    return report_ids


def _report_ids(session: Session, keys: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(keys), 500):
        query = select(Report.idempotency_key, Report.id).where(
            Report.idempotency_key.in_(keys[start : start + 500])
        )
        found.update((str(key), int(i)) for key, i in session.execute(query))
    return found


def _assessed(session: Session, report_ids: list[int]) -> set[int]:
    return set(_assessment_ids(session, report_ids))


def _assessment_ids(session: Session, report_ids: list[int]) -> dict[int, int]:
    """report id -> its triage's id, for those of `report_ids` triaged."""
    wanted = sorted(set(report_ids))
    found: dict[int, int] = {}
    for start in range(0, len(wanted), 500):
        query = select(ReportAssessment.report_id, ReportAssessment.id).where(
            ReportAssessment.report_id.in_(wanted[start : start + 500])
        )
        found.update((int(r), int(i)) for r, i in session.execute(query))
    return found


class ReportsMixin(StoreBase):
    def put_report(
        self,
        report: Mapping[str, Any],
        text: str,
        reporter_contact: Mapping[str, Any] | None,
        source: str,
        actor: str,
    ) -> int:
        """Store a report; returns its id. Idempotent: `report["idempotency_key"]` if given,
        otherwise the source and the text's sha256, finds a report stored before."""
        with self.audited_write() as session:
            return _add_report(session, report, text, reporter_contact, source, actor)

    def put_reports(
        self,
        items: Sequence[tuple[Mapping[str, Any], str, Mapping[str, Any] | None]],
        source: str,
        actor: str,
    ) -> list[int]:
        """Store many reports ((report, text, reporter contact) each, as `put_report` takes
        them) in one transaction and one batch audit entry (a bulk import); returns their
        ids, in order. Idempotent as `put_report` is."""
        with self.audited_batch() as session:
            return [
                _add_report(session, report, text, contact, source, actor)
                for report, text, contact in items
            ]

    def put_report_assessment(
        self, report_id: int, row: Mapping[str, Any], provenance: Mapping[str, Any]
    ) -> int:
        """Store the triage of a report; returns the assessment id. Idempotent: a report
        triaged before keeps its first assessment (a re-run after a crash adds nothing)."""
        with self.audited_write() as session:
            return _add_assessment(session, report_id, row, provenance)

    def regroup_report(self, report_id: int, changes: Mapping[str, Any]) -> bool:
        """Update what grouping with later reports says of a triaged report: `changes` may set
        duplicate_group, duplicate_of, campaign and urgency (a campaign seen only once its
        fifth report arrived; a resent copy that is more urgent). Audited; the rest of the
        triage is kept. False if the report has no triage or nothing changed."""
        allowed = {"duplicate_group", "duplicate_of", "campaign", "urgency"}
        with self.audited_write() as session:
            assessment = session.execute(
                select(ReportAssessment).where(ReportAssessment.report_id == report_id)
            ).scalar()
            if assessment is None:
                return False
            row = dict(assessment.row)
            update = {k: v for k, v in changes.items() if k in allowed and row.get(k) != v}
            if not update:
                return False
            row.update(update)
            assessment.row = row
            for name, value in queue_columns(row).items():
                setattr(assessment, name, value)
            report = session.get(Report, report_id)
            if report is not None:
                report.urgency_rank = _urgency_rank(row)
            details = {
                "assessment_id": assessment.id,
                "kind": "regroup",
                "changed": update,
                "row_sha256": audit.digest(row),  # what the triage is now, for audit verify
            }
            audit.append(session, "assessment", "fairsift", f"report:{report_id}", details)
            return True

    def put_triaged_reports(self, items: Sequence[TriagedReport], actor: str) -> list[int]:
        """Store reports with their triage in one transaction and one batch audit entry (a
        chunk from `fairsift triage`); returns the report ids. Idempotent as `put_report`
        and `put_report_assessment` are."""
        with self.audited_batch() as session:
            return _add_triaged(session, self._insert, items, actor)

    def report_by_id(self, report_id: int) -> dict[str, Any] | None:
        """A report with its triage and additions (never its reporter's contact)."""
        with self.read() as session:
            found = session.execute(_with_assessment().where(Report.id == report_id)).first()
            if found is None:
                return None
            out = _report_dict(found[0], found[1])
            additions = session.execute(
                select(ReportAddition)
                .where(ReportAddition.report_id == report_id)
                .order_by(ReportAddition.id)
            ).scalars()
            out["additions"] = [
                {"id": a.id, "text": a.text, "created_at": a.created_at.isoformat()}
                for a in additions
            ]
            return out

    def urgent_unassigned(self, limit: int = 20) -> dict[str, Any]:
        """Critical and high reports still new or triaged that nobody was assigned: `raised`
        (critical first, then oldest) and `held` (flagged as a possible campaign, oldest
        first), `limit` of each with their totals, read and counted in the database."""
        received = func.coalesce(Report.received_at, Report.created_at)
        held = func.coalesce(ReportAssessment.campaign, False).is_(True)
        waiting = (
            Report.status.in_(("new", "triaged")),
            Report.urgency_rank.in_((URGENCY_ORDER["critical"], URGENCY_ORDER["high"])),
            Report.assignee.is_(None) | (Report.assignee == ""),
        )
        joined = select(Report.id, Report.urgency_rank, received).join(
            ReportAssessment, ReportAssessment.report_id == Report.id
        )
        level = {rank: name for name, rank in URGENCY_ORDER.items()}
        with self.read() as session:
            raised = session.execute(
                joined.where(*waiting, ~held)
                .order_by(Report.urgency_rank, received, Report.id)
                .limit(limit)
            ).all()
            kept = session.execute(
                joined.where(*waiting, held).order_by(received, Report.id).limit(limit)
            ).all()
            counts = {
                bool(flag): int(n)
                for flag, n in session.execute(
                    select(held, func.count())
                    .select_from(Report)
                    .join(ReportAssessment, ReportAssessment.report_id == Report.id)
                    .where(*waiting)
                    .group_by(held)
                )
            }

        def entries(rows: Sequence[Any]) -> list[dict[str, Any]]:
            return [
                {"id": int(i), "urgency": level[int(rank)], "received_at": when.isoformat()}
                for i, rank, when in rows
            ]

        return {
            "raised": entries(raised),
            "raised_total": counts.get(False, 0),
            "held": entries(kept),
            "held_total": counts.get(True, 0),
        }

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
        """Reports for a queue: by urgency (critical first, untriaged last) then oldest first,
        or by age ("age" oldest first, "-age" newest first). `search` matches the text."""
        if order not in ORDERS:
            raise ValueError(f"order must be one of {ORDERS}, not {order!r}")
        # provenance is for the report's own page: a list never parses it
        query = _filtered(
            _with_assessment().options(defer(ReportAssessment.provenance)),
            status,
            urgency,
            language,
            search,
        )
        received = func.coalesce(Report.received_at, Report.created_at)
        if order == "urgency,age":
            query = query.order_by(Report.urgency_rank.asc().nulls_last(), received, Report.id)
        else:
            newest = order == "-age"
            query = query.order_by(
                received.desc() if newest else received,
                Report.id.desc() if newest else Report.id,
            )
        if not category:  # categories live in the triage JSON: filtered below, paged after
            query = query.limit(limit).offset(offset)
        with self.read() as session:
            rows = [_report_dict(report, found) for report, found in session.execute(query)]
        if category:
            wanted = _category_key(category)
            rows = [
                row
                for row in rows
                if any(
                    _category_key(str(c.get("name") or "")) == wanted
                    for c in (row["assessment"] or {}).get("categories") or []
                    if isinstance(c, Mapping)
                )
            ][offset : offset + limit]
        return rows

    def report_queue_page(
        self,
        order: str = "urgency,age",
        language: str | None = None,
        category: str | None = None,
        urgency: str | None = None,
        status: str | None = None,
        search: str | None = None,
        assignee: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> tuple[list[dict[str, Any]], int]:
        """One page of the report queue and how many reports match in all, filtered, ordered
        and paged in the database. Rows hold the queue columns (see `queue_columns`), never
        the triage row or the text; a report not yet triaged brings the start of its text
        (`text_head`) for the caller to preview. `assignee` is "none" or an exact one."""
        if order not in ORDERS:
            raise ValueError(f"order must be one of {ORDERS}, not {order!r}")
        a = ReportAssessment
        # the text only where there is no stored preview (not triaged yet)
        head = case((a.preview.is_(None), func.substr(Report.text, 1, HEAD_CHARS)), else_=None)
        wanted = [
            Report.id, Report.status, Report.created_at, Report.received_at, Report.assignee,
            Report.source, a.id, a.language, a.urgency, a.urgency_reason, a.categories,
            a.campaign, a.duplicate_of, a.duplicate_group, a.findings, a.preview, head,
        ]  # fmt: skip
        joined = select(*wanted).outerjoin(a, a.report_id == Report.id)
        query = _queue_filtered(joined, status, urgency, language, search, category, assignee)
        received = func.coalesce(Report.received_at, Report.created_at)
        if order == "urgency,age":
            query = query.order_by(Report.urgency_rank.asc().nulls_last(), received, Report.id)
        else:
            newest = order == "-age"
            query = query.order_by(
                received.desc() if newest else received,
                Report.id.desc() if newest else Report.id,
            )
        counted = _queue_filtered(
            select(func.count()).select_from(Report).outerjoin(a, a.report_id == Report.id),
            status, urgency, language, search, category, assignee,
        )  # fmt: skip
        with self.read() as session:
            connection = session.connection()  # plain rows: no ORM loading for a list
            found = connection.execute(query.limit(limit).offset(offset)).all()
            total = int(connection.execute(counted).scalar_one())
        rows = [
            {
                "id": r[0],
                "status": r[1],
                "created_at": r[2].isoformat(),
                "received_at": (r[3] or r[2]).isoformat(),
                "assignee": r[4],
                "source": r[5],
                "triaged": r[6] is not None,
                "language": r[7],
                "urgency": r[8],
                "urgency_reason": r[9],
                "categories": list(r[10] or []),
                "campaign": bool(r[11]),
                "duplicate_of": r[12],
                "duplicate_group": r[13],
                "findings": list(r[14] or []),
                "preview": r[15],
                "text_head": r[16],
            }
            for r in found
        ]
        return rows, total

    def count_reports(
        self,
        language: str | None = None,
        category: str | None = None,
        urgency: str | None = None,
        status: str | None = None,
        search: str | None = None,
    ) -> int:
        """How many reports `list_reports` would page through with these filters."""
        if category:  # through the stored category keys (see report_queue_page)
            return self.report_queue_page(
                "age", language, category, urgency, status, search, limit=0
            )[1]
        query = _filtered(
            select(func.count())
            .select_from(Report)
            .outerjoin(ReportAssessment, ReportAssessment.report_id == Report.id),
            status,
            urgency,
            language,
            search,
        )
        with self.read() as session:
            return int(session.execute(query).scalar_one())

    def triaged_by_key(self, keys: Collection[str]) -> dict[str, dict[str, Any]]:
        """The stored triage rows of the reports with these idempotency keys (a rerun of
        `fairsift triage` reuses them)."""
        wanted = list(dict.fromkeys(keys))
        out: dict[str, dict[str, Any]] = {}
        with self.read() as session:
            for start in range(0, len(wanted), 500):
                query = (
                    select(Report.idempotency_key, ReportAssessment.row)
                    .join(ReportAssessment, ReportAssessment.report_id == Report.id)
                    .where(Report.idempotency_key.in_(wanted[start : start + 500]))
                )
                out.update((key, dict(row)) for key, row in session.execute(query))
        return out

    def reporter_contact(self, report_id: int) -> dict[str, Any] | None:
        """How to reach whoever sent a report, if they said (for admins only)."""
        with self.read() as session:
            row = session.get(ReporterContact, report_id)
            return None if row is None else dict(row.contact)

    def create_receipt(self, report_id: int) -> str:
        """A new receipt code for a report, returned once; only its sha256 is kept."""
        code = _new_receipt()
        with self.write() as session:
            if session.get(Report, report_id) is None:
                raise InputError(f"report {report_id} is not in the store", "Submit it again")
            session.add(
                Receipt(sha256=_receipt_digest(code), report_id=report_id, created_at=utcnow())
            )
        return code

    def report_for_receipt(self, code: str) -> int | None:
        with self.read() as session:
            found = session.execute(
                select(Receipt.report_id).where(Receipt.sha256 == _receipt_digest(code))
            ).scalar()
            return None if found is None else int(found)

    def add_to_report(self, code: str, text: str) -> int:
        """Add a reporter's further information to the report their receipt names; returns
        the addition's id. The reporter stays anonymous: the actor is "reporter"."""
        with self.audited_write() as session:
            report_id = session.execute(
                select(Receipt.report_id).where(Receipt.sha256 == _receipt_digest(code))
            ).scalar()
            if report_id is None:
                raise InputError("no report has this receipt code", RECEIPT_HINT)
            addition = ReportAddition(report_id=report_id, text=text, created_at=utcnow())
            session.add(addition)
            session.flush()
            details = {
                "addition_id": addition.id,
                "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            }
            audit.append(session, "receipt_addition", "reporter", f"report:{report_id}", details)
            return addition.id


def _queue_filtered(
    query: Any,
    status: str | None,
    urgency: str | None,
    language: str | None,
    search: str | None,
    category: str | None,
    assignee: str | None,
) -> Any:
    """The report queue's filters, all in SQL (categories through the stored keys)."""
    query = _filtered(query, status, urgency, language, search)
    if category:
        key = f"|{_category_key(category)}|"
        query = query.where(ReportAssessment.category_keys.contains(key, autoescape=True))
    if assignee == "none":
        query = query.where(Report.assignee.is_(None) | (Report.assignee == ""))
    elif assignee:
        query = query.where(Report.assignee == assignee)
    return query


def _filtered(
    query: Any,
    status: str | None,
    urgency: str | None,
    language: str | None,
    search: str | None,
) -> Any:
    """The report queue's filters, shared by the listing and its count."""
    if status == "open":
        query = query.where(Report.status.in_(OPEN_STATUSES))
    elif status:
        query = query.where(Report.status == status)
    if urgency:
        query = query.where(Report.urgency_rank == URGENCY_ORDER.get(urgency, -1))
    if language:
        query = query.where(ReportAssessment.language == language)
    if search:
        query = query.where(Report.text.icontains(search, autoescape=True))
    return query
