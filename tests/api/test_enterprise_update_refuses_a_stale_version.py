"""PATCH /api/enterprises/N with the version read before someone else's save answers 409 in
Chinese, naming what the other person changed; nothing of the stale save is stored."""

from __future__ import annotations

import pytest

from chainchief.accounts.models import Role
from chainchief.enterprises.models import Enterprise
from tests.factories import make_scoped_city

pytestmark = pytest.mark.django_db


def test_the_second_save_of_one_version_answers_409_with_what_changed(client):
    city = make_scoped_city()
    e = city.own_enterprise
    client.force_login(city.users[Role.CHAIN_OFFICE])
    url = f"/api/enterprises/{e.pk}"
    first = client.patch(
        url, data={"version": 1, "main_products": "变压器"}, content_type="application/json"
    )
    second = client.patch(
        url, data={"version": 1, "business_scope": "电机"}, content_type="application/json"
    )
    assert first.status_code == 200
    assert second.status_code == 409
    detail = second.json()["detail"]
    assert detail.startswith("该记录已被他人修改，请刷新后重试")
    assert "主要产品" in detail and "变压器" in detail and "u_chain_office" in detail
    stored = Enterprise.objects.get(pk=e.pk)
    assert (stored.main_products, stored.business_scope, stored.version) == ("变压器", "", 2)


def test_a_missing_version_is_refused(client):
    city = make_scoped_city()
    client.force_login(city.users[Role.CHAIN_OFFICE])
    response = client.patch(
        f"/api/enterprises/{city.own_enterprise.pk}",
        data={"note": "无版本"},
        content_type="application/json",
    )
    assert response.status_code in (400, 422)
    assert Enterprise.objects.get(pk=city.own_enterprise.pk).note == ""
