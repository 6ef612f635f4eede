"""Job postings: read from a posting as published (fairsift.screening.posting), or from a
TOML spec (fairsift.screening.posting.spec). Kept as the one import for callers."""

from __future__ import annotations

from fairsift.screening.posting import JobPosting, SetAside, parse_job
from fairsift.screening.posting.asks import MUST_WEIGHT, NICE_WEIGHT
from fairsift.screening.posting.spec import KINDS, load_job_spec

__all__ = [
    "KINDS",
    "MUST_WEIGHT",
    "NICE_WEIGHT",
    "JobPosting",
    "SetAside",
    "load_job_spec",
    "parse_job",
]
