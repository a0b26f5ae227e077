"""The settings area (系统设置) replaces the Django admin link: the chain office opens it,
every other role is refused, and the sidebar points to it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from chainchief.accounts.models import Role
from chainchief.web.views_settings import SECTIONS
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _client(role: str) -> Client:
    client = Client()
    client.force_login(make_user(role))
    return client


def test_the_office_opens_every_settings_page():
    client = _client(Role.CHAIN_OFFICE)
    assert client.get(reverse("web:settings")).status_code == 200
    for key, section in SECTIONS.items():
        url = reverse("web:settings_add" if section.single else "web:settings_list", args=[key])
        assert client.get(url).status_code == 200, key


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.CHAIN_OFFICE])
def test_other_roles_are_refused(role):
    client = _client(role)
    assert client.get(reverse("web:settings")).status_code == 403
    assert client.get(reverse("web:settings_list", args=["departments"])).status_code == 403


def test_the_sidebar_links_to_the_settings_area_not_the_admin():
    html = _client(Role.CHAIN_OFFICE).get(reverse("chains:list")).content.decode()
    assert f'href="{reverse("web:settings")}"' in html
    assert 'href="/admin/"' not in html


def test_a_chain_chief_sees_no_settings_link():
    html = _client(Role.CHAIN_CHIEF).get(reverse("chains:list")).content.decode()
    assert reverse("web:settings") not in html


def test_the_working_calendar_has_a_place_on_the_settings_home():
    html = _client(Role.CHAIN_OFFICE).get(reverse("web:settings")).content.decode()
    assert "工作日历" in html


def test_the_system_administrator_opens_settings_and_sees_the_link():
    client = Client()
    client.force_login(make_user(Role.DEPARTMENT_HANDLER, admin_duty="system"))
    assert client.get(reverse("web:settings_list", args=["users"])).status_code == 200
    html = client.get(reverse("web:settings")).content.decode()
    assert f'href="{reverse("web:settings")}"' in html


def test_the_settings_area_leads_the_office_to_the_working_calendar():
    html = _client(Role.CHAIN_OFFICE).get(reverse("web:settings")).content.decode()
    assert f'href="{reverse("casework:calendar")}"' in html
    assert "安装后在此维护" not in html
