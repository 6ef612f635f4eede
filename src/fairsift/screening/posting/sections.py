"""Headings of a posting: which part of the posting the lines under them belong to.

A heading names a section kind: "must" and "nice" (requirements), "responsibilities",
"benefits", "about" (the company), "summary" (the role in brief), "apply", "info" (location,
job type, schedule) and "eeo" (equal-opportunity and legal text). Headings are found alone on
a line, with their text after a colon ("Education: B.E. in ..."), and glued to the text around
them ("About usOrbitly", "RequirementsYou have").
"""

from __future__ import annotations

import re

from fairsift.lexicon import find_skills
from fairsift.lexicon.gazetteer import trie_pattern

__all__ = ["KNOWN_HEADINGS", "heading", "split_headings", "title_of"]

KNOWN_HEADINGS: dict[str, str] = {
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
            "licence/certification", "license/certification", "technologies", "tech stack",
            "our stack", "our tech stack", "technical expertise", "must have requirements",
            "technical requirements", "your qualifications", "what you should have",
            "what you need for this position", "minimum required skills",
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
            "key duties", "job duties", "your role", "in this role",
            "day to day", "a day in the life", "what you'll be doing",
            "role overview", "your mission", "what the job involves", "key result areas",
            "responsibilities and duties", "the job", "your impact", "what you will be doing",
            "your tasks", "tasks", "main tasks",
        ],
        "responsibilities",
    ),
    **dict.fromkeys(
        [
            "benefits", "what we offer", "perks", "perks and benefits", "benefits and perks",
            "compensation", "salary", "pay", "package", "why join us", "why work with us",
            "rewards", "what's in it for you", "we offer", "our offer", "compensation and benefits",
            "job benefits", "salary and benefits", "top reasons to work with us",
        ],
        "benefits",
    ),
    **dict.fromkeys(
        ["about us", "about the company", "who we are", "company overview", "our company",
         "the company", "our team", "the team", "about the team", "our story", "overview",
         "company description", "introduction", "what do we do", "what we do"],
        "about",
    ),
    **dict.fromkeys(["job summary", "about the role", "summary", "role summary", "position summary",
                     "the opportunity", "about the job", "about this role", "about the position",
                     "job description", "description", "the role", "role", "position"],
                    "summary"),
    **dict.fromkeys(["how to apply", "to apply", "application process", "apply",
                     "how to apply for this job", "interested"], "apply"),
    **dict.fromkeys(["location", "job type", "job types", "work location", "openings",
                     "ability to commute", "employment type", "schedule", "work mode",
                     "shift", "start date", "reports to", "job details", "contract",
                     "date posted", "experience level", "industry", "company size",
                     "company type", "remote", "working hours"], "info"),
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
                                    r"day[\s\-]to[\s\-]day|in this role|your role|tasks|"
                                    r"mission|involves|\bkras?\b", re.I)),
    ("must", re.compile(r"require|qualif|must|skill|need|looking for|ideal candidate|you have|"
                        r"you bring|about you|who you are|profile|eligib|experience|education|"
                        r"competenc|expertise|knowledge|prerequisite|criteria|background", re.I)),
    ("summary", re.compile(r"summary|opportunity|(?:job|role|position) (?:overview|description)",
                           re.I)),
    ("about", re.compile(r"^about\b|who we are|company|our team|the team|overview|our story",
                         re.I)),
]  # fmt: skip
_KNOWN_PATTERN = re.compile(
    r"(?:(?<![A-Za-z'’])|(?-i:(?<=[a-z])(?=[A-Z])))(?:"
    + trie_pattern([k.replace(" and ", " & ") for k in KNOWN_HEADINGS] + list(KNOWN_HEADINGS))
    + r")(?=(?-i:[A-Z0-9(])|:|[ \t]*(?:\n|$)|[ \t]+(?:[-–•$€£]|(?-i:[A-Z])))",
    re.IGNORECASE,
)
_HEADING_WITH_TEXT = re.compile(r"^(?P<head>[A-Za-z][A-Za-z'’&/ \-]{1,50}?)\s*:\s*(?P<rest>.*)$")
_MAX_TITLE = 90
_TITLE_CASE = re.compile(
    r"(?:[A-Z][\w'’]*|and|&|to|of|for|the|a|you|we)(?:\s+(?:[A-Z][\w'’]*|and|&|to|of|for|the|a))+"
)
_NEXT_CAP = re.compile(r"[ \t]+(?=[A-Z$€£\-–•])")
_TITLE_WORDS = 10
_TITLE_SMALL = {"of", "and", "&", "for", "in", "the", "to", "/", "-", "–"}


def split_headings(text: str) -> str:
    """A known heading glued to what follows it ("Desired Candidate Profile4-8 years",
    "SkillsPython", "About usOrbitly") gets its own line."""
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
        elif (
            len(written.split()) > 1
            and _TITLE_CASE.fullmatch(written)
            and _NEXT_CAP.match(text, end)
        ):
            cuts += [start, end]  # "... Startup What You Will Be Doing We emphasize ..."
        elif after.isspace() and not re.match(r"[ \t]*(?:\n|$)", text[end:]):
            continue  # "Experience Python": a word, not a heading
    cuts = sorted(set(cuts))
    if not cuts:
        return text
    pieces = [text[start:end] for start, end in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    return "\n".join(pieces)


def heading(line: str) -> tuple[str, str] | None:
    """(section kind, text after the heading) if `line` is a heading."""
    plain = line.lstrip("#").strip().strip("*_").strip()
    if not plain:
        return None
    with_text = _HEADING_WITH_TEXT.match(plain)
    if with_text is not None:
        head, rest = with_text.group("head"), with_text.group("rest").strip()
        known = KNOWN_HEADINGS.get(" ".join(head.lower().split()))
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
    if key in KNOWN_HEADINGS:
        return KNOWN_HEADINGS[key]
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


def title_of(lines: list[str]) -> str:
    """The first line that is not a heading, cut before company, location and pay; a line
    under a heading of requirements, duties or the company is never the title."""
    for line in lines[:3]:
        found = heading(line)
        if found is not None and found[0] not in ("summary", "info"):
            return ""
        if found is not None:
            continue
        line = line.lstrip("#").strip()
        plain = re.sub(r"^(?:job\s+title|position|title|role)\s*[:\-–]\s*", "", line, flags=re.I)
        head = re.split(r"\s+[-–—|·]\s+|\s+at\s+|\s*\|\s*|\s*\(", plain, maxsplit=1)[0].strip()
        if len(head.split()) > _TITLE_WORDS:
            head = _glued_title(head)  # "Remote Software Developer Precision is king when ..."
        if len(head) >= 3 and re.search(r"[^\W\d_]", head):
            return head[:_MAX_TITLE].strip()
    return ""  # only headings or punctuation: no title to be found


def _glued_title(line: str) -> str:
    """The title at the head of a posting that lost its line breaks: the leading run of
    capitalised words, less the last one, which opens the first sentence."""
    words = line.split()
    run = 0
    while run < len(words) and (words[run][:1].isupper() or words[run] in _TITLE_SMALL):
        run += 1
    if run >= len(words) or run < 3 or run > _TITLE_WORDS + 1:
        return ""
    return " ".join(words[: run - 1])
