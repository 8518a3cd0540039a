"""`decide verify-receipt` and `decide verify-log`: checks anyone can run with only the public API.

Nothing here trusts the platform: signatures are checked against the published public key, proofs
are recomputed with the RFC 9162 verifiers, and entries are re-hashed locally. Each problem found
is reported in a sentence naming what failed (which tree head, which entry, which check).
"""

from __future__ import annotations

import base64
import itertools
import json
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from chalicelib.adapters.signing import signed_message
from chalicelib.transparency import merkle

Fetch = Callable[[str], dict[str, Any] | None]  # GET a path of the API: its JSON, or None if it could not answer
PROOF_LOOKUPS = 200  # at most this many inclusion proofs are fetched to name a tampered entry


def http_fetch(base_url: str) -> Fetch:
    def fetch(path: str) -> dict[str, Any] | None:
        try:
            with urllib.request.urlopen(base_url.rstrip("/") + path, timeout=30) as response:
                body: dict[str, Any] = json.loads(response.read())
                return body
        except urllib.error.HTTPError:
            return None  # 404 (no such entry) or 503 (the log cannot prove it): reported by the caller

    return fetch


@dataclass
class Report:
    checked: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _public_key(fetch: Fetch) -> ec.EllipticCurvePublicKey:
    published = fetch("/v1/log/public-key")
    if published is None:
        raise RuntimeError("the log publishes no public key")
    key = load_pem_public_key(published["public_key_pem"].encode())
    if not isinstance(key, ec.EllipticCurvePublicKey):
        raise RuntimeError("the published key is not an ECDSA key")
    return key


def _signature_ok(key: ec.EllipticCurvePublicKey, head: dict[str, Any]) -> bool:
    message = signed_message(head["tree_size"], head["root_hash"], head["timestamp"])
    try:
        key.verify(base64.b64decode(head["signature"]), message, ec.ECDSA(hashes.SHA256()))
        return True
    except (InvalidSignature, ValueError):
        return False


def _describe(head: dict[str, Any]) -> str:
    return f"the tree head of size {head['tree_size']} signed at {head['timestamp']}"


def _tree_heads(fetch: Fetch) -> list[dict[str, Any]]:
    heads: list[dict[str, Any]] = []
    cursor = ""
    while True:
        page = fetch("/v1/log/tree-heads?limit=100" + (f"&cursor={cursor}" if cursor else "")) or {}
        heads += page.get("tree_heads", [])
        cursor = page.get("next_cursor") or ""
        if not cursor:
            return heads


def _entries(fetch: Fetch, size: int) -> dict[int, dict[str, Any]]:
    entries: dict[int, dict[str, Any]] = {}
    for start in range(0, size, 100):
        page = fetch(f"/v1/log/entries?start={start}&limit=100") or {}
        entries.update({e["leaf_index"]: e for e in page.get("entries", [])})
    return entries


def verify_log(fetch: Fetch) -> Report:
    """Every tree head's signature, consistency between each consecutive pair, and every entry
    re-hashed and re-assembled into each signed root."""
    report = Report()
    key = _public_key(fetch)
    heads = _tree_heads(fetch)
    if not heads:
        report.problems.append("the log has no signed tree head yet")
        return report
    for head in heads:
        if not _signature_ok(key, head):
            report.problems.append(f"{_describe(head)} has an invalid signature")
    for before, after in itertools.pairwise(heads):
        if after["tree_size"] < before["tree_size"]:
            report.problems.append(f"{_describe(after)} is smaller than {_describe(before)}: the log shrank")
            continue
        proof = fetch(f"/v1/log/proofs/consistency?first={before['tree_size']}&second={after['tree_size']}")
        try:
            merkle.verify_consistency(
                before["tree_size"],
                after["tree_size"],
                bytes.fromhex(before["root_hash"]),
                bytes.fromhex(after["root_hash"]),
                [bytes.fromhex(h) for h in (proof or {}).get("path", [])],
            )
        except merkle.ProofError as exc:
            report.problems.append(f"{_describe(before)} and {_describe(after)} are not consistent: {exc}")
    report.checked.append(f"{len(heads)} signed tree heads, {len(heads) - 1} consistency proofs")

    latest = heads[-1]
    entries = _entries(fetch, latest["tree_size"])
    leaves: list[bytes] = []
    for index in range(latest["tree_size"]):
        entry = entries.get(index)
        if entry is None:
            report.problems.append(f"entry {index} is missing from the log (deleted)")
            leaves.append(b"")
            continue
        computed = merkle.leaf_hash(entry["entry"].encode())
        if computed.hex() != entry["leaf_hash"]:
            report.problems.append(f"entry {index} was altered: its content does not hash to its leaf hash")
        leaves.append(computed)
    roots = _roots(leaves, {h["tree_size"] for h in heads})
    previous = 0
    for head in heads:
        size = head["tree_size"]
        if roots.get(size, b"").hex() != head["root_hash"]:
            culprits = _entries_not_in_tree(fetch, leaves, previous, size, head, entries)
            named = ", ".join(str(i) for i in culprits) or f"among {previous}..{size - 1}"
            report.problems.append(
                f"the entries do not reproduce the root of {_describe(head)}: entries {named} cannot be proven "
                "against it (one of them, or its neighbour in the tree, was altered, deleted or re-ordered)"
            )
        previous = size
    report.checked.append(f"{len(entries)} entries re-hashed against {len(heads)} signed roots")
    return report


def _roots(leaves: list[bytes], sizes: set[int]) -> dict[int, bytes]:
    roots: dict[int, bytes] = {}
    frontier: list[bytes] = []
    for size, leaf in enumerate(leaves):
        frontier, _ = merkle.append_leaf(size, frontier, leaf or merkle.EMPTY_ROOT)
        if size + 1 in sizes:
            roots[size + 1] = merkle.root_from_frontier(frontier)
    return roots


def _entries_not_in_tree(
    fetch: Fetch, leaves: list[bytes], start: int, size: int, head: dict[str, Any], entries: dict[int, Any]
) -> list[int]:
    """The entries in [start, size) whose recomputed hash has no valid inclusion proof in `head`."""
    culprits = []
    for index in range(start, min(size, start + PROOF_LOOKUPS)):
        if index not in entries:
            culprits.append(index)
            continue
        proof = fetch(f"/v1/log/proofs/inclusion?leaf={index}&tree_size={size}")
        if proof is None:  # the log cannot even prove it
            culprits.append(index)
            continue
        try:
            merkle.verify_inclusion(
                index,
                size,
                leaves[index],
                [bytes.fromhex(h) for h in proof.get("path", [])],
                bytes.fromhex(head["root_hash"]),
            )
        except merkle.ProofError:
            culprits.append(index)
    return culprits


def parse_receipt(raw: str) -> dict[str, Any]:
    """A receipt as given by the submission response (JSON), or just its leaf hash."""
    raw = raw.strip()
    if len(raw) == 64 and all(c in "0123456789abcdef" for c in raw.lower()):
        return {"leaf_hash": raw.lower()}
    given: dict[str, Any] = json.loads(raw)
    receipt: dict[str, Any] = given.get("receipt", given)  # the whole submission response, or the receipt
    return receipt


def verify_receipt(receipt: dict[str, Any], fetch: Fetch) -> Report:
    report = Report()
    leaf_hash = str(receipt.get("leaf_hash", "")).lower()
    if receipt.get("entry") and merkle.leaf_hash(receipt["entry"].encode()).hex() != leaf_hash:
        report.problems.append("the receipt's entry does not hash to its leaf hash: the receipt itself was altered")
        return report
    status = fetch(f"/v1/log/receipts/{leaf_hash}")
    if status is None:
        report.problems.append("the log has no entry with this receipt's leaf hash (deleted, or not yet appended)")
        return report
    index = int(status["leaf_index"])
    if receipt.get("leaf_index") is not None and int(receipt["leaf_index"]) != index:
        report.problems.append(
            f"the receipt's entry moved from position {receipt['leaf_index']} to {index} (re-ordered)"
        )
    page = fetch(f"/v1/log/entries?start={index}&limit=1") or {}
    stored = next((e for e in page.get("entries", []) if e["leaf_index"] == index), None)
    if stored is None:
        report.problems.append(f"entry {index}, the receipt's, is missing from the log (deleted)")
    elif merkle.leaf_hash(stored["entry"].encode()).hex() != leaf_hash:
        report.problems.append(
            f"the entry stored at position {index} is not the receipt's: it was altered or replaced (re-ordered)"
        )
    head = fetch("/v1/log/tree-heads/latest")
    if head is None or head["tree_size"] <= index:
        report.problems.append("no signed tree head covers this entry yet; try again in a few minutes")
        return report
    if not _signature_ok(_public_key(fetch), head):
        report.problems.append(f"{_describe(head)} has an invalid signature")
    proof = fetch(f"/v1/log/proofs/inclusion?leaf={index}&tree_size={head['tree_size']}") or {}
    try:
        merkle.verify_inclusion(
            index,
            head["tree_size"],
            bytes.fromhex(leaf_hash),
            [bytes.fromhex(h) for h in proof.get("path", [])],
            bytes.fromhex(head["root_hash"]),
        )
        report.checked.append(f"entry {index} is in {_describe(head)}")
    except merkle.ProofError as exc:
        report.problems.append(f"the inclusion proof of entry {index} fails against {_describe(head)}: {exc}")
    return report


# the commands ------------------------------------------------------------------------------
def _print(report: Report) -> int:
    for line in report.checked:
        print(f"ok: {line}")
    for line in report.problems:
        print(f"FAILED: {line}")
    print("the log verifies" if report.ok else f"{len(report.problems)} problem(s) found")
    return 0 if report.ok else 1


def cmd_verify_receipt(args: Any) -> int:
    raw = args.receipt
    if not raw.lstrip().startswith("{") and len(raw.strip()) != 64:
        with open(raw, encoding="utf-8") as file:  # a file holding the receipt
            raw = file.read()
    return _print(verify_receipt(parse_receipt(raw), http_fetch(args.api)))


def cmd_verify_log(args: Any) -> int:
    return _print(verify_log(http_fetch(args.api)))


def register(commands: Any) -> None:
    """`decide verify-receipt RECEIPT` and `decide verify-log` (public API only)."""
    api = {"default": "http://127.0.0.1:8000", "help": "the API's base URL (default: the local stack)"}
    receipt = commands.add_parser("verify-receipt", help="check a receipt is in the signed public log")
    receipt.add_argument("receipt", help="the receipt JSON, a file holding it, or its leaf hash")
    receipt.add_argument("--api", **api)
    receipt.set_defaults(handler=cmd_verify_receipt)
    log = commands.add_parser("verify-log", help="check every signed tree head, their consistency and every entry")
    log.add_argument("--api", **api)
    log.set_defaults(handler=cmd_verify_log)
