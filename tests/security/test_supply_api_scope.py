"""An enterprise contact cannot read other enterprises through its own enterprise's
local-supply table: the API answers 404 like the page, through the same scoping function."""

from __future__ import annotations

import pytest

from chainchief.accounts.models import Role
from tests.factories import make_scoped_city

pytestmark = pytest.mark.django_db


def test_the_supply_api_refuses_an_enterprise_contact_for_its_own_enterprise(client):
    city = make_scoped_city()
    client.force_login(city.users[Role.ENTERPRISE_CONTACT])
    response = client.get(f"/api/knowledge/enterprises/{city.own_enterprise.pk}/supply")
    assert response.status_code == 404
    assert "其他" not in response.content.decode()


def test_the_supply_page_refuses_it_the_same_way(client):
    city = make_scoped_city()
    client.force_login(city.users[Role.ENTERPRISE_CONTACT])
    response = client.get(f"/knowledge/enterprises/{city.own_enterprise.pk}/supply/")
    assert response.status_code == 404


def test_the_chain_office_still_reads_the_supply_api(client):
    city = make_scoped_city()
    client.force_login(city.users[Role.CHAIN_OFFICE])
    response = client.get(f"/api/knowledge/enterprises/{city.own_enterprise.pk}/supply")
    assert response.status_code == 200
