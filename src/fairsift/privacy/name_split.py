"""Which names of the shared world-names data (CC0) blind mode may learn from, and which are
kept back for its evaluation.

The split is by the name itself (its romanised spelling, folded and lower-cased), so a held-out
name is never in the bundled gazetteer under any country or script. One name in five is held
out, chosen by a stable hash so every build and every evaluation agree.
"""

from __future__ import annotations

import zlib

from fairsift.privacy.lists import fold

__all__ = ["HELD_OUT_SHARE", "held_out", "name_key"]

HELD_OUT_SHARE = 5  # one name in five


def name_key(romanized: str) -> str:
    """The spelling a name is split by: accents folded, lower case, single spaces."""
    return " ".join(fold(romanized).lower().split())


def held_out(romanized: str) -> bool:
    """Whether the name is kept back for evaluation (never bundled)."""
    key = name_key(romanized)
    return zlib.crc32(key.encode("utf-8")) % HELD_OUT_SHARE == 0
