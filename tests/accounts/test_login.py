"""Logging in and out: where a user lands, and what a wrong password says."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chainchief.accounts.forms import login_refused_message
from chainchief.accounts.models import Role, User
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


def _login(client, username: str, password: str):
    return client.post(LOGIN, {"username": username, "password": password})


def test_it_redirects_to_the_cockpit_after_login(client):
    make_user(Role.CHAIN_OFFICE, username="office")
    response = _login(client, "office", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("web:cockpit")
    assert client.get(reverse("web:cockpit")).status_code == 200


def test_it_follows_the_next_parameter(client):
    make_user(Role.CHAIN_OFFICE, username="office")
    response = client.post(LOGIN + "?next=/chains/", {"username": "office", "password": PASSWORD})
    assert response.url == "/chains/"


def test_it_sends_anonymous_users_to_the_login_page(client):
    response = client.get(reverse("web:cockpit"))
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_a_wrong_password_counts_one_failure_and_says_so_plainly(client):
    make_user(Role.CHAIN_OFFICE, username="office")
    response = _login(client, "office", "wrong-password")
    assert response.status_code == 200
    assert login_refused_message() in response.content.decode()
    assert User.objects.get(username="office").failed_logins == 1
    assert "_auth_user_id" not in client.session


def test_an_unknown_user_and_a_wrong_password_get_the_same_message(client):
    make_user(Role.CHAIN_OFFICE, username="office")
    unknown = _login(client, "nobody", "whatever-1!")
    wrong = _login(client, "office", "whatever-1!")
    assert login_refused_message() in unknown.content.decode()
    assert login_refused_message() in wrong.content.decode()
    assert "再失败" not in wrong.content.decode()
    assert list(unknown.context["form"].non_field_errors()) == list(
        wrong.context["form"].non_field_errors()
    )


def test_an_inactive_user_cannot_log_in(client):
    make_user(Role.CHAIN_OFFICE, username="gone", is_active=False)
    response = _login(client, "gone", PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_logout_ends_the_session(client):
    user = make_user(Role.CHAIN_OFFICE)
    client.force_login(user)
    response = client.post(reverse("accounts:logout"))
    assert response.url == reverse("accounts:login")
    assert client.get(reverse("web:cockpit")).status_code == 302


def test_a_logged_in_user_visiting_login_goes_to_the_cockpit(client):
    client.force_login(make_user(Role.CHAIN_OFFICE))
    response = client.get(LOGIN)
    assert response.status_code == 302
    assert response.url == reverse("web:cockpit")
