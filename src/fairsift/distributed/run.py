"""The CLI's entry points: one batch of screening or triage on a Ray cluster."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from fairsift.distributed.cluster import connect
from fairsift.distributed.screening import ray_screen_mapper
from fairsift.distributed.triage import ray_assess_chunks
from fairsift.review.screening import BatchResult, screen_batch
from fairsift.screening.pipeline import Job, Screener
from fairsift.store import Store
from fairsift.triage.pipeline import BatchResult as TriageResult
from fairsift.triage.pipeline import Triager, triage_batch

__all__ = ["screen_on_ray", "store_is_shared", "triage_on_ray"]


def store_is_shared(url: str) -> bool:
    """Whether other machines can open the store at `url` (a server, not a SQLite file)."""
    return "://" in url and not url.startswith("sqlite")


def screen_on_ray(
    address: str,
    screener: Screener,
    jobs: Sequence[Job],
    files: Iterable[str | Path],
    store: Store | None,
    progress: Callable[[str], None] | None = None,
    cache_url: str | None = None,
) -> BatchResult:
    """`screen_batch` with the screening done by `address`'s actors (or a local cluster).
    The actors share the store's vector cache when every node can reach it: a PostgreSQL
    store, or any store with a local cluster."""
    with connect(address) as cluster:
        shared = cache_url is not None and (cluster.local or store_is_shared(cache_url))
        cache = cache_url if shared else None
        mapper = ray_screen_mapper(cluster, screener, jobs, cache, contacts=store is not None)
        return screen_batch(screener, jobs, files, store, progress=progress, mapper=mapper)


def triage_on_ray(address: str, triager: Triager, **batch: Any) -> TriageResult:
    """`triage_batch(**batch)` with the per-chunk assessment done by `address`'s actors; the
    whole batch is grouped here, as without Ray."""
    with connect(address) as cluster:
        assess_chunks = ray_assess_chunks(cluster, triager)
        return triage_batch(triager=triager, assess_chunks=assess_chunks, **batch)
