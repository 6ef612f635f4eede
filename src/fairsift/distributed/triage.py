"""Triage on Ray: actors assess chunks of reports (language, categories, urgency, vectors);
the driver groups duplicates and campaigns over the whole batch, as it does without Ray.

The taxonomy and a trained classifier travel as objects; each actor builds its own embedder
and language detector (they do not pickle) and reports its configuration hash, which must
be the driver's.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from fairsift.distributed.cluster import Cluster, check_workers, import_ray
from fairsift.distributed.pool import ordered_map, start_actors
from fairsift.errors import ClusterError
from fairsift.intake.records import Record
from fairsift.triage.model import ZeroShotModel
from fairsift.triage.pipeline import AssessChunks, Triager
from fairsift.triage.taxonomy import Taxonomy

__all__ = ["TriageWorker", "ray_assess_chunks"]


class TriageWorker:
    """One per CPU: builds the models once, then assesses chunk after chunk."""

    def __init__(self, taxonomy: Taxonomy, classifier: Any, reveal: bool, translate: bool) -> None:
        from fairsift.models.embed import BundledEmbedder, CachedEmbedder
        from fairsift.triage.lang import Languages
        from fairsift.triage.lifesafety import default_second_encoder

        # as Triager.create builds them; `info` lets the driver check the result is the same
        embedder = CachedEmbedder(BundledEmbedder())
        if classifier is None:
            classifier = ZeroShotModel(taxonomy, embedder)
        second = default_second_encoder() if taxonomy.examples else None
        languages = Languages(translate=translate)
        self.triager = Triager(
            taxonomy, classifier, embedder, languages, reveal=reveal, second=second
        )

    def info(self) -> tuple[str, str, str]:
        import ray

        from fairsift import __version__

        return __version__, ray.__version__, self.triager.config_sha256

    def assess(self, records: list[Record]) -> list[dict[str, Any]]:
        return self.triager.assess(records)


def ray_assess_chunks(
    cluster: Cluster, triager: Triager, *, translate: bool = True
) -> AssessChunks:
    """`Triager.assess` over chunks, in order, on `cluster`'s actors; the same rows as
    `triager` gives (built with the same `translate`)."""
    ray = import_ray()
    zero_shot = isinstance(triager.classifier, ZeroShotModel)
    classifier = None if zero_shot else triager.classifier
    args = (triager.taxonomy, classifier, triager.reveal, translate)
    actors = start_actors(TriageWorker, cluster.cpus, *args)
    check_workers(ray.get([a.info.remote() for a in actors]), triager.config_sha256)

    def assess_chunks(parts: Sequence[Sequence[Record]]) -> Iterator[list[dict[str, Any]]]:
        def submit(actor: Any, part: Sequence[Record]) -> Any:
            return actor.assess.remote([r for r in part if r.error is None])

        for part, rows in ordered_map(actors, submit, parts):
            if isinstance(rows, BaseException):
                first = part[0].id if part else "?"
                raise ClusterError(
                    f"a Ray worker died three times on the chunk starting at report {first} "
                    f"({type(rows).__name__}); the chunks before it are stored",
                    "Rerun the same command: it resumes where it stopped",
                )
            yield rows

    return assess_chunks
