"""Decoding the table's stream images (DynamoDB JSON), for the stream's consumers.

A stream record carries an item's old and new images as typed attributes (`{"doc": {"S": "…"}}`);
the consumers (events/domain_events.py, transparency/entries.py, …) decide what a change means
from the decoded values these functions give, and never read the typed attributes themselves.
"""

from __future__ import annotations

import json
from typing import Any


def image_doc(image: dict[str, Any] | None) -> dict[str, Any] | None:
    """The stored document (the `doc` attribute's JSON) of an image, or None if it has none."""
    if not image or "doc" not in image:
        return None
    doc: dict[str, Any] = json.loads(image["doc"]["S"])
    return doc


def image_text(image: dict[str, Any] | None, name: str) -> str:
    """A string attribute of an image ("" if the image or the attribute is missing)."""
    return str(image.get(name, {}).get("S", "")) if image else ""


def image_entity(image: dict[str, Any] | None) -> str | None:
    """The item's entity name (None if the image is missing or has none)."""
    return image.get("entity", {}).get("S") if image else None
