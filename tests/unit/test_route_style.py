"""One service style (issue 18): every route of app.py is one `deps().<service>.<verb>(...)` call
(optionally wrapped in PlainText/BinaryBody/Redirect/Response), takes its tag from its route group,
declares `principal` only when it uses it, and names role sets from chalicelib/auth/principal.py.

Every event handler (schedules, SNS/SQS consumers, stream handlers: `@app.schedule`, `@app.on_*`,
`@app.lambda_function`) is the same: the Chalice event parsed into the service's input (`event.to_dict()`,
`Model.from_sns(...)`, `lambda_inputs.time_left(event)`), one `return deps().<service>.<verb>(...)`,
optionally reported as `.model_dump()`; no second `deps()`, no object built in place, no lambda.

A failure names the handler. The fix: give the work a verb on a service of `Dependencies` (the
service owns its store, clock and settings: chalicelib/dependencies.py), register the route through
its group (`<tag>_routes.route(...)`, no `tag=`), drop an unused `principal`, and import role sets.
A handler's report shape (a dict for the Lambda) is the service's result or its model's `model_dump()`.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WRAPPERS = {"PlainText", "BinaryBody", "Redirect", "Response"}
ROUTE_METHODS = {"route", "get"}
EVENT_DECORATORS = {
    "schedule",
    "on_sns_message",
    "on_sqs_message",
    "on_dynamodb_record",
    "on_kinesis_record",
    "on_s3_event",
    "on_cw_event",
    "lambda_function",
}
REPORTS = {"model_dump"}  # how a handler may turn its service's typed result into the Lambda's answer


def _is_deps(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "deps" and not node.args


def _callee(node: ast.Call) -> str:
    return (
        node.func.id
        if isinstance(node.func, ast.Name)
        else node.func.attr
        if isinstance(node.func, ast.Attribute)
        else ""
    )


def wiring(nodes: list[ast.AST]) -> list[str]:
    """What `nodes` build in place instead of leaving to a service: objects (`CapitalName(...)`) and
    functions (`lambda`). Parsing the event into a typed input (`Model.from_sns(...)`) is not building."""
    found = []
    for node in nodes:
        for inner in ast.walk(node):
            if isinstance(inner, ast.Call) and _callee(inner)[:1].isupper():
                found.append(f"constructs `{ast.unparse(inner.func)}(...)`")
            if isinstance(inner, ast.Lambda):
                found.append(f"builds a function in place (`{ast.unparse(inner)}`)")
    return found


def _is_service_call(node: ast.AST) -> bool:
    """`deps().<service>.<verb>(args)` whose arguments neither reach into `deps()` nor build anything."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return False
    service = node.func.value
    if not (isinstance(service, ast.Attribute) and _is_deps(service.value)):
        return False
    arguments: list[ast.AST] = [*node.args, *(k.value for k in node.keywords)]
    return not any(_is_deps(inner) for argument in arguments for inner in ast.walk(argument)) and not wiring(arguments)


def _is_one_call(node: ast.AST) -> bool:
    if _is_service_call(node):
        return True
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in WRAPPERS:
        inner = [*node.args, *(k.value for k in node.keywords)]
        return len(inner) == 1 and _is_service_call(inner[0])
    return False


def _route_decorator(function: ast.FunctionDef) -> ast.Call | None:
    for decorator in function.decorator_list:
        if (
            isinstance(decorator, ast.Call)
            and isinstance(decorator.func, ast.Attribute)
            and decorator.func.attr in ROUTE_METHODS
            and isinstance(decorator.func.value, ast.Name)
            and (decorator.func.value.id == "api" or decorator.func.value.id.endswith("_routes"))
        ):
            return decorator
    return None


def violations(source: str) -> list[str]:
    """Each route handler of `source` that breaks the style, with why."""
    found = []
    for function in ast.parse(source).body:
        if not isinstance(function, ast.FunctionDef):
            continue
        decorator = _route_decorator(function)
        if decorator is None:
            continue
        name = function.name
        body = function.body
        if not (len(body) == 1 and isinstance(body[0], ast.Return) and body[0].value and _is_one_call(body[0].value)):
            found.append(f"{name}: its body is not one `return deps().<service>.<verb>(...)`")
        if any(k.arg == "tag" for k in decorator.keywords):
            found.append(f"{name}: passes `tag=` (the tag is its route group's)")
        if ast.unparse(decorator.func).startswith("api."):
            found.append(f"{name}: registered on `api` directly, not through a route group")
        parameters = {a.arg for a in function.args.args}
        used = {n.id for statement in body for n in ast.walk(statement) if isinstance(n, ast.Name)}
        if "principal" in parameters and "principal" not in used:
            found.append(f"{name}: declares `principal` and never uses it")
    return found


def _event_decorator(function: ast.FunctionDef) -> ast.Call | None:
    for decorator in function.decorator_list:
        if (
            isinstance(decorator, ast.Call)
            and isinstance(decorator.func, ast.Attribute)
            and decorator.func.attr in EVENT_DECORATORS
            and isinstance(decorator.func.value, ast.Name)
            and decorator.func.value.id == "app"
        ):
            return decorator
    return None


def _is_report(node: ast.AST) -> bool:
    """The service call, or its typed result reported: `deps().<service>.<verb>(...).model_dump()`."""
    if _is_service_call(node):
        return True
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in REPORTS
        and not node.args
        and not node.keywords
        and _is_service_call(node.func.value)
    )


def handler_violations(source: str) -> list[str]:
    """Each event handler of `source` (schedule, SNS/SQS consumer, stream handler) off the style, with why."""
    found = []
    for function in ast.parse(source).body:
        if not isinstance(function, ast.FunctionDef) or _event_decorator(function) is None:
            continue
        name = function.name
        body = function.body
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            body = body[1:]  # a docstring
        uses = sum(1 for statement in body for node in ast.walk(statement) if _is_deps(node))
        if uses != 1:
            found.append(f"{name}: makes {uses} service calls (`deps()` {uses} times), not one")
        found.extend(f"{name}: {what}" for what in wiring(list(body)))
        if not (len(body) == 1 and isinstance(body[0], ast.Return) and body[0].value and _is_report(body[0].value)):
            found.append(f"{name}: its body is not one `return deps().<service>.<verb>(...)` (or its `.model_dump()`)")
    return found


def role_set_literals(source: str) -> list[str]:
    """Role sets written in place (`frozenset(...)`, `Role.X`) instead of named from auth/principal.py."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "frozenset":
            found.append(f"line {node.lineno}: frozenset(...)")
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "Role":
            found.append(f"line {node.lineno}: Role.{node.attr}")
    return found


def test_every_route_is_one_service_call_in_a_group_with_principal_only_where_used() -> None:
    found = violations((ROOT / "app.py").read_text())
    assert found == [], "routes off the house style (see this file's docstring):\n" + "\n".join(found)


def test_every_event_handler_is_one_service_call_that_builds_nothing() -> None:
    source = (ROOT / "app.py").read_text()
    handlers = [f for f in ast.parse(source).body if isinstance(f, ast.FunctionDef) and _event_decorator(f)]
    assert len(handlers) >= 12  # the schedules, the queue and SNS consumers, the two stream handlers
    found = handler_violations(source)
    assert found == [], "event handlers off the house style (see this file's docstring):\n" + "\n".join(found)


def test_the_handler_rule_sees_each_kind_of_violation() -> None:
    # given handlers that wire their own dependencies, build objects, shape a report, pass a lambda
    source = """
@app.on_dynamodb_record(stream_arn=ARN, batch_size=100, name="a")
def wires_itself(event: DynamoDBEvent) -> dict[str, Any]:
    return events_relay.relay_stream_batch(event.to_dict(), deps().publisher, deps().tallies)

@app.on_sns_message(topic=TOPIC, name="b")
def builds_a_store(event: SNSEvent) -> list[str]:
    return deps().email_feedback.record(event.message, NoticeStore(TABLE))

@app.schedule(Rate(10, unit=Rate.MINUTES), name="c")
def shapes_its_report(event: CloudWatchEvent) -> dict[str, Any]:
    head = deps().transparency.sign_tree_head()
    return {"signed": head is not None}

@app.schedule(Cron(0, 14, "*", "*", "?", "*"), name="d")
def passes_a_lambda(event: CloudWatchEvent) -> dict[str, int]:
    return deps().notifier.send_digests(lambda: 60.0).model_dump()

@app.on_sqs_message(queue=QUEUE, batch_size=10, name="e")
def two_calls(event: SQSEvent) -> dict[str, Any]:
    return deps().notification_queues.consume_party_batch(event.to_dict(), deps().deferral)

@app.on_sns_message(topic=TOPIC, name="f")
@flushes_metrics
def well_formed(event: SNSEvent) -> dict[str, Any]:
    return deps().sms.answer_inbound(sms_desk.InboundSms.from_sns(event.message)).model_dump()

@app.schedule(Rate(10, unit=Rate.MINUTES), name="g")
def also_well_formed(event: CloudWatchEvent) -> dict[str, int]:
    return deps().open_data.publish_all()
"""
    # then each is named with why, and the well-formed handlers are not
    found = handler_violations(source)
    assert found == [
        "wires_itself: makes 2 service calls (`deps()` 2 times), not one",
        "wires_itself: its body is not one `return deps().<service>.<verb>(...)` (or its `.model_dump()`)",
        "builds_a_store: constructs `NoticeStore(...)`",
        "builds_a_store: its body is not one `return deps().<service>.<verb>(...)` (or its `.model_dump()`)",
        "shapes_its_report: its body is not one `return deps().<service>.<verb>(...)` (or its `.model_dump()`)",
        "passes_a_lambda: builds a function in place (`lambda: 60.0`)",
        "passes_a_lambda: its body is not one `return deps().<service>.<verb>(...)` (or its `.model_dump()`)",
        "two_calls: makes 2 service calls (`deps()` 2 times), not one",
        "two_calls: its body is not one `return deps().<service>.<verb>(...)` (or its `.model_dump()`)",
    ]


def test_role_sets_are_named_not_written_in_app() -> None:
    found = role_set_literals((ROOT / "app.py").read_text())
    assert found == [], f"define role sets in chalicelib/auth/principal.py: {found}"


def test_the_rule_sees_each_kind_of_violation() -> None:
    # given routes that wire their own store, pass a tag, skip the group, ignore their principal
    source = """
@content_routes.get("/v1/a", summary="a")
def wires_itself(slug: str) -> X:
    return pages.get_page(civic(), slug)

@content_routes.get("/v1/b", summary="b")
def passes_the_clock(query: Q) -> X:
    return deps().audit.query(query, deps().clock())

@content_routes.get("/v1/c", summary="c", tag="content")
def tagged() -> X:
    return deps().civic_pages.page("x")

@api.get("/v1/d", summary="d")
def ungrouped() -> X:
    return deps().civic_pages.page("x")

@admin_routes.get("/v1/e", summary="e")
def idle_principal(principal: Principal) -> X:
    return deps().admin.list_party_users(None)

@content_routes.get("/v1/f", summary="f", media_type="text/csv")
def wrapped(process_id: str) -> PlainText:
    return PlainText(body=deps().open_datasets.candidacies_csv(process_id))

@content_routes.get("/v1/g", summary="g")
def builds_a_store(slug: str) -> X:
    return deps().civic_pages.page(CivicStore(TABLE), slug)
"""
    # then each is named, and the well-formed wrapped route is not
    found = violations(source)
    assert [f.split(":")[0] for f in found] == [
        "wires_itself",
        "passes_the_clock",
        "tagged",
        "ungrouped",
        "idle_principal",
        "builds_a_store",
    ]
    assert role_set_literals("R = frozenset({Role.IEEM_ADMIN})") == [
        "line 1: frozenset(...)",
        "line 1: Role.IEEM_ADMIN",
    ]
