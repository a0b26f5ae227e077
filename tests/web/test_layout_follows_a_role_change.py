"""The menu is cached per user's scope version and the data version: a role change, or a
change of what the user may see (an audit committee seat), shows on the next page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chainchief.accounts import services
from chainchief.accounts.models import AdminDuty, Role
from chainchief.audit.models import AuditCommitteeMember
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _page(client) -> str:
    return client.get(reverse("jobs:list")).content.decode()


def test_a_role_change_shows_in_the_menu_on_the_next_page(client):
    user = make_user(Role.CHAIN_OFFICE)
    admin = make_user(Role.CHAIN_OFFICE, admin_duty=AdminDuty.SECURITY)
    client.force_login(user)
    imports = f'href="{reverse("imports:home")}"'
    assert imports in _page(client)
    services.set_role(user=user, role=Role.CHAIN_CHIEF, admin_duty="", by=admin)
    page = _page(client)
    assert imports not in page
    assert f"{user.display_name} · 链长" in page


def test_an_audit_committee_seat_shows_the_audit_menu_on_the_next_page(client):
    user = make_user(Role.GENERAL_CHIEF)
    client.force_login(user)
    assert 'data-testid="nav-audit"' not in _page(client)
    AuditCommitteeMember.objects.create(user=user, title="委员")
    assert 'data-testid="nav-audit"' in _page(client)


def test_the_audit_menu_shows_for_auditors_and_not_for_enterprise_contacts(client):
    client.force_login(make_user(Role.AUDITOR))
    assert 'data-testid="nav-audit"' in _page(client)
    client.force_login(make_user(Role.ENTERPRISE_CONTACT))
    assert 'data-testid="nav-audit"' not in _page(client)
