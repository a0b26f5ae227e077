"""Every endpoint × every role: each URL pattern and each OpenAPI operation declares an access
rule next to its view (see docs/security.md), and the rule holds over HTTP.

The endpoints are enumerated, not listed: a new URL or API operation without a rule fails
`test_every_endpoint_declares_an_access_rule` with the view's name and what to add.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

from chainchief.accounts.access import Rule, rule_of
from chainchief.accounts.models import Role
from tests.factories import ScopedCity, make_scoped_city

SKIPPED_NAMESPACES = {
    "admin",  # Django's admin: superusers only (SecurityMiddleware), tested in test_admin_access.py
    "api",  # the API is enumerated through its OpenAPI operations below
}
PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>|\{(?:(?P<conv2>\w+):)?(?P<name2>\w+)\}")


@dataclass
class Endpoint:
    label: str  # URL name or API operation id
    route: str  # with <conv:name> or {name} placeholders
    view: Callable
    methods: tuple[str, ...] = ("GET", "POST")
    api: bool = False
    body: dict | None = None  # the API operation's JSON body schema
    params: list[tuple[str, str]] = field(default_factory=list)  # (converter, name)

    @property
    def rule(self) -> Rule | None:
        return rule_of(self.view)

    def where(self) -> str:
        module = getattr(self.view, "__module__", "?")
        qualname = getattr(self.view, "__qualname__", getattr(self.view, "__name__", "?"))
        return f"{self.label} ({self.route}) → {module}.{qualname}"


def _params(route: str) -> list[tuple[str, str]]:
    found = []
    for m in PARAM.finditer(route):
        found.append((m["conv"] or m["conv2"] or "str", m["name"] or m["name2"]))
    return found


def _walk(patterns, prefix: str = "", namespace: str = "") -> Iterator[Endpoint]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            if ns in SKIPPED_NAMESPACES:
                continue
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), full_ns)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            name = f"{namespace}:{entry.name}" if namespace else (entry.name or route)
            yield Endpoint(name, "/" + route, entry.callback, params=_params(route))


def page_endpoints() -> list[Endpoint]:
    return list(_walk(get_resolver().url_patterns))


def api_endpoints() -> list[Endpoint]:
    from chainchief.api.router import api

    schema = api.get_openapi_schema()
    by_id: dict[str, Callable] = {}
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                op_id = operation.operation_id or api.get_openapi_operation_id(operation)
                by_id[op_id] = operation.view_func
    found = []
    for path, methods in schema["paths"].items():
        for method, op in methods.items():
            view = by_id.get(op["operationId"])
            found.append(
                Endpoint(
                    op["operationId"],
                    path,
                    view,
                    methods=(method.upper(),),
                    api=True,
                    params=_params(path),
                    body=_body_schema(schema, op),
                )
            )
    return found


def _resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = schema["components"]["schemas"][name]
    return node


def _body_schema(schema: dict, op: dict) -> dict | None:
    content = op.get("requestBody", {}).get("content", {}).get("application/json")
    if not content:
        return None
    return {"root": schema, "node": _resolve(schema, content["schema"])}


def _sample(root: dict, node: dict, name: str, values: dict[str, object]) -> object:
    """A valid value for one field, so the operation gets past validation to its access check."""
    if name in values:
        return values[name]
    node = _resolve(root, node)
    for option in node.get("anyOf", []):
        option = _resolve(root, option)
        if option.get("type") != "null":
            node = option
            break
    kind = node.get("type")
    if node.get("enum"):
        return node["enum"][0]
    if kind == "object":
        return {
            key: _sample(root, prop, key, values)
            for key, prop in node.get("properties", {}).items()
            if key in node.get("required", [])
        }
    if kind == "string":
        return "2026-01-02" if node.get("format") == "date" else "x"
    return {"integer": 1, "number": 1, "boolean": False, "array": []}.get(kind, "x")


ENDPOINTS = page_endpoints() + api_endpoints()


def test_the_enumeration_finds_pages_and_api_operations():
    labels = {e.label for e in ENDPOINTS}
    assert "chains:detail" in labels
    assert "accounts:login" in labels
    assert any(e.api and e.route == "/api/knowledge/propose" for e in ENDPOINTS)
    assert len([e for e in ENDPOINTS if e.api]) >= 10


def test_every_endpoint_declares_an_access_rule():
    missing = [e.where() for e in ENDPOINTS if e.rule is None]
    assert not missing, (
        "These endpoints declare no access rule. Put @access(<rule>) next to each view "
        "(under @router.get/post for API operations), e.g. @access(scoped('chain')) or "
        "@access(OFFICE), from chainchief.accounts.access; see docs/security.md:\n  "
        + "\n  ".join(missing)
    )


# --- the rule holds over HTTP ------------------------------------------------------------------


def _other_project(city: ScopedCity):
    from chainchief.projects import services

    return services.create_project(
        by=city.users[Role.CHAIN_OFFICE], name="他链项目", chain=city.other
    )


# noun → (the out-of-scope object's value for each parameter name)
def _noun_values(city: ScopedCity, noun: str) -> dict[str, object] | None:
    if noun == "chain":
        return {"code": city.other.code, "chain_id": city.other.pk, "chain": city.other.code}
    if noun == "enterprise":
        e = city.other_enterprise
        return {"pk": e.pk, "enterprise_id": e.pk, "id": e.pk}
    if noun == "project":
        p = _other_project(city)
        return {"pk": p.pk, "project_id": p.pk, "id": p.pk}
    return None


READ_REFUSED = [
    Role.CHAIN_CHIEF,
    Role.DEPUTY_DIRECTOR,
    Role.DEPARTMENT_HANDLER,
    Role.DEPARTMENT_HEAD,
    Role.ENTERPRISE_CONTACT,
]
WRITE_REFUSED = [*READ_REFUSED, Role.GENERAL_CHIEF, Role.AUDITOR]


def _url(endpoint: Endpoint, values: dict[str, object]) -> str:
    def fill(m: re.Match) -> str:
        conv = m["conv"] or m["conv2"] or "str"
        name = m["name"] or m["name2"]
        if name in values:
            return str(values[name])
        numeric = conv == "int" or name in ("pk", "id") or name.endswith("_id")
        return "999999" if numeric else "x"

    url = PARAM.sub(fill, endpoint.route)
    return url.replace("^", "").replace("$", "")


def _call(client, endpoint: Endpoint, method: str, url: str, values: dict):
    if method == "GET":
        return client.get(url)
    if endpoint.api:
        body = (
            _sample(endpoint.body["root"], endpoint.body["node"], "", values)
            if endpoint.body
            else {}
        )
        return client.generic(method, url, data=json.dumps(body), content_type="application/json")
    return client.generic(method, url, data="")


def _login_page(response) -> bool:
    return response.status_code == 302 and settings.LOGIN_URL.split(":")[-1] in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: f"{e.label}")
def test_the_declared_rule_holds_for_every_role(client, endpoint: Endpoint):
    rule = endpoint.rule
    if rule is None:
        pytest.skip("no rule declared (test_every_endpoint_declares_an_access_rule fails)")
    city = make_scoped_city()
    values = _noun_values(city, rule.noun) if rule.noun else {}
    url = _url(endpoint, values or {})
    problems: list[str] = []

    for method in endpoint.methods:
        response = _call(client, endpoint, method, url, values or {})
        if not rule.public and not (
            _login_page(response) or response.status_code in (401, 403, 404, 405)
        ):
            problems.append(f"anonymous {method} {url} → {response.status_code}")

    for role, user in city.users.items():
        if rule.public:
            break
        if rule.noun:
            if values is None:
                break  # a noun this test cannot build yet: declaration + anonymous only
            refused = role in (WRITE_REFUSED if rule.write else READ_REFUSED)
        else:
            refused = not rule.allows(user)
        client.force_login(user)
        for method in endpoint.methods:
            response = _call(client, endpoint, method, url, values or {})
            status = response.status_code
            if refused and status not in (403, 404, 405):
                problems.append(f"{role} {method} {url} → {status}, expected 403/404")
            # A write inside an open page may have its own check: only opening (GET) counts.
            if not refused and not rule.noun and method == "GET" and status == 403:
                problems.append(f"{role} {method} {url} → 403 although the rule allows it")
        client.logout()

    assert not problems, f"{endpoint.where()} declares {rule}, but:\n  " + "\n  ".join(problems)
