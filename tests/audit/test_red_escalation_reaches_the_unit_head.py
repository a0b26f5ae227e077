"""A 审计整改 case judged 未整改 past its deadline turns red on the nightly tick: the audited
unit's 部门负责人 is notified (the kind's red_notifies: the unit's head only, audit data is not
shown to chain chiefs), and the audit committee sees it on its dashboard and cockpit panel."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from chainchief.accounts.models import Role
from chainchief.audit import rectification as rs
from chainchief.casework import services as casework
from chainchief.casework.models import Case, Notification
from tests.factories import assign, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(unit, chain):
    chief = make_user(Role.CHAIN_CHIEF, "chief_t")
    assign(chief, chain)
    return {"head": make_user(Role.DEPARTMENT_HEAD, "head_t", department=unit), "chief": chief}


@pytest.fixture
def not_done(record, handler, auditor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    today = timezone.localdate()
    rect = record(found_on=today - datetime.timedelta(days=120)).rectification
    rs.file_plan(rect=rect, by=handler, kind="immediate", measures="补办手续", responsible_person="李工",
                 due_on=today - datetime.timedelta(days=70),
                 filed_on=today - datetime.timedelta(days=110))  # fmt: skip
    rs.confirm_plan(rect=rect, by=auditor, on=today - datetime.timedelta(days=105))
    rs.report_progress(rect=rect, by=handler, text="正在补办", reported_on=today - datetime.timedelta(days=90),
                       files=[SimpleUploadedFile("材料.pdf", b"%PDF-1.4")])  # fmt: skip
    rs.submit_for_review(rect=rect, by=handler)
    return rs.review(rect=rect, by=auditor, outcome="not_done")


def _nightly():
    today = timezone.localdate()
    casework.tick(today=today)
    rs.escalate_overdue(today=today)


def test_not_done_past_the_deadline_notifies_the_units_head_not_the_chief(not_done, people):
    _nightly()
    assert not_done.escalated
    case = Case.objects.get(pk=not_done.case_id)
    assert case.card == "red"
    told = Notification.objects.filter(case=case, kind="red")
    assert list(told.filter(user=people["head"]).values_list("text", flat=True)) == [
        f"红牌督办：{case.number} {case.title} 已超过办理期限（{case.due_on}）"
    ]
    assert not told.filter(user=people["chief"]).exists()
    _nightly()
    assert told.filter(user=people["head"]).count() == 1


def test_the_committee_sees_it_on_its_dashboard_and_cockpit(client, not_done, committee_member):
    _nightly()
    client.force_login(committee_member)
    home = client.get(reverse("audit:home")).content.decode()
    section = home.split('data-testid="audit-escalated"')[1].split("</section>")[0]
    assert not_done.finding.number in section
    panel = client.get(reverse("audit:cockpit_panel")).content.decode()
    assert "红色督办（逾期未整改）：1 个" in panel
