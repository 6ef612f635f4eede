"""A bias audit as one HTML page, ready to publish: tables and bar charts of rates and impact
ratios with the four-fifths line, the data source and the date. Inline SVG and CSS only: no
script, no font, image or style sheet from anywhere else."""

from __future__ import annotations

from html import escape

from fairsift import __version__
from fairsift.audit.bias import FOUR_FIFTHS, BiasAudit, CategoryRate, RateTable
from fairsift.audit.report import note

__all__ = ["render_html"]

_TITLES = {
    "sex": "By sex",
    "race_ethnicity": "By race/ethnicity",
    "intersectional": "By sex and race/ethnicity (intersectional)",
}
_CSS = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2530;
       margin: 0 auto; max-width: 1000px; padding: 24px 28px 48px; background: #fff; }
h1 { font-size: 26px; margin: 0 0 4px; } h2 { font-size: 21px; margin: 36px 0 4px;
     border-bottom: 2px solid #1d2530; padding-bottom: 4px; }
h3 { font-size: 17px; margin: 24px 0 8px; }
.lede { color: #4a5563; margin: 0 0 16px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0;
           padding: 12px 16px; background: #f3f5f8; border-radius: 6px; }
dl.facts dt { font-weight: 600; } dl.facts dd { margin: 0; }
.caveat { border-left: 4px solid #b7791f; background: #fdf6e7; padding: 8px 12px; }
.flags { border-left: 4px solid #b83227; background: #fbeceb; padding: 8px 12px; }
.flags.none { border-left-color: #2f7d4f; background: #ecf6ef; }
svg.chart { display: block; width: 100%; height: auto; margin: 8px 0; }
svg text { font: 12px system-ui, sans-serif; fill: #1d2530; }
svg .axis text { fill: #4a5563; font-size: 11px; }
svg .grid { stroke: #dfe3e8; stroke-width: 1; }
svg .bar.rate { fill: #3f6ea8; } svg .bar.ratio { fill: #2f7d4f; }
svg .bar.ratio.below { fill: #b83227; }
svg .four-fifths { stroke: #1d2530; stroke-width: 2; stroke-dasharray: 6 4; }
svg .muted { fill: #6b7480; font-style: italic; }
svg .value, svg .muted, svg .line-label { paint-order: stroke; stroke: #fff; stroke-width: 4px;
                                          stroke-linejoin: round; }
table { border-collapse: collapse; width: 100%; font-size: 14px; margin: 4px 0 8px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #dfe3e8; }
th:last-child, td:last-child { width: 45%; }
th { background: #f3f5f8; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.below td { background: #fbeceb; } tr.excluded td, tr.empty td { color: #6b7480; }
footer { margin-top: 40px; font-size: 13px; color: #4a5563; }
"""

# Chart geometry (SVG user units; the chart scales to the page width).
_LABEL_W, _PANEL_W, _GAP, _ROW_H, _TOP = 330, 260, 56, 24, 34
_CHAR_W = 7  # a 12 px label's average character width, to keep labels off the 0.8 line


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def _ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _rate_scale(rows: tuple[CategoryRate, ...]) -> float:
    """The smallest of 10 %, 25 %, 50 %, 100 % that holds every rate, so small rates stay
    visible; the axis says which (five intervals of 2, 5, 10 or 20 points)."""
    top = max((r.rate for r in rows if r.rate is not None), default=0.0)
    return next(s for s in (0.1, 0.25, 0.5, 1.0) if top <= s)


def _chart(measure: str, dimension: str, rows: tuple[CategoryRate, ...]) -> str:
    rate_x = _LABEL_W
    ratio_x = _LABEL_W + _PANEL_W + _GAP
    width = ratio_x + _PANEL_W + 110
    height = _TOP + _ROW_H * len(rows) + 30
    scale = _rate_scale(rows)
    rate_name = "Selection rate" if measure == "selection" else "Scoring rate"
    ident = f"{measure}-{dimension}"
    out = [
        f'<svg class="chart" id="chart-{ident}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="title-{ident}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="title-{ident}">{rate_name} and impact ratio, {_TITLES[dimension]}</title>',
        f'<text x="{rate_x}" y="14" font-weight="600">{rate_name} (axis 0–{scale:.0%})</text>',
        f'<text x="{ratio_x}" y="14" font-weight="600">Impact ratio (axis 0–1)</text>',
        '<g class="axis">',
    ]
    bottom = _TOP + _ROW_H * len(rows)
    for i in range(6):
        x = rate_x + _PANEL_W * i / 5
        out.append(f'<line class="grid" x1="{x:.1f}" x2="{x:.1f}" y1="{_TOP - 4}" y2="{bottom}"/>')
        out.append(
            f'<text x="{x:.1f}" y="{bottom + 16}" text-anchor="middle">{scale * i / 5:.0%}</text>'
        )
    for i in range(6):
        x = ratio_x + _PANEL_W * i / 5
        out.append(f'<line class="grid" x1="{x:.1f}" x2="{x:.1f}" y1="{_TOP - 4}" y2="{bottom}"/>')
        out.append(f'<text x="{x:.1f}" y="{bottom + 16}" text-anchor="middle">{i / 5:.1f}</text>')
    out.append("</g>")
    texts: list[str] = []  # drawn after the four-fifths line, so the line never hides them
    line_x = ratio_x + _PANEL_W * FOUR_FIFTHS
    for i, row in enumerate(rows):
        y = _TOP + _ROW_H * i
        mid = y + _ROW_H / 2 + 4
        data = f'data-category="{escape(row.category)}"'
        texts.append(f'<text x="{_LABEL_W - 10}" y="{mid:.1f}" text-anchor="end">'
                     f"{escape(row.category)}</text>")  # fmt: skip
        if row.rate is None:
            texts.append(f'<text class="muted" x="{rate_x + 4}" y="{mid:.1f}">no applicants</text>')
        else:
            w = _PANEL_W * row.rate / scale
            out.append(
                f'<rect class="bar rate" {data} data-value="{row.rate:.6f}" x="{rate_x}" '
                f'y="{y + 4}" width="{w:.2f}" height="{_ROW_H - 8}"/>'
            )
            texts.append(
                f'<text class="value" x="{rate_x + w + 4:.1f}" y="{mid:.1f}">'
                f"{_pct(row.rate)}</text>"
            )
        if row.impact_ratio is None:
            why = (
                "no applicants" if row.applicants == 0
                else "excluded: under 2 %" if row.excluded
                else "undefined: highest rate is 0"
            )  # fmt: skip
            texts.append(f'<text class="muted" x="{ratio_x + 4}" y="{mid:.1f}">{why}</text>')
        else:
            w = _PANEL_W * row.impact_ratio
            below = " below" if row.below_four_fifths else ""
            out.append(
                f'<rect class="bar ratio{below}" {data} data-value="{row.impact_ratio:.6f}" '
                f'x="{ratio_x}" y="{y + 4}" width="{w:.2f}" height="{_ROW_H - 8}"/>'
            )
            flag = " ◀ under 0.8" if below else ""
            label = f"{_ratio(row.impact_ratio)}{flag}"
            x = ratio_x + w + 4
            if x < line_x + 4 and x + _CHAR_W * len(label) > line_x - 2:
                x = line_x + 5  # start past the four-fifths line rather than across it
            texts.append(f'<text class="value" x="{x:.1f}" y="{mid:.1f}">{label}</text>')
    out.append(
        f'<line class="four-fifths" x1="{line_x:.1f}" x2="{line_x:.1f}" y1="{_TOP - 8}" '
        f'y2="{bottom + 2}"/>'
    )
    out += texts
    out.append(
        f'<text class="line-label" x="{line_x:.1f}" y="{_TOP - 12}" text-anchor="middle" '
        'font-weight="600">0.8 (four-fifths)</text>'
    )
    out.append("</svg>")
    return "\n".join(out)


def _table(measure: str, rows: tuple[CategoryRate, ...], audit: BiasAudit) -> str:
    hit = "Selected" if measure == "selection" else "Above median"
    rate = "Selection rate" if measure == "selection" else "Scoring rate"
    out = [
        "<table>",
        f"<thead><tr><th>Category</th><th>Applicants</th><th>{hit}</th><th>{rate}</th>"
        "<th>Impact ratio</th><th>Note</th></tr></thead><tbody>",
    ]
    for row in rows:
        cls = (
            "empty" if row.applicants == 0
            else "excluded" if row.excluded
            else "below" if row.below_four_fifths
            else ""
        )  # fmt: skip
        out.append(
            f'<tr class="{cls}"><td>{escape(row.category)}</td>'
            f'<td class="num">{row.applicants}</td><td class="num">{row.selected}</td>'
            f'<td class="num">{_pct(row.rate)}</td><td class="num">{_ratio(row.impact_ratio)}</td>'
            f"<td>{escape(note(row, audit))}</td></tr>"
        )
    out.append("</tbody></table>")
    return "\n".join(out)


def _measure(measure: str, table: RateTable, audit: BiasAudit) -> str:
    if measure == "selection":
        head = (
            "<h2>Selection rates</h2><p class='lede'>Selection rate = applicants moved forward "
            "÷ applicants in the category; impact ratio = the category's selection rate ÷ the "
            "highest selection rate among the categories compared.</p>"
        )
    else:
        head = (
            f"<h2>Scoring rates</h2><p class='lede'>Scoring rate = share of the category "
            f"scoring above the median score of all {audit.scored} scored applications "
            f"({audit.median_score:.2f}); impact ratio = the category's scoring rate ÷ the "
            f"highest scoring rate among the categories compared.</p>"
        )
    parts = [f'<section id="{measure}">', head]
    for dimension, rows in table.dimensions():
        unknown = {
            "sex": audit.unknown_sex,
            "race_ethnicity": audit.unknown_race_ethnicity,
            "intersectional": audit.unknown_intersectional,
        }[dimension]
        parts.append(
            f'<section class="dimension" id="{measure}-{dimension}">'
            f"<h3>{_TITLES[dimension]}</h3>"
            f"<p class='lede'>Not included because the answer is unknown: {unknown} "
            f"applicant{'s' if unknown != 1 else ''}.</p>"
        )
        parts.append(_chart(measure, dimension, rows))
        parts.append(_table(measure, rows, audit))
        parts.append("</section>")
    parts.append("</section>")
    return "\n".join(parts)


def render_html(audit: BiasAudit, title: str = "Bias audit of fairsift resume screening") -> str:
    flagged = audit.flagged()
    if flagged:
        groups: dict[tuple[str, str], list[str]] = {}
        for measure, dimension, row in flagged:
            groups.setdefault((measure, dimension), []).append(
                f"{escape(row.category)} {_ratio(row.impact_ratio)}"
            )
        items = "".join(
            f"<li>{measure.capitalize()} rate, {_TITLES[dimension].lower()}: {', '.join(cats)}</li>"
            for (measure, dimension), cats in groups.items()
        )
        flags = (
            f'<div class="flags"><strong>{len(flagged)} impact ratio'
            f"{'s' if len(flagged) != 1 else ''} under 0.8:</strong><ul>{items}</ul></div>"
        )
    else:
        flags = '<div class="flags none">No impact ratio is under 0.8.</div>'
    selected_by = (
        f"score ≥ {audit.threshold:g} (the tool's recommendation)"
        if audit.threshold is not None
        else "the recorded decision"
    )
    facts = [
        ("Tool", f"fairsift {escape(__version__)}: resume screening; it recommends, people "
                 "decide"),
        ("Date of this audit", audit.date.isoformat()),
        ("Data source", escape(audit.source or "decisions and self-identified demographics")),
        ("Applications", str(audit.applicants)),
        ("Selected means", selected_by),
        ("Scored applications", str(audit.scored)),
        ("Median score", "—" if audit.median_score is None else f"{audit.median_score:.2f}"),
        ("Unknown sex", str(audit.unknown_sex)),
        ("Unknown race/ethnicity", str(audit.unknown_race_ethnicity)),
    ]  # fmt: skip
    body = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>",
        f"<header><h1>{escape(title)}</h1>",
        "<p class='lede'>Selection and scoring rates and impact ratios by sex, race/ethnicity "
        "and their intersections, computed as New York City's Local Law 144 rules "
        "(6 RCNY §5-300 ff.) define them, from self-identified demographics. Nothing about "
        "anyone's sex or race/ethnicity was inferred.</p>",
        '<dl class="facts">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts) + "</dl>",
        "</header>",
        '<p class="caveat"><strong>Four-fifths rule.</strong> Impact ratios under 0.8 are '
        "flagged, following the EEOC's four-fifths rule. It is a rule of thumb for where to "
        "look closer, not proof of discrimination or of its absence; small categories swing "
        "widely by chance.</p>",
        flags,
        _measure("selection", audit.selection, audit),
    ]
    if audit.scoring is not None:
        body.append(_measure("scoring", audit.scoring, audit))
    else:
        body.append("<h2>Scoring rates</h2><p class='lede'>No scores were given: no scoring "
                    "rates.</p>")  # fmt: skip
    body += [
        '<section id="method"><h2>How to read this</h2><ul>',
        "<li>Every EEO-1 Component 1 category is listed. A category without applicants has no "
        "rate (—) rather than being left out.</li>",
        f"<li>Categories under {audit.exclude_below:.0%} of the applicants are excluded from "
        "impact ratios, as the rules allow; their count and rate are shown and the reason "
        "is given beside them. They are never the reference category.</li>",
        "<li>Where several categories share the highest rate, each has impact ratio 1.0. "
        "Where the highest rate is 0, impact ratios are undefined (—).</li>",
        "<li>Unknown means the applicant did not answer or declined; they are counted above "
        "and left out of that dimension's rates. The intersectional table needs both "
        "answers.</li>",
        "<li>Local Law 144 requires the audit to be conducted by an independent auditor; "
        "these figures are what such an auditor would compute, from the data named above.</li>",
        "</ul></section>",
        f"<footer>Generated by fairsift {escape(__version__)} on {audit.date.isoformat()}. "
        "This page has no scripts and loads nothing from elsewhere.</footer>",
        "</body></html>",
    ]
    return "\n".join(body) + "\n"
