"""403, 404 and 500 pages use the app's layout, speak Chinese and offer a way back; the 500
page still renders when the database is down."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import RequestFactory

from chainchief.accounts.models import Role
from chainchief.web import errors
from tests.factories import make_scoped_city, make_user

pytestmark = pytest.mark.django_db


def test_an_unknown_page_answers_the_chinese_404_page(client):
    client.force_login(make_user(Role.CHAIN_OFFICE))
    response = client.get("/no-such-page/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在或无权查看" in body
    assert "返回首页" in body
    assert 'class="sidenav"' in body  # the app's layout


def test_a_chain_outside_scope_answers_the_same_404_page(client):
    city = make_scoped_city()
    client.force_login(city.users[Role.CHAIN_CHIEF])
    response = client.get(f"/chains/{city.other.code}/")
    assert response.status_code == 404
    assert "页面不存在或无权查看" in response.content.decode()


def test_a_refused_action_answers_the_chinese_403_page_with_its_reason(client):
    client.force_login(make_user(Role.AUDITOR))
    response = client.get("/chains/new/")
    body = response.content.decode()
    assert response.status_code == 403
    assert "无权访问" in body
    assert "返回首页" in body
    assert "Forbidden" not in body


def test_the_500_page_renders_without_the_database(monkeypatch):
    def no_database(*args, **kwargs):
        raise RuntimeError("database is down")

    monkeypatch.setattr(connection, "cursor", no_database)
    response = errors.server_error(RequestFactory().get("/"))
    body = response.content.decode()
    assert response.status_code == 500
    assert "系统出错了" in body
    assert 'href="/"' in body
    assert "app.css" in body
