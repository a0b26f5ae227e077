"""A new password may not be the current one nor one of the last PASSWORD_HISTORY; an
expired password (PASSWORD_MAX_AGE_DAYS) must be changed before anything else."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from chainchief.accounts.models import Role, User
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

CHANGE = reverse("accounts:password_change")


def _change(client, old: str, new: str):
    return client.post(CHANGE, {"old_password": old, "new_password1": new, "new_password2": new})


def test_the_current_password_is_refused(client):
    client.force_login(make_user(Role.CHAIN_OFFICE))
    response = _change(client, PASSWORD, PASSWORD)
    assert "新密码不能与当前密码相同。" in response.content.decode()


def test_one_of_the_last_n_passwords_is_refused(client, settings):
    settings.PASSWORD_HISTORY = 3
    user = make_user(Role.CHAIN_OFFICE)
    client.force_login(user)
    assert _change(client, PASSWORD, "Second#pass2026").status_code == 302
    client.force_login(User.objects.get(pk=user.pk))
    assert _change(client, "Second#pass2026", "Third#pass2026").status_code == 302
    client.force_login(User.objects.get(pk=user.pk))
    response = _change(client, "Third#pass2026", PASSWORD)
    assert "新密码不能与最近 3 次使用过的密码相同。" in response.content.decode()
    assert User.objects.get(pk=user.pk).check_password("Third#pass2026")


def test_an_expired_password_sends_the_user_to_change_it(client, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 90
    user = make_user(Role.CHAIN_OFFICE)
    User.objects.filter(pk=user.pk).update(
        password_changed_at=timezone.now() - datetime.timedelta(days=91)
    )
    client.force_login(user)
    response = client.get(reverse("web:cockpit"))
    assert response.status_code == 302
    assert response.url == CHANGE
