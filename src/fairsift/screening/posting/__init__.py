"""Reading a job posting the way a recruiter does.

    text ─► text.unglue: lines and sentences back where a job board glued them
         ─► sections.heading: the heading each sentence sits under
         ─► parts.place: requirements, responsibilities, about the role, about the company,
            benefits and pay, equal-opportunity and legal text, how to apply, location and
            work arrangement (meaning + heading + cue words)
         ─► asks.asks: requirements and responsibilities become Requirements, one per thing
            asked; every other sentence is set aside with its part and the reason

Requirement texts are quotes of the posting (whitespace may differ). A TOML job spec
(spec.load_job_spec) lists the requirements itself and overrides reading.
"""

from __future__ import annotations

import re
import threading

from fairsift.domain import Requirement
from fairsift.models.embed import BundledEmbedder, CachedEmbedder, Embedder
from fairsift.screening.posting.asks import MUST_WEIGHT, NICE_WEIGHT, asks
from fairsift.screening.posting.model import JobPosting, SetAside
from fairsift.screening.posting.parts import PART_LABELS, PARTS, place
from fairsift.screening.posting.sections import heading, split_headings, title_of
from fairsift.screening.posting.text import lines, sentences, unglue

__all__ = [
    "MUST_WEIGHT",
    "NICE_WEIGHT",
    "PARTS",
    "PART_LABELS",
    "RESPONSIBILITY_WEIGHT",
    "JobPosting",
    "SetAside",
    "parse_job",
]

# A duty tells what the job involves and so what helps in it, but a posting's own
# requirements say what it asks for: duties weigh half a must.
RESPONSIBILITY_WEIGHT = 0.5
_SUMMARY_CHARS = 400
_DEFAULT: list[Embedder] = []
_DEFAULT_LOCK = threading.Lock()


def parse_job(
    text: str, *, title: str | None = None, embedder: Embedder | None = None
) -> JobPosting:
    """What a posting asks for, read from its text as published (messy text is expected).
    `embedder` places sentences by meaning; the bundled encoder when not given."""
    all_lines = lines(split_headings(unglue(text)), lambda line: heading(line) is not None)
    posting_title = (title or "").strip() or title_of(all_lines)
    units = _units(all_lines, posting_title)
    placed = place([s for _, s in units], [k for k, _ in units], embedder or _default())
    requirements: list[Requirement] = []
    set_aside: list[SetAside] = []
    seen: set[tuple[str, str]] = set()
    for (section, sentence), where in zip(units, placed, strict=True):
        if where.part not in ("requirements", "responsibilities"):
            set_aside.append(SetAside(sentence, where.part, where.reason))
            continue
        weight = MUST_WEIGHT if where.part == "requirements" else RESPONSIBILITY_WEIGHT
        for requirement in asks(sentence, nice=section == "nice", weight=weight):
            key = (requirement.kind, requirement.text.lower())
            if key not in seen:
                seen.add(key)
                requirements.append(requirement)
    return JobPosting(
        posting_title, tuple(requirements), _summary(units, posting_title), tuple(set_aside)
    )


def _units(all_lines: list[str], title: str) -> list[tuple[str | None, str]]:
    """Each sentence with the section kind of the heading above it (None before any)."""
    current: str | None = None
    out: list[tuple[str | None, str]] = []
    title_seen = not title
    for line in all_lines:
        found = heading(line)
        if found is not None:
            current, line = found
            if not line:
                continue
        if not title_seen and line.lstrip("# ").startswith(title):
            title_seen = True
            rest = line.lstrip("# ")[len(title) :].strip()
            if not rest or not re.search(r"[a-z]{3,}\s+[a-z]{3,}", rest):
                continue  # the title line with company, place and pay: not a sentence
            line = rest
        for sentence in sentences(line):
            inline = heading(sentence) if ":" in sentence[:60] else None
            if inline is not None:  # "... the job. Location: Wall Street."
                current, sentence = inline
                if not sentence:
                    continue
            out.append((current, sentence))
    return out


def _summary(units: list[tuple[str | None, str]], title: str) -> str:
    """The posting's own summary, else its opening text, else its duties or "about us"."""
    for wanted in ("summary", None, "responsibilities", "about"):
        text = " ".join(s for kind, s in units if kind == wanted and not s.startswith(title))
        if len(text) > 40:
            return text[:_SUMMARY_CHARS].rsplit(" ", 1)[0] if len(text) > _SUMMARY_CHARS else text
    return ""


def _default() -> Embedder:
    with _DEFAULT_LOCK:
        if not _DEFAULT:
            _DEFAULT.append(CachedEmbedder(BundledEmbedder()))
        return _DEFAULT[0]
