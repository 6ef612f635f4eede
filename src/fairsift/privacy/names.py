"""People's names: the candidate's name in the header, names after a title ("Mr. Satish"),
given name + surname pairs from the name lists, and every later use of a name already found.

No NER model: a resume's name is almost always alone on one of its first lines, written as
2-5 capitalised words that are not a heading, a job title, a skill or a place. The e-mail's
local part, when it spells part of that line, confirms it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from fairsift.privacy.hits import Hit, iter_lines, starting_with
from fairsift.privacy.lists import Lists
from fairsift.privacy.vocab import HEADINGS, LANGUAGES, NAME_PARTICLES, NOT_NAME_WORDS, SKILL_GUARD

__all__ = ["Header", "find_header", "find_names", "propagate"]

_HEADER_MAX_LINES = 12
_HEADER_MAX_CHARS = 1500
_HEADER_MAX_LINE = 160
# How far a name is looked for beyond the header, with surer signs.
_SCAN_LINES = 25
_SCAN_CHARS = 2500
_CONTACT_HEADINGS = {"contact", "contacts", "details", "information", "info", "personal"}
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
_PIECE = re.compile(r"[^|•·–—\t,;:/\[\]<>]+")
# A nickname or note beside a name: "Robert (Bob) Smith", 'Hiwot "Kevin" Bekele', "(she/her)".
_ASIDE = re.compile(r"[\"“‘'(].*[\"”’')]")
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
    "sir",
    "madam",
}
_TRAILING = {"phd", "mba", "cpa", "pmp", "md", "jr", "sr", "ii", "iii", "iv", "msc", "bsc", "cfa"}
_EMAIL = re.compile(r"([A-Za-z0-9._%+\-]+)\s?@\s?[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
_NAME_WORD = r"[A-ZÀ-ÞĀ-Ž][\w'’\-]*\.?"
_PARTICLES = "|".join(sorted(NAME_PARTICLES))
_TITLE = starting_with(
    r"MSKHF",
    r"\b(?P<title>Mr|Mrs|Ms|Mx|Mstr|Miss|MR|MRS|MS|MISS|Shri|Smt|Kumari|Sushri|Señor|Señora|Herr"
    r"|Frau|Mme|Mlle|Madame|Monsieur)\b\.?[ \t]+"
    rf"(?P<name>{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,3}})",
)
# "My name is Ana Lima", "I, Ana Lima, hereby declare", "Myself Ana Lima".
_SELF = starting_with(
    r"mMiI\u0130\u0131",
    rf"\b(?i:my\s+name\s+is|myself|i\s+am|i'm|i,)[ \t]+(?P<name>{_NAME_WORD}"
    rf"(?:[ \t]+(?:(?:{_PARTICLES})[ \t]+)*{_NAME_WORD}){{0,3}})",
)
_PAIR = starting_with(
    r"A-Z",
    r"\b([A-Z][a-zà-ÿ'’]+|[A-Z]{2,})[ \t]+(?:[A-Z]\.?[ \t]+)?([A-Z][a-zà-ÿ'’\-]+|[A-Z]{2,})\b",
)


@dataclass(frozen=True, slots=True)
class Header:
    """Where the header (name and contact block) ends, and the name found there."""

    end: int
    name: Hit | None
    tokens: tuple[str, ...]  # the name's words without particles or initials
    words: tuple[str, ...] = ()  # the name as written, particles included


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
    head = text[: _HEADER_MAX_CHARS * 2]
    return [m.group(1).lower() for m in _EMAIL.finditer(head)] if "@" in head else []


def _name_token_ok(word: str, data: Lists, allow_common: bool = False, caps: bool = False) -> bool:
    """Could `word` be part of a person's name? Everyday words are refused unless they are
    known names ("Grace") or `allow_common` (a surname like "Butt" beside a sure given name)."""
    bare = word.strip(".'’-")
    low = bare.lower()
    if not bare or not _TOKEN.match(word) or not bare[0].isupper():
        return False
    if bare.isupper() and len(bare) in (2, 3) and not data.is_name(low) and not caps:
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


def _core(words: list[str]) -> list[str]:
    """The words that carry the name: no asides, and particles only when last ("Le", "Van")."""
    named = [w for w in words if not _ASIDE.fullmatch(w)]
    return [
        w for i, w in enumerate(named) if w.lower() not in NAME_PARTICLES or i == len(named) - 1
    ]


def _candidate(segment: str, data: Lists, lowercase_ok: bool = False) -> list[str] | None:
    """The words of `segment` that could be a person's name, or None. `lowercase_ok` lets a
    name written all in lower case through ("nerea iglesias"); the e-mail must then vouch."""
    text = segment.lstrip("#*•·>-–— ")
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1]  # "(PRIYA SHARMA)" under a declaration
    words = text.split()
    while words and words[0].strip(".:").lower() in _LEADING_TITLES | _DOC_TITLES:
        words = words[1:]
    # Trailing credentials and asides go, even cut open by a "/" ("Kim (she" of "(she/her)").
    while words and (
        words[-1].strip(".,").lower() in _TRAILING
        or _ASIDE.fullmatch(words[-1])
        or words[-1][:1] in '("“‘'
    ):
        words = words[:-1]
    core = _core(words)
    if not 1 <= len(core) <= 5 or len(segment) > 60:
        return None
    if lowercase_ok and all(w.islower() for w in core):
        core = [w[:1].upper() + w[1:] for w in core]
    # In a name written in capitals, short words are names ("THU TRANG PHAM"), not acronyms.
    caps = all(w.isupper() for w in core)
    if not all(_name_token_ok(w, data, allow_common=True, caps=caps) for w in core):
        return None
    if sum(_plain(w, data) for w in core) > 1:
        return None
    if sum(len(w.strip(".")) > 1 for w in core) < 1:
        return None
    return words


def _places_ok(core: list[str], data: Lists) -> bool:
    """A region or country word may be part of a name only when it is a listed name itself and
    another word is a listed name that is no place: "Lakisha Washington", "Michael Jordan",
    "Jordan Smith"; not "Kerala St. Francis", "India Pvt", "Georgia Tech"."""
    placey = [w for w in core if data.places.get(w) in {"region", "country"}]
    if not placey:
        return True
    if not all(data.is_name(w) for w in placey):
        return False
    return any(data.is_name(w) and w not in data.places for w in core if w not in placey)


def _score(words: list[str], locals_: list[str], first: bool, alone: bool, data: Lists) -> int:
    """How sure we are that `words` is the candidate's name; below 2 means not a name."""
    core = [w.strip(".").lower() for w in _core(words) if len(w.strip(".")) > 1]
    listed = sum(1 for w in core if data.is_name(w))
    # A listed name that is not an everyday word ("Priya", not "Grace" or "Server").
    sure = sum(1 for w in core if data.is_name(w) and not data.is_common(w))
    in_email = any(len(w) >= 3 and w in local for w in core for local in locals_)
    if len(core) == 1 and not in_email:
        return 0  # one word alone is a name only if the e-mail spells it
    if words[0][:1].islower() and not (first and in_email):
        return 0  # "nerea iglesias" only as the first line, spelled by the e-mail too
    if not _places_ok(core, data):
        return 0  # "Kerala St. Francis", "India Pvt"
    if listed < len(core) and not in_email and " ".join(core) in data.places:
        return 0  # "New Delhi", "New York" (a surname too); "Amelia Rodrigues" may be a name
    plain = sum(_plain(w, data) for w in core)
    if plain and not (sure and (in_email or first or len(core) - plain >= 1)):
        return 0  # "Ayesha Butt" yes; "Learning Priya" only with a surer sign
    # "Zyxwe Qortanu", "Mehwish Butt": a word no list knows and that is not English.
    unknown = plain <= 1 and any(not data.is_name(w) and not data.is_common(w) for w in core)
    if not (sure or in_email or (first and alone and (listed == len(core) or unknown))):
        return 0  # "Dell Server", "Foot Reflexology": needs a surer sign
    score = 2 * min(sure, 2) + listed + (3 if in_email else 0)
    return score + (2 if first else 0) + (1 if alone else 0)


# A contact line: an e-mail or profile link among short pieces cut by separators.
_CONTACT_SIGN = re.compile(r"@\S+\.[a-z]{2,}|https?://|www\.|linkedin\.com|github\.com", re.I)
_SEPARATOR = re.compile(r"[|•·–—\t]")


def _contact_line(line: str) -> bool:
    """A long line of contact details ("Title · 1650 Grand Concourse, Bronx · jane@x.com ·
    +1 ...") is still the header, however long the address written into it."""
    pieces = [p for p in _SEPARATOR.split(line) if p.strip()]
    return len(pieces) >= 3 and max(map(len, pieces)) <= 80 and bool(_CONTACT_SIGN.search(line))


def _header_end(text: str) -> int:
    """Where the header ends: at the first section heading (a contact heading does not count),
    a long line of prose, or after _HEADER_MAX_LINES lines."""
    seen = 0
    end = 0
    for line_start, line_end in iter_lines(text):
        line = text[line_start:line_end]
        if line_start > _HEADER_MAX_CHARS or seen >= _HEADER_MAX_LINES:
            break
        if not line.strip():
            end = line_end
            continue
        words = _words(line)
        if _is_section(line) and not all(w in _DOC_TITLES | _CONTACT_HEADINGS for w in words):
            break
        if len(line) > _HEADER_MAX_LINE and not _contact_line(line):
            break  # prose or a run-together body, not a header
        end = line_end
        seen += 1
    return end


def _line_candidates(
    text: str, line_start: int, line_end: int, data: Lists, lowercase_ok: bool = False
) -> list[tuple[list[str], int, int]]:
    """(words, start, end) of every piece of a line that could be a name."""
    line = text[line_start:line_end]
    out = []
    # " - " separates like "|"; the replacement keeps offsets.
    pieces = [m for m in _PIECE.finditer(line.replace(" - ", " | ")) if m.group().strip()]
    for piece in pieces:
        for part in _PART.finditer(piece.group()):
            words = _candidate(part.group(), data, lowercase_ok)
            if words is None:
                continue
            start = text.index(words[0], line_start + piece.start() + part.start())
            out.append((words, start, _real_end(text, start, words)))
    return out


def find_header(text: str, data: Lists) -> Header:
    """The header's end and the candidate's name. The name is looked for in the header and, with
    surer signs only, a little further (a LinkedIn export puts "Contact" and "Top Skills" first)."""
    end = _header_end(text)
    locals_ = _email_locals(text)
    best: tuple[int, int, int, list[str]] | None = None  # score, start, end, words
    seen = 0
    lines = []
    for line_start, line_end in iter_lines(text):
        if line_start > _SCAN_CHARS or seen >= _SCAN_LINES:
            break
        line = text[line_start:line_end]
        if not line.strip() or len(line) > _HEADER_MAX_LINE:
            continue
        if all(w in _DOC_TITLES for w in _words(line)):
            continue  # "RESUME", "Curriculum Vitae"
        lines.append((line_start, line_end))
        seen += 1
    for index, (line_start, line_end) in enumerate(lines):
        in_header = line_start < end
        candidates = _line_candidates(text, line_start, line_end, data, lowercase_ok=index == 0)
        alone = len(candidates) == 1 and candidates[0][1] - line_start <= 3
        if index + 1 < len(lines) and len(candidates) == 1 and len(candidates[0][0]) == 1:
            # A name set in two lines: "PRIYA" / "SHARMA".
            following = _line_candidates(text, *lines[index + 1], data)
            if len(following) == 1 and len(following[0][0]) == 1:
                candidates.append(
                    (candidates[0][0] + following[0][0], candidates[0][1], following[0][2])
                )
        for words, start, stop in candidates:
            score = _score(words, locals_, index == 0, alone, data)
            if not in_header:
                surer = alone and score >= 5
                score = score - 2 if surer else 0
            # Ties go to the longer name: "PRIYA" / "SHARMA" over "PRIYA".
            if score >= 2 and (best is None or (score, len(words)) > (best[0], len(best[3]))):
                best = (score, start, stop, words)
    if best is None:
        return Header(end=end, name=None, tokens=())
    tokens = tuple(w.strip(".") for w in _core(best[3]) if len(w.strip(".")) > 1)
    return Header(end=end, name=Hit("name", best[1], best[2]), tokens=tokens, words=tuple(best[3]))


def _real_end(text: str, start: int, words: list[str]) -> int:
    """End offset of `words` written from `start` with any spacing (or a line break) between."""
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
    for match in _SELF.finditer(text):
        kept = []
        for word in match.group("name").split():
            if word.lower() not in NAME_PARTICLES and not _name_token_ok(word, data):
                break
            kept.append(word)
        while kept and kept[-1].lower() in NAME_PARTICLES and not kept[-1][0].isupper():
            kept.pop()
        sure = any(data.is_name(w) and not data.is_common(w) for w in kept)
        named = [w for w in kept[:-1] if w.lower() not in NAME_PARTICLES] + kept[-1:]
        if len(named) >= 2 or (named and sure):
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


def _place_phrases(words: Sequence[str], data: Lists) -> list[list[str]]:
    """The runs of a name's words that spell a place with a word that is no name ("New York"
    in a header the e-mail vouched for): they are found again only whole, never word by word,
    so "New" in "New English High School" stays."""
    bare = [w.strip(".,") for w in words]
    out: list[list[str]] = []
    for size in range(min(data.place_max_words, len(bare)), 1, -1):
        for i in range(len(bare) - size + 1):
            run = bare[i : i + size]
            key = " ".join(run).lower()
            if key in data.places and not all(data.is_name(w) for w in run):
                out.append(run)
    return out


def propagate(
    text: str, tokens: Sequence[str], data: Lists, phrases: Sequence[Sequence[str]] = ()
) -> list[Hit]:
    """Every later use of a name already found: each of its words (signature lines, "John's
    project"), and each whole name with the particles inside it ("Alejandro de la Cruz"); the
    words of a place inside it only as that whole place."""
    hits: list[Hit] = []
    places = [p for words in phrases for p in _place_phrases(words, data)]
    held = {w.lower() for p in places for w in p}
    for token in {t for t in tokens if len(t) >= 2}:
        low = token.lower()
        if low in SKILL_GUARD or low in NOT_NAME_WORDS or low in LANGUAGES or low in held:
            continue
        # A particle ("Le", "Van") or everyday word ("Young") only where written with a capital.
        common = data.is_common(low) or low in NAME_PARTICLES
        if data.is_common(low) and len(low) < 3:
            continue
        # A capital glued before a capitalised part ("JErin", a PDF bullet glyph) still hides it.
        glued = r"(?-i:[A-Z](?=[A-Z][a-z]))?" if len(token) >= 3 and not common else ""
        pattern = rf"(?<![\w@.]){glued}{re.escape(token)}(?![\w@])"
        for match in re.finditer(pattern, text, re.IGNORECASE):
            if common and not match.group()[0].isupper():
                continue  # "young" in a sentence is not Ms Young
            hits.append(Hit("name", match.start(), match.end(), weak=True))
    for words in [*phrases, *places]:
        if len(words) < 2:
            continue
        pattern = r"(?<![\w@.])" + r"\s+".join(re.escape(w) for w in words) + r"(?![\w@])"
        for match in re.finditer(pattern, text, re.IGNORECASE):
            hits.append(Hit("name", match.start(), match.end()))
    return hits
