"""The store's embedding cache: vectors by (model, text sha256), read and added in batches.

Adding is idempotent (a vector already there is kept), so processes and machines sharing
the store may add the same text at once. Nothing here is audited: a cached vector changes no
result, because the same model gives the same vector for the same text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt
from sqlalchemy import select

from fairsift.store.base import StoreBase
from fairsift.store.models import Embedding

__all__ = ["EmbeddingsMixin"]

BATCH = 500  # keys per query: well under SQLite's 32,766 bound parameters


class EmbeddingsMixin(StoreBase):
    def get_vectors(
        self, model: str, text_sha256s: Sequence[str]
    ) -> dict[str, npt.NDArray[np.float32]]:
        """Cached vectors for these text hashes under `model` (absent ones are left out)."""
        found: dict[str, npt.NDArray[np.float32]] = {}
        keys = list(dict.fromkeys(text_sha256s))
        with self.read() as session:
            for start in range(0, len(keys), BATCH):
                part = keys[start : start + BATCH]
                query = select(Embedding.text_sha256, Embedding.dims, Embedding.vector).where(
                    Embedding.model == model, Embedding.text_sha256.in_(part)
                )
                for sha, dims, blob in session.execute(query):
                    vector = np.frombuffer(blob, dtype="<f4")
                    if vector.shape == (dims,):  # a short blob is ignored, never trusted
                        found[sha] = vector.astype(np.float32)
        return found

    def put_vectors(self, model: str, vectors: Mapping[str, npt.NDArray[np.float32]]) -> None:
        """Add vectors by text hash under `model`; those already cached stay as they are."""
        if not vectors:
            return
        rows = [
            {
                "model": model,
                "text_sha256": sha,
                "dims": int(vector.shape[0]),
                "vector": np.asarray(vector, dtype="<f4").tobytes(),
            }
            for sha, vector in vectors.items()
        ]
        statement = self._insert(Embedding.__table__).on_conflict_do_nothing()
        with self.write() as session:  # one prepared statement, executed for every row
            session.execute(statement, rows)
