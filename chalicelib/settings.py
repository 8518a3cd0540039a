"""Settings read once from the environment into a validated object.

Domain code never reads `os.environ`; it receives a `Settings`.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Mapping
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from chalicelib.errors import Unavailable

# Where the local stack serves the front when nothing else is configured.
LOCAL_WEB_BASE_URL = "http://127.0.0.1:8080"


class SettingsError(Unavailable):
    code = "invalid_settings"


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True, populate_by_name=True)

    stage: str = Field(default="dev", pattern=r"^[a-z][a-z0-9-]{0,20}$")
    table_name: str = Field(min_length=3, max_length=255)
    region: str = "us-east-1"
    timezone: str = "America/Mexico_City"
    public_cache_seconds: int = Field(default=60, ge=0, le=86400)
    default_section_map: str = "ine2016-esc3"
    user_pool_id: str = ""
    user_pool_client_id: str = ""
    # Where the pool's signing keys are published; by default the issuer's, locally moto's.
    jwks_url: str = ""
    events_topic_arn: str = ""
    mail_from: str = "DecideIEEM <avisos@decide.ieem.local>"
    ses_configuration_set: str = ""
    # The web front's address, for the links in emails, pages and SMS (read it as `web_base_url`):
    # WEB_BASE_URL when set (the local stack; in AWS every function but the API's, and the API's too
    # with a custom web domain), else the SSM parameter WEB_BASE_URL_PARAMETER names, read on the first
    # link and kept for the container (issue 11: the distribution sends /v1/* to the REST API, so the
    # API's function cannot hold the distribution's domain at deploy time), else the local front.
    # Never taken from a request header (Host, X-Forwarded-Host): a caller would write the links.
    configured_web_base_url: str = Field(default="", alias="web_base_url")
    web_base_url_parameter: str = ""
    # Where the repository's docs/ are published (the dashboard links its runbooks there); "" = paths only.
    runbooks_base_url: str = ""
    # Local stack only: a copy of every sent email is written here for `decide mailbox`.
    local_mailbox_dir: str = ""
    proposals_per_day: int = Field(default=5, ge=1, le=100)
    # Where the institute is told that a party's address bounces or complains.
    institute_alerts_to: str = "operaciones@decide.ieem.local"
    # Candidacy photos: uploaded with a presigned POST; profiles link `<photos_base_url>/<key>`.
    photos_bucket: str = ""  # "" = decide-<stage>-photos
    photos_base_url: str = ""
    # SMS lookup: the key of the phone-number hash (only the hash is stored), the hourly limit per
    # number, the origination identity replies are sent from, and (local stack) the outbox folder.
    sms_number_key: str = ""
    sms_per_hour: int = Field(default=10, ge=1, le=1000)
    sms_origination_identity: str = ""
    sms_configuration_set: str = ""
    local_sms_outbox_dir: str = ""

    # The transparency log: the asymmetric KMS key (ECC_NIST_P256) that signs its tree heads.
    log_signing_key: str = ""  # "" = alias/decide-<stage>-transparency-log
    # The SES account's maximum send rate (emails per second), shared by every consumer.
    ses_send_rate: int = Field(default=14, ge=1, le=10000)
    # Immediate email to a party: at most this many proposals an hour each; the rest of the hour's
    # roll over into its next daily digest (issue 11: a busy campaign cannot flood the SES rate).
    party_immediate_per_hour: int = Field(default=20, ge=1, le=10000)
    # Staff two factors (issue 13): comma-separated email patterns (fnmatch) of staff accounts that
    # may act without TOTP. From the environment the default is "" (every ieem_admin and
    # ieem_moderator must enrol: what AWS runs); the local stack exempts the tests' own addresses
    # (decide/local_stack.py). A Settings built directly (unit/integration tests) exempts everyone
    # unless the test asks for enforcement by passing "".
    staff_mfa_exempt: str = "*"

    # The key that signs the candidates' identity-consent links (HMAC-SHA256); empty: no links.
    consent_link_key: str = ""
    # The key that signs one-click unsubscribe tokens (RFC 8058) and party-address confirmation links
    # (HMAC-SHA256, domain-separated); empty: emails carry no
    # List-Unsubscribe header and the unsubscribe route answers 503.
    email_link_key: str = ""
    # The API's base URL (…/api), for links that must reach the API itself (List-Unsubscribe POSTs);
    # empty: the web front's base URL.
    api_base_url: str = ""

    @property
    def web_base_url(self) -> str:
        if self.configured_web_base_url:
            return self.configured_web_base_url
        if self.web_base_url_parameter:
            from chalicelib.adapters.parameters import PARAMETERS

            return PARAMETERS.read(self.web_base_url_parameter)
        return LOCAL_WEB_BASE_URL

    @property
    def unsubscribe_base_url(self) -> str:
        return (self.api_base_url or self.web_base_url).rstrip("/")

    # Retention (issue 13, docs/privacy.md): days after a process closes (its end of term for
    # commitments followed) before the personal data of its proposals is anonymised.
    personal_data_retention_days: int = Field(default=1095, ge=1, le=3650)

    @property
    def token_issuer(self) -> str:
        return f"https://cognito-idp.{self.region}.amazonaws.com/{self.user_pool_id}"

    @property
    def token_keys_url(self) -> str:
        return self.jwks_url or f"{self.token_issuer}/.well-known/jwks.json"

    @property
    def photos_url(self) -> str:
        """Where stored photos are read from: PHOTOS_BASE_URL (e.g. the CloudFront origin); else, when the
        web address comes from its parameter (the API's function in AWS), the web distribution, which
        serves /photos/*; else the bucket."""
        if self.photos_base_url:
            return self.photos_base_url.rstrip("/")
        if self.web_base_url_parameter and not self.configured_web_base_url:
            return self.web_base_url.rstrip("/")
        return f"https://{self.photos_bucket}.s3.amazonaws.com"

    def mfa_exempt(self, email: str) -> bool:
        """Whether this staff account may use staff routes without a TOTP session."""
        patterns = [p.strip() for p in self.staff_mfa_exempt.split(",") if p.strip()]
        return any(fnmatch.fnmatchcase(email.lower(), p.lower()) for p in patterns)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @model_validator(mode="before")
    @classmethod
    def _stage_named(cls, values: Any) -> Any:
        """Names that follow the stage when not given (or given empty): the photos bucket and the log key."""
        if isinstance(values, dict):
            stage = values.get("stage") or "dev"
            if not values.get("photos_bucket"):
                values = {**values, "photos_bucket": f"decide-{stage}-photos"}
            if not values.get("log_signing_key"):
                values = {**values, "log_signing_key": f"alias/decide-{stage}-transparency-log"}
        return values

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> Settings:
        """Each field from its variable in ENVIRONMENT; a variable that is not set leaves the field's
        default (written once, above), except the few ENVIRONMENT_DEFAULTS for what AWS runs."""
        raw: dict[str, Any] = dict(ENVIRONMENT_DEFAULTS)
        raw |= {name: environ[variable] for name, variable in ENVIRONMENT.items() if variable in environ}
        region = environ.get("AWS_REGION") or environ.get("AWS_DEFAULT_REGION")
        if region:
            raw["region"] = region
        try:
            return cls.model_validate(raw)
        except ValidationError as exc:
            fields = [".".join(str(p) for p in e["loc"]) for e in exc.errors()]
            raise SettingsError(f"Invalid settings: {', '.join(fields)}", {"fields": fields}) from exc


# The environment variable of each setting (the region: AWS_REGION, else AWS_DEFAULT_REGION).
ENVIRONMENT = {
    "stage": "DECIDE_STAGE",
    "table_name": "TABLE_NAME",
    "timezone": "DECIDE_TIMEZONE",
    "public_cache_seconds": "PUBLIC_CACHE_SECONDS",
    "default_section_map": "DEFAULT_SECTION_MAP",
    "user_pool_id": "USER_POOL_ID",
    "user_pool_client_id": "USER_POOL_CLIENT_ID",
    "jwks_url": "COGNITO_JWKS_URL",
    "events_topic_arn": "EVENTS_TOPIC_ARN",
    "mail_from": "MAIL_FROM",
    "ses_configuration_set": "SES_CONFIGURATION_SET",
    "web_base_url": "WEB_BASE_URL",
    "web_base_url_parameter": "WEB_BASE_URL_PARAMETER",
    "runbooks_base_url": "RUNBOOKS_BASE_URL",
    "local_mailbox_dir": "LOCAL_MAILBOX_DIR",
    "proposals_per_day": "PROPOSALS_PER_DAY",
    "institute_alerts_to": "INSTITUTE_ALERTS_TO",
    "photos_bucket": "PHOTOS_BUCKET",
    "photos_base_url": "PHOTOS_BASE_URL",
    "sms_number_key": "SMS_NUMBER_KEY",
    "sms_per_hour": "SMS_PER_HOUR",
    "sms_origination_identity": "SMS_ORIGINATION_IDENTITY",
    "sms_configuration_set": "SMS_CONFIGURATION_SET",
    "local_sms_outbox_dir": "LOCAL_SMS_OUTBOX_DIR",
    "log_signing_key": "LOG_SIGNING_KEY",
    "ses_send_rate": "SES_SEND_RATE",
    "party_immediate_per_hour": "PARTY_IMMEDIATE_PER_HOUR",
    "staff_mfa_exempt": "STAFF_MFA_EXEMPT",
    "consent_link_key": "CONSENT_LINK_KEY",
    "email_link_key": "EMAIL_LINK_KEY",
    "api_base_url": "API_BASE_URL",
    "personal_data_retention_days": "PERSONAL_DATA_RETENTION_DAYS",
}
# Where the environment's default is not the field's: from the environment (what AWS runs) every
# staff account must use TOTP; a Settings built directly in tests exempts everyone (see the field).
ENVIRONMENT_DEFAULTS: dict[str, str] = {"staff_mfa_exempt": ""}


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings.from_environ(os.environ)


class EventSources(BaseModel):
    """Names the event handlers subscribe to, needed when app.py is imported (and packaged).

    In AWS the CDK stack sets them; locally they name the moto resources `decide bootstrap` made.
    """

    model_config = ConfigDict(frozen=True)

    stage: str = "dev"
    table_stream_arn: str = "arn:aws:dynamodb:us-east-1:123456789012:table/decide-dev/stream/local"

    @property
    def party_queue(self) -> str:
        return f"decide-{self.stage}-party-notifications"

    @property
    def citizen_queue(self) -> str:
        return f"decide-{self.stage}-citizen-notifications"

    @property
    def email_feedback_topic(self) -> str:
        return f"decide-{self.stage}-email-feedback"

    @property
    def sms_inbound_topic(self) -> str:
        return f"decide-{self.stage}-sms-inbound"

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> EventSources:
        stage = environ.get("DECIDE_STAGE", "dev")
        default_arn = f"arn:aws:dynamodb:us-east-1:123456789012:table/decide-{stage}/stream/local"
        return cls(stage=stage, table_stream_arn=environ.get("TABLE_STREAM_ARN", default_arn))
