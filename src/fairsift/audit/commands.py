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
from pathlib import Path

from fairsift.audit.bias import SMALL_SHARE, bias_audit
from fairsift.audit.counterfactual import counterfactual_audit, render_counterfactual
from fairsift.audit.evidence import save_evidence
from fairsift.audit.records import read_decisions_csv, read_demographics_csv
from fairsift.audit.report import render_csv, render_json
from fairsift.audit.report_html import render_html
from fairsift.errors import ConfigError, InputError

__all__ = ["BIAS_FORMATS", "audit_bias", "audit_counterfactual"]

BIAS_FORMATS = ("html", "json", "csv")


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
) -> str:
    """`fairsift audit bias`: decisions and demographics from CSV files (or, once the store
    keeps decisions, from --db), the audit in HTML, JSON or CSV."""
    if format not in BIAS_FORMATS:
        raise ConfigError(f"unknown format {format!r}", f"Use one of {', '.join(BIAS_FORMATS)}")
    if decisions is None or demographics is None:
        if db is not None and decisions is None and demographics is None:
            raise ConfigError(
                "reading decisions and demographics from the store is not available yet",
                "Export them to CSV and pass --decisions D.csv --demographics G.csv",
            )
        raise ConfigError(
            "a bias audit needs both --decisions and --demographics",
            "Pass --decisions D.csv --demographics G.csv",
        )
    rows = read_decisions_csv(decisions, threshold=threshold)
    people = read_demographics_csv(demographics)
    source = (
        f"{len(rows)} decisions from {decisions.name}; self-identification from {demographics.name}"
    )
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
    renderer = {"html": render_html, "json": render_json, "csv": render_csv}[format]
    return _write(renderer(audit), output)


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
