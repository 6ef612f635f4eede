"""Real labelled resumes for blind mode: resume-ner-cc0 (CC0; names and e-mails replaced with
fake ones by the dataset's authors) read into text and gold spans, and measured through the
same path a user takes: `fairsift redact FILES --format jsonl --output F`, `text` field.

Gold kinds: `name` (Name), `email` (Email Address), `location` (Location) must be masked;
`skill` (Tech Tools, Job Specific Skills) and `soft_skill` (Soft Skills) must be kept whole.
Intake collapses runs of spaces, so gold spans are carried over onto the text the command
returns by aligning the two texts character by character.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from fairsift.errors import InputError

__all__ = ["NerResume", "align", "load_ner", "redact_through_cli"]

NER_DIR = Path("resumes") / "resume-ner-cc0" / "cvs"
_LABELS = {
    "Name": "name",
    "Email Address": "email",
    "Location": "location",
    "Tech Tools": "skill",
    "Job Specific Skills": "skill",
    "Soft Skills": "soft_skill",
}
_TAG = re.compile(r'<label type="([^"]+)">|</label>')


@dataclass(frozen=True, slots=True)
class NerResume:
    """One labelled resume: its plain text and the gold spans (kind, start, end) in it."""

    source: str
    text: str
    spans: tuple[tuple[str, int, int], ...]


def _parse(xml: str, source: str) -> NerResume:
    body = xml
    head = re.match(r"\s*<\?xml[^>]*>\s*<cv>", body)
    if head:
        body = body[head.end() :]
    body = body.replace("</cv>", "")
    out: list[str] = []
    size = 0
    spans: list[tuple[str, int, int]] = []
    open_: list[tuple[str, int]] = []
    pos = 0
    for match in _TAG.finditer(body):
        chunk = html.unescape(body[pos : match.start()])
        out.append(chunk)
        size += len(chunk)
        pos = match.end()
        if match.group(1) is not None:
            open_.append((match.group(1), size))
        elif open_:
            label, start = open_.pop()
            kind = _LABELS.get(label)
            if kind is not None and size > start:
                spans.append((kind, start, size))
    tail = html.unescape(body[pos:])
    out.append(tail)
    return NerResume(source, "".join(out), tuple(spans))


def load_ner(data: Path) -> list[NerResume]:
    """Every resume of resume-ner-cc0 under `data` (the shared data folder or the cvs folder),
    in file-name order."""
    folder = data / NER_DIR if (data / NER_DIR).is_dir() else data
    files = sorted(folder.glob("*.xml"))
    if not files:
        raise InputError(
            f"no resume-ner-cc0 XML files in {folder}",
            "Pass --data with the shared data folder (it holds resumes/resume-ner-cc0/cvs)",
        )
    return [_parse(f.read_text(encoding="utf-8"), f.name) for f in files]


def align(original: str, seen: str) -> list[int]:
    """For every offset of `original`, the offset of the same character in `seen` (the text
    intake made of it: spaces collapsed, control characters dropped), greedily."""
    mapping = [0] * (len(original) + 1)
    j = 0
    for i, char in enumerate(original):
        while j < len(seen) and char != seen[j] and seen[j].isspace() and not char.isspace():
            j += 1
        mapping[i] = j
        if j < len(seen) and char == seen[j]:
            j += 1
        elif j < len(seen) and char.isspace() and not seen[j].isspace():
            continue  # a space intake removed
    mapping[len(original)] = j
    return mapping


def redact_through_cli(
    texts: Sequence[str], python: str = sys.executable, pythonpath: str | None = None
) -> list[str | None]:
    """The blind text of each of `texts`, written as .txt files and read back from
    `fairsift redact FILES --format jsonl --output F` run as its own process (`pythonpath`
    picks which sources; the default is this process's)."""
    with tempfile.TemporaryDirectory(prefix="fairsift-blind-") as tmp:
        folder = Path(tmp)
        paths = []
        for i, text in enumerate(texts):
            path = folder / f"resume-{i:04d}.txt"
            path.write_text(text, encoding="utf-8")
            paths.append(path)
        out = folder / "out.jsonl"
        env = dict(os.environ)
        if pythonpath is not None:
            env["PYTHONPATH"] = pythonpath
        cmd = [python, "-m", "fairsift.cli", "redact", *map(str, paths)]
        cmd += ["--format", "jsonl", "--output", str(out)]
        subprocess.run(cmd, env=env, check=False, capture_output=True, timeout=3600)
        rows: dict[str, str | None] = {}
        if out.is_file():
            for line in out.read_text(encoding="utf-8").splitlines():
                row = json.loads(line)
                rows[Path(row["source"]).name] = row.get("text")
        return [rows.get(p.name) for p in paths]
