"""The Merkle tree hash is RFC 6962's (section 2.1), checked against the recursive definition
written out here, and its inclusion proofs hold for every leaf and fail for a wrong one."""

from __future__ import annotations

import hashlib

import pytest

from fairsift.store import merkle


def mth(leaves: list[bytes]) -> bytes:
    """RFC 6962 2.1, over leaf data, as the RFC writes it."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return hashlib.sha256(b"\x00" + leaves[0]).digest()
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return hashlib.sha256(b"\x01" + mth(leaves[:k]) + mth(leaves[k:])).digest()


@pytest.mark.parametrize("n", [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 31, 33, 100])
def test_the_root_is_rfc_6962s(n: int) -> None:
    data = [f"item {i}".encode() for i in range(n)]
    leaves = [merkle.leaf_hash(d) for d in data]
    assert merkle.root(leaves) == mth(data).hex()


def test_rfc_6962_test_vector_of_one_empty_leaf() -> None:
    # the leaf hash of empty data is sha256 of a single zero byte
    assert merkle.leaf_hash(b"") == hashlib.sha256(b"\x00").hexdigest()


@pytest.mark.parametrize("n", [1, 2, 3, 5, 8, 13, 21])
def test_every_leaf_has_a_proof_and_a_wrong_leaf_fails(n: int) -> None:
    leaves = [merkle.leaf_hash(f"item {i}".encode()) for i in range(n)]
    root = merkle.root(leaves)
    for index, leaf in enumerate(leaves):
        proof = merkle.path(leaves, index)
        assert len(proof) <= max(1, (n - 1).bit_length())
        assert merkle.root_from_path(leaf, index, n, proof) == root
        other = merkle.leaf_hash(b"forged")
        assert merkle.root_from_path(other, index, n, proof) != root
        if n > 1:  # the same leaf claimed at another place does not give the root either
            elsewhere = (index + 1) % n
            try:
                moved = merkle.root_from_path(leaf, elsewhere, n, proof)
            except ValueError:
                continue  # a path of the wrong length for that place
            assert moved != root


def test_a_leaf_cannot_pass_for_a_node() -> None:
    left, right = merkle.leaf_hash(b"a"), merkle.leaf_hash(b"b")
    # the two children's hashes as one leaf's data: a different hash than their parent
    assert merkle.leaf_hash(bytes.fromhex(left + right)) != merkle.root([left, right])
