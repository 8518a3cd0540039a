"""RFC 9162 Merkle tree hashing, proofs and their verification (pure; no I/O).

The tree over entries D[0:n] is the one of RFC 9162 §2.1.1: a leaf is SHA-256(0x00 ‖ entry), an
interior node SHA-256(0x01 ‖ left ‖ right), and a range of n > 1 leaves splits at the largest power
of two smaller than n. Every subtree that starts a range in that recursion is aligned: it starts at a
multiple of the largest power of two not above its size. So the hash of any range the proofs need is
a right fold of *perfect* subtrees (2^level leaves starting at index·2^level) — and those are exactly
what the log stores, each written once when it completes. A proof is planned (which perfect nodes
it needs: O(log n)), the nodes are read in one batch, then the proof is computed.

The verifiers follow RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2 (consistency) step by step; they are
what `decide verify-receipt`, `decide verify-log` and the web page (ported to JavaScript) run.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Mapping, Sequence

HASH_SIZE = 32
NodeId = tuple[int, int]  # (level, index): the perfect subtree of leaves [index·2^level, (index+1)·2^level)


class ProofError(ValueError):
    """A proof that does not verify, or a request for a proof that cannot exist."""


def leaf_hash(entry: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


EMPTY_ROOT = hashlib.sha256(b"").digest()


def _split(size: int) -> int:
    """The largest power of two smaller than `size` (size > 1)."""
    return 1 << ((size - 1).bit_length() - 1)


def perfect_cover(start: int, end: int) -> list[NodeId]:
    """The perfect subtrees whose right fold is MTH(D[start:end]), left to right (start aligned)."""
    nodes: list[NodeId] = []
    while start < end:
        level = (end - start).bit_length() - 1
        nodes.append((level, start >> level))
        start += 1 << level
    return nodes


def range_hash(start: int, end: int, nodes: Mapping[NodeId, bytes]) -> bytes:
    """MTH(D[start:end]) from stored perfect nodes."""
    if start == end:
        return EMPTY_ROOT
    cover = [nodes[node] for node in perfect_cover(start, end)]
    result = cover[-1]
    for left in reversed(cover[:-1]):
        result = node_hash(left, result)
    return result


def root_from_frontier(frontier: Sequence[bytes]) -> bytes:
    """MTH of the whole tree from its frontier (the perfect cover of [0:n], left to right)."""
    if not frontier:
        return EMPTY_ROOT
    result = frontier[-1]
    for left in reversed(frontier[:-1]):
        result = node_hash(left, result)
    return result


def append_leaf(size: int, frontier: Sequence[bytes], leaf: bytes) -> tuple[list[bytes], list[tuple[NodeId, bytes]]]:
    """Add leaf number `size` to a tree given by its frontier. Returns the new frontier and every
    perfect subtree the leaf completes (the leaf itself first): one, plus one per trailing 1-bit of
    `size` — O(log n) in the worst case, 2 on average."""
    if len(frontier) != size.bit_count():
        raise ProofError(f"frontier of {len(frontier)} hashes does not describe a tree of {size} leaves")
    stack = list(frontier)
    completed: list[tuple[NodeId, bytes]] = [((0, size), leaf)]
    current, level, index = leaf, 0, size
    while (index & 1) == 1:  # the left sibling of this subtree is complete: merge
        current = node_hash(stack.pop(), current)
        level, index = level + 1, index >> 1
        completed.append(((level, index), current))
    stack.append(current)
    return stack, completed


# proofs: ranges in RFC 9162 order, then hashes ------------------------------------------------
Range = tuple[int, int]


def inclusion_ranges(index: int, size: int) -> list[Range]:
    """PATH(m, D[0:n]) of RFC 9162 §2.1.3.1 as the ranges whose hashes it lists, leaf side first."""
    if not 0 <= index < size:
        raise ProofError(f"leaf {index} is not in a tree of {size} leaves")
    path: list[Range] = []
    start, end = 0, size
    while end - start > 1:
        k = _split(end - start)
        if index - start < k:
            path.append((start + k, end))
            end = start + k
        else:
            path.append((start, start + k))
            start += k
    return list(reversed(path))


def consistency_ranges(first: int, second: int) -> list[Range]:
    """PROOF(m, D[0:n]) = SUBPROOF(m, D[0:n], true) of RFC 9162 §2.1.4.1, as ranges."""
    if not 0 < first <= second:
        raise ProofError(f"no consistency proof from {first} to {second} leaves")
    path: list[Range] = []
    start, end, m, complete = 0, second, first, True
    while True:
        n = end - start
        if m == n:
            if not complete:
                path.append((start, end))
            break
        k = _split(n)
        if m <= k:
            path.append((start + k, end))
            end = start + k
        else:
            path.append((start, start + k))
            start, m, complete = start + k, m - k, False
    return list(reversed(path))


def nodes_for(ranges: Sequence[Range]) -> list[NodeId]:
    return list(dict.fromkeys(node for start, end in ranges for node in perfect_cover(start, end)))


def proof_hashes(ranges: Sequence[Range], read: Callable[[Sequence[NodeId]], Mapping[NodeId, bytes]]) -> list[bytes]:
    """The hashes of the given ranges, reading every perfect node they need in one call."""
    nodes = read(nodes_for(ranges))
    return [range_hash(start, end, nodes) for start, end in ranges]


# verification (RFC 9162 §2.1.3.2 and §2.1.4.2) --------------------------------------------
def root_from_inclusion(index: int, size: int, leaf: bytes, path: Sequence[bytes]) -> bytes:
    if not 0 <= index < size:
        raise ProofError(f"leaf {index} is not in a tree of {size} leaves")
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            raise ProofError("the inclusion proof is longer than the tree is deep")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn & 1 == 0 and fn != 0:
                    fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise ProofError("the inclusion proof is shorter than the tree is deep")
    return r


def verify_inclusion(index: int, size: int, leaf: bytes, path: Sequence[bytes], root: bytes) -> None:
    if not hmac.compare_digest(root_from_inclusion(index, size, leaf, path), root):
        raise ProofError(f"the inclusion proof of leaf {index} does not lead to the root of tree size {size}")


def verify_consistency(first: int, second: int, first_root: bytes, second_root: bytes, path: Sequence[bytes]) -> None:
    if not 0 < first <= second:
        raise ProofError(f"no consistency proof from {first} to {second} leaves")
    if first == second:
        if path or not hmac.compare_digest(first_root, second_root):
            raise ProofError(f"two different roots for the same tree size {first}")
        return
    if not path:
        raise ProofError("an empty consistency proof between different tree sizes")
    proof = list(path)
    if first & (first - 1) == 0:  # a power of two: the first tree's root starts the proof
        proof.insert(0, first_root)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = proof[0]
    for c in proof[1:]:
        if sn == 0:
            raise ProofError("the consistency proof is longer than the tree is deep")
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            if not fn & 1:
                while fn & 1 == 0 and fn != 0:
                    fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise ProofError("the consistency proof is shorter than the tree is deep")
    if not hmac.compare_digest(fr, first_root):
        raise ProofError(f"the consistency proof does not lead to the root of tree size {first}")
    if not hmac.compare_digest(sr, second_root):
        raise ProofError(f"the consistency proof does not lead to the root of tree size {second}")
