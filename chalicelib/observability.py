"""Powertools logger and metrics shared by routes and event handlers."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from aws_lambda_powertools import Logger, Metrics

logger = Logger(service="decide-ieem")
metrics = Metrics(namespace="DecideIEEM", service="decide-ieem")

P = ParamSpec("P")
R = TypeVar("R")


def flushes_metrics(handler: Callable[P, R]) -> Callable[P, R]:
    """An event handler whose metrics are flushed once it returned (the HTTP router flushes its own)."""

    @functools.wraps(handler)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        result = handler(*args, **kwargs)
        if metrics.metric_set:
            metrics.flush_metrics()
        return result

    return run
