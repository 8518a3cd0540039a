"""The real local stack (`decide run`: moto server, seed, chalice local, event pump) on free ports,
in a subprocess of its own process group, with users of every role and their real ID tokens."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from decide.stack_process import StackProcess, running_stack

STAGE = "dev"
PASSWORD = "contraseña-Bench-2026"
# role → (group, party); None is anonymous
ROLES: dict[str, tuple[str, str | None] | None] = {
    "anonymous": None,
    "citizen": ("citizen", None),
    "party_editor": ("party_editor", "pfa"),
    "moderator": ("ieem_moderator", None),
    "admin": ("ieem_admin", None),
}


@dataclass
class RunningStack(StackProcess):
    """The shared stack harness (decide/stack_process.py) plus users of every role and their tokens."""

    tokens: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, stack: StackProcess) -> RunningStack:
        return cls(**vars(stack))

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
        from chalicelib.adapters.cognito import CognitoAccounts

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


@contextmanager
def local_stack(log: Path, extra_env: dict[str, str] | None = None) -> Iterator[RunningStack]:
    """`decide run` on free ports with its own state folder beside `log`; stopped on exit."""
    with running_stack(log, stage=STAGE, extra_env=extra_env) as stack:
        yield RunningStack.of(stack)
