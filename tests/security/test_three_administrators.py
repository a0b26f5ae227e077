"""三员分立: the system, security and audit administrator duties are separate — one account
holds at most one, a superuser holds none of them, nobody changes their own, and only the
security administrator assigns roles and duties."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chainchief.accounts import services
from chainchief.accounts.access import LOG_READER, SECURITY_ADMIN, SYSTEM_ADMIN
from chainchief.accounts.models import AdminDuty, Role, SecurityEvent
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def security_admin():
    return make_user(Role.CHAIN_OFFICE, username="sec", admin_duty=AdminDuty.SECURITY)


def test_each_duty_opens_only_its_own_area():
    system = make_user(Role.DEPARTMENT_HANDLER, admin_duty=AdminDuty.SYSTEM)
    security = make_user(Role.DEPARTMENT_HANDLER, admin_duty=AdminDuty.SECURITY)
    audit = make_user(Role.DEPARTMENT_HANDLER, admin_duty=AdminDuty.AUDIT)
    assert [SYSTEM_ADMIN.allows(u) for u in (system, security, audit)] == [True, False, False]
    assert [SECURITY_ADMIN.allows(u) for u in (system, security, audit)] == [False, True, False]
    assert [LOG_READER.allows(u) for u in (system, security, audit)] == [False, False, True]


def test_the_security_admin_assigns_a_role_and_a_duty_and_it_is_logged(security_admin):
    user = make_user(Role.CHAIN_CHIEF, username="someone")
    services.set_role(user=user, role=Role.AUDITOR, admin_duty=AdminDuty.AUDIT, by=security_admin)
    user.refresh_from_db()
    assert (user.role, user.admin_duty) == (Role.AUDITOR, AdminDuty.AUDIT)
    event = SecurityEvent.objects.filter(kind="role_changed", subject_name="someone").last()
    assert event.actor_name == "sec"


def test_nobody_changes_their_own_role(security_admin):
    with pytest.raises(ValidationError, match="不能修改自己的角色"):
        services.set_role(
            user=security_admin,
            role=Role.CHAIN_OFFICE,
            admin_duty=AdminDuty.AUDIT,
            by=security_admin,
        )


def test_a_superuser_cannot_also_hold_a_duty(security_admin):
    root = make_user(Role.CHAIN_OFFICE, is_superuser=True)
    with pytest.raises(ValidationError, match="三员分立"):
        services.set_role(
            user=root, role=Role.CHAIN_OFFICE, admin_duty=AdminDuty.SYSTEM, by=security_admin
        )


def test_the_system_admin_cannot_assign_roles():
    system = make_user(Role.CHAIN_OFFICE, admin_duty=AdminDuty.SYSTEM)
    with pytest.raises(PermissionDenied):
        services.set_role(
            user=make_user(Role.CHAIN_CHIEF), role=Role.CHAIN_OFFICE, admin_duty="", by=system
        )
