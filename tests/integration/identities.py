"""Real Cognito identities on moto for integration tests: users in groups and their ID tokens.

Tokens are issued by moto's Cognito and verified by our `TokenVerifier` against the keys moto
signs with, exactly as in AWS (where the keys come from the pool's JWKS URL).
"""

from __future__ import annotations

from typing import Any

import boto3
from moto.utilities.utils import load_resource

from chalicelib.auth.tokens import TokenVerifier
from decide.resources import StackNames, UserPool, ensure_user_pool

PASSWORD = "contraseña-Segura-123"


def moto_key_set(_url: str) -> dict[str, Any]:
    key_set: dict[str, Any] = load_resource("cognitoidp/resources/jwks-public.json")
    return key_set


class Identities:
    """Creates users with roles in a moto user pool and logs them in."""

    def __init__(self, stage: str = "test") -> None:
        self.cognito = boto3.client("cognito-idp")
        self.pool: UserPool = ensure_user_pool(self.cognito, StackNames(stage=stage, table="unused"))
        self._tokens: dict[str, str] = {}

    def verifier(self, region: str = "us-east-1") -> TokenVerifier:
        return TokenVerifier(
            issuer=f"https://cognito-idp.{region}.amazonaws.com/{self.pool.pool_id}",
            client_id=self.pool.client_id,
            jwks_url="moto://jwks",
            load_key_set=moto_key_set,
        )

    def user(self, email: str, *, role: str | None, party_id: str | None = None, name: str = "Persona") -> str:
        """An ID token for a confirmed user in `role` (None: in no group)."""
        if email in self._tokens:
            return self._tokens[email]
        attributes = [{"Name": "email", "Value": email}, {"Name": "name", "Value": name}]
        if party_id:
            attributes.append({"Name": "custom:party_id", "Value": party_id})
        self.cognito.admin_create_user(
            UserPoolId=self.pool.pool_id, Username=email, UserAttributes=attributes, MessageAction="SUPPRESS"
        )
        self.cognito.admin_set_user_password(
            UserPoolId=self.pool.pool_id, Username=email, Password=PASSWORD, Permanent=True
        )
        if role:
            self.cognito.admin_add_user_to_group(UserPoolId=self.pool.pool_id, Username=email, GroupName=role)
        result = self.cognito.initiate_auth(
            ClientId=self.pool.client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": email, "PASSWORD": PASSWORD},
        )
        token: str = result["AuthenticationResult"]["IdToken"]
        self._tokens[email] = token
        return token

    @staticmethod
    def bearer(token: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"}
