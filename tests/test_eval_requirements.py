"""The requirement-reading evaluation: its text builder, quote locating and counts on cases
made by hand, and a bounded run on SkillSpan (skipped when ../shared/data is absent)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fairsift.eval.requirements import (
    DEFAULT_DATA,
    evaluate_requirements,
    every_line,
    locate,
    main,
    tally,
)
from fairsift.eval.skillspan import Posting, load_postings, posting_text
from fairsift.screening.posting import parse_job

POSTING = Posting(
    source="tech",
    idx=7,
    sentences=(("Backend", "Developer"), ("Experience", "with", "Django", "and", "React", "."),
               ("Good", "communication", "skills"), ("Free", "lunch")),
    skill_tags=(("O", "O"), ("O",) * 6, ("O", "B", "I"), ("O", "O")),
    knowledge_tags=(("O", "O"), ("O", "O", "B", "O", "B", "O"), ("O",) * 3, ("O", "O")),
)  # fmt: skip


def test_eval_requirements_text_and_spans_for_both_variants() -> None:
    text, spans = posting_text(POSTING, "lines")
    assert text.split("\n")[1] == "Experience with Django and React ."
    assert sorted(text[s.start : s.end] for s in spans) == [
        "Django", "React", "communication skills",
    ]  # fmt: skip
    glued, glued_spans = posting_text(POSTING, "glued")
    assert "\n" not in glued and "React .Good communication" in glued
    assert sorted(glued[s.start : s.end] for s in glued_spans) == [
        "Django", "React", "communication skills",
    ]  # fmt: skip


def test_eval_requirements_locate_ignores_whitespace_and_keeps_order() -> None:
    text = "Python\nand   SQL. Python again"
    assert locate(text, ["Python and SQL", "Python", "Go"]) == [(0, 16), (18, 24), None]


def test_eval_requirements_counts_on_a_hand_made_posting() -> None:
    text, spans = posting_text(POSTING, "lines")
    counts = tally(text, spans, ["Experience with Django", "Free lunch", "not in the posting"])
    figures = counts.figures()
    assert (counts.knowledge, counts.knowledge_inside) == (2, 1)  # React is outside
    assert (counts.skills, counts.skills_inside) == (1, 0)
    assert (counts.requirements, counts.holding, counts.not_quotes) == (3, 1, 1)
    assert figures["holding_share"] == pytest.approx(1 / 3, abs=1e-4)
    whole = tally(text, spans, every_line(text))
    assert whole.figures()["knowledge_recall"] == 1.0 and whole.figures()["skill_recall"] == 1.0
    assert whole.holding == 2 and whole.requirements == 4


def test_eval_requirements_fairsift_quotes_the_glued_posting() -> None:
    text, spans = posting_text(POSTING, "glued")
    reqs = [r.text for r in parse_job(text).requirements]
    assert all(place is not None for place in locate(text, reqs))
    counts = tally(text, spans, reqs)
    assert counts.knowledge_inside == 2 and counts.skills_inside == 1
    assert not any("lunch" in r for r in reqs)


def _needs_data() -> None:
    if not (DEFAULT_DATA / "dev.jsonl").is_file():
        pytest.skip(f"SkillSpan not found at {DEFAULT_DATA} (../shared/data absent)")


@pytest.mark.dataset
def test_eval_requirements_on_a_slice_of_skillspan(tmp_path: Path) -> None:
    _needs_data()
    assert len(load_postings(DEFAULT_DATA / "dev.jsonl")) == 58
    out = tmp_path / "eval-requirements.json"
    assert main(["--split", "dev", "--limit", "6", "--json", str(out)]) == 0
    result = json.loads(out.read_text())
    for variant in ("lines", "glued"):
        figures = result["splits"]["dev"][variant]
        ours, lines = figures["fairsift"]["all"], figures["every-line"]["all"]
        assert lines["knowledge_recall"] == 1.0
        assert ours["not_quotes"] == 0
        # Reading holds marked spans far more often than taking every line, and keeps most.
        assert ours["holding_share"] > lines["holding_share"] + 0.2 or variant == "glued"
        assert ours["knowledge_recall"] >= 0.75 and ours["skill_recall"] >= 0.6
        assert ours["words_per_requirement"] < 40
    full = evaluate_requirements(DEFAULT_DATA, splits=["train"], systems=["every-sentence"],
                                 variants=["lines"], limit=3)  # fmt: skip
    assert full["splits"]["train"]["postings"] == 3
