"""The candidate's own name, found by where it stands rather than by a list.

A resume opens with its owner's name (after at most a document title: "Resume", "Curriculum
Vitae", "Sample ... Resume Template"), gives it after a "Name:" label, and signs with it. Those
places name the candidate whether or not a list knows the name, so a run of name-shaped words
there is taken when nothing speaks against it: initials before or after ("K. Siddharth",
"Arjun KS", "Kavya U."), one-letter surnames, lower or upper case ("kimaya sonawane",
"THU TRANG PHAM"), particles ("da", "van", "bin", "al-"), honorifics, and native scripts
("王伟 (Wang Wei)"). Words that are job titles, headings, places, skills or everyday English
end a run, so "Software Engineer" or "Car Sales Manager" after the name stays.

Text that intake flattened into one line (runs of spaces collapsed) is read the same way: the
name run ends at the first word that cannot be part of a name.

Contract: `find_lead_names(text, data)` returns the name hits (strong) and the name's words as
phrases; the caller propagates them to every other occurrence.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

from fairsift.privacy.hits import Hit, starting_with
from fairsift.privacy.lists import Lists, fold
from fairsift.privacy.vocab import HEADINGS, LANGUAGES, NAME_PARTICLES, NOT_NAME_WORDS, SKILL_GUARD

__all__ = ["LeadName", "find_lead_names", "hint_vouchers", "name_parts", "vouching_strings"]

_WINDOW_CHARS = 700
_WINDOW_LINES = 15
_MAX_RUN = 15
_THRESHOLD = 4
# Where a run of words is cut: separators, runs of spaces, and byte escapes left in text
# ("\xe2\x80\xa2", a bullet written out by a careless converter).
_CUT = re.compile(
    r"\n|\s{2,}|[|•·▪●♦■◆►✓➢❖★☎✉\t;,/()\[\]<>{}:=_~*#\"“”]|\s[-–—]+\s|\\x[0-9a-fA-F]{2}"
)
_TOKEN = re.compile(r"\S+")
_INITIALS = re.compile(r"(?:[A-Z]\.){1,3}|[A-Z]\.?|[A-Z]{2,3}")
_WORD = re.compile(r"^[^\W\d_](?:[^\W\d_]|['’\-.](?=[^\W\d_]))*\.?$")
_HONORIFICS = {
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
    "shri",
    "smt",
    "sri",
    "sir",
    "kumari",
    "sushri",
    "herr",
    "frau",
    "mme",
    "mlle",
}
_DOC_TITLES = {
    "resume",
    "résumé",
    "resumé",
    "cv",
    "curriculum",
    "vitae",
    "vita",
    "biodata",
    "bio-data",
    "template",
    "sample",
    "example",
}
_CREDENTIALS = {
    "phd",
    "ph.d",
    "mba",
    "cpa",
    "pmp",
    "md",
    "jr",
    "sr",
    "ii",
    "iii",
    "iv",
    "msc",
    "bsc",
    "cfa",
    "ma",
    "ms",
    "ba",
    "bs",
    "be",
    "btech",
    "mtech",
    "edd",
    "ed.d",
    "esq",
    "rn",
    "csm",
}
_FIELD = starting_with(
    r"fcan",
    r"\b(?:full\s+|candidate'?s?\s+|applicant'?s?\s+)?name(?:\s+of\s+(?:the\s+)?candidate)?"
    r"\s*(?:[:：]|\s[-–]\s)\s*",
    re.IGNORECASE,
)
_SIGN_OFF = starting_with(
    r"rsfty",
    r"\b(?:regards|sincerely|faithfully|truly|thanks|thank\s+you|signature|signed|"
    r"yours)\s*[,:.\-]?\s*(?:\n\s*)*",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"([A-Za-z0-9._%+\-']+)\s?@\s?[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
_PROFILE = starting_with(
    r"ligtxfs",
    r"(?:linkedin\.com/(?:in|pub)/|indeed\.com/r/|github\.com/|gitlab\.com/|twitter\.com/"
    r"|x\.com/|facebook\.com/|t\.me/|skype:|instagram\.com/)([A-Za-z0-9._\-]+)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class LeadName:
    """A name found by position: its span, its words as written, and why it was taken."""

    start: int
    end: int
    words: tuple[str, ...]
    score: int
    place: str  # lead, field, sign_off, follows

    def hit(self) -> Hit:
        return Hit("name", self.start, self.end)


def vouching_strings(text: str) -> list[str]:
    """E-mail local parts and profile handles, folded and lower-cased: where a name is often
    spelled again ("arjun.ks@...", "linkedin.com/in/kavya-u")."""
    out = [fold(m.group(1)).lower() for m in _EMAIL.finditer(text)] if "@" in text else []
    out += [fold(m.group(1)).lower() for m in _PROFILE.finditer(text)]
    return out


def _caseless(word: str) -> bool:
    """Letters of a script without case (Chinese, Arabic, Devanagari...)."""
    if word.isascii():  # ASCII letters all have case
        return False
    return any(c.isalpha() for c in word) and not any(c.isupper() or c.islower() for c in word)


def _kind(word: str, data: Lists, first: bool) -> str | None:
    """What `word` can be inside a name: "initial", "particle", "word", "plain" (an everyday
    word that is no name), or None (it cannot be part of a name: the run ends)."""
    # Combining marks (a stress mark, a decomposed macron) belong to the letter before them.
    if not word.isascii():
        word = "".join(
            c for c in unicodedata.normalize("NFC", word) if not unicodedata.combining(c)
        )
    bare = word.rstrip(".,")
    if not bare:
        return None
    low = bare.lower()
    if low in NAME_PARTICLES and (bare.islower() or "-" in word):
        return "particle" if not first else None
    if _INITIALS.fullmatch(word.rstrip(",")) and not (len(bare) >= 2 and data.is_name(low)):
        if len(bare) >= 2 and low in NOT_NAME_WORDS | _CREDENTIALS | SKILL_GUARD:
            return None  # "PHP", "SQL", "MBA" after a name end it
        return "initial"
    if _caseless(bare):
        return "word" if len(bare) <= 12 else None
    if not _WORD.match(word):
        return None
    folded = fold(low)
    if "-" in low and any(part in NOT_NAME_WORDS for part in low.split("-")):
        return None  # "Software-Firmware", "Co-ordinator"
    if low in NOT_NAME_WORDS or low in HEADINGS or low in LANGUAGES or low in _DOC_TITLES:
        return None
    if folded.replace(".", "") in _CREDENTIALS and (bare.isupper() or "." in bare):
        return None
    if low in _HONORIFICS or low in _STREET_WORDS or low in {"jr", "sr"}:
        return None
    if low in SKILL_GUARD:
        return "skill"
    if data.places.get(low) and not data.is_name(low):
        # "Minato" is a ward of Tokyo and a given name; a region or country is never one.
        return "place" if data.places[low] == "city" else None

    if data.is_common(low) and not data.is_name(low):
        return "plain"
    return "word"


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """text[start:end] cut at separators: no run of name words crosses a cut, and _runs over
    one piece gives what _runs over the whole stretch gives inside that piece."""
    pos = start
    pieces = []
    for cut in _CUT.finditer(text, start, end):
        pieces.append((pos, cut.start()))
        pos = cut.end()
    pieces.append((pos, end))
    return pieces


def _runs(text: str, start: int, end: int, data: Lists) -> list[list[tuple[str, int, str]]]:
    """Runs of name-shaped tokens (token, offset, kind) in text[start:end], cut at separators
    and at any token that cannot be part of a name."""
    runs: list[list[tuple[str, int, str]]] = []
    for lo, hi in _pieces(text, start, end):
        run: list[tuple[str, int, str]] = []
        for match in _TOKEN.finditer(text, lo, hi):
            word = match.group()
            if not run and word.rstrip(".").lower() in _HONORIFICS:
                continue  # "Mr." before the name
            kind = _kind(word, data, first=not run)
            last = not text[match.end() : hi].strip()
            if kind == "plain" and run and last and word[:1].isupper():
                kind = "word"  # an everyday word closing a name on its own: "Somporn Sat"
            elif kind == "skill" and run and not last and not data.is_name(word.rstrip(".,")):
                kind = "plain"  # "Mirian Brigitte Goodwin Progress Energy"
            elif (
                kind in {"word", "skill"}
                and len(run) >= 2
                and not last
                and (kind == "skill" or data.is_common(word.rstrip(".,").lower()))
                and _headline_follows(text, match.end(), hi)
                and not (kind == "word" and _surname_closes(word, run, data))
            ):
                kind = "plain"  # "Jade Hilpert Car Sales Manager": the name ended
            if kind is None or kind == "plain" or len(run) >= _MAX_RUN:
                if run:
                    runs.append(run)
                run = []
                continue
            run.append((word, match.start(), kind))
        if run:
            runs.append(run)
    return [_trim(r) for r in runs if _trim(r)]


def _surname_closes(word: str, run: list[tuple[str, int, str]], data: Lists) -> bool:
    """A known surname that is an everyday word too ("Beer", "Young") closes a run of two
    name words before a headline: "Oralee Margareta Beer Centre Manager"."""
    words = [w for w, _, k in run if k == "word"]
    bare = word.rstrip(".,")
    return (
        len(words) >= 2
        and len(run) == len(words)
        and bare[:1].isupper()
        and not bare.isupper()
        and bare.lower() in data.surnames
        and any(data.is_name(w.rstrip(".,")) for w in words)
    )


_CONTACT_WORDS = {
    "phone",
    "mobile",
    "email",
    "e-mail",
    "address",
    "linkedin",
    "github",
    "tel",
    "cell",
}
_HEADLINE = NOT_NAME_WORDS - HEADINGS - _CONTACT_WORDS


def _headline_follows(text: str, pos: int, end: int) -> bool:
    """The next word is a job-title word: the word before begins a headline ("Car Sales
    Manager"), where "Hills Embedded Software Engineer" ends a name with "Hills"."""
    following = text[pos:end].split()[:1]
    return any(w.strip(".,:;").lower() in _HEADLINE for w in following)


def _trim(run: list[tuple[str, int, str]]) -> list[tuple[str, int, str]]:
    while run and run[-1][2] == "particle":
        run = run[:-1]
    return run


def _vouched(words: list[str], vouchers: list[str]) -> bool:
    for word in words:
        key = fold(word.strip(".'’")).lower()
        if len(key) >= 3 and any(key in v for v in vouchers):
            return True
    return False


def _score(
    run: list[tuple[str, int, str]], data: Lists, vouchers: list[str], place_bonus: int
) -> int:
    words = [w.rstrip(".,") for w, _, k in run if k in {"word", "skill", "place"}]
    initials = sum(1 for _, _, k in run if k == "initial")
    if not words:
        return 0
    if run[0][2] == "initial" and len(run) == 1:
        return 0
    lower = [w for w in words if w.islower()]
    if lower and len(lower) < len(words) and len(lower) > 1:
        return 0  # "Hay personas atrapadas bajo...": a sentence, not "Tapan kumar Nayak"
    if lower and len(lower) == len(words) and len(words) > 4:
        return 0
    known = [w for w in words if data.is_name(w)]
    if len(words) > 6 and len(known) < 0.8 * len(words):
        return 0  # a long run is a name only when nearly every word is a known name
    score = place_bonus
    sure = [w for w in known if not data.is_common(w)]
    score += 2 * min(len(sure), 2) + min(len(known) - len(sure), 1)
    if _vouched(words, vouchers):
        score += 4
    if len(words) == 1 and _caseless(words[0]) and 2 <= len(words[0]) <= 4:
        score += 1  # "王伟", "김민준": a whole name written without a space
    elif len(words) == 1:
        score -= 1 if initials else 3
    elif len(words) <= 4:
        score += 1
    if all(w.islower() for w in words) and not all(_caseless(w) for w in words):
        score -= 2
    places = sum(1 for w in words if data.places.get(w.lower()) and not data.is_name(w))
    if places == len(words):
        return 0
    score -= 2 * places
    # A skill as a name word ("Jade", "Ruby" are given names; "Java" a rare surname) needs more.
    score -= sum(2 if data.is_name(w) else 4 for w, _, k in run if k == "skill")
    two = " ".join(w.lower() for w in words[:2])
    if len(words) >= 2 and two in data.places:
        return 0  # "New Delhi", "San Mateo"
    return score


def _spelled_elsewhere(text: str, data: Lists, vouchers: list[str]) -> list[LeadName]:
    """Runs of two or more words, anywhere, that an e-mail address, a profile handle or the
    file name spells in full ("Zyxwe Brel" and "Zyxwe_Brel_CV.pdf")."""
    if not vouchers:
        return []
    out = []
    for lo, hi in _pieces(text, 0, len(text)):
        # A run is taken only with two of its words spelled by one voucher: a piece with
        # fewer than two such tokens has no such run, and is not read word by word.
        if _vouched_tokens(text, lo, hi, vouchers) < 2:
            continue
        for run in _runs(text, lo, hi, data):
            words = [fold(w.strip(".,'’")).lower() for w, _, k in run if k == "word"]
            words = [w for w in words if len(w) >= 3]
            if len(words) >= 2 and any(all(w in v for w in words) for v in vouchers):
                start, end = _span(run)
                out.append(LeadName(start, end, tuple(w for w, _, _ in run), 6, "spelled"))
    return out


def _vouched_tokens(text: str, start: int, end: int, vouchers: list[str]) -> int:
    """How many tokens of text[start:end] (3+ letters, folded) some voucher spells."""
    count = 0
    for match in _TOKEN.finditer(text, start, end):
        key = fold(match.group().strip(".,'’")).lower()
        if len(key) >= 3 and any(key in v for v in vouchers):
            count += 1
            if count >= 2:
                break
    return count


def _skill_spans(text: str) -> list[tuple[int, int]]:
    from fairsift.privacy.redact import skill_spans  # the lexicon, when installed

    return skill_spans(text)


def _names_a_skill(
    run: list[tuple[str, int, str]], skills: list[tuple[int, int]], data: Lists
) -> bool:
    """A word of the run is a skill the lexicon knows and no name ("TECHNICALSKILLS
    SpringMVC", "SAP Netweaver Gateway"): the run is a skills line, not a person."""
    for word, start, _ in run:
        end = start + len(word)
        if data.is_name(word.strip(".,")):
            continue
        if any(s < end and start < e for s, e in skills):
            return True
    return False


def _starts_text(text: str, run: list[tuple[str, int, str]], data: Lists) -> bool:
    """The run is the document's first word, an everyday word or a place it is not."""
    word, start, kind = run[0]
    bare = word.strip(".,")
    low = bare.lower()
    plain = data.is_common(low) or low in data.places or low in data.plain_places
    return (
        kind == "word"
        and len(run) == 1
        and len(bare) >= 3
        and not bare.isupper()
        and not plain
        and not text[:start].strip(" \t\n\"'“”*#")
    )


def _alone(text: str, run: list[tuple[str, int, str]]) -> bool:
    """The run is all there is on its line."""
    start, end = _span(run)
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    return line.strip(" \t\r\"'*#") == text[start:end]


def _span(run: list[tuple[str, int, str]]) -> tuple[int, int]:
    last, offset, _ = run[-1]
    return run[0][1], offset + len(last.rstrip(","))


def _window_end(text: str) -> int:
    end = min(len(text), _WINDOW_CHARS)
    lines = 0
    pos = 0
    while lines < _WINDOW_LINES:
        nl = text.find("\n", pos)
        if nl < 0 or nl >= end:
            return end
        if text[pos:nl].strip():
            lines += 1
        pos = nl + 1
    return min(end, pos)


_STREET = re.compile(
    r"(?i)[\s,]+(?:jr\.?\s+)?(?:blvd|boulevard|street|st|road|rd|avenue|ave|drive|dr|lane|ln|way"
    r"|nagar|marg|colony|court|place|square|park|hall|building|tower|apartments?)\b"
)
_STREET_WORDS = {"blvd", "boulevard", "street", "road", "avenue", "ave", "drive", "nagar", "marg"}
_BEFORE = re.compile(r"(\S+)\s*$")


def _opens(text: str, start: int, data: Lists) -> bool:
    """Whether a run at `start` opens its line or follows a document title ("Resume", "CV
    Template"): only then may it be the resume's lead."""
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start]
    if not before.strip(" \t\"'“”*#>|•·-–—"):
        return True
    match = _BEFORE.search(before)
    if match is None:
        return True
    word = match.group(1).strip(":.,\"'").lower()
    if word in _DOC_TITLES or word in {"of", "for"} or word.endswith(("resume", "vitae")):
        return True
    # Flattened text: a title ("... Human Resource Manager Jestine Kilback") just before.
    title = word in NOT_NAME_WORDS or (data.is_common(word) and not data.is_name(word))
    return start - line_start <= 200 and title and word not in data.places


_HINT_SPLIT = re.compile(r"[_\-.\s,()\[\]+]+|(?<=[a-z])(?=[A-Z])")
_HINT_NOISE = _DOC_TITLES | {"final", "updated", "latest", "new", "copy", "draft", "doc", "pdf"}


def hint_vouchers(hints: Sequence[str]) -> list[str]:
    """What a file name or document metadata (title, author) says about the name:
    "Kavya_Udupa_CV.pdf" -> "kavyaudupa", to vouch for a run like an e-mail local part."""
    out = []
    for hint in hints:
        stem = PurePath(hint).name.rsplit(".", 1)[0] if "." in PurePath(hint).name else hint
        words = [w for w in _HINT_SPLIT.split(stem) if w]
        kept = [
            fold(w).lower()
            for w in words
            if len(w) >= 3 and w.isalpha() and w.lower() not in _HINT_NOISE
        ]
        if kept:
            out.append("".join(kept))
    return out


def find_lead_names(
    text: str, data: Lists, hints: Sequence[str] = (), resume: bool = True
) -> list[LeadName]:
    """The candidate's name found by where it stands: the first name-shaped run of the
    resume, a "Name:" field, a sign-off, a title, a references section; each kept only when
    its score reaches the threshold. `hints` (a file name, the document's title or author)
    vouch for a run the way an e-mail local part does. With `resume` False (a report, a
    message) the opening words are not taken for a name: only labels and context count."""
    vouchers = vouching_strings(text[:4000]) + hint_vouchers(hints)
    found: list[LeadName] = []
    end = _window_end(text) if resume else 0
    skills = _skill_spans(text[:end]) if resume else []
    runs = _runs(text, 0, end, data) if resume else []
    lead_taken = False
    for index, run in enumerate(runs):
        words = [w for w, _, k in run if k in {"word", "skill", "place"}]
        first = not lead_taken and (index == 0 or len(words) >= 2) and _opens(text, run[0][1], data)
        if _names_a_skill(run, skills, data) and not _vouched(words, vouchers):
            lead_taken = lead_taken or first  # a skills line opens the resume: no name there
            continue
        bonus = 3 if first else 0
        if index == 0 and first and len(words) == 1 and _starts_text(text, run, data):
            bonus += 4  # "Halvorson 161 Waukegan": a one-word name opening the resume
        score = _score(run, data, vouchers, bonus)
        if first and _alone(text, run):
            score += 2
        if not first and run[0][1] > 300 and not _vouched(words, vouchers):
            score -= 2  # away from the lead, a name needs the e-mail's word or sure lists
        if _STREET.match(text, _span(run)[1]):
            # "2301 Adam Clayton Powell Jr Blvd" is a street; "Shayne White Justin Street
            # London" is a name, then a street.
            if re.search(r"\d[\s,]*$", text[max(0, run[0][1] - 12) : run[0][1]]) or len(run) < 3:
                continue
            # At the opening the word before the street word is the surname or the street's
            # own name ("Noe Claud Ziemann Road"): either way it names the candidate or their
            # home, so it is masked with the name but not looked for elsewhere.
            street_end = _span(run)[1] if first else 0
            run = run[:-1]
            words = words[:-1]
            score = _score(run, data, vouchers, bonus) + (2 if first else 0)
        else:
            street_end = 0
        if first and len(words) >= 1:
            lead_taken = len(words) >= 2 or score >= _THRESHOLD
        if score >= _THRESHOLD:
            start, stop = _span(run)
            if street_end:
                found.append(LeadName(start, street_end, (), score, "lead"))
            found.append(
                LeadName(start, stop, tuple(w for w, _, _ in run), score, "lead" if first else "")
            )
            # A romanisation or native spelling in brackets right after: "王伟 (Wang Wei)".
            after = text[stop : stop + 3]
            if after.lstrip().startswith("(") and index + 1 < len(runs):
                extra = runs[index + 1]
                s2, e2 = _span(extra)
                if s2 - stop <= 3:
                    found.append(LeadName(s2, e2, tuple(w for w, _, _ in extra), score, "lead"))
    found += _spelled_elsewhere(text, data, vouchers)
    found += _titled(text, data, vouchers)
    found += _referees(text, data, vouchers)
    found += _before_contact(text, data, vouchers)
    found += _closing_signature(text, data, vouchers)
    for pattern, place, bonus in ((_FIELD, "field", 6), (_SIGN_OFF, "sign_off", 3)):
        for match in pattern.finditer(text):
            line_end = text.find("\n", match.end())
            stop = min(len(text), match.end() + 80, line_end if line_end >= 0 else len(text))
            if match.end() >= stop:
                # the value on the next line ("Regards,\nArjun KS")
                nxt = text.find("\n", stop + 1)
                stop = min(len(text), stop + 80, nxt if nxt >= 0 else len(text))
            candidates = _runs(text, match.end(), stop, data)
            if not candidates:
                continue
            run = candidates[0]
            start, stop2 = _span(run)
            if text[match.end() : start].strip(" \t\n.,:-–"):
                continue  # something else comes first: not the value
            score = _score(run, data, vouchers, bonus)
            if place == "sign_off" and len([1 for _, _, k in run if k == "word"]) < 2:
                score -= 2
            if score >= _THRESHOLD:
                found.append(LeadName(start, stop2, tuple(w for w, _, _ in run), score, place))
    return found


_TITLED = starting_with(
    r"DPrRcC",
    r"\b(?:Dr|DR|Prof|PROF|Professor|PROFESSOR)\.?[ \t]+(?=\S)"
    r"|(?i:\b(?:resume|résumé|curriculum\s+vitae|cv)(?:\s+(?:of|example|sample|template))?)"
    r"[ \t]*[:\-–]?[ \t]+(?=[A-Z])",
)
_CREDENTIAL_AFTER = starting_with(
    r",\t MPCEDR",
    r",?[ \t]*(?:M\.D\.|MD|Ph\.?\s?D\.?|PhD|MBA|PMP|CPA|CFA|Ed\.?D\.?|D\.?O\.|RN|Esq\.?)"
    r"(?=[\s,.]|$)",
)


def _titled(text: str, data: Lists, vouchers: list[str]) -> list[LeadName]:
    """Names after "Dr"/"Professor" and before ", M.D."/", PhD" anywhere in the text: the
    candidate's or a referee's."""
    out = []
    for match in _TITLED.finditer(text):
        stop = min(len(text), match.end() + 80)
        runs = _runs(text, match.end(), stop, data)
        if runs and runs[0][0][1] == match.end():
            run = runs[0]
            if _score(run, data, vouchers, 3) >= _THRESHOLD:
                start, end = _span(run)
                out.append(LeadName(start, end, tuple(w for w, _, _ in run), _THRESHOLD, "title"))
    for match in _CREDENTIAL_AFTER.finditer(text):
        if text[match.start()] != ",":
            continue
        runs = _runs(text, max(0, match.start() - 80), match.start(), data)
        if runs and _span(runs[-1])[1] == match.start():
            run = runs[-1]
            if _score(run, data, vouchers, 3) >= _THRESHOLD:
                start, end = _span(run)
                out.append(LeadName(start, end, tuple(w for w, _, _ in run), _THRESHOLD, "title"))
    return out


_REFEREES = starting_with(
    r" \trp",
    r"^[ \t]*(?:references?|referees?|professional references)\b[ \t:]*$",
    re.IGNORECASE | re.MULTILINE,
)
_REFEREE_SPAN = 800
_REPORTING = starting_with(
    r"msrlu",
    r"\b(?:my\s+manager|manager|supervisor|reporting\s+to|reported\s+to|mentor(?:ed\s+by)?"
    r"|referee|line\s+manager|under)[ \t]+(?=[A-Z])",
    re.IGNORECASE,
)


def _referees(text: str, data: Lists, vouchers: list[str]) -> list[LeadName]:
    """Other people named where resumes name them: each line opening a "References" section
    ("Lindiwe Dlamini - Team Lead, Accenture"), and after "manager", "reporting to"."""
    out = []
    for heading in _REFEREES.finditer(text):
        pos = heading.end()
        stop = min(len(text), pos + _REFEREE_SPAN)
        while pos < stop:
            nl = text.find("\n", pos + 1)
            line_end = stop if nl < 0 else min(nl, stop)
            runs = _runs(text, pos, line_end, data)
            if runs and not text[pos : runs[0][0][1]].strip(" \t\n•·-*"):
                run = runs[0]
                words = [w for w, _, k in run if k in {"word", "skill", "place"}]
                # A line opening a references section names someone: "Himari Sakai - ..."
                if len(words) >= 2 and _score(run, data, vouchers, 5) >= _THRESHOLD:
                    start, end = _span(run)
                    out.append(LeadName(start, end, tuple(w for w, _, _ in run), 4, "referee"))
            pos = line_end
    for match in _REPORTING.finditer(text):
        runs = _runs(text, match.end(), min(len(text), match.end() + 60), data)
        if runs and runs[0][0][1] == match.end():
            run = runs[0]
            words = [w for w, _, k in run if k in {"word", "skill", "place"}]
            if len(words) >= 2 and _score(run, data, vouchers, 2) >= _THRESHOLD:
                start, end = _span(run)
                out.append(LeadName(start, end, tuple(w for w, _, _ in run), 4, "referee"))
    return out


_PHONE_START = r"(?<![\w.])\+?\(?\d{2,4}\)?[ .\-]\d{3}[ .\-]\d{3,4}(?![\w])"
_CONTACT_START = re.compile(r"[A-Za-z0-9._%+\-']+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}|" + _PHONE_START)
# Without an "@" the e-mail branch cannot match: the phone branch alone finds the same.
_PHONE_ONLY = starting_with(r"+(\d", _PHONE_START)


def _before_contact(text: str, data: Lists, vouchers: list[str]) -> list[LeadName]:
    """Two to four capitalised name words set right before an e-mail address or a phone
    number, with nothing between: a contact block repeated on a later page or after the
    summary ("Valene Littel Heathcote.Hong@gm.co 123-345-7890")."""
    out = []
    for match in (_CONTACT_START if "@" in text else _PHONE_ONLY).finditer(text):
        runs = _runs(text, max(0, match.start() - 80), match.start(), data)
        if not runs:
            continue
        run = runs[-1]
        start, end = _span(run)
        if text[end : match.start()].strip() or start <= match.start() - 80:
            continue
        if any(k != "word" for _, _, k in run) or not 2 <= len(run) <= 4:
            continue
        if not all(w[:1].isupper() and not w.isupper() for w, _, _ in run):
            continue
        if _score(run, data, vouchers, 3) >= _THRESHOLD:
            out.append(LeadName(start, end, tuple(w for w, _, _ in run), _THRESHOLD, "contact"))
    return out


_CLOSING = re.compile(
    r"(?i)\b(?:place|date|signature)\s*[:.\-][^\n]{0,80}?\(([^()\n]{2,60})\)[\s\"”'.]*$"
)


def _closing_signature(text: str, data: Lists, vouchers: list[str]) -> list[LeadName]:
    """The name in brackets that closes a resume after its "Place:"/"Date:" declaration line
    ("Date: Place: Chennai (Dibbert)"): the candidate's signature, one word or more."""
    match = _CLOSING.search(text, max(0, len(text) - 300))
    if match is None:
        return []
    runs = _runs(text, match.start(1), match.end(1), data)
    if len(runs) != 1 or text[match.start(1) : match.end(1)].strip() != _words_of(text, runs[0]):
        return []
    run = runs[0]
    if _score(run, data, vouchers, 7) < _THRESHOLD:
        return []
    start, end = _span(run)
    return [LeadName(start, end, tuple(w for w, _, _ in run), _THRESHOLD, "sign_off")]


def _words_of(text: str, run: list[tuple[str, int, str]]) -> str:
    start, end = _span(run)
    return text[start:end]


def name_parts(words: tuple[str, ...]) -> list[str]:
    """The words of a found name worth finding again alone: no initials or particles."""
    out = []
    for word in words:
        bare = word.strip(".,'’")
        if len(bare) < 2 or bare.lower() in NAME_PARTICLES:
            continue
        if _INITIALS.fullmatch(word) and not _caseless(word):
            continue
        out.append(unicodedata.normalize("NFC", bare))
    return out
