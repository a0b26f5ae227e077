"""PATCH /api/chains/CODE answers like the edit page: 404 outside scope, 403 for a reader,
only the chain office changes a code, bad values answer 400 in Chinese and store nothing."""

from __future__ import annotations

import pytest

from chainchief.accounts.models import Role
from chainchief.chains.models import Chain
from tests.factories import make_scoped_city

pytestmark = pytest.mark.django_db


def _patch(client, chain_code: str, **data):
    return client.patch(
        f"/api/chains/{chain_code}", data={"version": 1, **data}, content_type="application/json"
    )


def test_a_chain_outside_the_chiefs_chains_answers_404(client):
    city = make_scoped_city()
    client.force_login(city.users[Role.CHAIN_CHIEF])
    assert _patch(client, "OTHER", name="越权").status_code == 404


def test_an_auditor_may_read_but_not_edit_a_chain(client):
    city = make_scoped_city()
    client.force_login(city.users[Role.AUDITOR])
    assert _patch(client, "OWN", name="审计").status_code == 403


def test_only_the_chain_office_changes_a_code(client):
    city = make_scoped_city()
    client.force_login(city.users[Role.CHAIN_CHIEF])
    refused = _patch(client, "OWN", code="MINE")
    assert refused.status_code == 400
    assert "仅产业链推进办公室可修改产业链代码" in refused.json()["detail"]
    client.force_login(city.users[Role.CHAIN_OFFICE])
    assert _patch(client, "OWN", code="mine").json()["code"] == "MINE"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": ""}, "名称不能为空"),
        ({"status": "gone"}, "状态应为在用或草稿"),
        ({"sort": 10**12}, "排序应在 0 到 10000000"),
        ({"host_parks": ["不存在的园区"]}, "园区“不存在的园区”不存在"),
        ({"layout_node": 2**62}, "不存在"),
    ],
)
def test_a_bad_value_answers_400_in_chinese_and_stores_nothing(client, data, message):
    city = make_scoped_city()
    client.force_login(city.users[Role.CHAIN_OFFICE])
    response = _patch(client, "OWN", **data)
    assert response.status_code == 400, response.content
    assert message in response.json()["detail"]
    assert Chain.objects.get(code="OWN").version == 1
