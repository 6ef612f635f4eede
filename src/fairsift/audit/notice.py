"""The candidate notice NYC Local Law 144 requires (Admin. Code §20-871(b), 6 RCNY §5-304):
that an automated employment decision tool will be used, the job qualifications and
characteristics it assesses, the type, source and retention of the data, and how to ask for
an alternative selection process or an accommodation.

The qualifications are exactly the requirements fairsift extracted from the job (the same
code path as screening), so the notice cannot drift from what is scored. What only the
employer knows (its name, contact, retention policy, where the bias audit is published) is
passed in; anything not given is left as a [bracketed placeholder] to fill in before use.
The employer must give the notice at least ten business days before the tool is used.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from fairsift.config import Settings, load_settings
from fairsift.domain import Requirement
from fairsift.errors import ConfigError, InputError
from fairsift.models.embed import Vectors
from fairsift.screening.pipeline import Screener

__all__ = ["notice", "notice_data"]

_KIND_WORDS = {
    "role": "Background in the role",
    "skill": "Skill",
    "experience": "Experience",
    "degree": "Education",
    "certification": "Certification or licence",
    "language": "Language",
    "other": "Other",
}


class _NoVectors:
    """Requirements without their embeddings: the notice lists them, it does not match."""

    name = "none"
    version = "0"

    def embed(self, texts: Sequence[str]) -> Vectors:
        return np.zeros((len(texts), 512), dtype=np.float32)


def _describe(req: Requirement) -> str:
    text = " ".join(req.text.split())
    if req.kind == "role":
        return f"Background and experience as {text} (as shown by the roles and work described)"
    if req.kind == "experience" and req.years:
        return f"{text} (about {req.years:g} years, counted from the dated roles)"
    return text


def notice_data(
    job: str | Path,
    *,
    employer: str | None = None,
    contact: str | None = None,
    retention: str | None = None,
    audit_url: str | None = None,
    settings: Settings | None = None,
    service_url: str | None = None,
) -> dict[str, Any]:
    """The notice's content as data (the Markdown and JSON forms are made from it)."""
    path = Path(job)
    if not path.is_file():
        raise InputError(f"job file {path} does not exist", "Check the path given to --job")
    screener = Screener(settings or load_settings(), _NoVectors(), date.today())
    loaded = screener.load_job(path)
    requirements = [
        {
            "kind": _KIND_WORDS.get(r.kind, r.kind),
            "requirement": _describe(r),
            "importance": "required" if r.importance == "must" else "preferred",
            "weight": r.weight,
        }
        for r in loaded.requirements
    ]
    if not requirements:
        raise ConfigError(
            f"fairsift found no requirements in {path}",
            "Check the posting with `fairsift job show`, or write a TOML job spec",
        )
    blind = screener.settings.blind
    return {
        "employer": employer or "[employer name]",
        "position": loaded.title or "[position title]",
        "job_source": str(path),
        "tool": "fairsift, an automated employment decision tool that reads resumes and "
        "recommends how well each meets the job's stated requirements",
        "requirements": requirements,
        "blind": blind,
        "contact": contact or "[e-mail address, postal address or web form]",
        "retention": retention
        or "[how long you keep applications, assessments and decisions, e.g. "
        "'two years after the position is filled, then deleted']",
        "audit_url": audit_url or "[web address where the latest bias audit summary is published]",
        "date": date.today().isoformat(),
        # The public page where a candidate asks for an alternative process or an
        # accommodation; the request reaches the reviewers and keeps the AI out.
        "request_url": None
        if not service_url
        else f"{service_url.rstrip('/')}/alternative?job={loaded.sha256}",
    }


def _markdown(d: dict[str, Any]) -> str:
    required = [r for r in d["requirements"] if r["importance"] == "required"]
    preferred = [r for r in d["requirements"] if r["importance"] == "preferred"]
    lines = [
        f"# Notice: automated tool used in hiring for {d['position']}",
        "",
        f"{d['employer']} uses an automated employment decision tool, **fairsift**, to help "
        f"assess applications for **{d['position']}**. We give you this notice at least ten "
        "business days before the tool is used on your application.",
        "",
        "## What the tool does",
        "",
        "fairsift reads the resume and documents you send and, for each requirement below, "
        "shows a person the passages of your resume that meet it, with a score from 0 to 100 "
        "whose arithmetic is written out. It only recommends: a person reviews every "
        "application and makes the decision.",
        "",
    ]
    role = next((r for r in d["requirements"] if r["kind"] == _KIND_WORDS["role"]), None)
    weighting = "Required qualifications count fully and preferred ones half"
    if role is not None:
        weighting += (
            "; your background in the role counts as much as all the other qualifications together"
        )
    lines += [weighting + ".", ""]
    if d["blind"]:
        lines += [
            "The tool works on a copy of your resume with your name, contact details, "
            "address, date of birth or age, gender markers, photo, nationality, religion, "
            "marital status and graduation years masked, so it does not see them.",
            "",
        ]
    lines += [
        "## Qualifications and characteristics it assesses",
        "",
        "Required:",
        "",
        *[f"- {r['kind']}: {r['requirement']}" for r in required],
        "",
    ]
    if preferred:
        lines += [
            "Preferred (count half as much):",
            "",
            *[f"- {r['kind']}: {r['requirement']}" for r in preferred],
            "",
        ]
    lines += [
        "It does not assess personality, facial expressions, voice, social media or anything "
        "not written in the documents you send, and it never uses sex, race, ethnicity, age, "
        "disability or any other protected characteristic.",
        "",
        "## Data, source and retention",
        "",
        "- Data used: the resume and any documents you submit with your application, the "
        "tool's assessment of them, and the decision a person makes.",
        "- Source: you. The tool does not look you up anywhere else.",
        "- Self-identified sex and race/ethnicity, if you choose to give them, are kept "
        "apart from your application, are never seen by the tool or the reviewers, and are "
        "used only in counts for bias audits.",
        f"- Retention: {d['retention']}",
        "",
        "## Asking for another process or an accommodation",
        "",
        "You may ask to be assessed by an alternative selection process, without the tool, "
        "or for a reasonable accommodation. Contact "
        f"{d['contact']}. Asking will not count against you.",
        "",
        *(
            [
                f"Or ask here: {d['request_url']} — your application is then kept out of "
                "the tool's ranking and a person assesses it.",
                "",
            ]
            if d.get("request_url")
            else []
        ),
        "## Bias audit",
        "",
        "The tool's most recent bias audit, with its date and a summary of its results, is "
        f"published at {d['audit_url']}.",
        "",
        f"_Notice prepared on {d['date']} from {d['job_source']}._",
    ]
    return "\n".join(lines) + "\n"


def notice(
    job: str | Path,
    *,
    employer: str | None = None,
    contact: str | None = None,
    retention: str | None = None,
    audit_url: str | None = None,
    format: str = "md",
    settings: Settings | None = None,
    service_url: str | None = None,
) -> str:
    """The LL144 candidate notice for `job` as Markdown (also fine as plain text) or JSON."""
    if format not in ("md", "json"):
        raise ConfigError(f"unknown format {format!r}", "Use md or json")
    data = notice_data(
        job,
        employer=employer,
        contact=contact,
        retention=retention,
        audit_url=audit_url,
        settings=settings,
        service_url=service_url,
    )
    if format == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return _markdown(data)
