"""One coded error family for everything a user can cause.

    FairsiftError                  anything a user can cause; stable `code`, `hint` says what to do
    ├── InputError                 a file or record cannot be read (F1xx)
    │   ├── UnsupportedType        F101
    │   ├── TooLarge               F102  bytes over the limit
    │   ├── TooManyPages           F103
    │   ├── ZipBomb                F104  DOCX expands far beyond its size
    │   ├── Encrypted              F105
    │   ├── Corrupt                F106  truncated or broken file
    │   └── EmptyText              F107  nothing readable, even after OCR
    ├── ConfigError                a job spec, taxonomy or setting is wrong (F2xx), with file, line
    │   └── Conflict               F201  the change would break a rule (the last active admin)
    ├── StoreError                 the database cannot be opened or migrated (F3xx)
    ├── ModelError                 a bundled model is missing or broken (F4xx)
    ├── ClusterError               a Ray cluster cannot be reached or does not match (F5xx)
    └── ApiError                   the review service answered a problem (fairsift.client)

The library never prints: the CLI renders `str(error)` in one line, the API as problem JSON.
"""

from __future__ import annotations

__all__ = [
    "ApiError",
    "ClusterError",
    "ConfigError",
    "Conflict",
    "Corrupt",
    "EmptyText",
    "Encrypted",
    "FairsiftError",
    "InputError",
    "ModelError",
    "StoreError",
    "TooLarge",
    "TooManyPages",
    "UnsupportedType",
    "ZipBomb",
]


class FairsiftError(Exception):
    """Base of every error a user can cause. `code` is stable; `hint` says what to do."""

    code = "F000"
    default_hint = ""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = self.default_hint if hint is None else hint

    def __str__(self) -> str:
        text = f"[{self.code}] {self.message}"
        return f"{text}. {self.hint}" if self.hint else text


class InputError(FairsiftError):
    code = "F100"


class UnsupportedType(InputError):
    code = "F101"
    default_hint = (
        "Supported: PDF, DOCX, TXT, Markdown, HTML; convert other formats to one of these"
    )


class TooLarge(InputError):
    code = "F102"
    default_hint = "Split the file or raise the limit with FAIRSIFT_MAX_FILE_MB"


class TooManyPages(InputError):
    code = "F103"
    default_hint = "Raise the limit with FAIRSIFT_MAX_PAGES if this many pages is expected"


class ZipBomb(InputError):
    code = "F104"
    default_hint = "The file expands far beyond its size; re-save it from a word processor"


class Encrypted(InputError):
    code = "F105"
    default_hint = "Ask for a copy without a password"


class Corrupt(InputError):
    code = "F106"
    default_hint = "Open and re-save the file, or ask for a new copy"


class EmptyText(InputError):
    code = "F107"
    default_hint = "The file has no readable text; check that it is the right file"


class ConfigError(FairsiftError):
    code = "F200"


class Conflict(ConfigError):
    """A change that cannot be made as things stand (the service answers 409)."""

    code = "F201"


class StoreError(FairsiftError):
    code = "F300"


class ModelError(FairsiftError):
    code = "F400"
    default_hint = "Reinstall fairsift's dependencies: pip install -e ."


class ApiError(FairsiftError):
    """A problem (RFC 9457) the review service answered; `code` is the service's code, or
    F600 when the answer was not problem JSON (a proxy's error page, say)."""

    code = "F600"

    def __init__(
        self, status: int, message: str, hint: str | None = None, code: str | None = None
    ) -> None:
        super().__init__(message, hint)
        self.status = status
        if code:
            self.code = code


class ClusterError(FairsiftError):
    code = "F500"
    default_hint = (
        "Start the cluster with `ray start --head`, install the same fairsift and Ray on every "
        "node (pip install 'fairsift[ray]'), or use --ray local"
    )
