"""What an event handler reads from its Lambda invocation besides the event: the typed inputs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def time_left(event: Any) -> Callable[[], float] | None:
    """The seconds the invocation has left, read on each call; None without a Lambda context (a
    local run, a test)."""
    context = getattr(event, "context", None)
    if context is None:
        return None
    return lambda: context.get_remaining_time_in_millis() / 1000
