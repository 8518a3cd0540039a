"""Cognito user pool: email sign-in, the design's role groups, one public app client for the web front."""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_cognito as cognito
from constructs import Construct

from chalicelib.auth.principal import Role
from decide.resources import StackNames

from .config import StageConfig
from .nag import suppress

# Lower number wins when a user is in several groups (Cognito puts that group's role in the token).
GROUP_PRECEDENCE = {
    Role.IEEM_ADMIN: 0,
    Role.IEEM_MODERATOR: 10,
    Role.PARTY_EDITOR: 20,
    Role.CITIZEN: 30,
}


class Auth(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: StageConfig,
        mail_from_address: str,
        mail_from_name: str,
        mail_identity: str,
        configuration_set_name: str,
    ) -> None:
        super().__init__(scope, construct_id)
        names = StackNames(stage=config.stage, table=config.prefix)
        self.user_pool = cognito.UserPool(
            self,
            "UserPool",
            user_pool_name=names.user_pool,
            self_sign_up_enabled=True,
            sign_in_aliases=cognito.SignInAliases(email=True, username=False),
            sign_in_case_sensitive=False,
            # The app verifies email addresses itself (its own code, its own templates): no auto-verify.
            auto_verify=cognito.AutoVerifiedAttrs(email=False, phone=False),
            standard_attributes=cognito.StandardAttributes(
                email=cognito.StandardAttribute(required=True, mutable=True),
            ),
            custom_attributes={"party_id": cognito.StringAttribute(min_len=1, max_len=64, mutable=True)},
            password_policy=cognito.PasswordPolicy(
                min_length=10,
                require_lowercase=True,
                require_digits=True,
                require_uppercase=False,
                require_symbols=False,
                temp_password_validity=cdk.Duration.days(3),
            ),
            account_recovery=cognito.AccountRecovery.EMAIL_ONLY,
            # Forgotten-password codes go through SES (Cognito's own sender allows 50 emails a day).
            email=cognito.UserPoolEmail.with_ses(
                from_email=mail_from_address,
                from_name=mail_from_name,
                configuration_set_name=configuration_set_name,
            ),
            # TOTP for staff (issue 13): optional in the pool (citizens never get a challenge), required
            # of ieem_admin/ieem_moderator by the API, which answers their routes 403 `mfa_required` until
            # a session passed it (chalicelib/accounts/second_factor.py). No SMS factor.
            mfa=cognito.Mfa.OPTIONAL,
            mfa_second_factor=cognito.MfaSecondFactor(sms=False, otp=True),
            # Lite covers what the app uses (password sign-in, groups, custom attributes, SES email) at about
            # a third of Essentials' price per monthly active user (docs/election-day.md, cost model).
            feature_plan=cognito.FeaturePlan.LITE,
            deletion_protection=config.deletion_protection,
            removal_policy=cdk.RemovalPolicy.RETAIN if config.retain_data else cdk.RemovalPolicy.DESTROY,
        )
        # Cognito sends from the verified *domain* identity (CDK would name an address identity).
        cfn_pool = self.user_pool.node.default_child
        assert isinstance(cfn_pool, cognito.CfnUserPool)
        cfn_pool.add_property_override(
            "EmailConfiguration.SourceArn",
            cdk.Stack.of(self).format_arn(
                service="ses",
                resource="identity",
                resource_name=mail_identity,
                arn_format=cdk.ArnFormat.SLASH_RESOURCE_NAME,
            ),
        )
        suppress(
            self.user_pool,
            "AwsSolutions-COG2",
            "MFA is optional in the pool on purpose: requiring it would shut out citizens on basic phones. "
            "Staff (ieem_admin, ieem_moderator) must enrol TOTP: the API refuses their routes (403 mfa_required) "
            "until a session passed it (chalicelib/accounts/second_factor.py); party editors may enrol.",
        )
        suppress(
            self.user_pool,
            "AwsSolutions-COG1",
            "Length over composition: at least 10 characters with a lowercase letter and a digit, as NIST "
            "SP 800-63B advises (composition rules push people, most on phones, to weaker predictable passwords). "
            "Same policy as the local stack (decide/resources.py).",
        )
        suppress(
            self.user_pool,
            "AwsSolutions-COG8",
            "The Plus feature plan (threat protection) costs several times Lite per monthly active user, too dear "
            "for a citizen platform; sign-in goes through our API, behind WAF rate rules (5-minute per-IP write "
            "limit), and Cognito throttles sign-in attempts itself. Revisit if credential stuffing shows up.",
        )

        self.groups = {}
        for role, precedence in GROUP_PRECEDENCE.items():
            self.groups[role.value] = cognito.CfnUserPoolGroup(
                self,
                f"Group{role.value.title().replace('_', '')}",
                user_pool_id=self.user_pool.user_pool_id,
                group_name=role.value,
                precedence=precedence,
                description=f"DecideIEEM role {role.value}",
            )

        # custom:party_id is readable by the front but only writable by staff through the API (admin calls).
        self.client = self.user_pool.add_client(
            "WebClient",
            user_pool_client_name=names.user_pool_client,
            generate_secret=False,
            auth_flows=cognito.AuthFlow(user_password=True),  # refresh-token auth is always allowed
            disable_o_auth=True,
            prevent_user_existence_errors=True,
            enable_token_revocation=True,
            access_token_validity=cdk.Duration.hours(1),
            id_token_validity=cdk.Duration.hours(1),
            refresh_token_validity=cdk.Duration.days(30),
            read_attributes=cognito.ClientAttributes()
            .with_standard_attributes(email=True, email_verified=True, fullname=True)
            .with_custom_attributes("party_id"),
            # Not `name`: display names live in the app's own record and are set by admin calls only.
            # `email` stays writable because it is the pool's required sign-in attribute (SignUp
            # writes it); the API never trusts the claim (the record keeps the verified address).
            write_attributes=cognito.ClientAttributes().with_standard_attributes(email=True),
        )
