"""PATCH /api/chains/CODE: the edit page's fields, through the same service, version bumped;
a stale version answers 409 naming what changed."""

from __future__ import annotations

import pytest

from chainchief.accounts.models import Role
from chainchief.chains.models import Chain
from tests.factories import ParkFactory, make_scoped_city

pytestmark = pytest.mark.django_db


def _patch(client, chain_code: str, **data):
    return client.patch(f"/api/chains/{chain_code}", data=data, content_type="application/json")


def test_a_chain_chief_edits_the_name_description_and_host_parks(client):
    city = make_scoped_city()
    park = ParkFactory(name="松木经开区")
    client.force_login(city.users[Role.CHAIN_CHIEF])
    response = _patch(
        client, "OWN", version=1, name=" 输变电装备 ", description="特高压", sort=3,
        host_parks=["松木经开区"],
    )  # fmt: skip
    assert response.status_code == 200, response.content
    assert (response.json()["name"], response.json()["version"]) == ("输变电装备", 2)
    stored = Chain.objects.get(code="OWN")
    assert (stored.description, stored.sort) == ("特高压", 3)
    assert list(stored.host_parks.all()) == [park]


def test_the_second_save_of_one_version_answers_409_with_what_changed(client):
    city = make_scoped_city()
    client.force_login(city.users[Role.CHAIN_OFFICE])
    assert _patch(client, "OWN", version=1, name="第一次").status_code == 200
    stale = _patch(client, "OWN", version=1, description="第二次")
    assert stale.status_code == 409
    assert stale.json()["detail"].startswith("该记录已被他人修改，请刷新后重试")
    assert "第一次" in stale.json()["detail"]
    assert Chain.objects.get(code="OWN").description == ""
