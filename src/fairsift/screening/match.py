"""Match one requirement against one candidate: a status, evidence quoted from the blind text,
a one-line reason, and the credit the score gives it.

Every check is lexical first (exact skills, degrees, certifications, computed years) and falls
back to meaning (cosine of USE embeddings between the requirement and the resume's segments),
so "scikit-learn and TensorFlow" can satisfy "machine learning frameworks".
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from fairsift.domain import Evidence, Requirement, RequirementMatch, Status
from fairsift.lexicon import LEVEL_RANK, DegreeMention, Mention, canonical_skill
from fairsift.models.embed import Vectors
from fairsift.screening.resume import Profile, skill_months
from fairsift.screening.segments import Segment

__all__ = ["SEMANTIC_HIGH", "SEMANTIC_LOW", "Candidate", "credit", "match_requirement"]

# Cosine thresholds for USE multilingual v3 between a requirement and a resume segment,
# read off the development data: paraphrases score above HIGH, related work above LOW.
SEMANTIC_HIGH = 0.50
SEMANTIC_LOW = 0.36
# The role (job title) is graded, not thresholded: it is the strongest single signal of fit.
ROLE_ZERO = 0.20
ROLE_FULL = 0.80
_MAX_QUOTE = 200
_UNVERIFIABLE = re.compile(
    r"\b(authori[sz]ed to work|work authori[sz]ation|visa|sponsorship|relocat|willing(ness)? to|"
    r"able to (lift|travel|commute)|background check|drug (test|screen)|on-?site|hybrid|remote|"
    r"driver'?s licen[cs]e|own (car|vehicle)|shifts?|weekends?|overtime|citizenship|clearance)\b",
    re.IGNORECASE,
)
_ANY_OF = re.compile(r"\b(or|either|one of|any of|such as|e\.g\.|like)\b|/", re.IGNORECASE)


@dataclass
class Candidate:
    """Everything the matcher needs about one resume, computed once and reused per job."""

    text: str  # the blind text: what the scorer is allowed to see
    profile: Profile
    segments: list[Segment]
    vectors: Vectors
    pages: list[int]  # page of each segment
    skills: dict[str, list[Mention]] = field(default_factory=dict)
    starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.starts = [segment.start for segment in self.segments]

    def segment_at(self, offset: int) -> int:
        """Index of the segment holding `offset`, or -1."""
        index = bisect.bisect_right(self.starts, offset) - 1
        if index >= 0 and offset < self.segments[index].end:
            return index
        return -1

    def page_at(self, offset: int) -> int:
        index = self.segment_at(offset)
        return self.pages[index] if index >= 0 else (self.pages[0] if self.pages else 1)

    def evidence_at(self, start: int, end: int) -> Evidence:
        """A quote around [start, end): its segment, cut to at most _MAX_QUOTE characters."""
        index = self.segment_at(start)
        lo, hi = (
            (self.segments[index].start, self.segments[index].end) if index >= 0 else (start, end)
        )
        if hi - lo > _MAX_QUOTE:
            lo = max(lo, start - _MAX_QUOTE // 3)
            hi = max(min(hi, lo + _MAX_QUOTE), end)
        return Evidence(self.text[lo:hi], self.page_at(start), lo, hi)

    def segment_evidence(self, index: int) -> Evidence:
        segment = self.segments[index]
        quote = segment.text[:_MAX_QUOTE]
        return Evidence(quote, self.pages[index], segment.start, segment.start + len(quote))


def credit(match: RequirementMatch) -> float | None:
    """What a status is worth in the score; None means it does not count (unknown)."""
    if match.status == "unknown":
        return None
    if match.status == "met":
        return 1.0
    if match.status == "not_met":
        return 0.0
    return match.similarity  # partial: the share found, stated in the reason


def match_requirement(req: Requirement, cand: Candidate, req_vector: Vectors) -> RequirementMatch:
    sims = cand.vectors @ req_vector if len(cand.segments) else np.zeros(0, dtype=np.float32)
    if req.kind == "experience":
        return _experience(req, cand, sims)
    if req.kind == "degree":
        return _degree(req, cand, sims)
    if req.kind in ("certification", "language"):
        return _named(req, cand, sims)
    if req.kind == "role":
        return _role(req, cand, sims)
    if req.kind == "other" and _UNVERIFIABLE.search(req.text) and not req.terms:
        return RequirementMatch(req, "unknown", (), "a resume cannot show this; ask the candidate")
    return _skill(req, cand, sims)


def _best(cand: Candidate, sims: Vectors) -> tuple[int, float]:
    if not len(sims):
        return -1, 0.0
    index = int(np.argmax(sims))
    return index, float(sims[index])


def _semantic(req: Requirement, cand: Candidate, sims: Vectors, *, lead: str) -> RequirementMatch:
    index, best = _best(cand, sims)
    if best >= SEMANTIC_HIGH:
        return RequirementMatch(
            req,
            "met",
            (cand.segment_evidence(index),),
            f"{lead}; close in meaning ({best:.2f})",
            1.0,
        )
    if best >= SEMANTIC_LOW:
        share = round(0.25 + 0.5 * (best - SEMANTIC_LOW) / (SEMANTIC_HIGH - SEMANTIC_LOW), 2)
        return RequirementMatch(
            req,
            "partial",
            (cand.segment_evidence(index),),
            f"{lead}; related experience ({best:.2f}), credit {share:.2f}",
            share,
        )
    return RequirementMatch(req, "not_met", (), f"{lead}; nothing close in meaning ({best:.2f})")


def _term_evidence(cand: Candidate, term: str) -> Evidence | None:
    mentions = cand.skills.get(term)
    if not mentions:
        return None
    first = mentions[0]
    return cand.evidence_at(first.start, first.end)


def _skill(req: Requirement, cand: Candidate, sims: Vectors) -> RequirementMatch:
    terms = [t for t in req.terms if canonical_skill(t) or t in cand.skills] or list(req.terms)
    if not terms:
        return _semantic(req, cand, sims, lead="no named skill")
    found = [t for t in terms if t in cand.skills]
    evidence = tuple(e for t in found[:3] if (e := _term_evidence(cand, t)) is not None)
    any_of = len(terms) > 1 and bool(_ANY_OF.search(req.text))
    if found and (len(found) == len(terms) or any_of):
        return RequirementMatch(req, "met", evidence, f"found {', '.join(found)}", 1.0)
    if found:
        missing = [t for t in terms if t not in found]
        share = round(len(found) / len(terms), 2)
        reason = f"found {', '.join(found)}; missing {', '.join(missing)}"
        semantic = _semantic(req, cand, sims, lead=reason)
        if semantic.status == "met":
            return RequirementMatch(req, "met", evidence + semantic.evidence, semantic.reason, 1.0)
        return RequirementMatch(req, "partial", evidence, f"{reason}; credit {share:.2f}", share)
    semantic = _semantic(req, cand, sims, lead=f"{', '.join(terms)} not named")
    if semantic.status == "met":  # related by meaning, but the named skill is absent
        return RequirementMatch(
            req, "partial", semantic.evidence, semantic.reason + ", credit 0.75", 0.75
        )
    return semantic


def _experience(req: Requirement, cand: Candidate, sims: Vectors) -> RequirementMatch:
    needed = round((req.years or 0) * 12)
    profile = cand.profile
    terms = [t for t in req.terms if t]
    if terms:
        months = max(skill_months(profile, t) for t in terms)
        what = "/".join(terms)
    else:
        months = profile.total_months
        what = "work"
    if months == 0 and not profile.roles and terms and not any(t in cand.skills for t in terms):
        return _semantic(req, cand, sims, lead=f"no dated {what} experience")
    if months == 0 and not profile.roles:
        return RequirementMatch(req, "unknown", (), "no dated roles found to compute experience")
    evidence = _role_evidence(cand, terms)
    have = f"{months / 12:.1f} years of {what}"
    if needed == 0 or months >= needed:
        return RequirementMatch(req, "met", evidence, f"{have}; {req.years:g} asked", 1.0)
    share = round(months / needed, 2)
    if share >= 0.5:
        return RequirementMatch(
            req, "partial", evidence, f"{have}; {req.years:g} asked; credit {share:.2f}", share
        )
    return RequirementMatch(req, "not_met", evidence, f"{have}; {req.years:g} asked")


def _role_evidence(cand: Candidate, terms: list[str]) -> tuple[Evidence, ...]:
    out: list[Evidence] = []
    for role in cand.profile.roles:
        start, end = role.date_span
        block = cand.text[role.span[0] : role.span[1]]
        if terms and not any(t in cand.skills and _mentions_in(cand, t, role.span) for t in terms):
            continue
        if block.strip():
            out.append(cand.evidence_at(start, end))
        if len(out) == 2:
            break
    return tuple(out)


def _mentions_in(cand: Candidate, term: str, span: tuple[int, int]) -> bool:
    return any(span[0] <= m.start < span[1] for m in cand.skills.get(term, ()))


def _degree(req: Requirement, cand: Candidate, sims: Vectors) -> RequirementMatch:
    degrees = cand.profile.education
    if not degrees:
        return RequirementMatch(req, "not_met", (), "no degree found in the resume")
    wanted = LEVEL_RANK.get(req.level or "bachelor", 0)
    best = max(degrees, key=lambda d: LEVEL_RANK.get(d.level, 0))
    have = LEVEL_RANK.get(best.level, 0)
    evidence = (cand.evidence_at(best.start, best.end),)
    label = best.level + (f" in {best.subject}" if best.subject else "")
    if have < wanted:
        lower = have == wanted - 1
        status: Status = "partial" if lower else "not_met"
        return RequirementMatch(
            req, status, evidence, f"highest degree {label}; {req.level} asked", 0.5 if lower else 0
        )
    if not req.subject or _subject_ok(req.subject, degrees, cand, sims):
        return RequirementMatch(req, "met", evidence, f"{label} meets {req.level or 'degree'}", 1.0)
    return RequirementMatch(
        req, "partial", evidence, f"{label}; field asked: {req.subject}; credit 0.50", 0.5
    )


def _subject_ok(
    subject: str, degrees: Sequence[DegreeMention], cand: Candidate, sims: Vectors
) -> bool:
    wanted = {w for w in re.findall(r"[a-z]{3,}", subject.lower())} - {"and", "related", "field"}
    for degree in degrees:
        have = set(re.findall(r"[a-z]{3,}", (degree.subject or "").lower()))
        if wanted & have:
            return True
    return _best(cand, sims)[1] >= SEMANTIC_HIGH


def _named(req: Requirement, cand: Candidate, sims: Vectors) -> RequirementMatch:
    found = [t for t in req.terms if t in cand.skills]
    english_asked = req.kind == "language" and "English" in req.terms and "English" not in found
    if english_asked and _written_in_english(cand.text):
        found.append("English")
        if len(found) == len(req.terms):
            return RequirementMatch(req, "met", (), "the resume itself is written in English", 1)
    if found:
        evidence = tuple(e for t in found[:2] if (e := _term_evidence(cand, t)) is not None)
        if len(found) == len(req.terms) or _ANY_OF.search(req.text):
            return RequirementMatch(req, "met", evidence, f"found {', '.join(found)}", 1.0)
        share = round(len(found) / len(req.terms), 2)
        missing = ", ".join(t for t in req.terms if t not in found)
        reason = f"found {', '.join(found)}; missing {missing}; credit {share:.2f}"
        return RequirementMatch(req, "partial", evidence, reason, share)
    lead = f"{', '.join(req.terms) or req.kind} not named"
    semantic = _semantic(req, cand, sims, lead=lead)
    if semantic.status == "met":  # a certificate or language must be named to count as met
        return RequirementMatch(req, "partial", semantic.evidence, semantic.reason, 0.5)
    return semantic


def _role(req: Requirement, cand: Candidate, sims: Vectors) -> RequirementMatch:
    """Background in the posting's role: named in the resume, or graded by how close in
    meaning the nearest segment is (cosine ROLE_ZERO → credit 0, ROLE_FULL → credit 1)."""
    title_words = re.findall(r"[a-z]{2,}", req.text.lower())
    phrase = " ".join(title_words)
    at = cand.text.lower().find(phrase) if phrase else -1
    if at >= 0:
        evidence = (cand.evidence_at(at, at + len(phrase)),)
        return RequirementMatch(req, "met", evidence, "the resume names this role", 1.0)
    index, best = _best(cand, sims)
    share = round(min(max((best - ROLE_ZERO) / (ROLE_FULL - ROLE_ZERO), 0.0), 1.0), 2)
    if share >= 1.0:
        return RequirementMatch(
            req, "met", (cand.segment_evidence(index),), f"same role in other words ({best:.2f})", 1
        )
    if share > 0:
        return RequirementMatch(
            req,
            "partial",
            (cand.segment_evidence(index),),
            f"nearest background ({best:.2f} similar), credit {share:.2f}",
            share,
        )
    return RequirementMatch(req, "not_met", (), f"no background close to this role ({best:.2f})")


_ENGLISH_WORDS = frozenset(
    ("the", "and", "of", "in", "to", "with", "for", "on", "at", "as", "by", "from", "was", "has")
)


def _written_in_english(text: str) -> bool:
    words = re.findall(r"[a-z]+", text.lower())
    return len(words) >= 30 and sum(w in _ENGLISH_WORDS for w in words) / len(words) >= 0.04
