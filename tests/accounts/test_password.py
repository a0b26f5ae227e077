"""Password change enforces the strength rules (≥ 10 characters, letters, digits, a symbol)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chainchief.accounts.models import Role
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

URL = reverse("accounts:password_change")


@pytest.fixture
def user(client):
    user = make_user(Role.DEPUTY_DIRECTOR, username="deputy")
    client.force_login(user)
    return user


def _change(client, new: str, old: str = PASSWORD):
    return client.post(URL, {"old_password": old, "new_password1": new, "new_password2": new})


def test_it_changes_the_password(client, user):
    response = _change(client, "Hengyang#2026chain")
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_change_done")
    user.refresh_from_db()
    assert user.check_password("Hengyang#2026chain")


def test_it_keeps_the_user_logged_in_after_the_change(client, user):
    _change(client, "Hengyang#2026chain")
    assert client.get(reverse("web:cockpit")).status_code == 200


def test_it_requires_the_login(client):
    response = client.get(URL)
    assert response.status_code == 302


def test_it_rejects_a_short_password_in_chinese(client, user):
    response = _change(client, "Ab1#xyz")
    text = response.content.decode()
    assert response.status_code == 200
    assert "密码太短，至少需要 10 个字符。" in text
    assert "too short" not in text


def test_it_refuses_a_short_password(client, user):
    _change(client, "Ab1#xyz")
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_it_rejects_a_password_without_a_symbol(client, user):
    response = _change(client, "Hengyang2026chain")
    assert "密码必须同时包含字母、数字和符号，缺少：符号。" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_it_rejects_a_password_without_digits(client, user):
    response = _change(client, "Hengyang#chain!")
    assert "缺少：数字。" in response.content.decode()


def test_it_rejects_a_password_without_letters(client, user):
    response = _change(client, "2026#0417!!55")
    assert "缺少：字母。" in response.content.decode()


def test_it_rejects_a_wrong_old_password(client, user):
    response = _change(client, "Hengyang#2026chain", old="not-my-password")
    assert "你的旧密码不正确" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_it_rejects_two_different_new_passwords(client, user):
    response = client.post(
        URL,
        {
            "old_password": PASSWORD,
            "new_password1": "Hengyang#2026chain",
            "new_password2": "Hengyang#2026chaim",
        },
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
