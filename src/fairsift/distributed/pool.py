"""One actor per CPU and an ordered map over them.

Items are handed out round-robin with at most IN_FLIGHT tasks queued per actor, so only
that many inputs are ever held in the object store, and results come back in input order.
An actor whose process dies is restarted by Ray and its task run again (at-least-once);
a task that kills its actor on every attempt comes back as the exception, for its item alone.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

from fairsift.distributed.cluster import import_ray

__all__ = ["IN_FLIGHT", "TASK_RETRIES", "ordered_map", "start_actors"]

T = TypeVar("T")
IN_FLIGHT = 2
TASK_RETRIES = 2  # a file that kills its worker three times fails alone, never the batch


def start_actors(cls: type, count: int, *args: Any) -> list[Any]:
    """`count` actors of `cls`, one CPU each, restarted by Ray whenever their process dies."""
    ray = import_ray()
    remote = ray.remote(num_cpus=1, max_restarts=-1, max_task_retries=TASK_RETRIES)(cls)
    return [remote.remote(*args) for _ in range(count)]


def ordered_map(
    actors: Sequence[Any], call: Callable[[Any, T], Any], items: Iterable[T]
) -> Iterator[tuple[T, Any]]:
    """(item, result) in input order; `call(actor, item)` submits one task and returns its
    ObjectRef. A task lost for good yields its exception as the result."""
    ray = import_ray()
    window: deque[tuple[T, Any]] = deque()
    limit = IN_FLIGHT * len(actors)
    for index, item in enumerate(items):
        if len(window) >= limit:
            yield _take(ray, *window.popleft())
        window.append((item, call(actors[index % len(actors)], item)))
    while window:
        yield _take(ray, *window.popleft())


def _take(ray: Any, item: T, ref: Any) -> tuple[T, Any]:
    try:
        return item, ray.get(ref)
    except ray.exceptions.RayError as exc:
        return item, exc
