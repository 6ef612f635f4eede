"""Reports from the public: CSV and JSONL rows, e-mail files (.eml), plain documents, folders.

Each report becomes one Record. The reporter's contact details (the From: header, any
reporter/contact/e-mail/phone column) go into `Record.contact`, stored apart from the report,
and never into `Record.text`, which is all a classifier sees. Text goes through the same
cleaning as every document (invisible characters, instructions addressed to an AI).

A bad row or file becomes a Record with `error` set, and reading goes on: one bad row never
stops a batch.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path
from typing import Any

from fairsift.domain import Finding
from fairsift.errors import FairsiftError, InputError
from fairsift.intake.assemble import Extract, build_document
from fairsift.intake.limits import Limits, size_vs_limit
from fairsift.intake.plain import NotText, decode_text, split_lines
from fairsift.intake.reader import expand_paths, parse_bytes
from fairsift.intake.sniff import SUPPORTED_SUFFIXES

__all__ = [
    "RECORD_SUFFIXES",
    "Record",
    "RecordOptions",
    "expand_record_paths",
    "is_contact_field",
    "read_records",
    "records_from_bytes",
]

TABLE_SUFFIXES = frozenset({".csv", ".tsv"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
MAIL_SUFFIXES = frozenset({".eml"})
RECORD_SUFFIXES: frozenset[str] = (
    SUPPORTED_SUFFIXES | TABLE_SUFFIXES | JSONL_SUFFIXES | MAIL_SUFFIXES
)

# Column names guessed as the report text when none is named, in order of preference.
_TEXT_GUESSES = ("text", "report", "message", "body", "description", "content", "tip")
_ID_GUESSES = ("id", "report_id", "message_id", "uid")
_TARGET_GUESSES = ("target", "subject", "about", "regarding", "concerning")
_TIME_GUESSES = (
    "received",
    "received_at",
    "timestamp",
    "time",
    "date",
    "datetime",
    "created",
    "created_at",
    "submitted",
    "submitted_at",
    "sent",
    "sent_at",
)
# Columns that identify or reach the person reporting: kept apart from the report.
_CONTACT = re.compile(
    r"(reporter|contact|e_?mail|phone|mobile|cell|telephone|whatsapp|sender|submitter|caller"
    r"|author|address_of_reporter|^from$|^tel$|^name$|^full_?name$|^first_?name$|^last_?name$"
    r"|^surname$|_name$)"
)


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.strip().lower()).strip("_")


def is_contact_field(name: str) -> bool:
    """True for a column or key that holds the reporter's identity or contact details."""
    key = _key(name)
    return bool(key) and bool(_CONTACT.search(key)) and key not in ("category_name",)


@dataclass(frozen=True, slots=True)
class Record:
    """One report. `text` is the report only (what a classifier may see); `contact` holds the
    reporter's details, to be stored apart. `sha256` identifies the input (a row's cells, a
    file's bytes), so a rerun can skip what is done. When `error` is set, `text` is empty."""

    id: str
    source: str
    text: str
    sha256: str
    contact: Mapping[str, str] = field(default_factory=dict)
    received: datetime | None = None
    findings: tuple[Finding, ...] = ()
    error: str | None = None
    # what the report is about, when the input says so (an e-mail's subject, a target column)
    target: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True, slots=True)
class RecordOptions:
    """How to read reports. `text_column`/`id_column`: for CSV and JSONL (guessed when None).
    `max_chars`: the longest report accepted; a longer one is an error row."""

    text_column: str | None = None
    id_column: str | None = None
    # read in order when the text column's cell is empty (e.g. the original, else a translation)
    fallback_columns: tuple[str, ...] = ()
    max_chars: int = 50_000
    limits: Limits = field(default_factory=Limits)
    # CSV and JSONL files hold many reports: a larger cap than for one document.
    max_file_bytes: int = 2_000_000_000


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _error(id_: str, source: str, sha: str, message: str) -> Record:
    return Record(id=id_, source=source, text="", sha256=sha, error=message)


def _parse_time(value: str) -> datetime | None:
    value = value.strip()
    if not value or value.upper() in ("NULL", "NONE", "NAN"):
        return None
    try:
        stamp = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            stamp = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    # Naive times are taken as UTC so every time in a batch compares.
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def _clean(
    raw: str, id_: str, source: str, sha: str, options: RecordOptions, extra: Iterable[Finding]
) -> tuple[str, tuple[Finding, ...]] | Record:
    """The visible, cleaned text of one report, or an error Record."""
    if len(raw) > options.max_chars:
        return _error(
            id_,
            source,
            sha,
            f"[F102] report {id_!r} is {len(raw):,} characters long (limit "
            f"{options.max_chars:,}). Split it, or raise the limit (max_chars)",
        )
    if not raw.strip():
        return _error(id_, source, sha, f"[F107] report {id_!r} is empty. Nothing to triage")
    extract = Extract(media_type="text/plain", pages=1, lines=[(1, x) for x in split_lines(raw)])
    try:
        document = build_document(extract, source=source, data=raw.encode("utf-8", "replace"))
    except FairsiftError as exc:
        return _error(id_, source, sha, str(exc))
    return document.text, (*extra, *document.findings)


def _make(
    raw: str,
    *,
    id_: str,
    source: str,
    sha: str,
    options: RecordOptions,
    contact: Mapping[str, str],
    received: datetime | None,
    findings: Iterable[Finding] = (),
    target: str | None = None,
) -> Record:
    cleaned = _clean(raw, id_, source, sha, options, findings)
    if isinstance(cleaned, Record):
        return cleaned
    text, found = cleaned
    return Record(
        id=id_,
        source=source,
        text=text,
        sha256=sha,
        contact=dict(contact),
        received=received,
        findings=found,
        target=target,
    )


def _pick(columns: list[str], named: str | None, guesses: tuple[str, ...]) -> str | None:
    """The column called `named` (exact, then ignoring case), or the first guess present."""
    if named is not None:
        if named in columns:
            return named
        folded = {c.strip().lower(): c for c in columns}
        return folded.get(named.strip().lower())
    folded = {_key(c): c for c in columns}
    for guess in guesses:
        if guess in folded:
            return folded[guess]
    return None


def _time_column(columns: list[str]) -> str | None:
    """A column that says when the report arrived: a usual name, else one named *date*/*time*."""
    found = _pick(columns, None, _TIME_GUESSES)
    if found is not None:
        return found
    for column in columns:
        parts = _key(column).split("_")
        if parts[0] in ("date", "time", "timestamp") or parts[-1] in ("date", "time", "at"):
            return column
    return None


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _flatten_contact(key: str, value: Any, out: dict[str, str]) -> None:
    if isinstance(value, dict):
        for inner, item in value.items():
            _flatten_contact(f"{key}.{inner}", item, out)
    elif value not in (None, ""):
        out[key] = _as_text(value).strip()


def _row_record(
    cells: Mapping[str, Any],
    *,
    number: int,
    stem: str,
    source: str,
    text_col: str,
    id_col: str | None,
    options: RecordOptions,
    fallbacks: tuple[str, ...] = (),
) -> Record:
    """One CSV row or JSON object as a Record; `number` counts data rows from 1. An empty
    `text_col` cell is replaced by the first non-empty cell of `fallbacks`."""
    sha = _sha(json.dumps(cells, sort_keys=True, ensure_ascii=False, default=str).encode())
    raw_id = _as_text(cells.get(id_col)).strip() if id_col else ""
    id_ = raw_id or f"{stem}:{number}"
    where = f"{source}:{number}"
    contact: dict[str, str] = {}
    received: datetime | None = None
    time_col = _time_column(list(cells))
    if time_col is not None:
        received = _parse_time(_as_text(cells.get(time_col)))
    for key, value in cells.items():
        if key not in (text_col, id_col, *fallbacks) and is_contact_field(key):
            _flatten_contact(key, value, contact)
    target_col = _pick([k for k in cells if k != text_col], None, _TARGET_GUESSES)
    target = " ".join(_as_text(cells.get(target_col)).split()) if target_col else ""
    value = cells.get(text_col)
    for column in fallbacks:
        if value is not None and (not isinstance(value, str) or value.strip()):
            break
        value = cells.get(column)
    if value is not None and not isinstance(value, str):
        return _error(
            id_,
            where,
            sha,
            f"[F100] row {number}: {text_col!r} is not text. Give the report as text",
        )
    return _make(
        value or "",
        id_=id_,
        source=where,
        sha=sha,
        options=options,
        contact=contact,
        received=received,
        target=target or None,
    )


def _delimiter(head: str, suffix: str) -> str:
    if suffix == ".tsv":
        return "\t"
    first = head.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _missing_column(what: str, named: str | None, columns: list[str], option: str) -> str:
    shown = ", ".join(repr(c) for c in columns[:12]) or "none"
    if named is not None:
        return f"[F200] no {what} column {named!r} (columns: {shown}). Name one with {option}"
    return f"[F200] no {what} column found (columns: {shown}). Name it with {option}"


def _table_records(text: str, name: str, options: RecordOptions) -> Iterator[Record]:
    stem = Path(name).stem
    suffix = Path(name).suffix.lower()
    limit = csv.field_size_limit()
    # A report field may be long; the per-report limit below gives the clear error.
    csv.field_size_limit(max(limit, options.max_chars * 4 + 1024))
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text, suffix))
        try:
            header = next(reader)
        except (StopIteration, csv.Error):
            yield _error(stem, name, _sha(text.encode()), f"[F107] {name!r} has no header row")
            return
        columns = [h.strip().lstrip("\ufeff") for h in header]
        text_col = _pick(columns, options.text_column, _TEXT_GUESSES)
        if text_col is None:
            yield _error(
                stem,
                name,
                _sha(text.encode()),
                _missing_column("text", options.text_column, columns, "--text-column"),
            )
            return
        fallbacks = []
        for wanted in options.fallback_columns:
            found = _pick(columns, wanted, ())
            if found is None:
                yield _error(
                    stem,
                    name,
                    _sha(text.encode()),
                    _missing_column("text", wanted, columns, "--text-column"),
                )
                return
            fallbacks.append(found)
        id_col = _pick(columns, options.id_column, _ID_GUESSES)
        if options.id_column is not None and id_col is None:
            yield _error(
                stem,
                name,
                _sha(text.encode()),
                _missing_column("id", options.id_column, columns, "--id-column"),
            )
            return
        number = 0
        while True:
            number += 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:  # the reader moves past the bad line
                yield _error(
                    f"{stem}:{number}",
                    f"{name}:{number}",
                    _sha(f"{name}:{number}".encode()),
                    f"[F106] row {number} of {name!r} could not be read as CSV ({exc}). "
                    "Fix the quoting of that row",
                )
                continue
            if not any(cell.strip() for cell in row):
                number -= 1  # blank lines are not rows
                continue
            # A short row still has its first cells; cells past the header are dropped.
            cells = {c: (row[i] if i < len(row) else "") for i, c in enumerate(columns)}
            yield _row_record(
                cells,
                number=number,
                stem=stem,
                source=name,
                text_col=text_col,
                id_col=id_col,
                options=options,
                fallbacks=tuple(fallbacks),
            )
    finally:
        csv.field_size_limit(limit)


def _jsonl_records(text: str, name: str, options: RecordOptions) -> Iterator[Record]:
    stem = Path(name).stem
    number = 0
    for line in text.splitlines():
        if not line.strip():
            continue
        number += 1
        where = f"{name}:{number}"
        try:
            cells = json.loads(line)
        except ValueError as exc:
            yield _error(
                f"{stem}:{number}",
                where,
                _sha(line.encode()),
                f"[F106] line {number} of {name!r} is not JSON ({exc}). One object per line",
            )
            continue
        if not isinstance(cells, dict):
            yield _error(
                f"{stem}:{number}",
                where,
                _sha(line.encode()),
                f"[F100] line {number} of {name!r} is not a JSON object. One object per line",
            )
            continue
        keys = list(cells)
        text_col = _pick(keys, options.text_column, _TEXT_GUESSES)
        id_col = _pick(keys, options.id_column, _ID_GUESSES)
        if text_col is None:
            yield _error(
                f"{stem}:{number}",
                where,
                _sha(line.encode()),
                _missing_column("text", options.text_column, keys, "--text-column"),
            )
            continue
        fallbacks = (_pick(keys, wanted, ()) for wanted in options.fallback_columns)
        yield _row_record(
            cells,
            number=number,
            stem=stem,
            source=name,
            text_col=text_col,
            id_col=id_col,
            options=options,
            fallbacks=tuple(f for f in fallbacks if f is not None),
        )


def _size(n: int) -> str:
    return f"{n / 1000:.0f} kB" if n >= 1000 else f"{n} bytes"


def _part_text(part: EmailMessage) -> str:
    try:
        content = part.get_content()
    except (LookupError, ValueError, AssertionError):  # unknown charset or broken encoding
        payload = part.get_payload(decode=True)
        return decode_text(payload) if isinstance(payload, bytes) else ""
    if isinstance(content, bytes):
        return decode_text(content)
    return str(content)


def _mail_body(
    message: EmailMessage, name: str, options: RecordOptions
) -> tuple[str, list[Finding]]:
    findings: list[Finding] = []
    plain = message.get_body(preferencelist=("plain",))
    text = _part_text(plain) if isinstance(plain, EmailMessage) else ""
    if not text.strip():
        html = message.get_body(preferencelist=("html",))
        if isinstance(html, EmailMessage):
            markup = _part_text(html)
            try:
                document = parse_bytes(markup.encode("utf-8"), f"{name}#body.html", options.limits)
            except InputError:
                document = None
            if document is not None:
                text = document.text
                findings.extend(document.findings)
    return text, findings


def _attachments(message: EmailMessage) -> list[Finding]:
    found = []
    for part in message.iter_attachments():
        filename = part.get_filename() or "(no name)"
        payload = part.get_payload(decode=True)
        size = len(payload) if isinstance(payload, bytes) else 0
        found.append(
            Finding(
                "attachment",
                f"attachment {filename!r} ({part.get_content_type()}, {_size(size)}) "
                "is listed here, not read",
            )
        )
    return found


def _mail_record(data: bytes, name: str, options: RecordOptions) -> Record:
    stem = Path(name).stem
    sha = _sha(data)
    try:
        message = BytesParser(policy=policy.default).parsebytes(data)
    except Exception as exc:  # the parser is lenient; anything it raises means a broken file
        return _error(stem, name, sha, f"[F106] {name!r} is not a readable e-mail ({exc})")
    assert isinstance(message, EmailMessage)
    contact: dict[str, str] = {}
    for header in ("From", "Reply-To", "Sender"):
        try:
            values = message.get_all(header) or []
        except Exception:  # a malformed header: keep it out of the report either way
            continue
        people = [f"{n} <{a}>" if n else a for n, a in getaddresses([str(v) for v in values])]
        if any(p.strip() for p in people):
            contact[header.lower().replace("-", "_")] = ", ".join(p for p in people if p.strip())
    received = None
    date = message.get("Date")
    if date is not None:
        received = _parse_time(str(date))
    if message.get_content_maintype() not in ("text", "multipart"):
        body, findings = "", list[Finding]()
    else:
        body, findings = _mail_body(message, name, options)
    findings.extend(_attachments(message))
    subject = " ".join(str(message.get("Subject") or "").split())
    raw = f"{subject}\n\n{body}" if subject and body.strip() else body
    if not body.strip():
        if findings:
            return Record(
                id=stem,
                source=name,
                text="",
                sha256=sha,
                contact=contact,
                received=received,
                findings=tuple(findings),
                error=f"[F107] e-mail {name!r} has no text body. Read its attachments by hand",
            )
        raw = subject
    return _make(
        raw,
        id_=stem,
        source=name,
        sha=sha,
        options=options,
        contact=contact,
        received=received,
        findings=findings,
        target=subject or None,
    )


def records_from_bytes(
    data: bytes, name: str, options: RecordOptions | None = None
) -> list[Record]:
    """The reports in one file's bytes; `name` (a path or file name) tells the format."""
    options = options or RecordOptions()
    suffix = Path(name).suffix.lower()
    stem = Path(name).stem
    if suffix in TABLE_SUFFIXES or suffix in JSONL_SUFFIXES:
        if len(data) > options.max_file_bytes:
            return [
                _error(
                    stem,
                    name,
                    _sha(data),
                    f"[F102] {name!r} is {size_vs_limit(len(data), options.max_file_bytes)}. "
                    "Split it",
                )
            ]
        try:
            text = decode_text(data)
        except NotText as exc:
            return [_error(stem, name, _sha(data), f"[F101] {name!r} is not text ({exc})")]
        if text.startswith("\ufeff"):
            text = text[1:]
        reader = _table_records if suffix in TABLE_SUFFIXES else _jsonl_records
        return list(reader(text, name, options))
    if suffix in MAIL_SUFFIXES:
        return [_mail_record(data, name, options)]
    try:
        document = parse_bytes(data, name, options.limits)
    except FairsiftError as exc:
        return [_error(stem, name, _sha(data), str(exc))]
    if len(document.text) > options.max_chars:
        return [
            _error(
                stem,
                name,
                document.sha256,
                f"[F102] report {stem!r} is {len(document.text):,} characters long (limit "
                f"{options.max_chars:,}). Split it, or raise the limit (max_chars)",
            )
        ]
    return [
        Record(
            id=stem,
            source=name,
            text=document.text,
            sha256=document.sha256,
            findings=document.findings,
        )
    ]


def expand_record_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given; folders searched recursively for report files (sorted, hidden files and
    folders skipped). Missing paths are kept, so the batch reports them."""
    return expand_paths(paths, RECORD_SUFFIXES)


def _read_file(path: Path, options: RecordOptions) -> list[Record]:
    name = str(path)
    suffix = path.suffix.lower()
    many = suffix in TABLE_SUFFIXES or suffix in JSONL_SUFFIXES
    cap = options.max_file_bytes if many else options.limits.max_bytes
    try:
        if path.is_dir():
            raise InputError(f"{name!r} is a directory", "Pass it as an input to read its files")
        size = path.stat().st_size
        if size > cap:
            return [
                _error(
                    path.stem,
                    name,
                    "",
                    f"[F102] {name!r} is {size_vs_limit(size, cap)}. Split it",
                )
            ]
        data = path.read_bytes()
    except FileNotFoundError:
        return [_error(path.stem, name, "", f"[F100] {name!r} does not exist. Check the path")]
    except InputError as exc:
        return [_error(path.stem, name, "", str(exc))]
    except OSError as exc:
        return [
            _error(
                path.stem,
                name,
                "",
                f"[F100] {name!r} cannot be read ({exc.strerror}). Check its permissions",
            )
        ]
    return records_from_bytes(data, name, options)


def read_records(
    paths: Iterable[str | Path], options: RecordOptions | None = None
) -> Iterator[Record]:
    """Every report in `paths` (files and folders), in order. Ids are unique in the batch: a
    repeated id gets a `#2`, `#3`… suffix and a finding saying so."""
    options = options or RecordOptions()
    seen: dict[str, int] = {}
    for path in expand_record_paths(paths):
        for record in _read_file(path, options):
            count = seen.get(record.id, 0) + 1
            seen[record.id] = count
            if count == 1:
                yield record
                continue
            new_id = f"{record.id}#{count}"
            note = Finding(
                "id_repeated", f"id {record.id!r} was already used in this batch; named {new_id!r}"
            )
            yield Record(
                id=new_id,
                source=record.source,
                text=record.text,
                sha256=record.sha256,
                contact=record.contact,
                received=record.received,
                findings=(*record.findings, note),
                error=record.error,
                target=record.target,
            )
