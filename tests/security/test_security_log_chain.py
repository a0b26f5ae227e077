"""The security log and the change log are hash chains: `chainchief securitylog verify`
passes on an untouched log and names the entry where an edit or a deletion behind the app's
back broke it; the app itself cannot edit or delete entries."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from chainchief.accounts import ledger
from chainchief.accounts.models import ChangeLog, Role, SecurityEvent
from tests.factories import ChainFactory, make_user

pytestmark = pytest.mark.django_db


def _log_some_events() -> None:
    make_user(Role.CHAIN_OFFICE, username="a1")
    make_user(Role.AUDITOR, username="a2")
    ChainFactory(code="PWR")


def test_verify_passes_on_an_untouched_log(capsys):
    _log_some_events()
    call_command("securitylog", "verify")
    out = capsys.readouterr().out
    assert "安全日志：哈希链完整" in out
    assert "变更记录：哈希链完整" in out
    assert ledger.verify(SecurityEvent).checked == SecurityEvent.objects.count() >= 2


def test_an_edit_behind_the_apps_back_is_found():
    _log_some_events()
    ledger.seal(SecurityEvent)
    victim = SecurityEvent.objects.order_by("seq")[1]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE accounts_securityevent SET subject_name = %s WHERE id = %s", ["x", victim.pk]
        )
    with pytest.raises(CommandError, match=f"安全日志在第 {victim.seq} 条处断开"):
        call_command("securitylog", "verify", "--log", "security")


def test_a_deleted_change_log_entry_is_found():
    _log_some_events()
    ChainFactory(code="BIO")
    ledger.seal(ChangeLog)
    first = ChangeLog.objects.order_by("seq").first()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM accounts_changelog WHERE id = %s", [first.pk])
    verdict = ledger.verify(ChangeLog)
    assert not verdict.ok
    assert verdict.broken_at == 1


def test_the_app_cannot_edit_or_delete_log_entries():
    _log_some_events()
    event = SecurityEvent.objects.first()
    event.subject_name = "changed"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        SecurityEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        ChangeLog.objects.update(object_repr="x")
    with pytest.raises(PermissionError):
        ChangeLog.objects.first().delete()


def test_the_admin_offers_no_add_change_or_delete_of_the_security_log(rf):
    from django.contrib import admin

    model_admin = admin.site._registry[SecurityEvent]
    request = rf.get("/")
    request.user = make_user(Role.CHAIN_OFFICE, is_superuser=True, is_staff=True)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
