"""Edits in the settings area go through services: the change log records them, bad input
gets a Chinese message, a record in use cannot be deleted, and a stale edit is refused."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from chainchief.accounts.models import ChangeLog, Role, User
from chainchief.places.models import Department, District, Park
from chainchief.projects.models import WarningRule
from chainchief.web.settings_services import STALE_MESSAGE, fingerprint
from tests.factories import DistrictFactory, EnterpriseFactory, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def office() -> Client:
    client = Client()
    client.force_login(make_user(Role.CHAIN_OFFICE, username="office1"))
    return client


def test_the_warning_rule_is_edited_in_the_app(office):
    response = office.post(reverse("web:settings_add", args=["warning_rules"]), {"stall_days": 45})
    assert response.status_code == 302
    assert WarningRule.current().stall_days == 45
    entry = ChangeLog.objects.get(object_type="projects.warningrule")
    assert entry.user_name == "office1" and entry.after["stall_days"] == 45


def test_a_new_department_is_saved_and_logged(office):
    office.post(
        reverse("web:settings_add", args=["departments"]),
        {"name": "市发展和改革委员会", "short_name": "市发改委", "kind": "department", "sort": 3},
    )
    department = Department.objects.get(name="市发展和改革委员会")
    entry = ChangeLog.objects.get(object_type="places.department", object_id=str(department.pk))
    assert entry.action == "create" and entry.user_name == "office1"


def test_a_district_code_must_have_six_digits(office):
    response = office.post(
        reverse("web:settings_add", args=["districts"]), {"code": "4304", "name": "珠晖区"}
    )
    assert "行政区划代码应为 6 位数字（GB/T 2260）" in response.content.decode()
    assert not District.objects.filter(name="珠晖区").exists()


def test_a_district_with_enterprises_cannot_be_deleted(office):
    district = DistrictFactory(name="雁峰区")
    EnterpriseFactory(district=district)
    response = office.post(
        reverse("web:settings_delete", args=["districts", district.pk]), follow=True
    )
    assert "仍被" in response.content.decode() and "不能删除" in response.content.decode()
    assert District.objects.filter(pk=district.pk).exists()


def test_a_park_is_deleted_after_confirmation_and_logged(office):
    park = Park.objects.create(name="白沙洲工业园", district=DistrictFactory())
    office.post(reverse("web:settings_delete", args=["parks", park.pk]))
    assert not Park.objects.filter(pk=park.pk).exists()
    assert ChangeLog.objects.filter(object_type="places.park", action="delete").exists()


def test_a_stale_edit_is_refused(office):
    department = Department.objects.create(name="市商务局")
    read = fingerprint(department)
    Department.objects.filter(pk=department.pk).update(short_name="商务局")  # someone else
    response = office.post(
        reverse("web:settings_edit", args=["departments", department.pk]),
        {
            "name": "市商务局",
            "short_name": "市商务",
            "kind": "department",
            "sort": 0,
            "fingerprint": read,
        },
    )
    assert STALE_MESSAGE in response.content.decode()
    assert Department.objects.get(pk=department.pk).short_name == "商务局"


def test_a_user_is_created_with_a_role_and_can_log_in(office):
    response = office.post(
        reverse("web:settings_add", args=["users"]),
        {
            "username": "chief_new",
            "full_name": "李链长",
            "role": "chain_chief",
            "is_active": "on",
            "password": "Xy7#long-enough-pass",
        },
    )
    assert response.status_code == 302, response.content.decode()
    user = User.objects.get(username="chief_new")
    assert user.role == "chain_chief" and user.check_password("Xy7#long-enough-pass")
    assert ChangeLog.objects.filter(object_type="accounts.user", object_id=str(user.pk)).exists()


def test_an_enterprise_contact_needs_its_enterprise(office):
    response = office.post(
        reverse("web:settings_add", args=["users"]),
        {
            "username": "contact_x",
            "role": "enterprise_contact",
            "is_active": "on",
            "password": "Xy7#long-enough-pass",
        },
    )
    assert "企业联系人须指定所属企业" in response.content.decode()
    assert not User.objects.filter(username="contact_x").exists()


def test_a_user_is_deactivated_not_deleted(office):
    user = make_user(Role.CHAIN_CHIEF)
    office.post(reverse("web:settings_delete", args=["users", user.pk]), {"active": "0"})
    user.refresh_from_db()
    assert user.is_active is False
    entry = ChangeLog.objects.filter(object_type="accounts.user", object_id=str(user.pk)).first()
    assert entry.before["is_active"] is True and entry.after["is_active"] is False


def test_the_list_searches_and_exports_xlsx(office):
    Department.objects.create(name="市财政局")
    Department.objects.create(name="市教育局")
    page = office.get(reverse("web:settings_list", args=["departments"]), {"q": "财政"})
    assert [obj.name for obj, _cells in page.context["rows"]] == ["市财政局"]
    xlsx = office.get(reverse("web:settings_list", args=["departments"]), {"format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
