"""The audit committee (审计委员会) gets its members through `audit.services.add_committee_member`:
once per account, active accounts only, a bounded title, and a change-log entry naming who
seated them."""

from __future__ import annotations

import pytest

from chainchief.accounts.models import ChangeLog, Role
from chainchief.audit.models import AuditCommitteeMember
from chainchief.audit.services import AuditError, add_committee_member
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_a_member_is_seated_with_a_title_and_logged():
    office = make_user(Role.CHAIN_OFFICE, "office")
    secretary = make_user(Role.GENERAL_CHIEF, "secretary", full_name="郑远航")
    member = add_committee_member(user=secretary, title=" 主任 ", by=office)
    assert member.title == "主任" and member.user == secretary
    entry = ChangeLog.objects.get(object_type="audit.auditcommitteemember")
    assert entry.action == "create" and entry.user_name == "office"


def test_a_second_seat_an_inactive_account_and_an_overlong_title_are_refused():
    secretary = make_user(Role.GENERAL_CHIEF, "secretary", full_name="郑远航")
    add_committee_member(user=secretary, title="主任", by=None)
    with pytest.raises(AuditError, match="“郑远航”已是审计委员会成员"):
        add_committee_member(user=secretary, title="委员", by=None)
    retired = make_user(Role.GENERAL_CHIEF, "retired", full_name="王退休", is_active=False)
    with pytest.raises(AuditError, match="账号“王退休”已停用"):
        add_committee_member(user=retired, by=None)
    other = make_user(Role.GENERAL_CHIEF, "other")
    with pytest.raises(AuditError, match="委员会职务最多 50 个字，实际 51 个"):
        add_committee_member(user=other, title="委" * 51, by=None)
    assert list(AuditCommitteeMember.objects.values_list("title", flat=True)) == ["主任"]
