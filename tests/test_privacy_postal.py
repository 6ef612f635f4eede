"""Towns written the North American postal way are home locations, whatever list knows the
town; skill lists with state-like codes are not."""

from __future__ import annotations

import pytest

from fairsift.privacy import MASK, redact


def masked(text: str, value: str) -> bool:
    result = redact(text).text
    start = text.index(value)
    return all(result[i] == MASK for i in range(start, start + len(value)) if text[i].isalnum())


def untouched(text: str, value: str) -> bool:
    start = text.index(value)
    return redact(text).text[start : start + len(value)] == value


@pytest.mark.parametrize(
    "place", ["Sometown, NY 10001", "Pretend, NE", "Lebanon, N.H.", "Hershey, PA", "Missouri, US"]
)
def test_a_town_before_a_state_code_is_masked(place: str) -> None:
    text = f"Experience\nProject lead (Acme Corp, {place}), 2009 to 2014\n"
    assert masked(text, place)


@pytest.mark.parametrize(
    "value",
    [
        "Word, Excel, MS Access",
        "Tools: Jira, GA, Tableau",
        "Oracle, PL/SQL, Unix, ME and CA Technologies",
        "Project Manager, NY",
    ],
)
def test_skill_lists_and_titles_with_codes_are_kept(value: str) -> None:
    text = f"Skills\n{value}\n"
    assert untouched(text, value.split(", NY")[0])
