"""The contract the matcher relies on: the blind text has the input's length and lines, so an
offset found in it is valid in the original; masking again changes nothing; skills survive."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fairsift.lexicon import find_skills
from fairsift.privacy import MASK, redact

RESUME = (
    "Rahul Verma\r\n"
    "rahul.verma@yahoo.co.in | 09876543210 | github.com/rverma\r\n"
    "12, MG Road, Pune - 411001\r\n"
    "\r\n"
    "Skills\r\n"
    "Java, Spring Boot, Hibernate, Jenkins, Puppet, Chef, Docker\r\n"
    "\r\n"
    "Education\r\n"
    "B.E. Computer Engineering, Pune University, 2012\r\n"
    "\n"
    "Experience\n"
    "Software Engineer, Persistent Systems, Jun 2012 - present\n"
    "(Rahul Verma)\n"
)
SKILLS_PARAGRAPH = (
    "Technical Skills: Flask, Spring, Ruby, Julia, Swift, Go, Rust, Jersey, Express, Django, "
    "Jenkins, Chef, Puppet, Pandas, Dart, Kotlin, Scala, Ansible, Kafka, Hive, Pig, Elixir.\n"
    "Languages: Python, Java, Perl, PHP. Cloud: AWS, Azure, Heroku. BI: Tableau, Power BI, Looker."
)
DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def test_length_and_line_breaks_are_preserved() -> None:
    result = redact(RESUME)
    assert len(result.text) == len(RESUME)
    assert len(result.text.splitlines()) == len(RESUME.splitlines())
    for i, (before, after) in enumerate(zip(RESUME, result.text, strict=True)):
        if before in "\r\n":
            assert after == before, i
        else:
            assert after in (before, MASK), i


def test_redactions_are_sorted_disjoint_and_cover_exactly_the_masks() -> None:
    result = redact(RESUME)
    covered = set()
    last_end = 0
    for red in result.redactions:
        assert last_end <= red.start < red.end <= len(RESUME)
        last_end = red.end
        covered.update(i for i in range(red.start, red.end) if RESUME[i] not in "\r\n")
    assert covered == {i for i, c in enumerate(result.text) if c == MASK}


def test_offsets_found_in_the_blind_text_are_valid_in_the_original() -> None:
    result = redact(RESUME)
    start = result.text.index("Spring Boot")
    assert RESUME[start : start + len("Spring Boot")] == "Spring Boot"
    for mention in find_skills(result.text):
        assert result.text[mention.start : mention.end] == RESUME[mention.start : mention.end]


def test_redacting_twice_changes_nothing() -> None:
    once = redact(RESUME)
    twice = redact(once.text)
    assert twice.text == once.text
    assert twice.redactions == ()


def test_a_clean_skills_paragraph_gets_no_mask() -> None:
    result = redact(SKILLS_PARAGRAPH)
    assert result.text == SKILLS_PARAGRAPH
    assert result.redactions == ()


def test_skill_mentions_survive_in_a_full_resume() -> None:
    result = redact(RESUME)
    links = [r for r in result.redactions if r.kind in {"url", "email"}]
    mentions = [  # "github" inside github.com/rverma goes with the link
        m for m in find_skills(RESUME) if not any(r.start <= m.start < r.end for r in links)
    ]
    assert len(mentions) >= 8
    for mention in mentions:
        assert MASK not in result.text[mention.start : mention.end], RESUME[
            mention.start : mention.end
        ]


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=400))
def test_any_text_keeps_its_length_and_newlines(text: str) -> None:
    result = redact(text)
    assert len(result.text) == len(text)
    assert [i for i, c in enumerate(result.text) if c == "\n"] == [
        i for i, c in enumerate(text) if c == "\n"
    ]
    assert redact(result.text).text == result.text


@pytest.mark.dataset
def test_real_resumes_keep_their_skills_and_shape() -> None:
    csv_path = DATA / "resumes" / "UpdatedResumeDataSet.csv"
    if not csv_path.is_file():
        pytest.skip(f"shared data not found at {csv_path}")
    from fairsift.eval.blind import load_bodies

    bodies = load_bodies(DATA)[:40]
    kept = total = 0
    for body in bodies:
        result = redact(body)
        assert len(result.text) == len(body)
        for mention in find_skills(body):
            total += 1
            kept += MASK not in result.text[mention.start : mention.end]
    assert total > 500
    assert kept / total >= 0.98
