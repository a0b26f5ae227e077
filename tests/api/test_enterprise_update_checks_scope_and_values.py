"""PATCH /api/enterprises/N answers like the edit page: 404 outside scope, 403 for a reader,
400 in Chinese for a bad value (never a 500), and stores nothing when refused."""

from __future__ import annotations

import pytest

from chainchief.accounts.models import Role
from chainchief.enterprises.models import Enterprise
from tests.factories import make_scoped_city

pytestmark = pytest.mark.django_db


def _patch(client, e, **data):
    return client.patch(
        f"/api/enterprises/{e.pk}", data={"version": e.version, **data},
        content_type="application/json",
    )  # fmt: skip


def test_an_enterprise_outside_the_chiefs_chains_answers_404(client):
    city = make_scoped_city()
    client.force_login(city.users[Role.CHAIN_CHIEF])
    assert _patch(client, city.other_enterprise, note="越权").status_code == 404


def test_an_auditor_who_reads_every_enterprise_may_not_edit_one(client):
    city = make_scoped_city()
    client.force_login(city.users[Role.AUDITOR])
    assert _patch(client, city.own_enterprise, note="审计").status_code == 403


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"established_on": "2001-13-45"}, "成立日期"),
        ({"credit_code": "123"}, "信用代码"),
        ({"name": ""}, "企业名称不能为空"),
        ({"district": "999999"}, "县市区代码“999999”不存在"),
        ({"chains": ["OTHER"]}, "无权把企业加入产业链“他链产业链”"),
        ({"segments": [2**62]}, "所选环节不存在"),
    ],
)
def test_a_bad_value_answers_400_in_chinese_and_stores_nothing(client, data, message):
    city = make_scoped_city()
    client.force_login(city.users[Role.CHAIN_CHIEF])
    response = _patch(client, city.own_enterprise, **data)
    assert response.status_code == 400, response.content
    assert message in response.json()["detail"]
    assert Enterprise.objects.get(pk=city.own_enterprise.pk).version == 1
