"""Stage settings from CDK context (no synthesis)."""

from __future__ import annotations

from typing import Any

import pytest
from decide_infra.config import StageConfig, selected_stages, stage_config


def context(values: dict[str, Any]) -> Any:
    return values.get


def test_prod_defaults_keep_data_and_cache() -> None:
    prod = stage_config("prod", context({}))
    dev = stage_config("dev", context({}))
    assert prod.retain_data and prod.deletion_protection and prod.api_cache_enabled
    assert not (dev.retain_data or dev.deletion_protection or dev.api_cache_enabled)
    assert prod.prefix == "decide-prod" and prod.stack_name == "decide-prod"


def test_context_overrides_a_stage_from_strings_and_objects() -> None:
    config = stage_config(
        "prod",
        context(
            {"prod": {"waf_rate_limit_per_ip": 9000}, "prod.ses_max_send_rate": "50", "prod.api_cache_enabled": "false"}
        ),
    )
    assert config.waf_rate_limit_per_ip == 9000
    assert config.ses_max_send_rate == 50.0
    assert config.api_cache_enabled is False


def test_unknown_settings_and_bad_stage_names_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown settings"):
        stage_config("dev", context({"dev": {"no_such_thing": 1}}))
    with pytest.raises(ValueError, match="invalid stage"):
        stage_config("Prod!", context({}))


def test_stage_selection() -> None:
    assert selected_stages(context({})) == ["dev"]
    assert selected_stages(context({"stage": "all"})) == ["dev", "prod"]
    assert selected_stages(context({"stage": "prod"})) == ["prod"]


def test_email_concurrency_never_below_the_sqs_minimum() -> None:
    assert StageConfig(stage="dev", ses_max_send_rate=1).email_consumer_concurrency(0.5) == 2
    assert StageConfig(stage="dev", ses_max_send_rate=100, email_send_seconds=0.2).email_consumer_concurrency(0.5) == 10
