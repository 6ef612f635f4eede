"""Within-field evaluation: a few software resumes against many real software postings of
different specialisms, stacks and seniority, each pair labelled fit / not fit by reading it.

The set, its labelling rule (written before labelling) and how it was built are in
docs/eval-within-field.md; the labels (ids only, no shared text) are in
fairsift/eval/data/within-field.csv. Resumes are CVs of ../shared/data/resumes/vacancy-matching;
postings are SkillSpan `tech` postings (sentences joined by `idx`) and the 5 vacancies.

Every posting is scored in two forms: "clean" (one sentence a line) and "glued", the way people
paste from job boards (no line breaks, sentences run together: "…availabilityReduce…",
"…outcomes.Technical…"). Figure: ROC AUC per resume over its postings, averaged over resumes
(the held-out shape), for fairsift and, in the same run, TF-IDF cosine, BM25 and lexicon
coverage.

Run: python -m fairsift.eval.within_field [--labels CSV] [--json FILE]
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sys
from collections import defaultdict
from collections.abc import Sequence
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
    roc_auc,
)

__all__ = ["DEFAULT_LABELS", "evaluate_within_field", "glue", "load_labels", "main"]

DEFAULT_LABELS = Path(__file__).with_name("data") / "within-field.csv"
_SENTENCE_END = re.compile(r"([.!?:])\s+(?=[A-Z])")


def glue(sentences: Sequence[str]) -> str:
    """The posting as pasted from a job board: line breaks gone, each sentence glued to the
    one before it (no space after a full stop; none at all where there was only a break)."""
    out = "".join(" ".join(sentence.split()) for sentence in sentences)
    return _SENTENCE_END.sub(r"\1", out)


def load_labels(path: Path = DEFAULT_LABELS) -> list[tuple[str, str, bool]]:
    """(resume, posting, fit) of every labelled pair."""
    return [(r, p, y) for r, p, y, _ in load_sets(path)]


def load_sets(path: Path = DEFAULT_LABELS) -> list[tuple[str, str, bool, str]]:
    """(resume, posting, fit, set): set "a" was labelled first and used while developing;
    set "b" was labelled by the same rule after the scoring was frozen."""
    if not path.is_file():
        raise InputError(f"labels not found: {path}", "Pass --labels with resume,posting,fit")
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            (r["resume"], r["posting"], r["fit"] == "1", r.get("set") or "a")
            for r in csv.DictReader(handle)
        ]


def _skillspan(data: Path) -> dict[str, list[str]]:
    """Sentences of every SkillSpan posting, keyed skillspan-<split>-<idx>."""
    out: dict[str, list[str]] = defaultdict(list)
    for split in ("train", "dev"):
        path = data / "jobs" / "skillspan" / f"{split}.jsonl"
        if not path.is_file():
            raise InputError(f"SkillSpan not found: {path}", "Pass --data with the data folder")
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                out[f"skillspan-{split}-{row['idx']}"].append(" ".join(row["tokens"]))
    return out


def _vacancies(data: Path) -> dict[str, list[str]]:
    from fairsift.eval.agreement import load_postings

    path = data / "resumes" / "vacancy-matching" / "5_vacancies.csv"
    return {source: [text] for source, text in load_postings(path)}


def _per_resume_auc(
    matrix: Matrix, labels: dict[tuple[str, str], bool], postings: list[str], resumes: list[str]
) -> dict[str, float]:
    out: dict[str, float] = {}
    for column, resume in enumerate(resumes):
        rows = [(i, labels[(resume, p)]) for i, p in enumerate(postings) if (resume, p) in labels]
        out[resume] = roc_auc([matrix[i, column] for i, _ in rows], [y for _, y in rows])
    return out


def evaluate_within_field(
    labels_path: Path = DEFAULT_LABELS, data: Path = SHARED, systems: Sequence[str] = ()
) -> dict[str, Any]:
    from fairsift.intake import read_document

    rows = load_labels(labels_path)
    set_of = {r: name for r, _, _, name in load_sets(labels_path)}
    labels = {(r, p): y for r, p, y in rows}
    resumes = sorted({r for r, _, _ in rows}, key=int)
    postings = sorted({p for _, p, _ in rows})
    sources = {**_skillspan(data), **_vacancies(data)}
    missing = [p for p in postings if p not in sources]
    if missing:
        raise InputError(f"postings not in the data: {missing[:5]}", "Check the labels file")
    documents = []
    for resume in resumes:
        path = data / "resumes" / "vacancy-matching" / "CV" / f"{resume}.docx"
        if not path.is_file():
            raise InputError(f"CV not found: {path}", "Use the complete dataset folder")
        documents.append(read_document(path))
    resume_texts = [d.text for d in documents]
    wanted = list(systems) or ["fairsift", *BASELINES]
    forms = {
        "clean": ["\n".join(sources[p]) for p in postings],
        "glued": [glue(sources[p]) for p in postings],
    }
    result: dict[str, Any] = {
        "resumes": resumes,
        "postings": len(postings),
        "pairs": len(rows),
        "fit": sum(y for _, _, y in rows),
        "sets": {r: set_of[r] for r in resumes},
        "forms": {},
    }
    for form, texts in forms.items():
        matrices = baseline_scores(texts, resume_texts)
        if "fairsift" in wanted:
            matrices["fairsift"], _ = fairsift_matrix(
                list(zip(postings, texts, strict=True)), documents
            )
        figures: dict[str, Any] = {}
        for name in wanted:
            per_resume = _per_resume_auc(matrices[name], labels, postings, resumes)
            values = [v for v in per_resume.values() if not math.isnan(v)]
            by_set = {
                name_: float(np.mean([v for r, v in per_resume.items() if set_of[r] == name_]))
                for name_ in sorted(set(set_of.values()))
            }
            figures[name] = {
                "mean_resume_auc": float(np.mean(values)) if values else math.nan,
                "set_auc": by_set,
                "resume_auc": per_resume,
            }
        result["forms"][form] = figures
    return result


def report(result: dict[str, Any]) -> str:
    sets = sorted(set(result["sets"].values()))
    lines = [
        f"{len(result['resumes'])} resumes x {result['postings']} postings = {result['pairs']} "
        f"labelled pairs ({result['fit']} fit); ROC AUC per resume, averaged",
        "",
        f"{'system':<18}{'form':<7}{'mean AUC':>9}"
        + "".join(f"{'set ' + s:>7}" for s in sets)
        + "  "
        + "".join(f"{'cv ' + r:>7}" for r in result["resumes"]),
    ]
    for form, figures in result["forms"].items():
        for name, f in figures.items():
            by_set = "".join(f"{f['set_auc'][s]:>7.3f}" for s in sets)
            cells = "".join(f"{f['resume_auc'][r]:>7.3f}" for r in result["resumes"])
            lines.append(f"{name:<18}{form:<7}{f['mean_resume_auc']:>9.3f}{by_set}  {cells}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m fairsift.eval.within_field", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--labels", type=Path, default=DEFAULT_LABELS, help="resume,posting,fit")
    parser.add_argument("--data", type=Path, default=SHARED, help="the shared data folder")
    parser.add_argument(
        "--system", action="append", choices=["fairsift", *BASELINES], help="default: all"
    )
    parser.add_argument(
        "--json",
        type=Path,
        default=Path("fairsift-evidence/within-field.json"),
        help="where to write the figures",
    )
    args = parser.parse_args(argv)
    try:
        result = evaluate_within_field(args.labels, args.data, args.system or ())
    except FairsiftError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(report(result))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
