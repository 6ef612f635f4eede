"""Settings: one `fairsift.toml` (or the file named by FAIRSIFT_CONFIG) plus FAIRSIFT_* variables.

Validated at start-up, so a bad value fails before a batch begins.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from fairsift.errors import ConfigError

__all__ = ["Settings", "load_settings"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="FAIRSIFT_", extra="forbid")

    db: str = Field("sqlite:///fairsift.db", description="SQLAlchemy URL of the result store")
    max_file_mb: float = Field(20.0, gt=0, description="Largest input file accepted, in MB")
    max_pages: int = Field(50, gt=0, description="Most pages read from one document")
    max_zip_ratio: float = Field(100.0, gt=1, description="Largest DOCX expansion ratio")
    ocr: bool = Field(True, description="OCR image-only PDF pages with tesseract")
    ocr_language: str = Field("eng", description="tesseract language code(s)")
    blind: bool = Field(True, description="Hide identity from the scorer")
    encoder_precision: Literal["int8", "float32"] = Field(
        "int8",
        description="Screening's sentence encoder: int8 (second convolution in int8 through "
        "onnxruntime, ~1.5× faster, vectors within cosine 0.9999) or float32 (as the package)",
    )
    retention_days: dict[str, int] = Field(
        default_factory=dict,
        description="Days to keep a person's data after their last activity, per queue: "
        "'applications', 'reports' or 'job:<sha256>' (none: kept until erased)",
    )
    audit_log_days: int = Field(
        183,
        ge=183,
        description="Days an audit entry keeps its contents (at least six months: EU AI Act "
        "Art. 26(6)); retention erases older ones only",
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        path = Path(os.environ.get("FAIRSIFT_CONFIG", "fairsift.toml"))
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls, path))

    def digest(self, **extra: Any) -> str:
        """A stable hash of everything that can change an assessment (not the db URL)."""
        data = self.model_dump(exclude={"db", "retention_days", "audit_log_days"})
        data.update(extra)
        blob = json.dumps(data, sort_keys=True, default=str).encode()
        return hashlib.sha256(blob).hexdigest()


def load_settings(**overrides: Any) -> Settings:
    try:
        return Settings(**{k: v for k, v in overrides.items() if v is not None})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ConfigError(
            f"setting {where!r}: {first['msg']}",
            "Fix it in fairsift.toml or the FAIRSIFT_* environment variable",
        ) from exc
