"""Settings of the review service: where it keeps data, and how hard its public form is to abuse.

Read from FAIRSIFT_SERVICE_* environment variables (and keyword arguments), validated at
start-up. The screening settings (limits, OCR, blind mode) are fairsift's usual Settings.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from fairsift.errors import ConfigError

__all__ = ["ServiceSettings", "load_service_settings"]


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="FAIRSIFT_SERVICE_", extra="forbid")

    db: str = Field(default="sqlite:///fairsift.db", description="SQLAlchemy URL or SQLite path")
    data_dir: Path = Field(
        default=Path("fairsift-data"),
        description="Folder for uploaded files and the signing key (keep it private)",
    )
    taxonomy: Path | None = Field(
        default=None, description="Taxonomy TOML for report triage (default: the bundled example)"
    )
    triage_model: Path | None = Field(
        default=None, description="Model folder from `fairsift train`"
    )
    worker: bool = Field(default=True, description="Run the ingest worker thread in this process")
    lease_seconds: float = Field(
        default=60.0, gt=0, description="After this, a crashed claim is retried"
    )
    session_hours: float = Field(default=8.0, gt=0, description="A login lasts this long")
    pow_bits: int = Field(
        default=16, ge=0, le=24, description="Proof-of-work bits on the public form"
    )
    form_per_hour: int = Field(
        default=30, ge=1, description="Reports per client per hour with work"
    )
    form_per_hour_without_work: int = Field(
        default=6, ge=1, description="Reports per client per hour without proof-of-work (no script)"
    )
    receipt_per_hour: int = Field(
        default=30, ge=1, description="Receipt look-ups per client per hour"
    )
    login_per_minute: int = Field(
        default=10, ge=1, description="Login attempts per client per minute"
    )
    max_report_chars: int = Field(
        default=20_000, ge=100, description="Longest report text accepted"
    )
    max_request_mb: float = Field(
        default=200.0, gt=0, description="Largest request body (an upload of many resumes)"
    )
    cookie_secure: bool = Field(
        default=False,
        description="Always mark cookies Secure (set it when a proxy terminates HTTPS)",
    )
    max_upload_mb: float = Field(default=20.0, gt=0, description="Largest uploaded file")
    teams: list[str] = Field(
        default_factory=list,
        description='Teams reports can be assigned to, e.g. ["search-and-rescue", "medical"]',
    )


def load_service_settings(**overrides: Any) -> ServiceSettings:
    """Settings from FAIRSIFT_SERVICE_* variables and `overrides` (None values ignored)."""
    try:
        return ServiceSettings(**{k: v for k, v in overrides.items() if v is not None})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ConfigError(
            f"service setting {where!r}: {first['msg']}",
            "Fix the FAIRSIFT_SERVICE_* environment variable or the option given",
        ) from exc
