"""Schemathesis against /v1/openapi.json on the real local stack (`decide run`), as each role.

Bounded and deterministic for CI: Hypothesis derandomized, a few examples per operation
(SCHEMATHESIS_MAX_EXAMPLES, default 4). `make bench` runs `python -m bench.schema_fuzz` with 50.
Checks: no 5xx, a documented status code and content type, a body matching its schema.
"""

from __future__ import annotations

import os

import pytest

from decide.stack_process import StackProcess
from tests.support.schema_fuzz import fuzz_role, load_schema
from tests.support.stack import ROLES, RunningStack

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "4"))

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def tokens(stack: StackProcess) -> dict[str, str | None]:
    """Users of every role on the session's local stack (fixture `stack` in tests/conftest.py)."""
    return RunningStack.of(stack).role_tokens()


@pytest.mark.parametrize("role", list(ROLES))
def test_every_response_matches_the_contract_and_none_is_a_server_error(
    stack: StackProcess, tokens: dict[str, str | None], role: str
) -> None:
    report = fuzz_role(load_schema(stack.api_url), role, tokens[role], MAX_EXAMPLES)
    assert report.operations > 0 and report.requests >= report.operations
    assert not [s for s in report.statuses if s.startswith("5")], report.failures
    assert report.failures == [], "\n".join(report.failures)
