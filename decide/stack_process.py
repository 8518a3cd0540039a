"""`decide run` as a child process on free ports: for end-to-end tests, browser tests and benchmarks.

The stack gets its own state folder (logs, mailbox), so several can run side by side; leaving the
context stops its whole process group (`decide run` stops its children on SIGTERM).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chalicelib.storage.election_store import ElectionStore
from chalicelib.storage.table import DocumentTable
from decide.config import PROJECT_DIR, stage_environment
from decide.moto_patches import CONFLICTS_FILE
from decide.stack_state import STATE_DIR_VARIABLE, StackState

STARTUP_SECONDS = 300  # seeding alone takes 90 s on a busy 2-core machine


def free_ports(count: int) -> list[int]:
    sockets = []
    try:
        for _ in range(count):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            sockets.append(s)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


@dataclass
class StackProcess:
    moto_url: str
    api_url: str
    web_url: str
    table_name: str
    state_dir: Path
    log: Path
    process: subprocess.Popen[bytes]

    @property
    def mailbox(self) -> Path:
        return self.state_dir / "mailbox"

    def state(self) -> StackState | None:
        """What `decide run` wrote to its state folder (URLs, children's process ids)."""
        return StackState.read(self.state_dir)

    def store(self) -> ElectionStore:
        """The stack's table, for tests that write what the seed does not have."""
        import boto3

        endpoint = self.moto_url
        return ElectionStore(
            DocumentTable(
                self.table_name,
                client_factory=lambda: boto3.client("dynamodb", endpoint_url=endpoint, region_name="us-east-1"),
            )
        )

    def get_json(self, path: str) -> Any:
        with urllib.request.urlopen(f"{self.api_url}{path}", timeout=10) as response:
            return json.load(response)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


@contextmanager
def running_stack(
    log: Path, *, stage: str = "dev", extra_env: dict[str, str] | None = None, conflicts_file: Path | None = None
) -> Iterator[StackProcess]:
    """Start `decide run` (state folder beside `log`), wait until the API, the web front and the
    event pump are up, yield it, stop it. With `conflicts_file`, the moto server injects
    TransactionConflict on the fraction of writes that file holds (decide/moto_patches.install_conflicts:
    the election-day benchmark over HTTP); off otherwise."""
    moto_port, api_port, web_port = free_ports(3)
    # The stage's own configuration, not whatever TABLE_NAME & co. the calling process has.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in stage_environment(stage) and k not in ("AWS_ENDPOINT_URL", STATE_DIR_VARIABLE)
    }
    env.update(extra_env or {})
    env.pop(CONFLICTS_FILE, None)  # only ever on when asked for here
    if conflicts_file is not None:
        env[CONFLICTS_FILE] = str(conflicts_file)
    log.parent.mkdir(parents=True, exist_ok=True)
    state_dir = log.with_suffix(".state")
    with log.open("wb") as output:
        process = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("decide")),
                "--stage",
                stage,
                "run",
                "--moto-port",
                str(moto_port),
                "--api-port",
                str(api_port),
                "--web-port",
                str(web_port),
                "--state-dir",
                str(state_dir),
            ],
            cwd=PROJECT_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    api_url, web_url = f"http://127.0.0.1:{api_port}", f"http://127.0.0.1:{web_port}"
    config = json.loads((PROJECT_DIR / ".chalice" / "config.json").read_text())
    table = config["stages"][stage]["environment_variables"]["TABLE_NAME"]
    stack = StackProcess(f"http://127.0.0.1:{moto_port}", api_url, web_url, table, state_dir, log, process)
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        # `decide run` prints its banner once everything (the event pump included) is ready.
        while not (b"Ctrl-C stops everything" in log.read_bytes() and answers(f"{api_url}/v1/processes")):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the local stack did not start; see {log}:\n{log.read_text()[-3000:]}")
            time.sleep(0.3)
        yield stack
    finally:
        stack.stop()
