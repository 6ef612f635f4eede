"""A bias audit as JSON (the published shape) or CSV (one row per category and measure)."""

from __future__ import annotations

import csv
import io
import json

from fairsift.audit.bias import BiasAudit, CategoryRate

__all__ = ["CSV_COLUMNS", "note", "render_csv", "render_json"]

CSV_COLUMNS = (
    "measure",
    "dimension",
    "category",
    "applicants",
    "selected",
    "rate",
    "impact_ratio",
    "excluded",
    "below_four_fifths",
    "note",
)


def note(row: CategoryRate, audit: BiasAudit) -> str:
    """Why a row has no impact ratio, or why it is flagged; empty otherwise."""
    if row.applicants == 0:
        return "no applicants in this category: no rate"
    if row.excluded:
        return (
            f"excluded from impact ratios: {row.share:.2%} of the applicants, under "
            f"{audit.exclude_below:.0%} (6 RCNY §5-301(d)); count and rate shown"
        )
    if row.impact_ratio is None:
        return "highest rate is 0: impact ratios undefined"
    if row.below_four_fifths:
        return "impact ratio under 0.8 (four-fifths rule of thumb): look closer"
    return ""


def render_json(audit: BiasAudit) -> str:
    return json.dumps(audit.to_dict(), indent=2, ensure_ascii=False) + "\n"


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def render_csv(audit: BiasAudit) -> str:
    """Rates as a table; the unknown counts and the median follow as their own rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for measure, table in (("selection", audit.selection), ("scoring", audit.scoring)):
        if table is None:
            continue
        for dimension, rows in table.dimensions():
            for row in rows:
                writer.writerow(
                    [
                        measure,
                        dimension,
                        row.category,
                        row.applicants,
                        row.selected,
                        _number(row.rate),
                        _number(row.impact_ratio),
                        "true" if row.excluded else "false",
                        "true" if row.below_four_fifths else "false",
                        note(row, audit),
                    ]
                )
    for dimension, count in (
        ("sex", audit.unknown_sex),
        ("race_ethnicity", audit.unknown_race_ethnicity),
    ):
        writer.writerow(
            ["unknown", dimension, "", count, "", "", "", "", "",
             "applicants without a self-identified answer: not in this dimension's rates"]
        )  # fmt: skip
    if audit.median_score is not None:
        writer.writerow(
            ["median_score", "", "", audit.scored, "", f"{audit.median_score:.4f}", "", "", "",
             "median score of every scored application; scoring rate = share above it"]
        )  # fmt: skip
    return out.getvalue()
