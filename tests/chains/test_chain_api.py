"""/api/chains/: the same scoping as the pages, for every role."""

from __future__ import annotations

import pytest

from chainchief.accounts.models import Role
from tests.factories import ALL_ROLES, SegmentFactory, make_scoped_city

pytestmark = pytest.mark.django_db

SEES_ALL = {Role.GENERAL_CHIEF, Role.CHAIN_OFFICE, Role.AUDITOR}
SEES_OWN = SEES_ALL | {Role.CHAIN_CHIEF, Role.DEPUTY_DIRECTOR, Role.DEPARTMENT_HANDLER}


@pytest.fixture
def city():
    city = make_scoped_city()
    SegmentFactory(chain=city.own, name="变压器", terms=["变压器"]).enterprises.add(
        city.own_enterprise
    )
    return city


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_list_holds_only_visible_chains(client, city, role):
    client.force_login(city.users[role])
    response = client.get("/api/chains/")
    assert response.status_code == 200
    codes = {c["code"] for c in response.json()}
    expected = set()
    if role in SEES_OWN:
        expected.add("OWN")
    if role in SEES_ALL:
        expected.add("OTHER")
    assert codes == expected


@pytest.mark.parametrize("which", ["OWN", "OTHER"])
@pytest.mark.parametrize("role", ALL_ROLES)
def test_a_chain_is_served_only_in_scope(client, city, role, which):
    client.force_login(city.users[role])
    response = client.get(f"/api/chains/{which}")
    visible = role in (SEES_OWN if which == "OWN" else SEES_ALL)
    assert response.status_code == (200 if visible else 404)
    if visible:
        assert response.json()["code"] == which
    else:
        assert "产业链" not in response.json().get("name", "")


@pytest.mark.parametrize("which", ["OWN", "OTHER"])
@pytest.mark.parametrize("role", ALL_ROLES)
def test_segments_are_served_only_in_scope(client, city, role, which):
    client.force_login(city.users[role])
    response = client.get(f"/api/chains/{which}/segments")
    visible = role in (SEES_OWN if which == "OWN" else SEES_ALL)
    assert response.status_code == (200 if visible else 404)


def test_the_list_row_has_counts(client, city):
    client.force_login(city.users[Role.CHAIN_CHIEF])
    [row] = client.get("/api/chains/").json()
    assert row == {
        "code": "OWN",
        "name": "本链产业链",
        "status": "active",
        "layout": None,
        "enterprise_count": 1,
        "segment_count": 1,
        "version": 1,
    }


def test_segments_carry_their_enterprise_count(client, city):
    client.force_login(city.users[Role.CHAIN_CHIEF])
    [segment] = client.get("/api/chains/OWN/segments").json()
    assert (segment["name"], segment["terms"], segment["enterprise_count"]) == (
        "变压器",
        ["变压器"],
        1,
    )


def test_the_detail_is_the_yaml_document(client, city):
    client.force_login(city.users[Role.CHAIN_OFFICE])
    data = client.get("/api/chains/OWN").json()
    assert data["format"] == "chainchief.chain/1"
    assert data["segments"]["midstream"][0]["name"] == "变压器"


def test_anonymous_requests_are_refused(client, city):
    assert client.get("/api/chains/").status_code == 401
    assert client.get("/api/chains/OWN").status_code == 401
