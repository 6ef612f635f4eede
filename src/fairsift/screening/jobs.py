"""Job postings: requirements extracted from a posting as published, or read from a TOML spec.

    text ─► unglue (bullets run together, headings glued to sentences) ─► lines and headings
         ─► requirement sections (Requirements, Must have, Nice to have, ...) or, without
            any, sentences that read like requirements ─► one Requirement per clause:
            experience (years), degree, certification, language, skill or other; must or nice

Salary, benefits, "about us", equal-opportunity statements and application instructions are
never requirements. A TOML job spec lists the requirements itself and overrides extraction.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from fairsift.domain import Importance, Requirement
from fairsift.errors import ConfigError
from fairsift.lexicon import (
    LEVEL_RANK,
    LEVELS,
    canonical_certification,
    canonical_language,
    canonical_skill,
    degree_level,
    find_certifications,
    find_degrees,
    find_languages,
    find_skills,
)
from fairsift.lexicon.gazetteer import trie_pattern

__all__ = ["KINDS", "JobPosting", "load_job_spec", "parse_job"]

KINDS = ("skill", "experience", "degree", "certification", "language", "other", "role")
MUST_WEIGHT = 1.0
NICE_WEIGHT = 0.5


@dataclass(frozen=True, slots=True)
class JobPosting:
    """A job as fairsift understood it: its title, its requirements and a short summary."""

    title: str
    requirements: tuple[Requirement, ...]
    summary: str


# -- headings --------------------------------------------------------------------------------
# Section kinds: "must" and "nice" hold requirements; the others never do.
_KNOWN_HEADINGS: dict[str, str] = {
    **dict.fromkeys(
        [
            "requirements", "requirement", "job requirements", "key requirements",
            "qualifications", "qualification", "minimum qualifications", "basic qualifications",
            "required qualifications", "requirements and qualifications", "must have",
            "must haves", "must have skills", "must-have", "must-haves", "what you'll need",
            "what you need", "what you will need", "what we're looking for",
            "what we are looking for", "who we are looking for", "who you are", "about you",
            "you have", "you bring", "what you bring", "what you'll bring", "you should have",
            "skills", "key skills", "required skills", "skills and experience",
            "skills and qualifications", "experience", "education", "desired skills",
            "desired candidate profile", "candidate profile", "ideal candidate",
            "the ideal candidate", "your profile", "your skills", "technical skills",
            "eligibility", "eligibility criteria", "knowledge skills and abilities",
            "competencies", "what we need", "requirements & skills", "job specification",
            "person specification", "your background", "skills required", "experience required",
            "who should apply", "prerequisites", "your experience", "you are",
            "what makes you a great fit", "is this you", "we're looking for", "we are looking for",
            "language", "languages", "language skills", "languages required",
            "licence/certification", "license/certification",
        ],
        "must",
    ),
    **dict.fromkeys(
        [
            "nice to have", "nice to haves", "nice-to-have", "nice-to-haves", "good to have",
            "preferred", "preferred qualifications", "preferred skills", "bonus",
            "bonus points", "bonus points if", "bonus points if you have", "plus",
            "pluses", "desirable", "desirable skills", "it would be great if", "even better if",
            "extra credit", "great to have", "additional skills", "added advantage",
            "nice to have skills", "preferred experience", "what sets you apart",
        ],
        "nice",
    ),
    **dict.fromkeys(
        [
            "responsibilities", "key responsibilities", "job responsibilities",
            "your responsibilities", "what you'll do", "what you will do", "duties",
            "key duties", "job duties", "the role", "your role", "role", "in this role",
            "day to day", "a day in the life", "what you'll be doing", "job description",
            "role overview", "your mission", "what the job involves", "key result areas",
            "responsibilities and duties", "the job", "your impact", "what you will be doing",
        ],
        "responsibilities",
    ),
    **dict.fromkeys(
        [
            "benefits", "what we offer", "perks", "perks and benefits", "benefits and perks",
            "compensation", "salary", "pay", "package", "why join us", "why work with us",
            "rewards", "what's in it for you", "we offer", "our offer", "compensation and benefits",
        ],
        "benefits",
    ),
    **dict.fromkeys(
        ["about us", "about the company", "who we are", "company overview", "our company",
         "the company", "our team", "the team", "about the team", "our story", "overview",
         "company description", "introduction"],
        "about",
    ),
    **dict.fromkeys(["job summary", "about the role", "summary", "role summary", "position summary",
                     "the opportunity", "about the job", "about this role", "about the position"],
                    "summary"),
    **dict.fromkeys(["how to apply", "to apply", "application process", "apply",
                     "how to apply for this job", "interested"], "apply"),
    **dict.fromkeys(["location", "job type", "job types", "work location", "openings",
                     "ability to commute", "employment type", "schedule", "work mode",
                     "shift", "start date", "reports to", "job details", "contract"], "info"),
}  # fmt: skip
_HEADING_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("eeo", re.compile(r"equal opportunit|\beeo\b|diversity", re.I)),
    ("apply", re.compile(r"\bapply\b|application|how to", re.I)),
    ("benefits", re.compile(r"benefit|perks|we offer|salary|compensation|package|\bpay\b|"
                            r"why join|why work|reward|\bctc\b|stipend|what you(?:'ll| will)? get|"
                            r"in it for you|we provide|love working", re.I)),
    ("nice", re.compile(r"nice[\s\-]to[\s\-]have|good to have|prefer|bonus|\bplus\b|"
                        r"desirable|advantage|extra credit|even better|great to have|"
                        r"would be great|sets you apart", re.I)),
    ("responsibilities", re.compile(r"responsib|you(?:'ll| will) (?:do|be doing)|dut(?:y|ies)|"
                                    r"day[\s\-]to[\s\-]day|in this role|your role|the role|"
                                    r"job description|mission|involves|\bkras?\b", re.I)),
    ("must", re.compile(r"require|qualif|must|skill|need|looking for|ideal candidate|you have|"
                        r"you bring|about you|who you are|profile|eligib|experience|education|"
                        r"competenc|expertise|knowledge|prerequisite|criteria|background", re.I)),
    ("summary", re.compile(r"summary|opportunity|(?:job|role|position) overview", re.I)),
    ("about", re.compile(r"^about\b|who we are|company|our team|the team|overview|our story",
                         re.I)),

]  # fmt: skip

# -- ungluing --------------------------------------------------------------------------------
_BULLETS = re.compile(r"[ \t]*(?:[•●▪◦➢►■◆❖✓✔·★☆➤⦿]|â\x80¢|â\x9e¢|â\x97\x8f)[ \t]*")
_HYPHEN_BULLET = re.compile(r"(?<=\s)-(?=[A-Z0-9])")  # "... targets -Appoint, manage ..."
_EEO_SENTENCE = re.compile(
    r"[^.\n]{0,80}?\bis\s+an?\s+equal\s+opportunit(?:y|ies)\s+employer\b[^.\n]*\.?", re.I
)
_KNOWN_PATTERN = re.compile(
    r"(?:(?<![A-Za-z'’])|(?-i:(?<=[a-z])(?=[A-Z])))(?:"
    + trie_pattern([k.replace(" and ", " & ") for k in _KNOWN_HEADINGS] + list(_KNOWN_HEADINGS))
    + r")(?=(?-i:[A-Z0-9(])|:|[ \t]*(?:\n|$))",
    re.IGNORECASE,
)
_LINE_BULLET = re.compile(r"^[ \t]*(?:[-–*+]|\d{1,2}[.)])[ \t]+")
_STARTERS = {
    "experience", "strong", "knowledge", "proficiency", "proficient", "ability", "familiarity",
    "familiar", "understanding", "bachelor", "bachelors", "master", "masters", "degree",
    "excellent", "good", "working", "hands", "must", "minimum", "at", "solid", "proven",
    "deep", "expertise", "exposure", "prior", "previous", "demonstrated", "comfortable",
    "self", "willing", "willingness", "fluent", "fluency", "you", "we", "our", "your", "design",
    "develop", "build", "manage", "lead", "write", "work", "own", "drive", "ensure",
    "collaborate", "maintain", "support", "create", "implement", "participate", "conduct",
    "prepare", "monitor", "assist", "coordinate", "handle", "provide", "perform", "track",
    "test", "review", "analyse", "analyze", "identify", "deliver", "mentor", "coach", "plan",
    "run", "sell", "keep", "give", "assess", "orchestrate", "tune", "ingest", "job", "key",
    "about", "benefits", "salary", "package", "education", "nice", "preferred", "bonus", "what",
    "who", "how", "why", "apply", "interested", "location", "perks", "certification",
    "certified", "valid", "great", "passion", "passionate", "basic", "advanced", "outstanding",
    "effective", "current", "active", "licensed", "registered", "graduate", "graduation",
    "post", "diploma", "phd", "mba", "some", "one", "two", "three", "four", "five", "any",
    "experienced", "exceptional", "superb", "required", "requirements", "qualifications",
    "responsibilities", "duties", "skills", "compensation", "equal", "the", "this", "they",
    "candidates", "applicants", "please", "send", "email", "mail", "click", "submit",
    "flexible", "health", "paid", "competitive", "annual", "free", "also", "plus",
    "additional", "desired", "desirable", "ideally", "ideal", "eligibility", "role", "team",
}  # fmt: skip
_GLUE = re.compile(r"(?<=[a-z0-9)%.,:;!?])(?=[A-Z][a-z]+)|(?<=[A-Z]{2})(?=[A-Z][a-z]{2,})")
_CAP_WORD = re.compile(r"[A-Z][a-z]+")
_CONTINUES = re.compile(r"[a-z(),&/]")

# -- requirements ----------------------------------------------------------------------------
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "fifteen": 15}  # fmt: skip
_N = r"(?:\d{1,2}(?:\.\d)?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen)"
_YEARS = re.compile(
    rf"(?:(?:minimum|min\.?|at\s+least|over|more\s+than)\s+(?:of\s+)?)?"
    rf"\(?(?P<n>{_N})\)?\s*(?:\+|plus)?\s*(?:[-–—]|to|or)?\s*(?:{_N}\s*\+?)?\s*"
    r"(?:years?|yrs?)(?:['’]s?)?\b(?!\s+old)",
    re.IGNORECASE,
)
_NICE_CUE = re.compile(
    r"\b(?:preferred|preferably|a\s+plus|is\s+a\s+plus|plus\s+point|an?\s+(?:added\s+)?advantage|"
    r"advantageous|nice[\s\-]to[\s\-]have|good[\s\-]to[\s\-]have|bonus|ideally|desirable|"
    r"desired|would\s+be\s+(?:great|nice|helpful|good)|beneficial|optional|helpful|"
    r"not\s+(?:required|mandatory|essential))\b",
    re.IGNORECASE,
)
_NOT_REQUIREMENT = re.compile(
    r"₹|\$\s?\d|€\s?\d|£\s?\d|\b(?:lpa|ctc|per\s+(?:annum|month|hour|year)|salary|stipend|"
    r"compensation|401\(?k\)?|pto|paid\s+(?:time\s+off|leave|holidays)|mediclaim|"
    r"(?:health|medical|group|dental)\s+(?:insurance|cover)|equal\s+opportunit|eeo|"
    r"regardless\s+of|without\s+regard|provident\s+fund|gratuity|\d+\s+days\s+(?:of\s+)?leave|"
    r"(?:annual|performance|joining|signing|yearly|quarterly)\s+bonus|bonus\s+(?:scheme|plan)|"
    r"vacations|home\s+loan|celebrate\s+diversity|inclusive\s+(?:environment|workplace)|"
    r"discriminat|fee\s+concession|allowance|accommodation\b(?!\s+request)|"
    r"race,|gender\s+identity|sexual\s+orientation|apply\s+(?:now|today|here|via|at|by|through)|"
    r"send\s+(?:your|us)|mail\s+your|email\s+(?:your|us)|click\s+apply|whatsapp|"
    r"reasonable\s+accommodation|relocation\s+(?:support|"
    r"assistance|package)|free\s+(?:lunch|meals|membership|snacks)|gym\s+membership|"
    r"learning\s+allowance|stock\s+options|esops?|wellness)",
    re.IGNORECASE,
)
_CONTACT = re.compile(r"\S+@\S+\.\w+|https?://|www\.", re.IGNORECASE)
_REQUIREMENT_CUE = re.compile(
    r"\b(?:experience|experienced|years?|degree|bachelor|master|phd|diploma|graduate|"
    r"knowledge|proficien|familiar|must|required|requirement|ability|able\s+to|skills?|"
    r"certif|licen[cs]e|fluent|fluency|understanding|background|expertise|expert|"
    r"you\s+(?:have|bring|know|are)|should\s+have|need\s+to|hands[\s\-]on|track\s+record|"
    r"qualified|qualification|strong|excellent|solid|proven)",
    re.IGNORECASE,
)
_DEGREE_WORDS = re.compile(
    r"\b(?:(?:any\s+)?graduat(?:e|ion)(?!\s+(?:trainee|program|scheme|engineer|student|intern))|"
    r"degree\s+(?:in|from|holder)|(?:university|college|academic)\s+degree|"
    r"\bdegree\b)",
    re.IGNORECASE,
)
_FIELDS_AFTER_IN = re.compile(
    r"\b(?:in|of)\s+(?P<fields>[A-Z][^;.\n]{2,120}?)"
    r"(?=\s*(?:,?\s*or\s+(?:a\s+|an\s+|any\s+)?(?:related|equivalent|similar|relevant|other|"
    r"any|allied)|[;.\n(]|,?\s*(?:with|and\s+\d|preferred|required|from)\b|$))",
)
_BROAD_FIELD = re.compile(r"^(?:Science|Arts|Engineering|Technology|Commerce)\s+in\s+")
_CERT_WORDS = re.compile(r"\bcertif|\blicen[cs]e|\blicensed\b|\bregistered\b", re.IGNORECASE)
_CLAUSE_SPLIT = re.compile(r"\s*;\s*|(?<=[a-z0-9)])\.\s+(?=[A-Z])")
# "(Diploma holders with 6+ years may apply)": a way around the requirement, not another one.
_ALTERNATIVE = re.compile(
    r"\s*\([^()]*\b(?:may|can)(?:\s+also)?\s+(?:apply|be\s+considered)[^()]*\)|"
    r"\s*\([^()]*\bor\s+equivalent[^()]*\)",
    re.IGNORECASE,
)
_REQUIRED_TAG = re.compile(r"(\((?:required|preferred|mandatory|must)\))\s+(?=[A-Z])", re.I)
_TAG_ONLY = re.compile(r"\s*(?:preferred|required|mandatory|optional|desired|a\s+plus)\s*", re.I)
_QUALIFIER = re.compile(r"[,;]?\s+(?=(?:ideally|preferably)\b)", re.IGNORECASE)
_PARENTHESES = re.compile(r"\s*\(([^()]{3,})\)")
_ADJECTIVE_YEAR = re.compile(r"\d-year\b(?!s)", re.IGNORECASE)  # "a 3-year LL.B.", not time
_MIN_CHARS = 3
_MAX_TITLE = 90
_SUMMARY_CHARS = 400


def parse_job(text: str, *, title: str | None = None) -> JobPosting:
    """What a posting asks for, read from its text as published (messy text is expected)."""
    lines = _lines(_unglue(text))
    sections = _sectioned(lines)
    posting_title = (title or "").strip() or _title(lines)
    wanted = [(kind, line) for kind, line in sections if kind in ("must", "nice")]
    if not wanted:  # no requirement section: sentences that read like requirements
        wanted = [
            ("must", sentence)
            for kind, line in sections
            if kind in ("", "summary", "must", "info")
            for sentence in _sentences(line)
            if _REQUIREMENT_CUE.search(sentence) and sentence.strip() != posting_title
        ]
    requirements: list[Requirement] = []
    seen: set[tuple[str, str]] = set()
    for kind, line in wanted:
        for clause in _clauses(line):
            for requirement in _requirements(clause, nice=kind == "nice"):
                key = (requirement.kind, requirement.text.lower())
                if key not in seen:
                    seen.add(key)
                    requirements.append(requirement)
    return JobPosting(posting_title, tuple(requirements), _summary(sections, posting_title))


# -- text to lines and sections ---------------------------------------------------------------
def _unglue(text: str) -> str:
    """Put line breaks back where a job board removed them: before inline bullets, and
    between a word and a capitalised word glued to it that starts a sentence or heading
    ("...with SQLExperience with AWS", "RequirementsYou have"), never inside a known skill
    ("JavaScript", "PowerPoint")."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    text = _BULLETS.sub("\n• ", text)
    text = _HYPHEN_BULLET.sub("\n• ", text)
    text = _EEO_SENTENCE.sub("\n", text)
    text = _split_headings(text)
    protected = [(m.start, m.end) for m in find_skills(text)]
    cuts: list[int] = []
    index = 0
    for match in _GLUE.finditer(text):
        at = match.start()
        word = _CAP_WORD.match(text, at)
        if word is None or word.group().lower() not in _STARTERS:
            continue
        while index < len(protected) and protected[index][1] <= at:
            index += 1
        if index < len(protected) and protected[index][0] < at < protected[index][1]:
            continue
        cuts.append(at)
    if not cuts:
        return text
    pieces = [text[start:end] for start, end in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    return "\n".join(pieces)


def _split_headings(text: str) -> str:
    """A known heading glued to what follows it ("Desired Candidate Profile4-8 years",
    "SkillsPython") gets its own line."""
    cuts = []
    for match in _KNOWN_PATTERN.finditer(text):
        written = match.group()
        if not (written.isupper() or written[:1].isupper()):
            continue
        start, end = match.span()
        before = text[start - 1 : start]
        after = text[end : end + 1]
        line_start = text.rfind("\n", 0, start) + 1
        text_before = bool(text[line_start:start].strip(" \t#*•>-"))
        if before and not before.isspace() and not before.isupper():
            cuts.append(start)  # "(BEE)Language:", "teamDesired Candidate"
        elif text_before and (after == ":" or (len(written.split()) > 1 and after != "")):
            cuts.append(start)  # "... Day shift Experience: Selenium", "... Science Nice to have"
        if after == ":":
            cuts.append(end + 1)
        elif after and not after.isspace():
            cuts.append(end)  # "SkillsPython", "Desired Candidate Profile4-8 years"
    cuts = sorted(set(cuts))
    if not cuts:
        return text
    pieces = [text[start:end] for start, end in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    return "\n".join(pieces)


def _lines(text: str) -> list[str]:
    """Lines without their bullets; a line a PDF wrapped ("...may also" / "apply)") is
    joined back to the line it continues."""
    out: list[str] = []
    for raw in text.split("\n"):
        line = raw.strip().strip("*_").strip()
        bulleted = line.startswith("• ") or bool(_LINE_BULLET.match(line))
        line = line[2:].strip() if line.startswith("• ") else _LINE_BULLET.sub("", line)
        if not line:
            continue
        if out and not bulleted and _CONTINUES.match(line) and out[-1][-1:] not in ".:!?":
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def _sectioned(lines: list[str]) -> list[tuple[str, str]]:
    """Each line with the kind of the section it sits in ("" before any heading). A heading
    with text after its colon ("Education: B.E. in ...") gives that text to its section."""
    current = ""
    out: list[tuple[str, str]] = []
    for line in lines:
        heading = _heading(line)
        if heading is None:
            if _EEO_LINE.search(line):
                out.append(("eeo", line))
            else:
                out.append((current, line))
            continue
        kind, rest = heading
        current = kind
        if rest:
            out.append((kind, rest))
    return out


_EEO_LINE = re.compile(r"equal\s+opportunit|\beeo\b|affirmative\s+action", re.IGNORECASE)
_HEADING_WITH_TEXT = re.compile(r"^(?P<head>[A-Za-z][A-Za-z'’&/ \-]{1,50}?)\s*:\s*(?P<rest>.*)$")


def _heading(line: str) -> tuple[str, str] | None:
    """(section kind, text after the heading) if `line` is a heading."""
    plain = line.lstrip("#").strip().strip("*_").strip()
    if not plain:
        return None
    with_text = _HEADING_WITH_TEXT.match(plain)
    if with_text is not None:
        head, rest = with_text.group("head"), with_text.group("rest").strip()
        known = _KNOWN_HEADINGS.get(" ".join(head.lower().split()))
        # "Strong SQL Server skills: queries, ..." is a requirement, not a heading.
        plausible = len(head.split()) <= 4 and not find_skills(head)
        kind = known or (_heading_kind(head, explicit=True) if plausible else None)
        if kind is not None:
            return kind, rest
        if not rest:
            return None
    explicit = line.startswith("#") or (plain.isupper() and len(plain) > 3)
    kind = _heading_kind(plain, explicit=explicit)
    return (kind, "") if kind is not None else None


def _heading_kind(phrase: str, *, explicit: bool) -> str | None:
    key = " ".join(phrase.lower().replace("’", "'").replace("&", "and").strip(" :-–").split())
    if key in _KNOWN_HEADINGS:
        return _KNOWN_HEADINGS[key]
    words = key.split()
    if not words or len(words) > 8 or phrase.rstrip().endswith("."):
        return None
    if key.startswith("about ") and len(words) <= 4 and phrase[:1].isupper():
        return "about"  # "About FitNation"
    for kind, rule in _HEADING_RULES:
        if rule.search(key) and (explicit or _plain_heading_ok(kind, phrase, words)):
            return kind
    return None


def _plain_heading_ok(kind: str, phrase: str, words: list[str]) -> bool:
    """A short capitalised line with no colon is a heading only for sections that are never
    requirements ("Salary & benefits", "How to apply"): "Strong SQL skills" stays a line."""
    return kind in ("benefits", "apply", "eeo") and len(words) <= 5 and phrase[:1].isupper()


def _title(lines: list[str]) -> str:
    """The first line that is not a heading, cut before company, location and pay."""
    for line in lines[:5]:
        if _heading(line) is not None:
            continue
        line = line.lstrip("#").strip()
        plain = re.sub(r"^(?:job\s+title|position|title|role)\s*[:\-–]\s*", "", line, flags=re.I)
        head = re.split(r"\s+[-–—|·]\s+|\s+at\s+|\s*\|\s*|\s*\(", plain, maxsplit=1)[0].strip()
        if len(head) >= 3 and re.search(r"[^\W\d_]", head):
            return head[:_MAX_TITLE].strip()
    return ""  # only headings or punctuation: no title to be found


def _summary(sections: list[tuple[str, str]], title: str) -> str:
    """The posting's own summary, else its opening text, else its duties or "about us"."""
    for wanted in ("summary", "", "responsibilities", "about"):
        text = " ".join(
            line
            for kind, line in sections
            if kind == wanted and not line.lstrip("# ").startswith(title)
        )
        if len(text) > 40:
            return text[:_SUMMARY_CHARS].rsplit(" ", 1)[0] if len(text) > _SUMMARY_CHARS else text
    return ""


def _sentences(line: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", line) if s.strip()]


def _clauses(line: str) -> list[str]:
    """A line cut at semicolons and sentence ends: "Graduate in Commerce; MBA preferred"
    holds a must and a nice. Short fragments stay with the clause before them."""
    line = _REQUIRED_TAG.sub(r"\1;", line)  # "Selenium: 3 years (Required) Java: 2 years"
    asides = [
        m.group(1)
        for m in _PARENTHESES.finditer(line)
        if _NICE_CUE.search(m.group(1)) and not _TAG_ONLY.fullmatch(m.group(1))
    ]
    if asides:  # "Tamil and English (Hindi is a plus)": the aside is its own, lesser clause
        line = _PARENTHESES.sub(lambda m: "" if m.group(1) in asides else m.group(), line)
    line = _QUALIFIER.sub("; ", line)  # "4+ years as a BA, ideally in banking": two clauses
    parts = [p.strip(" ,.") for p in [*_CLAUSE_SPLIT.split(line), *asides]]
    out: list[str] = []
    for part in parts:
        if not part:
            continue
        if out and len(part.split()) < 2:
            out[-1] = f"{out[-1]}; {part}"
        else:
            out.append(part)
    return out


# -- one clause to requirements ------------------------------------------------------------------
def _requirements(clause: str, *, nice: bool) -> list[Requirement]:
    text = _ALTERNATIVE.sub("", clause).strip(" \t|·,;:-–—")
    if len(text) < _MIN_CHARS or _NOT_REQUIREMENT.search(text) or _CONTACT.search(text):
        return []
    importance: Importance = "nice" if nice or _NICE_CUE.search(text) else "must"
    weight = NICE_WEIGHT if importance == "nice" else MUST_WEIGHT
    skills = _unique(m.canonical for m in find_skills(text))
    found: list[Requirement] = []

    def add(kind: str, **fields: Any) -> None:
        found.append(
            Requirement(text=text, kind=kind, importance=importance, weight=weight, **fields)
        )

    years = _years(text)
    if years is not None:
        add("experience", years=years, terms=skills)
    degree = _degree(text)
    if degree is not None:
        add("degree", level=degree[0], subject=degree[1])
    certifications = _unique(m.canonical for m in find_certifications(text))
    if certifications or (_CERT_WORDS.search(text) and years is None and degree is None):
        add("certification", terms=certifications)
    languages = _unique(m.canonical for m in find_languages(text, context=False))
    if languages:
        add("language", terms=languages)
    if found:
        return found
    add("skill" if skills else "other", terms=skills)
    return found


def _years(text: str) -> float | None:
    match = next((m for m in _YEARS.finditer(text) if not _ADJECTIVE_YEAR.search(m.group())), None)
    if match is None:
        return None
    raw = match.group("n").lower()
    value = float(_NUMBER_WORDS[raw]) if raw in _NUMBER_WORDS else float(raw)
    return value if 0 < value <= 40 else None


def _degree(text: str) -> tuple[str, str | None] | None:
    """(lowest level asked, field(s) of study) for a clause that asks for a degree."""
    mentions = find_degrees(text)
    levels = [m.level for m in mentions]
    if _DEGREE_WORDS.search(text):
        levels.append("bachelor")  # "Graduate in Commerce", "a degree in Nursing"
    if not levels:
        return None
    level = min(levels, key=LEVEL_RANK.__getitem__)
    fields = _FIELDS_AFTER_IN.search(text)
    subject = None
    if fields is not None and not re.match(r"any\b", fields.group("fields"), re.I):
        named = _BROAD_FIELD.sub("", fields.group("fields"))  # "Science in Nursing"
        subject = re.sub(r",?\s+or\s*$|\s+and\s*$", "", named).strip(" ,")
        subject = re.split(r",?\s+or\s+an?\s+", subject)[0]  # "..., or a Master's in ..."
        subject = re.sub(r",?\s+or\s+(?=[A-Z])", ", ", subject)
    if not subject:  # a field written out beats one implied by "MCA" or "B.Com"
        written = [m.subject for m in mentions if m.subject and m.subject.lower() in text.lower()]
        subject = next(iter(written), None) or next(
            (m.subject for m in mentions if m.subject), None
        )
    if subject and re.match(r"any\b", subject, re.IGNORECASE):
        subject = None  # "in any stream", "Any Specialization"
    return level, subject


def _unique(names: Any) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))


# -- TOML job specs -----------------------------------------------------------------------------
_TOP_KEYS = {"title", "description", "requirement"}
_REQUIREMENT_KEYS = {"text", "kind", "importance", "weight", "years", "level", "subject", "terms"}


def load_job_spec(path: str | Path) -> JobPosting:
    """Read a TOML job spec: `title`, optional `description`, and `[[requirement]]` tables
    with text, kind, importance, weight, years, level, subject and terms. Validated here, so
    a mistake stops before any screening, naming the file, the line and the fix."""
    path = Path(path)
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read job spec {path}: {exc}", "Check the path") from exc
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"{path}: not valid TOML: {exc}",
            "Fix the syntax at that line: strings need quotes, each requirement starts "
            "with [[requirement]]",
        ) from exc
    spec = _Spec(path, source)
    for key in data:
        if key not in _TOP_KEYS:
            spec.fail(key, None, f"unknown key {key!r}", _suggest(key, _TOP_KEYS))
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        spec.fail("title", None, "needs a title", 'Add a line like: title = "Data Analyst"')
    description = data.get("description", "")
    if not isinstance(description, str):
        spec.fail("description", None, "description must be text", "Put it in quotes")
    tables = data.get("requirement")
    if not isinstance(tables, list) or not tables:
        spec.fail(
            "requirement", None, "lists no requirements",
            'Add one or more [[requirement]] tables, each with text = "..."',
        )  # fmt: skip
    requirements = tuple(spec.requirement(table, index) for index, table in enumerate(tables))
    return JobPosting(title.strip(), requirements, " ".join(description.split()))


class _Spec:
    """Validation of one spec's requirements, with line numbers for every complaint."""

    def __init__(self, path: Path, source: str) -> None:
        self.path = path
        self.lines = source.splitlines()

    def fail(self, key: str, table: int | None, problem: str, hint: str) -> NoReturn:
        where = self._line(key, table)
        what = f"requirement {table + 1}: " if table is not None else ""
        raise ConfigError(f"{self.path}, line {where}: {what}{problem}", hint)

    def requirement(self, table: Any, index: int) -> Requirement:
        if not isinstance(table, dict):
            self.fail("requirement", None, "requirement must be a table",
                      "Write each requirement as a [[requirement]] table")  # fmt: skip
        for key in table:
            if key not in _REQUIREMENT_KEYS:
                self.fail(key, index, f"unknown key {key!r}", _suggest(key, _REQUIREMENT_KEYS))
        text = table.get("text")
        if not isinstance(text, str) or not text.strip():
            self.fail("text", index, "needs text", 'Add: text = "what the job asks for"')
        kind = self._choice(table, index, "kind", KINDS, "skill")
        importance = self._choice(table, index, "importance", ("must", "nice"), "must")
        weight = self._number(table, index, "weight", NICE_WEIGHT if importance == "nice" else 1.0)
        if weight <= 0:
            self.fail("weight", index, f"weight {weight:g} must be above 0",
                      "Use a positive number such as 1.0 (or 0.5 for a lesser one)")  # fmt: skip
        years = self._number(table, index, "years", None) if "years" in table else None
        if kind == "experience" and years is None:
            years = _years(text)
            if years is None:
                self.fail("kind", index, "an experience requirement needs years",
                          "Add: years = 3")  # fmt: skip
        if years is not None and years < 0:
            self.fail("years", index, "years cannot be negative", "Use a number such as 3")
        level = self._level(table, index)
        subject = table.get("subject")
        if subject is not None and not isinstance(subject, str):
            self.fail("subject", index, "subject must be text", 'Write: subject = "Nursing"')
        terms = self._terms(table, index, kind, text, subject)
        return Requirement(
            text=" ".join(text.split()), kind=kind, importance=importance,  # type: ignore[arg-type]
            weight=weight, years=years, level=level, subject=subject, terms=terms,
        )  # fmt: skip

    def _choice(self, table: dict[str, Any], index: int, key: str, allowed: tuple[str, ...],
                default: str) -> str:  # fmt: skip
        value = table.get(key, default)
        if not isinstance(value, str) or value.strip().lower() not in allowed:
            self.fail(key, index, f"{key} {value!r} is not one of {', '.join(allowed)}",
                      f"Use one of: {', '.join(allowed)}")  # fmt: skip
        return str(value).strip().lower()

    def _number(self, table: dict[str, Any], index: int, key: str,
                default: float | None) -> Any:  # fmt: skip
        value = table.get(key, default)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(key, index, f"{key} must be a number, not {value!r}",
                      f"Write it without quotes, e.g. {key} = 2")  # fmt: skip
        return float(value)

    def _level(self, table: dict[str, Any], index: int) -> str | None:
        value = table.get("level")
        if value is None:
            return None
        level = None
        if isinstance(value, str):
            cleaned = value.strip().lower().replace(" ", "_")
            level = cleaned if cleaned in LEVEL_RANK else degree_level(value)
        if level is None:
            self.fail("level", index, f"level {value!r} is not a degree level",
                      f"Use one of: {', '.join(LEVELS)}")  # fmt: skip
        return level

    def _terms(self, table: dict[str, Any], index: int, kind: str, text: str,
               subject: str | None) -> tuple[str, ...]:  # fmt: skip
        raw = table.get("terms")
        if raw is None:  # not given: what the text names, as extraction would find it
            if kind == "certification":
                return _unique(m.canonical for m in find_certifications(text))
            if kind == "language":
                named = [m.canonical for m in find_languages(f"{text} {subject or ''}")]
                return _unique([*named, *filter(None, [canonical_language(subject or "")])])
            return _unique(m.canonical for m in find_skills(text))
        if not isinstance(raw, list) or not all(isinstance(t, str) and t.strip() for t in raw):
            self.fail("terms", index, "terms must be a list of words",
                      'Write: terms = ["python", "sql"]')  # fmt: skip
        lookup = {
            "certification": canonical_certification,
            "language": canonical_language,
        }.get(kind, canonical_skill)
        return _unique(lookup(t) or canonical_skill(t) or t.strip() for t in raw)

    def _line(self, key: str, table: int | None) -> int:
        """The 1-based line of `key` in requirement `table` (or at the top level); the
        table's header line when the key is missing; 1 when nothing better is known."""
        header = re.compile(r"^\s*\[\[\s*requirement\s*\]\]")
        assignment = re.compile(rf"^\s*{re.escape(key)}\s*=")
        current = -1
        header_line = 1
        for number, line in enumerate(self.lines, start=1):
            if header.match(line):
                current += 1
                if current == table:
                    header_line = number
                continue
            if current == (-1 if table is None else table) and assignment.match(line):
                return number
            if key == "requirement" and table is None and header.match(line):
                return number
        if table is None and key == "requirement":
            return max(len(self.lines), 1)
        return header_line


def _suggest(key: str, allowed: set[str]) -> str:
    import difflib

    close = difflib.get_close_matches(key, sorted(allowed), n=1)
    known = ", ".join(sorted(allowed))
    return f"Did you mean {close[0]!r}? Known keys: {known}" if close else f"Known keys: {known}"
