"""Every error the platform can raise reaches the caller with a deliberate status, never a 500.

Walks every module of chalicelib, collects each `DecideError` subclass and checks that it belongs to
exactly one category that the HTTP map knows. A new error class that subclasses `DecideError` directly
(or nothing the map knows) fails here, before it can answer a 500 in production.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import chalicelib
from chalicelib import errors
from chalicelib.api.error_mapping import STATUS_BY_CATEGORY, from_domain_error, status_of
from chalicelib.errors import DecideError

CATEGORIES = {
    value
    for value in vars(errors).values()
    if inspect.isclass(value) and issubclass(value, DecideError) and value.__module__ == errors.__name__
} - {DecideError, errors.InvalidFieldsError}


def _every_error_class() -> list[type[DecideError]]:
    for module in pkgutil.walk_packages(chalicelib.__path__, prefix="chalicelib."):
        importlib.import_module(module.name)
    found: set[type[DecideError]] = set()
    pending = [DecideError]
    while pending:
        for sub in pending.pop().__subclasses__():
            if sub.__module__.startswith("chalicelib.") and sub not in found:
                found.add(sub)
                pending.append(sub)
    return sorted(found - CATEGORIES, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


ERRORS = _every_error_class()


def test_the_walk_finds_the_platform_errors() -> None:
    names = {cls.__name__ for cls in ERRORS}
    assert {"ProposalNotFoundError", "PhaseClosedError", "StorageError", "InvalidCredentialsError"} <= names
    assert len(ERRORS) >= 50


def test_every_category_has_a_status() -> None:
    assert set(STATUS_BY_CATEGORY) | {errors.PhaseClosed} == CATEGORIES


@pytest.mark.parametrize("error_class", ERRORS, ids=lambda cls: cls.__name__)
def test_every_error_maps_to_a_deliberate_status(error_class: type[DecideError]) -> None:
    error = error_class.__new__(error_class)
    DecideError.__init__(error, "Mensaje de prueba.")
    status = status_of(error)
    assert status != 500, f"{error_class.__qualname__} subclasses no category of chalicelib/errors.py"
    assert 400 <= status < 600
    categories = [kind for kind in error_class.__mro__ if kind in STATUS_BY_CATEGORY]
    assert len({STATUS_BY_CATEGORY[kind] for kind in categories}) == 1, "an error belongs to one category"


def test_the_response_carries_the_code_and_the_spanish_message() -> None:
    from chalicelib.proposals.service import ProposalNotFoundError

    response = from_domain_error(ProposalNotFoundError("No encontramos esa propuesta."))
    assert response.status_code == 404
    assert '"code":"proposal_not_found"' in response.body
    assert "No encontramos esa propuesta." in response.body


def test_an_error_outside_the_categories_would_be_a_500() -> None:
    class Forgotten(DecideError):
        code = "forgotten"

    assert status_of(Forgotten("x")) == 500
