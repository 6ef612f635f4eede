"""Decisions need a real choice for their kind and a reason a person wrote."""

from __future__ import annotations

import pytest

from fairsift.errors import InputError
from fairsift.review.decisions import MAX_REASON, check_decision


def test_valid_decisions_are_cleaned() -> None:
    assert check_decision("application", " Advance ", "  strong SQL  ") == ("advance", "strong SQL")
    assert check_decision("report", "malicious", "same text 40 times") == (
        "malicious",
        "same text 40 times",
    )


@pytest.mark.parametrize(
    ("kind", "decision", "reason", "says"),
    [
        ("application", "advance", "", "needs a reason"),
        ("application", "advance", " \n\t", "needs a reason"),
        ("application", "route", "fits", "not a decision"),
        ("report", "advance", "fits", "not a decision"),
        ("invoice", "advance", "fits", "no decisions exist"),
        ("report", "close", "x" * (MAX_REASON + 1), "characters"),
    ],
)
def test_invalid_decisions_say_what_is_wrong(
    kind: str, decision: str, reason: str, says: str
) -> None:
    with pytest.raises(InputError) as caught:
        check_decision(kind, decision, reason)
    assert says in caught.value.message
    assert caught.value.hint
