"""Password hashing with argon2id at OWASP's recommended minimum (19 MiB, 2 passes, 1 lane):
about 0.1 s per check on a small server, so a burst of sign-ins cannot exhaust two cores the
way argon2-cffi's 64 MiB x 3 x 4 lanes (0.6 s here) would. The parameters live in each hash,
so they can be raised later without breaking stored passwords."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from fairsift.errors import ConfigError

__all__ = ["MIN_PASSWORD", "check_password_strength", "hash_password", "verify_password"]

MIN_PASSWORD = 12
_hasher = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)
# Checked against when the user does not exist, so both paths take the same time.
_DUMMY = _hasher.hash("fairsift-not-a-user-password")


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ConfigError(
            f"the password has {len(password)} characters; at least {MIN_PASSWORD} are needed",
            "Choose a longer passphrase (several words are easy to remember)",
        )


def hash_password(password: str) -> str:
    check_password_strength(password)
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True if `password` matches; a missing hash costs the same time and is False."""
    try:
        return _hasher.verify(password_hash or _DUMMY, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False
