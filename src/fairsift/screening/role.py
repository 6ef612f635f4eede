"""Role fit: how close the posting's role is to what the candidate did, graded 0–1 with quotes.

A recruiter reads a posting's role from its title, the stack and domain it keeps coming back
to, and its level; then looks for the same in the candidate's roles. So:

    stack   = Σ over the posting's skills of  weight × shown  /  Σ weight
              weight = specificity × (1 + ln(times the posting names it)) × (2 if in the title)
              shown  = 0 not in the resume; 0.5 named once; +0.25 for each further mention
                       (used in several roles), at most 1
    level   = ×1, or ×(1 − LEVEL_STEP per step) when the posting's level (title words,
              years asked) is above what the dated roles show, or per step beyond the first
              when it is below (a junior post for a lead), floored at LEVEL_FLOOR
    title   = the posting's title named in the resume: 1; otherwise graded by how close in
              meaning the nearest resume segment is (cosine ROLE_ZERO → 0, ROLE_FULL → 1)
    credit  = (1 − TITLE_SHARE) × stack × level + TITLE_SHARE × title

Skills come from the whole posting text, so a glued posting whose parts cannot be told apart
still yields its stack, less those named only in sentences the posting reader set aside
(about the company, benefits, legal text, how to apply, location); skills that tell nobody
apart (soft skills, common tools) weigh little
(see specificity). The weights are not tuned per posting; they are the same for every posting,
which keeps one resume's role fit comparable across postings.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from fairsift.domain import Evidence, Requirement, RequirementMatch, Status
from fairsift.lexicon import find_skills
from fairsift.models.embed import Vectors
from fairsift.screening.match import ROLE_FULL, ROLE_ZERO, Candidate
from fairsift.screening.specificity import specificity

__all__ = [
    "LEVELS",
    "LEVEL_FLOOR",
    "LEVEL_STEP",
    "TITLE_SHARE",
    "PostingRole",
    "posting_role",
    "role_fit",
]

LEVEL_STEP = 0.15
# The title tells fields apart (a lawyer from a developer) far better than it tells stacks
# apart inside one field; the stack does the opposite. Measured on the development sets.
TITLE_SHARE = 0.2
LEVEL_FLOOR = 0.5
LEVELS = ("entry", "mid", "senior", "lead")
_TITLE_WEIGHT = 2.0
_LEAD = re.compile(
    r"\b(?:principal|staff|head|director|manager|architect|lead|vp|chief|cto)\b", re.I
)
_SENIOR = re.compile(r"\b(?:senior|sr\.?|snr)(?=\W|$)", re.I)
_JUNIOR = re.compile(
    r"\b(?:junior|jr\.?|intern|internship|graduate|entry[\s-]level|trainee)\b", re.I
)
_YEARS = re.compile(r"\b(\d{1,2})\s*\+?\s*(?:[-–]\s*\d{1,2}\s*)?(?:years?|yrs?)\b", re.I)


@dataclass(frozen=True, slots=True)
class PostingRole:
    """What a posting's role is made of: its title, its level (index into LEVELS) with the
    words that set it, and its skills as (canonical, weight, times named)."""

    title: str
    level: int
    level_cue: str
    skills: tuple[tuple[str, float, int], ...]


def posting_role(text: str, title: str, aside: tuple[str, ...] = ()) -> PostingRole:
    """The role a posting describes. Pure: the same text and title give the same role.
    Skills named only in `aside` (benefits, legal text, how to apply, location: the sentences
    the posting reader set aside) do not describe the role and are not counted."""
    counts = Counter(m.canonical for m in find_skills(text))
    counts.subtract(Counter(m.canonical for s in aside for m in find_skills(s)))
    counts = +counts  # drop what only the set-aside sentences named
    in_title = {m.canonical for m in find_skills(title)}
    counts.update(in_title - set(counts))  # a skill named only in a separately given title
    skills = []
    for name in sorted(counts):
        weight = specificity(name) * (1 + math.log(counts[name]))
        if name in in_title:
            weight *= _TITLE_WEIGHT
        if weight > 0:
            skills.append((name, round(weight, 3), counts[name]))
    skills.sort(key=lambda s: (-s[1], s[0]))
    level, cue = _level(text, title)
    return PostingRole(title, level, cue, tuple(skills))


def _level(text: str, title: str) -> tuple[int, str]:
    for pattern, level in ((_LEAD, 3), (_SENIOR, 2), (_JUNIOR, 0)):
        found = pattern.search(title)
        if found:
            return level, f"title says {found.group(0).lower()}"
    years = [int(y) for y in _YEARS.findall(text) if 0 < int(y) <= 15]
    if years:
        most = max(years)
        return (2 if most >= 5 else 1 if most >= 2 else 0), f"{most}+ years asked"
    return 1, "no level stated"


def _candidate_level(months: int) -> int:
    years = months / 12
    return 0 if years < 2 else 1 if years < 5 else 2 if years < 9 else 3


def role_fit(
    req: Requirement, role: PostingRole, cand: Candidate, title_vector: Vectors
) -> RequirementMatch:
    """Grade `cand` against the posting's role, quoting where the resume shows the posting's
    most telling skills."""
    skills = cand.skills
    profile = cand.profile
    total = sum(w for _, w, _ in role.skills)
    if total <= 0:
        return RequirementMatch(
            req, "unknown", (), "the posting names no skill to compare roles by"
        )
    earned = 0.0
    found: list[tuple[float, str, int]] = []
    missing: list[str] = []
    for name, weight, _ in role.skills:
        mentions = len(skills.get(name, ()))
        shown = 0.0 if not mentions else min(1.0, 0.5 + 0.25 * (mentions - 1))
        earned += weight * shown
        if mentions:
            found.append((weight, name, mentions))
        else:
            missing.append(name)
    stack = earned / total
    factor, level_note = 1.0, f"level {LEVELS[role.level]} ({role.level_cue})"
    months = profile.total_months
    if profile.roles and months > 0:
        have = _candidate_level(months)
        gap = role.level - have
        if gap > 0:
            factor = max(LEVEL_FLOOR, 1 - LEVEL_STEP * gap)
        elif gap < -1:  # two levels below the candidate: a junior post for a lead
            factor = max(LEVEL_FLOOR, 1 - LEVEL_STEP * (-gap - 1))
        level_note += f"; {months / 12:.1f} years shown, ×{factor:.2f}"
    else:
        level_note += "; no dated roles to compare"
    if role.title:
        title, title_note, title_evidence = _title(role.title, cand, title_vector)
        share = TITLE_SHARE
    else:  # no title to compare: the stack and level carry the role fit alone
        title, title_note, title_evidence, share = 0.0, "the posting has no title", (), 0.0
    credit = round((1 - share) * stack * factor + share * title, 2)
    found.sort(key=lambda f: (-f[0], f[1]))
    shown_list = ", ".join(f"{n} ×{k}" for _, n, k in found[:5]) or "none"
    reason = (
        f"stack {stack:.2f} (shown: {shown_list}"
        + (f"; missing: {', '.join(missing[:4])}" if missing else "")
        + f"); {level_note}; title {title:.2f} ({title_note}); credit {1 - share:.2f} × "
        f"{stack:.2f} × {factor:.2f} + {share:.2f} × {title:.2f} = {credit:.2f}"
    )
    evidence = title_evidence + _evidence(cand, [n for _, n, _ in found[:3]])
    status: Status = "met" if credit >= 1.0 else "partial" if credit > 0 else "not_met"
    return RequirementMatch(req, status, evidence, reason, credit)


def _title(title: str, cand: Candidate, vector: Vectors) -> tuple[float, str, tuple[Evidence, ...]]:
    words = " ".join(re.findall(r"[a-z]{2,}", title.lower()))
    at = cand.text.lower().find(words) if words else -1
    if at >= 0:
        return 1.0, "named in the resume", (cand.evidence_at(at, at + len(words)),)
    if not len(cand.segments):
        return 0.0, "nothing to compare", ()
    sims = cand.vectors @ vector
    index = int(sims.argmax())
    best = float(sims[index])
    share = round(min(max((best - ROLE_ZERO) / (ROLE_FULL - ROLE_ZERO), 0.0), 1.0), 2)
    evidence = (cand.segment_evidence(index),) if share > 0 else ()
    return share, f"nearest segment {best:.2f} similar", evidence


def _evidence(cand: Candidate, names: list[str]) -> tuple[Evidence, ...]:
    """One quote per skill, preferring a mention inside a dated role (what they did there)."""
    skills = cand.skills
    spans = [r.span for r in cand.profile.roles]
    out: list[Evidence] = []
    seen: set[int] = set()
    for name in names:
        mentions = skills.get(name, [])
        if not mentions:
            continue
        inside = [m for m in mentions if any(lo <= m.start < hi for lo, hi in spans)]
        mention = (inside or mentions)[0]
        evidence = cand.evidence_at(mention.start, mention.end)
        if evidence.start not in seen:
            seen.add(evidence.start)
            out.append(evidence)
    return tuple(out)
