"""Triage chunks in local worker processes: `fairsift triage --workers N` on one machine.

Each process builds the driver's models once (as `Triager.create` does: the taxonomy and a
trained classifier travel to it pickled; the encoders and the language detector are built
there) and then assesses chunk after chunk with the languages the driver found for them. The
driver keeps reading, detecting and translating ahead, and groups duplicates and campaigns
over the whole batch, so the rows are the ones one process gives; every chunk's provenance
is checked against the driver's. At most IN_FLIGHT chunks per process are queued, so memory
does not grow with the batch. Processes are spawned, not forked: forking after BLAS or
translator threads have started can hang.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from fairsift.errors import ModelError
from fairsift.intake.records import Record
from fairsift.triage.lang import LanguageResult
from fairsift.triage.pipeline import Paired, Triager

__all__ = ["IN_FLIGHT", "assess_in_processes"]

IN_FLIGHT = 2  # chunks queued per process: one being assessed, one waiting

_triager: Triager | None = None


def _start(taxonomy: Any, classifier: Any, reveal: bool) -> None:
    """Build this process's Triager, as `Triager.create` would, and load its models now."""
    global _triager
    from fairsift.models.embed import BundledEmbedder, CachedEmbedder
    from fairsift.triage.lang import Languages
    from fairsift.triage.lifesafety import default_second_encoder
    from fairsift.triage.model import ZeroShotModel

    embedder = CachedEmbedder(BundledEmbedder())
    if classifier is None:
        classifier = ZeroShotModel(taxonomy, embedder)
    second = default_second_encoder() if taxonomy.examples else None
    # Languages come from the driver: this process only needs the detector's name for
    # provenance, never a translator.
    languages = Languages(translate=False)
    _triager = Triager(taxonomy, classifier, embedder, languages, reveal=reveal, second=second)
    _triager.load()


def _assess(records: list[Record], languages: list[LanguageResult]) -> list[dict[str, Any]]:
    assert _triager is not None, "worker process not started"
    return _triager.assess(records, languages)


def assess_in_processes(
    triager: Triager, paired: Iterator[Paired], workers: int
) -> Iterator[list[dict[str, Any]]]:
    """`triager.assess(chunk, languages)` for each pair, in order, in `workers` processes."""
    from fairsift.triage.model import ZeroShotModel

    zero_shot = isinstance(triager.classifier, ZeroShotModel)
    init = (triager.taxonomy, None if zero_shot else triager.classifier, triager.reveal)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, context, initializer=_start, initargs=init) as pool:
        queued: deque[tuple[Paired, Future[list[dict[str, Any]]]]] = deque()
        for pair in paired:
            if len(queued) >= IN_FLIGHT * workers:
                yield _checked(triager, *queued.popleft())
            part, languages = pair
            good = [r for r in part if r.error is None]
            queued.append((pair, pool.submit(_assess, good, languages)))
        while queued:
            yield _checked(triager, *queued.popleft())


def _checked(
    triager: Triager, pair: Paired, future: Future[list[dict[str, Any]]]
) -> list[dict[str, Any]]:
    """The chunk's rows, once their provenance is the driver's (same models, same config)."""
    rows = future.result()
    part, languages = pair
    good = [r for r in part if r.error is None]
    if rows:
        expected = triager.provenance(good[0], languages[0].backend).to_dict()
        if rows[0]["provenance"] != expected:
            raise ModelError(
                "a worker process built other models than this one "
                f"({rows[0]['provenance']} instead of {expected})",
                "Check that every process sees the same installed packages, or use --workers 1",
            )
    return rows
