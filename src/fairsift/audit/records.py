"""What a bias audit reads: decisions (candidate, selected, score) and self-identified
demographics (candidate, sex, race/ethnicity), from CSV files or plain Python records.

Decisions and demographics are kept apart on purpose: demographics never reach a scorer or a
reviewer, and are joined here only to count. The result store will be one more source of the
same records.

    decisions.csv      candidate,selected,score        selected: 1/0, yes/no, true/false;
                                                       score optional (blank = none)
    demographics.csv   candidate,sex,race_ethnicity    blank or "declined" = unknown
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from fairsift.errors import InputError

__all__ = [
    "Decision",
    "Demographic",
    "apply_threshold",
    "read_decisions_csv",
    "read_demographics_csv",
]

_TRUE = {"1", "true", "yes", "y", "selected", "advance", "advanced", "t"}
_FALSE = {"0", "false", "no", "n", "rejected", "reject", "not selected", "f"}


@dataclass(frozen=True, slots=True)
class Decision:
    """One application's outcome: moved forward (`selected`) or not, and the tool's score."""

    candidate: str
    selected: bool
    score: float | None = None


@dataclass(frozen=True, slots=True)
class Demographic:
    """What a candidate said about themselves; None where they did not answer."""

    candidate: str
    sex: str | None = None
    race_ethnicity: str | None = None


def apply_threshold(decisions: Iterable[Decision], threshold: float) -> list[Decision]:
    """Selected = score ≥ threshold, for auditing the tool's own recommendation."""
    out = []
    for d in decisions:
        if d.score is None:
            raise InputError(
                f"candidate {d.candidate!r} has no score, so --threshold cannot select",
                "Give every decision a score, or drop --threshold to use the selected column",
            )
        out.append(Decision(d.candidate, d.score >= threshold, d.score))
    return out


def _rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}", "Check the path") from None
    with handle:
        reader = csv.DictReader(handle)
        fields = {(f or "").strip().lower(): f for f in reader.fieldnames or []}
        missing = [c for c in required if c not in fields]
        if missing:
            raise InputError(
                f"{path} has no column {', '.join(missing)} (columns: "
                f"{', '.join(fields) or 'none'})",
                f"The header line must name: {', '.join(required)}",
            )
        for number, row in enumerate(reader, start=2):
            yield number, {k: (row.get(f) or "").strip() for k, f in fields.items()}


def read_decisions_csv(path: str | Path, threshold: float | None = None) -> list[Decision]:
    """Decisions from a CSV with columns candidate, selected and optionally score. With a
    `threshold`, the selected column may be absent: selected = score ≥ threshold."""
    path = Path(path)
    required = ("candidate",) if threshold is not None else ("candidate", "selected")
    out: list[Decision] = []
    for line, row in _rows(path, required):
        candidate = row["candidate"]
        if not candidate:
            raise InputError(f"{path}, line {line}: empty candidate", "Fill in every candidate id")
        raw_score = row.get("score", "")
        score: float | None = None
        if raw_score:
            try:
                score = float(raw_score)
            except ValueError:
                raise InputError(
                    f"{path}, line {line}: score {raw_score!r} is not a number",
                    "Write scores as numbers, or leave the cell empty",
                ) from None
            if not math.isfinite(score):
                raise InputError(f"{path}, line {line}: score {raw_score!r}", "Use a finite number")
        if threshold is not None:
            out.append(Decision(candidate, False, score))
            continue
        value = row["selected"].lower()
        if value not in _TRUE | _FALSE:
            raise InputError(
                f"{path}, line {line}: selected is {row['selected']!r}",
                "Write 1 (moved forward) or 0 (not), or yes/no, true/false",
            )
        out.append(Decision(candidate, value in _TRUE, score))
    return apply_threshold(out, threshold) if threshold is not None else out


def read_demographics_csv(path: str | Path) -> list[Demographic]:
    """Self-identification from a CSV with columns candidate, sex, race_ethnicity."""
    path = Path(path)
    out: list[Demographic] = []
    for line, row in _rows(path, ("candidate", "sex", "race_ethnicity")):
        if not row["candidate"]:
            raise InputError(f"{path}, line {line}: empty candidate", "Fill in every candidate id")
        out.append(Demographic(row["candidate"], row["sex"] or None, row["race_ethnicity"] or None))
    return out
