"""PATCH /api/enterprises/N: the edit page's fields, through the same service, version bumped."""

from __future__ import annotations

import pytest

from chainchief.accounts.models import ChangeLog, Role
from chainchief.enterprises.models import Enterprise
from tests.factories import SegmentFactory, make_scoped_city

pytestmark = pytest.mark.django_db


def _patch(client, enterprise_id: int, **data):
    return client.patch(
        f"/api/enterprises/{enterprise_id}", data=data, content_type="application/json"
    )


def test_a_chain_chief_changes_products_and_scope_of_an_own_enterprise(client):
    city = make_scoped_city()
    e = city.own_enterprise
    client.force_login(city.users[Role.CHAIN_CHIEF])
    response = _patch(
        client, e.pk, version=e.version, main_products=["变压器", "互感器"],
        business_scope="输变电设备制造", established_on="2001-03-04",
    )  # fmt: skip
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["main_products"] == ["变压器", "互感器"]
    assert body["version"] == e.version + 1
    stored = Enterprise.objects.get(pk=e.pk)
    assert stored.business_scope == "输变电设备制造"
    assert stored.established_on.isoformat() == "2001-03-04"
    entries = ChangeLog.objects.filter(
        object_type="enterprises.enterprise", object_id=str(e.pk), user_name="u_chain_chief"
    )
    assert [x.after["business_scope"] for x in entries] == ["输变电设备制造"]


def test_sending_segments_keeps_the_chains_and_other_chains_links(client):
    city = make_scoped_city()
    e = city.own_enterprise
    e.chains.add(city.other)
    segment = SegmentFactory(chain=city.own, name="变压器")
    client.force_login(city.users[Role.CHAIN_CHIEF])
    response = _patch(client, e.pk, version=e.version, segments=[segment.pk])
    assert response.status_code == 200, response.content
    assert response.json()["segments"] == [segment.pk]
    assert set(e.chains.values_list("code", flat=True)) == {"OWN", "OTHER"}
