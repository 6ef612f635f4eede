"""Retention in the service: a daemon thread runs `fairsift retention run` once a day (first
a minute after start), erasing what is past its queue's period (FAIRSIFT_RETENTION_DAYS) and
shredding the uploads of those erased. Nothing runs when no period is configured."""

from __future__ import annotations

import logging
import threading

from fairsift.config import Settings
from fairsift.people.retention import run_retention
from fairsift.service.context import Context

__all__ = ["DAY_S", "DailyRetention"]

log = logging.getLogger(__name__)
DAY_S = 24 * 3600.0


class DailyRetention:
    def __init__(self, ctx: Context, settings: Settings, first_s: float = 60.0) -> None:
        self.ctx = ctx
        self.settings = settings
        self.first_s = first_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="fairsift-retention", daemon=True)

    def start(self) -> None:
        if self.settings.retention_days:
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)

    def run_once(self) -> list[str]:
        report = run_retention(self.ctx.store, self.settings, upload_roots=[self.ctx.uploads])
        return report.lines()

    def _loop(self) -> None:
        wait = self.first_s
        while not self._stop.wait(wait):
            try:
                for line in self.run_once():
                    log.info("retention: %s", line)
            except Exception:  # a failed run must not stop tomorrow's
                log.exception("retention run failed")
            wait = DAY_S
