"""Every web request gets an operation id: the rows it writes in the change log and the
security log carry it, the response names it (X-Request-ID), and two requests differ."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chainchief.accounts.models import ChangeLog, Role, SecurityEvent
from tests.factories import ChainFactory, make_user

pytestmark = pytest.mark.django_db


def _add_goal(client, **kw):
    data = {
        "indicator": "规上工业产值",
        "unit": "亿元",
        "year": 2026,
        "target_value": "520.50",
        "note": "",
        **kw,
    }
    return client.post(reverse("chains:goal_add", args=["PWR"]), data)


def test_the_rows_of_one_request_carry_its_id_and_the_response_names_it(client):
    client.force_login(make_user(Role.CHAIN_OFFICE, username="office"))
    ChainFactory(code="PWR")
    response = _add_goal(client)
    request_id = response["X-Request-ID"]
    assert request_id.startswith("req-") and len(request_id) == 36
    [entry] = ChangeLog.objects.filter(object_type="chains.developmentgoal")
    assert entry.operation == request_id


def test_two_requests_get_two_ids(client):
    client.force_login(make_user(Role.CHAIN_OFFICE, username="office"))
    ChainFactory(code="PWR")
    first = _add_goal(client)["X-Request-ID"]
    second = _add_goal(client, indicator="税收")["X-Request-ID"]
    assert first != second
    ops = set(
        ChangeLog.objects.filter(object_type="chains.developmentgoal").values_list(
            "operation", flat=True
        )
    )
    assert ops == {first, second}


def test_a_log_in_is_recorded_with_its_request_id(client):
    user = make_user(Role.CHAIN_OFFICE, username="office")
    user.set_password("Secret#2026pass")
    user.save()
    response = client.post(
        reverse("accounts:login"), {"username": "office", "password": "Secret#2026pass"}
    )
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.LOGIN)
    assert event.operation == response["X-Request-ID"]
