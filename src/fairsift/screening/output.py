"""The output row for one (job, candidate) pair: the JSONL shape the CLI, API and store share."""

from __future__ import annotations

from typing import Any

from fairsift.domain import ScreeningAssessment

__all__ = ["CSV_FIELDS", "assessment_row", "csv_row", "error_row"]


def assessment_row(assessment: ScreeningAssessment) -> dict[str, Any]:
    """Everything a reviewer needs to check the recommendation line by line.
    `rank` is filled in once the whole job has been screened."""
    return {
        "job": assessment.job,
        "candidate": assessment.candidate,
        "sha256": assessment.sha256,
        "score": assessment.score,
        "rank": None,
        "explanation": assessment.explanation,
        "requirements": [match.to_dict() for match in assessment.matches],
        "findings": [finding.to_dict() for finding in assessment.findings],
        "error": None,
        "provenance": assessment.provenance.to_dict(),
    }


def error_row(job: str, candidate: str, sha256: str | None, error: str) -> dict[str, Any]:
    return {
        "job": job,
        "candidate": candidate,
        "sha256": sha256,
        "score": None,
        "rank": None,
        "explanation": None,
        "requirements": [],
        "findings": [],
        "error": error,
        "provenance": None,
    }


CSV_FIELDS = [
    "job",
    "candidate",
    "rank",
    "score",
    "met",
    "partial",
    "not_met",
    "unknown",
    "top_evidence",
    "findings",
    "error",
    "sha256",
]


def csv_row(row: dict[str, Any]) -> dict[str, Any]:
    statuses = [r["status"] for r in row["requirements"]]
    top = next(
        (f"{r['text']}: {r['evidence'][0]['quote']}" for r in row["requirements"] if r["evidence"]),
        "",
    )
    return {
        "job": row["job"],
        "candidate": row["candidate"],
        "rank": row["rank"],
        "score": row["score"],
        "met": statuses.count("met"),
        "partial": statuses.count("partial"),
        "not_met": statuses.count("not_met"),
        "unknown": statuses.count("unknown"),
        "top_evidence": top,
        "findings": "; ".join(f"{f['kind']}: {f['detail']}" for f in row["findings"]),
        "error": row["error"] or "",
        "sha256": row["sha256"] or "",
    }
