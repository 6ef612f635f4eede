"""The ingest worker: a thread in the service process that claims items from the durable
queue, runs the pipeline and records the result. Requests only enqueue (committed before the
API answers 202), so a crash loses nothing accepted: after a restart the worker claims what
was pending, and what was running when the process died once its lease runs out. Pipelines
are idempotent per input, so an item processed twice is stored once."""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable
from typing import Any

from fairsift.errors import FairsiftError, StoreError
from fairsift.service.interim import InterimStore as Store
from fairsift.service.interim import QueueItem

__all__ = ["KINDS", "Worker"]

log = logging.getLogger(__name__)
KINDS = ("report", "application")
Handler = Callable[[dict[str, Any]], str | None]


class Worker:
    def __init__(self, store: Store, handlers: dict[str, Handler], idle_s: float = 1.0) -> None:
        self.store = store
        self.handlers = handlers
        self.idle_s = idle_s
        self.name = f"{socket.gethostname()}:{os.getpid()}"
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._turn = 0
        self.processed = 0

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="fairsift-ingest", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def wake(self) -> None:
        self._wake.set()

    @property
    def alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                worked = self.step()
            except StoreError:
                log.exception("the store is unavailable; retrying")
                worked = False
            if not worked:
                self._wake.wait(self.idle_s)
                self._wake.clear()

    def step(self) -> bool:
        """Claim and process one item, taking kinds in turn so neither starves; False if
        nothing was waiting."""
        for offset in range(len(KINDS)):
            kind = KINDS[(self._turn + offset) % len(KINDS)]
            if kind not in self.handlers:
                continue
            item = self.store.claim_next(kind, self.name)
            if item is not None:
                self._turn = (self._turn + offset + 1) % len(KINDS)
                self._process(item)
                return True
        return False

    def _process(self, item: QueueItem) -> None:
        try:
            ref = self.handlers[item.kind](item.payload)
        except FairsiftError as exc:
            self.store.finish(item.id, None, str(exc))
        except Exception as exc:  # a bug must not stop the worker; the item says so
            log.exception("ingest item %s (%s) failed", item.id, item.kind)
            self.store.finish(item.id, None, f"internal error ({type(exc).__name__})")
        else:
            self.store.finish(item.id, ref, None)
        self.processed += 1
