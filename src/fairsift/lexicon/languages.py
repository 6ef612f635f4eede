"""Human languages a person speaks, with the proficiency written beside them.

A language name alone is not a language skill ("B.A. English Literature", "Hindi City High
School", "Tamil Nadu"), so a name counts only where the text speaks of language ability:
a proficiency word or "language(s)" on the same line nearby, or a list of languages.
"""

from __future__ import annotations

import re
from functools import cache

from fairsift.lexicon.gazetteer import Gazetteer
from fairsift.lexicon.mention import Mention
from fairsift.lexicon.scan import gazetteer_set, scan

__all__ = ["all_languages", "canonical_language", "find_languages"]

_PROFICIENCY = re.compile(  # one named group per level, checked in this order
    r"\b(?P<native>native(?:\s+speaker)?|mother[\s\-]tongue|first\s+language|bilingual)\b"
    r"|\b(?P<fluent>fluent(?:ly)?|fluency|full\s+professional|C2|C1)\b"
    r"|\b(?P<professional>professional(?:\s+working)?|proficient|proficiency|advanced|"
    r"business(?:[\s\-]level)?|upper[\s\-]intermediate|B2)\b"
    r"|\b(?P<intermediate>intermediate|conversational|working\s+knowledge|good|B1)\b"
    r"|\b(?P<basic>basic|beginner|elementary|limited|A1|A2)\b",
    re.IGNORECASE,
)
_CONTEXT = re.compile(
    r"\blanguages?\b|\bspeak|\bspoken\b|\bwrit(?:e|ten|ing)\b|\bread(?:ing)?\b|"
    r"\bfluent|\bfluency\b|\bnative\b|\bmother[\s\-]tongue\b|\bbilingual\b|\bmultilingual\b|"
    r"\bproficien|\bconversational\b|\bcommunicat|\btranslat|\binterpret|\b[ABC][12]\b|\bIELTS\b|\bTOEFL\b|"
    r"\bDELF\b|\bDALF\b|\bJLPT\b|\bHSK\b|\bTOPIK\b|\bDELE\b|\bGoethe\b",
    re.IGNORECASE,
)
_RIGHT_AFTER = re.compile(
    r"[\s:(\[\-–—]*(?:level\s*[:\-]?\s*)?(?:" + _PROFICIENCY.pattern + ")", re.I
)
_JUST_BEFORE = re.compile(r"[ \t]*(?:(?:in|at|of|level|speaker\s+of|user\s+of)[ \t]+)?")
_NEXT_WORD = re.compile(r"[ \t]+([A-Za-z][A-Za-z0-9]*)")
# Words that may follow a language name in a statement of ability; any other word makes
# the name an adjective: "English Literature", "Thai body massage", "Tamil Nadu".
_ABILITY_WORDS = {
    "and",
    "or",
    "language",
    "languages",
    "speaker",
    "speakers",
    "speaking",
    "speak",
    "spoken",
    "read",
    "reading",
    "write",
    "writing",
    "written",
    "level",
    "with",
    "is",
    "as",
    "to",
    "at",
    "in",
    "mother",
    "proficiency",
    "skills",
    "communication",
    "knowledge",
    "for",
    "are",
    "will",
    "would",
    "preferred",
    "required",
    "desirable",
    "plus",
    "also",
    "optional",
    "mandatory",
    "essential",
    "must",
    "should",
    "a",
    "an",
    "fluency",
    "fluent",
}
_WINDOW = 60  # characters either side, within the line
_LIST_GAP = 25  # two language names this close form a list ("English, Hindi, Marathi")


@cache
def _languages() -> Gazetteer:
    return gazetteer_set().gazetteers["languages"]


def find_languages(text: str, *, context: bool = True) -> list[Mention]:
    """Languages the text says someone speaks, left to right; `detail` is the proficiency
    ("native", "fluent", "professional", "intermediate", "basic") when one is written.
    `context=False` drops the demand for words about language ability, for text that is
    known to list requirements ("Hindi is a plus")."""
    names = [m for m in scan(text, "languages") if not _used_as_adjective(text, m.end)]
    found: list[Mention] = []
    for index, mention in enumerate(names):
        line_start = text.rfind("\n", 0, mention.start) + 1
        line_end = text.find("\n", mention.end)
        line_end = len(text) if line_end < 0 else line_end
        lo = max(line_start, mention.start - _WINDOW)
        hi = min(line_end, mention.end + _WINDOW)
        in_list = any(
            other is not mention
            and (
                0 <= other.start - mention.end <= _LIST_GAP
                or 0 <= mention.start - other.end <= _LIST_GAP
            )
            for other in names[max(0, index - 1) : index + 2]
        )
        if context and not (in_list or _CONTEXT.search(text, lo, hi)):
            continue
        previous = names[index - 1].end if index else lo
        following = names[index + 1].start if index + 1 < len(names) else hi
        detail = _proficiency(
            text, max(lo, previous), mention.start, mention.end, min(hi, following)
        )
        found.append(Mention(mention.canonical, mention.start, mention.end, detail))
    return found


def _proficiency(text: str, lo: int, start: int, end: int, hi: int) -> str | None:
    """The proficiency written right after the name ("Spanish (fluent)", "Hindi - native"),
    else right before it ("fluent in Spanish", "native Hindi speaker"), else anywhere after
    it before the next language ("English - read, write, speak - fluent")."""
    right = _RIGHT_AFTER.match(text, end, hi)
    if right is not None:
        return right.lastgroup
    before = list(_PROFICIENCY.finditer(text, lo, start))
    last = before[-1] if before else None
    if last is not None and _JUST_BEFORE.fullmatch(text, last.end(), start):
        return last.lastgroup
    anywhere = _PROFICIENCY.search(text, end, hi)
    return anywhere.lastgroup if anywhere is not None else None


def _used_as_adjective(text: str, end: int) -> bool:
    word = _NEXT_WORD.match(text, end)
    if word is None:
        return False
    following = word.group(1)
    return following.lower() not in _ABILITY_WORDS and not _PROFICIENCY.fullmatch(following)


def canonical_language(term: str) -> str | None:
    return _languages().canonical(term)


def all_languages() -> tuple[str, ...]:
    return _languages().names
