"""Never show a user a link they cannot open: an enterprise contact sees its park's name but
no link to the park page (which refuses contacts)."""

from __future__ import annotations

import pytest

from chainchief.accounts.models import Role
from tests.factories import ParkFactory, make_scoped_city

pytestmark = pytest.mark.django_db


def test_an_enterprise_contact_sees_no_link_to_its_park(client):
    city = make_scoped_city()
    park = ParkFactory(name="衡阳高新区")
    city.own_enterprise.park = park
    city.own_enterprise.save()
    client.force_login(city.users[Role.ENTERPRISE_CONTACT])
    body = client.get(f"/enterprises/{city.own_enterprise.pk}/").content.decode()
    assert "衡阳高新区" in body
    assert f"/enterprises/parks/{park.pk}/" not in body
    assert client.get(f"/enterprises/parks/{park.pk}/").status_code == 403


def test_the_office_still_gets_the_park_link(client):
    city = make_scoped_city()
    park = ParkFactory(name="衡阳高新区")
    city.own_enterprise.park = park
    city.own_enterprise.save()
    client.force_login(city.users[Role.CHAIN_OFFICE])
    body = client.get(f"/enterprises/{city.own_enterprise.pk}/").content.decode()
    assert f"/enterprises/parks/{park.pk}/" in body
