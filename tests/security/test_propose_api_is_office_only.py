"""Proposing a draft chain creates a city-wide chain: only the chain office may, through the
API as on the page (the same scoping check)."""

from __future__ import annotations

import pytest

from chainchief.accounts.models import Role
from chainchief.chains.models import Chain
from tests.factories import make_scoped_city

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.CHAIN_CHIEF, Role.DEPUTY_DIRECTOR, Role.GENERAL_CHIEF])
def test_the_propose_api_refuses_everyone_but_the_office(client, role):
    city = make_scoped_city()
    before = Chain.objects.count()
    client.force_login(city.users[role])
    response = client.post(
        "/api/knowledge/propose", {"product": "变压器"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert Chain.objects.count() == before


def test_the_propose_page_refuses_a_chief_too(client):
    city = make_scoped_city()
    before = Chain.objects.count()
    client.force_login(city.users[Role.CHAIN_CHIEF])
    response = client.post("/knowledge/propose/", {"product": "变压器"})
    assert response.status_code == 403
    assert Chain.objects.count() == before
