"""What the log's public API answers (hashes in lowercase hex, signatures in base64)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.storage.log_store import TreeHead

HEX64 = r"^[0-9a-f]{64}$"


class InclusionQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    leaf: str = Field(pattern=r"^([0-9]{1,15}|[0-9a-f]{64})$", description="A leaf index or a leaf hash (hex)")
    tree_size: int | None = Field(default=None, ge=1, description="Default: the latest signed tree head's size")


class ConsistencyQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    first: int = Field(ge=1)
    second: int = Field(ge=1)


class EntriesQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    start: int = Field(default=0, ge=0)
    limit: int = Field(default=100, ge=1, le=100)


class TreeHeadsQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    cursor: str | None = Field(default=None, max_length=2000)
    limit: int = Field(default=100, ge=1, le=100)


class InclusionProof(BaseModel):
    leaf_index: int
    tree_size: int
    leaf_hash: str
    path: list[str] = Field(description="RFC 9162 §2.1.3.1 order: from the leaf's sibling up")


class ConsistencyProof(BaseModel):
    first: int
    second: int
    path: list[str] = Field(description="RFC 9162 §2.1.4.1 order")


class TreeHeadList(BaseModel):
    tree_heads: list[TreeHead]
    next_cursor: str | None


class PublicKey(BaseModel):
    algorithm: Literal["ECDSA_P256_SHA256"] = "ECDSA_P256_SHA256"
    key_id: str = Field(description="SHA-256 (hex) of the DER SubjectPublicKeyInfo; tree heads name it")
    public_key_pem: str
    signed_message: str = Field(description="The format of the bytes each tree head's signature covers")


class LoggedEntry(BaseModel):
    leaf_index: int
    leaf_hash: str
    event_id: str
    entry: str = Field(description="The canonical JSON whose SHA-256(0x00 ‖ entry) is the leaf hash")
    appended_at: str


class EntryPage(BaseModel):
    tree_size: int
    start: int
    entries: list[LoggedEntry] = Field(description="Leaves start.. in order; a missing index is absent")


class Receipt(BaseModel):
    """What an author keeps: the entry's hash is known at submission; its index once appended."""

    version: Literal[1] = 1
    event_id: str
    leaf_hash: str
    leaf_index: int | None = Field(description="None until the log appends the entry (seconds later)")
    entry: str


class ReceiptStatus(BaseModel):
    leaf_hash: str
    leaf_index: int
    event_id: str
    entry: str
    tree_head: TreeHead | None = Field(description="The latest signed tree head, if it covers the entry yet")
    path: list[str] = Field(description="Inclusion proof against `tree_head` (empty while not covered)")


class ProcessLogEntry(LoggedEntry):
    path: list[str]


class ProcessLog(BaseModel):
    process_id: str
    tree_head: TreeHead | None
    entries: list[ProcessLogEntry] = Field(description="Entries covered by `tree_head`, each with its proof")
    pending: int = Field(description="Entries of the process appended after `tree_head` (in the next one)")


class SigningReport(BaseModel):
    """What a `sign_tree_head` run did: signed a new head (of `tree_size` entries) or found nothing new."""

    signed: bool
    tree_size: int | None
