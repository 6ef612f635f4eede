"""An organisation's taxonomy, from a TOML file a person can read and version.

    [taxonomy]                 name, version, description
    [urgency]                  default = "low"; requires_any = ["request"] (optional);
                               needs_action = ["request", "aid_related", "direct_report"],
                               needs_action_confidence = 0.7 (optional, trained models only)
    [urgency.critical]         description; [urgency.critical.cues] en = [...], ht = [...]
                               [urgency.critical.examples] en = [...], sw = [...]
    [urgency.high] ...         levels: critical, high, normal, low
    [[category]]               name, description, parent?, examples?, keywords?, urgency?

`keywords` are words a report about the category tends to use, in any language ("water", "dlo",
"pani", "agua"); a trailing * matches any ending. They let a model trained on English reports
recognise the same category in a language it has seen little of.

A cue is a word or phrase that raises a report to its level; it may carry a gloss for the
reviewer after " = " ("anba dekonb = under the rubble"). A level's `examples` are short reports
in any language that belong at that level; urgency compares each report with them by meaning
(the examples of the lowest level are the counter-examples: thanks, news, questions), so a
threat to life is recognised however it is worded, not only through cue words. Everything is
checked on load; a mistake raises ConfigError naming the file, the line and the fix, before any
batch starts.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fairsift.errors import ConfigError

__all__ = [
    "LANGUAGE_NAMES",
    "LEVELS",
    "Category",
    "Cue",
    "Example",
    "Level",
    "Taxonomy",
    "load_taxonomy",
    "parse_taxonomy",
]

LEVELS: tuple[str, ...] = ("critical", "high", "normal", "low")
# the confidence a trained model needs in every `needs_action` category (read on the
# disaster-response cross-validation; see eval triage)
NEEDS_ACTION_CONFIDENCE = 0.7
# Names a reviewer reads in an urgency reason ("Haitian Kreyol for 'under the rubble'").
LANGUAGE_NAMES: dict[str, str] = {
    "any": "",
    "ar": "Arabic",
    "bn": "Bengali",
    "de": "German",
    "en": "English",
    "es": "Spanish",
    "fa": "Persian",
    "fr": "French",
    "hi": "Hindi",
    "ht": "Haitian Kreyol",
    "id": "Indonesian",
    "it": "Italian",
    "ps": "Pashto",
    "pt": "Portuguese",
    "ru": "Russian",
    "sd": "Sindhi",
    "so": "Somali",
    "sw": "Swahili",
    "tl": "Tagalog",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "ur": "Urdu",
    "ur-latn": "Urdu (Latin script)",
    "vi": "Vietnamese",
    "zh": "Chinese",
}
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-. ]{0,63}$")
_CATEGORY_KEYS = ("name", "description", "parent", "examples", "keywords", "urgency")
_LEVEL_KEYS = ("description", "cues", "examples")
_TOP_KEYS = ("taxonomy", "urgency", "category")


@dataclass(frozen=True, slots=True)
class Cue:
    """A word or phrase that raises urgency to `level`. `gloss` says what it means in English
    when the phrase is in another language."""

    phrase: str
    language: str
    level: str
    gloss: str | None = None

    def describe(self) -> str:
        """The cue as a reviewer reads it: 'anba dekonb' (Haitian Kreyol: under the rubble)."""
        language = LANGUAGE_NAMES.get(self.language, self.language)
        phrase = self.phrase[:-1] + "…" if self.phrase.endswith("*") else self.phrase
        if self.gloss and language:
            return f"'{phrase}' ({language}: {self.gloss})"
        if self.gloss:
            return f"'{phrase}' ({self.gloss})"
        if language and self.language != "en":
            return f"'{phrase}' ({language})"
        return f"'{phrase}'"


@dataclass(frozen=True, slots=True)
class Example:
    """A short report that belongs at a level, in `language` ("any" when not said)."""

    text: str
    language: str
    level: str

    def describe(self) -> str:
        language = LANGUAGE_NAMES.get(self.language, self.language)
        cut = self.text if len(self.text) <= 60 else self.text[:59] + "…"
        return f"'{cut}'" + (f" ({language} example)" if language and self.language != "en" else "")


@dataclass(frozen=True, slots=True)
class Level:
    name: str
    description: str
    cues: tuple[Cue, ...]
    examples: tuple[Example, ...] = ()


@dataclass(frozen=True, slots=True)
class Category:
    name: str
    description: str
    parent: str | None = None
    examples: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    urgency: str | None = None
    line: int = 0

    @property
    def label(self) -> str:
        """The name as words: 'search_and_rescue' -> 'search and rescue'."""
        return self.name.replace("_", " ")


@dataclass(frozen=True, slots=True)
class Taxonomy:
    name: str
    version: str
    description: str
    categories: tuple[Category, ...]
    levels: Mapping[str, Level]
    default_level: str
    source: str
    sha256: str
    # categories raise urgency only for reports also in one of these (empty: always)
    requires_any: tuple[str, ...] = ()
    # with a trained model: a report in every one of these categories, each with at least
    # `needs_action_confidence`, is raised to high ("it asks for aid"); empty: never
    needs_action: tuple[str, ...] = ()
    needs_action_confidence: float = NEEDS_ACTION_CONFIDENCE

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.categories]

    def category(self, name: str) -> Category:
        for category in self.categories:
            if category.name == name:
                return category
        raise KeyError(name)

    def ancestors(self, name: str) -> list[str]:
        """Parent, grandparent… of `name` (the file is checked for cycles on load)."""
        out: list[str] = []
        parent = self.category(name).parent
        while parent is not None:
            out.append(parent)
            parent = self.category(parent).parent
        return out

    @property
    def examples(self) -> list[Example]:
        return [e for level in LEVELS if level in self.levels for e in self.levels[level].examples]

    @property
    def cues(self) -> list[Cue]:
        return [cue for level in LEVELS if level in self.levels for cue in self.levels[level].cues]


class _Where:
    """Line numbers for tables and keys: tomllib gives values, not positions."""

    _HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?")

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.headers: list[tuple[int, str, bool]] = []  # (line, dotted name, is array item)
        for number, line in enumerate(self.lines, start=1):
            match = self._HEADER.match(line)
            if match:
                name = re.sub(r"\s*\.\s*", ".", match.group(1).strip())
                self.headers.append((number, name, line.lstrip().startswith("[[")))

    def table(self, name: str, index: int | None = None) -> int:
        """Line of the table `name` (the `index`-th [[name]] for arrays of tables); 1 if none."""
        count = 0
        for number, header, array in self.headers:
            if header == name:
                if index is None or (array and count == index):
                    return number
                count += array
        return 1

    def key(self, table_line: int, key: str) -> int:
        """Line of `key = ...` inside the table that starts at `table_line`."""
        pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*(=|\.)")
        start = table_line if table_line > 1 or not self.headers else 0
        for number in range(start + 1, len(self.lines) + 1):
            line = self.lines[number - 1]
            if self._HEADER.match(line) and number != table_line:
                break
            if pattern.match(line):
                return number
        return table_line

    def find(self, text: str, after: int = 0) -> int:
        """Line of the first occurrence of `text` after line `after`."""
        for number in range(after + 1, len(self.lines) + 1):
            if text in self.lines[number - 1]:
                return number
        return after or 1


class _Checker:
    def __init__(self, source: str, text: str) -> None:
        self.source = source
        self.where = _Where(text)

    def fail(self, line: int, what: str, fix: str) -> ConfigError:
        return ConfigError(f"{self.source}, line {line}: {what}", fix)

    def string(self, value: Any, line: int, what: str, *, required: bool = True) -> str:
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.fail(line, f"{what} must be a non-empty string", f'Write {what} = "…"')
        return value.strip()

    def unknown(
        self, keys: Mapping[str, Any], allowed: tuple[str, ...], line: int, where: str
    ) -> None:
        for key in keys:
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                fix = f"Did you mean {close[0]!r}?" if close else f"Allowed: {', '.join(allowed)}"
                raise self.fail(self.where.key(line, key), f"unknown key {key!r} in {where}", fix)


def _cue(raw: str, language: str, level: str) -> Cue:
    phrase, _, gloss = raw.partition(" = ")
    return Cue(
        phrase=" ".join(phrase.split()),
        language=language,
        level=level,
        gloss=" ".join(gloss.split()) or None,
    )


def _examples(check: _Checker, raw: Any, level: str, line: int) -> tuple[Example, ...]:
    at = check.where.table(f"urgency.{level}.examples")
    at = at if at > 1 else check.where.key(line, "examples")
    if isinstance(raw, list):
        raw = {"any": raw}
    if not isinstance(raw, dict):
        raise check.fail(
            at,
            f"urgency.{level}.examples must list short reports by language",
            f'Write [urgency.{level}.examples] then en = ["…"], sw = ["…"]',
        )
    out: list[Example] = []
    for language, texts in raw.items():
        if not isinstance(texts, list) or not all(isinstance(t, str) and t.strip() for t in texts):
            raise check.fail(
                check.where.key(at, language),
                f"examples for {language!r} at level {level!r} must be a list of non-empty strings",
                f'Write {language} = ["a short report", "another"]',
            )
        out.extend(Example(" ".join(t.split()), language, level) for t in texts)
    return tuple(out)


_URGENCY_SETTINGS = ("default", "requires_any", "needs_action", "needs_action_confidence")


def _needs_action(check: _Checker, data: Any) -> tuple[list[str], float]:
    """`needs_action` (category names) and `needs_action_confidence` (0..1) of [urgency]."""
    if not isinstance(data, dict):
        return [], NEEDS_ACTION_CONFIDENCE
    table_line = check.where.table("urgency")
    names = data.get("needs_action", [])
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise check.fail(
            check.where.key(table_line, "needs_action"),
            "urgency.needs_action must be a list of category names",
            'Write needs_action = ["request", "aid_related"]',
        )
    bar = data.get("needs_action_confidence", NEEDS_ACTION_CONFIDENCE)
    if isinstance(bar, bool) or not isinstance(bar, int | float) or not 0 < bar < 1:
        raise check.fail(
            check.where.key(table_line, "needs_action_confidence"),
            f"urgency.needs_action_confidence must be a number between 0 and 1, not {bar!r}",
            "Write needs_action_confidence = 0.7",
        )
    return names, float(bar)


def _levels(check: _Checker, data: Any) -> tuple[dict[str, Level], str, list[str]]:
    if data is None:
        return {name: Level(name, "", ()) for name in LEVELS}, "low", []
    table_line = check.where.table("urgency")
    if not isinstance(data, dict):
        raise check.fail(table_line, "urgency must be a table", "Write [urgency] and its levels")
    default = data.get("default", "low")
    if default not in LEVELS:
        raise check.fail(
            check.where.key(table_line, "default"),
            f"urgency default {default!r} is not a level",
            f"Use one of: {', '.join(LEVELS)}",
        )
    requires = data.get("requires_any", [])
    if not isinstance(requires, list) or not all(isinstance(r, str) for r in requires):
        raise check.fail(
            check.where.key(table_line, "requires_any"),
            "urgency.requires_any must be a list of category names",
            'Write requires_any = ["request"]',
        )
    levels: dict[str, Level] = {}
    for name, body in data.items():
        if name in _URGENCY_SETTINGS:
            continue
        line = check.where.table(f"urgency.{name}")
        if name not in LEVELS:
            close = difflib.get_close_matches(name, LEVELS, n=1)
            fix = f"Did you mean {close[0]!r}?" if close else f"Use one of: {', '.join(LEVELS)}"
            raise check.fail(line, f"unknown urgency level {name!r}", fix)
        if not isinstance(body, dict):
            raise check.fail(line, f"urgency.{name} must be a table", f"Write [urgency.{name}]")
        check.unknown(body, _LEVEL_KEYS, line, f"[urgency.{name}]")
        description = check.string(
            body.get("description"), line, f"urgency.{name}.description", required=False
        )
        cues = body.get("cues", {})
        cue_line = check.where.table(f"urgency.{name}.cues")
        cue_line = cue_line if cue_line > 1 else check.where.key(line, "cues")
        if isinstance(cues, list):
            cues = {"any": cues}
        if not isinstance(cues, dict):
            raise check.fail(
                cue_line,
                f"urgency.{name}.cues must list phrases by language",
                f'Write [urgency.{name}.cues] then en = ["…"], fr = ["…"]',
            )
        found: list[Cue] = []
        for language, phrases in cues.items():
            at = check.where.key(cue_line, language)
            if not isinstance(phrases, list) or not all(
                isinstance(p, str) and p.strip(" =") for p in phrases
            ):
                raise check.fail(
                    at,
                    f"cues for {language!r} at level {name!r} must be a list of non-empty strings",
                    f'Write {language} = ["phrase", "phrase = English meaning"]',
                )
            found.extend(_cue(p, language, name) for p in phrases)
        examples = _examples(check, body.get("examples", {}), name, line)
        levels[name] = Level(name, description, tuple(found), examples)
    for name in LEVELS:
        levels.setdefault(name, Level(name, "", ()))
    return levels, default, requires


def _categories(check: _Checker, data: Any) -> list[Category]:
    if data is None or (isinstance(data, list) and not data):
        raise check.fail(
            1,
            "no categories",
            'Add at least one [[category]] with name = "…" and description = "…"',
        )
    if not isinstance(data, list) or not all(isinstance(d, dict) for d in data):
        raise check.fail(
            check.where.find("category"),
            "category must be an array of tables",
            "Write each category as [[category]] followed by its keys",
        )
    categories: list[Category] = []
    seen: dict[str, int] = {}
    for index, body in enumerate(data):
        line = check.where.table("category", index)
        check.unknown(body, _CATEGORY_KEYS, line, f"category number {index + 1}")
        name = check.string(body.get("name"), check.where.key(line, "name"), "name")
        if not _NAME.match(name):
            raise check.fail(
                check.where.key(line, "name"),
                f"category name {name!r} has characters a CSV column cannot carry",
                "Use letters, digits, '_', '-', '.' or spaces (at most 64)",
            )
        if name in seen:
            raise check.fail(
                check.where.key(line, "name"),
                f"category {name!r} is defined twice (first on line {seen[name]})",
                "Give each category its own name, or merge the two",
            )
        seen[name] = line
        description = check.string(
            body.get("description"), check.where.key(line, "description"), f"{name}.description"
        )
        parent = body.get("parent")
        if parent is not None and not isinstance(parent, str):
            raise check.fail(
                check.where.key(line, "parent"),
                f"{name}.parent must be a category name",
                'Write parent = "other_category"',
            )
        examples = body.get("examples", [])
        if not isinstance(examples, list) or not all(
            isinstance(e, str) and e.strip() for e in examples
        ):
            raise check.fail(
                check.where.key(line, "examples"),
                f"{name}.examples must be a list of non-empty strings",
                'Write examples = ["a short report", "another"]',
            )
        keywords = body.get("keywords", [])
        if isinstance(keywords, dict):  # by language: {en = [...], ht = [...]}
            keywords = [k for words in keywords.values() if isinstance(words, list) for k in words]
        if not isinstance(keywords, list) or not all(
            isinstance(k, str) and k.strip(" *") for k in keywords
        ):
            raise check.fail(
                check.where.key(line, "keywords"),
                f"{name}.keywords must be a list of non-empty strings",
                'Write keywords = ["water", "dlo", "agua"]',
            )
        urgency = body.get("urgency")
        if urgency is not None and urgency not in LEVELS:
            close = difflib.get_close_matches(str(urgency), LEVELS, n=1)
            fix = f"Did you mean {close[0]!r}?" if close else f"Use one of: {', '.join(LEVELS)}"
            raise check.fail(
                check.where.key(line, "urgency"), f"{name}.urgency {urgency!r} is not a level", fix
            )
        categories.append(
            Category(
                name=name,
                description=description,
                parent=parent,
                examples=tuple(" ".join(e.split()) for e in examples),
                keywords=tuple(dict.fromkeys(" ".join(k.split()) for k in keywords)),
                urgency=urgency,
                line=line,
            )
        )
    names = {c.name for c in categories}
    by_name = {c.name: c for c in categories}
    for category in categories:
        if category.parent is None:
            continue
        at = check.where.key(category.line, "parent")
        if category.parent not in names:
            close = difflib.get_close_matches(category.parent, sorted(names), n=1)
            fix = f"Did you mean {close[0]!r}?" if close else "Name a category defined in the file"
            raise check.fail(at, f"parent {category.parent!r} of {category.name!r} is unknown", fix)
        chain = [category.name]
        up: str | None = category.parent
        while up is not None:
            if up in chain:
                raise check.fail(
                    at,
                    f"categories form a loop: {' -> '.join([*chain, up])}",
                    "Remove one of the parent links",
                )
            chain.append(up)
            up = by_name[up].parent
    return categories


def parse_taxonomy(text: str, source: str = "<taxonomy>") -> Taxonomy:
    """The taxonomy in TOML `text`; `source` names the file in error messages."""
    check = _Checker(source, text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = int(match.group(1)) if match else 1
        raise check.fail(
            line,
            f"not valid TOML ({exc})",
            "Check quotes, brackets and commas on that line",
        ) from exc
    check.unknown(data, _TOP_KEYS, 0, "the file")
    head = data.get("taxonomy", {})
    if not isinstance(head, dict):
        raise check.fail(1, "taxonomy must be a table", 'Write [taxonomy] with name = "…"')
    head_line = check.where.table("taxonomy")
    check.unknown(head, ("name", "version", "description"), head_line, "[taxonomy]")
    levels, default, requires = _levels(check, data.get("urgency"))
    categories = _categories(check, data.get("category"))
    names = {c.name for c in categories}
    needs, bar = _needs_action(check, data.get("urgency"))
    for key, listed in (("requires_any", requires), ("needs_action", needs)):
        for name in listed:
            if name not in names:
                close = difflib.get_close_matches(name, sorted(names), n=1)
                raise check.fail(
                    check.where.key(check.where.table("urgency"), key),
                    f"urgency.{key} names {name!r}, which is not a category",
                    f"Did you mean {close[0]!r}?" if close else "Name categories of this file",
                )
    return Taxonomy(
        name=str(head.get("name") or Path(source).stem),
        version=str(head.get("version") or "1"),
        description=str(head.get("description") or ""),
        categories=tuple(categories),
        levels=levels,
        default_level=default,
        source=source,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        requires_any=tuple(requires),
        needs_action=tuple(needs),
        needs_action_confidence=bar,
    )


def load_taxonomy(path: str | Path) -> Taxonomy:
    """Read and check a taxonomy file; raises ConfigError naming the file and line."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError as exc:
        raise ConfigError(
            f"taxonomy {str(path)!r} does not exist",
            "Check the path, e.g. examples/taxonomies/disaster-response.toml",
        ) from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"taxonomy {str(path)!r} is not UTF-8 text", "Save the file as UTF-8"
        ) from exc
    except OSError as exc:
        raise ConfigError(
            f"taxonomy {str(path)!r} cannot be read: {exc.strerror}", "Check its permissions"
        ) from exc
    return parse_taxonomy(text, str(path))
