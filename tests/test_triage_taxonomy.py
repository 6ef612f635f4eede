"""Taxonomy files: the shipped example loads; every mistake names the file, the line and a fix."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from fairsift.errors import ConfigError
from fairsift.triage.taxonomy import LEVELS, load_taxonomy, parse_taxonomy

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "taxonomies" / "disaster-response.toml"
DATA = ROOT.parent / "shared" / "data" / "reports" / "disaster_response_validation.csv"

GOOD = """\
[taxonomy]
name = "tips"

[urgency]
default = "low"

[urgency.critical]
description = "life at risk"

[urgency.critical.cues]
en = ["trapped"]
ht = ["anba dekonb = under the rubble"]

[[category]]
name = "safety"
description = "someone is in danger"
urgency = "critical"

[[category]]
name = "fire"
parent = "safety"
description = "something is burning"
examples = ["the house is on fire"]
"""


def error_of(text: str) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        parse_taxonomy(text, "tips.toml")
    return caught.value


def test_example_taxonomy_covers_the_dataset_labels() -> None:
    taxonomy = load_taxonomy(EXAMPLE)
    assert len(taxonomy.categories) == 37
    assert taxonomy.category("search_and_rescue").urgency == "critical"
    assert taxonomy.category("water").urgency in ("critical", "high")
    assert taxonomy.ancestors("floods") == ["weather_related", "related"]
    languages = {cue.language for cue in taxonomy.levels["critical"].cues}
    assert {"en", "fr", "es", "ar", "ht", "ur-latn"} <= languages
    if DATA.exists():
        with DATA.open(encoding="utf-8") as handle:
            header = next(csv.reader(handle))
        labels = header[header.index("related") : header.index("direct_report") + 1]
        assert sorted(labels) == sorted(taxonomy.names)


def test_good_taxonomy_parses_cues_and_glosses() -> None:
    taxonomy = parse_taxonomy(GOOD, "tips.toml")
    assert taxonomy.names == ["safety", "fire"]
    assert taxonomy.category("fire").line == 19
    cue = taxonomy.levels["critical"].cues[1]
    assert (cue.phrase, cue.gloss, cue.language) == ("anba dekonb", "under the rubble", "ht")
    assert cue.describe() == "'anba dekonb' (Haitian Kreyol: under the rubble)"
    assert set(taxonomy.levels) == set(LEVELS)


def test_unknown_parent_names_line_and_suggests() -> None:
    error = error_of(GOOD.replace('parent = "safety"', 'parent = "safty"'))
    assert "tips.toml, line 21" in str(error)
    assert "'safty'" in str(error)
    assert "Did you mean 'safety'?" in str(error)


def test_unknown_key_in_a_category_is_named_with_its_line() -> None:
    error = error_of(GOOD.replace("examples =", "exemples ="))
    assert "tips.toml, line 23" in str(error)
    assert "Did you mean 'examples'?" in str(error)


def test_bad_urgency_level_is_refused() -> None:
    error = error_of(GOOD.replace('urgency = "critical"', 'urgency = "urgent"'))
    assert "line 17" in str(error) and "'urgent'" in str(error)
    assert "critical, high, normal, low" in str(error)


def test_duplicate_category_and_loops_are_refused() -> None:
    twice = GOOD + '\n[[category]]\nname = "fire"\ndescription = "again"\n'
    assert "defined twice (first on line 19)" in str(error_of(twice))
    loop = GOOD.replace('name = "safety"\n', 'name = "safety"\nparent = "fire"\n')
    assert "loop" in str(error_of(loop))


def test_toml_syntax_error_gives_the_line() -> None:
    error = error_of(GOOD.replace('name = "tips"', 'name = "tips'))
    assert "tips.toml, line 2" in str(error)
    assert error.hint


def test_missing_description_and_no_categories() -> None:
    error = error_of(GOOD.replace('description = "something is burning"\n', ""))
    assert "fire.description" in str(error) and "line" in str(error)
    assert "no categories" in str(error_of('[taxonomy]\nname = "x"\n'))


def test_cues_must_be_lists_of_strings() -> None:
    error = error_of(GOOD.replace('en = ["trapped"]', 'en = "trapped"'))
    assert "line 11" in str(error)
    assert "list of non-empty strings" in str(error)


def test_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_taxonomy(tmp_path / "nope.toml")


def test_needs_action_is_parsed_and_checked() -> None:
    text = GOOD.replace(
        'default = "low"\n',
        'default = "low"\nneeds_action = ["safety", "fire"]\nneeds_action_confidence = 0.6\n',
    )
    taxonomy = parse_taxonomy(text, "tips.toml")
    assert taxonomy.needs_action == ("safety", "fire")
    assert taxonomy.needs_action_confidence == 0.6
    assert parse_taxonomy(GOOD, "tips.toml").needs_action == ()
    error = error_of(text.replace('"safety", "fire"]', '"safety", "fir"]'))
    assert "tips.toml, line 6" in str(error)
    assert "needs_action names 'fir'" in str(error) and "Did you mean 'fire'?" in str(error)
    error = error_of(text.replace("= 0.6", "= 1.5"))
    assert "tips.toml, line 7" in str(error) and "between 0 and 1" in str(error)
    error = error_of(text.replace('["safety", "fire"]', '"safety"'))
    assert "must be a list of category names" in str(error)
