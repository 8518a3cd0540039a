"""Per-stage settings of the stack, from CDK context.

`cdk synth -c stage=prod` (or `make synth STAGE=prod`) picks a stage; `-c stage=all` synthesizes every
stage (what the tests and `make synth` do). Any field below can be overridden per stage from context
without editing code, e.g. `-c prod.ses_max_send_rate=50` or, in cdk.json,
`"context": {"prod": {"ses_max_send_rate": 50}}`.

The figures are explained in docs/election-day.md (capacity plan); change them there and here together.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

STAGES = ("dev", "prod")
APP_NAME = "decide-ieem"


@dataclass(frozen=True)
class StageConfig:
    stage: str
    # Data safety: prod keeps the table, the user pool and the buckets when the stack is deleted.
    retain_data: bool = False
    deletion_protection: bool = False
    log_retention_days: int = 14
    # API Gateway stage throttling (requests/s across all clients) and caching of public GETs.
    api_throttle_rate: int = 50
    api_throttle_burst: int = 100
    api_cache_enabled: bool = False
    api_cache_size_gb: str = "0.5"
    # WAF rate-based rules, requests per IP per 5-minute window. Generous for reads: Mexican mobile
    # carriers put many phones behind one carrier-grade NAT address.
    waf_rate_limit_per_ip: int = 3000
    waf_write_rate_limit_per_ip: int = 300
    # SES account sending rate (emails/s) that the email consumers must stay under, and the time one
    # SendEmail call takes; together they size the consumers' concurrency.
    ses_max_send_rate: float = 1.0
    email_send_seconds: float = 0.15
    # Lambda sizing.
    api_memory_mb: int = 1024
    worker_memory_mb: int = 512
    api_timeout_seconds: int = 29
    worker_timeout_seconds: int = 60
    # Optional warm throughput for the table (reads/writes per second), set before election day.
    table_warm_reads: int | None = None
    table_warm_writes: int | None = None
    # Optional custom domain for the web distribution (certificate must be in us-east-1).
    web_domain_name: str | None = None
    web_certificate_arn: str | None = None
    # Optional address subscribed to the operator topic (alarms).
    operator_email: str | None = None
    # API Gateway logs through one account-wide role: exactly one stack per account/region sets it.
    manage_api_gateway_account: bool = True
    # Origins allowed to upload photos with presigned URLs besides the distribution's own domain.
    extra_upload_origins: tuple[str, ...] = field(default_factory=tuple)
    # SMS lookup (docs/deploy.md): a number the stack leases (SIMULATOR, LONG_CODE, TOLL_FREE, TEN_DLC) in
    # sms_iso_country, or the ARN of an identity obtained outside the stack (a registered short code).
    sms_number_type: str | None = None
    sms_iso_country: str = "MX"
    sms_origination_identity: str | None = None

    @property
    def prefix(self) -> str:
        """Resource name prefix fixed by the runtime: decide-<stage>-..."""
        return f"decide-{self.stage}"

    @property
    def stack_name(self) -> str:
        return f"decide-{self.stage}"

    def email_consumer_concurrency(self, share: float) -> int:
        """Concurrent executions one email consumer may use for `share` of the SES sending rate.

        One execution sends about 1 / email_send_seconds emails per second, so it takes
        rate × share × seconds executions to use that share. SQS event sources need at least 2.
        """
        return max(2, math.floor(self.ses_max_send_rate * share * self.email_send_seconds))


DEFAULTS: dict[str, dict[str, Any]] = {
    # dev: an SMS simulator number (US only; it answers simulator destination numbers, no carrier).
    "dev": {"sms_number_type": "SIMULATOR", "sms_iso_country": "US"},
    "prod": {
        "retain_data": True,
        "deletion_protection": True,
        "log_retention_days": 365,
        "api_throttle_rate": 2000,
        "api_throttle_burst": 1000,
        "api_cache_enabled": True,
        "api_cache_size_gb": "1.6",
        "waf_rate_limit_per_ip": 6000,
        "waf_write_rate_limit_per_ip": 300,
        # Initial production quota of a new SES account in most regions; raise before election day.
        "ses_max_send_rate": 14.0,
    },
}

_STAGE_NAME = re.compile(r"^[a-z][a-z0-9]{1,9}$")


def _coerce(kind: Any, value: Any) -> Any:
    """Context from the command line arrives as strings; turn it into the field's type."""
    if not isinstance(value, str):
        return tuple(value) if isinstance(value, list) else value
    text = value.strip()
    kind_text = str(kind)
    if kind_text.startswith("bool"):
        return text.lower() in {"1", "true", "yes", "on"}
    if kind_text.startswith("int"):
        return None if text.lower() in {"", "none"} else int(text)
    if kind_text.startswith("float"):
        return float(text)
    if kind_text.startswith("tuple"):
        return tuple(part.strip() for part in text.split(",") if part.strip())
    if "None" in kind_text and text.lower() in {"", "none"}:
        return None
    return text


def stage_config(stage: str, context: Callable[[str], Any]) -> StageConfig:
    """The settings of one stage: code defaults, then `<stage>` context object, then `<stage>.<field>`."""
    if not _STAGE_NAME.match(stage):
        raise ValueError(f"invalid stage name {stage!r}")
    values: dict[str, Any] = dict(DEFAULTS.get(stage, {}))
    block = context(stage)
    if isinstance(block, Mapping):
        values.update(block)
    fields = {f.name: f for f in dataclasses.fields(StageConfig) if f.name != "stage"}
    for name in fields:
        single = context(f"{stage}.{name}")
        if single is not None:
            values[name] = single
    unknown = set(values) - set(fields)
    if unknown:
        raise ValueError(f"unknown settings for stage {stage}: {sorted(unknown)}")
    coerced = {name: _coerce(fields[name].type, value) for name, value in values.items()}
    return StageConfig(stage=stage, **coerced)


def selected_stages(context: Callable[[str], Any]) -> list[str]:
    """Stages to synthesize: context `stage` is one stage, a comma-separated list, or `all`."""
    raw = str(context("stage") or "dev")
    if raw == "all":
        return list(STAGES)
    return [part.strip() for part in raw.split(",") if part.strip()]
