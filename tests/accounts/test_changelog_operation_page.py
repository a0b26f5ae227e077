"""The change-log page groups one operation's rows (同一操作: one row per request, job or
command, its changes expandable), filters by an operation id, and the export names it."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from chainchief.accounts.changelog import operation, record_changes, snapshot
from chainchief.accounts.models import ChangeLog, Role
from tests.factories import ChainFactory, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(client):
    user = make_user(Role.CHAIN_OFFICE, username="office")
    client.force_login(user)
    return user


def _two_operations():
    with operation("job-7"):
        chains = [ChainFactory(code=f"J{i}", name=f"任务链{i}") for i in range(3)]
    with operation("req-abc"):
        lone = ChainFactory(code="R1", name="请求链")
        record_changes([(lone, "update", {"sort": 5}, snapshot(lone))])
    return chains, lone


def test_grouped_the_page_shows_one_row_per_operation_with_its_changes(client, office):
    _two_operations()
    response = client.get(reverse("accounts:changelog"), {"group": "1"})
    page = response.context["page"]
    groups = {g["operation"]: g for g in page}
    assert set(groups) == {"job-7", "req-abc"}
    assert groups["job-7"]["count"] == 3 and groups["req-abc"]["count"] == 2
    assert [e.object_repr for e in groups["job-7"]["entries"]] == ["任务链0", "任务链1", "任务链2"]
    html = response.content.decode()
    assert "后台任务" in html and "3 条变更" in html


def test_the_operation_filter_lists_that_operations_rows_only(client, office):
    _two_operations()
    response = client.get(reverse("accounts:changelog"), {"op": "req-abc"})
    rows = list(response.context["page"])
    assert {e.operation for e in rows} == {"req-abc"} and len(rows) == 2


def test_a_malformed_operation_filter_is_ignored(client, office):
    _two_operations()
    response = client.get(reverse("accounts:changelog"), {"op": "x' OR 1=1 --"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == ChangeLog.objects.count()


def test_the_export_has_the_operation_column(client, office):
    _two_operations()
    response = client.get(reverse("accounts:changelog_export"), {"op": "job-7"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-1] == "操作编号"
    assert [r[-1] for r in rows[1:]] == ["job-7"] * 3


def test_the_security_log_filters_by_operation(client, office):
    from chainchief.accounts import securitylog
    from chainchief.accounts.models import SecurityEvent

    with operation("req-sec1"):
        securitylog.record(SecurityEvent.Kind.UNLOCKED, subject="wang", actor="office")
    securitylog.record(SecurityEvent.Kind.UNLOCKED, subject="li", actor="office")
    response = client.get(reverse("accounts:security_log"), {"op": "req-sec1"})
    assert [e.subject_name for e in response.context["page"]] == ["wang"]
