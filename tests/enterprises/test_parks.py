"""Parks: each with its district, hosted chains and the enterprises the user may see."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chainchief.accounts.models import Role
from tests.factories import ParkFactory, make_scoped_city

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    city = make_scoped_city()
    park = ParkFactory(name="衡阳高新区")
    park.chains.add(city.own)
    for enterprise in (city.own_enterprise, city.other_enterprise):
        enterprise.park = park
        enterprise.save()
    city.park = park
    return city


def test_the_office_sees_every_enterprise_of_a_park(client, city):
    client.force_login(city.users[Role.CHAIN_OFFICE])
    [park] = client.get(reverse("enterprises:parks")).context["parks"]
    assert (park.name, park.enterprise_count) == ("衡阳高新区", 2)


def test_a_chief_counts_only_enterprises_in_scope(client, city):
    client.force_login(city.users[Role.CHAIN_CHIEF])
    [park] = client.get(reverse("enterprises:parks")).context["parks"]
    assert park.enterprise_count == 1


def test_a_park_page_lists_only_enterprises_in_scope(client, city):
    client.force_login(city.users[Role.CHAIN_CHIEF])
    response = client.get(reverse("enterprises:park", args=[city.park.pk]))
    assert [e.name for e in response.context["page"]] == [city.own_enterprise.name]
    assert city.other_enterprise.name not in response.content.decode()
    assert list(response.context["chains"]) == [city.own]


def test_an_enterprise_contact_cannot_see_parks(client, city):
    client.force_login(city.users[Role.ENTERPRISE_CONTACT])
    assert client.get(reverse("enterprises:park", args=[city.park.pk])).status_code == 403


def test_an_unknown_park_is_404(client, city):
    client.force_login(city.users[Role.CHAIN_OFFICE])
    assert client.get(reverse("enterprises:park", args=[999999])).status_code == 404
