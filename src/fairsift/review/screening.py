"""Screen a batch of candidates against one or more jobs into the store.

One bad file never stops the batch: it becomes an error row and the batch goes on. Work
already stored for the same (job, file, configuration) is reused, so a rerun after Ctrl-C or
a crash only does what is left; every finished pair is committed as soon as it is done.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fairsift.errors import FairsiftError
from fairsift.intake import expand_paths, read_document
from fairsift.screening.output import assessment_row, error_row
from fairsift.screening.pipeline import Job, Screener
from fairsift.store import Store

__all__ = ["BatchResult", "expand_jobs", "screen_batch"]

log = logging.getLogger(__name__)
Progress = Callable[[str], None]
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
) -> BatchResult:
    """Every candidate against every job. Rows come back ranked per job (error rows last)."""
    result = BatchResult()
    for job in jobs:
        if store is not None:
            store.put_job(
                sha256=job.sha256, source=job.source, title=job.title, requirements=job.requirements
            )
    for path in expand_paths(candidates):
        _screen_file(screener, jobs, path, store, result)
        if progress is not None:
            progress(str(path))
    _rank(result.rows)
    return result


def _screen_file(
    screener: Screener, jobs: Sequence[Job], path: Path, store: Store | None, result: BatchResult
) -> None:
    source = str(path)
    sha = file_sha256(path, screener.limits.max_bytes)
    pending: list[Job] = []
    for job in jobs:
        stored = None
        if store is not None and sha is not None:
            stored = store.find_assessment("screening", job.sha256, sha, screener.config_sha256)
        if stored is not None:
            row = dict(stored)
            row["job"], row["candidate"] = job.source, source
            result.rows.append(row)
            result.reused += 1
        else:
            pending.append(job)
    if not pending:
        return
    try:
        document = read_document(path, screener.limits)
        if store is not None:
            store.put_document(document)
        candidate = screener.prepare(document)
        rows = []
        for job in pending:
            assessment = screener.screen(document, job, candidate)
            rows.append((job, assessment_row(assessment)))
    except FairsiftError as exc:
        _fail(result, pending, source, sha, str(exc))
        return
    except Exception as exc:  # a bug must not stop the batch; the row says so
        log.exception("screening %s failed", source)
        _fail(result, pending, source, sha, f"internal error ({type(exc).__name__}): {exc}")
        return
    for job, row in rows:
        if store is not None:
            store.put_assessment(
                kind="screening",
                job_sha256=job.sha256,
                item_sha256=row["sha256"],
                source=source,
                config_sha256=screener.config_sha256,
                payload=row,
                provenance=row["provenance"],
                score=row["score"],
            )
        result.rows.append(row)
        result.screened += 1


def _fail(
    result: BatchResult, jobs: Sequence[Job], source: str, sha: str | None, message: str
) -> None:
    result.failed_files.append(source)
    result.rows.extend(error_row(job.source, source, sha, message) for job in jobs)


def _rank(rows: list[dict[str, Any]]) -> None:
    by_job: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_job.setdefault(row["job"], []).append(row)
    ordered: list[dict[str, Any]] = []
    for job in sorted(by_job):
        scored = sorted(
            (r for r in by_job[job] if r["error"] is None),
            key=lambda r: (-r["score"], r["candidate"]),
        )
        for position, row in enumerate(scored, start=1):
            row["rank"] = position
        ordered.extend(scored)
        ordered.extend(r for r in by_job[job] if r["error"] is not None)
    rows[:] = ordered
