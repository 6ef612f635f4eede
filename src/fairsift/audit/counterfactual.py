"""Counterfactual tests: does a score move when only who the person seems to be changes?

Each resume is rewritten per kind of swap (name, pronouns, age, address; see
fairsift.audit.variants), every variant is screened against the job with blind mode on and
off, and per kind the report gives the largest and the mean score change between variants
of the same resume. The target: blind mode moves no score at all.

When the blind scorer's text differs between two variants, identity reaches the scorer: the
report quotes the visible text that differs ("leaks"), or says that only the length of a
masked stretch differs, so a moved score can be traced to the exact words.
"""

from __future__ import annotations

import difflib
import itertools
import json
import re
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from fairsift.audit.variants import KINDS, Variant, make_variants
from fairsift.config import Settings, load_settings
from fairsift.errors import ConfigError
from fairsift.intake import parse_bytes, read_document
from fairsift.privacy import MASK
from fairsift.screening.pipeline import Job, Screener

__all__ = [
    "MODES",
    "CounterfactualReport",
    "KindFigures",
    "Leak",
    "counterfactual_audit",
    "render_counterfactual",
]

MODES = ("blind", "no_blind")


@dataclass(frozen=True, slots=True)
class KindFigures:
    """Score changes between variants of the same resume, over all resumes, for one kind of
    swap and one mode. `largest_change`: the biggest max − min; `mean_change`: the mean
    absolute difference over all pairs of variants; `moved`: resumes whose score moved;
    `by_label`: each identity's mean score minus its resume's mean over the kind."""

    variants: int
    resumes: int
    largest_change: float
    mean_change: float
    moved: int
    by_label: dict[str, float]

    def to_dict(self) -> dict[str, Any]:
        return {
            "variants": self.variants,
            "resumes": self.resumes,
            "largest_change": self.largest_change,
            "mean_change": self.mean_change,
            "resumes_moved": self.moved,
            "by_label": self.by_label,
        }


@dataclass(frozen=True, slots=True)
class Leak:
    """Where the blind texts of two variants of one resume differ (the first variant of the
    kind is the reference). `seen`: unmasked text only the variant's blind text has;
    `reference_seen`: only the reference's. `identity`: that text is the identity written in
    (a name, pronoun, address, year), not other words masked in one and not the other. Both
    empty: only the length of masked stretches or the punctuation between them differs."""

    kind: str
    resume: str
    variant: str
    reference: str
    seen: str
    reference_seen: str
    identity: bool
    context: str  # the variant's blind line where it happens

    @property
    def visible(self) -> bool:
        return bool(self.seen or self.reference_seen)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "resume": self.resume,
            "variant": self.variant,
            "reference": self.reference,
            "seen": self.seen,
            "reference_seen": self.reference_seen,
            "identity": self.identity,
            "context": self.context,
        }


@dataclass
class CounterfactualReport:
    job: str
    resumes: list[str]
    figures: dict[str, dict[str, KindFigures]]
    leaks: list[Leak]  # visible differences between variants' blind texts
    layout: dict[str, list[Leak]]  # kind → differences only in masked lengths or punctuation
    scores: list[dict[str, Any]]  # one row per (resume, variant)
    seconds: float
    screens: int
    as_of: date = field(default_factory=date.today)

    @property
    def blind_moved(self) -> bool:
        return any(f["blind"].largest_change > 0 for f in self.figures.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "job": self.job,
            "resumes": self.resumes,
            "as_of": self.as_of.isoformat(),
            "blind_moved_any_score": self.blind_moved,
            "kinds": {
                kind: {mode: f.to_dict() for mode, f in modes.items()}
                for kind, modes in self.figures.items()
            },
            "leaks": [leak.to_dict() for leak in self.leaks],
            "mask_length_differences": {
                kind: {"variants": len(items), "example": items[0].context}
                for kind, items in self.layout.items()
            },
            "scores": self.scores,
            "seconds": self.seconds,
            "screens": self.screens,
        }


def _figures(per_resume: list[list[tuple[str, float]]]) -> KindFigures:
    """Figures from each resume's (label, score) list for one kind and mode."""
    largest, pair_means, moved = 0.0, [], 0
    deviations: dict[str, list[float]] = {}
    for scores in per_resume:
        values = [s for _, s in scores]
        spread = max(values) - min(values)
        largest = max(largest, spread)
        moved += spread > 0
        pairs = [abs(a - b) for a, b in itertools.combinations(values, 2)]
        pair_means.append(statistics.fmean(pairs) if pairs else 0.0)
        mean = statistics.fmean(values)
        for label, score in scores:
            deviations.setdefault(label, []).append(score - mean)
    return KindFigures(
        variants=max((len(s) for s in per_resume), default=0),
        resumes=len(per_resume),
        largest_change=round(largest, 4),
        mean_change=round(statistics.fmean(pair_means), 4) if pair_means else 0.0,
        moved=moved,
        by_label={k: round(statistics.fmean(v), 4) for k, v in deviations.items()},
    )


def _line_at(text: str, offset: int, before: int = 60, after: int = 100) -> str:
    """The text around `offset`, within its line."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    end = len(text) if end < 0 else end
    lo, hi = max(start, offset - before), min(end, offset + after)
    return ("…" if lo > start else "") + text[lo:hi].strip() + ("…" if hi < end else "")


_TOKEN = re.compile(r"\S+")
_WORD = re.compile(r"[^\W_]+")


def _words(values: Sequence[str]) -> set[str]:
    return {w.lower() for v in values for w in _WORD.findall(v) if len(w) > 1}


def _visible(tokens: Sequence[str]) -> str:
    words = " ".join(t.replace(MASK, " ").strip() for t in tokens)
    return " ".join(words.split()) if any(c.isalnum() for c in words) else ""


def _leaks(kind: str, resume: str, blind: list[tuple[Variant, str]]) -> list[Leak]:
    """Where each variant's blind text differs from the first variant's, word by word."""
    if not blind:
        return []
    out: list[Leak] = []
    reference, base = blind[0]
    base_tokens = [(m.start(), m.group()) for m in _TOKEN.finditer(base)]
    for variant, text in blind[1:]:
        if text == base:
            continue
        tokens = [(m.start(), m.group()) for m in _TOKEN.finditer(text)]
        matcher = difflib.SequenceMatcher(
            None, [t for _, t in base_tokens], [t for _, t in tokens], autojunk=False
        )
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            seen = _visible([t for _, t in tokens[j1:j2]])
            reference_seen = _visible([t for _, t in base_tokens[i1:i2]])
            identity = bool(
                _words([seen]) & _words(variant.values)
                or _words([reference_seen]) & _words(reference.values)
            )
            where = tokens[j1][0] if j1 < len(tokens) else len(text)
            out.append(
                Leak(kind, resume, variant.label, reference.label, seen, reference_seen,
                     identity, _line_at(text, where))
            )  # fmt: skip
    return out


def _dedupe(leaks: list[Leak]) -> tuple[list[Leak], dict[str, list[Leak]]]:
    """(visible differences, one per kind, resume and text; differences only in masked
    lengths or punctuation, grouped by kind)."""
    seen: set[tuple[str, str, str, str]] = set()
    visible: list[Leak] = []
    layout: dict[str, list[Leak]] = {}
    for leak in leaks:
        if not leak.visible:
            layout.setdefault(leak.kind, []).append(leak)
            continue
        key = (leak.kind, leak.resume, leak.seen.lower(), leak.reference_seen.lower())
        if key not in seen:
            seen.add(key)
            visible.append(leak)
    return visible, layout


def counterfactual_audit(
    job: str | Path,
    resumes: Sequence[str | Path],
    *,
    settings: Settings | None = None,
    kinds: Sequence[str] = KINDS,
    names_per_group: int | None = None,
    screener: Screener | None = None,
) -> CounterfactualReport:
    """Screen every variant of every resume against `job`, blind and not blind.

    `settings` (blind is set per run) and `screener` (its embedder and date are reused) are
    for callers who already have them; `names_per_group` keeps n names per group and gender."""
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise ConfigError(f"unknown kind(s) of swap {sorted(unknown)}", f"Choose from {KINDS}")
    if not resumes:
        raise ConfigError("no resumes given", "Name at least one resume file")
    started = time.perf_counter()
    base = settings or load_settings()
    blind = screener if screener is not None and screener.settings.blind else None
    blind = blind or Screener.create(
        base.model_copy(update={"blind": True}),
        embedder=screener.embedder if screener else None,
        as_of=screener.as_of if screener else None,
    )
    open_ = Screener.create(
        base.model_copy(update={"blind": False}), embedder=blind.embedder, as_of=blind.as_of
    )
    loaded: Job = blind.load_job(job)
    per: dict[tuple[str, str], list[list[tuple[str, float]]]] = {}
    leaks: list[Leak] = []
    rows: list[dict[str, Any]] = []
    names: list[str] = []
    screens = 0
    for path in resumes:
        document = read_document(path, blind.limits)
        name = Path(path).name
        names.append(name)
        written = parse_bytes(document.text.encode("utf-8"), f"{Path(path).stem}.txt")
        as_written = {
            "blind": blind.screen(written, loaded).score,
            "no_blind": open_.screen(written, loaded).score,
        }
        variants: list[Variant] = make_variants(
            document.text, kinds, names_per_group, as_of=blind.as_of
        )
        by_kind: dict[str, list[tuple[Variant, float, float, str]]] = {}
        for variant in variants:
            doc = parse_bytes(variant.text.encode("utf-8"), f"{Path(path).stem}.txt")
            candidate = blind.prepare(doc)
            score_blind = blind.screen(doc, loaded, candidate).score
            score_open = open_.screen(doc, loaded).score
            screens += 2
            by_kind.setdefault(variant.kind, []).append(
                (variant, score_blind, score_open, candidate.text)
            )
            rows.append(
                {
                    "resume": name,
                    "kind": variant.kind,
                    "label": variant.label,
                    "group": variant.group,
                    "blind": score_blind,
                    "no_blind": score_open,
                    "as_written_blind": as_written["blind"],
                    "as_written_no_blind": as_written["no_blind"],
                }
            )
        for kind, items in by_kind.items():
            per.setdefault((kind, "blind"), []).append([(v.label, b) for v, b, _, _ in items])
            per.setdefault((kind, "no_blind"), []).append([(v.label, o) for v, _, o, _ in items])
            leaks += _leaks(kind, name, [(v, text) for v, _, _, text in items])
    visible, layout = _dedupe(leaks)
    figures = {
        kind: {mode: _figures(per.get((kind, mode), [])) for mode in MODES}
        for kind in kinds
        if (kind, "blind") in per
    }
    return CounterfactualReport(
        job=str(job),
        resumes=names,
        figures=figures,
        leaks=visible,
        layout=layout,
        scores=rows,
        seconds=round(time.perf_counter() - started, 2),
        screens=screens,
        as_of=blind.as_of,
    )


def _markdown(report: CounterfactualReport) -> str:
    lines = [
        "# Counterfactual test",
        "",
        f"Job: {report.job}. Resumes: {', '.join(report.resumes)}. "
        f"{report.screens} screenings in {report.seconds:.1f} s.",
        "",
        "Score changes between variants of the same resume that differ only in who the person "
        "seems to be (0–100 scale). Largest: the biggest gap between two variants of one "
        "resume; mean: the mean gap over all pairs of variants.",
        "",
        "| swap | variants | blind: largest | blind: mean | no blind: largest | no blind: mean |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for kind, modes in report.figures.items():
        b, o = modes["blind"], modes["no_blind"]
        lines.append(
            f"| {kind} | {b.variants} | {b.largest_change:.2f} | {b.mean_change:.3f} | "
            f"{o.largest_change:.2f} | {o.mean_change:.3f} |"
        )
    lines.append("")
    if report.blind_moved:
        moved = [k for k, m in report.figures.items() if m["blind"].largest_change > 0]
        lines.append(f"**Blind mode moved scores** for: {', '.join(moved)}.")
    else:
        lines.append("**Blind mode moved no score.**")
    identity = [leak for leak in report.leaks if leak.identity]
    other = [leak for leak in report.leaks if not leak.identity]
    header = [
        "| swap | variant (vs reference) | unmasked in the variant | unmasked in the reference "
        "| resumes | e.g. (as the scorer sees it) |",
        "|---|---|---|---|---:|---|",
    ]

    def table(leaks: list[Leak]) -> list[str]:
        groups: dict[tuple[str, str, str, str, str], list[Leak]] = {}
        for leak in leaks:
            key = (
                leak.kind,
                leak.variant,
                leak.reference,
                leak.seen.lower(),
                leak.reference_seen.lower(),
            )
            groups.setdefault(key, []).append(leak)
        rows = []
        for (kind, variant, reference, _, _), items in groups.items():
            context = items[0].context.replace("|", "\\|")
            seen, ref_seen = items[0].seen, items[0].reference_seen
            rows.append(
                f"| {kind} | {variant} (vs {reference}) | {seen or '—'} | {ref_seen or '—'} | "
                f"{len({i.resume for i in items})} | {items[0].resume}: {context} |"
            )
        return rows

    if identity:
        lines += [
            "",
            "## Identity the blind scorer can read",
            "",
            "Identity written into a variant and left unmasked in the blind text:",
            "",
        ]
        lines += header + table(identity)
    else:
        lines += ["", "No identity written into any variant was left unmasked."]
    if other:
        lines += [
            "",
            "## Masking that changes with the identity",
            "",
            "Words that are not the identity, masked in one variant and not in the "
            "other (blind mode masked more or less around the swapped text):",
            "",
        ]
        lines += header + table(other)
    if report.layout:
        lines += [
            "",
            "## Masked, but the length shows",
            "",
            "These variants' blind texts differ only in how long a masked stretch is (or in the "
            "punctuation between masked stretches), so a scorer could tell a long name, "
            "address or pronoun from a short one:",
            "",
        ]
        for kind, items in report.layout.items():
            lines.append(f"- {kind}: {len(items)} differences, e.g. `{items[0].context}`")
    if not report.leaks and not report.layout:
        lines.append("The blind scorer saw the same text for every variant of every resume.")
    lines += ["", "## No blind: which identities scored higher or lower", ""]
    for kind, modes in report.figures.items():
        by_label = modes["no_blind"].by_label
        if any(by_label.values()):
            ranked = sorted(by_label.items(), key=lambda kv: kv[1])
            lines.append(
                f"- {kind}: " + ", ".join(f"{label} {value:+.2f}" for label, value in ranked)
            )
        else:
            lines.append(f"- {kind}: every variant scored the same")
    return "\n".join(lines) + "\n"


def render_counterfactual(report: CounterfactualReport, format: str = "md") -> str:
    """The report as Markdown (readable as plain text) or JSON."""
    if format == "json":
        return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"
    if format in ("md", "text"):
        return _markdown(report)
    raise ConfigError(f"unknown format {format!r}", "Use md or json")
