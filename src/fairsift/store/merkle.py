"""Merkle tree hashes as Certificate Transparency defines them (RFC 6962, section 2.1).

A leaf hash is sha256(0x00 || data), an inner node sha256(0x01 || left || right): the two
prefixes keep a leaf from ever passing for a node. The tree over n leaves splits at the
largest power of two below n, so any n works without padding. `path` and `root_from_path`
give and check an inclusion proof: the log_2(n) hashes that tie one leaf to the root.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

__all__ = ["leaf_hash", "path", "root", "root_from_path"]

EMPTY = hashlib.sha256(b"").hexdigest()


def leaf_hash(data: bytes) -> str:
    return hashlib.sha256(b"\x00" + data).hexdigest()


def _node(left: str, right: str) -> str:
    return hashlib.sha256(b"\x01" + bytes.fromhex(left) + bytes.fromhex(right)).hexdigest()


def _split(n: int) -> int:
    """The largest power of two below n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def root(leaves: Sequence[str]) -> str:
    """The Merkle tree hash over leaf hashes (hex), in order."""
    if not leaves:
        return EMPTY
    level = list(leaves)
    # Bottom-up, pairing left to right and carrying an odd last node up unchanged: the same
    # tree as RFC 6962's recursive split, built without recursion.
    while len(level) > 1:
        paired = [_node(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0]


def path(leaves: Sequence[str], index: int) -> list[str]:
    """The audit path of leaf `index` (0-based), nearest sibling first (RFC 6962, 2.1.1)."""
    if not 0 <= index < len(leaves):
        raise IndexError(f"leaf {index} is not in a tree of {len(leaves)}")
    if len(leaves) == 1:
        return []
    k = _split(len(leaves))
    if index < k:
        return [*path(leaves[:k], index), root(leaves[k:])]
    return [*path(leaves[k:], index - k), root(leaves[:k])]


def root_from_path(leaf: str, index: int, size: int, audit_path: Sequence[str]) -> str:
    """The root that `leaf` at `index` of a tree of `size` leaves gives with `audit_path`
    (compare it with the root recorded; RFC 9162, 2.1.3.2)."""
    if not 0 <= index < size:
        raise IndexError(f"leaf {index} is not in a tree of {size}")
    node, fn, sn = leaf, index, size - 1
    for sibling in audit_path:
        if sn == 0:
            raise ValueError("the audit path is longer than the tree is deep")
        if fn % 2 == 1 or fn == sn:
            node = _node(sibling, node)
            while fn % 2 == 0 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            node = _node(node, sibling)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise ValueError("the audit path is shorter than the tree is deep")
    return node
