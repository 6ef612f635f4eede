"""Screen a batch of candidates against one or more jobs into the store.

One bad file never stops the batch: it becomes an error row and the batch goes on. Work
already stored for the same (job, file, configuration) is reused, so a rerun after Ctrl-C or
a crash only does what is left; finished work is committed a few hundred assessments at a
time (or every two seconds) by one writer (fairsift.review.writer), and at Ctrl-C.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from fairsift.config import Settings
from fairsift.domain import Document
from fairsift.errors import FairsiftError
from fairsift.intake import expand_paths, parse_bytes, read_bytes
from fairsift.models.embed import BundledEmbedder, CachedEmbedder, Embedder, StoredEmbedder
from fairsift.privacy import redact
from fairsift.privacy.identity import Identity, identity
from fairsift.review.writer import ScreenWriter
from fairsift.screening.output import assessment_row, error_row
from fairsift.screening.pipeline import Job, Screener
from fairsift.store import Store
from fairsift.store.bulk import NewAssessment, Screened

__all__ = [
    "BatchResult",
    "Mapper",
    "assess_bytes",
    "expand_jobs",
    "screen_batch",
    "screener_with_cache",
    "stored_embedder",
]

log = logging.getLogger(__name__)
Progress = Callable[[str], None]
# Runs screening tasks elsewhere (e.g. on Ray): (source, sha256, job sha256s) in, in order,
# (source, sha256, job sha256s, document, rows, error, contact details read) out.
Task = tuple[str, str | None, list[str]]
Result = tuple[
    str, str | None, list[str], Document | None, list[dict[str, Any]], str | None, Identity | None
]
Mapper = Callable[[Iterable[Task]], Iterator[Result]]
_JOB_SUFFIXES = {".toml"}


@dataclass
class BatchResult:
    rows: list[dict[str, Any]] = field(default_factory=list)
    screened: int = 0
    reused: int = 0
    failed_files: list[str] = field(default_factory=list)


def expand_jobs(paths: Iterable[str | Path]) -> list[Path]:
    """Job files as given; directories expand to every posting or TOML spec inside."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            specs = sorted(p for p in path.rglob("*.toml") if not p.name.startswith("."))
            spec_stems = {p.with_suffix("") for p in specs}
            # A posting with a TOML spec beside it is read through the spec only.
            out.extend(p for p in expand_paths([path]) if p.with_suffix("") not in spec_stems)
            out.extend(specs)
        else:
            out.append(path)
    return sorted(dict.fromkeys(out))


def stored_embedder(store: Store, precision: str = "float32") -> Embedder:
    """The bundled encoder behind this process's LRU and the store's shared vector cache."""
    return CachedEmbedder(StoredEmbedder(BundledEmbedder(precision=precision), store))


def screener_with_cache(
    settings: Settings, as_of: date | None = None, cache_url: str | None = None
) -> tuple[Screener, Store | None]:
    """A Screener whose vectors are cached in the store at `cache_url` (if given), and that
    store, for the caller to close."""
    if cache_url is None:
        return Screener.create(settings, as_of=as_of), None
    store = Store.open(cache_url)
    embedder = stored_embedder(store, settings.encoder_precision)
    return Screener.create(settings, embedder, as_of), store


def file_sha256(path: Path, max_bytes: int) -> str | None:
    """sha256 of the file's bytes, streamed; None if it is unreadable or over the limit."""
    try:
        if path.stat().st_size > max_bytes:
            return None
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()
    except OSError:
        return None


def screen_batch(
    screener: Screener,
    jobs: Sequence[Job],
    candidates: Iterable[str | Path],
    store: Store | None = None,
    progress: Progress | None = None,
    workers: int = 1,
    mapper: Mapper | None = None,
    cache_url: str | None = None,
) -> BatchResult:
    """Every candidate against every job. Rows come back ranked per job (error rows last).

    With workers > 1, files are read and screened in that many processes (PDFium and the
    embedder are per-process); with a `mapper`, wherever it sends them. The store is still
    written by this process alone, in input order. Worker processes share the vector cache
    of the store at `cache_url`, if given."""
    result = BatchResult()
    for job in jobs:
        if store is not None:
            store.put_job(
                sha256=job.sha256, source=job.source, title=job.title, requirements=job.requirements
            )
    todo: list[tuple[Path, str | None, list[Job]]] = []
    for path in expand_paths(candidates):
        sha, pending = _reuse(screener, jobs, path, store, result)
        if pending:
            todo.append((path, sha, pending))
        elif progress is not None:
            progress(str(path))
    contacts = store is not None
    writer = None if store is None else ScreenWriter(store)
    try:
        for outcome in _outcomes(screener, jobs, todo, workers, mapper, cache_url, contacts):
            _record(screener, outcome, writer, result)
            if progress is not None:
                progress(outcome.source)
    finally:  # finished work is kept, even when the run stops (Ctrl-C)
        if writer is not None:
            writer.flush()
    _rank(result.rows, set() if store is None else _withheld(store, jobs))
    return result


def _withheld(store: Store, jobs: Sequence[Job]) -> set[tuple[str, str]]:
    """(resume sha256, job source) of candidates who asked to be assessed without the AI."""
    asked = store.withheld_from_ai()
    return {
        (sha, job.source)
        for sha, job_sha in asked
        for job in jobs
        if job_sha is None or job_sha == job.sha256
    }


@dataclass
class _Outcome:
    source: str
    sha256: str | None
    jobs: list[Job]
    document: Document | None = None
    rows: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None
    who: Identity | None = None  # contact details read from it, for the private table
    blind: str | None = None  # its blind text, for the review page's evidence in place


def _reuse(
    screener: Screener, jobs: Sequence[Job], path: Path, store: Store | None, result: BatchResult
) -> tuple[str | None, list[Job]]:
    """Take stored rows for this file where they exist; return the jobs still to screen."""
    sha = file_sha256(path, screener.limits.max_bytes)
    pending: list[Job] = []
    for job in jobs:
        stored = None
        if store is not None and sha is not None:
            stored = store.find_assessment("screening", job.sha256, sha, screener.config_sha256)
        if stored is None:
            pending.append(job)
            continue
        row = dict(stored)
        row["job"], row["candidate"] = job.source, str(path)
        result.rows.append(row)
        result.reused += 1
    return sha, pending


def _assess(
    screener: Screener, path: Path, sha: str | None, jobs: list[Job], contacts: bool = False
) -> _Outcome:
    """Read and screen one file against `jobs`. Never raises: failure is in the outcome."""
    try:
        data = read_bytes(path, screener.limits)
    except FairsiftError as exc:
        return _Outcome(str(path), sha, jobs, error=str(exc))
    return assess_bytes(screener, str(path), data, sha, jobs, contacts)


def assess_bytes(
    screener: Screener,
    source: str,
    data: bytes,
    sha: str | None,
    jobs: list[Job],
    contacts: bool = False,
) -> _Outcome:
    """Screen one file's bytes (named `source`) against `jobs`; with `contacts`, also read
    the contact details for the store's private table. Never raises."""
    outcome = _Outcome(source, sha, jobs)
    try:
        document = parse_bytes(data, source, screener.limits)
        candidate = screener.prepare(document)
        outcome.rows = [assessment_row(screener.screen(document, job, candidate)) for job in jobs]
        outcome.document = document
        if contacts:  # read here, in the worker, not in the one process that writes
            outcome.who = identity(document.text)
            # same offsets: masking keeps length; in blind mode the scorer's text is it
            blind = screener.settings.blind
            outcome.blind = candidate.text if blind else redact(document.text).text
    except FairsiftError as exc:
        outcome.error = str(exc)
    except Exception as exc:  # a bug must not stop the batch; the row says so
        log.exception("screening %s failed", source)
        outcome.error = f"internal error ({type(exc).__name__}): {exc}"
    return outcome


def _outcomes(
    screener: Screener,
    jobs: Sequence[Job],
    todo: list[tuple[Path, str | None, list[Job]]],
    workers: int,
    mapper: Mapper | None = None,
    cache_url: str | None = None,
    contacts: bool = False,
) -> Iterator[_Outcome]:
    by_sha = {job.sha256: job for job in jobs}
    if mapper is not None:
        sent = ((str(path), sha, [job.sha256 for job in pending]) for path, sha, pending in todo)
        for source, sha, job_shas, document, rows, error, who in mapper(sent):
            yield _Outcome(source, sha, [by_sha[s] for s in job_shas], document, rows, error, who)
        return
    if workers <= 1 or len(todo) < 2 * workers:
        for path, sha, pending in todo:
            yield _assess(screener, path, sha, pending, contacts)
        return
    context = multiprocessing.get_context("spawn")  # fork after BLAS threads start can hang
    init = (screener.settings.model_dump(), screener.as_of, [job.source for job in jobs], cache_url)
    with ProcessPoolExecutor(workers, context, initializer=_worker_init, initargs=init) as pool:
        tasks = [
            (str(path), sha, [job.sha256 for job in pending], contacts)
            for path, sha, pending in todo
        ]
        for done in pool.map(_worker_assess, tasks):
            source, sha, job_shas, document, rows, error, who, blind = done
            chosen = [by_sha[s] for s in job_shas]
            yield _Outcome(source, sha, chosen, document, rows, error, who, blind)


_worker: tuple[Screener, dict[str, Job]] | None = None


def _worker_init(
    settings: dict[str, Any], as_of: date, job_paths: list[str], cache_url: str | None
) -> None:
    global _worker
    screener, _ = screener_with_cache(Settings(**settings), as_of, cache_url)
    jobs = [screener.load_job(path) for path in job_paths]
    _worker = (screener, {job.sha256: job for job in jobs})


def _worker_assess(
    task: tuple[str, str | None, list[str], bool],
) -> tuple[
    str,
    str | None,
    list[str],
    Document | None,
    list[dict[str, Any]],
    str | None,
    Identity | None,
    str | None,
]:
    assert _worker is not None
    screener, jobs = _worker
    source, sha, job_shas, contacts = task
    outcome = _assess(screener, Path(source), sha, [jobs[s] for s in job_shas], contacts)
    return (
        source, sha, job_shas, outcome.document, outcome.rows, outcome.error, outcome.who,
        outcome.blind,
    )  # fmt: skip


def _record(
    screener: Screener, outcome: _Outcome, writer: ScreenWriter | None, result: BatchResult
) -> None:
    if outcome.error is not None:
        _fail(result, outcome.jobs, outcome.source, outcome.sha256, outcome.error)
        return
    if writer is not None:
        assessments = [
            NewAssessment(
                kind="screening",
                job_sha256=job.sha256,
                item_sha256=row["sha256"],
                source=outcome.source,
                config_sha256=screener.config_sha256,
                payload=row,
                provenance=row["provenance"],
                score=row["score"],
            )
            for job, row in zip(outcome.jobs, outcome.rows, strict=True)
        ]
        if outcome.document is None:
            writer.add_assessments(assessments)
        else:
            # The review page shows evidence in place: keep the text and its blind version,
            # as the service does for resumes uploaded in the browser; and the contact
            # details, to recognise the same person twice and to link a request for an
            # alternative process made before applying.
            text = outcome.document.text
            blind = outcome.blind if outcome.blind is not None else redact(text).text
            writer.add(Screened(outcome.document, text, blind, outcome.who, assessments))
    for row in outcome.rows:
        result.rows.append(row)
        result.screened += 1


def _fail(
    result: BatchResult, jobs: Sequence[Job], source: str, sha: str | None, message: str
) -> None:
    result.failed_files.append(source)
    result.rows.extend(error_row(job.source, source, sha, message) for job in jobs)


def _rank(rows: list[dict[str, Any]], withheld: Collection[tuple[str, str]] = ()) -> None:
    by_job: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_job.setdefault(row["job"], []).append(row)
    ordered: list[dict[str, Any]] = []
    for job in sorted(by_job):
        aside = [r for r in by_job[job] if (r.get("sha256"), job) in withheld]
        apart = {id(r) for r in aside}
        scored = sorted(
            (r for r in by_job[job] if r["error"] is None and id(r) not in apart),
            key=lambda r: (-r["score"], r["candidate"]),
        )
        for position, row in enumerate(scored, start=1):
            row["rank"] = position
        ordered.extend(scored)
        for row in aside:  # assessed by a person instead: no rank, listed after the ranked
            row["rank"] = None
        ordered.extend(r for r in aside if r["error"] is None)
        ordered.extend(r for r in by_job[job] if r["error"] is not None)
    rows[:] = ordered
