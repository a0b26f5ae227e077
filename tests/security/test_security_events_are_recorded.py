"""Log-ins, log-outs, failures, lock-outs, password changes and changes of users, roles,
departments and permissions each append one security-log entry."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chainchief.accounts.models import Role, SecurityEvent, User
from tests.factories import PASSWORD, DepartmentFactory, make_user

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


def _kinds(subject: str) -> list[str]:
    return list(
        SecurityEvent.objects.filter(subject_name=subject)
        .order_by("id")
        .values_list("kind", flat=True)
    )


def test_a_login_a_failure_and_a_logout_are_recorded(client):
    make_user(Role.CHAIN_OFFICE, username="office")
    client.post(LOGIN, {"username": "office", "password": "wrong-one"})
    client.post(LOGIN, {"username": "office", "password": PASSWORD})
    client.post(reverse("accounts:logout"))
    assert _kinds("office")[-3:] == ["login_failed", "login", "logout"]
    failure = SecurityEvent.objects.get(subject_name="office", kind="login_failed")
    assert failure.ip == "127.0.0.1"
    assert failure.detail == {"reason": "wrong_password"}


def test_an_unknown_username_is_recorded_as_a_failure(client):
    client.post(LOGIN, {"username": "ghost", "password": "whatever-1!"})
    assert _kinds("ghost") == ["login_failed"]


def test_five_failures_record_the_lock_out(client):
    make_user(Role.CHAIN_OFFICE, username="office")
    for _ in range(5):
        client.post(LOGIN, {"username": "office", "password": "wrong-one"})
    assert _kinds("office")[-2:] == ["login_failed", "locked"]


def test_a_password_change_is_recorded_and_remembered():
    user = make_user(Role.CHAIN_OFFICE, username="office")
    old_hash = user.password
    user.set_password("Another#pass2026")
    user.save()
    assert _kinds("office")[-1] == "password_changed"
    assert user.password_history.first().password == old_hash
    assert user.password_changed_at is not None


def test_role_department_and_permission_changes_are_recorded():
    user = make_user(Role.CHAIN_OFFICE, username="office")
    version = user.scope_version
    user.role = Role.AUDITOR
    user.department = DepartmentFactory(name="市审计局")
    user.is_superuser = True
    user.save()
    kinds = _kinds("office")
    assert {"role_changed", "department_changed", "permission_changed"} <= set(kinds)
    role_event = SecurityEvent.objects.filter(subject_name="office", kind="role_changed").last()
    assert role_event.detail["changes"]["role"] == ["chain_office", "auditor"]
    assert User.objects.get(pk=user.pk).scope_version > version
