"""Screening as one pure function of (document, job, configuration, models).

    Document ─► blind text ─► profile, segments, embeddings ─► per-requirement matches ─► score

The scorer only ever sees the blind text (unless blind mode is switched off), and intake has
already removed hidden text and injected instructions, so neither can reach it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import numpy as np

from fairsift import __version__
from fairsift.config import Settings, load_settings
from fairsift.domain import Document, Provenance, Requirement, ScreeningAssessment
from fairsift.intake import Limits, read_document
from fairsift.lexicon import Mention
from fairsift.models.embed import BundledEmbedder, CachedEmbedder, Embedder, Vectors
from fairsift.privacy import redact
from fairsift.screening.jobs import JobPosting, load_job_spec, parse_job
from fairsift.screening.match import Candidate, match_requirement
from fairsift.screening.resume import parse_resume
from fairsift.screening.role import PostingRole, posting_role, role_fit
from fairsift.screening.score import score
from fairsift.screening.segments import segment_text
from fairsift.screening.specificity import GENERIC, term_specificity

__all__ = [
    "PIPELINE",
    "ROLE_SHARE",
    "Job",
    "Screener",
    "job_requirements",
    "job_role",
    "requirement_specificity",
]

PIPELINE = "screening/2"
# The role fit's share of a posting's total weight. Measured on the development evaluations
# (within-field, vacancy-matching agreement, category ranking): see docs/eval-within-field.md.
ROLE_SHARE = 0.8
# Parts of a posting that say nothing about the role itself (what posting reading sets aside).
ASIDE_PARTS = frozenset({"company", "benefits", "legal", "apply", "location"})
# Kinds that matter to fit but do not tell candidates of one field apart by themselves.
_KIND_SPECIFICITY = {"degree": 0.5, "certification": 0.5, "language": 0.5, "experience": 0.5}


@dataclass(frozen=True)
class Job:
    """A job as fairsift understood it, with its requirement embeddings computed once."""

    source: str
    sha256: str
    posting: JobPosting
    requirements: tuple[Requirement, ...]
    vectors: Vectors
    from_spec: bool
    role: PostingRole | None = None

    @property
    def title(self) -> str:
        return self.posting.title


class Screener:
    def __init__(self, settings: Settings, embedder: Embedder, as_of: date) -> None:
        self.settings = settings
        self.embedder = embedder
        self.as_of = as_of
        self.limits = Limits.from_settings(settings)
        self.config_sha256 = settings.digest(
            as_of=as_of.isoformat(), pipeline=PIPELINE, embedder=embedder.name
        )

    @classmethod
    def create(
        cls,
        settings: Settings | None = None,
        embedder: Embedder | None = None,
        as_of: date | None = None,
    ) -> Screener:
        settings = settings or load_settings()
        if embedder is None:
            embedder = CachedEmbedder(BundledEmbedder(precision=settings.encoder_precision))
        return cls(settings, embedder, as_of or date.today())

    # -- jobs ---------------------------------------------------------------------------
    def load_job(self, path: str | Path) -> Job:
        path = Path(path)
        if path.suffix.lower() == ".toml":
            data = path.read_bytes()
            posting = load_job_spec(path)
            from_spec = True
        else:
            document = read_document(path, self.limits)
            data = document.text.encode()
            posting = parse_job(document.text, title=None, embedder=self.embedder)
            from_spec = False
        requirements = job_requirements(posting, from_spec=from_spec)
        vectors = self.embedder.embed([r.text for r in requirements])
        return Job(
            source=str(path),
            sha256=hashlib.sha256(data).hexdigest(),
            posting=posting,
            requirements=requirements,
            vectors=vectors,
            from_spec=from_spec,
            role=None if from_spec else job_role(document.text, posting),
        )

    def job_from_text(self, text: str, source: str = "posting") -> Job:
        """A posting given as text (pasted from a job board), read like an uploaded file."""
        posting = parse_job(text, title=None, embedder=self.embedder)
        requirements = job_requirements(posting, from_spec=False)
        return Job(
            source=source,
            sha256=hashlib.sha256(text.encode()).hexdigest(),
            posting=posting,
            requirements=requirements,
            vectors=self.embedder.embed([r.text for r in requirements]),
            from_spec=False,
            role=job_role(text, posting),
        )

    # -- candidates ---------------------------------------------------------------------
    def scorer_text(self, document: Document) -> str:
        """What the scorer may see: the blind text, same length as the document's text."""
        return redact(document.text).text if self.settings.blind else document.text

    def prepare(self, document: Document) -> Candidate:
        """Everything about one resume that does not depend on the job, computed once."""
        text = self.scorer_text(document)
        profile = parse_resume(text, as_of=self.as_of)
        segments = segment_text(text)
        vectors = self.embedder.embed([s.text for s in segments])
        named: dict[str, list[Mention]] = {}
        for mention in (*profile.skills, *profile.certifications, *profile.languages):
            named.setdefault(mention.canonical, []).append(mention)
        return Candidate(
            text=text,
            profile=profile,
            segments=segments,
            vectors=vectors if len(segments) else np.zeros((0, 512), dtype=np.float32),
            pages=[document.page_at(s.start) for s in segments],
            skills=named,
        )

    def screen(
        self, document: Document, job: Job, candidate: Candidate | None = None
    ) -> ScreeningAssessment:
        candidate = candidate or self.prepare(document)
        matches = tuple(
            role_fit(req, job.role, candidate, job.vectors[i])
            if req.kind == "role" and job.role is not None
            else match_requirement(req, candidate, job.vectors[i])
            for i, req in enumerate(job.requirements)
        )
        for match in matches:  # evidence must quote the visible text exactly
            for ev in match.evidence:
                assert candidate.text[ev.start : ev.end] == ev.quote, (ev, match)
        total, explanation = score(matches)
        return ScreeningAssessment(
            job=job.source,
            candidate=document.source,
            sha256=document.sha256,
            score=total,
            matches=matches,
            findings=document.findings,
            explanation=explanation,
            provenance=self.provenance(document, job),
        )

    def provenance(self, document: Document, job: Job) -> Provenance:
        return Provenance(
            input_sha256=document.sha256,
            models=((self.embedder.name, self.embedder.version),),
            config_sha256=self.config_sha256,
            fairsift_version=__version__,
            pipeline=PIPELINE,
        )


def job_role(text: str, posting: JobPosting) -> PostingRole:
    """The posting's role, leaving out what the posting reader set aside (ASIDE_PARTS)."""
    aside = tuple(
        s.text for s in getattr(posting, "set_aside", ()) if getattr(s, "part", "") in ASIDE_PARTS
    )
    return posting_role(text, posting.title, aside)


def requirement_specificity(req: Requirement) -> float:
    """How much meeting `req` tells candidates apart: its most specific named skill
    (soft skills at most 0.1), 0.5 for degrees, certificates, languages and experience
    without a named skill, GENERIC (0.2) for a requirement that names nothing."""
    if req.kind in _KIND_SPECIFICITY and not (req.kind == "experience" and req.terms):
        return _KIND_SPECIFICITY[req.kind]
    return term_specificity(req.terms) if req.terms else GENERIC


def job_requirements(posting: JobPosting, *, from_spec: bool) -> tuple[Requirement, ...]:
    """The requirements screened: the posting's, each weighted by importance × specificity,
    plus the role fit, which carries ROLE_SHARE of the total weight.

    A TOML spec says exactly what it wants and how much: its weights are kept and nothing
    is added to it."""
    if from_spec:
        return tuple(posting.requirements)
    requirements = tuple(
        replace(r, weight=round(r.weight * requirement_specificity(r), 3))
        for r in posting.requirements
    )
    # Without a title the role fit still counts (from the stack and level), so that one
    # resume's scores stay comparable across postings; it quotes the posting's opening words.
    text = posting.title or _opening(posting.summary)
    if not text or any(r.kind == "role" for r in requirements):
        return requirements
    rest = max(1.0, sum(r.weight for r in requirements))
    weight = round(rest * ROLE_SHARE / (1 - ROLE_SHARE), 2)
    return (Requirement(text=text, kind="role", weight=weight), *requirements)


def _opening(summary: str, limit: int = 90) -> str:
    words = summary.split()
    out = ""
    for word in words:
        if len(out) + len(word) + 1 > limit:
            break
        out = f"{out} {word}" if out else word
    return out
