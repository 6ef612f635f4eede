"""The blind-mode evaluation builds honest samples and reports the figures the targets name."""

from __future__ import annotations

from pathlib import Path

import pytest

from fairsift.errors import InputError
from fairsift.eval.blind import (
    HOLDOUT_LAYOUTS,
    LAYOUTS,
    evaluate_blind,
    evaluate_names,
    evaluate_ner,
    load_bodies,
    main,
    make_samples,
    span_removed,
)
from fairsift.eval.blind_names import NAME_LAYOUTS, WorldName, name_samples
from fairsift.eval.blind_ner import _parse, align
from fairsift.privacy import MASK
from fairsift.privacy.build_world_names import WORLD_NAMES, read_world_names
from fairsift.privacy.name_split import held_out, name_key

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
BODIES = [
    "Skills: Python, Django, Flask\nExperience\nDeveloper, Acme, 2019 - 2023\n",
    "Summary\nAccountant with Tally and Excel.\nWork\nAuditor, KPMG, 2015 - 2020\n",
]


def test_samples_label_exactly_the_text_they_inserted() -> None:
    samples = make_samples(BODIES, n=len(LAYOUTS), seed=3)
    assert {s.layout for s in samples} == set(LAYOUTS)
    for sample in samples:
        lo, hi = sample.body
        assert sample.text[lo:hi].rstrip() in {b.rstrip() for b in BODIES}
        kinds = {kind for kind, _, _ in sample.spans}
        assert {"name", "email"} <= kinds
        for kind, start, end in sample.spans:
            value = sample.text[start:end]
            assert value.strip() == value and value, (kind, value)
            assert not (lo <= start < hi), "identity spans never fall inside the real body"


def test_holdout_layouts_are_distinct_and_deterministic() -> None:
    assert not set(HOLDOUT_LAYOUTS) & set(LAYOUTS)
    first = make_samples(BODIES, n=6, seed=1, holdout=True)
    again = make_samples(BODIES, n=6, seed=1, holdout=True)
    assert [s.text for s in first] == [s.text for s in again]
    assert {s.layout for s in first} == set(HOLDOUT_LAYOUTS)


def test_span_removed_counts_letters_and_digits_only() -> None:
    blind = f"ab {MASK}{MASK} -{MASK}"
    assert span_removed(blind, 3, 8)
    assert not span_removed(blind, 0, 5)
    assert span_removed(blind, 0, 5, share=0.5)


def test_missing_data_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="resume data not found"):
        load_bodies(tmp_path)


@pytest.mark.dataset
def test_evaluation_meets_the_targets_on_real_bodies(capsys: pytest.CaptureFixture[str]) -> None:
    if not (DATA / "resumes" / "UpdatedResumeDataSet.csv").is_file():
        pytest.skip(f"shared data not found at {DATA}")
    result = evaluate_blind(DATA, n=44, seed=5, holdout=True)
    assert result["bodies"] == 166
    assert result["groups"]["names"] >= 0.95
    assert result["groups"]["contacts"] >= 0.95
    assert result["groups"]["home_locations"] >= 0.80
    assert result["skills_kept_real"] >= 0.90
    assert main(["--data", str(DATA), "--n", "11", "--sets", "synthetic"]) == 0
    out = capsys.readouterr().out
    assert "names" in out and "skills kept" in out


def test_world_names_held_out_are_never_bundled() -> None:
    if not (DATA / "names" / "common-forenames-by-country.csv").is_file():
        pytest.skip(f"shared data not found at {DATA}")
    rows = read_world_names(DATA / "names")
    held = {name_key(roman) for _, _, _, roman in rows if held_out(roman)}
    kept = {name_key(roman) for _, _, _, roman in rows if not held_out(roman)}
    assert 0.15 < len(held) / (len(held) + len(kept)) < 0.25
    bundled = {
        name_key(line.split("\t")[0])
        for line in WORLD_NAMES.read_text(encoding="utf-8").splitlines()[1:]
    }
    assert not held & bundled
    assert kept <= bundled


def test_name_samples_mark_every_occurrence_of_the_name() -> None:
    who = WorldName("East Asia", "JP", "Minato", "Kōno", "湊", "河野")
    samples = name_samples(BODIES, [who], seed=1)
    assert {s.layout for s in samples} == set(NAME_LAYOUTS)
    for sample in samples:
        values = [sample.text[s:e] for s, e in sample.spans]
        assert values, sample.layout
        lo, hi = sample.body
        assert all(not (lo <= start < hi) for start, _ in sample.spans)
        if sample.layout == "native_script":
            assert values[0] == "湊 河野 (Minato Kōno)"
        if sample.layout == "initials_first":
            assert values[0] == "M. Kōno"
        if sample.layout == "flattened":
            assert "\n" not in sample.text


def test_ner_labels_become_spans_and_survive_collapsed_spaces() -> None:
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<cv>"<label type="Name">Jade  Hilpert</label>'
        '  Car Sales   <label type="Tech Tools">SQL &amp; Excel</label></cv>'
    )
    resume = _parse(xml, "x.xml")
    kinds = {kind: resume.text[s:e] for kind, s, e in resume.spans}
    assert kinds == {"name": "Jade  Hilpert", "skill": "SQL & Excel"}
    seen = " ".join(resume.text.split())
    mapping = align(resume.text, seen)
    for _, s, e in resume.spans:
        assert seen[mapping[s] : mapping[e]].split() == resume.text[s:e].split()


@pytest.mark.dataset
def test_world_names_and_resume_ner_figures_are_reported() -> None:
    if not (DATA / "resumes" / "resume-ner-cc0").is_dir():
        pytest.skip(f"shared data not found at {DATA}")
    names = evaluate_names(DATA, per_region=3, seed=2)
    assert len(names["by_region"]) == 9
    assert set(names["by_layout"]) == set(NAME_LAYOUTS)
    assert names["baseline_recall"] < names["recall"]
    ner = evaluate_ner(DATA)
    assert ner["resumes"] == 267 and ner["failed"] == 0
    assert ner["with_names"] == 217
    assert ner["figures"]["name"]["rate"] > ner["figures"]["name"]["baseline"]
