"""Reading a JSON request body, and the errors a body can have."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

from chalicelib.errors import InvalidInput, TooLarge, UnsupportedMedia
from chalicelib.messages import text

MAX_BODY_BYTES = 64 * 1024


class BodyTooLargeError(TooLarge):
    code = "body_too_large"


class BodyNotJsonError(UnsupportedMedia):
    code = "unsupported_media_type"


class InvalidJsonError(InvalidInput):
    code = "invalid_json"


def is_json_media_type(content_type: str | None) -> bool:
    """`application/json` or a `+json` type, parameters allowed; anything else (e.g. a value with
    an injected header after it) is not JSON."""
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    return media_type == "application/json" or (media_type.startswith("application/") and media_type.endswith("+json"))


def is_form_media_type(content_type: str | None) -> bool:
    return (content_type or "").split(";", 1)[0].strip().lower() == "application/x-www-form-urlencoded"


def is_csv_media_type(content_type: str | None) -> bool:
    return (content_type or "").split(";", 1)[0].strip().lower() == "text/csv"


def parse_json_body(
    raw: str | bytes | None,
    content_type: str | None,
    *,
    csv_field: str | None = None,
    max_bytes: int = MAX_BODY_BYTES,
    form: bool = False,
) -> Any:
    """The decoded body ({} when empty); refuses oversized, non-JSON, non-UTF-8 or malformed bodies.

    A route with a `csv_field` also takes a `text/csv` body, read as `{csv_field: <the text>}`."""
    if not raw:
        return {}
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    if len(raw) > max_bytes:
        raise BodyTooLargeError(text("body.too_large"), {"field": "body", "max_bytes": max_bytes})
    if csv_field and is_csv_media_type(content_type):
        try:
            return {csv_field: raw.decode("utf-8-sig")}
        except UnicodeDecodeError as exc:
            raise InvalidJsonError(text("body.not_utf8"), {"field": "body"}) from exc
    if form and is_form_media_type(content_type):
        # an HTML form or a mail client's RFC 8058 one-click POST (`List-Unsubscribe=One-Click`)
        try:
            return dict(parse_qsl(raw.decode("utf-8"), keep_blank_values=True))
        except UnicodeDecodeError as exc:
            raise InvalidJsonError(text("body.not_utf8"), {"field": "body"}) from exc
    if not is_json_media_type(content_type):
        raise BodyNotJsonError(text("body.not_json"), {"field": "body"})
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise InvalidJsonError(text("body.not_utf8"), {"field": "body"}) from exc
    except (ValueError, RecursionError) as exc:
        raise InvalidJsonError(text("body.invalid_json"), {"field": "body"}) from exc
