"""Schemathesis against /v1/openapi.json on the real local stack (`decide run`), as each role.

Bounded and deterministic for CI: Hypothesis derandomized, a few examples per operation
(SCHEMATHESIS_MAX_EXAMPLES, default 4). `make bench` runs `python -m bench.schema_fuzz` with 50.
Checks: no 5xx, a documented status code and content type, a body matching its schema.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from bench.schema_fuzz import fuzz_role, load_schema
from bench.stack import ROLES, ROOT, RunningStack, local_stack

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "4"))

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def stack() -> Iterator[RunningStack]:
    with local_stack(ROOT / "build" / "test-artifacts" / "resilience" / "schemathesis-stack.log") as running:
        yield running


@pytest.fixture(scope="module")
def tokens(stack: RunningStack) -> dict[str, str | None]:
    return stack.role_tokens()


@pytest.mark.parametrize("role", list(ROLES))
def test_every_response_matches_the_contract_and_none_is_a_server_error(
    stack: RunningStack, tokens: dict[str, str | None], role: str
) -> None:
    report = fuzz_role(load_schema(stack.api_url), role, tokens[role], MAX_EXAMPLES)
    assert report.operations > 0 and report.requests >= report.operations
    assert not [s for s in report.statuses if s.startswith("5")], report.failures
    assert report.failures == [], "\n".join(report.failures)
