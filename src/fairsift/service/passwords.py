"""Password hashing with argon2id (argon2-cffi's defaults, RFC 9106's second choice)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from fairsift.errors import ConfigError

__all__ = ["MIN_PASSWORD", "check_password_strength", "hash_password", "verify_password"]

MIN_PASSWORD = 12
_hasher = PasswordHasher()
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
