"""`fairsift audit bias --db`: the decisions people recorded in the store (the latest per
application) and the self-identification imported into its own table, on SQLite and
PostgreSQL, with every rate known by hand."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fairsift.cli import app
from fairsift.store import Store
from fairsift.store.testing import BACKENDS, PG_UNSET, PG_URL_ENV, temporary_database

JOB = "1" * 64
runner = CliRunner()
# candidate letter: (sex, race/ethnicity, score, decisions in order)
PEOPLE = {
    "a": ("Female", "Asian", 90.0, ["advance"]),
    "b": ("Female", "Asian", 80.0, ["hold", "advance"]),  # the latest decision counts
    "c": ("Female", "White", 40.0, ["reject"]),
    "d": ("Female", "White", 70.0, ["advance", "reject"]),
    "e": ("Male", "Asian", 60.0, ["advance"]),
    "f": ("Male", "White", 50.0, ["reject"]),
    "2": ("Male", "White", 30.0, ["reject"]),
    "3": ("Male", "White", 20.0, ["advance"]),
}


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "postgresql" and not os.environ.get(PG_URL_ENV):
        pytest.skip(PG_UNSET)
    with temporary_database(request.param, tmp_path) as found, Store.open(found) as store:
        store.put_job(sha256=JOB, source="job.md", title="Engineer", requirements=[])
        for name, (_, _, score, _) in PEOPLE.items():
            store.put_assessment(
                kind="screening",
                job_sha256=JOB,
                item_sha256=name * 64,
                source=f"{name}.pdf",
                config_sha256="c" * 64,
                payload={"candidate": f"{name}.pdf", "score": score},
                provenance={},
                score=score,
            )
        ids = {r["item_sha256"][0]: int(r["id"]) for r in store.list_assessments("screening")}
        for name, (_, _, _, decisions) in PEOPLE.items():
            for decision in decisions:
                store.put_decision("application", ids[name], ids[name], decision, "why", "rev")
        # screened but not decided yet: not an applicant of the audit
        store.put_assessment(
            kind="screening",
            job_sha256=JOB,
            item_sha256="4" * 64,
            source="4.pdf",
            config_sha256="c" * 64,
            payload={"candidate": "4.pdf", "score": 99.0},
            provenance={},
            score=99.0,
        )
        yield found


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_bias_audit_from_the_store(
    url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # a PostgreSQL store keeps its evidence in ./fairsift-evidence
    people = tmp_path / "people.csv"
    lines = ["candidate,sex,race_ethnicity"]
    lines += [f"{n * 64},{sex},{race}" for n, (sex, race, _, _) in PEOPLE.items() if n != "3"]
    people.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, stderr = _run("audit", "import-demographics", str(people), "--db", url)
    assert code == 0, stderr
    assert "7 candidates" in stderr
    with Store.open(url) as store:
        assert len(store.demographics()) == 7

    code, stdout, stderr = _run("audit", "bias", "--db", url, "--format", "json")
    assert code == 0, stderr
    result = json.loads(stdout)
    sex = {row["category"]: row for row in result["selection"]["sex"]}
    # selected: a, b, e, 3. Female a b c d: 2 of 4. Male e f 2: 1 of 3 (3 is unknown).
    assert (sex["Female"]["applicants"], sex["Female"]["selected"]) == (4, 2)
    assert (sex["Male"]["applicants"], sex["Male"]["selected"]) == (3, 1)
    assert sex["Female"]["rate"] == pytest.approx(0.5) and sex["Female"]["impact_ratio"] == 1.0
    assert sex["Male"]["impact_ratio"] == pytest.approx((1 / 3) / 0.5)
    assert result["unknown"]["sex"] == 1
    race = {row["category"]: row for row in result["selection"]["race_ethnicity"]}
    assert race["Asian"]["rate"] == pytest.approx(1.0)  # a, b, e
    assert race["White"]["rate"] == pytest.approx(0.0)  # c, d, f, 2
    # scores of the 8 decided applications: median 55; above it a b d e
    assert result["median_score"] == pytest.approx(55.0)
    scoring = {row["category"]: row for row in result["scoring"]["sex"]}
    assert scoring["Female"]["rate"] == pytest.approx(0.75)  # a b d of a b c d

    code, stdout, _ = _run("audit", "bias", "--db", url, "--format", "json", "--threshold", "65")
    assert code == 0
    sex = {row["category"]: row for row in json.loads(stdout)["selection"]["sex"]}
    assert sex["Female"]["selected"] == 3 and sex["Male"]["selected"] == 0  # a b d ≥ 65
    saved = (tmp_path / "fairsift-evidence" / "audit-bias.json") if "postgresql" in url else None
    assert saved is None or json.loads(saved.read_text())["applicants"] == 8


def test_import_refuses_ids_that_are_not_resume_hashes(url: str, tmp_path: Path) -> None:
    people = tmp_path / "people.csv"
    people.write_text("candidate,sex,race_ethnicity\nana,Female,Asian\n", encoding="utf-8")
    code, _, stderr = _run("audit", "import-demographics", str(people), "--db", url)
    assert code == 2 and "'ana' is not a resume's sha256" in stderr


def test_empty_store_says_what_to_do(tmp_path: Path) -> None:
    db = str(tmp_path / "empty.db")
    code, _, stderr = _run("audit", "bias", "--db", db, "--format", "json")
    assert code == 2 and "no decision on an application" in stderr
    code, _, stderr = _run("audit", "bias", "--format", "json")
    assert code == 2 and "--db" in stderr
