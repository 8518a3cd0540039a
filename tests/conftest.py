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


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """`make test` runs the suite on two workers (pytest-xdist, `--dist loadgroup`). Each group runs whole
    on one worker: every test of the session's local stack (one stack serves them all, as in a serial
    run), every test of the CDK syntheses (synthesized once), and otherwise each test module (its module
    fixtures, such as the seeded moto table, are built once). A serial run ignores the groups."""
    if not config.pluginmanager.hasplugin("xdist"):
        return
    for item in items:
        if "stack" in item.fixturenames:
            group = "local-stack"
        elif "syntheses" in item.fixturenames:
            group = "cdk-syntheses"
        else:
            group = item.nodeid.split("::", 1)[0]
        item.add_marker(pytest.mark.xdist_group(group))
