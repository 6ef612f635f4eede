"""`train`: learn a triage model from labelled reports, with a cross-validated report.

    LABELLED.csv ─► samples (one per non-empty text column of a row: the report as received,
                    its translation...) ─► features: character n-grams (any language), sentence
                    embedding (the languages the encoder knows), taxonomy keywords (carry what
                    English reports teach over to other languages)
                 ─► ridge regression per category ─► thresholds and calibration by
                    cross-validation, apart for English and other languages ─► model directory

Cross-validation is grouped: a row's texts, and rows that are near-duplicates of each other,
always fall in the same fold, so no copy of a test report is ever trained on. The figures in
the report are nested: thresholds are chosen inside each training fold, never on its test fold.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from fairsift import __version__
from fairsift.errors import ConfigError, InputError, ModelError
from fairsift.intake.plain import NotText, decode_text
from fairsift.models.embed import BundledEmbedder, CachedEmbedder, Embedder, Vectors
from fairsift.triage.features import CharNgrams, Keywords
from fairsift.triage.model import GROUPS, TrainedModel, group_of
from fairsift.triage.prototypes import Prototypes, prototypes_for
from fairsift.triage.ridge import choose_threshold, fit_dual, folds, platt
from fairsift.triage.stack import NEIGHBOURS, Evidence, Stack, fit_stack, neighbour_shares
from fairsift.triage.taxonomy import Taxonomy, load_taxonomy

__all__ = [
    "CategoryFigures",
    "Fitted",
    "Samples",
    "TrainingReport",
    "calibration_error",
    "fit_samples",
    "prototypes_for",
    "read_labelled",
    "reliability",
    "train",
]

Progress = Callable[[str], None]
Array = npt.NDArray[np.float64]
_TRUE = {"1", "1.0", "true", "yes", "y"}
_FALSE = {"0", "0.0", "false", "no", "n"}
LAMBDA = 3.0
MIN_GROUP_POSITIVES = 3


@dataclass
class Samples:
    """Training texts with their labels. `rows[i]` is the CSV row sample i came from;
    `known[i, j]` is False where the row gives no 0/1 for category j."""

    texts: list[str]
    rows: list[int]
    labels: npt.NDArray[np.bool_]
    known: npt.NDArray[np.bool_]
    languages: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class CategoryFigures:
    name: str
    positives: int
    precision: float | None
    recall: float | None
    f1: float | None
    by_group: dict[str, dict[str, float | int | None]]


@dataclass
class TrainingReport:
    """What `train` learned and how well, by nested cross-validation."""

    model_dir: str
    rows: int
    samples: int
    skipped_rows: int
    text_columns: list[str]
    languages: dict[str, int]
    folds: int
    categories: list[CategoryFigures]
    macro_f1: float | None
    macro_f1_by_group: dict[str, float | None]
    warnings: list[str]
    # confidence bins on held-out folds: count, mean confidence, share really in the category
    reliability: list[dict[str, float | int | None]] = field(default_factory=list)
    # the bins' gap between mean confidence and observed share, weighted by their size
    calibration_error: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def table(self) -> str:
        """A plain-text table for people: per-category precision, recall, F1."""
        lines = [f"{'category':24} {'pos':>5} {'prec':>6} {'recall':>6} {'F1':>6}"]
        for c in self.categories:
            cells = [c.precision, c.recall, c.f1]
            shown = ["   n/a" if v is None else f"{v:6.2f}" for v in cells]
            lines.append(f"{c.name:24} {c.positives:5d} {' '.join(shown)}")
        macro = "n/a" if self.macro_f1 is None else f"{self.macro_f1:.3f}"
        lines.append(f"macro-F1 over categories with positives: {macro}")
        if self.reliability:
            lines.append("calibration on held-out folds (confidence -> how often right):")
            lines.append(f"  {'confidence':>11} {'pairs':>7} {'mean':>6} {'observed':>8}")
            for b in self.reliability:
                if not b["count"]:
                    continue
                lines.append(
                    f"  {b['low']:.1f}-{b['high']:.1f}     {b['count']:7d} "
                    f"{b['mean_confidence']:6.2f} {b['observed']:8.2f}"
                )
            if self.calibration_error is not None:
                lines.append(f"  expected calibration error: {self.calibration_error:.3f}")
        return "\n".join(lines)


def _label(value: str | None) -> bool | None:
    text = (value or "").strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return None


def read_labelled(
    path: str | Path, taxonomy: Taxonomy, text_columns: Sequence[str]
) -> tuple[Samples, int, list[str]]:
    """Samples from a labelled CSV: label columns named after the taxonomy's categories
    (0/1; anything else means "not labelled"), one sample per non-empty text column.
    Returns the samples, the number of rows without any text, and warnings."""
    path = Path(path)
    if not text_columns:
        raise ConfigError("no text column named", "Name one or more: --text-column message")
    try:
        text = decode_text(path.read_bytes())
    except FileNotFoundError as exc:
        raise InputError(f"{str(path)!r} does not exist", "Check the path") from exc
    except NotText as exc:
        raise InputError(f"{str(path)!r} is not a text CSV file ({exc})") from exc
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    header = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    for column in text_columns:
        if column not in header:
            raise ConfigError(
                f"{str(path)!r} has no text column {column!r} (columns: {', '.join(header[:15])})",
                "Name a column of the file with --text-column",
            )
    names = taxonomy.names
    present = [n for n in names if n in header]
    warnings = []
    if not present:
        raise ConfigError(
            f"{str(path)!r} has no column named after a category of {taxonomy.source!r}",
            f"Label columns must be named like the categories, e.g. {names[0]!r}",
        )
    absent = [n for n in names if n not in header]
    if absent:
        warnings.append(
            f"no label column for {', '.join(absent)}: these categories are never assigned"
        )
    texts: list[str] = []
    rows: list[int] = []
    labels: list[list[bool]] = []
    known: list[list[bool]] = []
    columns: list[str] = []
    skipped = 0
    for number, record in enumerate(reader):
        values = [_label(record.get(n)) if n in header else None for n in names]
        found = False
        for column in text_columns:
            cell = " ".join((record.get(column) or "").split())
            if not cell:
                continue
            found = True
            texts.append(cell)
            rows.append(number)
            labels.append([v is True for v in values])
            known.append([v is not None for v in values])
            columns.append(column)
        skipped += not found
    if not texts:
        raise InputError(
            f"{str(path)!r} has no text in {', '.join(map(repr, text_columns))}",
            "Check the column names and that the file has rows",
        )
    samples = Samples(
        texts=texts,
        rows=rows,
        labels=np.asarray(labels, dtype=bool),
        known=np.asarray(known, dtype=bool),
        columns=columns,
    )
    return samples, skipped, warnings


# -- fitting ---------------------------------------------------------------------------------


@dataclass
class Fitted:
    """A fitted model and the cross-validated decisions behind its figures."""

    model: TrainedModel
    predicted: npt.NDArray[np.bool_]  # nested out-of-fold decisions, per sample
    groups: list[str]
    # nested out-of-fold confidences (calibrated inside each training fold), per sample
    confidence: npt.NDArray[np.float64] | None = None


def _kernel(char_rows: Any, vectors: Vectors, keywords: npt.NDArray[np.float32]) -> Array:
    gram: Array = np.asarray((char_rows @ char_rows.T).toarray(), dtype=np.float64)
    gram += vectors.astype(np.float64) @ vectors.T.astype(np.float64)
    gram += keywords.astype(np.float64) @ keywords.T.astype(np.float64)
    return gram + 1.0  # the constant: a bias per category


def _decisions(
    scores: Array,
    labels: npt.NDArray[np.bool_],
    known: npt.NDArray[np.bool_],
    groups: npt.NDArray[np.str_],
) -> tuple[dict[str, list[float | None]], dict[str, list[tuple[float, float]]]]:
    """Thresholds and Platt calibration per group, from out-of-fold scores. A group with too
    few positives of a category borrows the pooled threshold and calibration."""
    k = labels.shape[1]
    thresholds: dict[str, list[float | None]] = {g: [] for g in GROUPS}
    calibration: dict[str, list[tuple[float, float]]] = {g: [] for g in GROUPS}
    for j in range(k):
        ok = known[:, j]
        pooled = choose_threshold(labels[ok, j], scores[ok, j])
        pooled_ab = platt(labels[ok, j], scores[ok, j])
        for group in GROUPS:
            rows = ok & (groups == group)
            if labels[rows, j].sum() >= MIN_GROUP_POSITIVES:
                thresholds[group].append(choose_threshold(labels[rows, j], scores[rows, j]))
                calibration[group].append(platt(labels[rows, j], scores[rows, j]))
            else:
                thresholds[group].append(pooled)
                calibration[group].append(pooled_ab)
    return thresholds, calibration


def _calibrated(
    scores: Array, calibration: dict[str, list[tuple[float, float]]], groups: npt.NDArray[np.str_]
) -> Array:
    out = np.zeros(scores.shape)
    for group in GROUPS:
        rows = groups == group
        ab = np.asarray(calibration[group], dtype=np.float64)
        out[rows] = 0.5 * (1.0 + np.tanh(0.5 * (ab[:, 0] * scores[rows] + ab[:, 1])))
    return out


def calibration_error(table: Sequence[dict[str, float | int | None]]) -> float | None:
    """Expected calibration error of a reliability table: the mean gap between confidence and
    the observed share, each bin weighted by its pairs (0: confidences mean what they say)."""
    total = sum(int(b["count"] or 0) for b in table)
    if not total:
        return None
    gap = sum(
        int(b["count"] or 0) * abs(float(b["mean_confidence"] or 0) - float(b["observed"] or 0))
        for b in table
    )
    return round(gap / total, 4)


def reliability(
    confidence: Array, labels: npt.NDArray[np.bool_], known: npt.NDArray[np.bool_], bins: int = 10
) -> list[dict[str, float | int | None]]:
    """Reliability table over every (report, category) pair with a label: per confidence bin,
    how many, their mean confidence and the share that really were in the category. Well
    calibrated: the two columns agree ("70 %" is right about 70 % of the time)."""
    c, y = confidence[known], labels[known]
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(c, edges[1:-1]), 0, bins - 1)
    out: list[dict[str, float | int | None]] = []
    for b in range(bins):
        inside = which == b
        count = int(inside.sum())
        out.append(
            {
                "low": round(float(edges[b]), 2),
                "high": round(float(edges[b + 1]), 2),
                "count": count,
                "mean_confidence": round(float(c[inside].mean()), 4) if count else None,
                "observed": round(float(y[inside].mean()), 4) if count else None,
            }
        )
    return out


def _apply(
    scores: Array, thresholds: dict[str, list[float | None]], groups: npt.NDArray[np.str_]
) -> npt.NDArray[np.bool_]:
    out = np.zeros(scores.shape, dtype=bool)
    for group in GROUPS:
        rows = groups == group
        cuts = np.asarray([np.inf if t is None else t for t in thresholds[group]])
        out[rows] = scores[rows] >= cuts
    return out


def _first_stage(
    kernel: Array,
    labels: npt.NDArray[np.bool_],
    known: npt.NDArray[np.bool_],
    cv_groups: Sequence[object],
    within: npt.NDArray[np.intp],
    k: int,
    seed: int,
    lam: float,
) -> tuple[Array, Array, list[npt.NDArray[np.intp]]]:
    """Out-of-fold scores for the samples `within`, the mean of the fold models' dual
    coefficients (one row per sample `within`), and the folds (positions in `within`).

    The mean of the fold models is the model kept: it is linear, so it is one model, and its
    scores are on the footing of the out-of-fold scores that thresholds and calibration are
    chosen on (a refit on every sample scores new reports a little higher than that)."""
    out = np.zeros((len(within), labels.shape[1]))
    alpha = np.zeros((len(within), labels.shape[1]))
    parts = [p for p in folds([cv_groups[i] for i in within], k, seed) if len(p)]
    for test in parts:
        train = np.setdiff1d(np.arange(len(within)), test)
        a = fit_dual(
            kernel[np.ix_(within[train], within[train])],
            labels[within[train]],
            known[within[train]],
            lam,
        )
        out[test] = kernel[np.ix_(within[test], within[train])] @ a
        alpha[train] += a / len(parts)
    return out, alpha, parts


@dataclass
class _Stage:
    """A model fitted on some samples, with its thresholds and calibration."""

    within: npt.NDArray[np.intp]
    alpha: Array
    stack: Stack | None
    thresholds: dict[str, list[float | None]]
    calibration: dict[str, list[tuple[float, float]]]


def _fit_stage(
    kernel: Array,
    samples: Samples,
    vectors: Vectors,
    ideas: npt.NDArray[np.float32],
    groups: npt.NDArray[np.str_],
    cv_groups: Sequence[object],
    within: npt.NDArray[np.intp],
    prototypes: Prototypes | None,
    k: int,
    seed: int,
    lam: float,
) -> _Stage:
    labels, known = samples.labels, samples.known
    oof, alpha, parts = _first_stage(kernel, labels, known, cv_groups, within, k, seed, lam)
    stack = None
    if prototypes is not None:
        y, ok = labels[within], known[within]
        coded = np.where(ok, y.astype(np.int8), np.int8(-1)).astype(np.int8)
        v = np.ascontiguousarray(vectors[within], dtype=np.float32)
        near = np.zeros(oof.shape, dtype=np.float32)
        for test in parts:  # each sample's neighbours from the other folds, as for new reports
            train = np.setdiff1d(np.arange(len(within)), test)
            near[test] = neighbour_shares(v[test], v[train], coded[train])
        evidence = Evidence(prototypes[0], prototypes[1], v, coded)
        features = np.stack(
            [
                oof.astype(np.float32),
                evidence.cosines(v, labels.shape[1]),
                np.minimum(ideas[within], 2.0),
                near,
            ],
            axis=1,
        )
        second = folds([cv_groups[i] for i in within], k, seed + 1)
        stack, oof = fit_stack(features, y, ok, evidence, [p for p in second if len(p)])
        oof = oof.astype(np.float64)
    cuts, calibration = _decisions(oof, labels[within], known[within], groups[within])
    return _Stage(within, alpha, stack, cuts, calibration)


def _stage_scores(
    stage: _Stage,
    kernel: Array,
    vectors: Vectors,
    ideas: npt.NDArray[np.float32],
    rows: npt.NDArray[np.intp],
) -> Array:
    first = kernel[np.ix_(rows, stage.within)] @ stage.alpha
    if stage.stack is None:
        return np.asarray(first, dtype=np.float64)
    second = stage.stack.scores(first.astype(np.float32), vectors[rows], ideas[rows])
    return second.astype(np.float64)


def fit_samples(
    samples: Samples,
    vectors: Vectors,
    taxonomy: Taxonomy,
    cv_groups: Sequence[object],
    *,
    k: int = 5,
    seed: int = 0,
    lam: float = LAMBDA,
    nested: bool = True,
    prototypes: Prototypes | None = None,
    progress: Progress | None = None,
) -> Fitted:
    """Fit on every sample; with `nested`, also decide each sample by a model and thresholds
    that never saw its fold (for honest figures). With `prototypes` (the taxonomy's
    description and example vectors, see `prototypes_for`), a second stage weighs each
    category's score against them and against the nearest labelled neighbours."""
    try:
        import scipy.sparse  # noqa: F401  (the Gram matrix of the n-gram features)
    except ImportError as exc:
        raise ModelError("training needs scipy", "Install it: pip install scipy") from exc
    say = progress or (lambda _message: None)
    char = CharNgrams().fit(samples.texts)
    rows = char.transform(samples.texts)
    matrix = rows.to_scipy()
    keywords = Keywords([c.keywords for c in taxonomy.categories])
    kw = keywords.transform(samples.texts)
    ideas = keywords.per_category(kw)
    say("kernel")
    kernel = _kernel(matrix, vectors, kw)
    labels = samples.labels
    groups = np.asarray([group_of(language) for language in samples.languages])
    everything = np.arange(len(samples.texts))
    predicted = np.zeros(labels.shape, dtype=bool)
    confidence = np.zeros(labels.shape)

    def stage(within: npt.NDArray[np.intp], seed_: int) -> _Stage:
        return _fit_stage(
            kernel, samples, vectors, ideas, groups, cv_groups, within, prototypes, k, seed_, lam
        )

    if nested:
        for number, test in enumerate(folds(cv_groups, k, seed), start=1):
            say(f"cross-validation fold {number} of {k}")
            inner = stage(np.setdiff1d(everything, test), seed + 1)
            scores = _stage_scores(inner, kernel, vectors, ideas, test)
            predicted[test] = _apply(scores, inner.thresholds, groups[test])
            confidence[test] = _calibrated(scores, inner.calibration, groups[test])
    say("final fit, thresholds and calibration")
    final = stage(everything, seed + 2)
    alpha = final.alpha
    weights_all = np.asarray(matrix.T @ alpha)  # type: ignore[attr-defined]  # (dims, k)
    used = np.flatnonzero(np.abs(weights_all).sum(axis=1) > 0).astype(np.int32)
    model = TrainedModel(
        categories=tuple(taxonomy.names),
        char=char,
        char_index=used,
        weights_char=weights_all[used].astype(np.float32),
        weights_vector=(vectors.T.astype(np.float64) @ alpha).astype(np.float32),
        weights_keywords=(kw.T.astype(np.float64) @ alpha).astype(np.float32),
        bias=alpha.sum(axis=0).astype(np.float32),
        keywords=keywords,
        thresholds=final.thresholds,
        calibration=final.calibration,
        stack=final.stack,
    )
    return Fitted(
        model=model,
        predicted=predicted,
        groups=groups.tolist(),
        confidence=confidence if nested else None,
    )


def _figures(
    labels: npt.NDArray[np.bool_],
    known: npt.NDArray[np.bool_],
    predicted: npt.NDArray[np.bool_],
) -> tuple[int, float | None, float | None, float | None]:
    y, p = labels[known], predicted[known]
    positives = int(y.sum())
    tp = int((y & p).sum())
    precision = tp / int(p.sum()) if p.sum() else None
    recall = tp / positives if positives else None
    f1 = 2 * tp / (2 * tp + int((~y & p).sum()) + int((y & ~p).sum())) if positives else None
    return positives, precision, recall, f1


def _report_categories(
    names: Sequence[str], samples: Samples, fitted: Fitted
) -> tuple[list[CategoryFigures], float | None, dict[str, float | None]]:
    groups = np.asarray(fitted.groups)
    out = []
    per_group: dict[str, list[float]] = {g: [] for g in GROUPS}
    scores: list[float] = []
    for j, name in enumerate(names):
        known = samples.known[:, j]
        positives, precision, recall, f1 = _figures(
            samples.labels[:, j], known, fitted.predicted[:, j]
        )
        by_group: dict[str, dict[str, float | int | None]] = {}
        for group in GROUPS:
            rows = known & (groups == group)
            g_pos, g_p, g_r, g_f1 = _figures(samples.labels[:, j], rows, fitted.predicted[:, j])
            by_group[group] = {"positives": g_pos, "precision": g_p, "recall": g_r, "f1": g_f1}
            if g_f1 is not None:
                per_group[group].append(g_f1)
        if f1 is not None:
            scores.append(f1)
        out.append(CategoryFigures(name, positives, precision, recall, f1, by_group))
    macro = float(np.mean(scores)) if scores else None
    macro_groups = {g: (float(np.mean(v)) if v else None) for g, v in per_group.items()}
    return out, macro, macro_groups


def duplicate_groups(samples: Samples, vectors: Vectors) -> list[object]:
    """The cross-validation group of each sample: its row, merged with rows holding a
    near-duplicate text, so copies never straddle a fold."""
    from fairsift.triage.duplicates import group_duplicates

    ids = [str(i) for i in range(len(samples.texts))]
    found = group_duplicates(ids, samples.texts, vectors)
    parent = {row: row for row in set(samples.rows)}

    def root(row: int) -> int:
        while parent[row] != row:
            parent[row] = parent[parent[row]]
            row = parent[row]
        return row

    by_group: dict[str, int] = {}
    for index, duplicate in enumerate(found):
        if duplicate.group is None:
            continue
        row = samples.rows[index]
        first = by_group.setdefault(duplicate.group, row)
        a, b = root(first), root(row)
        if a != b:
            parent[max(a, b)] = min(a, b)
    return [root(row) for row in samples.rows]


def train(
    labelled_csv: str | Path,
    taxonomy: str | Path | Taxonomy,
    text_columns: Sequence[str],
    out_dir: str | Path,
    *,
    embedder: Embedder | None = None,
    folds: int = 5,
    seed: int = 0,
    progress: Progress | None = None,
) -> TrainingReport:
    """`fairsift train LABELLED.csv --taxonomy T --text-column C [--text-column C2...] --out DIR`.

    Writes DIR/model.json and arrays, DIR/report.json and DIR/report.csv (cross-validated
    per-category precision, recall and F1), and returns the report."""
    say = progress or (lambda _message: None)
    tax = taxonomy if isinstance(taxonomy, Taxonomy) else load_taxonomy(taxonomy)
    if folds < 2:
        raise ConfigError(f"folds={folds}", "Cross-validation needs at least 2 folds")
    samples, skipped, warnings = read_labelled(labelled_csv, tax, text_columns)
    say(f"read {len(samples.texts)} texts from {len(set(samples.rows))} rows")
    from fairsift.triage.lang import Languages

    detector = Languages(translate=False)
    samples.languages = [r.language for r in detector.process(samples.texts)]
    embedder = embedder or CachedEmbedder(BundledEmbedder())
    say("embedding")
    vectors = embedder.embed(samples.texts)
    cv_groups = duplicate_groups(samples, vectors)
    if len(set(cv_groups)) < folds:
        raise InputError(
            f"{len(set(cv_groups))} distinct reports are too few for {folds}-fold cross-validation",
            "Label more reports",
        )
    say("category descriptions")
    prototypes = prototypes_for(tax, embedder)
    fitted = fit_samples(
        samples, vectors, tax, cv_groups, k=folds, seed=seed, prototypes=prototypes, progress=say
    )
    never = [n for j, n in enumerate(tax.names) if not samples.labels[:, j].any()]
    if never:
        warnings.append(
            f"no positive example of {', '.join(never)}: these categories are never assigned"
        )
    categories, macro, macro_groups = _report_categories(tax.names, samples, fitted)
    languages = dict(Counter(samples.languages).most_common())
    out = Path(out_dir)
    fitted.model.meta = {
        "taxonomy": {"name": tax.name, "version": tax.version, "sha256": tax.sha256},
        "embedder": {"name": embedder.name, "version": embedder.version},
        "trained_on": {
            "file": Path(labelled_csv).name,
            "rows": len(set(samples.rows)),
            "samples": len(samples.texts),
            "text_columns": list(text_columns),
            "languages": languages,
        },
        "method": {
            "features": ["char 2-5-grams (hashed TF-IDF)", "sentence embedding", "keywords"],
            "learner": "ridge regression (dual), lambda 3, mean of the cross-validation fold "
            "models; then per category a logistic regression over its ridge score, the best "
            "cosine to its description and examples, its keyword ideas and the share of it "
            f"among the {NEIGHBOURS} nearest labelled texts",
            "thresholds": "best F1 on grouped cross-validation, English apart from the rest",
            "calibration": "Platt scaling on cross-validated scores",
        },
        "cross_validation": {"folds": folds, "macro_f1": macro, "by_group": macro_groups},
        "fairsift_version": __version__,
    }
    fitted.model.save(out)
    table = (
        reliability(fitted.confidence, samples.labels, samples.known)
        if fitted.confidence is not None
        else []
    )
    report = TrainingReport(
        model_dir=str(out),
        rows=len(set(samples.rows)),
        samples=len(samples.texts),
        skipped_rows=skipped,
        text_columns=list(text_columns),
        languages=languages,
        folds=folds,
        categories=categories,
        macro_f1=macro,
        macro_f1_by_group=macro_groups,
        warnings=warnings,
        reliability=table,
        calibration_error=calibration_error(table),
    )
    (out / "report.json").write_text(json.dumps(report.to_dict(), indent=1, ensure_ascii=False))
    with (out / "report.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["category", "positives", "precision", "recall", "f1", "f1_en", "f1_other"])
        for c in categories:
            writer.writerow(
                [c.name, c.positives, c.precision, c.recall, c.f1]
                + [c.by_group[g]["f1"] for g in GROUPS]
            )
    return report
