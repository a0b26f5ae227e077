"""/api/enterprises/: filtered and scoped exactly like the list page, for every role."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from chainchief.accounts.models import Role
from tests.factories import ALL_ROLES, IndicatorFactory, make_scoped_city

pytestmark = pytest.mark.django_db

SEES_ALL = {Role.GENERAL_CHIEF, Role.CHAIN_OFFICE, Role.AUDITOR}
SEES_OWN = SEES_ALL | {
    Role.CHAIN_CHIEF,
    Role.DEPUTY_DIRECTOR,
    Role.DEPARTMENT_HANDLER,
    Role.ENTERPRISE_CONTACT,
}


@pytest.fixture
def city():
    city = make_scoped_city()
    IndicatorFactory(
        enterprise=city.own_enterprise, month=datetime.date(2026, 1, 1), output_value=Decimal("800")
    )
    IndicatorFactory(
        enterprise=city.own_enterprise, month=datetime.date(2026, 2, 1), output_value=Decimal("900")
    )
    return city


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_list_holds_only_enterprises_in_scope(client, city, role):
    client.force_login(city.users[role])
    data = client.get("/api/enterprises/").json()
    expected = set()
    if role in SEES_OWN:
        expected.add(city.own_enterprise.name)
    if role in SEES_ALL:
        expected.add(city.other_enterprise.name)
    assert {r["name"] for r in data["results"]} == expected
    assert data["count"] == len(expected)


@pytest.mark.parametrize("which", ["own", "other"])
@pytest.mark.parametrize("role", ALL_ROLES)
def test_an_enterprise_is_served_only_in_scope(client, city, role, which):
    client.force_login(city.users[role])
    enterprise = city.own_enterprise if which == "own" else city.other_enterprise
    response = client.get(f"/api/enterprises/{enterprise.pk}")
    visible = role in (SEES_OWN if which == "own" else SEES_ALL)
    assert response.status_code == (200 if visible else 404)
    if not visible:
        assert enterprise.name not in response.content.decode()


def test_the_list_takes_the_page_filters(client, city):
    client.force_login(city.users[Role.CHAIN_OFFICE])
    data = client.get("/api/enterprises/", {"chain": "OTHER"}).json()
    assert [r["name"] for r in data["results"]] == [city.other_enterprise.name]


def test_the_list_pages(client, city):
    client.force_login(city.users[Role.CHAIN_OFFICE])
    data = client.get("/api/enterprises/", {"size": 1, "page": 2}).json()
    assert (data["count"], data["pages"], data["page"], len(data["results"])) == (2, 2, 2, 1)


def test_the_detail_carries_output_and_indicators(client, city):
    client.force_login(city.users[Role.CHAIN_CHIEF])
    data = client.get(f"/api/enterprises/{city.own_enterprise.pk}").json()
    assert data["chains"] == ["OWN"]
    assert Decimal(data["output_12m"]) == Decimal("1700")
    assert [i["month"] for i in data["indicators"]] == ["2026-01-01", "2026-02-01"]


def test_anonymous_requests_are_refused(client, city):
    assert client.get("/api/enterprises/").status_code == 401
    assert client.get(f"/api/enterprises/{city.own_enterprise.pk}").status_code == 401
