"""Accounts are written by the accounts app's user service (the settings area calls it):
creating, editing and deactivating a user land in the change log with the acting user and
never the password; a stale edit is refused; changelog says publicly which models log
themselves."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from chainchief.accounts import services
from chainchief.accounts.changelog import fingerprint, is_tracked
from chainchief.accounts.models import ChangeLog, Role, User
from chainchief.enterprises.models import Enterprise

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return User.objects.create(username="sysadmin", role=Role.CHAIN_OFFICE, admin_duty="system")


def _user_entries(user: User) -> list[ChangeLog]:
    return list(
        ChangeLog.objects.filter(object_type="accounts.user", object_id=str(user.pk)).order_by("id")
    )


def test_creating_a_user_is_logged_without_the_password(admin):
    user = services.create_user(
        username="wang", password="Wang#2026secret", values={"full_name": "王五"}, by=admin
    )
    [entry] = _user_entries(user)
    assert (entry.action, entry.user_name) == ("create", "sysadmin")
    assert entry.after["full_name"] == "王五" and "password" not in entry.after
    assert user.check_password("Wang#2026secret")


def test_an_edit_is_logged_with_before_and_after(admin):
    user = services.create_user(username="wang", password="Wang#2026secret", values={}, by=admin)
    services.save_user(user=user, values={"phone": "0734-1234567"}, by=admin)
    entry = _user_entries(user)[-1]
    assert entry.action == "update"
    assert (entry.before["phone"], entry.after["phone"]) == ("", "0734-1234567")


def test_a_stale_edit_is_refused(admin):
    user = services.create_user(username="wang", password="Wang#2026secret", values={}, by=admin)
    read = fingerprint(user)
    services.save_user(user=user, values={"phone": "1"}, by=admin)
    with pytest.raises(ValidationError, match="该记录已被他人修改"):
        services.save_user(user=user, values={"title": "科长"}, by=admin, read_fingerprint=read)


def test_deactivating_oneself_is_refused_and_others_are_logged(admin):
    with pytest.raises(ValidationError, match="不能停用自己的账号"):
        services.set_user_active(user=admin, active=False, by=admin)
    user = services.create_user(username="wang", password="Wang#2026secret", values={}, by=admin)
    services.set_user_active(user=user, active=False, by=admin)
    entry = _user_entries(user)[-1]
    assert (entry.before["is_active"], entry.after["is_active"]) == (True, False)


def test_which_models_log_themselves_is_public():
    assert is_tracked(Enterprise) and not is_tracked(User)
