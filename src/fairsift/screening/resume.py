"""Resume understanding: sections, dated roles, experience in months, education, skills.

    text ─► headings ─► sections ─► date ranges ─► work roles (education and project dates
    are not work) ─► merged months in total and per skill; degrees, skills, certifications,
    languages found by the lexicon.

Every part keeps its [start, end) span in the text it was given, so a reviewer can be shown
where each figure came from. Open-ended roles run to `as_of`, which the caller passes in.
"""

from __future__ import annotations

import bisect
import datetime
import re
from dataclasses import dataclass

from fairsift.lexicon import (
    DegreeMention,
    Mention,
    canonical_skill,
    find_certifications,
    find_degrees,
    find_languages,
    find_skills,
)
from fairsift.lexicon.headings import Heading, HeadingFinder
from fairsift.screening.dates import DateRange, find_date_ranges, month_index

__all__ = [
    "Profile",
    "Role",
    "Section",
    "SkillStatement",
    "merged_months",
    "parse_resume",
    "skill_months",
]

_HEADINGS = {
    "experience": [
        "experience", "work experience", "professional experience", "employment history",
        "employment details", "employment", "work history", "career history",
        "experience details", "company details", "relevant experience", "industry experience",
        "industrial experience", "professional background", "work profile", "job history",
        "internships", "internship", "internship experience", "organizational experience",
        "organisational experience", "detail experiences", "detailexperiences",
        "experience summary", "career progression", "positions held", "working experience",
        "professional history", "previous experience", "total experience", "work details",
        "employment record", "job experience",
    ],
    "education": [
        "education", "education details", "educational details", "educational qualification",
        "educational qualifications", "academic qualification", "academic qualifications",
        "qualification", "qualifications", "academic details", "academics", "academic profile",
        "academic background", "educational background", "scholastic profile",
        "education and training", "academic credentials", "educational credentials",
        "education qualification", "academia",
    ],
    "skills": [
        "skills", "skill details", "technical skills", "key skills", "core skills",
        "core competencies", "competencies", "areas of expertise", "expertise",
        "technical expertise", "it skills", "computer skills", "computer skill",
        "computer knowledge", "software skills", "technical proficiency", "skill set",
        "skillset", "skills summary", "tools and technologies", "technologies",
        "technical summary", "soft skills", "personal skills", "professional skills",
        "key competencies", "strengths", "technical knowledge", "software known", "tools",
        "technical skill set", "technical skills summary", "skills and abilities",
        "skills and competencies", "it proficiency", "software proficiency",
    ],
    "projects": [
        "projects", "project details", "academic projects", "academic project",
        "key projects", "personal projects", "project experience", "projects undertaken",
        "project profile", "projects handled", "major projects", "mini project",
        "final year project", "projects done", "project", "project undertaken",
    ],
    "certifications": [
        "certifications", "certification", "certificates", "licenses and certifications",
        "licences and certifications", "licenses", "licences", "certifications and trainings",
        "trainings", "training", "courses", "courses and certifications",
        "professional certifications", "training and certifications", "workshops",
        "trainings attended", "certification courses", "additional qualifications",
        "other qualifications", "professional development",
    ],
    "summary": [
        "summary", "professional summary", "career summary", "profile summary", "profile",
        "career objective", "objective", "objectives", "about me", "executive summary",
        "personal summary", "overview", "professional profile", "career profile", "synopsis",
        "professional overview", "summary of qualifications",
    ],
    "languages": [
        "languages", "languages known", "language skills", "linguistic ability",
        "language proficiency", "language",
    ],
    "achievements": [
        "achievements", "awards", "honors", "honours", "accomplishments",
        "awards and achievements", "achievements and awards", "extra curricular activities",
        "extracurricular activities", "co curricular activities", "activities",
        "technical activities", "key achievements", "honors and awards",
    ],
    "personal": [
        "personal details", "personal information", "personal profile", "personal data",
        "hobbies", "interests", "hobbies and interests", "areas of interest", "declaration",
        "references", "contact", "contact details", "personal strength", "personal strengths",
    ],
    "publications": ["publications", "research papers", "papers published"],
}  # fmt: skip
_FINDER = HeadingFinder(
    {phrase: name for name, phrases in _HEADINGS.items() for phrase in phrases},
    inline=frozenset({"education", "skills", "certifications", "languages", "summary"}),
)
_NOT_WORK = {"education", "projects", "certifications", "achievements", "personal", "skills",
             "languages", "publications"}  # fmt: skip
_SCHOOLING = re.compile(
    r"\b(?:universit|college|school|institut|academy|board|cgpa|gpa|semester|polytechnic|"
    r"percentage|graduat|schooling|b\.?\s?tech|m\.?\s?tech|diploma|degree)|\d\s?%",
    re.IGNORECASE,
)
_PROJECT = re.compile(r"\bproject\s*(?:title|name)?\s*[:\-–]|\bproject\b", re.IGNORECASE)
_WORK_CUE = re.compile(
    r"\b(?:work(?:ed|ing)?|employ|company|compan|pvt|ltd|limited|inc\b|llp|llc|corp|"
    r"engineer|developer|manager|analyst|consultant|executive|officer|intern|associate|"
    r"lead|designer|administrator|specialist|assistant|advocate|teacher|trainer)",
    re.IGNORECASE,
)
_TITLE_WORDS = re.compile(
    r"\b(?:engineer|developer|programmer|manager|analyst|consultant|intern|designer|"
    r"scientist|architect|lead|administrator|specialist|officer|executive|assistant|associate|"
    r"coordinator|director|head|nurse|teacher|lecturer|professor|accountant|advocate|lawyer|"
    r"attorney|counsel|trainer|technician|supervisor|representative|tester|clerk|"
    r"recruiter|generalist|operator|agent|owner|founder|partner|president|chef|instructor|"
    r"coach|therapist|pharmacist|physician|doctor|editor|writer|artist|fellow|trainee|"
    r"apprentice|foreman|surveyor|draughtsman|draftsman|auditor|controller|planner|buyer|"
    r"merchandiser|strategist|researcher|advisor|adviser|secretary|receptionist|cashier|"
    r"dba|sde|sre|qa)s?\b",
    re.IGNORECASE,
)
_TITLE_CUT = re.compile(r"\s+(?:at|@|with|in)\s+|\s*[|,;–—(]\s*|\s+-\s+|\s{2,}|\t", re.I)
_MOJIBAKE = re.compile(r"â[\x80-\x9f][\x80-\xbf]|[•➢●▪■❖►◆✓✔]")  # bullets read as cp1252
_TITLE_END = (
    r"(?=\s*(?:[.,;(|\[\n]|$|\s[-–—]\s|\s{2,}|\s+(?:at|in|with|for|from|since)\b"
    r"|\s+[A-Z][a-z]+\s*:))"
)
_LABELLED_TITLE = re.compile(
    rf"\b(?:role|position|designation|job\s+title)\s*[:\-–]?\s+(?P<title>[A-Z][^\n]{{2,50}}?){_TITLE_END}",
    re.IGNORECASE,
)
_AS_TITLE = re.compile(
    rf"\b(?:as|worked\s+as|working\s+as)\s+(?:an?\s+)?(?P<title>[A-Z][^\n]{{2,50}}?){_TITLE_END}",
    re.IGNORECASE,
)
_TITLE_LEAD = re.compile(
    r"^(?:(?:currently\s+)?(?:worked|working|work)\s+as\s+(?:an?\s+)?|as\s+(?:an?\s+)?|"
    r"(?:role|position|designation)\s*[:\-–]?\s*)",
    re.IGNORECASE,
)
_COMPANY = re.compile(
    r"\b(?:pvt|private|ltd|limited|inc|llc|llp|corp|corporation|company|co\.|group|"
    r"technologies|solutions|services|systems|industries|enterprises?)\b",
    re.IGNORECASE,
)
_HEADER_LINES = 2
_LABEL_REACH = 400
_HEADER_CHARS = 90
_BULLET_START = re.compile(r"\s*(?:[*•➢●▪■❖►◆✓✔·]|â\x80¢|â\x9e¢|-\s)")

# "Python- Exprience - 24 months" (the dataset's Skill Details), "Java: 5 years",
# "5+ years of Java", "3 yrs experience with AWS and Azure", "18 months of React".
_NUMBER = r"(?P<n>\d{1,2}(?:\.\d)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_UNIT = r"(?P<unit>years?|yrs?|months?|mos?)\b"
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}  # fmt: skip
_SKILL_DETAIL = re.compile(
    r"^(?P<skill>[^\n]{1,200}?)\s*-\s*Exp[a-z]*\s*-\s*"
    r"(?:(?P<months>\d{1,3})|(?P<less>less\s+than\s+1\s+year))\s*months?",
    re.IGNORECASE | re.MULTILINE,
)
_AMOUNT_FIRST = re.compile(
    rf"\b{_NUMBER}\s*\+?\s*(?:plus\s+)?{_UNIT}(?:\s+(?P<more>and\s+\d{{1,2}}\s+months?))?"
    r"(?P<tail>(?:\s+(?:of|in|with|on|using|as|doing|working|hands[\s\-]on|professional|"
    r"work|industry|relevant|solid|strong|proven|extensive|overall|total|commercial|"
    r"practical|experience|exp\.?|expertise|programming|development|developing|coding))*)",
    re.IGNORECASE,
)
_AMOUNT_AFTER = re.compile(
    rf"\s*(?:[:(\-–]|for|since)?\s*(?:over\s+|about\s+|around\s+|~\s*)?{_NUMBER}\s*\+?\s*{_UNIT}",
    re.IGNORECASE,
)
_TOTAL_WORDS = re.compile(r"experience|exp\b|industry|professional|overall|total|career", re.I)
_CLAUSE_END = re.compile(r"[.;\n]|\s(?:and\s+)?\d{1,2}\s*\+?\s*(?:years?|yrs?)\b", re.I)


@dataclass(frozen=True, slots=True)
class Section:
    """A section: its name ("experience", "education", "skills", "projects",
    "certifications", "summary", "languages", "achievements", "personal", "publications",
    or "top" for text before the first heading), the heading as written, and its spans:
    [start, end) for the whole section, `body` where the text after the heading begins."""

    name: str
    heading: str
    start: int
    body: int
    end: int


@dataclass(frozen=True, slots=True)
class Role:
    """A dated work role: its title when one is written near the dates, the dates, and
    `span`, the role's block (header lines, dates and the bullets under them)."""

    title: str | None
    dates: DateRange
    span: tuple[int, int]
    skills: frozenset[str] = frozenset()

    @property
    def months(self) -> int:
        return self.dates.months

    @property
    def date_span(self) -> tuple[int, int]:
        return self.dates.span


@dataclass(frozen=True, slots=True)
class SkillStatement:
    """An explicit claim of experience: "Python- Exprience - 24 months", "5 years of Java".
    `canonical` is the skill, or "" for experience in general ("8 years of experience")."""

    canonical: str
    months: int
    start: int
    end: int


@dataclass(frozen=True)
class Profile:
    """What fairsift understood of one resume. Spans point into the parsed text."""

    sections: tuple[Section, ...]
    roles: tuple[Role, ...]
    total_months: int
    education: tuple[DegreeMention, ...]
    skills: tuple[Mention, ...]
    certifications: tuple[Mention, ...]
    languages: tuple[Mention, ...]
    statements: tuple[SkillStatement, ...] = ()
    other_dates: tuple[DateRange, ...] = ()  # education and project periods: not work

    def section(self, name: str) -> Section | None:
        """The first section called `name`, or None."""
        return next((s for s in self.sections if s.name == name), None)


def parse_resume(text: str, *, as_of: datetime.date) -> Profile:
    """Understand one resume's text. Pure: the same text and `as_of` give the same Profile."""
    sections = _sections(text)
    skills = find_skills(text)
    degrees = find_degrees(text)
    degree_starts = [d.start for d in degrees]
    roles: list[Role] = []
    other: list[DateRange] = []
    work: list[tuple[DateRange, Section]] = []
    for found in find_date_ranges(text, as_of=as_of):
        section = _section_at(sections, found.span[0])
        lo, hi = _line_bounds(text, *found.span)
        has_degree = bisect.bisect_left(degree_starts, lo) < bisect.bisect_left(degree_starts, hi)
        if _is_work(text[lo:hi], section, has_degree):
            work.append((found, section))
        else:
            other.append(found)
    skill_starts = [m.start for m in skills]
    for index, (dates, section) in enumerate(work):
        start = _block_start(text, dates, section, work[index - 1][0] if index else None)
        if index + 1 < len(work) and work[index + 1][1] is section:
            nxt = work[index + 1][0]
            end = _block_start(text, nxt, section, dates)
        else:
            end = section.end
        end = max(end, dates.span[1])
        first = bisect.bisect_left(skill_starts, start)
        last = bisect.bisect_left(skill_starts, end)
        block_skills = frozenset(m.canonical for m in skills[first:last])
        roles.append(Role(_title(text, start, end, dates), dates, (start, end), block_skills))
    statements = _statements(text, skills)
    total = merged_months([r.dates for r in roles]) if roles else _stated(statements, "")
    education_sections = [s for s in sections if s.name == "education"]
    education = [
        d for d in degrees if any(s.start <= d.start < s.end for s in education_sections)
    ] or degrees
    return Profile(
        sections=tuple(sections),
        roles=tuple(roles),
        total_months=total,
        education=tuple(education),
        skills=tuple(skills),
        certifications=tuple(find_certifications(text)),
        languages=tuple(find_languages(text)),
        statements=tuple(statements),
        other_dates=tuple(other),
    )


def skill_months(profile: Profile, skill: str) -> int:
    """Months of experience with `skill` (any alias): the merged months of the roles whose
    block mentions it, or what the resume states outright ("Python- Exprience - 24 months",
    "5 years of Java"), whichever is larger."""
    canonical = canonical_skill(skill) or skill
    dated = merged_months([r.dates for r in profile.roles if canonical in r.skills])
    return max(dated, _stated(profile.statements, canonical))


def _stated(statements: tuple[SkillStatement, ...] | list[SkillStatement], skill: str) -> int:
    return max((s.months for s in statements if s.canonical == skill), default=0)


def merged_months(ranges: list[DateRange]) -> int:
    """Months covered by `ranges`, counting overlapping months once."""
    intervals = sorted(
        (month_index(r.start), month_index(r.start) + r.months) for r in ranges if r.months > 0
    )
    total = 0
    current_start, current_end = -1, -1
    for start, end in intervals:
        if start > current_end:
            total += current_end - current_start
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    return total + current_end - current_start


def _sections(text: str) -> list[Section]:
    headings: list[Heading] = _FINDER.find(text)
    sections: list[Section] = []
    first = headings[0].start if headings else len(text)
    if first > 0 and text[:first].strip():
        sections.append(Section("top", "", 0, 0, first))
    for index, heading in enumerate(headings):
        end = headings[index + 1].start if index + 1 < len(headings) else len(text)
        sections.append(Section(heading.name, heading.text, heading.start, heading.body, end))
    if not sections:
        sections.append(Section("top", "", 0, 0, len(text)))
    return sections


def _section_at(sections: list[Section], offset: int) -> Section:
    for section in reversed(sections):
        if section.start <= offset:
            return section
    return sections[0]


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    return lo, len(text) if hi < 0 else hi


def _is_work(line: str, section: Section, has_degree: bool) -> bool:
    """Dated work, not schooling or a project: by section, then by the words on its line."""
    if section.name in _NOT_WORK:
        return False
    if has_degree or _SCHOOLING.search(line):
        return section.name == "experience" and bool(_WORK_CUE.search(line))
    # A dated line naming a project outside the experience section is a project, not a job.
    return section.name == "experience" or not _PROJECT.search(line)


def _block_start(text: str, dates: DateRange, section: Section, previous: DateRange | None) -> int:
    """Where a role's block begins: its date line, or up to two short header lines above it
    (title, company), never before the section or the previous role's date line."""
    floor = max(section.body, previous.span[1] if previous else section.body)
    start = text.rfind("\n", 0, dates.span[0]) + 1
    start = max(start, floor)
    for _ in range(_HEADER_LINES):
        if start <= floor:
            break
        above_end = start - 1
        above_start = max(text.rfind("\n", 0, above_end) + 1, floor)
        above = text[above_start:above_end]
        if not above.strip():
            break  # a blank line separates this role from what came before
        if len(above) > _HEADER_CHARS or _BULLET_START.match(above) or above.rstrip()[-1:] == ".":
            break
        start = above_start
    return start


def _title(text: str, start: int, end: int, dates: DateRange) -> str | None:
    """A job title written in the role's header: on the date line or the lines above it."""
    header_end = text.find("\n", dates.span[1])
    header_end = len(text) if header_end < 0 else header_end
    header = text[start:header_end]
    first_line_end = text.find("\n", header_end + 1)
    following = text[header_end + 1 : first_line_end if first_line_end > 0 else len(text)]
    lines = header.split("\n")
    if len(following) <= _HEADER_CHARS and not _BULLET_START.match(following):
        lines.append(following)  # "Acme Corp, 2019 - present\nSenior Engineer"
    date_text = text[dates.span[0] : dates.span[1]]
    header_text = _MOJIBAKE.sub(" ", "\n".join(lines).replace(date_text, " "))
    for pattern in (_LABELLED_TITLE, _AS_TITLE):
        for match in pattern.finditer(header_text):
            title = _clean_title(match.group("title"))
            if title and (pattern is _LABELLED_TITLE or _TITLE_WORDS.search(title)):
                return title
    block = _MOJIBAKE.sub(" ", text[start : min(end, start + _LABEL_REACH)])
    for match in _LABELLED_TITLE.finditer(block):  # "Designation: Team Lead" further down
        title = _clean_title(match.group("title"))
        if title:
            return title
    for line in header_text.split("\n"):
        for piece in _TITLE_CUT.split(line):
            title = _clean_title(piece)
            if title and _TITLE_WORDS.search(title) and not _COMPANY.search(title):
                return title
    return None


def _clean_title(piece: str) -> str | None:
    title = _TITLE_LEAD.sub("", piece.strip(" \t:-–—()[]*•.,;|")).strip(" \t:-–—()[]*•.,;|")
    return title if 2 < len(title) <= 60 else None


def _statements(text: str, skills: list[Mention]) -> list[SkillStatement]:
    found: list[SkillStatement] = []
    starts = [m.start for m in skills]
    for match in _SKILL_DETAIL.finditer(text):
        months = int(match.group("months")) if match.group("months") else 6  # "less than 1 year"
        phrase = match.group("skill").strip(" -*•")
        whole = canonical_skill(phrase)
        if whole is not None:
            found.append(SkillStatement(whole, months, match.start("skill"), match.end()))
            continue
        first = bisect.bisect_left(starts, match.start("skill"))
        last = bisect.bisect_left(starts, match.end("skill"))
        for mention in skills[first:last]:  # "Python, MySQL, JavaScript- Exprience - 24 months"
            found.append(SkillStatement(mention.canonical, months, mention.start, match.end()))
    for match in _AMOUNT_FIRST.finditer(text):
        months = _months_of(match)
        if months <= 0:
            continue
        clause_end = _CLAUSE_END.search(text, match.end(), match.end() + 120)
        stop = clause_end.start() if clause_end else min(len(text), match.end() + 120)
        named = skills[bisect.bisect_left(starts, match.end()) : bisect.bisect_left(starts, stop)]
        tail = match.group("tail") or ""
        if named and tail.strip():
            for mention in named:
                found.append(SkillStatement(mention.canonical, months, match.start(), mention.end))
        if _TOTAL_WORDS.search(tail):  # "8 years of experience (in GST)": experience overall
            found.append(SkillStatement("", months, match.start(), match.end()))
    for mention in skills:  # "Java: 5 years", "Python (3 yrs)"
        after = _AMOUNT_AFTER.match(text, mention.end)
        if after is not None:
            months = _months_of(after)
            if months > 0:
                found.append(SkillStatement(mention.canonical, months, mention.start, after.end()))
    found.sort(key=lambda s: (s.start, s.canonical))
    return found


def _months_of(match: re.Match[str]) -> int:
    raw = match.group("n").lower()
    amount = float(_WORDS[raw]) if raw in _WORDS else float(raw)
    unit = match.group("unit").lower()
    months = amount if unit.startswith("mo") else amount * 12
    extra = match.groupdict().get("more")
    if extra:
        months += int(re.search(r"\d+", extra).group())  # type: ignore[union-attr]
    if months > 50 * 12:
        return 0
    return round(months)
