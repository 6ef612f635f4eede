"""The shipped word lists (src/fairsift/data/privacy-*), loaded once per process."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from fairsift.errors import ModelError

__all__ = ["Lists", "fold", "lists"]

# Letters that Unicode does not decompose into a base letter and an accent.
_PLAIN_LETTERS = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ı": "i", "ß": "ss", "æ": "ae"}
)


def fold(text: str) -> str:
    """`text` without accents: "Wiśniewski" -> "Wisniewski", "Łukasz" -> "Lukasz"."""
    if text.isascii():  # nothing to fold (the common case: a tenth of redaction time)
        return text
    plain = unicodedata.normalize("NFKD", text.translate(_PLAIN_LETTERS))
    return "".join(c for c in plain if not unicodedata.combining(c))


# The word list keeps words of 3+ letters; these shorter ones are everyday words too.
_SHORT_WORDS = frozenset(
    re.findall(
        r"\w+", "a an as at be by do go he if in is it me my no of on or so to up us we am ok hi"
    )
)


@dataclass(frozen=True, slots=True)
class Lists:
    given: frozenset[str]  # lower case
    surnames: frozenset[str]  # lower case
    common_words: frozenset[str]  # lower case
    places: dict[str, str]  # lower-case place name -> kind (city, region, country)
    plain_places: frozenset[str]  # places that are everyday words too ("mobile", "cork")
    place_max_words: int
    place_firsts: frozenset[str]  # the first word of every place name, to skip the rest fast

    def is_name(self, word: str) -> bool:
        low = word.lower()
        if low in self.given or low in self.surnames:
            return True
        plain = fold(low)
        return plain != low and (plain in self.given or plain in self.surnames)

    def is_common(self, word: str) -> bool:
        """An everyday English word (it may be a name too: "Grace", "Young")."""
        low = word.lower()
        return low in self.common_words or low in _SHORT_WORDS


def _read(name: str) -> list[str]:
    try:
        path = resources.files("fairsift") / "data" / name
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise ModelError(f"blind mode's word list {name!r} is missing") from exc
    return [line for line in text.splitlines() if line and not line.startswith("#")]


@lru_cache(maxsize=1)
def lists() -> Lists:
    given: set[str] = set()
    surnames: set[str] = set()
    for file, target in (("privacy-given-names.txt", given), ("privacy-surnames.txt", surnames)):
        for line in _read(file):
            target.add(line.partition("\t")[0].lower())
    # The world names (CC0): every region's common names, romanised and native.
    for line in _read("privacy-world-names.tsv"):
        spelling, kind, *_ = line.split("\t")
        target = given if kind == "g" else surnames
        for word in spelling.replace("-", " ").split():
            target.add(word.lower())
    places: dict[str, str] = {}
    plain_places: set[str] = set()
    for line in _read("privacy-places.txt"):
        name, kind, *flag = line.split("\t")
        if flag:
            plain_places.add(name.lower())
        else:
            places[name.lower()] = kind
    return Lists(
        given=frozenset(given),
        surnames=frozenset(surnames),
        common_words=frozenset(_read("privacy-common-words.txt")),
        places=places,
        plain_places=frozenset(plain_places),
        place_max_words=min(5, max(len(p.split()) for p in places)),
        place_firsts=frozenset(p.split(" ")[0] for p in places),
    )
