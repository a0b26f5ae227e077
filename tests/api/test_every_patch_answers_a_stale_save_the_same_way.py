"""The JSON API's PATCH of a chain, an enterprise and a project answer a save based on an old
version the one way (core.versioning.edit_answer): 409, only a `detail` that starts with the
one stale message and names what the other person changed; a bad value answers 400 the same
way."""

from __future__ import annotations

import pytest

from chainchief.accounts.models import Role
from chainchief.core.versioning import STALE_MESSAGE
from chainchief.projects import services as project_services
from tests.factories import make_scoped_city

pytestmark = pytest.mark.django_db


def _urls(city) -> list[tuple[str, str]]:
    """Each PATCH URL with a free-text field it edits."""
    office = city.users[Role.CHAIN_OFFICE]
    project = project_services.create_project(by=office, name="智能变压器项目", chain=city.own)
    return [
        ("/api/chains/OWN", "description"),
        (f"/api/enterprises/{city.own_enterprise.pk}", "note"),
        (f"/api/projects/{project.pk}", "note"),
    ]


def test_a_stale_patch_answers_409_with_only_the_stale_detail_on_every_api(client):
    city = make_scoped_city()
    client.force_login(city.users[Role.CHAIN_OFFICE])
    for url, text_field in _urls(city):
        first = client.patch(
            url, {"version": 1, text_field: "第一次"}, content_type="application/json"
        )
        assert first.status_code == 200, (url, first.content)
        stale = client.patch(url, {"version": 1, "name": "第二次"}, content_type="application/json")
        assert stale.status_code == 409, url
        body = stale.json()
        assert list(body) == ["detail"], url
        assert body["detail"].startswith(STALE_MESSAGE), url
        assert "第一次" in body["detail"] and "u_chain_office" in body["detail"], url


def test_a_blank_name_answers_400_with_only_a_chinese_detail_on_every_api(client):
    city = make_scoped_city()
    client.force_login(city.users[Role.CHAIN_OFFICE])
    for url, _ in _urls(city):
        bad = client.patch(url, {"version": 1, "name": None}, content_type="application/json")
        assert bad.status_code == 400, (url, bad.content)
        assert list(bad.json()) == ["detail"], url
        assert "name" in bad.json()["detail"] or "名称" in bad.json()["detail"], url
