"""Triage evaluation on the public disaster-response validation split, by cross-validation.

It mirrors the held-out protocol on the only labelled data we may use: in each of 5 folds
(grouped, so a message, its translation and its near-duplicates never straddle a fold),
fairsift is trained with the text columns `original` and `message`, as `fairsift train ...
--text-column original --text-column message` does, then triages the fold's messages twice:
in English (`message`) and as received (`original` where there is one). In the same folds:

- baseline: TF-IDF + logistic regression (scikit-learn, class_weight="balanced"), trained on
  the English text, as the held-out comparison describes (default weighting shown too);
- zero-shot: fairsift without any training (taxonomy descriptions, examples and keywords).

Macro-F1 is the mean of per-category F1 over the categories with at least one positive among
the messages scored: a category no message belongs to has no F1 (0/0) and is left out, for
every system alike. (`PII`, `child_alone` and `offer` have no positive in this split.) The
figures with those categories counted as 0 are printed too.

Urgency: of the Haitian messages responders marked actionable at the time (`actionable_haiti`
= 1), the share fairsift rates critical or high, and the same share among the others (= 0).
Printed beside it, from the same folds: the taxonomy's rules without the trained model's
"needs action" (`[urgency] needs_action`), and without its holds (see `urgency`: categories
and basic-need cue words in calm reports the model finds no request or first-hand report),
i.e. urgency as it was before each; and what raised the messages at critical or high
(meaning, cue words, a category, needs action), counted for actionable and other messages.

Life safety (`--life-safety`): fairsift's own set of 360 short reports in 9 languages and
scripts, half a present threat to life (src/fairsift/data/triage-life-safety.md says how it was
written), or any JSONL with `text`, `life_threat` (0/1) and `language` (`--life-safety-set`).
Each report is triaged alone (no duplicate grouping: the languages share scenarios), without a
model and with `--model DIR` if given. Per language: the share of threats rated critical or
high (recall; target >= 0.95) and of the others (false alarms; target <= 0.15), for the dev and
check halves; the baseline is the taxonomy's cue words alone, in the same run.

Run: python -m fairsift.eval.triage [--data CSV] [--taxonomy TOML] [--folds 5] [--json FILE]
     python -m fairsift.eval.triage --life-safety [--model DIR] [--life-safety-set JSONL]
     python -m fairsift.eval.triage --resends [--model DIR]   (see triage_resends)
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from fairsift.errors import FairsiftError, InputError
from fairsift.models.embed import BundledEmbedder, CachedEmbedder, Embedder
from fairsift.triage.lifesafety import Meaning, MeaningModel, default_second_encoder
from fairsift.triage.model import ZeroShotModel, group_of
from fairsift.triage.ridge import folds as make_folds
from fairsift.triage.taxonomy import LEVELS, Taxonomy, load_taxonomy
from fairsift.triage.train import Samples, duplicate_groups, fit_samples, prototypes_for
from fairsift.triage.urgency import Urgency, UrgencyRules

__all__ = [
    "DEFAULT_DATA",
    "DEFAULT_TAXONOMY",
    "Dataset",
    "evaluate",
    "load_dataset",
    "macro_f1",
    "main",
]

_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_DATA = _ROOT.parent / "shared" / "data" / "reports" / "disaster_response_validation.csv"
DEFAULT_TAXONOMY = _ROOT / "examples" / "taxonomies" / "disaster-response.toml"
Bools = npt.NDArray[np.bool_]


@dataclass
class Dataset:
    ids: list[str]
    english: list[str]
    received: list[str]
    has_original: Bools
    labels: Bools
    known: Bools
    actionable: list[int | None]
    categories: list[str]


def load_dataset(path: str | Path, taxonomy: Taxonomy) -> Dataset:
    path = Path(path)
    if not path.exists():
        raise InputError(f"{str(path)!r} does not exist", "Pass --data with the validation CSV")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    categories = [c for c in taxonomy.names if rows and c in rows[0]]
    labels = np.zeros((len(rows), len(categories)), dtype=bool)
    known = np.zeros_like(labels)
    for i, row in enumerate(rows):
        for j, name in enumerate(categories):
            value = row[name].strip()
            labels[i, j] = value == "1"
            known[i, j] = value in ("0", "1")  # `related` = 2 means "unsure": not scored
    originals = [" ".join(r.get("original", "").split()) for r in rows]
    english = [" ".join(r["message"].split()) for r in rows]
    actionable = [
        int(r["actionable_haiti"]) if r.get("actionable_haiti") in ("0", "1") else None
        for r in rows
    ]
    return Dataset(
        ids=[r["id"] for r in rows],
        english=english,
        received=[o or e for o, e in zip(originals, english, strict=True)],
        has_original=np.asarray([bool(o) for o in originals]),
        labels=labels,
        known=known,
        actionable=actionable,
        categories=categories,
    )


def category_f1(labels: Bools, known: Bools, predicted: Bools) -> list[float | None]:
    """F1 per category over the known labels; None where the category has no positive."""
    out: list[float | None] = []
    for j in range(labels.shape[1]):
        y, p = labels[known[:, j], j], predicted[known[:, j], j]
        tp = int((y & p).sum())
        if not y.any():
            out.append(None)
            continue
        out.append(2 * tp / (2 * tp + int((~y & p).sum()) + int((y & ~p).sum())))
    return out


def macro_f1(labels: Bools, known: Bools, predicted: Bools, zero_for_empty: bool = False) -> float:
    """Mean F1 over categories with a positive (or over all, counting the others as 0)."""
    values = category_f1(labels, known, predicted)
    if zero_for_empty:
        return float(np.mean([v or 0.0 for v in values]))
    kept = [v for v in values if v is not None]
    return float(np.mean(kept)) if kept else 0.0


def _baseline(
    train_texts: Sequence[str],
    train_labels: Bools,
    train_known: Bools,
    tests: Sequence[Sequence[str]],
    balanced: bool,
) -> list[Bools]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectoriser = TfidfVectorizer()
    matrix = vectoriser.fit_transform(train_texts)
    out = [np.zeros((len(t), train_labels.shape[1]), dtype=bool) for t in tests]
    transformed = [vectoriser.transform(t) for t in tests]
    for j in range(train_labels.shape[1]):
        rows = train_known[:, j]
        y = train_labels[rows, j]
        if y.all() or not y.any():
            for block in out:
                block[:, j] = bool(y.all()) and len(y) > 0
            continue
        model = LogisticRegression(
            class_weight="balanced" if balanced else None, max_iter=2000
        ).fit(matrix[rows], y)
        for block, x in zip(out, transformed, strict=True):
            block[:, j] = model.predict(x).astype(bool)
    return out


def _urgent(
    rules: UrgencyRules,
    texts: Sequence[str],
    assigned: list[list[tuple[str, float]]],
    meanings: Sequence[Meaning | None],
    found: list[Urgency] | None = None,
    *,
    holds: bool = True,
) -> Bools:
    """Critical or high, per message; `found` (if given) receives each Urgency. `holds`: the
    trained model's holds apply (see `urgency`); off, urgency as it was before them."""
    got = [
        rules.assess(t, None, a, m, trained=holds)
        for t, a, m in zip(texts, assigned, meanings, strict=True)
    ]
    if found is not None:
        found.extend(got)
    return np.asarray([LEVELS.index(u.level) <= 1 for u in got])


def _raised_by(found: Sequence[Urgency], actionable: Bools, inactionable: Bools) -> dict[str, Any]:
    """Per path that raised a message to critical or high ("meaning", "cue words", "category
    food"...): how many actionable and non-actionable messages it raised."""
    counts: dict[str, dict[str, int]] = {}
    for u, yes, no in zip(found, actionable, inactionable, strict=True):
        if LEVELS.index(u.level) > 1 or not (yes or no):
            continue
        row = counts.setdefault(u.raised_by, {"actionable": 0, "not_actionable": 0})
        row["actionable" if yes else "not_actionable"] += 1
    return dict(sorted(counts.items(), key=lambda item: -item[1]["not_actionable"]))


def evaluate(
    data: str | Path = DEFAULT_DATA,
    taxonomy: str | Path = DEFAULT_TAXONOMY,
    *,
    folds: int = 5,
    seed: int = 0,
    embedder: Embedder | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    say = progress or (lambda _message: None)
    started = time.perf_counter()
    tax = load_taxonomy(taxonomy)
    data_set = load_dataset(data, tax)
    names = data_set.categories
    if names != tax.names:
        raise InputError(
            f"the data lacks columns for {sorted(set(tax.names) - set(names))}",
            "Evaluate with the disaster-response taxonomy on its dataset",
        )
    n = len(data_set.ids)
    from fairsift.triage.lang import Languages

    detector = Languages(translate=False)
    say("language detection")
    lang_en = [r.language for r in detector.process(data_set.english)]
    lang_rx = [r.language for r in detector.process(data_set.received)]
    embedder = embedder or CachedEmbedder(BundledEmbedder())
    say("embedding")
    vec_en = embedder.embed(data_set.english)
    vec_rx = embedder.embed(data_set.received)
    has = data_set.has_original
    # Grouping: a row with its near-duplicates (on the English text).
    row_samples = Samples(
        texts=data_set.english,
        rows=list(range(n)),
        labels=data_set.labels,
        known=data_set.known,
    )
    row_groups = duplicate_groups(row_samples, vec_en)
    k = len(names)
    prototypes = prototypes_for(tax, embedder)
    predicted = {
        key: np.zeros((n, k), dtype=bool)
        for key in ("en", "rx", "base_en", "base_rx", "plain_en", "plain_rx")
    }
    assigned_en: list[list[tuple[str, float]]] = [[] for _ in range(n)]
    assigned_rx: list[list[tuple[str, float]]] = [[] for _ in range(n)]
    for number, test in enumerate(make_folds(row_groups, folds, seed), start=1):
        say(f"fold {number} of {folds}")
        train = np.setdiff1d(np.arange(n), test)
        # Samples as `train --text-column original --text-column message` makes them.
        index = [int(i) for i in train if has[i]] + [int(i) for i in train]
        samples = Samples(
            texts=[
                data_set.received[i] if pos < has[train].sum() else data_set.english[i]
                for pos, i in enumerate(index)
            ],
            rows=index,
            labels=data_set.labels[index],
            known=data_set.known[index],
            languages=[
                lang_rx[i] if pos < has[train].sum() else lang_en[i] for pos, i in enumerate(index)
            ],
        )
        vectors = np.vstack([vec_rx[[i for i in train if has[i]]], vec_en[train]])
        cv = [row_groups[i] for i in index]
        model = fit_samples(
            samples, vectors, tax, cv, k=folds, seed=seed, nested=False, prototypes=prototypes
        ).model
        for key, texts, vecs, langs, store in (
            ("en", data_set.english, vec_en, lang_en, assigned_en),
            ("rx", data_set.received, vec_rx, lang_rx, assigned_rx),
        ):
            prediction = model.predict(
                [texts[i] for i in test], vecs[test], [group_of(langs[i]) for i in test]
            )
            predicted[key][test] = prediction.assigned
            for row, i in enumerate(test):
                store[i] = prediction.assigned_for(row)
        tests = ([data_set.english[i] for i in test], [data_set.received[i] for i in test])
        train_texts = [data_set.english[i] for i in train]
        for balanced, prefix in ((True, "base"), (False, "plain")):
            en, rx = _baseline(
                train_texts, data_set.labels[train], data_set.known[train], tests, balanced
            )
            predicted[f"{prefix}_en"][test] = en
            predicted[f"{prefix}_rx"][test] = rx
    say("zero-shot")
    zero = ZeroShotModel(tax, embedder)
    zs_en = zero.predict(data_set.english, vec_en, [group_of(x) for x in lang_en])
    zs_rx = zero.predict(data_set.received, vec_rx, [group_of(x) for x in lang_rx])
    predicted["zero_en"], predicted["zero_rx"] = zs_en.assigned, zs_rx.assigned

    y, known = data_set.labels, data_set.known

    def figures(key: str, rows: Bools | None = None) -> dict[str, float]:
        mask = np.ones(n, dtype=bool) if rows is None else rows
        return {
            "macro_f1": round(macro_f1(y[mask], known[mask], predicted[key][mask]), 4),
            "macro_f1_zero_for_empty": round(
                macro_f1(y[mask], known[mask], predicted[key][mask], zero_for_empty=True), 4
            ),
        }

    english = figures("en")
    baseline = figures("base_en")
    same_en, same_rx = figures("en", has), figures("rx", has)
    rules = UrgencyRules(tax)
    actionable = np.asarray([a == 1 for a in data_set.actionable])
    inactionable = np.asarray([a == 0 for a in data_set.actionable])
    say("urgency by meaning")
    meaning = MeaningModel(tax, embedder, default_second_encoder())
    rated = [i for i, a in enumerate(data_set.actionable) if a is not None]
    meanings_en: list[Meaning | None] = [None] * n
    meanings_rx: list[Meaning | None] = [None] * n
    for store_m, texts, vecs, langs in (
        (meanings_en, data_set.english, vec_en, lang_en),
        (meanings_rx, data_set.received, vec_rx, lang_rx),
    ):
        found = meaning.assess([texts[i] for i in rated], vecs[rated], [langs[i] for i in rated])
        for i, m in zip(rated, found, strict=True):
            store_m[i] = m
    found_en: list[Urgency] = []
    found_rx: list[Urgency] = []
    urgent_en = _urgent(rules, data_set.english, assigned_en, meanings_en, found_en)
    urgent_rx = _urgent(rules, data_set.received, assigned_rx, meanings_rx, found_rx)
    reasons_en = [u.reason for u in found_en]
    reasons_rx = [u.reason for u in found_rx]
    plain = UrgencyRules(replace(tax, needs_action=()))  # without the model's "needs action"
    plain_en = _urgent(plain, data_set.english, assigned_en, meanings_en)
    plain_rx = _urgent(plain, data_set.received, assigned_rx, meanings_rx)
    # without the trained model's holds (categories, basic-need cue words in calm reports)
    loose_en = _urgent(rules, data_set.english, assigned_en, meanings_en, holds=False)
    loose_rx = _urgent(rules, data_set.received, assigned_rx, meanings_rx, holds=False)
    # As received, per detected language of the original (languages with 30 messages or more).
    by_language = []
    counts: dict[str, int] = {}
    for i in np.flatnonzero(has):
        counts[lang_rx[i]] = counts.get(lang_rx[i], 0) + 1
    for language, count in sorted(counts.items(), key=lambda item: -item[1]):
        if count < 30:
            continue
        rows = has & np.asarray([x == language for x in lang_rx])
        en_l, rx_l = figures("en", rows)["macro_f1"], figures("rx", rows)["macro_f1"]
        by_language.append(
            {
                "language": language,
                "messages": count,
                "english": en_l,
                "received": rx_l,
                "ratio": round(rx_l / max(en_l, 1e-9), 3),
            }
        )
    per_category = []
    f1_en = category_f1(y, known, predicted["en"])
    f1_base = category_f1(y, known, predicted["base_en"])
    f1_same_en = category_f1(y[has], known[has], predicted["en"][has])
    f1_same_rx = category_f1(y[has], known[has], predicted["rx"][has])
    for j, name in enumerate(names):
        per_category.append(
            {
                "category": name,
                "positives": int(y[known[:, j], j].sum()),
                "f1_english": f1_en[j],
                "f1_baseline": f1_base[j],
                "positives_with_original": int(y[has & known[:, j], j].sum()),
                "f1_english_same": f1_same_en[j],
                "f1_received": f1_same_rx[j],
            }
        )
    return {
        "data": str(data),
        "messages": n,
        "with_original": int(has.sum()),
        "folds": folds,
        "english": english,
        "baseline_english": baseline,
        "baseline_english_default_weights": figures("plain_en"),
        "ratio_to_baseline": round(english["macro_f1"] / max(baseline["macro_f1"], 1e-9), 3),
        "same_messages_english": same_en,
        "same_messages_received": same_rx,
        "received_ratio": round(same_rx["macro_f1"] / max(same_en["macro_f1"], 1e-9), 3),
        "received_by_language": by_language,
        "baseline_received": figures("base_rx", has),
        "zero_shot_english": figures("zero_en"),
        "zero_shot_received": figures("zero_rx", has),
        "urgency": {
            "actionable": int(actionable.sum()),
            "not_actionable": int(inactionable.sum()),
            "english": {
                "actionable_critical_or_high": round(float(urgent_en[actionable].mean()), 3),
                "not_actionable_critical_or_high": round(float(urgent_en[inactionable].mean()), 3),
            },
            "received": {
                "actionable_critical_or_high": round(float(urgent_rx[actionable].mean()), 3),
                "not_actionable_critical_or_high": round(float(urgent_rx[inactionable].mean()), 3),
            },
            **{
                key: {
                    view: {
                        "actionable_critical_or_high": round(float(u[actionable].mean()), 3),
                        "not_actionable_critical_or_high": round(float(u[inactionable].mean()), 3),
                    }
                    for view, u in views
                }
                for key, views in (
                    ("without_needs_action", (("english", plain_en), ("received", plain_rx))),
                    ("without_holds", (("english", loose_en), ("received", loose_rx))),
                )
            },
            "raised_by": {
                "english": _raised_by(found_en, actionable, inactionable),
                "received": _raised_by(found_rx, actionable, inactionable),
            },
        },
        "per_category": per_category,
        "seconds": round(time.perf_counter() - started, 1),
        "urgency_rows": [
            {
                "id": data_set.ids[i],
                "actionable": data_set.actionable[i],
                "english": [n for n, _ in assigned_en[i]],
                "received": [n for n, _ in assigned_rx[i]],
                "urgent_english": bool(urgent_en[i]),
                "urgent_received": bool(urgent_rx[i]),
                "reason_english": reasons_en[i],
                "reason_received": reasons_rx[i],
                "urgent_english_without_needs_action": bool(plain_en[i]),
                "urgent_received_without_needs_action": bool(plain_rx[i]),
            }
            for i in range(n)
            if data_set.actionable[i] is not None
        ],
    }


LIFE_SAFETY = Path(__file__).resolve().parents[1] / "data" / "triage-life-safety.jsonl"
RECALL_TARGET, FALSE_ALARM_LIMIT = 0.95, 0.15


def load_life_safety(path: str | Path = LIFE_SAFETY) -> list[dict[str, Any]]:
    """Reports of a life-safety set: `text`, `life_threat` 0/1, `language` (with `script`
    Latn for Urdu in Latin script), optional `id` and `split`."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{str(path)!r} does not exist", "Pass --life-safety-set FILE.jsonl")
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            text, threat = str(item["text"]), int(item["life_threat"])
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(
                f"{str(path)!r}, line {number}: not a life-safety item ({exc})",
                'Each line: {"text": "…", "life_threat": 0 or 1, "language": "en"}',
            ) from exc
        language = str(item.get("language") or "?")
        if language == "ur" and item.get("script") == "Latn":
            language = "ur-latn"
        out.append(
            {
                "id": str(item.get("id") or number),
                "text": text,
                "life_threat": threat,
                "language": language,
                "split": str(item.get("split") or "all"),
            }
        )
    return out


def _rates(items: Sequence[dict[str, Any]], urgent: Sequence[bool]) -> dict[str, Any]:
    threats = [u for i, u in zip(items, urgent, strict=True) if i["life_threat"]]
    others = [u for i, u in zip(items, urgent, strict=True) if not i["life_threat"]]
    return {
        "threats": len(threats),
        "recall": round(sum(threats) / len(threats), 3) if threats else None,
        "others": len(others),
        "false_alarms": round(sum(others) / len(others), 3) if others else None,
    }


def life_safety(
    path: str | Path = LIFE_SAFETY,
    taxonomy: str | Path = DEFAULT_TAXONOMY,
    model: str | Path | None = None,
    *,
    triager: Any = None,
) -> dict[str, Any]:
    """Recall and false alarms on a life-safety set, per language and split, for fairsift
    (without a model, or with `model`) and for the taxonomy's cue words alone (baseline)."""
    from fairsift.intake.records import Record
    from fairsift.triage.pipeline import Triager

    items = load_life_safety(path)
    tax = load_taxonomy(taxonomy)
    worker = triager or Triager.create(tax, model)
    records = [
        Record(id=i["id"], source="life-safety", text=i["text"], sha256=str(n))
        for n, i in enumerate(items)
    ]
    rows = worker.assess(records)  # one at a time: no duplicate grouping across languages
    urgent = [row["urgency"]["level"] in ("critical", "high") for row in rows]
    rules = UrgencyRules(tax)
    cues = [
        LEVELS.index(rules.assess(i["text"], row["text_en"], []).level) <= 1
        for i, row in zip(items, rows, strict=True)
    ]
    table: list[dict[str, Any]] = []
    languages = list(dict.fromkeys(i["language"] for i in items))
    splits = sorted({i["split"] for i in items})
    for language in [*languages, "all"]:
        for split in [*splits, "all"] if len(splits) > 1 else splits:
            keep = [
                n
                for n, i in enumerate(items)
                if language in ("all", i["language"]) and split in ("all", i["split"])
            ]
            chosen = [items[n] for n in keep]
            table.append(
                {
                    "language": language,
                    "split": split,
                    "fairsift": _rates(chosen, [urgent[n] for n in keep]),
                    "baseline_cues": _rates(chosen, [cues[n] for n in keep]),
                }
            )
    misses = [
        {
            "id": i["id"],
            "life_threat": i["life_threat"],
            "level": row["urgency"]["level"],
            "reason": row["urgency"]["reason"],
        }
        for i, row, u in zip(items, rows, urgent, strict=True)
        if u != bool(i["life_threat"])
    ]
    whole = "all" if len(splits) > 1 else splits[0]
    worst = [r for r in table if r["language"] != "all" and r["split"] == whole]
    return {
        "set": str(path),
        "model": str(model) if model else None,
        "reports": len(items),
        "table": table,
        "every_language_passes": all(
            (r["fairsift"]["recall"] or 0) >= RECALL_TARGET
            and (r["fairsift"]["false_alarms"] or 0) <= FALSE_ALARM_LIMIT
            for r in worst
        ),
        "errors": misses,
    }


def format_life_safety(result: dict[str, Any]) -> str:
    """The per-language table a person reads."""
    model = result["model"] or "no trained model"
    lines = [
        f"life safety: {result['reports']} reports from {result['set']} ({model})",
        f"  critical or high: threats (target >= {RECALL_TARGET:.2f}) / others (target <= "
        f"{FALSE_ALARM_LIMIT:.2f}); baseline: the taxonomy's cue words alone",
        f"  {'language':10} {'split':6} {'n':>4} {'threats':>8} {'others':>7}"
        f"   {'cues: threats':>13} {'others':>7}",
    ]
    for row in result["table"]:
        f, b = row["fairsift"], row["baseline_cues"]

        def cell(value: float | None) -> str:
            return "   n/a" if value is None else f"{value:6.2f}"

        lines.append(
            f"  {row['language']:10} {row['split']:6} {f['threats'] + f['others']:4d}"
            f"   {cell(f['recall'])}  {cell(f['false_alarms'])}"
            f"          {cell(b['recall'])}  {cell(b['false_alarms'])}"
        )
    verdict = (
        "every language meets both targets"
        if result["every_language_passes"]
        else ("NOT every language meets both targets")
    )
    lines.append(f"  {verdict}")
    return "\n".join(lines)


def _print(result: dict[str, Any]) -> None:
    u = result["urgency"]
    lines = [
        f"fairsift triage, {result['folds']}-fold grouped cross-validation on "
        f"{result['messages']} messages ({result['with_original']} with an original)",
        f"  macro-F1, English text:             {result['english']['macro_f1']:.3f}"
        f"   baseline TF-IDF+LR (balanced) {result['baseline_english']['macro_f1']:.3f}"
        f"   ratio {result['ratio_to_baseline']:.2f} (target >= 1.5)",
        f"      baseline with default weights:  "
        f"{result['baseline_english_default_weights']['macro_f1']:.3f}",
        f"  macro-F1 on the {result['with_original']} messages with an original:",
        f"      English {result['same_messages_english']['macro_f1']:.3f}"
        f"   as received {result['same_messages_received']['macro_f1']:.3f}"
        f"   ratio {result['received_ratio']:.2f} (target >= 0.90)"
        f"   baseline as received {result['baseline_received']['macro_f1']:.3f}",
        *(
            f"      as received, {b['language']} ({b['messages']}): English {b['english']:.3f}"
            f"   as received {b['received']:.3f}   ratio {b['ratio']:.2f}"
            for b in result.get("received_by_language", [])
        ),
        f"  zero-shot (no training): English {result['zero_shot_english']['macro_f1']:.3f}"
        f"   as received {result['zero_shot_received']['macro_f1']:.3f}",
        "  (categories with no positive are left out; counting them as 0: English "
        f"{result['english']['macro_f1_zero_for_empty']:.3f}, baseline "
        f"{result['baseline_english']['macro_f1_zero_for_empty']:.3f})",
        f"  urgency critical/high, English text: actionable "
        f"{u['english']['actionable_critical_or_high']:.1%} of {u['actionable']} (target >= 90%),"
        f" not actionable {u['english']['not_actionable_critical_or_high']:.1%} of "
        f"{u['not_actionable']} (target <= 30%)",
        f"  urgency critical/high, as received:  actionable "
        f"{u['received']['actionable_critical_or_high']:.1%}, not actionable "
        f"{u['received']['not_actionable_critical_or_high']:.1%}",
        *(
            f"      without the model's {what:12}, {view:8}: actionable "
            f"{w['actionable_critical_or_high']:.1%}, not actionable "
            f"{w['not_actionable_critical_or_high']:.1%}"
            for key, what in (("without_needs_action", "needs action"), ("without_holds", "holds"))
            for view, w in u.get(key, {}).items()
        ),
        *(
            f"      raised by, {view:8}: "
            + ", ".join(
                f"{path or 'nothing'} {c['actionable']}/{c['not_actionable']}"
                for path, c in list(paths.items())[:6]
            )
            + " (actionable/not)"
            for view, paths in u.get("raised_by", {}).items()
        ),
        f"  ({result['seconds']} s)",
    ]
    print("\n".join(lines))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fairsift.eval.triage", description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--taxonomy", type=Path, default=DEFAULT_TAXONOMY)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    parser.add_argument(
        "--life-safety", action="store_true", help="the life-safety set, per language"
    )
    parser.add_argument("--life-safety-set", type=Path, default=LIFE_SAFETY)
    parser.add_argument("--model", type=Path, default=None, help="a model from `fairsift train`")
    parser.add_argument(
        "--resends",
        action="store_true",
        help="resends made from real messages: grouped with their source, distinct kept apart",
    )
    args = parser.parse_args(argv)
    if args.resends:
        from fairsift.eval.triage_resends import format_resends, resends

        try:
            made = resends(args.data, args.taxonomy, args.model)
        except FairsiftError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        print(format_resends(made))
        if args.json:
            args.json.write_text(json.dumps(made, indent=1, ensure_ascii=False))
        return 0
    if args.life_safety:
        try:
            found = life_safety(args.life_safety_set, args.taxonomy, args.model)
        except FairsiftError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        print(format_life_safety(found))
        if args.json:
            args.json.write_text(json.dumps(found, indent=1, ensure_ascii=False))
        return 0
    try:
        result = evaluate(
            args.data,
            args.taxonomy,
            folds=args.folds,
            progress=lambda m: print(f"  … {m}", file=sys.stderr),
        )
    except FairsiftError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    _print(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
