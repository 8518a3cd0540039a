"""Text field types that refuse control characters.

A single-line field (a title, a name) may end up in an email Subject or a CSV cell: CR/LF there
is header injection, NUL and ESC garble terminals and logs. So a single-line field accepts no
control character at all, and a multi-line field accepts only the line feed `\\n` (the web front
sends textarea values with bare `\\n`). Unicode line and paragraph separators count as controls.
The error names the field in plain Spanish (its label from the message catalogue).
"""

from __future__ import annotations

import unicodedata

from pydantic import AfterValidator, ValidationInfo
from pydantic_core import PydanticCustomError

from chalicelib.messages import ES_MX

CONTROL_CATEGORIES = frozenset({"Cc", "Zl", "Zp"})


def _label(info: ValidationInfo) -> str:
    name = info.field_name or ""
    return ES_MX.get(f"field_label.{name}", name)


def _has_control(value: str, allowed: str = "") -> bool:
    return any(unicodedata.category(c) in CONTROL_CATEGORIES and c not in allowed for c in set(value))


def _single_line(value: str, info: ValidationInfo) -> str:
    if _has_control(value):
        raise PydanticCustomError(
            "single_line_control", "control characters in a single-line field", {"label": _label(info)}
        )
    return value


def _multi_line(value: str, info: ValidationInfo) -> str:
    if _has_control(value, allowed="\n"):
        raise PydanticCustomError(
            "multi_line_control", "control characters other than \\n in a text field", {"label": _label(info)}
        )
    return value


SingleLine = AfterValidator(_single_line)
MultiLine = AfterValidator(_multi_line)

__all__ = ["MultiLine", "SingleLine"]
