"""Debian's apertium (rule-based, offline) as a translator into English.

One subprocess pipeline per batch, not per text: texts go in as HTML paragraphs (escaped), which
apertium's HTML mode keeps as untranslated markup, so the paragraphs come back in order and
can be split apart again. Starting apertium costs ~0.4 s; a batch of 1,000 SMS costs ~3 s.

French has no direct pair in Debian: it goes through Spanish (apertium-fr-es, then
apertium-eng-spa). Two rule-based hops lose nuance but keep the facts a triager needs (who,
where, what is needed); measured against the human translations of the real French SMS it
roughly doubles the overlap with the English reference, so it is offered, marked as a pivot.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from fairsift.errors import ModelError

__all__ = ["APERTIUM_PAIRS", "ApertiumTranslator", "installed_apertium"]

MODES_DIR = Path("/usr/share/apertium/modes")

# source language -> the apertium modes applied in turn, each with the Debian package holding
# it. "Cyrl-Latn" transliterates Serbian Cyrillic for the Latin-script hbs-eng pair (Latin text
# passes through it unchanged).
APERTIUM_PAIRS: dict[str, tuple[tuple[str, str], ...]] = {
    "es": (("spa-eng", "apertium-eng-spa"),),
    "ca": (("cat-eng", "apertium-eng-cat"),),
    "gl": (("gl-en", "apertium-en-gl"),),
    "eu": (("eu-en", "apertium-eu-en"),),
    "eo": (("eo-en", "apertium-eo-en"),),
    "is": (("isl-eng", "apertium-isl-eng"),),
    "mk": (("mkd-eng", "apertium-mkd-eng"),),
    "sr": (("Cyrl-Latn", "apertium-hbs-eng"), ("hbs-eng", "apertium-hbs-eng")),
    "fr": (("fr-es", "apertium-fr-es"), ("spa-eng", "apertium-eng-spa")),
}

# Serbo-Croatian: one pair serves the three standard languages.
_SAME_PAIR = {"sr": frozenset({"sr", "hr", "bs"})}

CHUNK = 2000
"""Texts per apertium call: bounds memory and the time one failure can waste."""

_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
_SPACES = re.compile(r"[ \t]+")


class ApertiumTranslator:
    """Translates one source language into English with Debian's apertium pair packages."""

    def __init__(self, source: str, timeout: float = 300.0) -> None:
        source = next((key for key, same in _SAME_PAIR.items() if source in same), source)
        steps = APERTIUM_PAIRS.get(source)
        if steps is None:
            raise ModelError(
                f"apertium has no pair from {source!r} into English here",
                f"Pairs into English: {', '.join(sorted(APERTIUM_PAIRS))}",
            )
        binary = shutil.which("apertium")
        missing = [pkg for mode, pkg in steps if not (MODES_DIR / f"{mode}.mode").exists()]
        if binary is None or missing:
            needed = " ".join(dict.fromkeys(["apertium", *missing]))
            raise ModelError(
                f"apertium for {source}->en is not installed",
                f"Install the Debian packages: apt-get install {needed} "
                "(scripts/setup-system.sh does this)",
            )
        self.source = source
        self._sources = set(_SAME_PAIR.get(source, {source}))
        self._binary = binary
        self._modes = tuple(mode for mode, _ in steps)
        self._timeout = timeout
        self.name = (
            "apertium:" + ">".join(self._modes) if len(steps) > 1 else f"apertium:{steps[0][0]}"
        )
        packages = dict.fromkeys(["apertium", *(pkg for _, pkg in steps)])
        self.version = ", ".join(f"{pkg} {_debian_version(pkg)}" for pkg in packages)

    def languages(self) -> set[str]:
        return set(self._sources)

    def translate(self, texts: Sequence[str], source: str) -> list[str | None]:
        if source not in self._sources:
            return [None] * len(texts)
        out: list[str | None] = [text if not text.strip() else None for text in texts]
        todo = [i for i, text in enumerate(texts) if text.strip()]
        for start in range(0, len(todo), CHUNK):
            chunk = todo[start : start + CHUNK]
            for index, english in zip(chunk, self._batch([texts[i] for i in chunk]), strict=True):
                out[index] = english
        return out

    def _batch(self, texts: list[str]) -> list[str]:
        document = "".join(f"<p>{html.escape(t, quote=False)}</p>\n" for t in texts)
        for mode in self._modes:
            document = self._run(mode, document)
        parts = _PARAGRAPH.findall(document)
        if len(parts) != len(texts):  # markup lost somewhere: fall back to one call per text
            if len(texts) == 1:
                raise ModelError(f"{self.name} returned unreadable output for a text")
            return [self._batch([text])[0] for text in texts]
        return [_SPACES.sub(" ", html.unescape(part)).strip() for part in parts]

    def _run(self, mode: str, document: str) -> str:
        # -u: no '*' before unknown words (they pass through as written).
        command = [self._binary, "-u", "-f", "html", mode]
        try:
            done = subprocess.run(
                command,
                input=document,
                capture_output=True,
                text=True,
                encoding="utf-8",
                timeout=self._timeout,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ModelError(f"apertium {mode} could not run: {exc}") from exc
        if done.returncode != 0:
            detail = done.stderr.strip().splitlines()[-1:] or ["no message"]
            raise ModelError(f"apertium {mode} failed ({done.returncode}): {detail[0]}")
        return done.stdout


@lru_cache(maxsize=64)
def _debian_version(package: str) -> str:
    dpkg = shutil.which("dpkg-query")
    if dpkg is None:
        return "unknown"
    try:
        done = subprocess.run(
            [dpkg, "-W", "-f=${Version}", package],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return done.stdout.strip() if done.returncode == 0 and done.stdout.strip() else "unknown"


def installed_apertium() -> list[ApertiumTranslator]:
    """A translator for every pair into English whose Debian packages are installed."""
    found: list[ApertiumTranslator] = []
    for source in APERTIUM_PAIRS:
        try:
            found.append(ApertiumTranslator(source))
        except ModelError:
            continue
    return found
