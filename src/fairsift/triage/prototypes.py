"""The taxonomy's category prototypes: each category's "label: description", its label and
its examples, embedded, with the category each belongs to; and a report's best cosine to
each category's prototypes. Zero-shot classifies with it; a trained model's second stage uses
it as one kind of evidence (see `stack`)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from fairsift.models.embed import Embedder
from fairsift.triage.taxonomy import Taxonomy

__all__ = ["Prototypes", "best_cosines", "prototypes_for"]

Floats = npt.NDArray[np.float32]
# the prototypes' vectors (P x dims), and the category of each (P,)
Prototypes = tuple[Floats, npt.NDArray[np.int32]]


def prototypes_for(taxonomy: Taxonomy, embedder: Embedder) -> Prototypes:
    """The vectors of each category's description and examples, and their categories."""
    texts: list[str] = []
    owners: list[int] = []
    for j, category in enumerate(taxonomy.categories):
        for text in (
            f"{category.label}: {category.description}",
            category.label,
            *category.examples,
        ):
            texts.append(text)
            owners.append(j)
    vectors = np.ascontiguousarray(embedder.embed(texts), dtype=np.float32)
    return vectors, np.asarray(owners, dtype=np.int32)


def best_cosines(
    vectors: Floats, prototypes: Floats, owners: npt.NDArray[np.int32], categories: int
) -> Floats:
    """(n x categories): each report's best cosine to a category's prototypes (-1 where the
    category has none)."""
    similarity = vectors @ prototypes.T
    best = np.full((len(vectors), categories), -1.0, dtype=np.float32)
    for column, owner in enumerate(owners.tolist()):
        np.maximum(best[:, owner], similarity[:, column], out=best[:, owner])
    return best
