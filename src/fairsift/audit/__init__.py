"""Accountability: bias audits (NYC Local Law 144), counterfactual tests, the AI use-case
record and the candidate notice."""

from fairsift.audit.bias import (
    FOUR_FIFTHS,
    SMALL_SHARE,
    BiasAudit,
    CategoryRate,
    RateTable,
    bias_audit,
)
from fairsift.audit.records import (
    Decision,
    Demographic,
    read_decisions_csv,
    read_demographics_csv,
)
from fairsift.audit.report import render_csv, render_json
from fairsift.audit.report_html import render_html

__all__ = [
    "FOUR_FIFTHS",
    "SMALL_SHARE",
    "BiasAudit",
    "CategoryRate",
    "Decision",
    "Demographic",
    "RateTable",
    "bias_audit",
    "read_decisions_csv",
    "read_demographics_csv",
    "render_csv",
    "render_html",
    "render_json",
]
