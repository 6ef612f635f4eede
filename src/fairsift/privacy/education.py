"""Graduation years: a year beside a degree, or any year inside the education section.

Employment dates stay: experience is computed from them. Education dates go, because the year
someone graduated tells their age.
"""

from __future__ import annotations

import re

from fairsift.privacy.hits import Hit, iter_lines, starting_with

__all__ = ["find_graduation_years"]

_EDUCATION_HEADING = re.compile(
    r"^\W*(?:education(?:al)?(?:\s+(?:details|background|qualifications?|history|profile))?"
    r"|academic\s+(?:qualifications?|details|background|credentials|profile|record|history)"
    r"|academics|qualifications?|scholastic\s+(?:record|profile)|educational\s+credentials)"
    r"\W*$",
    re.IGNORECASE,
)
_OTHER_HEADING = re.compile(
    r"^\W*(?:(?:work|professional|employment|career|industry|relevant|internship|project|"
    r"technical|key|core|personal|company|skill|additional)\s*)?(?:experience|history|skills?"
    r"|projects?|details|summary|objective|profile|certifications?|certificates|achievements"
    r"|awards|publications|internships?|trainings?|courses|languages|interests|hobbies"
    r"|declaration|references|strengths|responsibilities|activities|accomplishments"
    r"|competencies|expertise|information|employment)\b.{0,30}$",
    re.IGNORECASE,
)
_DEGREE = starting_with(
    r"bmpdahsxgulociBMPDAHSXGULOCI\d\u0130\u0131\u017f",
    r"\b(?i:bachelor'?s?|master'?s?|b\.?\s?tech|m\.?\s?tech|b\.?\s?sc|m\.?\s?sc|b\.?\s?com|m\.?\s?com"
    r"|bba|mba|bca|mca|pgdm|pgdbm|ph\.?\s?d|doctorate|diploma|associate'?s? degree|hsc|ssc"
    r"|h\.s\.c|s\.s\.c|10th|12th|x\s?th|xii\s?th|high school|(?:higher|senior) secondary"
    r"|secondary (?:school|education|certificate)|matriculation|graduated|graduation"
    r"|post[\s-]?graduat\w*|undergraduate|(?<![\d-])degree|b\.?\s?pharm|m\.?\s?pharm|mbbs|ll\.?\s?b|ll\.?\s?m"
    r"|b\.?\s?arch|gcse|a[\s-]levels?|o[\s-]levels?|baccalaur\w+|licenciatura|cbse|icse"
    r"|state board)\b"
    # Short forms only as written for degrees: "B.E.", "M.S.", "BE", "MS" (not "MS Office").
    r"|\b[BM]\.(?:E|S|A|Eng)\b\.?|\b(?:BE|BS|BA|ME|MA|MS|BEng|MEng|BSc|MSc)\b"
    r"(?![ \t]+(?:Office|Excel|Word|SQL|Access|Project|Dynamics|Visio|PowerPoint|Outlook|Teams"
    r"|CRM|Azure|Windows|DOS|Paint|Exchange|Sharepoint|SharePoint|Power))",
)
_YEAR = re.compile(
    r"(?<![\w.])(?:19[5-9]\d|20[0-4]\d)(?![\d.])|(?<=\d{4}[-–/])\d{2}(?!\d)|(?<=['’])\d{2}\b"
)


def find_graduation_years(text: str) -> list[Hit]:
    hits: list[Hit] = []
    in_education = False
    for start, end in iter_lines(text):
        line = text[start:end]
        stripped = line.strip()
        if not stripped:
            continue
        head = stripped[:60]
        if _EDUCATION_HEADING.match(head) or re.match(r"^\W*education\b", head, re.IGNORECASE):
            in_education = True
            # "Education Details May 2013 to May 2017 B.E": the heading may share its line.
        elif _OTHER_HEADING.match(stripped):
            in_education = False
            continue
        if in_education or _DEGREE.search(line):
            for match in _YEAR.finditer(line):
                hits.append(Hit("graduation_year", start + match.start(), start + match.end()))
    return hits
