"""Route registration: validation, one call, a response model, caching and error mapping.

`HttpApi.route(...)` registers a Chalice route and records it as an OpenAPI operation, so the
published contract is generated from the same table the app serves. The wrapper:

1. authenticates the caller when the route names roles (401 without a valid token, 403 for a
   role the route does not allow),
2. validates the query string and the JSON body with the route's pydantic models (400 naming
   each field; 413 over the size limit; 415 for a body that is not JSON),
3. calls the handler with `query`, `body`, `principal`, `idempotency_key` and the path
   parameters it asked for (`principal` only when its signature names it: authentication and the
   role check happen for every route with roles either way),
4. serializes the returned model, with a strong ETag (304 on `If-None-Match`) and
   `Cache-Control` for public GETs, and maps every error in `error_mapping`.

Routes are registered through groups (`api.group(tag=..., errors=..., roles=...)`): the group's tag
and common errors (and roles, unless a route names its own) apply to every route of the group.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import re
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aws_lambda_powertools.metrics import MetricUnit
from chalice.app import Chalice, CORSConfig, Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from chalicelib.api import error_mapping
from chalicelib.api.bodies import MAX_BODY_BYTES, parse_json_body
from chalicelib.auth.principal import ForbiddenError, Principal, Role, SecondFactorRequiredError
from chalicelib.errors import DecideError
from chalicelib.messages import text
from chalicelib.observability import logger, metrics

PATH_PARAM = re.compile(r"{([a-z_]+)}")
# In AWS the web front calls the API on its own origin (the distribution's /v1/*); locally (`make run`)
# and for other sites' scripts it is another origin: it sends Idempotency-Key (proposal retries) and
# X-Correlation-Id besides Chalice's default headers, so the preflight must allow them.
CORS = CORSConfig(allow_origin="*", allow_headers=["Idempotency-Key", "X-Correlation-Id"], max_age=600)
Authenticate = Callable[[str | None], Principal]


# The viewer's address as the web distribution saw it: a CloudFront Function sets it on every request to
# /v1/* (overwriting what a viewer sent), and the API's WAF blocks every request that did not come through
# the distribution (infrastructure/decide_infra/web.py). Behind CloudFront, API Gateway's source address is
# an edge server's, shared by thousands of people. Locally (no CloudFront) the source address is used.
VIEWER_ADDRESS_HEADER = "x-decide-viewer-ip"

JSON_MEDIA_TYPE = "application/json; charset=utf-8"
# A shared cache (CloudFront) may keep answering a public GET from its copy this long while the API
# fails (RFC 5861): a lookup still answers during a backend outage on election day (issue 11).
STALE_IF_ERROR_SECONDS = 86400


class PlainText(BaseModel):
    """The result of a route that serves text in its own media type (e.g. an iCalendar feed)."""

    body: str


class BinaryBody(BaseModel):
    """The result of a route that serves bytes in its own media type (e.g. a PDF)."""

    content: bytes


class Redirect(BaseModel):
    """The result of a route that answers with the address of a stored file (its `status`, e.g. 302)."""

    location: str


class NoQuery(BaseModel):
    """The query of a route that takes no parameters: any parameter is refused by name."""

    model_config = ConfigDict(extra="forbid")


class IdempotencyHeader(BaseModel):
    """An Idempotency-Key is a visible-ASCII token (a UUID from the web front); control characters
    or spaces (e.g. an injected header) are refused, not truncated or stored."""

    key: str | None = Field(default=None, alias="Idempotency-Key", pattern=r"^[\x21-\x7e]{1,128}$")


@dataclass
class Operation:
    """One route as served and as published. Its models are the handler's annotations (`-> Model`,
    `body: Model`, `query: Model`), read on the route's first call or when the OpenAPI document is
    built, so registering a route imports none of its modules (issue 11's cold start); a model given
    to `route(...)` explicitly is used as is."""

    method: str
    path: str
    operation_id: str
    summary: str
    tag: str
    handler: Callable[..., Any] | None = None
    explicit_response: type[BaseModel] | None = None
    explicit_query: type[BaseModel] | None = None
    explicit_body: type[BaseModel] | None = None
    has_query: bool = False
    has_body: bool = False
    roles: frozenset[Role] | None = None
    errors: tuple[int, ...] = ()
    status: int = 200
    cacheable: bool = True
    idempotent: bool = False
    path_params: tuple[str, ...] = field(default=())
    media_type: str = JSON_MEDIA_TYPE
    # A body field that may also be sent as the whole request with `Content-Type: text/csv`.
    csv_field: str | None = None
    max_body_bytes: int = MAX_BODY_BYTES
    # The body may also come form-encoded (an HTML form, RFC 8058's one-click POST).
    form_body: bool = False
    _models: dict[str, Any] | None = field(default=None, repr=False, compare=False)

    def _resolved(self) -> dict[str, Any]:
        if self._models is None:
            hints: dict[str, Any] = {}
            missing = (
                self.explicit_response is None
                or (self.has_query and self.explicit_query is None)
                or (self.has_body and self.explicit_body is None)
            )
            if missing and self.handler is not None:
                hints = typing.get_type_hints(self.handler)
            models = {
                "response": self.explicit_response or hints.get("return"),
                "query": (self.explicit_query or hints.get("query")) if self.has_query else None,
                "body": (self.explicit_body or hints.get("body")) if self.has_body else None,
            }
            for role, model in models.items():
                wanted = role == "response" or getattr(self, f"has_{role}")
                if wanted and not (isinstance(model, type) and issubclass(model, BaseModel)):
                    raise TypeError(f"{self.operation_id}: its {role} must be annotated with a pydantic model")
            self._models = models
        return self._models

    @property
    def response(self) -> type[BaseModel]:
        model: type[BaseModel] = self._resolved()["response"]
        return model

    @property
    def query(self) -> type[BaseModel] | None:
        model: type[BaseModel] | None = self._resolved()["query"]
        return model

    @property
    def body(self) -> type[BaseModel] | None:
        model: type[BaseModel] | None = self._resolved()["body"]
        return model


def strong_etag(body: str | bytes) -> str:
    data = body if isinstance(body, bytes) else body.encode()
    return '"' + hashlib.sha256(data).hexdigest()[:40] + '"'


def _opaque_tag(tag: str) -> str:
    return tag[2:] if tag.startswith("W/") else tag


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """If-None-Match uses the weak comparison (RFC 9110 13.1.2): W/"x" matches "x"; proxies that
    compress (CloudFront, nginx) weaken our strong ETags before the browser sends them back."""
    if not if_none_match:
        return False
    candidates = [c.strip() for c in if_none_match.split(",")]
    return "*" in candidates or _opaque_tag(etag) in {_opaque_tag(c) for c in candidates}


class HttpApi:
    def __init__(self, app: Chalice, *, cache_seconds: Callable[[], int], authenticate: Authenticate) -> None:
        self.app = app
        self.operations: list[Operation] = []
        self._cache_seconds = cache_seconds
        self._authenticate = authenticate

    def get(self, path: str, **options: Any) -> Callable[[Callable[..., BaseModel]], Callable[..., Response]]:
        return self.route("GET", path, **options)

    def group(self, *, tag: str, errors: tuple[int, ...] = (), roles: frozenset[Role] | None = None) -> RouteGroup:
        """Routes sharing an OpenAPI tag, and optionally common error statuses and roles."""
        return RouteGroup(self, tag=tag, errors=errors, roles=roles)

    def route(
        self,
        method: str,
        path: str,
        *,
        summary: str,
        response: type[BaseModel] | None = None,
        tag: str,
        query: type[BaseModel] | None = None,
        body: type[BaseModel] | None = None,
        roles: frozenset[Role] | None = None,
        errors: tuple[int, ...] = (),
        status: int = 200,
        idempotent: bool = False,
        metric: str | None = None,
        cacheable: bool | None = None,
        media_type: str = JSON_MEDIA_TYPE,
        csv_field: str | None = None,
        max_body_bytes: int = MAX_BODY_BYTES,
        form_body: bool = False,
    ) -> Callable[[Callable[..., BaseModel]], Callable[..., Response]]:
        """Register a route. `roles=None` is public; an empty set admits any signed-in user.

        Public GETs are cacheable unless `cacheable=False`; anything else never is. A route with
        another `media_type` returns `PlainText` (or `BinaryBody`), served as is (errors are still JSON).
        `response`, `query` and `body` default to the handler's annotations, read on first use: leave
        them out so that registering the route imports nothing (tests/unit/test_cold_start_imports.py)."""

        def register(handler: Callable[..., BaseModel]) -> Callable[..., Response]:
            wanted = set(inspect.signature(handler).parameters)
            if "principal" in wanted and roles is None:
                raise TypeError(f"{handler.__name__}: a public route has no principal to inject")
            has_body = body is not None or "body" in wanted
            implied = {400}
            if roles is not None:
                implied |= {401, 403}
            if has_body:
                implied |= {413, 415}
            operation = Operation(
                method=method.lower(),
                path=path,
                operation_id=handler.__name__,
                summary=summary,
                tag=tag,
                handler=handler,
                explicit_response=response,
                explicit_query=query,
                explicit_body=body,
                has_query=query is not None or "query" in wanted,
                has_body=has_body,
                roles=roles,
                errors=tuple(sorted({*errors, *implied})),
                status=status,
                cacheable=method == "GET" and roles is None and cacheable is not False,
                idempotent=idempotent,
                path_params=tuple(PATH_PARAM.findall(path)),
                media_type=media_type,
                csv_field=csv_field,
                max_body_bytes=max_body_bytes,
                form_body=form_body,
            )
            self.operations.append(operation)

            @functools.wraps(handler)
            def view(**path_params: str) -> Response:
                return self._serve(operation, handler, wanted, metric, path_params)

            # Chalice would answer a non-JSON Content-Type with its own 415 body before `view` runs;
            # admitting any type lets `parse_json_body` refuse it in our error format, naming the field.
            content_types = ["*/*"] if has_body else ["application/json"]
            self.app.route(path, methods=[method], cors=CORS, content_types=content_types)(view)
            return view

        return register

    def _serve(
        self,
        operation: Operation,
        handler: Callable[..., BaseModel],
        wanted: set[str],
        metric: str | None,
        path_params: dict[str, str],
    ) -> Response:
        request = self.app.current_request
        assert request is not None
        headers = {k.lower(): v for k, v in (request.headers or {}).items()}
        logger.set_correlation_id(headers.get("x-correlation-id") or request.context.get("requestId"))
        try:
            kwargs: dict[str, Any] = {k: v for k, v in path_params.items() if k in wanted}
            if operation.roles is not None:
                principal = self._authenticate(headers.get("authorization"))
                if operation.roles and not principal.has_any(operation.roles):
                    raise ForbiddenError(text("auth.forbidden"), {"roles": sorted(operation.roles)})
                if operation.roles and principal.needs_second_factor(operation.roles):
                    raise SecondFactorRequiredError(text("auth.mfa_required"))
                if "principal" in wanted:
                    kwargs["principal"] = principal
            query = (operation.query or NoQuery).model_validate(dict(request.query_params or {}))
            if operation.query is not None:
                kwargs["query"] = query
            if operation.body is not None:
                raw = parse_json_body(
                    request.raw_body,
                    headers.get("content-type"),
                    csv_field=operation.csv_field,
                    max_bytes=operation.max_body_bytes,
                    form=operation.form_body,
                )
                kwargs["body"] = operation.body.model_validate(raw)
            if "client" in wanted:
                # Who is asking, for per-client attempt counters: the distribution's viewer address, else
                # API Gateway's source address (never X-Forwarded-For, whose first entries the caller writes).
                source = str((request.context.get("identity") or {}).get("sourceIp") or "")
                kwargs["client"] = headers.get(VIEWER_ADDRESS_HEADER) or source
            if operation.idempotent:
                kwargs["idempotency_key"] = IdempotencyHeader.model_validate(
                    {"Idempotency-Key": headers.get("idempotency-key")}
                ).key
            result = handler(**kwargs)
            response = self._ok(operation, result, headers.get("if-none-match"))
            if metric:
                metrics.add_metric(name=metric, unit=MetricUnit.Count, value=1)
        except ValidationError as exc:
            response = error_mapping.from_validation_error(exc)
        except DecideError as exc:
            response = error_mapping.from_domain_error(exc)
        except Exception:  # the edge never leaks a traceback
            logger.exception("unhandled error", extra={"path": operation.path})
            response = error_mapping.internal_error()
        if response.status_code >= 400:
            kind = "ServerErrors" if response.status_code >= 500 else "ClientErrors"
            metrics.add_metric(name=kind, unit=MetricUnit.Count, value=1)
        if metrics.metric_set:
            metrics.flush_metrics()
        return response

    def _ok(self, operation: Operation, result: BaseModel, if_none_match: str | None) -> Response:
        body: str | bytes
        if isinstance(result, Redirect):
            seconds = self._cache_seconds() if operation.cacheable else 0
            cache = f"public, max-age={seconds}" if seconds else "no-cache"
            return Response(
                body="", status_code=operation.status, headers={"Location": result.location, "Cache-Control": cache}
            )
        if isinstance(result, BinaryBody):
            body = result.content
        else:
            body = result.body if isinstance(result, PlainText) else result.model_dump_json()
        headers: dict[str, str | list[str]] = {"Content-Type": operation.media_type}
        if not operation.cacheable:
            headers["Cache-Control"] = "private, no-store"
            return Response(body=body, status_code=operation.status, headers=headers)
        etag = strong_etag(body)
        seconds = self._cache_seconds()
        headers["ETag"] = etag
        headers["Cache-Control"] = (
            f"public, max-age={seconds}, stale-while-revalidate={seconds}, stale-if-error={STALE_IF_ERROR_SECONDS}"
            if seconds
            else "no-cache"
        )
        if etag_matches(if_none_match, etag):
            return Response(body=body[:0], status_code=304, headers=headers)
        return Response(body=body, status_code=200, headers=headers)


@dataclass(frozen=True)
class RouteGroup:
    """Routes registered with one tag; `errors` are added to each route's own, and `roles` apply to
    each route that names none (a route may still pass `roles=None` to be public)."""

    api: HttpApi
    tag: str
    errors: tuple[int, ...] = ()
    roles: frozenset[Role] | None = None

    def route(
        self, method: str, path: str, **options: Any
    ) -> Callable[[Callable[..., BaseModel]], Callable[..., Response]]:
        if "tag" in options:
            raise TypeError(f"{path}: the tag is the group's ({self.tag})")
        if "roles" not in options:
            options["roles"] = self.roles
        errors = tuple(sorted({*self.errors, *options.pop("errors", ())}))
        return self.api.route(method, path, tag=self.tag, errors=errors, **options)

    def get(self, path: str, **options: Any) -> Callable[[Callable[..., BaseModel]], Callable[..., Response]]:
        return self.route("GET", path, **options)
