"""The review service: REST API, review UI and the public report form (FastAPI, uvicorn).

from fairsift.service import create_app, run
run("127.0.0.1", 8000, "sqlite:///fairsift.db")       # what `fairsift serve` calls

`run` starts one worker process per core by default (`workers=`): every process serves the
API and pages from the same store (sessions live there too); one of them, whichever holds the
lock in the data folder, also runs the ingest worker. Each process accepts on its own socket
(SO_REUSEPORT, see fairsift.service.spread), so clients are spread over all of them.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from fairsift.service.app import create_app
from fairsift.service.settings import ServiceSettings, load_service_settings

__all__ = ["ServiceSettings", "cores", "create_app", "load_service_settings", "run"]


def cores() -> int:
    """The cores this process may run on (its CPU affinity, not the whole machine)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def run(
    host: str = "127.0.0.1",
    port: int = 8000,
    db: str | None = None,
    data_dir: str | Path | None = None,
    log_level: str = "info",
    workers: int | None = None,
) -> None:
    """Serve until interrupted, with `workers` processes (default: one per core). Settings
    not given come from FAIRSIFT_SERVICE_* variables."""
    import uvicorn

    from fairsift.errors import ConfigError
    from fairsift.service import spread
    from fairsift.service.sessions import load_key
    from fairsift.store import Store

    if db is None and "FAIRSIFT_SERVICE_DB" not in os.environ:
        from fairsift.config import load_settings

        db = load_settings().db  # the same store as every other fairsift command
    settings = load_service_settings(db=db, data_dir=None if data_dir is None else Path(data_dir))
    count = cores() if workers is None else workers
    if count < 1:
        raise ConfigError(f"--workers {count} is not a number of processes", "Give 1 or more")
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "log_level": log_level,
        "proxy_headers": False,  # client addresses feed rate limits: never trust forwarded ones
        "server_header": False,
        "timeout_graceful_shutdown": 10,
    }
    if count == 1:
        uvicorn.run(create_app(settings), **options)
        return
    # Migrate and create the signing key once, before the processes start and race for them.
    Store.open(settings.db).close()
    load_key(settings.data_dir)
    # Each process builds its app from these variables (uvicorn starts them fresh).
    os.environ["FAIRSIFT_SERVICE_DB"] = settings.db
    os.environ["FAIRSIFT_SERVICE_DATA_DIR"] = str(settings.data_dir.absolute())
    if not spread.available():
        uvicorn.run("fairsift.service.app:create_app", factory=True, workers=count, **options)
        return
    app = "fairsift.service.app:create_app"
    spread.serve(uvicorn.Config(app, factory=True, workers=count, **options))
