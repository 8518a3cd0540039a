"""Values the stack writes to SSM Parameter Store after the resources they name exist (SSM adapter).

The one use today is the web front's address for the API function (issue 11): the web distribution
sends `/v1/*` to the REST API, so the API's function cannot be given the distribution's domain at deploy
time (a CloudFormation cycle). The stack writes it to a parameter once the distribution exists; the
function reads it the first time a link is built, once per container, and keeps it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from chalicelib.adapters.clients import LazyClient, default_client
from chalicelib.errors import Unavailable
from chalicelib.messages import text
from chalicelib.observability import logger


class ParameterUnavailableError(Unavailable):
    """503: a value the stack stores in Parameter Store could not be read (nothing was changed)."""

    code = "parameter_unavailable"


_SSM_CLIENT = default_client("ssm")


class ParameterReader(LazyClient[Any]):
    """`read(name)` asks Parameter Store once per name and keeps the answer for the container's life.

    A failed read is not kept: the next caller asks again. Thread-safe (one read per name at a time).
    """

    def __init__(self, client_factory: Callable[[], Any] = _SSM_CLIENT) -> None:
        self._client_factory = client_factory
        self._values: dict[str, str] = {}
        self._lock = threading.Lock()

    def read(self, name: str) -> str:
        value = self._values.get(name)
        if value is not None:
            return value
        from botocore.exceptions import BotoCoreError, ClientError

        with self._lock:
            value = self._values.get(name)
            if value is None:
                try:
                    value = str(self.client.get_parameter(Name=name)["Parameter"]["Value"])
                except (BotoCoreError, ClientError, KeyError) as exc:
                    logger.error("parameter unavailable", extra={"parameter": name})
                    raise ParameterUnavailableError(text("parameter.unavailable"), {"parameter": name}) from exc
                self._values[name] = value
        return value

    def forget(self) -> None:
        """Drop what was read (tests; a new container starts empty)."""
        with self._lock:
            self._values.clear()


# One reader per container: every Settings object of the process shares what it has read.
PARAMETERS = ParameterReader()
