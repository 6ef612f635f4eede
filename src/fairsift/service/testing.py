"""Real servers for tests and benchmarks: uvicorn on 127.0.0.1 on a free port, in a thread
of this process or as a child process (which a test may kill -9)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import uvicorn

from fairsift.review import users
from fairsift.service.app import create_app
from fairsift.service.settings import ServiceSettings
from fairsift.store import Store

__all__ = [
    "PASSWORD",
    "PEOPLE",
    "ServerProcess",
    "ServerThread",
    "add_user",
    "create_job",
    "create_token",
    "free_port",
    "seed_people",
    "wait_for",
    "wait_ready",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_ready(
    url: str, timeout: float = 60.0, process: subprocess.Popen[bytes] | None = None
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/api/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


def add_user(
    db: str, username: str, role: str, password: str, queues: list[str] | None = None
) -> None:
    store = Store.open(db)
    try:
        users.add_user(store, username, role, password, queues or [], actor="test")
    finally:
        store.close()


def create_token(db: str, username: str, label: str = "test") -> str:
    store = Store.open(db)
    try:
        return users.create_token(store, username, label, actor="test")
    finally:
        store.close()


class ServerThread:
    """`with ServerThread(settings) as server: server.url`"""

    def __init__(self, settings: ServiceSettings) -> None:
        self.settings = settings
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.app = create_app(settings)
        config = uvicorn.Config(
            self.app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="on"
        )
        self.server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the server did not start")
            time.sleep(0.02)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.server.should_exit = True
        self._thread.join(30)

    @property
    def ctx(self) -> Any:
        return self.app.state.ctx


class ServerProcess:
    """`python -m fairsift.service` as a child process, with FAIRSIFT_SERVICE_* settings
    (one worker process unless `workers` says more; kill() then stops only the parent)."""

    def __init__(
        self, db: str, data_dir: Path, log: Path, workers: int = 1, **settings: Any
    ) -> None:
        self.db = db
        self.workers = workers
        self.data_dir = data_dir
        self.log = log
        self.settings = settings
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        env = dict(os.environ)
        for key, value in self.settings.items():
            env[f"FAIRSIFT_SERVICE_{key.upper()}"] = (
                json.dumps(value) if not isinstance(value, str) else value
            )
        command = [
            sys.executable, "-m", "fairsift.service", "--host", "127.0.0.1",
            "--port", str(self.port), "--db", self.db, "--data-dir", str(self.data_dir),
            "--log-level", "warning", "--workers", str(self.workers),
        ]  # fmt: skip
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        wait_ready(self.url, process=self.process)

    def kill(self) -> None:
        """kill -9: no shutdown handler runs."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()


PASSWORD = "correct horse battery staple"
PEOPLE: dict[str, tuple[str, list[str]]] = {
    "admin": ("admin", []),
    "rev-apps": ("reviewer", ["applications"]),
    "rev-reports": ("reviewer", ["reports"]),
    "auditor": ("auditor", []),
}


def seed_people(db: str) -> dict[str, str]:
    """Create one user per role (password PASSWORD) and return an API token for each."""
    store = Store.open(db)
    try:
        tokens = {}
        for name, (role, queues) in PEOPLE.items():
            if store.get_user(name) is None:
                users.add_user(store, name, role, PASSWORD, queues, actor="test")
            tokens[name] = users.create_token(store, name, "test", actor="test")
        return tokens
    finally:
        store.close()


def wait_for(check: Any, timeout: float = 120.0, every: float = 0.1) -> Any:
    """Poll `check()` until it returns something truthy."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(every)
    raise TimeoutError(f"condition not met within {timeout} s")


def create_job(http: Any, posting: Path, timeout: float = 300.0) -> dict[str, Any]:
    """POST a posting to /api/jobs through an httpx client (with an admin's token), wait
    until the service has read it, and return the job (GET /api/jobs/{sha256})."""
    queued = http.post("/api/jobs", files={"file": (posting.name, posting.read_bytes())})
    assert queued.status_code == 202, queued.text
    item = wait_for(
        lambda: (
            (s := http.get(queued.json()["status_url"]).json())["status"] in ("done", "failed")
            and s
        ),
        timeout,
    )
    assert item["status"] == "done", item
    job: dict[str, Any] = http.get(item["result_url"]).json()
    return job
