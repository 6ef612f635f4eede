"""Ranking evaluation on the public resume dataset, with two baselines measured in the same run.

Each posting in examples/jobs/ (its category named in categories.json) screens every unique
resume of UpdatedResumeDataSet.csv. Two figures per system:

- NDCG@10 per posting: are the resumes of the posting's category at the top of its ranking?
- ROC AUC per resume, averaged over resumes: does one resume score higher against the posting
  of its own category than against the others? This mirrors the held-out check (one resume
  against hundreds of postings with fit labels).

Baselines: TF-IDF cosine (scikit-learn), the keyword-overlap formula of popular open-source
screeners (share of the posting's keywords found in the resume), BM25 and lexicon coverage
(fairsift.eval.baselines).

Run: python -m fairsift.eval.ranking [--data CSV] [--jobs DIR] [--json FILE]
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from fairsift.errors import ConfigError, FairsiftError, InputError

__all__ = [
    "DEFAULT_DATA",
    "DEFAULT_JOBS",
    "SYSTEMS",
    "Posting",
    "Resume",
    "evaluate_ranking",
    "fairsift_scores",
    "keyword_overlap",
    "keyword_scores",
    "load_postings",
    "load_resumes",
    "main",
    "mean_resume_auc",
    "ndcg_at_k",
    "posting_text",
    "roc_auc",
    "stratified",
    "tfidf_scores",
]

_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_DATA = _ROOT.parent / "shared" / "data" / "resumes" / "UpdatedResumeDataSet.csv"
DEFAULT_JOBS = _ROOT / "examples" / "jobs"
SYSTEMS = ("fairsift", "tfidf", "keywords", "bm25", "lexicon_coverage")

# When a posting exists in several formats, the text one is the posting; the others are variants
# whose figures show whether the format changes anything.
_FORMAT_ORDER = (".md", ".txt", ".html", ".docx", ".pdf", ".toml")

Matrix = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Resume:
    text: str
    category: str


@dataclass(frozen=True, slots=True)
class Posting:
    path: Path
    category: str


# --- metrics -------------------------------------------------------------------------------


def ndcg_at_k(scores: Sequence[float], relevance: Sequence[float], k: int = 10) -> float:
    """NDCG@k with tied scores averaged (McSherry & Najork 2008), so the order of ties in the
    input cannot change the figure. 0.0 when nothing is relevant."""
    if len(scores) != len(relevance):
        raise ValueError("scores and relevance differ in length")
    discounts = [1.0 / math.log2(i + 2) for i in range(min(k, len(scores)))]
    ideal = sorted(relevance, reverse=True)
    idcg = sum(g * d for g, d in zip(ideal, discounts, strict=False))
    if idcg <= 0:
        return 0.0
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    dcg = 0.0
    position = 0
    while position < len(order) and position < k:
        group_end = position
        while (
            group_end + 1 < len(order) and scores[order[group_end + 1]] == scores[order[position]]
        ):
            group_end += 1
        size = group_end - position + 1
        mean_discount = sum(discounts[position : min(group_end + 1, k)]) / size
        dcg += mean_discount * sum(relevance[order[i]] for i in range(position, group_end + 1))
        position = group_end + 1
    return dcg / idcg


def roc_auc(scores: Sequence[float], labels: Sequence[bool]) -> float:
    """Probability that a random positive outscores a random negative, ties counting half
    (Mann-Whitney U). NaN when one of the two classes is empty."""
    if len(scores) != len(labels):
        raise ValueError("scores and labels differ in length")
    positives = [s for s, y in zip(scores, labels, strict=True) if y]
    negatives = [s for s, y in zip(scores, labels, strict=True) if not y]
    if not positives or not negatives:
        return math.nan
    # Rank-sum with average ranks for ties: O(n log n).
    ordered = sorted(scores)
    rank: dict[float, float] = {}
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[i]:
            j += 1
        rank[ordered[i]] = (i + j) / 2 + 1
        i = j + 1
    rank_sum = sum(rank[s] for s in positives)
    n_pos, n_neg = len(positives), len(negatives)
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def mean_resume_auc(
    matrix: Matrix, posting_categories: Sequence[str], resume_categories: Sequence[str]
) -> tuple[float, dict[str, float]]:
    """Mean over resumes of the AUC of their scores across all postings (label: the posting is
    for the resume's category), and the same mean per resume category."""
    by_category: dict[str, list[float]] = defaultdict(list)
    for column, category in enumerate(resume_categories):
        labels = [c == category for c in posting_categories]
        auc = roc_auc(matrix[:, column].tolist(), labels)
        if not math.isnan(auc):
            by_category[category].append(auc)
    values = [a for aucs in by_category.values() for a in aucs]
    overall = float(np.mean(values)) if values else math.nan
    return overall, {c: float(np.mean(a)) for c, a in sorted(by_category.items())}


# --- data ----------------------------------------------------------------------------------


def load_resumes(path: Path = DEFAULT_DATA) -> list[Resume]:
    """The unique resumes of the CSV (columns Category, Resume), in order of first appearance.
    The public file repeats most resumes: 962 rows hold 166 distinct texts."""
    if not path.is_file():
        raise InputError(
            f"resume data not found: {path}",
            "Pass --data with the path of UpdatedResumeDataSet.csv",
        )
    seen: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames is None or not {"Category", "Resume"} <= set(reader.fieldnames):
            raise InputError(
                f"{path} has no Category and Resume columns",
                "Use the CSV of the public resume dataset",
            )
        for row in reader:
            seen.setdefault(row["Resume"], row["Category"].strip())
    return [Resume(text, category) for text, category in seen.items()]


def stratified(resumes: Sequence[Resume], limit: int) -> list[Resume]:
    """The first `limit` resumes taking one of each category in turn, so a quick run still
    covers every category (the CSV is sorted by category)."""
    seen: dict[str, int] = defaultdict(int)
    keyed = []
    for index, resume in enumerate(resumes):
        keyed.append((seen[resume.category], index, resume))
        seen[resume.category] += 1
    return [resume for _, _, resume in sorted(keyed, key=lambda k: k[:2])[:limit]]


def load_postings(jobs_dir: Path = DEFAULT_JOBS) -> tuple[list[Posting], list[Posting]]:
    """(postings, variants) from jobs_dir/categories.json. One posting per file stem, the text
    format preferred; the same posting in other formats (or as a TOML spec) is a variant."""
    index = jobs_dir / "categories.json"
    if not index.is_file():
        raise ConfigError(
            f"no categories.json in {jobs_dir}",
            "Point --jobs at a folder with postings and a categories.json mapping file to category",
        )
    try:
        mapping = json.loads(index.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ConfigError(
            f"{index} line {exc.lineno}: {exc.msg}", "Fix the JSON: file name -> category"
        ) from exc
    if not isinstance(mapping, dict):
        raise ConfigError(f"{index} is not a JSON object", "Map each file name to its category")
    by_stem: dict[str, list[Posting]] = defaultdict(list)
    for name, category in mapping.items():
        path = jobs_dir / name
        if not path.is_file():
            raise ConfigError(f"{index} names {name}, which is missing", "Add the file or drop it")
        by_stem[path.stem].append(Posting(path, str(category)))
    postings: list[Posting] = []
    variants: list[Posting] = []
    for stem in sorted(by_stem):
        group = sorted(by_stem[stem], key=lambda p: _format_rank(p.path))
        postings.append(group[0])
        variants.extend(group[1:])
    return postings, variants


def _format_rank(path: Path) -> int:
    suffix = path.suffix.lower()
    return _FORMAT_ORDER.index(suffix) if suffix in _FORMAT_ORDER else len(_FORMAT_ORDER)


def posting_text(path: Path) -> str:
    """The text a baseline sees: the file as published (HTML without its tags)."""
    raw = path.read_text(encoding="utf-8")
    if path.suffix.lower() in {".html", ".htm"}:
        from bs4 import BeautifulSoup

        return BeautifulSoup(raw, "lxml").get_text("\n")
    return raw


# --- systems -------------------------------------------------------------------------------


def tfidf_scores(job_texts: Sequence[str], resume_texts: Sequence[str]) -> Matrix:
    """Cosine of TF-IDF vectors (English stop words, fitted on postings and resumes together),
    one row per posting, one column per resume."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True)
    vectors = vectorizer.fit_transform([*job_texts, *resume_texts])
    jobs, resumes = vectors[: len(job_texts)], vectors[len(job_texts) :]
    return np.asarray(cosine_similarity(jobs, resumes), dtype=np.float64)


_WORD = re.compile(r"[a-z][a-z0-9+#]*(?:\.[a-z0-9]+)*")


def _keywords(text: str) -> set[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    words = _WORD.findall(text.lower())
    return {w for w in words if len(w) > 2 and w not in ENGLISH_STOP_WORDS}


def keyword_overlap(job_text: str, resume_text: str) -> float:
    """Share (0-100) of the posting's keywords (lower-cased words of 3+ letters, not stop words)
    that also occur in the resume: the formula of popular open-source resume screeners."""
    wanted = _keywords(job_text)
    if not wanted:
        return 0.0
    return 100.0 * len(wanted & _keywords(resume_text)) / len(wanted)


def keyword_scores(job_texts: Sequence[str], resume_texts: Sequence[str]) -> Matrix:
    wanted = [_keywords(t) for t in job_texts]
    found = [_keywords(t) for t in resume_texts]
    matrix = np.zeros((len(job_texts), len(resume_texts)), dtype=np.float64)
    for row, job in enumerate(wanted):
        for column, words in enumerate(found):
            matrix[row, column] = 100.0 * len(job & words) / len(job) if job else 0.0
    return matrix


@dataclass(frozen=True, slots=True)
class FairsiftRun:
    matrix: Matrix
    failures: dict[str, int]
    parse_seconds: float
    screen_seconds: float
    load_seconds: float
    median_prepare_ms: float
    median_pair_ms: float


def fairsift_scores(
    job_paths: Sequence[Path], resume_texts: Sequence[str], settings: Any = None
) -> FairsiftRun:
    """Screen every resume (parsed once, as a .txt upload) against every posting with the
    real pipeline. A resume that cannot be read scores 0 and is counted under its error."""
    from fairsift.intake import parse_bytes
    from fairsift.screening.pipeline import Screener

    started = time.perf_counter()
    screener = Screener.create(settings=settings)
    jobs = [screener.load_job(path) for path in job_paths]
    load_seconds = time.perf_counter() - started
    matrix = np.zeros((len(jobs), len(resume_texts)), dtype=np.float64)
    failures: dict[str, int] = defaultdict(int)
    parse_seconds = screen_seconds = 0.0
    prepare_ms: list[float] = []
    pair_ms: list[float] = []
    for column, text in enumerate(resume_texts):
        started = time.perf_counter()
        try:
            document = parse_bytes(text.encode("utf-8"), "resume.txt")
        except FairsiftError as exc:
            failures[type(exc).__name__] += 1
            continue
        finally:
            parse_seconds += time.perf_counter() - started
        started = time.perf_counter()
        # One resume against many postings: understand (and embed) the resume once.
        candidate = screener.prepare(document)
        prepared = time.perf_counter()
        prepare_ms.append(1000 * (prepared - started))
        for row, job in enumerate(jobs):
            matrix[row, column] = float(screener.screen(document, job, candidate).score)
        finished = time.perf_counter()
        pair_ms.append(1000 * (finished - prepared) / max(len(jobs), 1))
        screen_seconds += finished - started
    return FairsiftRun(
        matrix,
        dict(failures),
        parse_seconds,
        screen_seconds,
        load_seconds,
        float(np.median(prepare_ms)) if prepare_ms else 0.0,
        float(np.median(pair_ms)) if pair_ms else 0.0,
    )


def fairsift_available() -> bool:
    """Whether the screening pipeline and intake exist yet (they are built in parallel)."""
    try:
        from fairsift.intake import parse_bytes  # noqa: F401
        from fairsift.screening.pipeline import Screener  # noqa: F401
    except ImportError:
        return False
    return True


# --- evaluation ----------------------------------------------------------------------------


def _figures(
    matrix: Matrix, postings: Sequence[Posting], resumes: Sequence[Resume], k: int
) -> dict[str, Any]:
    resume_categories = [r.category for r in resumes]
    per_posting: dict[str, float] = {}
    for row, posting in enumerate(postings):
        relevance = [1.0 if c == posting.category else 0.0 for c in resume_categories]
        per_posting[posting.path.name] = ndcg_at_k(matrix[row].tolist(), relevance, k)
    auc, auc_by_category = mean_resume_auc(
        matrix, [p.category for p in postings], resume_categories
    )
    # What crowds each posting's top k: the categories a reviewer would see first.
    top: dict[str, dict[str, int]] = {}
    for row, posting in enumerate(postings):
        order = sorted(range(len(resumes)), key=lambda i: (-matrix[row, i], i))[:k]
        counts: dict[str, int] = defaultdict(int)
        for i in order:
            counts[resume_categories[i]] += 1
        top[posting.path.name] = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return {
        "mean_ndcg": float(np.mean(list(per_posting.values()))),
        "ndcg": per_posting,
        "mean_resume_auc": auc,
        "resume_auc_by_category": auc_by_category,
        "top_k_categories": top,
    }


def evaluate_ranking(
    data: Path = DEFAULT_DATA,
    jobs: Path = DEFAULT_JOBS,
    systems: Sequence[str] = SYSTEMS,
    k: int = 10,
    variants: bool = True,
    limit: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Figures for each system: NDCG@k per posting and their mean; mean per-resume ROC AUC over
    postings, overall and by category. For fairsift also timings, failures and, with
    `variants`, how the same posting in another format (DOCX, PDF, TOML spec) ranks."""
    unknown = set(systems) - set(SYSTEMS)
    if unknown:
        raise ConfigError(f"unknown system(s) {sorted(unknown)}", f"Choose from {list(SYSTEMS)}")
    resumes = load_resumes(data)
    if limit is not None:
        resumes = stratified(resumes, limit)
    postings, variant_postings = load_postings(jobs)
    categories = sorted({r.category for r in resumes})
    result: dict[str, Any] = {
        "resumes": len(resumes),
        "categories": len(categories),
        "postings": [p.path.name for p in postings],
        "k": k,
        "uncovered_categories": sorted(set(categories) - {p.category for p in postings}),
        "systems": {},
    }
    texts = [r.text for r in resumes]
    job_texts = [posting_text(p.path) for p in postings]
    builders: dict[str, Callable[[], Matrix]] = {
        "tfidf": lambda: tfidf_scores(job_texts, texts),
        "keywords": lambda: keyword_scores(job_texts, texts),
        "bm25": lambda: _baseline("bm25", job_texts, texts),
        "lexicon_coverage": lambda: _baseline("lexicon_coverage", job_texts, texts),
    }
    for system in systems:
        if progress:
            progress(f"scoring with {system}")
        started = time.perf_counter()
        if system == "fairsift":
            # Variants ride in the same run: one model load, each resume prepared once.
            extra = variant_postings if variants else []
            run = fairsift_scores([p.path for p in [*postings, *extra]], texts)
            main_matrix, extra_matrix = run.matrix[: len(postings)], run.matrix[len(postings) :]
            figures = _figures(main_matrix, postings, resumes, k)
            parsed = len(resumes) - sum(run.failures.values())
            figures["timing"] = {
                "load_seconds": run.load_seconds,
                "parse_seconds": run.parse_seconds,
                "screen_seconds": run.screen_seconds,
                "postings_screened": len(postings) + len(extra),
                "pairs_per_second": (
                    parsed * (len(postings) + len(extra)) / run.screen_seconds
                    if run.screen_seconds
                    else 0.0
                ),
                "median_prepare_ms": run.median_prepare_ms,
                "median_pair_ms": run.median_pair_ms,
            }
            figures["failures"] = run.failures
            if extra:
                figures["variants"] = _variant_figures(
                    main_matrix, extra_matrix, postings, extra, resumes, k
                )
        else:
            figures = _figures(builders[system](), postings, resumes, k)
        figures["seconds"] = time.perf_counter() - started
        result["systems"][system] = figures
    return result


def _baseline(name: str, job_texts: Sequence[str], resume_texts: Sequence[str]) -> Matrix:
    from fairsift.eval import baselines  # it imports this module's metrics

    if name == "bm25":
        return baselines.bm25_scores(job_texts, resume_texts)
    return baselines.lexicon_coverage_scores(job_texts, resume_texts)


def _variant_figures(
    matrix: Matrix,
    extra: Matrix,
    postings: Sequence[Posting],
    variant_postings: Sequence[Posting],
    resumes: Sequence[Resume],
    k: int,
) -> dict[str, Any]:
    """NDCG@k of each variant, and how far its scores stray from the primary posting's."""
    primary_row = {p.path.stem: row for row, p in enumerate(postings)}
    out: dict[str, Any] = {}
    for row, variant in enumerate(variant_postings):
        relevance = [1.0 if r.category == variant.category else 0.0 for r in resumes]
        base = matrix[primary_row[variant.path.stem]]
        out[variant.path.name] = {
            "ndcg": ndcg_at_k(extra[row].tolist(), relevance, k),
            "primary": postings[primary_row[variant.path.stem]].path.name,
            "primary_ndcg": ndcg_at_k(base.tolist(), relevance, k),
            "mean_abs_score_difference": float(np.mean(np.abs(extra[row] - base))),
        }
    return out


# --- command -------------------------------------------------------------------------------


def _report(result: dict[str, Any]) -> str:
    systems: dict[str, Any] = result["systems"]
    names = list(systems)
    k = result["k"]
    lines = [
        f"{result['resumes']} unique resumes, {result['categories']} categories, "
        f"{len(result['postings'])} postings",
    ]
    if result["uncovered_categories"]:
        lines.append(f"categories without a posting: {', '.join(result['uncovered_categories'])}")
    lines += ["", f"{'posting':<36}" + "".join(f"{n:>11}" for n in names)]
    for posting in result["postings"]:
        cells = "".join(f"{systems[n]['ndcg'][posting]:>11.3f}" for n in names)
        lines.append(f"{posting:<36}{cells}")
    lines.append(
        f"{f'mean NDCG@{k}':<36}" + "".join(f"{systems[n]['mean_ndcg']:>11.3f}" for n in names)
    )
    lines.append(
        f"{'mean resume AUC over postings':<36}"
        + "".join(f"{systems[n]['mean_resume_auc']:>11.3f}" for n in names)
    )
    for name in names:
        by_category: dict[str, float] = systems[name]["resume_auc_by_category"]
        worst = sorted(by_category.items(), key=lambda item: item[1])[:5]
        lines.append(
            f"{name}: worst resume AUC by category: " + ", ".join(f"{c} {a:.2f}" for c, a in worst)
        )
        worst_postings = sorted(systems[name]["ndcg"].items(), key=lambda item: item[1])[:5]
        lines.append(
            f"{name}: worst NDCG@{k} postings: "
            + ", ".join(f"{p} {v:.2f}" for p, v in worst_postings)
        )
        for posting, _ in worst_postings[:3]:
            crowd = systems[name]["top_k_categories"][posting]
            lines.append(
                f"  top {k} of {posting}: " + ", ".join(f"{c} {n}" for c, n in crowd.items())
            )
    fairsift = systems.get("fairsift")
    if fairsift:
        t = fairsift["timing"]
        lines.append(
            f"fairsift: load {t['load_seconds']:.1f} s, parse {t['parse_seconds']:.1f} s, "
            f"screen {t['screen_seconds']:.1f} s ({t['pairs_per_second']:.0f} pairs/s; median "
            f"{t['median_prepare_ms']:.0f} ms to understand a resume, "
            f"{t['median_pair_ms']:.1f} ms per posting); "
            f"failures: {fairsift['failures'] or 'none'}"
        )
        for name, v in fairsift.get("variants", {}).items():
            lines.append(
                f"fairsift variant {name}: NDCG@{k} {v['ndcg']:.3f} "
                f"(vs {v['primary']} {v['primary_ndcg']:.3f}), "
                f"mean |score difference| {v['mean_abs_score_difference']:.2f}"
            )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m fairsift.eval.ranking", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="resume CSV")
    parser.add_argument(
        "--jobs", type=Path, default=DEFAULT_JOBS, help="postings + categories.json"
    )
    parser.add_argument(
        "--system", action="append", choices=SYSTEMS, help="systems to run (default: all)"
    )
    parser.add_argument("--k", type=int, default=10, help="cut-off of NDCG")
    parser.add_argument(
        "--limit", type=int, default=None, help="use N resumes, taking each category in turn"
    )
    parser.add_argument("--no-variants", action="store_true", help="skip DOCX/PDF/TOML variants")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args(argv)
    systems = list(args.system or SYSTEMS)
    if "fairsift" in systems and not fairsift_available():
        if args.system:
            print("fairsift's screening pipeline is not available yet", file=sys.stderr)
            return 2
        print("note: fairsift.screening.pipeline not available; baselines only", file=sys.stderr)
        systems.remove("fairsift")
    try:
        result = evaluate_ranking(
            args.data,
            args.jobs,
            systems,
            k=args.k,
            variants=not args.no_variants,
            limit=args.limit,
            progress=lambda message: print(message, file=sys.stderr),
        )
    except FairsiftError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(_report(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
