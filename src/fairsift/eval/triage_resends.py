"""Resend grouping on real messages: are resent copies grouped with their source, are distinct
messages kept apart, and does a resent copy ever rank below its source?

From the disaster-response validation file (messages as received: the original where there is
one, else the English), `sources` real messages are drawn; each gets one resend made the way
people resend an SMS or a post — one to three of: an "RT"/"Fwd:"/"please share" prefix, one
or two typos, the tail cut off (long messages), a change of case, punctuation dropped or
"!!!" added, a phone-like number added, spacing changed. `others` further real messages are
the distinct ones. All go through `Triager.triage` in one batch (sources first, resends last),
as `fairsift triage` runs them.

- grouped: the share of resends in their source's duplicate group (target >= 0.95);
- merged: the share of distinct real messages that share a group with another distinct one
  (target <= 0.02). The file itself holds real near-duplicates (the same SMS sent twice, a
  message and its headline); messages whose words overlap another's by half or more are
  left out of the pool first, so "distinct" means distinct;
- sank: resends rated below their source (target 0), and the reasons a raised copy gives;
- baseline, in the same run: exact match of the normalised text.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from fairsift.triage.duplicates import normalise
from fairsift.triage.taxonomy import LEVELS

__all__ = ["format_resends", "make_resend", "resends"]

_PREFIXES = ("RT ", "RT: ", "Fwd: ", "FW: ", "Please share: ", "pass this on: ", "forwarded: ")
_SUFFIXES = (" pls share", " Sent from my phone", " #help", " share!!")
_WORD = re.compile(r"\w+")


def _typo(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    long_ones = [i for i, w in enumerate(words) if len(w) >= 4]
    if not long_ones:
        return text
    i = rng.choice(long_ones)
    w = words[i]
    k = rng.randrange(1, len(w) - 1)
    kind = rng.randrange(3)
    if kind == 0:  # two letters swapped
        w = w[: k - 1] + w[k] + w[k - 1] + w[k + 1 :]
    elif kind == 1:  # a letter dropped
        w = w[:k] + w[k + 1 :]
    else:  # a letter doubled
        w = w[:k] + w[k] + w[k:]
    words[i] = w
    return " ".join(words)


def _phone(rng: random.Random) -> str:
    return f"+509 {rng.randrange(3000, 4999)} {rng.randrange(1000, 9999)}"


def make_resend(text: str, rng: random.Random) -> tuple[str, list[str]]:
    """One realistic resend of `text` and the names of the edits made."""
    edits = rng.sample(
        ["prefix", "typo", "truncate", "case", "punctuation", "phone", "suffix", "spacing"],
        rng.randint(1, 3),
    )
    out = text
    for edit in edits:
        if edit == "prefix":
            out = rng.choice(_PREFIXES) + out
        elif edit == "typo":
            for _ in range(rng.randint(1, 2)):
                out = _typo(out, rng)
        elif edit == "truncate":
            words = out.split()
            if len(words) >= 12:  # a cut-off long SMS keeps most of it
                out = " ".join(words[: int(len(words) * rng.uniform(0.75, 0.9))])
        elif edit == "case":
            out = out.upper() if rng.random() < 0.5 else out.lower()
        elif edit == "punctuation":
            out = re.sub(r"[.,;:!?]", "", out) if rng.random() < 0.5 else out + " !!!"
        elif edit == "phone":
            out = f"{out} {_phone(rng)}" if rng.random() < 0.7 else f"{_phone(rng)} {out}"
        elif edit == "suffix":
            out = out + rng.choice(_SUFFIXES)
        else:
            out = re.sub(r" ", "  ", out, count=2)
    return out, edits


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / max(1, min(len(a), len(b)))


def _distinct_pool(texts: list[str]) -> list[int]:
    """Indexes of messages none of which shares half its words with another (greedy, in
    order), found through an inverted index of rarer words."""
    words = [set(_WORD.findall(normalise(t))) for t in texts]
    frequency: dict[str, int] = defaultdict(int)
    for w in words:
        for token in w:
            frequency[token] += 1
    index: dict[str, list[int]] = defaultdict(list)
    kept: list[int] = []
    for i, w in enumerate(words):
        if len(w) < 3:
            continue
        rare = sorted(w, key=lambda t: (frequency[t], t))[:6]
        near = {j for token in rare for j in index[token]}
        if any(_overlap(w, words[j]) >= 0.5 for j in near):
            continue
        kept.append(i)
        for token in w:
            index[token].append(i)
    return kept


def resends(
    data: str | Path,
    taxonomy: str | Path,
    model: str | Path | None = None,
    *,
    sources: int = 300,
    others: int = 600,
    seed: int = 0,
    triager: Any = None,
) -> dict[str, Any]:
    """Grouping and urgency figures for resends made from real messages (see the module)."""
    from fairsift.eval.triage import load_dataset
    from fairsift.intake.records import Record
    from fairsift.triage.pipeline import Triager
    from fairsift.triage.taxonomy import load_taxonomy

    tax = load_taxonomy(taxonomy)
    data_set = load_dataset(data, tax)
    pool = _distinct_pool(data_set.received)
    rng = random.Random(seed)
    chosen = rng.sample(pool, min(len(pool), sources + others))
    source_rows, other_rows = chosen[:sources], chosen[sources:]
    start = datetime(2026, 1, 1, tzinfo=UTC)
    records: list[Record] = []
    kind: dict[str, str] = {}
    made: dict[str, tuple[str, list[str]]] = {}
    for n, i in enumerate(source_rows + other_rows):
        rid = f"m{data_set.ids[i]}"
        kind[rid] = "source" if n < len(source_rows) else "other"
        records.append(_record(Record, rid, data_set.received[i], start + timedelta(minutes=n)))
    later = start + timedelta(days=1)
    for n, i in enumerate(source_rows):
        text, edits = make_resend(data_set.received[i], rng)
        rid = f"r{data_set.ids[i]}"
        kind[rid] = "resend"
        made[rid] = (f"m{data_set.ids[i]}", edits)
        records.append(_record(Record, rid, text, later + timedelta(minutes=n)))
    worker = triager or Triager.create(tax, model, translate=False)
    rows = {row["id"]: row for row in worker.triage(records)}
    texts = {r.id: r.text for r in records}
    exact = {rid: normalise(t) for rid, t in texts.items()}

    def figures(group_of: dict[str, str | None]) -> dict[str, Any]:
        resent = [rid for rid in kind if kind[rid] == "resend"]
        together = [rid for rid in resent if _same(group_of, rid, made[rid][0])]
        distinct = [rid for rid in kind if kind[rid] != "resend"]
        members: dict[str, list[str]] = defaultdict(list)
        for rid in distinct:
            group = group_of.get(rid)
            if group is not None:
                members[group].append(rid)
        merged = [rid for rid in distinct if len(members.get(group_of.get(rid) or "", [])) > 1]
        return {
            "resends": len(resent),
            "grouped": round(len(together) / max(1, len(resent)), 3),
            "distinct": len(distinct),
            "merged": round(len(merged) / max(1, len(distinct)), 3),
        }

    ours = figures({rid: rows[rid]["duplicate_group"] for rid in kind})
    baseline = figures({rid: exact[rid] or None for rid in kind})
    groups = {rid: rows[rid]["duplicate_group"] for rid in kind}
    by_edit: dict[str, list[bool]] = defaultdict(list)
    sank, raised = [], 0
    for rid, (source, edits) in made.items():
        same = _same(groups, rid, source)
        for edit in edits:
            by_edit[edit].append(same)
        mine, theirs = rows[rid]["urgency"], rows[source]["urgency"]
        if LEVELS.index(mine["level"]) > LEVELS.index(theirs["level"]):
            sank.append({"id": rid, "source": source, "grouped": same, "level": mine["level"]})
        if (
            "of its duplicate group" in mine["reason"]
            or "of its duplicate group" in theirs["reason"]
        ):
            raised += 1
    missed = [
        {"id": rid, "edits": edits, "source": texts[source], "resend": texts[rid]}
        for rid, (source, edits) in made.items()
        if not _same(groups, rid, source)
    ]
    return {
        "data": str(data),
        "fairsift": ours,
        "baseline_exact": baseline,
        "by_edit": {k: round(sum(v) / len(v), 3) for k, v in sorted(by_edit.items())},
        "sank_below_source": len(sank),
        "sank_grouped": sum(1 for s in sank if s["grouped"]),
        "raised_by_group": raised,
        "sank": sank[:20],
        "missed": missed[:20],
    }


def _same(group_of: dict[str, str | None], a: str, b: str) -> bool:
    ga = group_of.get(a)
    return ga is not None and ga == group_of.get(b)


def _record(cls: Any, rid: str, text: str, when: datetime) -> Any:
    import hashlib

    return cls(
        id=rid,
        source="resends",
        text=text,
        sha256=hashlib.sha256(f"{rid}\n{text}".encode()).hexdigest(),
        received=when,
    )


def format_resends(result: dict[str, Any]) -> str:
    ours, base = result["fairsift"], result["baseline_exact"]
    edits = ", ".join(f"{k} {v:.2f}" for k, v in result["by_edit"].items())
    return "\n".join(
        [
            f"resends: {ours['resends']} resends of real messages, {ours['distinct']} distinct "
            f"real messages, from {result['data']}",
            f"  grouped with their source: {ours['grouped']:.3f} (target >= 0.95); "
            f"baseline exact text {base['grouped']:.3f}",
            f"  distinct messages merged:  {ours['merged']:.3f} (target <= 0.02); "
            f"baseline exact text {base['merged']:.3f}",
            f"  grouped, by edit: {edits}",
            f"  resends rated below their source: {result['sank_below_source']} "
            f"({result['sank_grouped']} of them grouped; target 0 grouped); "
            f"{result['raised_by_group']} pairs share the group's highest urgency",
        ]
    )
