"""Clean one line of extracted text, and find text hidden in invisible Unicode characters."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["clean_line", "tag_text"]

_LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
# Zero-width and bidi-control characters: invisible, and used to break up words so that
# filters miss them ("ig\u200bnore previous instructions").
_INVISIBLE = dict.fromkeys(
    [
        0x00AD,
        0x034F,
        0x061C,
        0x115F,
        0x1160,
        0x17B4,
        0x17B5,
        0x180E,
        *range(0x200B, 0x2010),
        *range(0x202A, 0x202F),
        *range(0x2060, 0x2070),
        0xFEFF,
        0xFFFC,
    ]
)
_TAG = re.compile("[\U000e0000-\U000e007f]+")
_SPACES = re.compile(r"[\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")
_UNUSUAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ue000-\uf8ff\ufffd]")  # controls, icon fonts


def tag_text(line: str) -> str:
    """What Unicode tag characters (U+E0000..U+E007F, invisible in every viewer) spell out."""
    found = "".join(_TAG.findall(line))
    return "".join(chr(ord(c) - 0xE0000) for c in found if 0x20 <= ord(c) - 0xE0000 < 0x7F)


def clean_line(line: str) -> str:
    """NFC, ligatures split, invisible and control characters removed, spaces collapsed."""
    if line.isascii():
        # the common case, kept fast
        if _UNUSUAL.search(line):
            line = _UNUSUAL.sub(" ", line)
        return " ".join(line.split())
    line = unicodedata.normalize("NFC", line)
    line = _TAG.sub("", line).translate(_INVISIBLE)
    for ligature, letters in _LIGATURES.items():
        if ligature in line:
            line = line.replace(ligature, letters)
    line = _UNUSUAL.sub(" ", line)
    return _SPACES.sub(" ", line).strip()
