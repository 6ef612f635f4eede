"""Posting text as a job board delivers it, cut back into lines and sentences.

    raw text ─► HTML remnants out (tags that break lines become line breaks, entities decoded)
             ─► bullets become line starts ─► glued joins cut ("availabilityReduce",
                "outcomes.Technical", "experienceMUST HAVE", ")Some experience")
             ─► lines ─► sentences

Only whitespace is added or removed (and HTML markup, which is not the posting's words), so a
sentence or any part of it stays a quote of the posting with its spaces normalised. Known
skills written in camel case ("JavaScript", "PowerPoint") are never cut.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from fairsift.lexicon import find_skills

__all__ = ["clean", "lines", "sentences", "unglue"]

# Only real HTML tag names: de-identified data uses "<ORGANIZATION>" placeholders as words.
_TAG_NAMES = (
    r"a|abbr|b|big|blockquote|body|br|center|code|div|em|font|h[1-6]|head|hr|html|i|img|li|"
    r"meta|ol|p|pre|section|small|span|strong|sub|sup|table|tbody|td|th|thead|tr|u|ul|dl|dt|dd"
)
_BREAKING_TAG = re.compile(
    r"<\s*/?\s*(?:br|p|div|li|ul|ol|h[1-6]|tr|table|section|hr|dt|dd|blockquote)\b[^<>]*>",
    re.IGNORECASE,
)
_OTHER_TAG = re.compile(rf"<\s*/?\s*(?:{_TAG_NAMES})\b[^<>]*>", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:#\d{1,6}|#x[0-9a-f]{1,6}|[a-z]{2,8});", re.IGNORECASE)
_BULLETS = re.compile(r"[ \t]*(?:[•●▪◦➢►■◆❖✓✔·★☆➤⦿□▸‣⁃]|â\x80¢|â\x9e¢|â\x97\x8f)[ \t]*")
# "... targets -Appoint, manage ...", "... every day. - Versatility", "benefits: - Medical - Dental"
_HYPHEN_BULLET = re.compile(r"(?<=\s)-(?=[A-Z0-9])|(?<=[a-z.:!?)] )[-–](?= [A-Z])")
_LINE_BULLET = re.compile(r"^[ \t]*(?:[-–*+>]|\d{1,2}[.)])[ \t]+")
_CONTINUES = re.compile(r"[a-z(),&/]")

# A sentence end glued to the next sentence: "outcomes.Technical", "practice .You". Not
# "e.g.Python", "U.S.Army", "ASP.NET", "Node.Js" (a capital then a capital or a short word).
_GLUED_STOP = re.compile(
    r"(?:(?<=[\w)\]%'\"’”] )|(?<=[a-z0-9)\]%'\"’”]))[.!?](?=[A-Z][a-z]+|[A-Z]{2,}\s)"
)
_ABBREVIATION = re.compile(
    r"(?:\b[A-Za-z]|e\.g|i\.e|etc|vs|incl|approx|dr|mr|mrs|ms|no|st|inc|ltd|corp|co|llc|gmbh)$",
    re.I,
)
# A word glued to a capitalised word or to an upper-case word: "availabilityReduce",
# "experienceMUST", "Full-timeExperience", "2021-04-22Likes", ")Some".
_JOIN = re.compile(r"(?<=[a-z0-9)\]%:])(?=[A-Z][a-z]+|[A-Z]{3,}\b|[A-Z]{2,}\s)")
_CAPS_JOIN = re.compile(r"(?<=[A-Z]{2})(?=[A-Z][a-z]{2,})")
_WORD_BEFORE = re.compile(r"[A-Za-z][A-Za-z0-9+#.\-]*$")
_LOWER_RUN = re.compile(r"[a-z]{3,}$")
_LONG_LOWER_RUN = re.compile(r"[a-z]{5,}$")
_CAP_WORD = re.compile(r"[A-Z][a-z]+|[A-Z]{2,}")
# Words that open a sentence or a line of a posting; a camel-case word whose second half is
# one of these ("RancherWorking", "SAFeProven") is two words glued together.
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
    "if", "as", "in", "a", "an", "to", "for", "with", "and", "or", "is", "are", "it", "all",
    "highly", "understands", "uses", "knows", "has", "have", "can", "will", "should", "able",
    "date", "company", "industry", "technologies", "type", "level", "remote", "hybrid",
    "office", "full", "part", "contract", "permanent", "pay", "join", "help", "so", "do",
    "be", "by", "on", "up",
}  # fmt: skip
# A bullet list that lost its bullets and line breaks but kept its spaces: "... test software
# applications Maintain systems by ... Create technical specifications". A capitalised verb or
# requirement opener after a lower-case word (not "and", "of", ...) starts a new line.
_OPENERS = (
    "Experience|Knowledge|Strong|Proficiency|Proficient|Ability|Familiarity|Understanding|"
    "Excellent|Solid|Proven|Bachelor's|Bachelors|Bachelor|Master's|Minimum|Must|Hands-on|"
    "Demonstrated|Relevant|Previous|Prior|Exposure|Expertise|Design|Develop|Build|Manage|Lead|"
    "Write|Own|Drive|Ensure|Collaborate|Maintain|Support|Create|Implement|Participate|Conduct|"
    "Prepare|Monitor|Assist|Coordinate|Handle|Provide|Perform|Track|Review|Analyse|Analyze|"
    "Identify|Deliver|Mentor|Coach|Plan|Define|Work|Help|Contribute|Organise|Organize|Report|"
    "Improve|Establish|Deploy|Automate|Troubleshoot|Architect|Investigate|Oversee|Liaise|"
    "Communicate|Promote|Negotiate|Research|Supporting|Participating|Providing|Developing|"
    "Designing|Maintaining|Creating|Working|Assisting|Ensuring|Managing|Leading|Writing"
)
_LOST_BULLET = re.compile(rf"(?<=[a-z0-9)] )(?=(?:{_OPENERS})\b)")
# "... MCA, M.Tech Meridian Data Services is an equal opportunity employer.": the statement
# starts at the employer's name.
_EEO_CLAIM = re.compile(r"\s+is\s+(?:an?\s+|proud\s+to\s+be\s+an?\s+)equal\s+opportunit", re.I)
_NAME_WORD = re.compile(r"(?:[A-Z][\w&.,'’-]*|&|of|and)$")
_PREVIOUS_WORD = re.compile(r"([A-Za-z0-9'’&)]+) $")
_NOT_AFTER = {"and", "or", "of", "the", "with", "in", "to", "for", "a", "an", "&", "on", "by"}
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“(]?[A-Z0-9])")


def clean(text: str) -> str:
    """Line endings, non-breaking spaces and HTML remnants normalised."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "<" in text:
        text = _BREAKING_TAG.sub("\n", text)
        text = _OTHER_TAG.sub(" ", text)
    if "&" in text:
        text = _ENTITY.sub(lambda m: html.unescape(m.group()), text)
    return text.replace("\xa0", " ").replace("\u200b", "").replace("\t", " ")


def unglue(text: str) -> str:
    """Line breaks put back where a job board removed them: before bullets, at sentence ends
    with no space after them, and between a word and the capitalised word glued to it."""
    text = _BULLETS.sub("\n• ", clean(text))
    text = _HYPHEN_BULLET.sub("\n• ", text)
    protected = [(m.start, m.end) for m in find_skills(text)]
    cuts = [m.end() for m in _GLUED_STOP.finditer(text) if _stop_is_real(text, m.start())]
    cuts += [m.start() for m in _LOST_BULLET.finditer(text) if _lost_bullet(text, m.start())]
    cuts += [_employer_start(text, m.start()) for m in _EEO_CLAIM.finditer(text)]
    for match in _CAPS_JOIN.finditer(text):  # "SQLExperience with AWS"
        word = _CAP_WORD.match(text, match.start())
        if word is not None and word.group().lower() in _STARTERS:
            cuts.append(match.start())
    for match in _JOIN.finditer(text):
        at = match.start()
        if _inside(protected, at) or not _join_is_real(text, at):
            continue
        cuts.append(at)
    return _cut(text, cuts)


def lines(text: str, is_heading: Callable[[str], bool] = lambda line: False) -> list[str]:
    """Lines of unglued text without their bullets; a line a PDF wrapped ("...may also" /
    "apply)") is joined back to the line it continues, unless that line is a heading."""
    out: list[str] = []
    gap = False
    for raw in text.split("\n"):
        line = " ".join(raw.split()).strip("*_").strip()
        bulleted = bool(_LINE_BULLET.match(raw)) or raw.lstrip().startswith(("• ", "*"))
        line = line[2:].strip() if line.startswith("• ") else _LINE_BULLET.sub("", line)
        if not line or not re.search(r"\w", line):
            gap = gap or bool(line)  # "Team" / "-" / "player ...": not one line
            continue
        if (
            out
            and not bulleted
            and _CONTINUES.match(line)
            and out[-1][-1:] not in ".:!?"
            and not is_heading(out[-1])
            and not gap
        ):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
        gap = False
    return out


def sentences(line: str) -> list[str]:
    """A line cut at sentence ends (not after "e.g." or an initial)."""
    out: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(line):
        if _ABBREVIATION.search(line[start : match.start() - 1]):
            continue
        out.append(line[start : match.start()].strip())
        start = match.end()
    out.append(line[start:].strip())
    return [s for s in out if s]


def _stop_is_real(text: str, at: int) -> bool:
    before = text[max(0, at - 8) : at].rstrip()
    return not _ABBREVIATION.search(before)


def _join_is_real(text: str, at: int) -> bool:
    """Is the capital at `at` the start of a new sentence glued to the word before it?"""
    prev = text[at - 1]
    if not prev.isalpha():  # "2021-04-22Likes", ")Some experience", "Role:DevOps"
        return True
    word = _WORD_BEFORE.search(text[max(0, at - 60) : at])
    head = word.group() if word else ""
    nxt = _CAP_WORD.match(text, at)
    second = nxt.group() if nxt else ""
    if head[:1].islower():  # "availabilityReduce", "experienceMUST"; not "iPhone", "macOS"
        if second.isupper():
            return bool(_LONG_LOWER_RUN.search(head))
        if len(second) == 2:  # "companySo, if you", "teamWe are"
            return second.lower() in _STARTERS and bool(_LONG_LOWER_RUN.search(head))
        return bool(_LOWER_RUN.search(head))
    # "RancherWorking": a capitalised word glued to a sentence opener; "PowerPoint" is kept.
    if len(second) < 3:  # "LinkedIn", "GitHub"
        return False
    return second.lower() in _STARTERS or second.isupper()


def _employer_start(text: str, at: int) -> int:
    """Where the name before "is an equal opportunity employer" begins (at most 6 words)."""
    words = list(re.finditer(r"\S+", text[max(0, at - 80) : at]))
    start = at
    for word in reversed(words[-6:]):
        if not _NAME_WORD.match(word.group()) or word.group().endswith((".", ",", ":")):
            break
        start = max(0, at - 80) + word.start()
    return start


def _lost_bullet(text: str, at: int) -> bool:
    """Only after a lower-case word that does not lead into a name ("AWS Certified Solutions
    Architect", "skills in Design", "Microsoft Word and Excel" stay whole)."""
    previous = _PREVIOUS_WORD.search(text, max(0, at - 40), at)
    if previous is None:
        return False
    word = previous.group(1)
    return (word[:1].islower() or word[:1].isdigit() or word.endswith(")")) and (
        word.lower() not in _NOT_AFTER
    )


def _inside(spans: list[tuple[int, int]], at: int) -> bool:
    return any(start < at < end for start, end in spans)


def _cut(text: str, cuts: list[int]) -> str:
    if not cuts:
        return text
    cuts = sorted(set(cuts))
    pieces = [text[start:end] for start, end in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    return "\n".join(pieces)
