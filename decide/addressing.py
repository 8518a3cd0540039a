"""Which stack an operator command acts on: the local stack found in its state folder, an explicit
endpoint, or AWS. Every command names it in its first line, so nobody acts on the wrong stack.

- `decide --local <command>`: the stack `decide run` started (state folder `.local` of this
  checkout, or `--state-dir` / DECIDE_STATE_DIR); an error if it is not running.
- `decide --endpoint URL <command>` (or AWS_ENDPOINT_URL): that endpoint, with the local test
  credentials; the state folder's URLs and mailbox are used when they belong to that endpoint.
- plain `decide <command>`: inside the repository (or with a state folder chosen) the running local
  stack of the same stage if there is one; otherwise AWS with the environment's credentials.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from decide.config import PROJECT_DIR
from decide.stack_state import StackState, chosen_state_dir

# What botocore needs to talk to moto (any credentials do; these can never reach AWS).
LOCAL_AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
    # botocore would send DynamoDB Streams calls to an account-specific host otherwise.
    "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
}


class TargetError(Exception):
    """The stack a command should act on cannot be found; the message is one line for the operator."""


@dataclass(frozen=True)
class Target:
    kind: Literal["local", "endpoint", "aws"]
    stage: str
    state_dir: Path
    state: StackState | None = None
    endpoint: str = ""
    running: bool = False

    @property
    def mailbox_dir(self) -> Path:
        return self.state.mailbox if self.state else self.state_dir / "mailbox"

    def environment(self) -> dict[str, str]:
        """Variables for boto3 and the app (chalicelib.settings) to act on this stack."""
        if self.kind == "aws":
            return {}
        env = {**LOCAL_AWS_ENV, "LOCAL_MAILBOX_DIR": str(self.mailbox_dir)}
        if self.state:
            env |= {
                **self.state.runtime_env,
                "AWS_ENDPOINT_URL": self.state.moto_url,
                "WEB_BASE_URL": self.state.web_url,
            }
        if self.endpoint:
            env["AWS_ENDPOINT_URL"] = self.endpoint
        return env

    def describe(self) -> str:
        if self.kind == "aws":
            region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
            return f"decide: acting on AWS, stage {self.stage}, region {region} (no local stack found)"
        if self.kind == "endpoint":
            return f"decide: acting on the endpoint {self.endpoint} (stage {self.stage})"
        if not self.running or self.state is None:
            return f"decide: the local stack in {self.state_dir} is not running; using what it left there"
        return (
            f"decide: acting on the local stack in {self.state_dir} (moto {self.state.moto_url}, "
            f"API {self.state.api_url}, web {self.state.web_url}, stage {self.state.stage})"
        )


def resolve(
    *, stage: str, local: bool, endpoint: str | None, state_dir: str | None, needs_stack: bool = True
) -> Target:
    """The target of a command. `needs_stack=False` (reading the mailbox) accepts a stopped local stack."""
    folder, chosen = chosen_state_dir(state_dir)
    state = StackState.read(folder)
    endpoint = endpoint or ("" if local else os.environ.get("AWS_ENDPOINT_URL", ""))
    if endpoint:
        endpoint = endpoint.rstrip("/")
        own = state if state and state.moto_url == endpoint else None
        return Target("endpoint", stage, folder, own, endpoint, running=own is not None)
    running = state is not None and state.is_running()
    if local:
        if state is None or not running:
            if not needs_stack:
                return Target("local", stage, folder, state)
            raise TargetError(
                f"no local stack is running in {folder} (start it with `make run`, or name its folder with --state-dir)"
            )
        return Target("local", stage, folder, state, running=True)
    in_repository = Path.cwd().resolve().is_relative_to(PROJECT_DIR)
    if (chosen or in_repository) and state is not None and running and state.stage == stage:
        return Target("local", stage, folder, state, running=True)
    if not needs_stack:
        return Target("local", stage, folder, state)
    return Target("aws", stage, folder)
