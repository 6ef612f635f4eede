"""TOML job specs: a posting's requirements listed by a person, validated before screening.

`title`, optional `description`, and `[[requirement]]` tables with text, kind, importance,
weight, years, level, subject and terms. A mistake stops before any screening, naming the
file, the line and the fix.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any, NoReturn

from fairsift.domain import Requirement
from fairsift.errors import ConfigError
from fairsift.lexicon import (
    LEVEL_RANK,
    LEVELS,
    canonical_certification,
    canonical_language,
    canonical_skill,
    degree_level,
    find_certifications,
    find_languages,
    find_skills,
)
from fairsift.screening.posting.asks import NICE_WEIGHT, years_in
from fairsift.screening.posting.model import JobPosting

__all__ = ["KINDS", "load_job_spec"]

KINDS = ("skill", "experience", "degree", "certification", "language", "other", "role")


def _unique(names: Any) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))


_TOP_KEYS = {"title", "description", "requirement"}
_REQUIREMENT_KEYS = {"text", "kind", "importance", "weight", "years", "level", "subject", "terms"}


def load_job_spec(path: str | Path) -> JobPosting:
    """Read a TOML job spec: `title`, optional `description`, and `[[requirement]]` tables
    with text, kind, importance, weight, years, level, subject and terms. Validated here, so
    a mistake stops before any screening, naming the file, the line and the fix."""
    path = Path(path)
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read job spec {path}: {exc}", "Check the path") from exc
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"{path}: not valid TOML: {exc}",
            "Fix the syntax at that line: strings need quotes, each requirement starts "
            "with [[requirement]]",
        ) from exc
    spec = _Spec(path, source)
    for key in data:
        if key not in _TOP_KEYS:
            spec.fail(key, None, f"unknown key {key!r}", _suggest(key, _TOP_KEYS))
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        spec.fail("title", None, "needs a title", 'Add a line like: title = "Data Analyst"')
    description = data.get("description", "")
    if not isinstance(description, str):
        spec.fail("description", None, "description must be text", "Put it in quotes")
    tables = data.get("requirement")
    if not isinstance(tables, list) or not tables:
        spec.fail(
            "requirement", None, "lists no requirements",
            'Add one or more [[requirement]] tables, each with text = "..."',
        )  # fmt: skip
    requirements = tuple(spec.requirement(table, index) for index, table in enumerate(tables))
    return JobPosting(title.strip(), requirements, " ".join(description.split()))


class _Spec:
    """Validation of one spec's requirements, with line numbers for every complaint."""

    def __init__(self, path: Path, source: str) -> None:
        self.path = path
        self.lines = source.splitlines()

    def fail(self, key: str, table: int | None, problem: str, hint: str) -> NoReturn:
        where = self._line(key, table)
        what = f"requirement {table + 1}: " if table is not None else ""
        raise ConfigError(f"{self.path}, line {where}: {what}{problem}", hint)

    def requirement(self, table: Any, index: int) -> Requirement:
        if not isinstance(table, dict):
            self.fail("requirement", None, "requirement must be a table",
                      "Write each requirement as a [[requirement]] table")  # fmt: skip
        for key in table:
            if key not in _REQUIREMENT_KEYS:
                self.fail(key, index, f"unknown key {key!r}", _suggest(key, _REQUIREMENT_KEYS))
        text = table.get("text")
        if not isinstance(text, str) or not text.strip():
            self.fail("text", index, "needs text", 'Add: text = "what the job asks for"')
        kind = self._choice(table, index, "kind", KINDS, "skill")
        importance = self._choice(table, index, "importance", ("must", "nice"), "must")
        weight = self._number(table, index, "weight", NICE_WEIGHT if importance == "nice" else 1.0)
        if weight <= 0:
            self.fail("weight", index, f"weight {weight:g} must be above 0",
                      "Use a positive number such as 1.0 (or 0.5 for a lesser one)")  # fmt: skip
        years = self._number(table, index, "years", None) if "years" in table else None
        if kind == "experience" and years is None:
            years = years_in(text)
            if years is None:
                self.fail("kind", index, "an experience requirement needs years",
                          "Add: years = 3")  # fmt: skip
        if years is not None and years < 0:
            self.fail("years", index, "years cannot be negative", "Use a number such as 3")
        level = self._level(table, index)
        subject = table.get("subject")
        if subject is not None and not isinstance(subject, str):
            self.fail("subject", index, "subject must be text", 'Write: subject = "Nursing"')
        terms = self._terms(table, index, kind, text, subject)
        return Requirement(
            text=" ".join(text.split()), kind=kind, importance=importance,  # type: ignore[arg-type]
            weight=weight, years=years, level=level, subject=subject, terms=terms,
        )  # fmt: skip

    def _choice(self, table: dict[str, Any], index: int, key: str, allowed: tuple[str, ...],
                default: str) -> str:  # fmt: skip
        value = table.get(key, default)
        if not isinstance(value, str) or value.strip().lower() not in allowed:
            self.fail(key, index, f"{key} {value!r} is not one of {', '.join(allowed)}",
                      f"Use one of: {', '.join(allowed)}")  # fmt: skip
        return str(value).strip().lower()

    def _number(self, table: dict[str, Any], index: int, key: str,
                default: float | None) -> Any:  # fmt: skip
        value = table.get(key, default)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(key, index, f"{key} must be a number, not {value!r}",
                      f"Write it without quotes, e.g. {key} = 2")  # fmt: skip
        return float(value)

    def _level(self, table: dict[str, Any], index: int) -> str | None:
        value = table.get("level")
        if value is None:
            return None
        level = None
        if isinstance(value, str):
            cleaned = value.strip().lower().replace(" ", "_")
            level = cleaned if cleaned in LEVEL_RANK else degree_level(value)
        if level is None:
            self.fail("level", index, f"level {value!r} is not a degree level",
                      f"Use one of: {', '.join(LEVELS)}")  # fmt: skip
        return level

    def _terms(self, table: dict[str, Any], index: int, kind: str, text: str,
               subject: str | None) -> tuple[str, ...]:  # fmt: skip
        raw = table.get("terms")
        if raw is None:  # not given: what the text names, as extraction would find it
            if kind == "certification":
                return _unique(m.canonical for m in find_certifications(text))
            if kind == "language":
                named = [m.canonical for m in find_languages(f"{text} {subject or ''}")]
                return _unique([*named, *filter(None, [canonical_language(subject or "")])])
            return _unique(m.canonical for m in find_skills(text))
        if not isinstance(raw, list) or not all(isinstance(t, str) and t.strip() for t in raw):
            self.fail("terms", index, "terms must be a list of words",
                      'Write: terms = ["python", "sql"]')  # fmt: skip
        lookup = {
            "certification": canonical_certification,
            "language": canonical_language,
        }.get(kind, canonical_skill)
        return _unique(lookup(t) or canonical_skill(t) or t.strip() for t in raw)

    def _line(self, key: str, table: int | None) -> int:
        """The 1-based line of `key` in requirement `table` (or at the top level); the
        table's header line when the key is missing; 1 when nothing better is known."""
        header = re.compile(r"^\s*\[\[\s*requirement\s*\]\]")
        assignment = re.compile(rf"^\s*{re.escape(key)}\s*=")
        current = -1
        header_line = 1
        for number, line in enumerate(self.lines, start=1):
            if header.match(line):
                current += 1
                if current == table:
                    header_line = number
                continue
            if current == (-1 if table is None else table) and assignment.match(line):
                return number
            if key == "requirement" and table is None and header.match(line):
                return number
        if table is None and key == "requirement":
            return max(len(self.lines), 1)
        return header_line


def _suggest(key: str, allowed: set[str]) -> str:
    import difflib

    close = difflib.get_close_matches(key, sorted(allowed), n=1)
    known = ", ".join(sorted(allowed))
    return f"Did you mean {close[0]!r}? Known keys: {known}" if close else f"Known keys: {known}"
