"""Agreement with people on the vacancy-matching set (Vanetik & Kogan 2023).

65 real CVs (DOCX) and 5 real software-developer postings scraped from a job board; for CVs
1–30 two annotators ranked the 5 postings, following a senior HR specialist's instructions.
Each annotation array lists the postings from best (first) to worst; two arrays are not valid
orderings and are left out. For each CV every system ranks the 5 postings by its score; figures:

- Spearman's rho with each annotator, and with the mean of the two annotators' ranks;
- top-1: the system's best posting is the annotator's best (mean: the best mean rank);
- the annotators' agreement with each other: the ceiling a person reaches (weak, about 0.12).

fairsift and, in the same run, TF-IDF cosine, BM25 and lexicon coverage.

Run: python -m fairsift.eval.agreement [--data DIR] [--json FILE]
"""

from __future__ import annotations

import argparse
import ast
import csv
import json
import math
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from fairsift.errors import FairsiftError, InputError
from fairsift.eval.baselines import (
    BASELINES,
    SHARED,
    Matrix,
    baseline_scores,
    fairsift_matrix,
    spearman,
    top1,
)

__all__ = ["DEFAULT_DATA", "Annotations", "evaluate_agreement", "load_annotations", "main"]

DEFAULT_DATA = SHARED / "resumes" / "vacancy-matching"
_ARRAYS = re.compile(r"ANNOTATOR_(\d)_RANKINGS\s*=\s*(\[\[.*?\]\])", re.S)


@dataclass(frozen=True, slots=True)
class Annotations:
    """Per annotator, per CV number (1-based): the rank (1 best) of each of the 5 postings, or
    None when the array is not a valid ordering."""

    ranks: dict[int, dict[int, tuple[int, ...] | None]]

    def valid(self, annotator: int) -> dict[int, tuple[int, ...]]:
        return {cv: r for cv, r in self.ranks.get(annotator, {}).items() if r is not None}


def load_annotations(path: Path) -> Annotations:
    if not path.is_file():
        raise InputError(f"annotations not found: {path}", "Pass --data with the dataset folder")
    text = path.read_text(encoding="utf-8")
    ranks: dict[int, dict[int, tuple[int, ...] | None]] = {}
    for annotator, body in _ARRAYS.findall(text):
        arrays = ast.literal_eval(body)
        per_cv: dict[int, tuple[int, ...] | None] = {}
        for number, order in enumerate(arrays, start=1):
            if sorted(order) != [1, 2, 3, 4, 5]:
                per_cv[number] = None  # not an ordering: two postings share a place
                continue
            per_cv[number] = tuple(order.index(v) + 1 for v in range(1, 6))
        ranks[int(annotator)] = per_cv
    if not ranks:
        raise InputError(f"no ANNOTATOR_N_RANKINGS arrays in {path}", "Use the dataset's file")
    return Annotations(ranks)


def load_postings(path: Path) -> list[tuple[str, str]]:
    """(source, text) of the 5 postings, title first, as the job board gave them."""
    if not path.is_file():
        raise InputError(f"postings not found: {path}", "Pass --data with the dataset folder")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [
        (f"vacancy-{n}", f"{row['job_title']} {row['job_description']}")
        for n, row in enumerate(rows, start=1)
    ]


def _figures(matrix: Matrix, annotations: Annotations, cvs: Sequence[int]) -> dict[str, Any]:
    """Spearman and top-1 of one system's scores (rows postings, columns CVs)."""
    out: dict[str, Any] = {}
    column = {cv: i for i, cv in enumerate(cvs)}
    first, second = annotations.valid(1), annotations.valid(2)
    targets: dict[str, dict[int, list[float]]] = {
        "annotator_1": {cv: [-r for r in ranks] for cv, ranks in first.items()},
        "annotator_2": {cv: [-r for r in ranks] for cv, ranks in second.items()},
        "mean": {
            cv: [-(a + b) / 2 for a, b in zip(first[cv], second[cv], strict=True)]
            for cv in first
            if cv in second
        },
    }
    for name, preferences in targets.items():
        rhos, tops = [], []
        for cv, preference in sorted(preferences.items()):
            if cv not in column:
                continue
            scores = matrix[:, column[cv]].tolist()
            rho = spearman(scores, preference)
            rhos.append(0.0 if math.isnan(rho) else rho)  # all scores tied: no agreement
            tops.append(top1(scores, preference))
        out[name] = {
            "cvs": len(rhos),
            "spearman": float(np.mean(rhos)) if rhos else math.nan,
            "top1": float(np.mean(tops)) if tops else math.nan,
        }
    return out


def _annotators(annotations: Annotations) -> dict[str, Any]:
    first, second = annotations.valid(1), annotations.valid(2)
    both = sorted(set(first) & set(second))
    rhos = [spearman(first[cv], second[cv]) for cv in both]
    tops = [float(first[cv].index(1) == second[cv].index(1)) for cv in both]
    return {
        "cvs": len(both),
        "spearman": float(np.mean(rhos)) if rhos else math.nan,
        "top1": float(np.mean(tops)) if tops else math.nan,
    }


def evaluate_agreement(data: Path = DEFAULT_DATA, systems: Sequence[str] = ()) -> dict[str, Any]:
    from fairsift.intake import read_document

    annotations = load_annotations(data / "annotations-for-the-first-30-vacancies.txt")
    postings = load_postings(data / "5_vacancies.csv")
    cvs = sorted({cv for per_cv in annotations.ranks.values() for cv in per_cv})
    documents = []
    for cv in cvs:
        path = data / "CV" / f"{cv}.docx"
        if not path.is_file():
            raise InputError(f"CV not found: {path}", "Use the complete dataset folder")
        documents.append(read_document(path))
    job_texts = [text for _, text in postings]
    resume_texts = [d.text for d in documents]
    matrices = baseline_scores(job_texts, resume_texts)
    wanted = list(systems) or ["fairsift", *BASELINES]
    if "fairsift" in wanted:
        matrices["fairsift"], _ = fairsift_matrix(postings, documents)
    result: dict[str, Any] = {
        "cvs": len(cvs),
        "postings": [source for source, _ in postings],
        "annotators": _annotators(annotations),
        "systems": {name: _figures(matrices[name], annotations, cvs) for name in wanted},
    }
    return result


def report(result: dict[str, Any]) -> str:
    people = result["annotators"]
    lines = [
        f"{result['cvs']} CVs x {len(result['postings'])} postings; "
        f"annotators with each other ({people['cvs']} CVs): Spearman {people['spearman']:.3f}, "
        f"top-1 {people['top1']:.3f} (the ceiling)",
        "",
        f"{'system':<18}{'rho a1':>9}{'rho a2':>9}{'rho mean':>10}"
        f"{'top1 a1':>9}{'top1 a2':>9}{'top1 mean':>11}",
    ]
    for name, f in result["systems"].items():
        lines.append(
            f"{name:<18}{f['annotator_1']['spearman']:>9.3f}{f['annotator_2']['spearman']:>9.3f}"
            f"{f['mean']['spearman']:>10.3f}{f['annotator_1']['top1']:>9.3f}"
            f"{f['annotator_2']['top1']:>9.3f}{f['mean']['top1']:>11.3f}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m fairsift.eval.agreement", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="vacancy-matching folder")
    parser.add_argument(
        "--system", action="append", choices=["fairsift", *BASELINES], help="default: all"
    )
    parser.add_argument(
        "--json",
        type=Path,
        default=Path("fairsift-evidence/agreement.json"),
        help="where to write the figures",
    )
    args = parser.parse_args(argv)
    try:
        result = evaluate_agreement(args.data, args.system or ())
    except FairsiftError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(report(result))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
