"""Classifiers: a trained model read from its directory, or zero-shot from the taxonomy.

Both answer the same question for a batch of reports: which categories (multi-label), and how
confident. A trained model's confidences are calibrated (Platt scaling on cross-validated
scores) and its decision thresholds were chosen by cross-validation, separately for reports in
English and reports in other languages (their scores are not on the same footing: the sentence
encoder knows English best). Zero-shot compares each report with the categories' descriptions
and examples, and counts their keywords; its confidences are a fixed mapping, not calibrated.

A model directory holds plain files only: `model.json` (categories, thresholds, calibration,
what it was trained on) and `.npy` arrays read with allow_pickle=False. No code is unpickled.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from fairsift.errors import ConfigError, ModelError
from fairsift.models.embed import Embedder, Vectors
from fairsift.triage.features import CharNgrams, Keywords, SparseRows
from fairsift.triage.prototypes import best_cosines, prototypes_for
from fairsift.triage.stack import FEATURES, NEIGHBOURS, Evidence, Stack
from fairsift.triage.taxonomy import Taxonomy

__all__ = [
    "FORMAT",
    "GROUPS",
    "Classifier",
    "Prediction",
    "TrainedModel",
    "ZeroShotModel",
    "group_of",
    "load_model",
]

FORMAT = "fairsift-triage-model/2"
# /1: no second stage (still read: its models score with the first stage alone)
READABLE = ("fairsift-triage-model/1", FORMAT)
GROUPS = ("en", "other")
Floats = npt.NDArray[np.float32]


def group_of(language: str) -> str:
    """Which thresholds apply to a report: English, or everything else."""
    return "en" if language == "en" else "other"


@dataclass(frozen=True, slots=True)
class Prediction:
    """Per report and category: assigned or not, and the confidence (0..1)."""

    categories: tuple[str, ...]
    assigned: npt.NDArray[np.bool_]
    confidence: Floats

    def assigned_for(self, row: int) -> list[tuple[str, float]]:
        """(name, confidence) of the categories assigned to report `row`, most confident
        first."""
        picked = [
            (self.categories[j], round(float(self.confidence[row, j]), 4))
            for j in np.flatnonzero(self.assigned[row])
        ]
        return sorted(picked, key=lambda item: (-item[1], item[0]))


class Classifier(Protocol):
    name: str
    version: str
    categories: tuple[str, ...]

    def predict(
        self, texts: Sequence[str], vectors: Vectors, groups: Sequence[str]
    ) -> Prediction: ...


def _consistent(taxonomy: Taxonomy, categories: Sequence[str], prediction: Prediction) -> None:
    """A report in a sub-category is in its parent too (in place)."""
    index = {name: j for j, name in enumerate(categories)}
    for name in categories:
        for parent in taxonomy.ancestors(name):
            if parent in index:
                j, p = index[name], index[parent]
                prediction.assigned[:, p] |= prediction.assigned[:, j]
                np.maximum(
                    prediction.confidence[:, p],
                    np.where(prediction.assigned[:, j], prediction.confidence[:, j], 0),
                    out=prediction.confidence[:, p],
                )


def _sigmoid(z: npt.NDArray[Any]) -> npt.NDArray[Any]:
    return 0.5 * (1.0 + np.tanh(0.5 * z))


class ZeroShotModel:
    """No training: cosine similarity between a report and each category's description and
    examples (the best of them), plus a bonus per keyword idea of the category it mentions.
    For reports in other languages than English the encoder is less sure, so keywords weigh
    more and the bar is lower. The four numbers were set once on the public disaster-response
    validation data (a grid over them); an organisation's own taxonomy may want others."""

    name = "fairsift-zero-shot"
    version = "2"

    def __init__(
        self,
        taxonomy: Taxonomy,
        embedder: Embedder,
        *,
        threshold: float = 0.30,
        bonus: float = 0.16,
        other_threshold: float = 0.25,
        other_bonus: float = 0.20,
        slope: float = 12.0,
    ) -> None:
        self.taxonomy = taxonomy
        self.categories = tuple(taxonomy.names)
        self.settings = {
            "en": (threshold, bonus),
            "other": (other_threshold, other_bonus),
        }
        self.slope = slope
        self.keywords = Keywords([c.keywords for c in taxonomy.categories])
        self._prototypes, self._owners = prototypes_for(taxonomy, embedder)

    def parts(self, texts: Sequence[str], vectors: Vectors) -> tuple[Floats, Floats]:
        """Best cosine to a category's description or examples, and how many of its keyword
        ideas the text mentions (at most 2 count)."""
        best = best_cosines(vectors, self._prototypes, self._owners, len(self.categories))
        ideas = self.keywords.per_category(self.keywords.transform(texts))
        return best, np.minimum(ideas, 2.0)

    def predict(self, texts: Sequence[str], vectors: Vectors, groups: Sequence[str]) -> Prediction:
        best, ideas = self.parts(texts, vectors)
        other = np.asarray([g != "en" for g in groups], dtype=bool)[:, None]
        threshold = np.where(other, self.settings["other"][0], self.settings["en"][0])
        bonus = np.where(other, self.settings["other"][1], self.settings["en"][1])
        scores = best + bonus * ideas
        prediction = Prediction(
            categories=self.categories,
            assigned=scores >= threshold,
            confidence=_sigmoid(self.slope * (scores - threshold)).astype(np.float32),
        )
        _consistent(self.taxonomy, self.categories, prediction)
        return prediction


@dataclass
class TrainedModel:
    """Linear scores over three feature sets, per category:
    score = char n-grams · Wc + embedding · We + keywords · Wk + bias;
    then, with a `stack` (format 2), the second stage's log-odds (see triage/stack.py)."""

    categories: tuple[str, ...]
    char: CharNgrams
    char_index: npt.NDArray[np.int32]  # hashed n-gram buckets that carry weight, sorted
    weights_char: Floats  # (len(char_index), k)
    weights_vector: Floats  # (embedding dims, k)
    weights_keywords: Floats  # (keyword features, k)
    bias: Floats  # (k,)
    keywords: Keywords
    thresholds: dict[str, list[float | None]]  # group -> per category; None: never assigned
    calibration: dict[str, list[tuple[float, float]]]  # group -> per category (a, b)
    meta: dict[str, Any] = field(default_factory=dict)
    name: str = "fairsift-triage-model"
    version: str = ""
    stack: Stack | None = None
    _lookup: npt.NDArray[np.int32] | None = None

    def _rows(self) -> npt.NDArray[np.int32]:
        if self._lookup is None:
            lookup = np.full(self.char.dims, -1, dtype=np.int32)
            lookup[self.char_index] = np.arange(len(self.char_index), dtype=np.int32)
            self._lookup = lookup
        return self._lookup

    def char_scores(self, rows: SparseRows) -> Floats:
        lookup = self._rows()
        out = np.zeros((rows.rows, len(self.categories)), dtype=np.float32)
        for i in range(rows.rows):
            a, b = rows.indptr[i], rows.indptr[i + 1]
            where = lookup[rows.indices[a:b]]
            used = where >= 0
            if used.any():
                out[i] = rows.data[a:b][used] @ self.weights_char[where[used]]
        return out

    def scores(self, texts: Sequence[str], vectors: Vectors) -> Floats:
        """Raw scores (n x k): above a category's threshold means assigned."""
        char = self.char_scores(self.char.transform(texts))
        keywords = self.keywords.transform(texts)
        out = char + vectors @ self.weights_vector + keywords @ self.weights_keywords
        first = np.asarray(out + self.bias, dtype=np.float32)
        if self.stack is None:
            return first
        vectors32 = np.asarray(vectors, dtype=np.float32)
        return self.stack.scores(first, vectors32, self.keywords.per_category(keywords))

    def decide(self, scores: Floats, groups: Sequence[str]) -> Prediction:
        n, k = scores.shape
        assigned = np.zeros((n, k), dtype=bool)
        confidence = np.zeros((n, k), dtype=np.float32)
        group_array = np.asarray([g if g in self.thresholds else "other" for g in groups])
        for group in set(group_array.tolist()):
            rows = group_array == group
            cuts = np.asarray(
                [np.inf if t is None else t for t in self.thresholds[group]], dtype=np.float32
            )
            ab = np.asarray(self.calibration[group], dtype=np.float32)
            assigned[rows] = scores[rows] >= cuts
            confidence[rows] = _sigmoid(ab[:, 0] * scores[rows] + ab[:, 1])
        return Prediction(self.categories, assigned, confidence)

    def predict(self, texts: Sequence[str], vectors: Vectors, groups: Sequence[str]) -> Prediction:
        return self.decide(self.scores(texts, vectors), groups)

    # -- files ------------------------------------------------------------------------------
    _ARRAYS = (
        "char_idf",
        "char_index",
        "weights_char",
        "weights_vector",
        "weights_keywords",
        "bias",
    )
    _STACK_ARRAYS = (
        "stack_prototypes",
        "stack_owners",
        "stack_vectors",
        "stack_labels",
        "stack_mean",
        "stack_scale",
        "stack_coef",
        "stack_intercept",
    )

    def save(self, folder: str | Path) -> None:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        if self.char.idf is None:
            raise ModelError("the character n-gram weights were never fitted")
        arrays: dict[str, npt.NDArray[Any]] = {
            "char_idf": self.char.idf,
            "char_index": self.char_index,
            "weights_char": self.weights_char,
            "weights_vector": self.weights_vector,
            "weights_keywords": self.weights_keywords,
            "bias": self.bias,
        }
        names: tuple[str, ...] = self._ARRAYS
        if self.stack is not None:
            arrays.update(_stack_arrays(self.stack))
            names = self._ARRAYS + self._STACK_ARRAYS
        digest = hashlib.sha256()
        for name in names:
            path = folder / f"{name}.npy"
            np.save(path, arrays[name], allow_pickle=False)
            digest.update(path.read_bytes())
        document = {
            "format": FORMAT,
            "categories": list(self.categories),
            "char": {"dims": self.char.dims, "ngram": list(self.char.ngram)},
            "keywords": self.keywords.saved(),
            "thresholds": self.thresholds,
            "calibration": {g: [list(ab) for ab in v] for g, v in self.calibration.items()},
            "arrays_sha256": digest.hexdigest(),
            **self.meta,
            **(
                {"stack": {"features": list(FEATURES), "neighbours": NEIGHBOURS}}
                if self.stack is not None
                else {}
            ),
        }
        (folder / "model.json").write_text(json.dumps(document, indent=1, ensure_ascii=False))


def load_model(folder: str | Path, taxonomy: Taxonomy) -> TrainedModel:
    """Read a model directory written by `train`; it must match `taxonomy`'s categories."""
    folder = Path(folder)
    try:
        document = json.loads((folder / "model.json").read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(
            f"{str(folder)!r} is not a triage model directory (no model.json)",
            "Pass the folder written by `fairsift train --out`",
        ) from exc
    except (ValueError, OSError) as exc:
        raise ModelError(
            f"{str(folder / 'model.json')!r} cannot be read: {exc}",
            "Train the model again with `fairsift train`",
        ) from exc
    if document.get("format") not in READABLE:
        raise ModelError(
            f"{str(folder)!r} holds a model of format {document.get('format')!r}, "
            f"this fairsift reads {' and '.join(map(repr, READABLE))}",
            "Train the model again with this version of fairsift",
        )
    categories = tuple(document["categories"])
    if set(categories) != set(taxonomy.names):
        missing = sorted(set(taxonomy.names) - set(categories))
        extra = sorted(set(categories) - set(taxonomy.names))
        raise ConfigError(
            f"model {str(folder)!r} was trained for other categories than taxonomy "
            f"{taxonomy.source!r} (not in the model: {missing[:5]}; not in the taxonomy: "
            f"{extra[:5]})",
            "Use the taxonomy the model was trained with, or train again",
        )
    digest = hashlib.sha256()
    arrays: dict[str, npt.NDArray[Any]] = {}
    try:
        names = TrainedModel._ARRAYS + (TrainedModel._STACK_ARRAYS if "stack" in document else ())
        for name in names:
            path = folder / f"{name}.npy"
            digest.update(path.read_bytes())
            arrays[name] = np.load(path, allow_pickle=False)
    except (OSError, ValueError) as exc:
        raise ModelError(
            f"model {str(folder)!r} is incomplete or damaged ({exc})",
            "Train the model again with `fairsift train`",
        ) from exc
    if digest.hexdigest() != document.get("arrays_sha256"):
        raise ModelError(
            f"model {str(folder)!r}: its arrays do not match model.json (edited or mixed up)",
            "Train the model again with `fairsift train`",
        )
    try:
        return _from_document(document, arrays, categories)
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise ModelError(
            f"model {str(folder)!r}: model.json is not what this fairsift wrote ({exc!r})",
            "Train the model again with `fairsift train`",
        ) from exc


def _from_document(
    document: dict[str, Any], arrays: dict[str, npt.NDArray[Any]], categories: tuple[str, ...]
) -> TrainedModel:
    char = CharNgrams(
        dims=int(document["char"]["dims"]),
        ngram=tuple(document["char"]["ngram"]),  # type: ignore[arg-type]
        idf=arrays["char_idf"].astype(np.float32),
    )
    meta = {
        k: v
        for k, v in document.items()
        if k
        not in ("format", "categories", "char", "keywords", "thresholds", "calibration", "stack")
    }
    return TrainedModel(
        categories=categories,
        char=char,
        char_index=arrays["char_index"].astype(np.int32),
        weights_char=arrays["weights_char"].astype(np.float32),
        weights_vector=arrays["weights_vector"].astype(np.float32),
        weights_keywords=arrays["weights_keywords"].astype(np.float32),
        bias=arrays["bias"].astype(np.float32),
        keywords=Keywords.from_saved(document["keywords"]),
        thresholds={g: list(v) for g, v in document["thresholds"].items()},
        calibration={
            g: [(float(a), float(b)) for a, b in v] for g, v in document["calibration"].items()
        },
        meta=meta,
        version=str(document.get("arrays_sha256", ""))[:16],
        stack=_stack_from(arrays, len(categories)) if "stack" in document else None,
    )


def _stack_arrays(stack: Stack) -> dict[str, npt.NDArray[Any]]:
    e = stack.evidence
    return {
        "stack_prototypes": e.prototypes.astype(np.float32),
        "stack_owners": e.owners.astype(np.int32),
        "stack_vectors": e.vectors.astype(np.float32),
        "stack_labels": e.labels.astype(np.int8),
        "stack_mean": stack.mean,
        "stack_scale": stack.scale,
        "stack_coef": stack.coef,
        "stack_intercept": stack.intercept,
    }


def _stack_from(arrays: dict[str, npt.NDArray[Any]], categories: int) -> Stack:
    evidence = Evidence(
        prototypes=arrays["stack_prototypes"].astype(np.float32),
        owners=arrays["stack_owners"].astype(np.int32),
        vectors=arrays["stack_vectors"].astype(np.float32),
        labels=arrays["stack_labels"].astype(np.int8),
    )
    shape = (len(FEATURES), categories)
    stack = Stack(
        evidence=evidence,
        mean=arrays["stack_mean"].astype(np.float32).reshape(shape),
        scale=arrays["stack_scale"].astype(np.float32).reshape(shape),
        coef=arrays["stack_coef"].astype(np.float32).reshape(shape),
        intercept=arrays["stack_intercept"].astype(np.float32).reshape(categories),
    )
    if (
        evidence.labels.shape[1:] != (categories,)
        or int(evidence.owners.max(initial=0)) >= categories
    ):
        raise ValueError("the second stage's arrays do not fit the categories")
    return stack
