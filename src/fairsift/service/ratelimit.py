"""Per-client rate limits: a token bucket for each (limit, client) pair, in memory."""

from __future__ import annotations

import math
import threading
import time

from fairsift.service.problems import RateLimited

__all__ = ["RateLimiter"]

MAX_CLIENTS = 100_000


class RateLimiter:
    def __init__(self) -> None:
        self._buckets: dict[tuple[str, str], tuple[float, float]] = {}
        self._lock = threading.Lock()

    def hit(self, name: str, client: str, per_period: int, period_s: float, what: str) -> None:
        """Take one token; raise RateLimited (429) when the client has none left."""
        rate = per_period / period_s
        now = time.monotonic()
        with self._lock:
            if len(self._buckets) > MAX_CLIENTS:
                self._buckets.clear()  # crude but bounded: forget everyone rather than grow
            tokens, last = self._buckets.get((name, client), (float(per_period), now))
            tokens = min(float(per_period), tokens + (now - last) * rate)
            if tokens < 1.0:
                self._buckets[(name, client)] = (tokens, now)
                wait = math.ceil((1.0 - tokens) / rate)
                raise RateLimited(f"too many {what} from this address", wait)
            self._buckets[(name, client)] = (tokens - 1.0, now)
