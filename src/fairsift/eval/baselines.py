"""Baselines and metrics shared by the agreement evaluations, computed in the same run as
fairsift so every figure has a simple yardstick beside it.

Scores are matrices with one row per posting and one column per resume (the orientation of
`fairsift.eval.ranking`). Baselines:

- TF-IDF cosine (scikit-learn, English stop words, fitted on postings and resumes together);
- BM25 (Okapi, k1 1.2, b 0.75), the resume as the query and the postings as the documents, so a
  resume's scores over postings are comparable with each other;
- lexicon coverage: the share of the posting's lexicon skills found in the resume.

Metrics: Spearman's rho with average ranks for ties, top-1 agreement, and ROC AUC (from
`fairsift.eval.ranking`).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from fairsift.eval.ranking import roc_auc, tfidf_scores

__all__ = [
    "BASELINES",
    "ROOT",
    "SHARED",
    "Matrix",
    "average_ranks",
    "baseline_scores",
    "bm25_scores",
    "fairsift_matrix",
    "lexicon_coverage_scores",
    "roc_auc",
    "spearman",
    "tfidf_scores",
    "tokens",
    "top1",
]

ROOT = Path(__file__).resolve().parents[3]
SHARED = ROOT.parent / "shared" / "data"
BASELINES = ("tfidf", "bm25", "lexicon_coverage")

Matrix = npt.NDArray[np.float64]

_TOKEN = re.compile(r"[a-z][a-z0-9+#]*(?:\.[a-z0-9]+)*|\d+")


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens without English stop words ("c++", "c#", "node.js" kept)."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return [t for t in _TOKEN.findall(text.lower()) if t not in ENGLISH_STOP_WORDS]


# --- metrics -------------------------------------------------------------------------------


def average_ranks(values: Sequence[float]) -> list[float]:
    """1-based ranks of `values` in ascending order, ties sharing their average rank."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def spearman(a: Sequence[float], b: Sequence[float]) -> float:
    """Spearman's rho: Pearson correlation of the average ranks. NaN when either side is
    constant (no order to agree with)."""
    if len(a) != len(b):
        raise ValueError("the two sequences differ in length")
    ra, rb = np.array(average_ranks(a)), np.array(average_ranks(b))
    da, db = ra - ra.mean(), rb - rb.mean()
    denominator = math.sqrt(float(da @ da) * float(db @ db))
    return float(da @ db) / denominator if denominator else math.nan


def top1(scores: Sequence[float], preference: Sequence[float]) -> float:
    """Whether the highest-scored item is among the items people prefer most (highest
    `preference`). Ties in the scores share the credit: 1/len(tied) per correct tied item."""
    best = max(scores)
    tied = [i for i, s in enumerate(scores) if s == best]
    wanted = max(preference)
    return sum(preference[i] == wanted for i in tied) / len(tied)


# --- baselines -----------------------------------------------------------------------------


def bm25_scores(
    job_texts: Sequence[str], resume_texts: Sequence[str], k1: float = 1.2, b: float = 0.75
) -> Matrix:
    """Okapi BM25 of each posting (document) for each resume (query); IDF over the postings,
    floored at a small positive value so a term in most postings never counts against."""
    docs = [Counter(tokens(t)) for t in job_texts]
    lengths = np.array([sum(d.values()) for d in docs], dtype=np.float64)
    average = float(lengths.mean()) if len(docs) and lengths.mean() > 0 else 1.0
    frequency: Counter[str] = Counter()
    for doc in docs:
        frequency.update(doc.keys())
    n = len(docs)
    idf = {
        term: max(math.log((n - df + 0.5) / (df + 0.5) + 1.0), 1e-3)
        for term, df in frequency.items()
    }
    matrix = np.zeros((len(job_texts), len(resume_texts)), dtype=np.float64)
    for column, text in enumerate(resume_texts):
        query = set(tokens(text))
        for row, doc in enumerate(docs):
            norm = k1 * (1 - b + b * lengths[row] / average)
            total = 0.0
            for term in query:
                tf = doc.get(term, 0)
                if tf:
                    total += idf[term] * tf * (k1 + 1) / (tf + norm)
            matrix[row, column] = total
    return matrix


def lexicon_coverage_scores(job_texts: Sequence[str], resume_texts: Sequence[str]) -> Matrix:
    """Share of the posting's lexicon skills (distinct canonical names) that the resume names."""
    from fairsift.lexicon import find_skills

    wanted = [{m.canonical for m in find_skills(t)} for t in job_texts]
    found = [{m.canonical for m in find_skills(t)} for t in resume_texts]
    matrix = np.zeros((len(job_texts), len(resume_texts)), dtype=np.float64)
    for row, job in enumerate(wanted):
        for column, have in enumerate(found):
            matrix[row, column] = len(job & have) / len(job) if job else 0.0
    return matrix


def baseline_scores(job_texts: Sequence[str], resume_texts: Sequence[str]) -> dict[str, Matrix]:
    return {
        "tfidf": tfidf_scores(job_texts, resume_texts),
        "bm25": bm25_scores(job_texts, resume_texts),
        "lexicon_coverage": lexicon_coverage_scores(job_texts, resume_texts),
    }


def fairsift_matrix(
    job_texts: Sequence[tuple[str, str]], documents: Sequence[Any], screener: Any = None
) -> tuple[Matrix, list[list[str]]]:
    """Scores of the real pipeline: each resume understood once, screened against every
    posting given as (source, text). Returns the matrix and each pair's score explanation."""
    from fairsift.screening.pipeline import Screener

    screener = screener or Screener.create()
    jobs = [screener.job_from_text(text, source) for source, text in job_texts]
    matrix = np.zeros((len(jobs), len(documents)), dtype=np.float64)
    explanations: list[list[str]] = [[""] * len(documents) for _ in jobs]
    for column, document in enumerate(documents):
        candidate = screener.prepare(document)
        for row, job in enumerate(jobs):
            assessment = screener.screen(document, job, candidate)
            matrix[row, column] = assessment.score
            explanations[row][column] = assessment.explanation
    return matrix, explanations
