"""Idle sessions end after 30 minutes: activity pushes the expiry 30 minutes ahead (renewed at
most once a minute, so busy pages don't queue behind session writes)."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from chainchief.accounts.models import Role
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_in(client):
    make_user(Role.CHAIN_OFFICE, username="office")
    client.post(reverse("accounts:login"), {"username": "office", "password": PASSWORD})
    return client


def _stored(client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def test_the_idle_timeout_is_thirty_minutes():
    assert settings.SESSION_COOKIE_AGE == 1800


def test_a_login_session_expires_thirty_minutes_ahead(logged_in):
    expires = _stored(logged_in).expire_date
    assert abs((expires - timezone.now()) - datetime.timedelta(seconds=1800)) < datetime.timedelta(
        seconds=5
    )
    assert logged_in.session.get_expiry_age() == 1800


def _age_touch(client) -> None:
    session = client.session
    session["_touched"] = 0
    session.save()


def test_a_renewing_response_resends_the_session_cookie(logged_in):
    _age_touch(logged_in)
    response = logged_in.get(reverse("web:cockpit"))
    assert settings.SESSION_COOKIE_NAME in response.cookies
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    # Ends with the browser too, so the cookie carries no lasting expiry of its own.
    assert cookie["max-age"] == ""


def test_a_request_pushes_the_expiry_forward(logged_in):
    _age_touch(logged_in)
    Session.objects.filter(session_key=logged_in.session.session_key).update(
        expire_date=timezone.now() + datetime.timedelta(minutes=2)
    )
    logged_in.get(reverse("web:cockpit"))
    remaining = _stored(logged_in).expire_date - timezone.now()
    assert remaining > datetime.timedelta(minutes=29)


def test_an_idle_session_is_logged_out(logged_in):
    Session.objects.filter(session_key=logged_in.session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = logged_in.get(reverse("web:cockpit"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_requests_within_a_minute_do_not_write_the_session(logged_in):
    logged_in.get(reverse("web:cockpit"))
    Session.objects.filter(session_key=logged_in.session.session_key).update(
        expire_date=timezone.now() + datetime.timedelta(minutes=2)
    )
    logged_in.get(reverse("web:cockpit"))
    remaining = _stored(logged_in).expire_date - timezone.now()
    assert remaining < datetime.timedelta(minutes=3)
