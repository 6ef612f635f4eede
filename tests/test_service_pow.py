"""The public form's proof-of-work: solved challenges pass once; forged, stale, replayed or
unsolved ones do not. The browser's script is checked against the same puzzle in
test_service_browser.py."""

from __future__ import annotations

import hashlib
import time

import pytest

from fairsift.service.pow import ProofOfWork, solve

KEY = b"k" * 32


def unsolved(challenge: str) -> str:
    """A counter that does not solve `challenge`."""
    bits = int(challenge.split(":")[2])
    for counter in range(1000):
        digest = hashlib.sha256(f"{challenge}:{counter}".encode()).digest()
        if int.from_bytes(digest, "big") >> (256 - bits):
            return str(counter)
    raise AssertionError("every counter solved it")


def test_a_solved_challenge_passes_once() -> None:
    pow_ = ProofOfWork(KEY, bits=8)
    challenge = pow_.challenge()
    counter = solve(challenge)
    assert pow_.verify(challenge, counter)
    assert not pow_.verify(challenge, counter)  # replayed


def test_wrong_counter_forged_or_weakened_challenges_fail() -> None:
    pow_ = ProofOfWork(KEY, bits=12)
    challenge = pow_.challenge()
    assert not pow_.verify(challenge, unsolved(challenge))
    issued, nonce, _, mac = challenge.split(":")
    weaker = f"{issued}:{nonce}:1:{mac}"
    assert not pow_.verify(weaker, solve(weaker))  # the bits are signed
    other = ProofOfWork(b"x" * 32, bits=12).challenge()
    assert not pow_.verify(other, solve(other))  # signed with another key
    for junk in ("", "a:b", "1:2:3:4", challenge + ":x"):
        assert not pow_.verify(junk, "1")
    assert not pow_.verify(challenge, "not a number")
    assert not pow_.verify(challenge, "ü")


def test_stale_challenges_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    pow_ = ProofOfWork(KEY, bits=4)
    challenge = pow_.challenge()
    counter = solve(challenge)
    later = time.time() + 601
    monkeypatch.setattr(time, "time", lambda: later)
    assert not pow_.verify(challenge, counter)


def test_the_work_is_real() -> None:
    pow_ = ProofOfWork(KEY, bits=10)
    counters = [int(solve(pow_.challenge())) for _ in range(40)]
    assert sum(counters) / len(counters) > 100  # about 2**10 hashes on average
