"""One service style (issue 18): every route of app.py is one `deps().<service>.<verb>(...)` call
(optionally wrapped in PlainText/BinaryBody/Redirect/Response), takes its tag from its route group,
declares `principal` only when it uses it, and names role sets from chalicelib/auth/principal.py.

A failure names the handler. The fix: give the work a verb on a service of `Dependencies` (the
service owns its store, clock and settings: chalicelib/dependencies.py), register the route through
its group (`<tag>_routes.route(...)`, no `tag=`), drop an unused `principal`, and import role sets.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WRAPPERS = {"PlainText", "BinaryBody", "Redirect", "Response"}
ROUTE_METHODS = {"route", "get"}


def _is_deps(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "deps" and not node.args


def _is_service_call(node: ast.AST) -> bool:
    """`deps().<service>.<verb>(args)` whose arguments do not reach into `deps()` themselves."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return False
    service = node.func.value
    if not (isinstance(service, ast.Attribute) and _is_deps(service.value)):
        return False
    arguments = [*node.args, *(k.value for k in node.keywords)]
    return not any(_is_deps(inner) for argument in arguments for inner in ast.walk(argument))


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
"""
    # then each is named, and the well-formed wrapped route is not
    found = violations(source)
    assert [f.split(":")[0] for f in found] == [
        "wires_itself",
        "passes_the_clock",
        "tagged",
        "ungrouped",
        "idle_principal",
    ]
    assert role_set_literals("R = frozenset({Role.IEEM_ADMIN})") == [
        "line 1: frozenset(...)",
        "line 1: Role.IEEM_ADMIN",
    ]
