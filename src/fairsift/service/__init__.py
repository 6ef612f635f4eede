"""The review service: REST API, review UI and the public report form (FastAPI, uvicorn).

from fairsift.service import create_app, run
run("127.0.0.1", 8000, "sqlite:///fairsift.db")       # what `fairsift serve` calls
"""

from __future__ import annotations

import os
from pathlib import Path

from fairsift.service.app import create_app
from fairsift.service.settings import ServiceSettings, load_service_settings

__all__ = ["ServiceSettings", "create_app", "load_service_settings", "run"]


def run(
    host: str = "127.0.0.1",
    port: int = 8000,
    db: str | None = None,
    data_dir: str | Path | None = None,
    log_level: str = "info",
) -> None:
    """Serve until interrupted. Settings not given come from FAIRSIFT_SERVICE_* variables."""
    import uvicorn

    if db is None and "FAIRSIFT_SERVICE_DB" not in os.environ:
        from fairsift.config import load_settings

        db = load_settings().db  # the same store as every other fairsift command
    settings = load_service_settings(db=db, data_dir=None if data_dir is None else Path(data_dir))
    uvicorn.run(
        create_app(settings),
        host=host,
        port=port,
        log_level=log_level,
        proxy_headers=False,  # client addresses feed rate limits: never trust forwarded ones
        server_header=False,
        timeout_graceful_shutdown=10,
    )
