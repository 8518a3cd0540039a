"""The one HTTP client of the tests that drive a running stack (end to end, browser, resilience).

`StackHttp(base_url).call(method, path, body, token)` answers `(status, JSON body)` and never raises
on an error status (the test asserts it); `json(...)` insists on a 2xx; `fetch(url)` gives the raw
bytes and headers of any page or file. The session fixture `http` (tests/conftest.py) is one bound
to the session's stack API.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import Message
from typing import Any


@dataclass(frozen=True)
class Fetched:
    status: int
    headers: Message
    body: bytes


@dataclass(frozen=True)
class StackHttp:
    base_url: str
    timeout: float = 30

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        token: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> tuple[int, Any]:
        """`method path` with a JSON body and a bearer token; (status, decoded JSON or None)."""
        sent = {"Content-Type": "application/json", **(headers or {})}
        if token:
            sent["Authorization"] = f"Bearer {token}"
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"{self.base_url}{path}", data=data, headers=sent, method=method)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def json(self, method: str, path: str, body: Any = None, token: str | None = None) -> Any:
        """The JSON answer of a request that must succeed."""
        status, answer = self.call(method, path, body, token)
        assert 200 <= status < 300, (method, path, status, answer)
        return answer

    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> Fetched:
        """Any URL (absolute, or a path under base_url) as raw bytes, whatever its status."""
        target = url if "://" in url else f"{self.base_url}{url}"
        request = urllib.request.Request(target, headers=dict(headers or {}))
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return Fetched(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:
            return Fetched(error.code, error.headers, error.read())
