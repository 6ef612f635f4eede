"""Which part of a posting each sentence belongs to, by meaning, heading and cue words.

    score(part) = mean of the two closest prototype sentences of that part (cosine, bundled
                  multilingual sentence encoder)
                + HEADING_BONUS when the sentence sits under a heading of that part
                + CUE_BONUS when it carries a cue of that part ("equal opportunity", "€60k",
                  "send your CV", "3+ years of", "degree in")

Scores are then smoothed with the two neighbouring sentences (postings come in blocks), a
sentence opening with "We"/"Our" that asks for nothing leans away from requirements, and the
highest score wins if it beats every other part by KEEP_MARGIN; a short fragment that names
no skill and asks for nothing is set aside. Equal-opportunity and legal text, pay and
application instructions with an unmistakable cue are set aside whatever their heading says,
and so is a posting's header line naming the employer and a known place ("Brightwell Retail
Analytics — Bengaluru, India"), even when the employer's name holds a skill word.
Prototypes are short sentences written for this module (not taken from any evaluation set),
in the wording of many trades, so meaning carries over to other fields and languages.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from fairsift.lexicon import find_degrees, find_skills
from fairsift.models.embed import Embedder, Vectors
from fairsift.privacy.lists import lists

__all__ = ["PARTS", "PART_LABELS", "Placed", "place"]

PARTS = (
    "requirements", "responsibilities", "role", "company", "benefits", "legal", "apply",
    "location",
)  # fmt: skip
PART_LABELS = {
    "requirements": "requirements",
    "responsibilities": "responsibilities",
    "role": "about the role",
    "company": "about the company",
    "benefits": "benefits and pay",
    "legal": "equal-opportunity and legal text",
    "apply": "how to apply",
    "location": "location and work arrangement",
    "other": "other",
}
# Section kinds of headings (see sections.py) to parts.
SECTION_PARTS = {
    "must": "requirements",
    "nice": "requirements",
    "responsibilities": "responsibilities",
    "about": "company",
    "benefits": "benefits",
    "eeo": "legal",
    "apply": "apply",
    "info": "location",
}
# Headings of requirements and duties are often wrong on job boards (benefits under
# "Requirements"); headings of the other parts are rarely wrong.
HEADING_BONUS = 0.05
SET_ASIDE_HEADING_BONUS = 0.2
CUE_BONUS = 0.1
WE_PENALTY = 0.2
NEIGHBOUR_WEIGHT = 0.5
_FRAGMENT_WORDS = 4
_LIST_SKILLS = 2
_ACRONYM = re.compile(r"(?<![<\w])[A-Z][A-Z0-9]{1,}(?![\w>])")
# "Frontend Developer", "Site Reliability Engineering Manager (SRE)": a job title on its own.
_JOB_TITLE = re.compile(
    r"^(?:[A-Z][\w.+#/&-]*\s+){0,4}(?i:developer|engineer|manager|specialist|analyst|architect|"
    r"designer|consultant|administrator|scientist|lead|director|coordinator|officer|"
    r"technician|intern|associate)s?\b(?:\s*\([^()]*\))?[^a-z]*$"
)
# A name (or "The company") doing something in the third person: "Acme builds ...".
_NAMED_SUBJECT = re.compile(
    r"^(?:<ORGANIZATION>|[A-Z][\w&'’.\-]*)(?:\s+(?:<ORGANIZATION>|[A-Z][\w&'’.\-]*|of|&|and|for)){0,5}"
    r"\s+(?:is|are|was|has|builds|develops|provides|offers|helps|creates|employs|serves|operates|"
    r"speciali[sz]es|delivers|designs|makes|produces|supports|aims|strives|moves|sells|runs|"
    r"manages|works|focuses|believes|values|was\s+founded|has\s+been)\b"
)
_LEAD_IN = re.compile(
    r"(?::|\bfollowing|\binclude|\bincluding|…|\.\.\.)\s*$"
)  # "You will work on:"
KEEP_MARGIN = 0.05
# A posting's header line: "Brightwell Retail Analytics — Bengaluru, India" (employer, place).
_PLACE_LINE_WORDS = 10
_PLACE_SEPARATOR = re.compile(r"\s[—–|·•-]\s|\s*[—–|·•]\s*")
_CAP_WORDS = re.compile(r"[^\W\d_][\w'’.&-]*")
_CONNECTORS = frozenset({"of", "and", "for", "the", "de", "la", "&"})
KEEP_PARTS = ("requirements", "responsibilities")
_WE = re.compile(r"(?:we|our|we're|we’re|us)\b", re.I)

_PROTOTYPES: dict[str, tuple[str, ...]] = {
    "requirements": (
        "5+ years of professional experience in software development",
        "Strong knowledge of SQL and relational databases",
        "Bachelor's degree in computer science or a related field",
        "Experience with cloud platforms such as AWS or Azure",
        "Excellent written and verbal communication skills",
        "Familiarity with agile methods",
        "You have hands-on experience building web applications",
        "Fluent English; German is a plus",
        "A valid driving licence",
        "Proficiency in Excel and accounting software",
        "Ability to work independently and manage competing priorities",
        "Solid understanding of data structures and algorithms",
        "Good knowledge of financial reporting standards",
        "You are a strong problem solver with attention to detail",
        "Registered nurse licence and two years of clinical experience",
        "Working knowledge of CAD tools and building codes",
        "You are a curious team player who takes initiative",
        "We are looking for someone who is self-motivated and works well in a team",
        "A passion for technology and a willingness to learn",
        "The ideal candidate is analytical, structured and detail-oriented",
        "You have a PhD in biology and a strong publication record",
        "Python, Java, Kubernetes, PostgreSQL",
    ),
    "responsibilities": (
        "Design, build and maintain scalable backend services",
        "You will work closely with product managers and designers",
        "Write clean, tested code and review your colleagues' code",
        "Prepare monthly financial statements and reconcile accounts",
        "Own the deployment pipeline and the monitoring of our systems",
        "Train and mentor junior staff",
        "Coordinate with suppliers and track deliveries",
        "Care for patients and give them their medication",
        "Analyse data and present the findings to stakeholders",
        "You will be responsible for sales in your region",
        "Contribute to architecture decisions and technical roadmaps",
        "Troubleshoot and resolve incidents in production",
        "Plan lessons and assess the progress of students",
        "The postdoc will develop models and publish the results in journals",
        "Your main tasks will include planning and coordinating projects",
        "You will lead our compliance project and advise management",
        "The main activities will focus on embedded software and networking",
    ),
    "role": (
        "We are hiring a backend developer for our Berlin office",
        "As our new accountant you will be part of the finance department",
        "This is an exciting opportunity to shape a new product",
        "The position is a two-year postdoctoral fellowship starting in September",
        "The project is funded by the national research council",
        "The appointment is for three years with the possibility of extension",
        "You will join a team of twelve people in the marketing department",
        "The position is available from 1 March or as soon as possible",
    ),
    "company": (
        "We are a fast-growing software company founded in 2010",
        "Our mission is to make payments simple for small businesses",
        "The company employs 500 people in 12 offices worldwide",
        "We build products used by millions of customers",
        "Our clients include leading banks and retailers",
        "We are a family-owned business with a long tradition",
        "The team consists of eight engineers and a product owner",
        "We are a leading provider of logistics solutions in Europe",
        "Our hospital serves a population of two hundred thousand people",
        "The university conducts research and teaching in science and engineering",
        "The department has 50 researchers and state-of-the-art laboratories",
        "We value openness, trust and short decision paths",
        "Our culture is built on collaboration and diversity of thought",
        "Our product helps developers write better code faster",
        "The research group studies how cells respond to stress",
        "The field of climate adaptation has grown quickly over the last decade",
        "The centre collaborates with industry and public agencies across Europe",
        "The project is part of a national programme on sustainable energy",
        "Founded in 1998, the firm has offices in London and Singapore",
        "Our people are the secret of our success",
    ),
    "benefits": (
        "Competitive salary and an annual bonus",
        "Health, dental and vision insurance",
        "25 days of paid holiday a year",
        "A pension scheme and life insurance",
        "Free lunch, snacks and a company laptop",
        "A budget for training and conferences",
        "Salary range 60,000 to 80,000 per year",
        "Stock options for every employee",
        "Regular team events and parties",
        "We offer a friendly working environment and room to grow your career",
        "Flexible working hours and the option to work from home",
        "We offer you the opportunity to develop professionally and personally",
        "Tech talks, meetups and conferences to share knowledge",
        "A modern office with a great view and a subsidised canteen",
        "Fun online events and a yearly company trip",
        "A steep learning curve and many career opportunities",
    ),
    "legal": (
        "We are an equal opportunity employer and value diversity",
        "All qualified applicants will receive consideration without regard to race, "
        "religion, gender or disability",
        "We do not accept unsolicited resumes from recruitment agencies",
        "Your personal data will be processed according to our privacy policy",
        "Reasonable accommodations are available to applicants with disabilities",
        "Employment is subject to a background check",
    ),
    "apply": (
        "Please send your CV and cover letter to our HR department",
        "Apply now using the button below",
        "If you are interested, we would love to hear from you",
        "For more information, contact the hiring manager",
        "Applications are reviewed continuously; the deadline is 30 June",
        "Questions about the position can be sent to our recruiter",
        "The interview process consists of a call and a technical interview",
        "The selection will be made by an assessment committee",
    ),
    "location": (
        "This is a full-time, permanent position",
        "The position is based in our office in the city centre",
        "Remote work is possible two days a week",
        "Working hours are Monday to Friday, 9 to 5",
        "Start date: as soon as possible",
        "Job type: full-time contract",
        "Part-time, 20 hours per week",
        "Date posted: 2021-04-22",
    ),
}

# Cues that decide the part whatever the heading says.
_DECISIVE: list[tuple[str, re.Pattern[str]]] = [
    ("legal", re.compile(
        r"equal\s+(?:employment\s+)?opportunit|\beeo\b|affirmative\s+action|without\s+regard\s+to|"
        r"regardless\s+of\s+(?:race|age|gender|sex|religion|their)|discriminat|"
        r"protected\s+veteran|reasonable\s+accommodation|gender\s+identity|sexual\s+orientation|"
        r"unsolicited\s+(?:resumes?|cvs?|applications?)|recruitment\s+agenc|privacy\s+(?:policy|"
        r"notice)|celebrate\s+diversity|copyright|in\s+compliance\s+with\s+(?:federal|state|the)\s+law|all\s+rights\s+reserved|©",
        re.I)),
    ("apply", re.compile(
        r"\S+@\S+\.\w+|https?://|www\.|<CONTACT>|apply\s+(?:now|today|here|via|at|by|through|"
        r"online)|send\s+(?:your|us|in\s+your)\s+(?:cv|resume|résumé|application|"
        r"portfolio)|mail\s+your|email\s+(?:your|us)|click\s+(?:on\s+)?apply|"
        r"submit\s+your\s+(?:cv|resume|application)|closing\s+date|whatsapp|reference\s+number|"
        r"please\s+(?:contact|call|reach\s+out)|\(\d{3}\)\s?\d{3}-\d{4}|\+\d{2}[\d ]{8,}|"
        r"online\s+application|job\s+code",
        re.I)),
    ("benefits", re.compile(
        r"₹|\$\s?\d|€\s?\d|£\s?\d|\d\s?(?:€|eur|usd|gbp|dkk|sek)\b|\b(?:lpa|ctc|per\s+(?:annum|"
        r"month|hour|year)|salary|stipend|401\(?k\)?|pto|paid\s+(?:time\s+off|leave|holidays?|"
        r"vacation)|mediclaim|(?:health|medical|group|dental|life)\s+(?:insurance|cover|"
        r"assurance)|provident\s+fund|gratuity|pension|\d+\s+days\s+(?:of\s+)?(?:paid\s+)?"
        r"(?:leave|holiday|vacation)|(?:annual|performance|joining|signing|yearly|quarterly)\s+"
        r"bonus|bonus\s+(?:scheme|plan)|stock\s+options|esops?|gym\s+membership|free\s+(?:lunch|"
        r"breakfast|meals|snacks|parking|membership)|relocation\s+(?:support|assistance|"
        r"package)|learning\s+(?:budget|allowance)|tuition\s+reimbursement)",
        re.I)),
]  # fmt: skip
# A sentence that plainly asks for something keeps its place among requirements even with a
# decisive cue nearby ("Experience with payroll and pension schemes").
_ASKS = re.compile(
    r"\b(?:\d{1,2}\s*\+?\s*(?:[-–]\s*\d{1,2}\s*)?(?:years?|yrs)|experience\s+(?:with|in|of)|"
    r"experienced\s+(?:with|in)|knowledge\s+of|proficien\w*|familiar\w*\s+with|degree\s+in|"
    r"bachelor|master'?s|understanding\s+of|expertise\s+in|ability\s+to|skills?\b|"
    r"certifi\w+|licen[cs]e|fluen\w+|must\s+have|required|you\s+have|track\s+record|"
    r"(?:looking|searching)\s+for\s+(?:someone|a\s+person|people|candidates|you|"
    r"(?:a|an)\s+(?:new\s+)?(?:colleague|candidate|team\s*mate))|"
    r"^(?:[\w-]+\s+){0,3}experience\b|willing(?:ness)?\s+to|"
    r"you\s+are\s+(?:a|an)\b)",
    re.I,
)
_DUTY = re.compile(
    r"^(?:you\s+will\s+|you'll\s+|will\s+)?(?:design|develop|build|manage|lead|write|own|drive|"
    r"ensure|collaborate|maintain|support|create|implement|participate|conduct|prepare|monitor|"
    r"assist|coordinate|handle|provide|perform|track|test|review|analy[sz]e|identify|deliver|"
    r"mentor|coach|plan|run|sell|assess|define|work|help|contribute|take|organi[sz]e|report|"
    r"improve|establish|deploy|automate|troubleshoot|set\s+up|architect|investigate|"
    r"responsible|be\s+responsible|oversee|liaise|communicate|promote|negotiate|research)"
    r"(?:s|ing)?\b|^(?:managing|coordinating|creating|providing|ensuring|improving|writing|"
    r"analy[sz]ing|leading|supporting|participating|maintaining|designing|developing|"
    r"building|implementing|troubleshooting|assisting)\b|"
    r"^(?:the|our|a|an|as\s+(?:the|our|a|an))?\s*(?:successful\s+|new\s+|selected\s+)?"
    r"(?:candidate|post-?doc\w*|researcher|student|fellow|engineer|developer|manager|"
    r"director|person|hire)\s+(?:will|is\s+expected\s+to|shall)\b|your\s+(?:main\s+|primary\s+|"
    r"key\s+)?(?:tasks?|responsibilit\w+|duties|focus)\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Placed:
    """A sentence's part and why fairsift put it there."""

    part: str
    reason: str


class _Prototypes:
    """Prototype vectors per embedder (embedded once per process)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_embedder: dict[tuple[str, str, int], tuple[Vectors, list[str]]] = {}

    def get(self, embedder: Embedder) -> tuple[Vectors, list[str]]:
        key = (embedder.name, embedder.version, id(embedder))
        with self._lock:
            found = self._by_embedder.get(key)
        if found is None:
            owners = [part for part in PARTS for _ in _PROTOTYPES[part]]
            texts = [text for part in PARTS for text in _PROTOTYPES[part]]
            found = (embedder.embed(texts), owners)
            with self._lock:
                self._by_embedder[key] = found
        return found


_PROTOTYPE_CACHE = _Prototypes()


def place(
    sentences: Sequence[str], sections: Sequence[str | None], embedder: Embedder
) -> list[Placed]:
    """The part of each sentence, in posting order; `sections` holds the section kind of the
    heading each sentence sits under (None before any). One batch of embeddings."""
    if not sentences:
        return []
    prototypes, owners = _PROTOTYPE_CACHE.get(embedder)
    texts = [text for part in PARTS for text in _PROTOTYPES[part]]
    columns = {part: [i for i, o in enumerate(owners) if o == part] for part in PARTS}
    sims = np.asarray(embedder.embed(list(sentences)) @ prototypes.T, dtype=np.float32)
    raw = np.stack(
        [np.sort(sims[:, [i for i, o in enumerate(owners) if o == part]], axis=1)[:, -2:].mean(1)
         for part in PARTS],
        axis=1,
    )  # fmt: skip
    keep = [PARTS.index("requirements"), PARTS.index("responsibilities")]
    named = [len({m.canonical for m in find_skills(s)}) for s in sentences]
    for row, sentence in enumerate(sentences):
        asks = bool(_ASKS.search(sentence)) or named[row] >= _LIST_SKILLS
        if asks:
            raw[row, keep[0]] += CUE_BONUS
        if _DUTY.search(sentence):
            raw[row, keep[1]] += CUE_BONUS
        if not asks and (
            _WE.match(sentence) or (_NAMED_SUBJECT.match(sentence) and not named[row])
        ):
            raw[row, keep] -= (
                WE_PENALTY  # "We build ...", "Northgate moves parcels ...": the employer
            )
    # Postings come in blocks: a sentence leans towards the part of the sentences around it.
    padded = np.vstack([raw[:1], raw, raw[-1:]])
    scores = raw + NEIGHBOUR_WEIGHT * (padded[:-2] + padded[2:]) / 2
    out: list[Placed] = []
    for row, (sentence, section) in enumerate(zip(sentences, sections, strict=True)):
        # A sentence that names several skills is a list of them ("Technologies: python
        # django", "On AWS: Docker, ECS, Lambda"), whatever heading or address is near it.
        listing = named[row] >= _LIST_SKILLS
        decisive = next((p for p, cue in _DECISIVE if cue.search(sentence)), None)
        if decisive == "legal" or (
            decisive is not None and not _ASKS.search(sentence) and not listing
        ):
            cue = next(c for p, c in _DECISIVE if p == decisive).search(sentence)
            said = _words_around(sentence, cue.start(), cue.end()) if cue else ""
            out.append(Placed(decisive, f"says “{said}”"))
            continue
        where = _company_place(sentence)
        if where and not listing and not _ASKS.search(sentence) and not _DUTY.search(sentence):
            out.append(Placed("location", f"a name and a place (“{where}”), not an ask"))
            continue
        row_scores = {part: float(scores[row, i]) for i, part in enumerate(PARTS)}
        heading_part = SECTION_PARTS.get(section or "")
        if heading_part is not None and not (listing and heading_part not in KEEP_PARTS):
            row_scores[heading_part] += (
                HEADING_BONUS if heading_part in ("requirements", "responsibilities")
                else SET_ASIDE_HEADING_BONUS
            )  # fmt: skip
        best = max(row_scores, key=row_scores.__getitem__)
        if best in KEEP_PARTS:  # a requirement must win clearly; a close call is set aside
            runner_up = max(row_scores[p] for p in PARTS if p not in KEEP_PARTS)
            if row_scores[best] - runner_up < KEEP_MARGIN:
                best = max((p for p in PARTS if p not in KEEP_PARTS), key=row_scores.__getitem__)
        if best in KEEP_PARTS and _JOB_TITLE.match(sentence) and not _ASKS.search(sentence):
            out.append(Placed("role", "a job title on its own"))
            continue
        if best in KEEP_PARTS and _fragment(sentence, section):
            out.append(Placed("other", "a fragment that names no skill and asks for nothing"))
            continue
        if best in KEEP_PARTS and _LEAD_IN.search(sentence) and not named[row]:
            out.append(Placed("other", "introduces the lines after it"))
            continue
        nearest = texts[max(columns[best], key=lambda i: sims[row, i])]
        why = "under a heading of this part; " if best == heading_part else ""
        out.append(Placed(best, f"{why}reads like “{nearest}” ({row_scores[best]:.2f})"))
    return out


def _company_place(sentence: str) -> str | None:
    """The place ending a short all-capitalised line such as a posting's header ("Brightwell
    Retail Analytics — Bengaluru, India", "Northgate Logistics | Leeds"): the employer and
    where the job is. None when the line is anything else or its last words name no place."""
    words = _CAP_WORDS.findall(sentence)
    if not 2 <= len(words) <= _PLACE_LINE_WORDS or not _PLACE_SEPARATOR.search(sentence):
        return None
    if any(not w[0].isupper() and w.lower() not in _CONNECTORS for w in words):
        return None
    data = lists()
    tail = _PLACE_SEPARATOR.split(sentence)[-1]
    found = None
    for part in re.split(r"\s*,\s*", tail.strip(" .")):
        key = part.lower()
        if key not in data.places or key in data.plain_places or find_skills(part):
            return None  # every comma-separated part after the separator is a place
        found = part
    return tail.strip(" .") if found else None


def _words_around(text: str, start: int, end: int) -> str:
    """The cue as whole words ("equal opportunit" → "equal opportunity")."""
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return text[start:end].strip()


def _fragment(sentence: str, section: str | None) -> bool:
    """A short line that names no skill and asks for nothing: a heading, a title, a tag.
    Under a requirements heading, a line naming a degree or an acronym ("CPI / PI-PO
    interfaces", "B.E./B.Tech/MCA") is an ask."""
    if len(sentence.split()) > _FRAGMENT_WORDS or _ASKS.search(sentence):
        return False
    if _DUTY.search(sentence) or find_skills(sentence) or find_degrees(sentence):
        return False
    return not (section in ("must", "nice") and _ACRONYM.search(sentence))
