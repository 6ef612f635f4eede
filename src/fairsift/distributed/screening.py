"""Screening on Ray: actors read file bytes and screen them against the batch's jobs.

Jobs travel as the driver understood them (requirements and their vectors), so every actor
screens against exactly the same thing; each actor builds its own Screener (the encoder does
not pickle) and reports its configuration hash, which must be the driver's.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from fairsift.distributed.cluster import Cluster, check_workers, import_ray
from fairsift.distributed.pool import ordered_map, start_actors
from fairsift.errors import FairsiftError
from fairsift.intake import read_bytes
from fairsift.screening.pipeline import Job, Screener

__all__ = ["ScreenWorker", "ray_screen_mapper"]

# (source, sha256, job sha256s) -> (source, sha256, job sha256s, document, rows, error)
Task = tuple[str, str | None, list[str]]
Outcome = tuple[str, str | None, list[str], Any, list[dict[str, Any]], str | None, Any]


class ScreenWorker:
    """One per CPU: builds the models once, then screens file after file."""

    def __init__(
        self,
        settings: dict[str, Any],
        as_of: date,
        jobs: list[Job],
        cache_url: str | None,
        contacts: bool,
    ) -> None:
        from fairsift.config import Settings
        from fairsift.review.screening import screener_with_cache

        self.screener, self.store = screener_with_cache(Settings(**settings), as_of, cache_url)
        self.jobs = {job.sha256: job for job in jobs}
        self.contacts = contacts  # read contact details here, for the store's private table

    def info(self) -> tuple[str, str, str]:
        import ray

        from fairsift import __version__

        return __version__, ray.__version__, self.screener.config_sha256

    def assess(self, task: Task, data: bytes | None, error: str | None) -> Outcome:
        from fairsift.review.screening import assess_bytes

        source, sha, job_shas = task
        jobs = [self.jobs[s] for s in job_shas]
        if error is not None:
            return source, sha, job_shas, None, [], error, None
        assert data is not None
        outcome = assess_bytes(self.screener, source, data, sha, jobs, self.contacts)
        return source, sha, job_shas, outcome.document, outcome.rows, outcome.error, outcome.who


def ray_screen_mapper(
    cluster: Cluster,
    screener: Screener,
    jobs: Sequence[Job],
    cache_url: str | None = None,
    contacts: bool = False,
) -> Any:
    """A function mapping screening tasks to outcomes, in order, on `cluster`'s actors; they
    share the vector cache of the store at `cache_url` when given (one every node reaches),
    and read contact details when `contacts` (the results go to a store)."""
    ray = import_ray()
    settings = screener.settings.model_dump()
    args = (settings, screener.as_of, list(jobs), cache_url, contacts)
    actors = start_actors(ScreenWorker, cluster.cpus, *args)
    check_workers(ray.get([a.info.remote() for a in actors]), screener.config_sha256)
    limits = screener.limits

    def submit(actor: Any, task: Task) -> Any:
        # Read here, on the driver: the nodes need not see this machine's files.
        try:
            data, error = read_bytes(Path(task[0]), limits), None
        except FairsiftError as exc:
            data, error = None, str(exc)
        return actor.assess.remote(task, data, error)

    def mapper(tasks: Iterable[Task]) -> Iterator[Outcome]:
        for task, result in ordered_map(actors, submit, tasks):
            if isinstance(result, BaseException):
                message = f"a Ray worker died on this file ({type(result).__name__})"
                yield task[0], task[1], task[2], None, [], message, None
            else:
                yield result

    return mapper
