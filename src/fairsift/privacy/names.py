"""People's names: the candidate's name in the header, names after a title ("Mr. Satish"),
given name + surname pairs from the name lists, and every later use of a name already found.

No NER model: a resume's name is almost always alone on one of its first lines, written as
2-5 capitalised words that are not a heading, a job title, a skill or a place. The e-mail's
local part, when it spells part of that line, confirms it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fairsift.privacy.hits import Hit, iter_lines
from fairsift.privacy.lists import Lists
from fairsift.privacy.vocab import HEADINGS, LANGUAGES, NAME_PARTICLES, NOT_NAME_WORDS, SKILL_GUARD

__all__ = ["Header", "find_header", "find_names", "propagate"]

_HEADER_MAX_LINES = 12
_HEADER_MAX_CHARS = 1500
_HEADER_MAX_LINE = 160
_DOC_TITLES = {"resume", "résumé", "cv", "curriculum", "vitae", "bio", "biodata", "bio-data", "of"}
_SECTION_START = {
    "skills",
    "skill",
    "education",
    "experience",
    "summary",
    "objective",
    "objectives",
    "profile",
    "projects",
    "certifications",
    "employment",
    "work",
    "career",
    "professional",
    "technical",
    "academic",
    "achievements",
    "languages",
    "interests",
    "hobbies",
    "declaration",
    "areas",
    "key",
    "about",
    "qualification",
    "qualifications",
    "training",
    "internship",
    "internships",
    "core",
    "personal",
    "company",
    "overview",
    "highlights",
    "strengths",
    "responsibilities",
    "expertise",
    "competencies",
}
# A header line splits into pieces at separators, and pieces into parts at wide gaps.
_PIECE = re.compile(r"[^|•·–—\t,;:/()\[\]<>]+")
_PART = re.compile(r"\S+(?:[ ]\S+)*")
_TOKEN = re.compile(r"^[^\W\d_](?:[^\W\d_]|['’.\-])*$")
_LEADING_TITLES = {
    "mr",
    "mrs",
    "ms",
    "mx",
    "miss",
    "dr",
    "prof",
    "er",
    "eng",
    "adv",
    "ca",
    "cs",
    "shri",
    "smt",
    "name",
    "sri",
    "sir",
    "madam",
}
_TRAILING = {"phd", "mba", "cpa", "pmp", "md", "jr", "sr", "ii", "iii", "iv", "msc", "bsc", "cfa"}
_EMAIL = re.compile(r"([A-Za-z0-9._%+\-]+)\s?@\s?[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
_TITLE = re.compile(
    r"\b(?P<title>Mr|Mrs|Ms|Mx|Mstr|Miss|MR|MRS|MS|MISS|Shri|Smt|Kumari|Sushri|Señor|Señora|Herr"
    r"|Frau|Mme|Mlle|Madame|Monsieur)\b\.?[ \t]+(?P<name>[A-Z][\w'’\-]*\.?(?:[ \t]+[A-Z][\w'’\-]*\.?){0,3})"
)
_PAIR = re.compile(
    r"\b([A-Z][a-zà-ÿ'’]+|[A-Z]{2,})[ \t]+(?:[A-Z]\.?[ \t]+)?([A-Z][a-zà-ÿ'’\-]+|[A-Z]{2,})\b"
)


@dataclass(frozen=True, slots=True)
class Header:
    """Where the header (name and contact block) ends, and the name found there."""

    end: int
    name: Hit | None
    tokens: tuple[str, ...]


def _words(line: str) -> list[str]:
    return [w.strip(":.,").lower() for w in line.split()]


def _is_section(line: str) -> bool:
    words = _words(line)
    if not words:
        return False
    if all(w in HEADINGS or w in {"&", "and", "of", "/"} for w in words) and len(words) <= 5:
        return not all(w in _DOC_TITLES for w in words)
    return words[0] in _SECTION_START and (len(words) <= 4 or line.rstrip().endswith(":"))


def _email_locals(text: str) -> list[str]:
    return [m.group(1).lower() for m in _EMAIL.finditer(text[: _HEADER_MAX_CHARS * 2])]


def _name_token_ok(word: str, data: Lists, allow_common: bool = False) -> bool:
    """Could `word` be part of a person's name? Everyday words are refused unless they are
    known names ("Grace") or `allow_common` (a surname like "Butt" beside a sure given name)."""
    bare = word.strip(".'’-")
    low = bare.lower()
    if not bare or not _TOKEN.match(word) or not bare[0].isupper():
        return False
    if bare.isupper() and len(bare) in (2, 3) and not data.is_name(low):
        return False  # "UI", "DB", "VHD": acronyms
    if low in NOT_NAME_WORDS or low in SKILL_GUARD or low in LANGUAGES:
        return False
    if len(bare) == 1:
        return True  # an initial
    return allow_common or not (data.is_common(low) and not data.is_name(low))


def _plain(word: str, data: Lists) -> bool:
    """An everyday word that is not a known name."""
    low = word.strip(".'’-").lower()
    return data.is_common(low) and not data.is_name(low)


def _candidate(segment: str, data: Lists) -> list[str] | None:
    words = segment.lstrip("#*•·>-–— ").split()
    while words and words[0].strip(".:").lower() in _LEADING_TITLES:
        words = words[1:]
    while words and words[-1].strip(".,").lower() in _TRAILING:
        words = words[:-1]
    core = [w for w in words if w.lower() not in NAME_PARTICLES]
    if not 1 <= len(core) <= 5 or len(segment) > 60:
        return None
    if not all(_name_token_ok(w, data, allow_common=True) for w in core):
        return None
    if sum(_plain(w, data) for w in core) > 1:
        return None
    if sum(len(w.strip(".")) > 1 for w in core) < 1:
        return None
    return words


def _score(words: list[str], locals_: list[str], first: bool, alone: bool, data: Lists) -> int:
    """How sure we are that `words` is the candidate's name; below 2 means not a name."""
    core = [w.strip(".").lower() for w in words if len(w.strip(".")) > 1]
    listed = sum(1 for w in core if data.is_name(w))
    # A listed name that is not an everyday word ("Priya", not "Grace" or "Server").
    sure = sum(1 for w in core if data.is_name(w) and not data.is_common(w))
    in_email = any(len(w) >= 3 and w in local for w in core for local in locals_)
    if len(core) == 1 and not in_email:
        return 0  # one word alone is a name only if the e-mail spells it
    if any(data.places.get(w) in {"region", "country"} for w in core):
        return 0  # "Kerala St. Francis", "India Pvt"
    plain = sum(_plain(w, data) for w in core)
    if plain and not (sure and (in_email or first or len(core) - plain >= 1)):
        return 0  # "Ayesha Butt" yes; "Learning Priya" only with a surer sign
    if not (sure or in_email or (first and alone and listed == len(core))):
        return 0  # "Dell Server", "Foot Reflexology": needs a surer sign
    if listed == 0 and not in_email and " ".join(core) in data.places:
        return 0  # "New Delhi"
    score = 2 * min(sure, 2) + listed + (3 if in_email else 0)
    return score + (2 if first else 0) + (1 if alone else 0)


def find_header(text: str, data: Lists) -> Header:
    locals_ = _email_locals(text)
    best: tuple[int, int, int, list[str]] | None = None  # score, start, end, words
    seen = 0
    end = 0
    for line_start, line_end in iter_lines(text):
        line = text[line_start:line_end]
        if line_start > _HEADER_MAX_CHARS or seen >= _HEADER_MAX_LINES:
            break
        if not line.strip():
            end = line_end
            continue
        if seen > 0 and _is_section(line):
            break
        if len(line) > _HEADER_MAX_LINE:
            break  # prose or a run-together body, not a header
        if seen == 0 and _is_section(line) and not all(w in _DOC_TITLES for w in _words(line)):
            break  # a body that starts with a section has no header
        end = line_end
        # " - " separates like "|"; the replacement keeps offsets.
        pieces = [m for m in _PIECE.finditer(line.replace(" - ", " | ")) if m.group().strip()]
        for piece in pieces:
            for part in _PART.finditer(piece.group()):
                words = _candidate(part.group(), data)
                if words is None:
                    continue
                score = _score(words, locals_, seen == 0, len(pieces) == 1, data)
                if score < 2:
                    continue
                part_start = line_start + piece.start() + part.start()
                start = text.index(words[0], part_start)
                if best is None or score > best[0]:
                    best = (score, start, _real_end(text, start, words), words)
        seen += 1
    if best is None:
        return Header(end=end, name=None, tokens=())
    start = best[1]
    tokens = tuple(
        w.strip(".") for w in best[3] if len(w.strip(".")) > 1 and w.lower() not in NAME_PARTICLES
    )
    return Header(end=end, name=Hit("name", start, best[2]), tokens=tokens)


def _real_end(text: str, start: int, words: list[str]) -> int:
    """End offset of `words` written from `start` with any spacing between them."""
    pos = start
    for word in words:
        pos = text.index(word, pos) + len(word)
    return pos


def find_names(text: str, data: Lists) -> tuple[list[Hit], list[str]]:
    """Names after a title, and given name + surname pairs; returns hits and their tokens."""
    hits: list[Hit] = []
    tokens: list[str] = []
    for match in _TITLE.finditer(text):
        words = match.group("name").split()
        kept = []
        for word in words:
            if not _name_token_ok(word, data):
                break
            kept.append(word)
        title = match.group("title")
        if kept and re.search(r"[a-z][A-Z]", kept[0]):
            continue  # "Ms. OfficeEducation": words run together, not a name
        if not kept or (title.isupper() and not data.is_name(kept[0])):
            continue  # "MS Office", "MS Excel"
        if title in {"Miss", "MISS"} and not data.is_name(kept[0]):
            continue
        hits.append(Hit("gender", match.start("title"), match.end("title")))
        start = match.start("name")
        hits.append(Hit("name", start, _real_end(text, start, kept)))
        tokens += [w.strip(".") for w in kept if len(w.strip(".")) > 1]
    for match in _PAIR.finditer(text):
        first, last = match.group(1), match.group(2)
        if not (_pair_word_ok(first, data, given=True) and _pair_word_ok(last, data, given=False)):
            continue
        hits.append(Hit("name", match.start(), match.end(), weak=True))
    return hits, tokens


def _pair_word_ok(word: str, data: Lists, given: bool) -> bool:
    low = word.lower()
    if low in NOT_NAME_WORDS or low in SKILL_GUARD or low in LANGUAGES or low in data.places:
        return False
    if data.is_common(low):
        return False
    return low in data.given if given else (low in data.surnames or low in data.given)


def propagate(text: str, tokens: list[str] | tuple[str, ...], data: Lists) -> list[Hit]:
    """Every later use of a name token already found (signature lines, "John's project")."""
    hits: list[Hit] = []
    for token in {t for t in tokens if len(t) >= 2}:
        low = token.lower()
        if low in NAME_PARTICLES or low in SKILL_GUARD or low in NOT_NAME_WORDS or low in LANGUAGES:
            continue
        common = data.is_common(low)
        if common and len(low) < 3:
            continue
        flags = 0 if common else re.IGNORECASE
        for match in re.finditer(rf"(?<![\w@.]){re.escape(token)}(?![\w@])", text, flags):
            if common and not match.group()[0].isupper():
                continue  # "young" in a sentence is not Ms Young
            hits.append(Hit("name", match.start(), match.end(), weak=True))
    return hits
