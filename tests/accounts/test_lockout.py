"""Five failed log-ins lock an account for 15 minutes; the lock expires; success resets."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import authenticate
from django.urls import reverse
from django.utils import timezone

from chainchief.accounts.forms import login_refused_message
from chainchief.accounts.models import Role, User
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


@pytest.fixture
def user() -> User:
    return make_user(Role.CHAIN_CHIEF, username="chief")


def _fail(client, times: int):
    response = None
    for _ in range(times):
        response = client.post(LOGIN, {"username": "chief", "password": "wrong-password"})
    return response


def test_five_failures_lock_the_account_for_fifteen_minutes(client, user):
    before = timezone.now()
    response = _fail(client, 5)
    user.refresh_from_db()
    assert user.is_locked()
    assert before + datetime.timedelta(minutes=15) <= user.locked_until
    assert user.locked_until <= timezone.now() + datetime.timedelta(minutes=15)
    assert login_refused_message() in response.content.decode()


def test_four_failures_do_not_lock(client, user):
    _fail(client, 4)
    user.refresh_from_db()
    assert not user.is_locked()
    assert user.failed_logins == 4


def test_the_right_password_is_refused_while_locked(client, user):
    _fail(client, 5)
    response = client.post(LOGIN, {"username": "chief", "password": PASSWORD})
    assert response.status_code == 200
    assert login_refused_message() in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_backend_refuses_a_locked_user_without_http(user):
    User.objects.filter(pk=user.pk).update(
        locked_until=timezone.now() + datetime.timedelta(minutes=5)
    )
    assert authenticate(None, username="chief", password=PASSWORD) is None


def test_the_lock_expires(client, user):
    _fail(client, 5)
    User.objects.filter(pk=user.pk).update(
        locked_until=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = client.post(LOGIN, {"username": "chief", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("web:cockpit")
    user.refresh_from_db()
    assert user.locked_until is None
    assert user.failed_logins == 0


def test_a_success_resets_the_counter(client, user):
    _fail(client, 3)
    client.post(LOGIN, {"username": "chief", "password": PASSWORD})
    user.refresh_from_db()
    assert user.failed_logins == 0
    client.logout()
    _fail(client, 1)
    user.refresh_from_db()
    assert user.failed_logins == 1


def test_one_user_locking_does_not_lock_another(client, user):
    make_user(Role.CHAIN_CHIEF, username="colleague")
    _fail(client, 5)
    response = client.post(LOGIN, {"username": "colleague", "password": PASSWORD})
    assert response.status_code == 302
