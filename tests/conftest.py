"""Shared test setup: the project root is importable and AWS calls can never leave the machine."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

for name, value in {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
    "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
    "TABLE_NAME": "decide-test",
}.items():
    os.environ[name] = value
os.environ.pop("AWS_ENDPOINT_URL", None)
# In-process `decide` commands never find a developer's running stack; tests name the stack they mean.
os.environ["DECIDE_STATE_DIR"] = str(ROOT / "build" / "no-local-stack")
os.environ.pop("AWS_PROFILE", None)

from decide import moto_patches  # noqa: E402  (after the environment is set)

moto_patches.install()


from collections.abc import Iterator  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402

from decide.stack_process import StackProcess, running_stack  # noqa: E402
from tests.support.http import StackHttp  # noqa: E402


@pytest.fixture(scope="session")
def stack() -> Iterator[StackProcess]:
    """One real local stack (`decide run`: moto server, seed, chalice local, event pump, web front)
    on free ports for the whole session, shared by the end-to-end and browser tests."""
    log = ROOT / "build" / "test-artifacts" / f"stack-{os.getpid()}.log"
    with running_stack(log) as running:
        yield running


@pytest.fixture(scope="session")
def http(stack: StackProcess) -> StackHttp:
    """The one HTTP client of the tests that drive the session's stack, bound to its API."""
    return StackHttp(stack.api_url)


# `make test` runs the suite on two workers (pytest-xdist). A work unit runs whole on one worker: every
# test of the session's local stack (one stack serves them all, as in a serial run), every CDK test
# (the syntheses are made once), and otherwise each test module (its module fixtures, such as the
# seeded moto table, are built once). Units go to whichever worker is free, largest first.
LOCAL_STACK_TESTS = ("tests/browser/", "tests/e2e/", "tests/resilience/test_schemathesis.py")
CDK_TESTS = ("tests/infrastructure/",)


def work_unit(nodeid: str) -> str:
    path = nodeid.split("::", 1)[0]
    if path.startswith(LOCAL_STACK_TESTS):
        return "local-stack"
    if path.startswith(CDK_TESTS):
        return "cdk"
    return path


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    # Not `--dist loadgroup`: with pytest 9.2 its node-id suffix no longer takes effect and groups
    # are silently split (pytest-dev/pytest-xdist#1386); a scheduler keyed on the node id is stable.
    from xdist.scheduler import LoadScopeScheduling  # type: ignore[import-untyped]

    class ByWorkUnit(LoadScopeScheduling):  # type: ignore[misc]
        def _split_scope(self, nodeid: str) -> str:
            return work_unit(nodeid)

    return ByWorkUnit(config, log)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A test of the local stack outside LOCAL_STACK_TESTS would start a second stack on the other worker."""
    strays = [
        i.nodeid for i in items if "stack" in getattr(i, "fixturenames", ()) and work_unit(i.nodeid) != "local-stack"
    ]
    if strays:
        raise pytest.UsageError(f"tests of the local stack outside {LOCAL_STACK_TESTS}: {strays[:5]}")
