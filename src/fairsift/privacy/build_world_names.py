"""Rebuild src/fairsift/data/privacy-world-names.tsv from the world-names data (a developer tool).

    python -m fairsift.privacy.build_world_names [--data ../shared/data]

Source: "Popular Names by Country" (common forenames of 106 countries, surnames of 75, with
native scripts and romanisations, compiled from Wikipedia; CC0 1.0, free to bundle). Every
name's romanised form and its native spelling are written with its kind (g: given name,
s: surname) and countries. One name in five (fairsift.privacy.name_split) is left out so that
`fairsift eval blind` can test blind mode on names it was never given.

fairsift reads the shipped file; this script needs only the CSV files.
"""

from __future__ import annotations

import argparse
import csv
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from fairsift.privacy.name_split import held_out

__all__ = ["WORLD_NAMES", "main", "read_world_names"]

DATA = Path(__file__).resolve().parents[1] / "data"
WORLD_NAMES = DATA / "privacy-world-names.tsv"
_DEFAULT_SOURCE = Path(__file__).resolve().parents[4].parent / "shared" / "data" / "names"
_FILES = (("common-forenames-by-country.csv", "g"), ("common-surnames-by-country.csv", "s"))


def read_world_names(folder: Path) -> list[tuple[str, str, str, str]]:
    """(kind, country, native, romanised) for every row of the two CSV files in `folder`."""
    rows: list[tuple[str, str, str, str]] = []
    for name, kind in _FILES:
        with (folder / name).open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                roman = (row.get("Romanized Name") or "").strip()
                native = (row.get("Localized Name") or "").strip()
                if roman:
                    rows.append((kind, row.get("Country") or "", native, roman))
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fairsift.privacy.build_world_names")
    parser.add_argument("--data", type=Path, default=_DEFAULT_SOURCE, help="the names/ folder")
    args = parser.parse_args(argv)
    entries: dict[tuple[str, str], set[str]] = defaultdict(set)
    for kind, country, native, roman in read_world_names(args.data):
        if held_out(roman):
            continue
        for spelling in {roman, native}:
            if spelling:
                entries[(spelling, kind)].add(country)
    lines = [
        "# Given names (g) and surnames (s) by country, romanised and native, from 'Popular Names"
        " by Country' (Wikipedia lists, CC0 1.0). One name in five is held out for evaluation."
        " Rebuild: python -m fairsift.privacy.build_world_names"
    ]
    for (spelling, kind), countries in sorted(entries.items()):
        lines.append(f"{spelling}\t{kind}\t{','.join(sorted(countries))}")
    WORLD_NAMES.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
