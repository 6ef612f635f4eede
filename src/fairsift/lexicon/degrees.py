"""Degrees: levels with their many spellings, and the field of study written beside them.

"BSc", "B.S.", "Bachelor's", "B.Tech", "BE" are all a bachelor; "MSc", "M.S.", "MBA" a
master; "PhD", "DPhil" a doctorate. Short forms that are also ordinary words or
abbreviations ("BS", "MS", "MA", "BE", "ME", "BA") count only in capitals and followed by a
field or another degree ("MS Computer Science", "BS/MS"), never "MS Office" or "Boston, MA".
"""

from __future__ import annotations

import re

from fairsift.lexicon.mention import DegreeMention

__all__ = ["LEVELS", "LEVEL_RANK", "degree_level", "find_degrees"]

LEVELS = ("high_school", "diploma", "associate", "bachelor", "master", "doctorate")
LEVEL_RANK: dict[str, int] = {level: rank for rank, level in enumerate(LEVELS, start=1)}

# Long forms: "Bachelor of Science", "Master of Business Administration".
_OF_FIELD_LIST = (
    r"Applied\s+Science|Arts|Science|Sciences|Engineering|Technology|Commerce|Education|Laws?"
    r"|Fine\s+Arts|Architecture|Pharmacy|Medicine|Nursing|Social\s+Work|Business"
    r"|Business\s+Administration|Computer\s+Applications|Computer\s+Science|Management"
    r"|Management\s+Studies|Public\s+Health|Public\s+Administration|Philosophy|Design"
    r"|Information\s+Technology|Accountancy|Accounting|Finance|Economics|Music|Physiotherapy"
    r"|Dental\s+Surgery|Surgery|Vocation|Statistics|Mathematics"
)
# Longest first, so "Business Administration" wins over "Business".
_OF_FIELDS = "|".join(sorted(_OF_FIELD_LIST.split("|"), key=len, reverse=True))
_APOS = r"(?:'s|’s|s)?"
# A capitalised field or another degree must follow an ambiguous short form.
_FIELD_AFTER = r"(?=\s*(?:/|or\b|and\b|degree\b|\(|in\b|of\b|[,:\-–]\s*[A-Z]|\s[A-Z&])|\s*$)"
_NOT_MS_PRODUCT = (
    r"(?![\s\-]*(?:Office|Excel|Word|Access|SQL|Project|Power|Outlook|Dynamics|Visio|Teams|"
    r"Paint|DOS|Windows|Azure|Exchange|Publisher|CRM|Navision|Fabric|Intune|Flow|Forms)\b)"
)

# (level, implied subject, pattern). Order matters: longer and more specific forms first.
_FORMS: list[tuple[str, str | None, str]] = [
    ("doctorate", None, r"Ph\.?\s?D\.?|D\.\s?Phil\.?|DPhil|Doctorate|Doctoral\s+degree"),
    ("doctorate", None, rf"Doctor\s+of\s+(?P<d_of>{_OF_FIELDS})"),
    ("doctorate", "Medicine", r"M\.D\.(?!\w)"),
    ("doctorate", "Education", r"Ed\.\s?D\.?"),
    ("doctorate", "Law", r"J\.D\.|Juris\s+Doctor"),
    ("high_school", None, r"High\s+School\s+Diploma"),
    (
        "master",
        None,
        r"(?:Post[\s\-]?Graduate|PG)\s+Diploma|Post[\s\-]?Graduation|Postgraduate\s+degree|Post[\s\-]?Graduate\s+degree|Graduate\s+degree",
    ),
    ("master", None, rf"Master{_APOS}(?:\s+degree)?\s+(?:of|in)\s+(?P<m_of>{_OF_FIELDS})\b"),
    (
        "master",
        None,
        rf"Master{_APOS}\s+degree|Master['’]s|Masters(?=\s+(?:in|of|degree)\b)|Master\s+(?:degree|in)\b",
    ),
    ("master", "Business Administration", r"M\.?\s?B\.?\s?A\b\.?|Executive\s+MBA|PGDM|PGDBA|PGDBM"),
    ("master", "Computer Applications", r"M\.?\s?C\.?\s?A\b\.?"),
    ("master", None, r"M\.?\s?Sc\b\.?|M\.?\s?Tech\b\.?|M\.?\s?Eng\b\.?|MRes|M\.?\s?Phil\b\.?"),
    ("master", "Commerce", r"M\.?\s?Com\b\.?"),
    ("master", "Education", r"M\.\s?Ed\b\.?|(?-i:MEd)\b"),
    ("master", "Law", r"LL\.?\s?M\b\.?"),
    ("master", "Pharmacy", r"M\.?\s?Pharm\b\.?"),
    ("master", "Fine Arts", r"MFA\b"),
    ("master", "Public Health", r"(?-i:MPH)\b"),
    ("master", "Social Work", r"MSW\b"),
    ("master", "Architecture", r"M\.\s?Arch\b\.?|(?-i:MArch)\b"),
    ("master", None, r"M\.\s?S\.|M\.\s?A\.|M\.\s?E\.(?!\w)"),
    ("master", None, rf"(?-i:MS|MA|ME){_NOT_MS_PRODUCT}{_FIELD_AFTER}"),
    ("bachelor", None, rf"Bachelor{_APOS}(?:\s+degree)?\s+(?:of|in)\s+(?P<b_of>{_OF_FIELDS})\b"),
    (
        "bachelor",
        None,
        rf"Bachelor{_APOS}(?:\s+degree)?|Undergraduate\s+degree|Under[\s\-]?Graduate|College\s+degree|University\s+degree|Four[\s\-]year\s+degree",
    ),
    ("bachelor", "Medicine", r"MBBS\b|M\.B\.B\.S\.?"),
    ("bachelor", "Commerce", r"B\.?\s?Com\b\.?"),
    ("bachelor", "Computer Applications", r"B\.?\s?C\.?\s?A\b\.?"),
    ("bachelor", "Business Administration", r"B\.?\s?B\.?\s?A\b\.?|BBM\b"),
    ("bachelor", None, r"B\.?\s?Sc\b\.?|B\.?\s?Tech\b\.?|B\.?\s?Eng\b\.?|B\.?\s?Voc\b\.?"),
    ("bachelor", "Education", r"B\.\s?Ed\b\.?|(?-i:BEd)\b"),
    ("bachelor", "Law", r"LL\.?\s?B\b\.?|B\.?\s?A\.?\s?LL\.?\s?B\b\.?"),
    ("bachelor", "Pharmacy", r"B\.?\s?Pharm\b\.?"),
    ("bachelor", "Fine Arts", r"BFA\b"),
    ("bachelor", "Nursing", r"BSN\b|B\.S\.N\."),
    ("bachelor", "Social Work", r"BSW\b"),
    ("bachelor", "Architecture", r"B\.?\s?Arch\b\.?"),
    ("bachelor", "Dental Surgery", r"BDS\b"),
    ("bachelor", "Physiotherapy", r"BPT\b"),
    ("bachelor", None, r"B\.\s?S\.|B\.\s?A\.|B\.\s?E\.?(?!\w)"),
    (
        "bachelor",
        None,
        rf"(?-i:BS|BA|BE)(?![\s\-]*\(?\s*(?:Business\s+)?(?:Analyst|role|team)\b){_FIELD_AFTER}",
    ),
    (
        "associate",
        None,
        rf"Associate{_APOS}\s+degree|Associate\s+of\s+(?:Applied\s+)?(?:Arts|Science)|Associate\s+in\s+(?:Applied\s+)?Science",
    ),
    ("diploma", None, r"Higher\s+National\s+Diploma|HND\b|Advanced\s+Diploma|Diploma"),
    (
        "high_school",
        None,
        r"Higher\s+Secondary(?:\s+School)?(?:\s+Certificate)?|Senior\s+Secondary|Secondary\s+School(?:\s+Certificate)?|High\s+School|H\.?S\.?C\b\.?|S\.?S\.?C\b\.?|S\.?S\.?L\.?C\b\.?|GED\b|Matriculation|Matric\b|(?-i:A[\s\-]Levels?)|(?:Class|Std\.?|Standard|Grade)\s+(?:XII|X|10|12)(?:th)?\b|(?:12|10)th(?!\s+(?:of\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec))(?:\s+(?:Std|Standard|Grade|Class|Pass|Board))?",
    ),
]


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a pattern ("a|b(c|d)" -> ["a", "b(c|d)"])."""
    parts, depth, start, escaped = [], 0, 0, False
    for index, char in enumerate(pattern):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:index])
            start = index + 1
    parts.append(pattern[start:])
    return parts


def _first_letters(alternative: str) -> set[str]:
    """The lower-case characters an alternative can start with."""
    if alternative.startswith("(?-i:"):
        return _first_letters(alternative[5:])
    if alternative.startswith("(?:"):
        depth, index = 1, 3
        while depth:
            depth += {"(": 1, ")": -1}.get(alternative[index], 0)
            index += 1
        inner = alternative[3 : index - 1]
        return set().union(*(_first_letters(a) for a in _alternatives(inner)))
    return {alternative[0].lower()}


# One regex, its alternatives grouped by first letter behind a look-ahead, so at each word
# only the forms that can start there are tried (a flat alternation was ~5x slower).
_INDEX: dict[str, tuple[str, str | None]] = {}
_BY_LETTER: dict[str, list[str]] = {}
for _index, (_level, _implied, _pattern) in enumerate(_FORMS):
    for _number, _alternative in enumerate(_alternatives(_pattern)):
        _name = f"f{_index}_{_number}"
        _INDEX[_name] = (_level, _implied)
        _letters = "".join(sorted(_first_letters(_alternative)))
        _BY_LETTER.setdefault(_letters, []).append(f"(?P<{_name}>{_alternative})")
_DEGREE = re.compile(
    r"(?<![\w.])(?:"
    + "|".join(
        f"(?=[{re.escape(letters)}])(?:{'|'.join(parts)})" for letters, parts in _BY_LETTER.items()
    )
    + r")(?![\w])",
    re.IGNORECASE,
)

# After the degree: "in", "of", "(Hons)", ":" ... then the field.
_LEAD = re.compile(
    r"(?:[ \t]*(?:[.:\-–(]|\(?Hons\.?\)?|Honou?rs|in|of|with|major(?:ing)?\s+in|"
    r"speciali[sz]ation\s+in|specialized\s+in|degree\s+(?:in|of))[ \t]*)*",
    re.IGNORECASE,
)
_GLUED = re.compile(r"\.[A-Za-z]")
_EXPLICIT = re.compile(r"\bin\b|\(|:|[-–]|\bmajor|\bspeciali", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z&'’./]*")
_STOP_WORDS = {
    "from",
    "at",
    "university",
    "institute",
    "college",
    "school",
    "academy",
    "board",
    "polytechnic",
    "gpa",
    "cgpa",
    "percentage",
    "marks",
    "grade",
    "year",
    "passed",
    "pursuing",
    "completed",
    "expected",
    "with",
    "or",
    "equivalent",
    "degree",
    "class",
    "first",
    "second",
    "distinction",
    "aggregate",
    "score",
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "related",
    "relevant",
    "similar",
    "preferred",
    "required",
    "a",
    "an",
    "the",
    "is",
    "affiliated",
    "under",
    "having",
    "and/or",
    "plus",
    "etc",
    "candidates",
}
_CONNECTORS = {"and", "&", "of", "in", "for"}
_FIELD_HEADS = {
    "engineering",
    "science",
    "sciences",
    "technology",
    "technologies",
    "studies",
    "administration",
    "management",
    "commerce",
    "arts",
    "mathematics",
    "economics",
    "physics",
    "chemistry",
    "biology",
    "statistics",
    "applications",
    "accounting",
    "accountancy",
    "finance",
    "nursing",
    "law",
    "laws",
    "education",
    "design",
    "marketing",
    "communication",
    "communications",
    "systems",
    "psychology",
    "english",
    "literature",
    "history",
    "pharmacy",
    "medicine",
    "health",
    "analytics",
    "informatics",
    "biotechnology",
    "electronics",
    "instrumentation",
    "architecture",
    "journalism",
    "sociology",
    "geography",
    "philosophy",
    "resources",
    "relations",
    "work",
    "music",
    "computing",
    "telecommunication",
    "telecommunications",
    "mechanics",
    "mechatronics",
    "biochemistry",
    "microbiology",
    "mechanical",
    "civil",
    "electrical",
    "chemical",
    "computer",
    "software",
    "biomedical",
    "aerospace",
    "aeronautical",
    "automobile",
    "automotive",
    "production",
    "industrial",
    "textile",
    "petroleum",
    "mining",
    "metallurgy",
    "metallurgical",
    "operations",
    "business",
    "banking",
    "insurance",
    "taxation",
    "zoology",
    "botany",
    "agriculture",
    "hindi",
    "marathi",
    "tamil",
    "linguistics",
    "politics",
    "political",
    "anthropology",
    "genetics",
    "robotics",
    "security",
    "networking",
    "networks",
    "data",
    "ai",
    "vlsi",
    "embedded",
    "structural",
    "hospitality",
    "tourism",
    "fashion",
    "media",
    "physiotherapy",
    "dentistry",
    "dental",
    "midwifery",
    "surgery",
    "hr",
    "it",
    "cs",
    "ece",
    "cse",
    "eee",
    "extc",
    "entc",
    "mba",
    "humanities",
    "geology",
    "environmental",
    "materials",
    "power",
    "energy",
}
_ACRONYM_FIELDS = {
    "CS": "Computer Science",
    "CSE": "Computer Science and Engineering",
    "IT": "Information Technology",
    "ECE": "Electronics and Communication Engineering",
    "EEE": "Electrical and Electronics Engineering",
    "EE": "Electrical Engineering",
    "EC": "Electronics and Communication Engineering",
    "EXTC": "Electronics and Telecommunication Engineering",
    "ENTC": "Electronics and Telecommunication Engineering",
    "E&TC": "Electronics and Telecommunication Engineering",
    "ME": "Mechanical Engineering",
    "CE": "Civil Engineering",
    "HR": "Human Resources",
    "MIS": "Management Information Systems",
    "ICT": "Information and Communication Technology",
    "AI": "Artificial Intelligence",
}
_MAX_WORDS = 6


def find_degrees(text: str) -> list[DegreeMention]:
    """Every degree mentioned in `text`, left to right, with level and field of study."""
    found: list[DegreeMention] = []
    for match in _DEGREE.finditer(text):
        name = match.lastgroup
        if name is None:
            continue
        level, implied = _INDEX[name]
        of_field = next((match.group(g) for g in ("d_of", "m_of", "b_of") if match.group(g)), None)
        # "Bachelor of Science in Nursing": the field written after wins over "Science".
        subject, end = _subject_after(text, match.end())
        if subject is None:
            subject = _tidy(of_field) if of_field else implied
            end = match.end()
        elif text[end : end + 1] == ")" and "(" in text[match.end() : end]:
            end += 1
        found.append(DegreeMention(level, subject, match.start(), end))
    return found


def degree_level(text: str) -> str | None:
    """The level of the first degree in `text` ("B.Tech" -> "bachelor"), or None."""
    for mention in find_degrees(text):
        return mention.level
    return None


def _tidy(phrase: str) -> str:
    return " ".join(phrase.split()).title().replace(" And ", " and ").replace(" Of ", " of ")


def _subject_after(text: str, position: int) -> tuple[str | None, int]:
    """The field of study written right after a degree, and where it ends. Without "in",
    "(", ":" or a dash before it, a field must contain a field word ("Engineering",
    "Finance"), so "MBA Harvard" or "B.E UIT-RGPV" give no field."""
    if _GLUED.match(text, position):
        return None, position  # "B.Tech.Education Details": a heading glued on, not a field
    lead = _LEAD.match(text, position)
    cursor = lead.end() if lead else position
    explicit = bool(lead) and bool(_EXPLICIT.search(text, position, cursor))
    words: list[tuple[str, int]] = []
    while len(words) < _MAX_WORDS:
        gap_start = cursor
        while cursor < len(text) and text[cursor] in " \t":
            cursor += 1
        if cursor - gap_start > 1 and words:
            break  # a wide gap ends the field: "B.E  Civil  Nagpur University"
        word_match = _WORD.match(text, cursor)
        if word_match is None:
            break
        word = word_match.group().rstrip(".")
        lower = word.lower()
        if lower in _STOP_WORDS:
            break
        if word in _ACRONYM_FIELDS and not words:
            return _ACRONYM_FIELDS[word], word_match.end()
        if lower not in _CONNECTORS and not word[:1].isupper():
            break
        if len(word) > 1 and word.isupper() and lower not in _FIELD_HEADS:
            break  # an institution's initials, not a field
        words.append((word, word_match.end()))
        cursor = word_match.end()
        if word_match.group().endswith("."):
            break
    while words and words[-1][0].lower() in _CONNECTORS:
        words.pop()
    heads = [i for i, (word, _) in enumerate(words) if word.lower() in _FIELD_HEADS]
    if heads:
        words = words[: heads[-1] + 1]  # "Civil Engineering Chandrapur" -> "Civil Engineering"
    elif not explicit or len(words) > 4:
        return None, position
    if not words:
        return None, position
    subject = " ".join(_tidy_word(word) for word, _ in words)
    return subject, words[-1][1]


def _tidy_word(word: str) -> str:
    return word if not word.isupper() or len(word) <= 4 else word.title()
