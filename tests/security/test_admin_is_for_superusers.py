"""/admin/ is limited to superusers, and every admin request is recorded in the security log."""

from __future__ import annotations

import pytest

from chainchief.accounts.models import Role, SecurityEvent
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_a_staff_office_user_who_is_not_superuser_is_refused(client):
    client.force_login(make_user(Role.CHAIN_OFFICE, is_staff=True))
    assert client.get("/admin/").status_code == 403


def test_a_superusers_admin_request_is_logged(client):
    client.force_login(
        make_user(Role.CHAIN_OFFICE, username="root", is_staff=True, is_superuser=True)
    )
    assert client.get("/admin/").status_code == 200
    event = SecurityEvent.objects.get(kind="admin_access")
    assert (event.subject_name, event.detail["path"]) == ("root", "/admin/")
