"""Fewer, useful categories in front of people: the table and the report page list what a
reviewer acts on (catch-alls implied), while JSONL and CSV keep every assigned category."""

from __future__ import annotations

import io
import json
from pathlib import Path

from fairsift.triage.output import reviewer_categories, write_rows
from fairsift.triage.taxonomy import load_taxonomy

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "taxonomies" / "disaster-response.toml"


def _cats(*names: str) -> list[dict[str, object]]:
    return [{"name": n, "confidence": 0.9 - i / 100} for i, n in enumerate(names)]


def test_parents_and_catch_alls_are_implied_not_listed() -> None:
    tax = load_taxonomy(EXAMPLE)

    def shown(*names: str) -> list[object]:
        return [c["name"] for c in reviewer_categories(_cats(*names), tax)]

    assert shown("related", "aid_related", "water", "request") == ["water", "request"]
    assert shown("related", "weather_related", "floods", "aid_related") == ["floods"]
    assert shown("related", "aid_related") == ["aid_related"]  # nothing more specific
    assert shown("related", "request") == ["request"]
    assert shown("related") == ["related"]
    assert shown() == []
    # Without a taxonomy nothing is hidden.
    assert [c["name"] for c in reviewer_categories(_cats("related", "water"), None)] == [
        "related",
        "water",
    ]


def test_table_shows_the_reviewer_categories_and_jsonl_keeps_them_all() -> None:
    row = {
        "id": "r1",
        "language": "en",
        "text": "We need drinking water in Carrefour",
        "text_en": "We need drinking water in Carrefour",
        "categories": _cats("related", "aid_related", "request", "water"),
        "urgency": {"level": "high", "reason": "high: it is about water"},
        "duplicate_of": None,
        "campaign": None,
        "findings": [],
        "error": None,
    }
    table = io.StringIO()
    write_rows([row], "table", table, load_taxonomy(EXAMPLE))
    line = table.getvalue()
    assert "request, water" in line and "related" not in line
    jsonl = io.StringIO()
    write_rows([row], "jsonl", jsonl, load_taxonomy(EXAMPLE))
    names = [c["name"] for c in json.loads(jsonl.getvalue())["categories"]]
    assert names == ["related", "aid_related", "request", "water"]
