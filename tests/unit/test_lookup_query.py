"""'Who is running where I vote?' takes exactly one place: a section, a municipality or a district."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from chalicelib.elections.lookup import LookupQuery
from chalicelib.messages import text


def error_fields(error: ValidationError) -> list[str]:
    return [".".join(str(p) for p in e["loc"]) for e in error.errors()]


@pytest.mark.parametrize(
    "params",
    [{"section": "4567"}, {"municipality": "33"}, {"municipality": "033"}, {"district": "12"}],
)
def test_one_place_is_enough_to_look_up_ballots(params: dict[str, str]) -> None:
    # given query-string values (always strings) naming one place
    # when the query is validated
    query = LookupQuery.model_validate(params)
    # then it is accepted and the numbers are numbers
    ((name, value),) = params.items()
    assert getattr(query, name) == (value if name == "municipality" else int(value))
    assert query.process is None


def test_a_process_can_narrow_the_lookup() -> None:
    query = LookupQuery.model_validate({"section": "1", "process": "2021-ord"})
    assert query.process == "2021-ord"


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"process": "2021-ord"},
        {"section": "1", "municipality": "1"},
        {"section": "1", "district": "1"},
        {"municipality": "1", "district": "1"},
        {"section": "1", "municipality": "1", "district": "1"},
    ],
)
def test_no_place_or_more_than_one_place_is_refused_with_a_spanish_message(params: dict[str, Any]) -> None:
    # when zero or several place criteria are given
    with pytest.raises(ValidationError) as caught:
        LookupQuery.model_validate(params)
    # then the citizen is told, in Spanish, to give exactly one
    assert text("lookup_one_criterion") in str(caught.value)
    assert "exactamente uno" in text("lookup_one_criterion")


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"section": "0"}, "section"),
        ({"section": "100000"}, "section"),
        ({"section": "-3"}, "section"),
        ({"section": "abc"}, "section"),
        ({"section": "12.5"}, "section"),
        ({"district": "0"}, "district"),
        ({"district": "100"}, "district"),
        ({"municipality": "1234"}, "municipality"),
        ({"municipality": "ecatepec"}, "municipality"),
        ({"municipality": ""}, "municipality"),
    ],
)
def test_out_of_bounds_or_malformed_places_are_refused_naming_the_field(params: dict[str, str], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        LookupQuery.model_validate(params)
    assert field in error_fields(caught.value)


@pytest.mark.parametrize(("params", "expected"), [({"section": "99999"}, 99999), ({"section": "1"}, 1)])
def test_section_bounds_are_inclusive(params: dict[str, str], expected: int) -> None:
    assert LookupQuery.model_validate(params).section == expected


@pytest.mark.parametrize("value", ["1", "99"])
def test_district_bounds_are_inclusive(value: str) -> None:
    assert LookupQuery.model_validate({"district": value}).district == int(value)


@pytest.mark.parametrize("process", ["2021-ord", "2022-ext-atlautla", "ab"])
def test_well_formed_process_ids_are_accepted(process: str) -> None:
    assert LookupQuery.model_validate({"district": "5", "process": process}).process == process


@pytest.mark.parametrize("process", ["", "a", "2021_ord", "2021-ORD", "-2021", "2021.ord", "x" * 42, "2021 ord"])
def test_malformed_process_ids_are_refused(process: str) -> None:
    with pytest.raises(ValidationError) as caught:
        LookupQuery.model_validate({"district": "5", "process": process})
    assert "process" in error_fields(caught.value)


@pytest.mark.parametrize("extra", ["seccion", "page", "callback"])
def test_unknown_parameters_are_refused_by_name(extra: str) -> None:
    # when a parameter the lookup does not know is sent (e.g. a Spanish spelling)
    with pytest.raises(ValidationError) as caught:
        LookupQuery.model_validate({"section": "1", extra: "2"})
    # then it is named, not silently ignored
    assert extra in error_fields(caught.value)
    assert caught.value.errors()[0]["type"] == "extra_forbidden"


def test_a_query_cannot_be_changed_after_validation() -> None:
    query = LookupQuery.model_validate({"section": "1"})
    with pytest.raises(ValidationError):
        query.section = 2  # type: ignore[misc]
