"""The Merkle tree code against RFC 9162's published test vectors and an independent implementation.

The vectors are the RFC 6962/9162 test data of the Certificate Transparency project (leaves, the
roots of every prefix of the 8-leaf tree, and known inclusion and consistency proofs), as published
in Google's `transparency-dev/merkle` test suite (Apache-2.0). The independent implementation is
pymerkle (a maintained Python Merkle-tree library, dev dependency), built with RFC 9162 hashing.
"""

from __future__ import annotations

import random

import pytest
from pymerkle import InmemoryTree

from chalicelib.transparency import merkle

LEAVES = [
    bytes.fromhex(h)
    for h in ("", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f")
]
ROOTS = [
    bytes.fromhex(h)
    for h in (
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    )
]
# (leaf index, tree size, path)
INCLUSION = [
    (
        0,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        5,
        8,
        [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (
        1,
        5,
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (0, 1, []),
]
# (first size, second size, path)
CONSISTENCY = [
    (1, 1, []),
    (
        1,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        6,
        7,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
]


class MemoryTree:
    """The log's algorithms over a dict of perfect nodes (what DynamoDB stores)."""

    def __init__(self, entries: list[bytes]) -> None:
        self.nodes: dict[merkle.NodeId, bytes] = {}
        self.frontier: list[bytes] = []
        self.roots: list[bytes] = []
        for size, entry in enumerate(entries):
            self.frontier, completed = merkle.append_leaf(size, self.frontier, merkle.leaf_hash(entry))
            self.nodes.update(completed)
            self.roots.append(merkle.root_from_frontier(self.frontier))
        self.reads: list[int] = []

    def read(self, ids):  # type: ignore[no-untyped-def]
        self.reads.append(len(ids))
        return {i: self.nodes[i] for i in ids}

    def inclusion(self, index: int, size: int) -> list[bytes]:
        return merkle.proof_hashes(merkle.inclusion_ranges(index, size), self.read)

    def consistency(self, first: int, second: int) -> list[bytes]:
        return merkle.proof_hashes(merkle.consistency_ranges(first, second), self.read)


@pytest.fixture(scope="module")
def vector_tree() -> MemoryTree:
    return MemoryTree(LEAVES)


def test_roots_of_every_prefix_match_the_published_vectors(vector_tree: MemoryTree) -> None:
    assert vector_tree.roots == ROOTS
    for size in range(1, 9):
        assert merkle.range_hash(0, size, vector_tree.nodes) == ROOTS[size - 1]
    assert merkle.EMPTY_ROOT.hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


@pytest.mark.parametrize(("index", "size", "path"), INCLUSION)
def test_inclusion_proofs_are_the_published_ones_and_verify(
    vector_tree: MemoryTree, index: int, size: int, path: list[str]
) -> None:
    assert [h.hex() for h in vector_tree.inclusion(index, size)] == path
    leaf = merkle.leaf_hash(LEAVES[index])
    merkle.verify_inclusion(index, size, leaf, [bytes.fromhex(h) for h in path], ROOTS[size - 1])


@pytest.mark.parametrize(("first", "second", "path"), CONSISTENCY)
def test_consistency_proofs_are_the_published_ones_and_verify(
    vector_tree: MemoryTree, first: int, second: int, path: list[str]
) -> None:
    assert [h.hex() for h in vector_tree.consistency(first, second)] == path
    merkle.verify_consistency(first, second, ROOTS[first - 1], ROOTS[second - 1], [bytes.fromhex(h) for h in path])


def corruptions(path: list[bytes], root: bytes) -> list[list[bytes]]:
    """What the CT suite probes with: each bit flip, a hash removed, added in front or at the end."""
    out = [path[:-1], [root, *path], [*path, root], [*path, b""]]
    for i in range(len(path)):
        flipped = bytearray(path[i])
        flipped[0] ^= 8
        out.append([*path[:i], bytes(flipped), *path[i + 1 :]])
    return [p for p in out if p != path]


@pytest.mark.parametrize(("index", "size", "path"), [v for v in INCLUSION if v[2]])
def test_corrupted_inclusion_proofs_fail(index: int, size: int, path: list[str]) -> None:
    good, leaf, root = [bytes.fromhex(h) for h in path], merkle.leaf_hash(LEAVES[index]), ROOTS[size - 1]
    for bad in corruptions(good, root):
        with pytest.raises(merkle.ProofError):
            merkle.verify_inclusion(index, size, leaf, bad, root)
    for wrong_index, wrong_size in ((index + 1, size), (index ^ 2, size), (index, size * 2), (index, size // 2)):
        if (wrong_index, wrong_size) != (index, size) and wrong_index < wrong_size:
            with pytest.raises(merkle.ProofError):
                merkle.verify_inclusion(wrong_index, wrong_size, leaf, good, root)
    with pytest.raises(merkle.ProofError):
        merkle.verify_inclusion(index, size, merkle.leaf_hash(b"WrongLeaf"), good, root)


@pytest.mark.parametrize(("first", "second", "path"), [v for v in CONSISTENCY if v[2]])
def test_corrupted_consistency_proofs_fail(first: int, second: int, path: list[str]) -> None:
    good, r1, r2 = [bytes.fromhex(h) for h in path], ROOTS[first - 1], ROOTS[second - 1]
    for bad in [*corruptions(good, r2), []]:
        with pytest.raises(merkle.ProofError):
            merkle.verify_consistency(first, second, r1, r2, bad)
    with pytest.raises(merkle.ProofError):
        merkle.verify_consistency(first, second, r2, r1, good)  # swapped roots
    with pytest.raises(merkle.ProofError):
        merkle.verify_consistency(first + 1, second, r1, r2, good)


def test_every_root_proof_and_size_agrees_with_pymerkle() -> None:
    """pymerkle (RFC 9162 hashing: 0x00 leaves, 0x01 nodes) builds the same tree over 300 entries."""
    rng = random.Random(19)
    entries = [rng.randbytes(rng.randint(0, 40)) for _ in range(300)]
    ours = MemoryTree(entries)
    theirs = InmemoryTree(algorithm="sha256")
    for entry in entries:
        theirs.append_entry(entry)
    for size in range(1, 301):
        assert ours.roots[size - 1] == theirs.get_root(size), size
    for _ in range(300):
        size = rng.randint(1, 300)
        index = rng.randrange(size)
        assert theirs.get_leaf(index + 1) == merkle.leaf_hash(entries[index])
        root = merkle.root_from_inclusion(index, size, theirs.get_leaf(index + 1), ours.inclusion(index, size))
        assert root == theirs.get_root(size)
        first = rng.randint(1, size)
        merkle.verify_consistency(
            first, size, theirs.get_root(first), theirs.get_root(size), ours.consistency(first, size)
        )


def test_appends_and_proofs_touch_logarithmically_many_nodes() -> None:
    tree = MemoryTree([str(i).encode() for i in range(1 << 12)])
    completed = [len(merkle.append_leaf(n, [b"x"] * n.bit_count(), b"y")[1]) for n in range(1 << 12)]
    assert max(completed) == 13 and sum(completed) / len(completed) < 2.01  # 1 + trailing ones of n
    tree.reads.clear()
    tree.inclusion(1234, 4000)
    tree.consistency(1234, 4000)
    assert len(tree.reads) == 2 and max(tree.reads) <= 2 * 12  # one batch read per proof
