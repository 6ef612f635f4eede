"""Where the latest evaluation and fairness figures are kept, for the AI use-case record.

    <folder of the SQLite store>/fairsift-evidence/     (./fairsift-evidence/ for PostgreSQL)
        eval-ranking.json           python -m fairsift.eval.ranking --json <this file>
        eval-blind.json             python -m fairsift.eval.blind --json <this file>
        audit-bias.json             fairsift audit bias --format json (saved here as well)
        audit-counterfactual.json   fairsift audit counterfactual (saved here as well)
        audit-parity.json           fairsift audit parity (saved here as well)
        eval-triage.json            python -m fairsift.eval.triage --json <this file>

Plain JSON files beside the store: a person can read, version and publish them, and the
use-case record names the file and the date each figure comes from.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fairsift.errors import InputError

__all__ = ["EVIDENCE_FILES", "evidence_dir", "load_evidence", "save_evidence"]

EVIDENCE_FILES = {
    "eval-ranking": "eval-ranking.json",
    "eval-blind": "eval-blind.json",
    "audit-bias": "audit-bias.json",
    "audit-counterfactual": "audit-counterfactual.json",
    "audit-parity": "audit-parity.json",
    "eval-triage": "eval-triage.json",
}
FOLDER = "fairsift-evidence"


def evidence_dir(db: str = "sqlite:///fairsift.db") -> Path:
    """The evidence folder that goes with a store URL (or a plain SQLite path)."""
    if db.startswith("sqlite:///"):
        path = db.removeprefix("sqlite:///")
        return Path(path).parent / FOLDER if path and path != ":memory:" else Path(FOLDER)
    if "://" not in db:
        return Path(db).parent / FOLDER
    return Path(FOLDER)


def save_evidence(name: str, data: dict[str, Any], directory: Path) -> Path:
    """Write one evidence file atomically (a reader never sees half a file)."""
    if name not in EVIDENCE_FILES:
        raise InputError(f"unknown evidence {name!r}", f"Use one of {sorted(EVIDENCE_FILES)}")
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / EVIDENCE_FILES[name]
    partial = path.with_suffix(".json.partial")
    partial.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(partial, path)
    return path


def load_evidence(directory: Path) -> dict[str, tuple[dict[str, Any], str, str]]:
    """{name: (figures, file path, date written)} for each evidence file present and valid;
    a file that is not JSON is an error (it was meant to be evidence)."""
    out: dict[str, tuple[dict[str, Any], str, str]] = {}
    for name, filename in EVIDENCE_FILES.items():
        path = directory / filename
        if not path.is_file():
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise InputError(
                f"evidence file {path} cannot be read: {exc}",
                "Rerun the command that writes it, or delete the file",
            ) from None
        if not isinstance(data, dict):
            raise InputError(f"evidence file {path} is not a JSON object", "Rerun its command")
        written = datetime.fromtimestamp(path.stat().st_mtime, UTC).date().isoformat()
        out[name] = (data, str(path), written)
    return out
