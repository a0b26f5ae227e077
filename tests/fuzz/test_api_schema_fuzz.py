"""Schema-driven fuzzing of the JSON API: every operation of /api/openapi.json, as a logged-in
chain office user and as a chain chief, with values generated from the schema (huge ids,
odd unicode, empty and long strings). No answer may be a server error.

Runs against the Django WSGI app inside the test database (same thread, same transaction),
a few examples per operation so the whole file stays well under a minute."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from chainchief.accounts.models import Role
from tests.factories import (
    ChainFactory,
    EnterpriseFactory,
    SegmentFactory,
    assign,
    make_user,
)

EXAMPLES = 5


@pytest.fixture
def city(db):
    chain = ChainFactory(code="PWR", name="输变电装备")
    SegmentFactory(chain=chain, name="变压器")
    enterprise = EnterpriseFactory(name="甲变压器厂")
    enterprise.chains.add(chain)
    from chainchief.projects import services

    office = make_user(Role.CHAIN_OFFICE, "fuzz_office")
    services.create_project(
        by=office, name="智能变压器项目", chain=chain, planned_investment="5亿元"
    )
    chief = make_user(Role.CHAIN_CHIEF, "fuzz_chief")
    assign(chief, chain, "chief")
    return {"office": office, "chief": chief}


def _session(client, user) -> tuple[dict[str, str], dict[str, str]]:
    """Cookies and headers of a logged-in browser session (with its CSRF token)."""
    from django.middleware.csrf import _get_new_csrf_string

    client.force_login(user)
    csrf = _get_new_csrf_string()
    cookies = {"sessionid": client.cookies["sessionid"].value, "csrftoken": csrf}
    return cookies, {"X-CSRFToken": csrf}


@pytest.fixture
def keep_test_connection():
    """As Django's test client does: the WSGI app must not close the test's database
    connection at the end of each request (PostgreSQL would lose the test transaction)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.usefixtures("keep_test_connection")
@pytest.mark.parametrize("who", ["office", "chief"])
def test_no_api_operation_answers_a_server_error(client, city, who):
    from chainchief.wsgi import application

    cookies, headers = _session(client, city[who])
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
    failures: list[str] = []
    answered: list[int] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
            suppress_health_check=list(HealthCheck),
        )  # fmt: skip
        def run(case) -> None:
            response = case.call(headers=headers, cookies=cookies)
            answered.append(response.status_code)
            if response.status_code >= 500:
                failures.append(
                    f"{case.method} {case.path} {case.path_parameters} {case.query} "
                    f"{str(case.body)[:200]} → {response.status_code}"
                )

        run()
    assert not failures, "\n".join(failures[:3])
    # Logged in for real: most reads answer 200, not 401/403 for everything.
    assert answered.count(200) >= len(operations) // 2, sorted(set(answered))
