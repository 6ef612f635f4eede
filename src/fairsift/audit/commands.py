"""The audit commands as importable functions, one per CLI command, taking the command's
options as parameters and returning the text the command prints or writes:

    fairsift audit bias            audit_bias(db=, decisions=, demographics=, threshold=,
                                              format=, output=, evidence=)
    fairsift audit counterfactual  audit_counterfactual(job, resumes, format=, output=,
                                                        names_per_group=, evidence=)
    fairsift usecase               fairsift.audit.usecase.usecase(format=, db=)
    fairsift notice                fairsift.audit.notice.notice(job, employer=, contact=, ...)

With `evidence` (a folder; see fairsift.audit.evidence), the figures are also saved there for
the AI use-case record.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from fairsift.audit.bias import SMALL_SHARE, bias_audit
from fairsift.audit.counterfactual import counterfactual_audit, render_counterfactual
from fairsift.audit.evidence import save_evidence
from fairsift.audit.records import (
    Decision,
    Demographic,
    apply_threshold,
    read_decisions_csv,
    read_demographics_csv,
)
from fairsift.audit.report import render_csv, render_json
from fairsift.audit.report_html import render_html
from fairsift.errors import ConfigError, InputError

__all__ = [
    "BIAS_FORMATS",
    "audit_bias",
    "audit_counterfactual",
    "decisions_from_store",
    "demographics_from_store",
    "import_demographics",
]

BIAS_FORMATS = ("html", "json", "csv", "summary")


def _write(text: str, output: Path | None) -> str:
    if output is not None:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise InputError(
                f"cannot write {output}: {exc.strerror}", "Choose a writable path"
            ) from None
    return text


def audit_bias(
    *,
    db: str | None = None,
    decisions: Path | None = None,
    demographics: Path | None = None,
    threshold: float | None = None,
    format: str = "html",
    output: Path | None = None,
    evidence: Path | None = None,
    exclude_below: float = SMALL_SHARE,
    distribution_date: date | None = None,
    employer: str | None = None,
) -> str:
    """`fairsift audit bias`: decisions and demographics from the store (`db`) or from CSV
    files (a CSV given wins over the store), the audit in HTML, JSON or CSV."""
    if format not in BIAS_FORMATS:
        raise ConfigError(f"unknown format {format!r}", f"Use one of {', '.join(BIAS_FORMATS)}")
    if db is None and (decisions is None or demographics is None):
        raise ConfigError(
            "a bias audit needs decisions and demographics",
            "Pass --db URL (the store's decisions and self-identification), or "
            "--decisions D.csv --demographics G.csv",
        )
    parts = []
    if decisions is not None:
        rows = read_decisions_csv(decisions, threshold=threshold)
        parts.append(f"{len(rows)} decisions from {decisions.name}")
    else:
        rows = decisions_from_store(str(db), threshold=threshold)
        parts.append(
            f"{len(rows)} application decisions (the latest per application) from the store"
        )
    if demographics is not None:
        people = read_demographics_csv(demographics)
        parts.append(f"self-identification from {demographics.name}")
    else:
        people = demographics_from_store(str(db))
        parts.append(f"self-identification of {len(people)} candidates from the store")
    source = "; ".join(parts)
    audit = bias_audit(rows, people, exclude_below=exclude_below, source=source)
    if evidence is not None:
        save_evidence(
            "audit-bias",
            {
                "date": audit.date.isoformat(),
                "source": audit.source,
                "applicants": audit.applicants,
                "scored": audit.scored,
                "threshold": threshold,
                "figures": audit.to_dict(),
            },
            evidence,
        )
    if format == "summary":  # the LL144 publication: HTML, or PDF for an output named .pdf
        from fairsift.audit.summary import SummaryFacts, render_summary, summary_pdf

        first, last = _data_dates(str(db)) if decisions is None else (None, None)
        facts = SummaryFacts(first, last, distribution_date, employer)
        if output is not None and output.suffix.lower() == ".pdf":
            try:
                output.write_bytes(summary_pdf(audit, facts))
            except OSError as exc:
                raise InputError(
                    f"cannot write {output}: {exc.strerror}", "Choose a writable path"
                ) from None
            return f"wrote the summary as PDF to {output}\n"
        return _write(render_summary(audit, facts), output)
    renderer = {"html": render_html, "json": render_json, "csv": render_csv}[format]
    return _write(renderer(audit), output)


def _data_dates(db: str) -> tuple[date | None, date | None]:
    """The first and last day of the decisions in the store."""
    from fairsift.store import Store

    with Store.open(db) as store:
        days = sorted(str(d["created_at"])[:10] for d in store.all_decisions("application"))
    if not days:
        return None, None
    return date.fromisoformat(days[0]), date.fromisoformat(days[-1])


def decisions_from_store(db: str, threshold: float | None = None) -> list[Decision]:
    """One row per application a person decided: its latest decision (advance = selected)
    and the tool's score. Applications without a decision are not counted."""
    from fairsift.store import Store

    with Store.open(db) as store:
        latest = {int(d["item_id"]): d for d in store.all_decisions("application")}
        merged = store.merges()
        jobs = {
            int(a["id"]): a.get("job_sha256")
            for a in store.list_assessments("screening", limit=10**9)
        }
    # One person applying twice to one job (the same resume, or resumes a reviewer merged) is
    # counted once: selected if any of their applications was, with their best score.
    people: dict[tuple[str, object], Decision] = {}
    for item_id, d in sorted(latest.items()):
        if not d["candidate_sha256"]:
            continue
        who = merged.get(str(d["candidate_sha256"]), str(d["candidate_sha256"]))
        key = (who, jobs.get(item_id))
        score = d.get("score")
        seen = people.get(key)
        if seen is not None:
            scores = [x for x in (seen.score, score) if x is not None]
            people[key] = Decision(
                who, seen.selected or bool(d["selected"]), max(scores) if scores else None
            )
        else:
            people[key] = Decision(who, bool(d["selected"]), score)
    rows = list(people.values())
    if not rows:
        raise InputError(
            "the store holds no decision on an application yet",
            "Decide applications in the review service first, or pass --decisions D.csv",
        )
    return apply_threshold(rows, threshold) if threshold is not None else rows


def demographics_from_store(db: str) -> list[Demographic]:
    """Self-identification from its own table (candidates are keyed by their resume's
    sha256, as decisions are)."""
    from fairsift.store import Store

    with Store.open(db) as store:
        rows = {d["candidate_sha256"]: d for d in store.demographics()}
        merged = store.merges()
    # A merged duplicate is counted as the person it was merged into: their answers stand
    # for that person when the person's own resume has none.
    for duplicate, primary in sorted(merged.items()):
        if primary not in rows and duplicate in rows:
            rows[primary] = rows[duplicate]
    return [
        Demographic(sha, d["sex"], d["race_ethnicity"])
        for sha, d in sorted(rows.items())
        if merged.get(sha) is None
    ]


def import_demographics(db: str, path: Path, actor: str = "cli") -> int:
    """Put self-identification from a CSV (candidate, sex, race_ethnicity) into the store's
    separate table; `candidate` is the resume's sha256. Returns the rows stored."""
    from fairsift.store import Store

    people = [
        Demographic(p.candidate.strip().lower(), p.sex, p.race_ethnicity)
        for p in read_demographics_csv(path)
    ]
    for person in people:
        if len(person.candidate) != 64 or any(
            c not in "0123456789abcdef" for c in person.candidate
        ):
            raise InputError(
                f"{path.name}: candidate {person.candidate!r} is not a resume's sha256",
                "Use the sha256 column of `fairsift screen --format csv` as the candidate",
            )
    with Store.open(db) as store:
        for person in people:
            store.put_demographic(person.candidate, person.sex, person.race_ethnicity, actor)
    return len(people)


def audit_counterfactual(
    job: Path,
    resumes: Sequence[Path],
    *,
    format: str = "md",
    output: Path | None = None,
    names_per_group: int | None = None,
    evidence: Path | None = None,
) -> str:
    """`fairsift audit counterfactual --job JOB RESUMES...`: blind and no-blind score
    changes per kind of identity swap, and any identity the blind scorer can read."""
    if not job.is_file():
        raise InputError(f"job file {job} does not exist", "Check the path given to --job")
    missing = [str(p) for p in resumes if not Path(p).is_file()]
    if missing:
        raise InputError(f"not found: {', '.join(missing)}", "Check the resume paths")
    report = counterfactual_audit(job, resumes, names_per_group=names_per_group)
    if evidence is not None:
        save_evidence("audit-counterfactual", report.to_dict(), evidence)
    return _write(render_counterfactual(report, format), output)
