"""The ingest worker: a thread in the service process that claims items from the durable
queue, runs the pipeline and records the result. Requests only enqueue (committed before the
API answers 202), so a crash loses nothing accepted: after a restart the worker claims what
was pending, and what was running when the process died once its lease runs out. Pipelines
are idempotent per input, so an item processed twice is stored once.

Items are claimed in batches (reports: many at once, since translation costs one call per
batch, not per report), and kinds take turns so neither starves."""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fairsift.errors import FairsiftError, StoreError
from fairsift.store import QueueItem, Store

__all__ = ["KINDS", "Outcome", "Worker"]

log = logging.getLogger(__name__)
KINDS = ("job", "report", "application")


@dataclass(frozen=True)
class Outcome:
    """What became of one item: where its result is, or why it failed."""

    ref: str | None = None
    error: str | None = None


BatchHandler = Callable[[list[dict[str, Any]]], list[Outcome]]


def one_by_one(handler: Callable[[dict[str, Any]], str | None]) -> BatchHandler:
    """A batch handler from a per-item one: one bad item never fails the others."""

    def run(payloads: list[dict[str, Any]]) -> list[Outcome]:
        return [_guard(handler, payload) for payload in payloads]

    return run


def _guard(handler: Callable[[dict[str, Any]], str | None], payload: dict[str, Any]) -> Outcome:
    try:
        return Outcome(ref=handler(payload))
    except FairsiftError as exc:
        return Outcome(error=str(exc))
    except Exception as exc:  # a bug must not stop the worker; the item says so
        log.exception("ingest item failed: %s", payload)
        return Outcome(error=f"internal error ({type(exc).__name__})")


class Worker:
    def __init__(
        self,
        store: Store,
        handlers: dict[str, BatchHandler],
        batch: dict[str, int] | None = None,
        idle_s: float = 1.0,
    ) -> None:
        self.store = store
        self.handlers = handlers
        self.batch = {"report": 32, "application": 1, **(batch or {})}
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
            except Exception:  # keep the worker alive whatever happens
                log.exception("the ingest worker failed; retrying")
                worked = False
            if not worked:
                self._wake.wait(self.idle_s)
                self._wake.clear()

    def step(self) -> bool:
        """Claim and process one batch of one kind; False if nothing was waiting."""
        for offset in range(len(KINDS)):
            kind = KINDS[(self._turn + offset) % len(KINDS)]
            if kind not in self.handlers:
                continue
            items = self._claim(kind)
            if items:
                self._turn = (self._turn + offset + 1) % len(KINDS)
                self._process(kind, items)
                return True
        return False

    def _claim(self, kind: str) -> list[QueueItem]:
        items: list[QueueItem] = []
        while len(items) < self.batch.get(kind, 1):
            item = self.store.claim_next(kind, self.name)
            if item is None:
                break
            items.append(item)
        return items

    def _process(self, kind: str, items: list[QueueItem]) -> None:
        try:
            outcomes = self.handlers[kind]([item.payload for item in items])
        except Exception as exc:  # a failing batch handler: fail its items, keep going
            log.exception("ingest batch of %d %s items failed", len(items), kind)
            outcomes = [Outcome(error=f"internal error ({type(exc).__name__})")] * len(items)
        for item, outcome in zip(items, outcomes, strict=True):
            self.store.finish(item.id, outcome.ref, outcome.error)
            self.processed += 1
