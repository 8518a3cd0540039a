"""The web front's address in links (issue 11): WEB_BASE_URL wins; else the SSM parameter the stack
writes after the distribution exists, read once per container; a clear 503 when it cannot be read."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from chalicelib.adapters.parameters import PARAMETERS, ParameterUnavailableError
from chalicelib.errors import Unavailable
from chalicelib.settings import LOCAL_WEB_BASE_URL, Settings

NAME = "/decide-dev/web-base-url"
DISTRIBUTION = "https://d111111abcdef8.cloudfront.net"


class CountingClient:
    """Parameter Store's GetParameter, counted; `missing` answers like SSM for an unknown name."""

    def __init__(self, value: str | None) -> None:
        self.value = value
        self.calls = 0

    def get_parameter(self, Name: str) -> dict[str, Any]:
        from botocore.exceptions import ClientError

        self.calls += 1
        if self.value is None:
            raise ClientError({"Error": {"Code": "ParameterNotFound", "Message": Name}}, "GetParameter")
        return {"Parameter": {"Name": Name, "Value": self.value}}


@pytest.fixture
def ssm() -> Iterator[CountingClient]:
    client = CountingClient(DISTRIBUTION)
    original = PARAMETERS._client_factory
    PARAMETERS.use_client_factory(lambda: client)
    PARAMETERS.forget()
    yield client
    PARAMETERS.use_client_factory(original)
    PARAMETERS.forget()


def _boto3_ssm() -> Any:
    return boto3.client("ssm", region_name="us-east-1")


def _settings(**environ: str) -> Settings:
    return Settings.from_environ({"TABLE_NAME": "decide-dev", **environ})


def test_web_base_url_from_the_environment_wins_and_reads_no_parameter(ssm: CountingClient) -> None:
    settings = _settings(WEB_BASE_URL="https://decide.example.org", WEB_BASE_URL_PARAMETER=NAME)
    assert settings.web_base_url == "https://decide.example.org"
    assert ssm.calls == 0
    assert _settings().web_base_url == LOCAL_WEB_BASE_URL  # the local front when nothing is configured
    assert Settings(table_name="decide-dev", web_base_url="https://x.example").web_base_url == "https://x.example"


def test_the_parameter_is_read_once_per_container(ssm: CountingClient) -> None:
    first = _settings(WEB_BASE_URL_PARAMETER=NAME, PHOTOS_BUCKET="decide-dev-photos")
    assert ssm.calls == 0  # nothing is read until a link is built (no cold-start cost)
    links = [first.web_base_url for _ in range(5)]
    second = _settings(WEB_BASE_URL_PARAMETER=NAME)  # a new Settings in the same container
    links.append(second.web_base_url)
    assert links == [DISTRIBUTION] * 6
    assert ssm.calls == 1
    # The distribution serves /photos/*, so the API's photo links follow the web address.
    assert first.photos_url == DISTRIBUTION
    assert ssm.calls == 1


def test_an_unreadable_parameter_is_a_clear_503_and_is_asked_again(ssm: CountingClient) -> None:
    ssm.value = None
    settings = _settings(WEB_BASE_URL_PARAMETER=NAME)
    with pytest.raises(ParameterUnavailableError) as caught:
        _ = settings.web_base_url
    assert isinstance(caught.value, Unavailable)  # mapped to 503 by category
    assert caught.value.code == "parameter_unavailable"
    assert "enlaces" in caught.value.message and NAME not in caught.value.message  # es-MX, no internal name
    ssm.value = DISTRIBUTION  # the stack wrote it meanwhile: the next link works, no restart needed
    assert settings.web_base_url == DISTRIBUTION
    assert ssm.calls == 2


def test_the_adapter_reads_parameter_store_through_boto3() -> None:
    with mock_aws():
        boto3.client("ssm", region_name="us-east-1").put_parameter(Name=NAME, Value=DISTRIBUTION, Type="String")
        original = PARAMETERS._client_factory
        PARAMETERS.use_client_factory(_boto3_ssm)
        try:
            assert _settings(WEB_BASE_URL_PARAMETER=NAME).web_base_url == DISTRIBUTION
            with pytest.raises(ParameterUnavailableError):
                _ = _settings(WEB_BASE_URL_PARAMETER="/decide-dev/missing").web_base_url
        finally:
            PARAMETERS.use_client_factory(original)
            PARAMETERS.forget()
