"""The audited unit's 部门负责人 has the unit's audit scope like its handlers: its own findings
on pages, the ledger and its export, the API and the command, and it acts on their
rectification; another unit's findings answer 404."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from chainchief.accounts.models import Role
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def head(unit):
    return make_user(Role.DEPARTMENT_HEAD, "head_t", department=unit)


@pytest.fixture
def findings(record, other_unit):
    ours = record(summary="住建局未批先建")
    theirs = record(unit=other_unit, summary="交通局资金闲置", projects=[])
    return ours, theirs


def test_the_head_opens_its_units_finding_and_gets_404_for_another(client, head, findings):
    ours, theirs = findings
    client.force_login(head)
    assert client.get(reverse("audit:finding", args=[ours.pk])).status_code == 200
    assert client.get(reverse("audit:finding", args=[theirs.pk])).status_code == 404


def test_the_heads_ledger_and_export_hold_only_its_units_findings(client, head, findings):
    client.force_login(head)
    page = client.get(reverse("audit:ledger")).content.decode()
    assert "住建局未批先建" in page and "交通局资金闲置" not in page
    wb = openpyxl.load_workbook(io.BytesIO(client.get(reverse("audit:ledger_export")).content))
    text = " ".join(str(c.value) for row in wb.active.iter_rows() for c in row if c.value)
    assert "住建局未批先建" in text and "交通局资金闲置" not in text


def test_the_api_gives_the_head_its_units_findings_only(client, head, findings):
    ours, theirs = findings
    client.force_login(head)
    assert client.get(f"/api/audit/findings/{ours.pk}").status_code == 200
    assert client.get(f"/api/audit/findings/{theirs.pk}").status_code == 404
    numbers = [f["number"] for f in client.get("/api/audit/findings").json()["items"]]
    assert numbers == [ours.number]


def test_the_head_files_its_units_rectification_plan(client, head, findings):
    ours, theirs = findings
    client.force_login(head)
    plan = {
        "kind": "continuing", "measures": "补办施工许可", "responsible_person": "李工",
        "due_on": "2027-06-30", "version": ours.rectification.version,
    }  # fmt: skip
    assert client.post(reverse("audit:rect_plan", args=[theirs.pk]), plan).status_code == 404
    client.post(reverse("audit:rect_plan", args=[ours.pk]), plan)
    ours.rectification.refresh_from_db()
    assert ours.rectification.state == "awaiting_confirmation"
    assert ours.rectification.measures == "补办施工许可"


def test_the_head_cannot_review_its_units_rectification(client, head, findings):
    client.force_login(head)
    url = reverse("audit:rect_review", args=[findings[0].pk])
    assert client.post(url, {"outcome": "done", "closing_record": "x"}).status_code == 403


def test_the_head_gets_404_on_the_bureaus_pages(client, head, findings):
    client.force_login(head)
    for url in (reverse("audit:plans"), reverse("audit:warnings"), reverse("audit:audits")):
        assert client.get(url).status_code == 404


def test_the_ledger_command_applies_the_heads_visibility(head, findings, tmp_path):
    out = tmp_path / "台账.xlsx"
    call_command("audit", "ledger", "2026", "-o", str(out), "--user", head.username)
    wb = openpyxl.load_workbook(out)
    text = " ".join(str(c.value) for row in wb.active.iter_rows() for c in row if c.value)
    assert "住建局未批先建" in text and "交通局资金闲置" not in text


def test_the_head_of_an_audited_unit_sees_the_audit_menu(client, head, findings):
    client.force_login(head)
    assert "nav-audit" in client.get(reverse("enterprises:list")).content.decode()
