"""Which writing system a text is in, as an ISO 15924 code ("Latn", "Arab", "Cyrl", ...).

Counts letters only (digits, punctuation and symbols belong to no language), by the first word
of each letter's Unicode name, which names its script for every script in use today.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["COVERED_SCRIPTS", "ScriptCount", "script_of"]

# First word of a letter's Unicode name -> ISO 15924. Names that start with a qualifier
# ("CJK", "FULLWIDTH", "CANADIAN", "NEW TAI LUE"...) are handled in _script_of_char.
_BY_NAME = {
    "LATIN": "Latn",
    "ARABIC": "Arab",
    "CYRILLIC": "Cyrl",
    "GREEK": "Grek",
    "HEBREW": "Hebr",
    "DEVANAGARI": "Deva",
    "BENGALI": "Beng",
    "GURMUKHI": "Guru",
    "GUJARATI": "Gujr",
    "ORIYA": "Orya",
    "TAMIL": "Taml",
    "TELUGU": "Telu",
    "KANNADA": "Knda",
    "MALAYALAM": "Mlym",
    "SINHALA": "Sinh",
    "THAI": "Thai",
    "LAO": "Laoo",
    "TIBETAN": "Tibt",
    "MYANMAR": "Mymr",
    "GEORGIAN": "Geor",
    "ARMENIAN": "Armn",
    "ETHIOPIC": "Ethi",
    "KHMER": "Khmr",
    "HANGUL": "Hang",
    "HIRAGANA": "Hira",
    "KATAKANA": "Kana",
    "BOPOMOFO": "Bopo",
    "MONGOLIAN": "Mong",
    "TIFINAGH": "Tfng",
    "CHEROKEE": "Cher",
    "SYRIAC": "Syrc",
    "THAANA": "Thaa",
    "NKO": "Nkoo",
    "VAI": "Vaii",
    "YI": "Yiii",
    "OGHAM": "Ogam",
    "RUNIC": "Runr",
    "COPTIC": "Copt",
    "GLAGOLITIC": "Glag",
    "JAVANESE": "Java",
    "BALINESE": "Bali",
    "SUNDANESE": "Sund",
    "ADLAM": "Adlm",
    "OSAGE": "Osge",
    "BAMUM": "Bamu",
    "SAMARITAN": "Samr",
    "GOTHIC": "Goth",
}

# Scripts whose languages the detector can tell apart (py3langid has training text in them).
# Anything else is reported as "und": guessing a language from an unseen script is noise.
COVERED_SCRIPTS = frozenset(
    {
        "Latn", "Arab", "Cyrl", "Grek", "Hebr", "Deva", "Beng", "Guru", "Gujr", "Orya",
        "Taml", "Telu", "Knda", "Mlym", "Sinh", "Thai", "Laoo", "Tibt", "Mymr", "Geor",
        "Armn", "Ethi", "Khmr", "Hang", "Hani", "Jpan",
    }
)  # fmt: skip


@lru_cache(maxsize=8192)
def _script_of_char(char: str) -> str:
    if "a" <= char.lower() <= "z":
        return "Latn"
    name = unicodedata.name(char, "")
    if not name:
        return "Zzzz"
    if name.startswith(("CJK ", "IDEOGRAPHIC")):
        return "Hani"
    if name.startswith(("FULLWIDTH LATIN", "MODIFIER LETTER SMALL")):
        return "Latn"
    if name.startswith("CANADIAN SYLLABICS"):
        return "Cans"
    if name.startswith(("HALFWIDTH KATAKANA", "KATAKANA-HIRAGANA")):
        return "Kana"
    if name.startswith("HALFWIDTH HANGUL"):
        return "Hang"
    return _BY_NAME.get(name.split(" ", 1)[0], "Zzzz")


@dataclass(frozen=True, slots=True)
class ScriptCount:
    """The dominant script of a text, how many letters it has, and that script's share."""

    script: str
    letters: int
    share: float


def script_of(text: str) -> ScriptCount:
    """The script most letters of `text` are written in; "Zyyy" (common) when it has none.
    Japanese (kana beside Han) is "Jpan"."""
    counts: Counter[str] = Counter()
    for char in text:
        if char.isalpha():
            counts[_script_of_char(char)] += 1
    letters = sum(counts.values())
    if not letters:
        return ScriptCount("Zyyy", 0, 0.0)
    if counts["Hira"] or counts["Kana"]:
        japanese = counts.pop("Hira", 0) + counts.pop("Kana", 0) + counts.pop("Hani", 0)
        counts["Jpan"] = japanese
    script, count = counts.most_common(1)[0]
    return ScriptCount(script, letters, count / letters)
