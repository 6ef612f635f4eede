"""Blind-mode evaluation: how much identity is removed, how many skills survive.

Three sets, each printed beside the simple baseline measured in the same run (every word the
bundled name lists know, and every e-mail address, masked):

(1) world names (fairsift.eval.blind_names): names of every region from the shared world-names
    data, only from the rows held out of the bundled gazetteer, written into real resume
    bodies in the layouts resumes use; recall per region and per layout, and skills kept;
(2) resume-ner-cc0 (fairsift.eval.blind_ner): 267 real resumes with labelled names, e-mails,
    locations and skills, measured through `fairsift redact FILES --format jsonl --output F`
    run as its own process (`text` field), as a user would;
(3) synthetic identities (fairsift.eval.blind_data): hand-written identity pools in header
    layouts over real bodies (development, --holdout or --fresh layouts).

Targets: recall ≥ 0.95 in every region and layout cell with 30 names or more, skills kept
≥ 0.95 (development); names ≥ 0.97, contacts ≥ 0.95, locations ≥ 0.80, skills kept ≥ 0.90 on
real labelled resumes. `--check` exits 1 when a target is missed.

Run: fairsift eval blind [--data DIR] [--sets names,ner,synthetic] [--per-region 40] [--n 220]
     [--seed 0] [--holdout | --fresh] [--json FILE] [--check]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fairsift.errors import FairsiftError
from fairsift.eval.blind_data import (
    DEFAULT_DATA,
    FRESH_LAYOUTS,
    GROUPS,
    HOLDOUT_LAYOUTS,
    LAYOUTS,
    Sample,
    layouts_for,
    load_bodies,
    make_samples,
)
from fairsift.eval.blind_metrics import gazetteer_baseline, kept, span_kept, span_removed
from fairsift.eval.blind_names import held_out_names, name_samples
from fairsift.eval.blind_ner import align, load_ner, redact_through_cli
from fairsift.privacy import MASK, redact
from fairsift.privacy.lists import lists
from fairsift.privacy.redact import skill_spans

__all__ = [
    "DEFAULT_DATA",
    "FRESH_LAYOUTS",
    "HOLDOUT_LAYOUTS",
    "LAYOUTS",
    "Sample",
    "evaluate_blind",
    "evaluate_names",
    "evaluate_ner",
    "load_bodies",
    "main",
    "make_samples",
    "span_removed",
]

MIN_CELL = 30
DEV_TARGETS = {"recall": 0.95, "skills_kept": 0.95}
REAL_TARGETS = {"names": 0.97, "contacts": 0.95, "locations": 0.80, "skills_kept": 0.90}


def _rate(pair: list[int]) -> float | None:
    return pair[1] / pair[0] if pair[0] else None


def evaluate_names(
    data: Path = DEFAULT_DATA, per_region: int = 40, seed: int = 0
) -> dict[str, Any]:
    """Recall of held-out world names per region and per layout (a name counts once per
    sample, removed only when every occurrence is masked), skills kept on the bodies, and the
    gazetteer baseline."""
    bodies = load_bodies(data)
    names = held_out_names(data, random.Random(seed), per_region)
    samples = name_samples(bodies, names, seed=seed)
    data_lists = lists()
    region: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    layout: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    cells: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    known: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    base = [0, 0]
    skills = [0, 0]
    missed: Counter[str] = Counter()
    for sample in samples:
        blind = redact(sample.text).text
        removed = all(span_removed(blind, s, e) for s, e in sample.spans)
        baseline = gazetteer_baseline(sample.text, data_lists)
        base[0] += 1
        base[1] += all(span_removed(baseline, s, e) for s, e in sample.spans)
        for table, key in (
            (region, sample.region),
            (layout, sample.layout),
            (cells, f"{sample.region} / {sample.layout}"),
            (known, "known" if sample.known else "unknown"),
        ):
            table[key][0] += 1
            table[key][1] += removed
        if not removed:
            s, e = sample.spans[0]
            missed[f"{sample.layout}: {sample.text[s:e]}"] += 1
        lo, hi = sample.body
        for s, e in skill_spans(sample.text[lo:hi]):
            skills[0] += 1
            skills[1] += span_kept(blind, s + lo, e + lo)
    return {
        "samples": len(samples),
        "names": len(names),
        "recall": base and sum(v[1] for v in region.values()) / max(1, len(samples)),
        "baseline_recall": _rate(base),
        "by_region": {k: {"n": v[0], "recall": _rate(v)} for k, v in sorted(region.items())},
        "by_layout": {k: {"n": v[0], "recall": _rate(v)} for k, v in sorted(layout.items())},
        "by_known": {k: {"n": v[0], "recall": _rate(v)} for k, v in sorted(known.items())},
        "cells_below_target": {
            k: {"n": v[0], "recall": _rate(v)}
            for k, v in sorted(cells.items())
            if v[0] >= MIN_CELL and (_rate(v) or 0) < DEV_TARGETS["recall"]
        },
        "skills_kept": _rate(skills),
        "skill_mentions": skills[0],
        "missed_examples": [t for t, _ in missed.most_common(12)],
    }


def evaluate_ner(data: Path = DEFAULT_DATA, pythonpath: str | None = None) -> dict[str, Any]:
    """resume-ner-cc0 measured through the `fairsift redact` command: names, e-mails and
    locations removed, labelled skills kept; the gazetteer baseline on the same texts."""
    from fairsift.intake import Limits, read_document

    resumes = load_ner(data)
    blinds = redact_through_cli([r.text for r in resumes], pythonpath=pythonpath)
    data_lists = lists()
    kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    base: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    missed: dict[str, Counter[str]] = defaultdict(Counter)
    failed = 0
    with tempfile.TemporaryDirectory(prefix="fairsift-ner-") as tmp:
        path = Path(tmp) / "resume.txt"
        for resume, blind in zip(resumes, blinds, strict=True):
            if blind is None:
                failed += 1
                continue
            path.write_text(resume.text, encoding="utf-8")
            seen = read_document(path, Limits()).text
            mapping = align(resume.text, seen)
            baseline = gazetteer_baseline(seen, data_lists)
            for kind, start, end in resume.spans:
                s, e = mapping[start], mapping[end]
                if kind in {"skill", "soft_skill"}:
                    ok, ok_base = span_kept(blind, s, e), span_kept(baseline, s, e)
                else:
                    ok, ok_base = span_removed(blind, s, e), span_removed(baseline, s, e)
                kinds[kind][0] += 1
                kinds[kind][1] += ok
                base[kind][0] += 1
                base[kind][1] += ok_base
                if not ok:
                    missed[kind][seen[s:e][:40]] += 1
    figures = {
        k: {"n": v[0], "rate": _rate(v), "baseline": _rate(base[k])} for k, v in kinds.items()
    }
    return {
        "resumes": len(resumes),
        "failed": failed,
        "with_names": sum(1 for r in resumes if any(k == "name" for k, _, _ in r.spans)),
        "figures": dict(sorted(figures.items())),
        "missed_examples": {k: [t for t, _ in v.most_common(10)] for k, v in missed.items()},
    }


def evaluate_blind(
    data: Path = DEFAULT_DATA, n: int = 220, seed: int = 0, holdout: bool | str = False
) -> dict[str, Any]:
    """Recall of removed spans per kind on the synthetic set, skills kept on synthetic and real
    bodies, masking on real bodies, and time per resume."""
    bodies = load_bodies(data)
    samples = make_samples(bodies, n=n, seed=seed, holdout=holdout)
    redact(bodies[0])  # load the lists before timing
    per_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # spans, removed, half
    by_layout: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_known: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    missed: dict[str, Counter[str]] = defaultdict(Counter)
    timings = []
    skills_syn = [0, 0]
    for sample in samples:
        t0 = time.process_time()
        result = redact(sample.text)
        timings.append(time.process_time() - t0)
        for kind, start, end in sample.spans:
            removed = span_removed(result.text, start, end)
            row = per_kind[kind]
            row[0] += 1
            row[1] += removed
            row[2] += span_removed(result.text, start, end, 0.5)
            by_layout[sample.layout][0] += 1
            by_layout[sample.layout][1] += removed
            if kind == "name":
                key = "known" if sample.names_known else "unknown"
                by_known[key][0] += 1
                by_known[key][1] += removed
            if not removed:
                missed[kind][sample.text[start:end]] += 1
        lo, hi = sample.body
        spans = [(s + lo, e + lo) for s, e in skill_spans(sample.text[lo:hi])]
        kept_n, total, _ = kept(result.text, spans)
        skills_syn[0] += kept_n
        skills_syn[1] += total
    real = _real_bodies(bodies)
    kinds = {
        kind: {
            "spans": row[0],
            "removed": row[1] / row[0] if row[0] else None,
            "half_removed": row[2] / row[0] if row[0] else None,
        }
        for kind, row in sorted(per_kind.items())
    }
    groups = {}
    for group, members in GROUPS.items():
        total = sum(per_kind[k][0] for k in members)
        groups[group] = sum(per_kind[k][1] for k in members) / total if total else None
    return {
        "samples": len(samples),
        "bodies": len(bodies),
        "layouts": sorted(layouts_for(holdout)),
        "holdout": holdout,
        "kinds": kinds,
        "groups": groups,
        "by_layout": {k: v[1] / v[0] for k, v in sorted(by_layout.items())},
        "names_by_list": {k: {"spans": v[0], "removed": v[1] / v[0]} for k, v in by_known.items()},
        "skills_kept_synthetic": skills_syn[0] / skills_syn[1] if skills_syn[1] else None,
        "skill_mentions_synthetic": skills_syn[1],
        **real,
        "ms_per_resume_mean": 1000 * statistics.fmean(timings),
        "ms_per_resume_median": 1000 * statistics.median(timings),
        "missed_examples": {k: [t for t, _ in v.most_common(8)] for k, v in missed.items()},
    }


def _real_bodies(bodies: Sequence[str]) -> dict[str, Any]:
    kept_n = total = 0
    lost: Counter[str] = Counter()
    masked_chars = chars = 0
    kinds: Counter[str] = Counter()
    timings = []
    for text in bodies:
        t0 = time.process_time()
        result = redact(text)
        timings.append(time.process_time() - t0)
        for start, end in skill_spans(text):
            total += 1
            if MASK in result.text[start:end]:
                lost[text[start:end]] += 1
            else:
                kept_n += 1
        masked_chars += result.text.count(MASK)
        chars += len(text)
        kinds.update(r.kind for r in result.redactions)
    return {
        "skills_kept_real": kept_n / total if total else None,
        "skill_mentions_real": total,
        "skills_lost_real": [t for t, _ in lost.most_common(15)],
        "real_masked_share": masked_chars / chars if chars else 0.0,
        "real_redactions_by_kind": dict(kinds.most_common()),
        "real_ms_per_resume_median": 1000 * statistics.median(timings),
        "real_ms_per_resume_mean": 1000 * statistics.fmean(timings),
    }


def _report_synthetic(result: dict[str, Any]) -> str:
    which = {"fresh": "fresh", True: "held-out", False: "development"}[result["holdout"]]
    lines = [
        f"blind mode on {result['samples']} synthetic resumes "
        f"({len(result['layouts'])} {which} layouts) over {result['bodies']} real bodies",
        "",
        f"{'kind':<16}{'spans':>7}{'removed':>10}{'≥50%':>8}",
    ]
    for kind, row in result["kinds"].items():
        lines.append(
            f"{kind:<16}{row['spans']:>7}{row['removed']:>10.1%}{row['half_removed']:>8.1%}"
        )
    lines.append("")
    targets = {"names": 0.95, "contacts": 0.95, "home_locations": 0.80}
    for group, value in result["groups"].items():
        lines.append(f"{group:<16}{value:>17.1%}   (target ≥ {targets[group]:.0%})")
    for key, row in sorted(result["names_by_list"].items()):
        lines.append(f"names {key} to the name lists: {row['removed']:.1%} of {row['spans']}")
    lines.append(
        f"skills kept: synthetic {result['skills_kept_synthetic']:.1%} of "
        f"{result['skill_mentions_synthetic']}, real bodies {result['skills_kept_real']:.1%} of "
        f"{result['skill_mentions_real']} (target ≥ 90%)"
    )
    lines.append(f"skills lost on real bodies: {', '.join(result['skills_lost_real']) or '-'}")
    lines.append(
        f"real bodies: {result['real_masked_share']:.1%} of characters masked; "
        f"{result['real_redactions_by_kind']}"
    )
    lines.append("by layout: " + ", ".join(f"{k} {v:.0%}" for k, v in result["by_layout"].items()))
    lines.append(
        f"CPU time per resume: median {result['ms_per_resume_median']:.1f} ms, "
        f"mean {result['ms_per_resume_mean']:.1f} ms (synthetic); real bodies median "
        f"{result['real_ms_per_resume_median']:.1f} ms"
    )
    for kind, examples in sorted(result["missed_examples"].items()):
        lines.append(f"missed {kind}: {examples}")
    return "\n".join(lines)


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def _report_names(result: dict[str, Any]) -> str:
    lines = [
        f"world names held out of the gazetteer: {result['names']} names, "
        f"{result['samples']} resumes (every name in every layout)",
        f"  all: {_pct(result['recall'])}  (baseline, gazetteer only: "
        f"{_pct(result['baseline_recall'])})",
        f"  {'region':<30}{'n':>6}{'recall':>9}",
    ]
    for key, row in result["by_region"].items():
        lines.append(f"  {key:<30}{row['n']:>6}{_pct(row['recall']):>9}")
    lines.append(f"  {'layout':<30}{'n':>6}{'recall':>9}")
    for key, row in result["by_layout"].items():
        lines.append(f"  {key:<30}{row['n']:>6}{_pct(row['recall']):>9}")
    for key, row in result["by_known"].items():
        lines.append(f"  names {key} to the bundled lists: {_pct(row['recall'])} of {row['n']}")
    below = result["cells_below_target"]
    lines.append(
        f"  region × layout cells with ≥{MIN_CELL} names below {DEV_TARGETS['recall']:.0%}: "
        + (", ".join(f"{k} {_pct(v['recall'])} of {v['n']}" for k, v in below.items()) or "none")
    )
    lines.append(
        f"  skills kept: {_pct(result['skills_kept'])} of {result['skill_mentions']} "
        f"(target ≥ {DEV_TARGETS['skills_kept']:.0%})"
    )
    if result["missed_examples"]:
        lines.append(f"  missed: {result['missed_examples']}")
    return "\n".join(lines)


def _report_ner(result: dict[str, Any]) -> str:
    lines = [
        f"resume-ner-cc0 through `fairsift redact --format jsonl`: {result['resumes']} resumes "
        f"({result['with_names']} with a labelled name, {result['failed']} failed)",
        f"  {'label':<12}{'n':>6}{'fairsift':>10}{'baseline':>10}",
    ]
    for kind, row in result["figures"].items():
        what = "kept" if "skill" in kind else "removed"
        lines.append(
            f"  {kind:<12}{row['n']:>6}{_pct(row['rate']):>10}{_pct(row['baseline']):>10}  {what}"
        )
    for kind, examples in sorted(result["missed_examples"].items()):
        lines.append(f"  missed {kind}: {examples}")
    return "\n".join(lines)


def _failures(result: dict[str, Any]) -> list[str]:
    out = []
    names = result.get("names")
    if names:
        out += [f"names cell {k}" for k in names["cells_below_target"]]
        for table in ("by_region", "by_layout"):
            for key, row in names[table].items():
                if row["n"] >= MIN_CELL and (row["recall"] or 0) < DEV_TARGETS["recall"]:
                    out.append(f"names {key}")
        if (names["skills_kept"] or 0) < DEV_TARGETS["skills_kept"]:
            out.append("names skills kept")
    ner = result.get("ner")
    if ner:
        fig = ner["figures"]
        pairs = [("names", "name"), ("contacts", "email"), ("locations", "location")]
        pairs.append(("skills_kept", "skill"))
        for target, kind in pairs:
            if kind in fig and (fig[kind]["rate"] or 0) < REAL_TARGETS[target]:
                out.append(f"resume-ner-cc0 {kind}")
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="fairsift eval blind", description=(__doc__ or "").split("\n\n")[0]
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared data folder")
    parser.add_argument(
        "--sets", default="names,ner,synthetic", help="which sets: names, ner, synthetic"
    )
    parser.add_argument("--per-region", type=int, default=40, help="world names per region")
    parser.add_argument("--n", type=int, default=220, help="synthetic resumes to build")
    parser.add_argument("--seed", type=int, default=0, help="seed of the generator")
    parser.add_argument(
        "--holdout", action="store_true", help="synthetic: the held-out layouts (never tuned on)"
    )
    parser.add_argument(
        "--fresh", action="store_true", help="synthetic: the layouts written last (untuned)"
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    sets = {s.strip() for s in args.sets.split(",") if s.strip()}
    result: dict[str, Any] = {}
    reports = []
    try:
        if "names" in sets:
            result["names"] = evaluate_names(args.data, args.per_region, args.seed)
            reports.append(_report_names(result["names"]))
        if "ner" in sets:
            result["ner"] = evaluate_ner(args.data)
            reports.append(_report_ner(result["ner"]))
        if "synthetic" in sets:
            holdout = "fresh" if args.fresh else args.holdout
            result["synthetic"] = evaluate_blind(
                args.data, n=args.n, seed=args.seed, holdout=holdout
            )
            reports.append(_report_synthetic(result["synthetic"]))
    except FairsiftError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    failures = _failures(result)
    shown = ", ".join(failures[:12]) + (
        f", … and {len(failures) - 12} more" if len(failures) > 12 else ""
    )
    reports.append(f"targets missed ({len(failures)}): " + (shown or "none"))
    print("\n\n".join(reports))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 1 if args.check and failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
