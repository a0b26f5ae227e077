"""Visits become cases in one step; the office opens and closes portal accounts in bulk."""

from __future__ import annotations

import datetime
import io

import pytest
from openpyxl import load_workbook

from chainchief.accounts.models import Role, User
from chainchief.casework import services_portal
from chainchief.casework.models import Case, Source
from chainchief.casework.services import CaseError
from chainchief.enterprises.models import Contact


def test_a_visit_point_becomes_a_case_raised_on_the_visit_day(city, deputy):
    visit = services_portal.log_visit(
        by=deputy, enterprise=city.own_enterprise, visited_on=datetime.date(2026, 9, 1),
        visitors="副主任、市工信局", points=[("变电站增容慢", "power_gas"), ("缺电工", "skills")],
    )  # fmt: skip
    point = visit.points.first()
    case = services_portal.point_to_case(point=point, by=deputy)
    assert (case.source, case.raised_on, case.category) == (
        Source.VISIT, datetime.date(2026, 9, 1), "power_gas",
    )  # fmt: skip
    assert case.chain == city.own
    with pytest.raises(CaseError, match="该问题已转为事项"):
        services_portal.point_to_case(point=point, by=deputy)


def test_the_deputy_turns_a_point_into_a_case_from_the_visit_page(client, city, deputy):
    visit = services_portal.log_visit(
        by=deputy, enterprise=city.own_enterprise, visited_on=datetime.date(2026, 9, 1),
        visitors="副主任", points=[("融资贵", "other")],
    )  # fmt: skip
    client.force_login(deputy)
    point = visit.points.get()
    response = client.post(
        f"/cases/visits/{visit.pk}/points/{point.pk}/case/", {"category": "financing_cost"}
    )
    case = Case.objects.get()
    assert response["Location"] == f"/cases/{case.pk}/"
    assert case.category == "financing_cost"


def test_a_visit_in_the_future_is_refused(city, deputy):
    with pytest.raises(CaseError, match="走访日期不能晚于今天"):
        services_portal.log_visit(
            by=deputy, enterprise=city.own_enterprise,
            visited_on=datetime.date.today() + datetime.timedelta(days=1), visitors="x",
        )  # fmt: skip


def test_the_office_invites_contacts_in_bulk_and_deactivates_one(client, city, office):
    people = [
        Contact.objects.create(enterprise=city.own_enterprise, name="李经理", phone="13800000001"),
        Contact.objects.create(enterprise=city.other_enterprise, name="王主任", phone=""),
    ]
    client.force_login(office)
    response = client.post("/cases/contacts/invite/", {"contact": [p.pk for p in people]})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(3, 4).value == "13800000001"  # username = phone
    assert len(str(sheet.cell(3, 5).value)) >= 10  # an initial password
    made = User.objects.get(username="13800000001")
    assert (made.role, made.enterprise) == (Role.ENTERPRISE_CONTACT, city.own_enterprise)
    assert User.objects.filter(full_name="王主任", enterprise=city.other_enterprise).exists()
    client.post(f"/cases/contacts/{made.pk}/deactivate/")
    made.refresh_from_db()
    assert made.is_active is False


def test_only_contact_accounts_can_be_deactivated_there(client, city, office, handler):
    client.force_login(office)
    response = client.post(f"/cases/contacts/{handler.pk}/deactivate/", follow=True)
    assert "只能停用企业联系人账号" in response.content.decode()
    handler.refresh_from_db()
    assert handler.is_active
