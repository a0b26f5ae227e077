import datetime

import pytest

from chainchief.accounts.models import Role
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_the_api_ledger_lists_only_the_units_own_findings(client, record, handler, other_unit):
    record()
    record(summary="他局问题", unit=other_unit, projects=[])
    client.force_login(handler)
    body = client.get("/api/audit/findings").json()
    assert [i["unit"] for i in body["items"]] == ["市住建局"] and body["count"] == 1


def test_a_finding_outside_scope_is_404_in_the_api(client, record, other_unit):
    finding = record()
    client.force_login(make_user(Role.DEPARTMENT_HANDLER, "h2", department=other_unit))
    assert client.get(f"/api/audit/findings/{finding.pk}").status_code == 404


def test_the_unit_files_its_plan_through_the_api(client, record, handler):
    today = datetime.date.today()
    finding = record(found_on=today - datetime.timedelta(days=5))
    client.force_login(handler)
    response = client.post(
        f"/api/audit/findings/{finding.pk}/plan",
        {"kind": "immediate", "measures": "补办", "responsible_person": "李工",
         "due_on": (today + datetime.timedelta(days=20)).isoformat(), "version": 1},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "awaiting_confirmation"


def test_a_stale_version_gets_409(client, record, handler):
    today = datetime.date.today()
    finding = record(found_on=today - datetime.timedelta(days=5))
    client.force_login(handler)
    response = client.post(
        f"/api/audit/findings/{finding.pk}/plan",
        {"kind": "immediate", "measures": "补办", "responsible_person": "李工",
         "due_on": (today + datetime.timedelta(days=20)).isoformat(), "version": 7},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 409


def test_the_unit_cannot_review_through_the_api(client, record, handler):
    finding = record()
    client.force_login(handler)
    response = client.post(f"/api/audit/findings/{finding.pk}/review",
                           {"outcome": "done", "closing_record": "x", "version": 1},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 403


def test_plans_are_404_for_a_unit_handler(client, auditor, handler):
    from chainchief.audit import services

    services.create_plan(year=2026, by=auditor)
    client.force_login(handler)
    assert client.get("/api/audit/plans/2026").status_code == 404
    client.force_login(auditor)
    assert client.get("/api/audit/plans/2026").json()["version"] == 1
