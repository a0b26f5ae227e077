"""Unlocking a locked account is an office or security-administrator action, and it is
recorded in the security log with who did it."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from chainchief.accounts.models import AdminDuty, Role, SecurityEvent, User
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def locked():
    user = make_user(Role.CHAIN_CHIEF, username="locked")
    User.objects.filter(pk=user.pk).update(
        locked_until=timezone.now() + datetime.timedelta(minutes=10), failed_logins=0
    )
    return user


@pytest.mark.parametrize(
    "who", [dict(role=Role.CHAIN_OFFICE), dict(role=Role.AUDITOR, admin_duty=AdminDuty.SECURITY)]
)
def test_the_office_or_a_security_admin_unlocks_and_it_is_logged(client, locked, who):
    actor = make_user(username="unlocker", **who)
    client.force_login(actor)
    response = client.post(reverse("accounts:unlock", args=[locked.pk]))
    assert response.status_code == 302
    locked.refresh_from_db()
    assert not locked.is_locked()
    event = SecurityEvent.objects.get(kind="unlocked")
    assert (event.subject_name, event.actor_name) == ("locked", "unlocker")


@pytest.mark.parametrize("role", [Role.CHAIN_CHIEF, Role.AUDITOR, Role.GENERAL_CHIEF])
def test_other_roles_cannot_unlock(client, locked, role):
    client.force_login(make_user(role))
    response = client.post(reverse("accounts:unlock", args=[locked.pk]))
    assert response.status_code == 403
    locked.refresh_from_db()
    assert locked.is_locked()
    assert not SecurityEvent.objects.filter(kind="unlocked").exists()
