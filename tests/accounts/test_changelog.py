"""The change log: creates, updates and deletes made through the UI are recorded with the
user and the before/after data; nothing in the UI can edit the log."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import get_resolver, reverse

from chainchief.accounts.models import ChangeLog, Role
from chainchief.chains.models import DevelopmentGoal, Segment
from chainchief.enterprises.models import Contact, Enterprise
from tests.factories import (
    ChainFactory,
    DistrictFactory,
    EnterpriseFactory,
    GoalFactory,
    ParkFactory,
    SegmentFactory,
    make_user,
    next_credit_code,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(client):
    user = make_user(Role.CHAIN_OFFICE, username="office")
    client.force_login(user)
    return user


@pytest.fixture
def chain():
    return ChainFactory(code="PWR", name="输变电装备产业链")


def _entries(model: str) -> list[ChangeLog]:
    return list(ChangeLog.objects.filter(object_type=model).order_by("id"))


def _goal_data(**kw) -> dict:
    return {
        "indicator": "规上工业产值",
        "unit": "亿元",
        "year": 2026,
        "target_value": "520.50",
        "note": "",
        **kw,
    }


def test_creating_a_goal_records_who_and_what(client, office, chain):
    client.post(reverse("chains:goal_add", args=["PWR"]), _goal_data())
    [entry] = _entries("chains.developmentgoal")
    assert entry.action == "create"
    assert entry.user == office
    assert entry.user_name == "office"
    assert entry.before is None
    assert entry.after["indicator"] == "规上工业产值"
    assert entry.after["target_value"] == "520.50"


def test_updating_a_goal_records_before_and_after(client, office, chain):
    goal = GoalFactory(chain=chain, indicator="规上工业产值", target_value="500")
    client.post(reverse("chains:goal_edit", args=["PWR", goal.pk]), _goal_data(target_value="600"))
    [entry] = _entries("chains.developmentgoal")[-1:]
    assert entry.action == "update"
    assert entry.user == office
    [(field, before, after)] = entry.changed_fields()
    assert field == "target_value"
    assert (Decimal(before), Decimal(after)) == (Decimal(500), Decimal(600))


def test_an_update_with_no_change_records_nothing(client, office, chain):
    goal = GoalFactory(chain=chain, indicator="规上工业产值", target_value="520.50", year=2026)
    count = ChangeLog.objects.count()
    response = client.post(reverse("chains:goal_edit", args=["PWR", goal.pk]), _goal_data())
    assert response.status_code == 302
    assert ChangeLog.objects.count() == count


def test_an_unchanged_segment_form_records_nothing(client, office, chain):
    segment = SegmentFactory(chain=chain, name="变压器", terms=["变压器"])
    count = ChangeLog.objects.count()
    client.post(
        reverse("chains:segment_edit", args=["PWR", segment.pk]),
        {
            "stage": segment.stage,
            "name": "变压器",
            "terms": "变压器",
            "weight": "1",
            "description": "",
            "sort": 0,
        },
    )
    assert ChangeLog.objects.count() == count


def test_deleting_a_goal_keeps_the_before_data(client, office, chain):
    goal = GoalFactory(chain=chain, indicator="规上工业产值")
    client.post(reverse("chains:goal_delete", args=["PWR", goal.pk]))
    assert not DevelopmentGoal.objects.filter(pk=goal.pk).exists()
    [entry] = _entries("chains.developmentgoal")[-1:]
    assert entry.action == "delete"
    assert entry.user == office
    assert entry.before["indicator"] == "规上工业产值"
    assert entry.after is None


def test_segment_create_update_and_delete_are_recorded(client, office, chain):
    data = {
        "stage": "midstream",
        "name": "变压器",
        "terms": "电力变压器、干式变压器",
        "weight": "1",
        "description": "",
        "sort": 0,
    }
    client.post(reverse("chains:segment_add", args=["PWR"]), data)
    segment = Segment.objects.get(chain=chain, name="变压器")
    client.post(
        reverse("chains:segment_edit", args=["PWR", segment.pk]), {**data, "name": "电力变压器"}
    )
    client.post(reverse("chains:segment_delete", args=["PWR", segment.pk]))
    entries = _entries("chains.segment")
    assert [e.action for e in entries] == ["create", "update", "delete"]
    assert all(e.user == office for e in entries)
    assert entries[0].after["terms"] == ["电力变压器", "干式变压器"]
    assert ("name", "变压器", "电力变压器") in entries[1].changed_fields()
    assert entries[2].before["name"] == "电力变压器"


def test_deleting_a_segment_records_its_sub_segments_too(client, office, chain):
    parent = SegmentFactory(chain=chain, name="输变电设备")
    SegmentFactory(chain=chain, parent=parent, name="变压器")
    client.post(reverse("chains:segment_delete", args=["PWR", parent.pk]))
    deleted = {e.before["name"] for e in _entries("chains.segment") if e.action == "delete"}
    assert deleted == {"输变电设备", "变压器"}


def _enterprise_data(**kw) -> dict:
    district = DistrictFactory()
    return {
        "name": "衡阳变压器有限公司",
        "credit_code": next_credit_code(),
        "district": district.pk,
        "park": "",
        "chains": [],
        "segments": [],
        "main_products": "变压器",
        "business_scope": "",
        "established_on": "",
        "liaison_official": "",
        "note": "",
        **kw,
    }


def test_enterprise_create_and_update_are_recorded(client, office, chain):
    data = _enterprise_data()
    client.post(reverse("enterprises:create"), data)
    enterprise = Enterprise.objects.get(name="衡阳变压器有限公司")
    client.post(
        reverse("enterprises:edit", args=[enterprise.pk]),
        {**data, "main_products": "变压器、互感器"},
    )
    entries = _entries("enterprises.enterprise")
    assert [e.action for e in entries] == ["create", "update"]
    assert entries[0].after["credit_code"] == data["credit_code"]
    assert ("main_products", "变压器", "变压器、互感器") in entries[1].changed_fields()
    assert entries[1].user == office


def test_an_unchanged_enterprise_form_records_nothing(client, office, chain):
    data = _enterprise_data()
    client.post(reverse("enterprises:create"), data)
    enterprise = Enterprise.objects.get(name="衡阳变压器有限公司")
    count = ChangeLog.objects.count()
    client.post(reverse("enterprises:edit", args=[enterprise.pk]), data)
    assert ChangeLog.objects.count() == count


def test_changing_a_chains_host_parks_is_recorded(client, office, chain):
    park = ParkFactory(name="衡阳高新区")
    count = ChangeLog.objects.count()
    client.post(
        reverse("chains:edit", args=["PWR"]),
        {
            "code": "PWR",
            "name": chain.name,
            "description": "",
            "layout_node": "",
            "host_parks": [park.pk],
            "status": "active",
            "sort": 0,
        },
    )
    assert list(chain.host_parks.all()) == [park]
    assert ChangeLog.objects.count() == count + 1


def test_deleting_an_enterprise_contact_is_recorded(client, office):
    enterprise = EnterpriseFactory()
    contact = Contact.objects.create(enterprise=enterprise, name="王经理", phone="0734-1234567")
    client.post(reverse("enterprises:child_delete", args=[enterprise.pk, "contact", contact.pk]))
    [entry] = _entries("enterprises.contact")[-1:]
    assert entry.action == "delete"
    assert entry.before["name"] == "王经理"
    assert entry.user == office


def test_the_office_sees_the_log_page_with_entries(client, office, chain):
    client.post(reverse("chains:goal_add", args=["PWR"]), _goal_data())
    response = client.get(reverse("accounts:changelog"))
    assert response.status_code == 200
    entries = list(response.context["page"])
    assert entries[0].object_type == "chains.developmentgoal"
    assert "规上工业产值" in response.content.decode()


def test_the_log_page_filters_by_type_and_action(client, office, chain):
    goal = GoalFactory(chain=chain)
    SegmentFactory(chain=chain)
    client.post(reverse("chains:goal_delete", args=["PWR", goal.pk]))
    response = client.get(
        reverse("accounts:changelog"), {"type": "chains.developmentgoal", "action": "delete"}
    )
    entries = list(response.context["page"])
    assert [(e.object_type, e.action) for e in entries] == [("chains.developmentgoal", "delete")]


@pytest.mark.parametrize("role", [r for r in Role if r not in (Role.CHAIN_OFFICE, Role.AUDITOR)])
def test_only_the_office_and_the_auditor_see_the_log(client, role):
    client.force_login(make_user(role))
    assert client.get(reverse("accounts:changelog")).status_code == 403


def test_the_auditor_reads_all_of_the_log(client, chain):
    GoalFactory(chain=chain)
    client.force_login(make_user(Role.AUDITOR))
    response = client.get(reverse("accounts:changelog"))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == ChangeLog.objects.count()


def test_the_admin_cannot_add_change_or_delete_entries(rf):
    from django.contrib import admin

    model_admin = admin.site._registry[ChangeLog]
    request = rf.get("/")
    request.user = make_user(Role.CHAIN_OFFICE, is_superuser=True, is_staff=True)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_the_admin_refuses_a_post_to_an_entry(client, chain):
    GoalFactory(chain=chain, indicator="规上工业产值")
    entry = ChangeLog.objects.latest("id")
    admin_user = make_user(Role.CHAIN_OFFICE, is_superuser=True, is_staff=True)
    client.force_login(admin_user)
    change = reverse("admin:accounts_changelog_change", args=[entry.pk])
    client.post(change, {"object_repr": "篡改", "user_name": "someone"})
    delete = reverse("admin:accounts_changelog_delete", args=[entry.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    entry.refresh_from_db()
    assert entry.object_repr != "篡改"
    assert ChangeLog.objects.filter(pk=entry.pk).exists()


def test_no_page_outside_the_admin_edits_the_log(client, office, chain):
    GoalFactory(chain=chain)
    entry = ChangeLog.objects.latest("id")
    names = [p.name for p in get_resolver("chainchief.accounts.urls").url_patterns]
    assert [n for n in names if "changelog" in n] == ["changelog", "changelog_export"]
    client.post(reverse("accounts:changelog"), {"object_repr": "篡改"})
    entry.refresh_from_db()
    assert entry.object_repr != "篡改"
