"""The real local stack (`decide run`: moto server, seed, chalice local, event pump) on free ports,
in a subprocess of its own process group, with users of every role and their real ID tokens."""

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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
STAGE = "dev"
STARTUP_SECONDS = 240
PASSWORD = "contraseña-Bench-2026"
# role → (group, party); None is anonymous
ROLES: dict[str, tuple[str, str | None] | None] = {
    "anonymous": None,
    "citizen": ("citizen", None),
    "party_editor": ("party_editor", "pfa"),
    "moderator": ("ieem_moderator", None),
    "admin": ("ieem_admin", None),
}


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


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


@dataclass
class RunningStack:
    moto_url: str
    api_url: str
    table_name: str
    mailbox: Path
    process: subprocess.Popen[bytes]
    log: Path
    tokens: dict[str, str] = field(default_factory=dict)

    def aws(self, service: str) -> Any:
        import boto3

        return boto3.client(  # type: ignore[call-overload]
            service,
            endpoint_url=self.moto_url,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )

    def pool(self) -> Any:
        from decide.resources import StackNames, find_user_pool

        return find_user_pool(self.aws("cognito-idp"), StackNames(stage=STAGE, table=self.table_name))

    def user(self, email: str, group: str, party: str | None = None) -> str:
        """A confirmed user in `group` (created through Cognito admin calls), logged in: its ID token."""
        if email in self.tokens:
            return self.tokens[email]
        from chalicelib.accounts.cognito import CognitoAccounts

        pool = self.pool()
        cognito = self.aws("cognito-idp")
        accounts = CognitoAccounts(pool.pool_id, pool.client_id, client_factory=lambda: cognito)
        accounts.create_confirmed_user(
            email=email, display_name=email.split("@")[0], group=group, password=PASSWORD, party_id=party
        )
        result = cognito.initiate_auth(
            ClientId=pool.client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": email, "PASSWORD": PASSWORD},
        )
        token: str = result["AuthenticationResult"]["IdToken"]
        self.tokens[email] = token
        return token

    def role_tokens(self) -> dict[str, str | None]:
        tokens: dict[str, str | None] = {}
        for role, spec in ROLES.items():
            if spec is None:
                tokens[role] = None
            else:
                group, party = spec
                tokens[role] = self.user(f"bench-{role.replace('_', '-')}@example.mx", group, party)
        return tokens


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)  # `decide run` stops its children on SIGTERM
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@contextmanager
def local_stack(log: Path, extra_env: dict[str, str] | None = None) -> Iterator[RunningStack]:
    """`decide run` on free ports with its own state folder (logs, mailbox) beside `log`;
    stopped (its whole process group) on exit."""
    from decide.config import stage_environment

    moto_port, api_port, web_port = free_ports(3)
    env = {k: v for k, v in os.environ.items() if k not in stage_environment(STAGE) and k != "AWS_ENDPOINT_URL"}
    env.update(extra_env or {})
    log.parent.mkdir(parents=True, exist_ok=True)
    state_dir = log.with_suffix(".state")
    with log.open("wb") as output:
        process = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("decide")),
                "--stage",
                STAGE,
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
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    api_url = f"http://127.0.0.1:{api_port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        pump_log = state_dir / "pump.log"

        def ready() -> bool:  # the API answers and the event pump has its stream position
            pumping = pump_log.exists() and "event pump:" in pump_log.read_text(errors="replace")
            return pumping and _answers(f"{api_url}/v1/processes")

        while not ready():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the local stack did not start; see {log}:\n{log.read_text()[-3000:]}")
            time.sleep(0.5)
        config = json.loads((ROOT / ".chalice" / "config.json").read_text())
        table = config["stages"][STAGE]["environment_variables"]["TABLE_NAME"]
        yield RunningStack(f"http://127.0.0.1:{moto_port}", api_url, table, state_dir / "mailbox", process, log)
    finally:
        _stop(process)
