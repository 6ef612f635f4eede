"""Labelled personal fields ("Date of Birth: ...", "Gender - Male", "Address: ...") and the
phrases that carry the same facts without a label (pronouns, titles, "born on", "aged 27")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from fairsift.privacy.hits import Hit, starting_with, trimmed

__all__ = ["Field", "find_fields"]


@dataclass(frozen=True, slots=True)
class Field:
    """A labelled value: the hit, and the label's own kind name (for name propagation)."""

    hit: Hit
    label: str


# label regex -> (kind, value rule). Value rules: "line" = to the end of the value,
# "digits" = must start with a digit, "handle" = one token, "phone" = needs 6+ digits,
# "gender"/"marital" = must start with a known value word, "year" = mask only the years in it.
_LABELS: list[tuple[str, str, str]] = [
    (
        r"(?:full|candidate'?s?|applicant'?s?|first|last|given|family|middle|sur|"
        r"father'?s?|mother'?s?|husband'?s?|wife'?s?|spouse'?s?|guardian'?s?|parent'?s?)"
        r"\s*name|name(?:\s+of\s+(?:the\s+)?candidate)?",
        "name",
        "line",
    ),
    (
        r"d\.?\s?o\.?\s?b\.?|date\s+of\s+birth|birth\s*date|birth\s*day|born(?:\s+on)?"
        r"|date\s*(?:&|and)\s*place\s+of\s+birth",
        "date_of_birth",
        "line",
    ),
    (r"place\s+of\s+birth|birth\s*place", "location", "line"),
    (r"age", "age", "digits"),
    (r"(?:sex|gender)\s*/\s*age|age\s*/\s*(?:sex|gender)", "gender", "line"),
    (r"gender|sex", "gender", "gender"),
    (r"(?:preferred\s+)?pronouns?", "gender", "line"),
    (r"marital\s+status|martial\s+status|civil\s+status|marital", "marital_status", "line"),
    (r"nationality|citizenship|citizen\s+of|national\s+origin", "nationality", "line"),
    (r"religion|caste|sub[\s-]?caste|faith|community", "religion", "line"),
    (
        r"(?:permanent|present|current|residential|home|postal|mailing|correspondence|local"
        r"|communication|contact|street)?\s*address(?:\s+for\s+(?:communication|correspondence))?"
        r"|(?:current|present|preferred|home|residential)?\s*location|residence|hometown|home"
        r"|home\s*town|native\s+place|native\s+of|place|city|town|district|state|province"
        r"|county|country|domicile|(?:pin|zip|postal|post)\s*(?:code)?|pincode",
        "address",
        "line",
    ),
    (
        r"(?:phone|mobile|mob|cell|tel|telephone|contact|whats\s?app|ph)\.?"
        r"\s*(?:no\.?|number|#)?",
        "phone",
        "phone",
    ),
    (
        r"linkedin|github|gitlab|bitbucket|portfolio|website|homepage|personal\s+site|blog"
        r"|twitter|instagram|facebook|skype(?:\s+id)?|telegram|kaggle|behance|dribbble|medium"
        r"|stack\s*overflow|leetcode|hackerrank|indeed",
        "url",
        "handle",
    ),
    (r"photo(?:graph)?|picture|headshot|image", "photo", "line"),
    (
        r"passport(?:\s+(?:no\.?|number|details))?|pan(?:\s+(?:no\.?|number|card))?"
        r"|aadha?ar(?:\s+(?:no\.?|number|card))?|ssn|social\s+security(?:\s+(?:no\.?|number))?"
        r"|national\s+id(?:\s+(?:no\.?|number))?|driving\s+licen[cs]e(?:\s+(?:no\.?|number))?"
        r"|visa\s+(?:no\.?|number)",
        "id_number",
        "line",
    ),
    (
        r"year\s+of\s+(?:passing|graduation|completion|pass\s*out)|passing\s+year|pass(?:ed)?"
        r"[\s-]?out(?:\s+year)?|graduation\s+(?:year|date)|year\s+of\s+graduation|class\s+of"
        r"|batch(?:\s+of)?|convocation",
        "graduation_year",
        "year",
    ),
]

_SEP = r"[ \t]*(?:[:=]|[-–—](?!\w)|\s[-–—]|\t|\s{2,})[ \t]*"
_START = r"(?:^|(?<=[|•;\t·])|(?<=\s\s)|(?<=,\s))[ \t]*[-*•·>#]*[ \t]*"
_RULES = [(kind, rule) for _, kind, rule in _LABELS]
# One pass over the text for every label: group "l<i>" is label i of _LABELS.
# Where a label may start: a line start or just after a separator.
_SLOT = re.compile(_START + "(?=[A-Za-z])", re.MULTILINE)
_LABEL_RE = re.compile(
    "(?:"
    + "|".join(f"(?P<l{i}>{label})" for i, (label, _, _) in enumerate(_LABELS))
    # "Address(es)", "Telephone(s)": the Europass plurals.
    + rf")(?:\((?:e?s)\))?(?:{_SEP}|[ \t]+(?=\d)|(?=[ \t]*$))",
    re.IGNORECASE | re.MULTILINE,
)
# Labels whose value may follow a plain space ("DOB 12/05/1990", "Age 27", "Gender Male").
_LOOSE_LABELS = [
    (r"d\.?o\.?b\.?|date\s+of\s+birth", "date_of_birth", "digits"),
    (r"age", "age", "digits"),
    (r"gender|sex", "gender", "gender"),
    (r"nationality", "nationality", "line"),
    (r"marital\s+status|martial\s+status", "marital_status", "line"),
]
_LOOSE_RULES = [(kind, rule) for _, kind, rule in _LOOSE_LABELS]
_LOOSE_RE = re.compile(
    r"(?:"
    + "|".join(f"(?P<l{i}>{label})" for i, (label, _, _) in enumerate(_LOOSE_LABELS))
    + r")[ \t]+(?=\S)",
    re.IGNORECASE | re.MULTILINE,
)
# A label alone on its line takes the next line as its value ("Address\n12 Baker Street").
_NEXT_LINE_KINDS = {"address", "name", "date_of_birth", "nationality", "location"}
_VALUE_END = re.compile(r"\s*\|\s*|\t|\s{3,}|\s•\s|;\s")
_GENDER_VALUE = re.compile(
    r"(?:male|female|man|woman|m|f|other|non[\s-]?binary|transgender|trans|genderqueer"
    r"|prefer not to say|undisclosed|x)\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<!\d)(?:19[4-9]\d|20[0-4]\d)(?!\d)|(?<=[-–/'’])\d{2}(?!\d)")
_DIGITS6 = re.compile(r"\d[\d \-–().]{4,}\d")

_PRONOUNS = starting_with(
    r"shtzxe",
    r"\b(?:she|he|they|ze|xe|ey)\s*/\s*(?:her|him|them|hers|his|theirs|zir|hir|xem|em)"
    r"(?:\s*/\s*(?:hers|his|theirs|hirs|xyrs|zirs|hers|hir|xem|them))?\b",
    re.IGNORECASE,
)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# The date forms people write: 12/05/1990, 1990-05-12, 12.05.90, 12th May 1990, May 12, 1990,
# May 1990, 1990.
DATE = (
    r"(?:\d{1,2}[./\-]\d{1,2}[./\-](?:19|20)?\d\d|(?:19|20)\d\d[./\-]\d{1,2}[./\-]\d{1,2}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?[ \t]+(?:of[ \t]+)?{_MONTH},?[ \t]+(?:19|20)\d\d"
    rf"|{_MONTH}[ \t]+\d{{1,2}}(?:st|nd|rd|th)?,?[ \t]+(?:19|20)\d\d"
    rf"|{_MONTH},?[ \t]+(?:19|20)\d\d|(?:19|20)\d\d)"
)
_BORN = starting_with(
    r"b", rf"\bborn\s+(?:on\s+|in\s+)?(?:the\s+)?(?P<value>{DATE})\b", re.IGNORECASE
)
_AGE = starting_with(
    r"a\d",
    r"\b(?:aged\s+\d{2}|\d{2}\s*(?:years?|yrs?)[\s-]*old|age[d]?\s*[:(]?\s*\d{2}\s*(?:years|yrs)?)\b",
    re.IGNORECASE,
)
_CLASS_OF = starting_with(
    r"cb",
    r"\b(?:class|batch|cohort)\s*(?:of\s*)?[:\-]?\s*['’]?(?:19|20)?\d{2}(?:\s*[-–]\s*['’]?(?:19|20)?\d{2})?\b",
    re.IGNORECASE,
)
_MARITAL_PHRASE = starting_with(
    r" \tmusdw",
    r"(?:^|(?<=[|•,;\t]))[ \t]*(?P<v>married|unmarried|single|divorced|widowed)"
    r"[ \t]*(?=$|[|•,;\t])",
    re.IGNORECASE | re.MULTILINE,
)


def _value_end(line: str, start: int, stops: list[int]) -> int:
    end = len(line)
    for stop in stops:
        if stop > start:
            end = min(end, stop)
    sep = _VALUE_END.search(line, start)
    if sep and sep.start() > start:
        end = min(end, sep.start())
    return end


def _labels(text: str) -> dict[int, list[tuple[int, int, str, str, str]]]:
    """Label matches grouped by the start of their line:
    (label start, value start, kind, rule, label text), offsets absolute."""
    by_line: dict[int, list[tuple[int, int, str, str, str]]] = {}
    slots = [m.end() for m in _SLOT.finditer(text)]
    for pattern, rules in ((_LABEL_RE, _RULES), (_LOOSE_RE, _LOOSE_RULES)):
        for slot in slots:
            match = pattern.match(text, slot)
            if match is None or match.lastgroup is None:
                continue
            group = match.lastgroup
            kind, rule = rules[int(group[1:])]
            line_start = text.rfind("\n", 0, match.start()) + 1
            by_line.setdefault(line_start, []).append(
                (match.start(group), match.end(), kind, rule, match.group(group))
            )
    return by_line


def find_fields(text: str) -> list[Field]:
    """Every labelled field and label-free phrase (pronouns, "born on", ages, "Class of")."""
    fields: list[Field] = []
    for line_start, found in sorted(_labels(text).items()):
        line_end = text.find("\n", line_start)
        line_end = len(text) if line_end < 0 else line_end
        line = text[line_start:line_end]
        found.sort(key=lambda f: (f[0], -f[1]))
        starts = [f[0] - line_start for f in found]
        last_value_end = -1
        for label_start, value_start, kind, rule, label in found:
            if label_start - line_start < last_value_end:
                continue  # a word inside an earlier value ("Address: State Bank Colony")
            offset = value_start - line_start
            end = _value_end(line, offset, starts)
            value = line[offset:end]
            if not value.strip() and kind in _NEXT_LINE_KINDS and len(found) == 1:
                hit = _next_line(text, line_end, kind)
            else:
                hit = _value_hit(kind, rule, value, value_start)
            if hit is None:
                continue
            fields.extend(Field(h, label.lower()) for h in hit)
            last_value_end = end
    fields.extend(Field(h, "") for h in _phrases(text))
    return fields


def _next_line(text: str, line_end: int, kind: str) -> list[Hit] | None:
    if line_end >= len(text):
        return None
    start = line_end + 1
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    if end - start > 120:
        return None
    start, end = trimmed(text, start, end, keep_dot=True)
    return [Hit(kind, start, end)] if start < end else None


def _value_hit(kind: str, rule: str, value: str, offset: int) -> list[Hit] | None:
    if not value.strip():
        return None
    if rule == "digits" and not re.match(r"\s*\d", value):
        return None
    if rule == "gender" and not _GENDER_VALUE.match(value.strip()):
        return None
    if rule == "phone" and not _DIGITS6.search(value):
        return None
    if rule == "handle":
        token = value.strip().split()[0] if value.strip() else ""
        if not token or (len(value.strip().split()) > 1 and not re.search(r"[./@_\d]", token)):
            return None
        if token.rstrip(",.").lower() in {"yes", "no", "na", "n/a", "-"}:
            return None
        if token.isalpha() and token.istitle() and len(value.strip().split()) == 1:
            return None  # "GitHub: Actions" in a skills list; handles are rarely a word
        start = offset + value.index(token)
        return [Hit(kind, start, start + len(token.rstrip(",;")))]
    if rule == "year":
        return [
            Hit(kind, offset + m.start(), offset + m.end()) for m in _YEAR.finditer(value)
        ] or None
    start, end = trimmed(value, 0, len(value), keep_dot=True)
    if start >= end:
        return None
    return [Hit(kind, offset + start, offset + end)]


def _phrases(text: str) -> list[Hit]:
    hits: list[Hit] = []
    for match in _PRONOUNS.finditer(text):
        hits.append(Hit("gender", match.start(), match.end()))
    for match in _BORN.finditer(text):
        hits.append(Hit("date_of_birth", match.start("value"), match.end("value")))
    for match in _AGE.finditer(text):
        hits.append(Hit("age", match.start(), match.end()))
    for match in _CLASS_OF.finditer(text):
        for year in _YEAR.finditer(match.group()):
            hits.append(
                Hit("graduation_year", match.start() + year.start(), match.start() + year.end())
            )
        for year in re.finditer(r"(?<=['’\s])\d{2}\b", match.group()):
            hits.append(
                Hit("graduation_year", match.start() + year.start(), match.start() + year.end())
            )
    for match in _MARITAL_PHRASE.finditer(text):
        hits.append(Hit("marital_status", match.start("v"), match.end("v")))
    return hits
