"""Departments are written through places.services; the model logs no signals of its own, so
the service writes the change log (create and update, with the acting user)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from chainchief.accounts.models import ChangeLog, Role
from chainchief.places.models import Department
from chainchief.places.services import save_department
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_a_new_department_is_saved_and_logged():
    office = make_user(Role.CHAIN_OFFICE, username="office1")
    department = save_department(
        name="市发展和改革委员会", short_name="市发改委", sort=3, by=office
    )
    entry = ChangeLog.objects.get(object_type="places.department", object_id=str(department.pk))
    assert entry.action == "create" and entry.user_name == "office1"
    assert entry.after["short_name"] == "市发改委"


def test_an_edit_logs_before_and_after():
    office = make_user(Role.CHAIN_OFFICE)
    department = save_department(name="市商务局", by=office)
    save_department(department=department, name="市商务局", short_name="商务局", by=office)
    entry = ChangeLog.objects.get(object_type="places.department", action="update")
    assert entry.before["short_name"] == "" and entry.after["short_name"] == "商务局"


def test_a_saved_department_that_changes_nothing_logs_nothing():
    office = make_user(Role.CHAIN_OFFICE)
    department = save_department(name="市商务局", by=office)
    save_department(department=department, name="市商务局", by=office)
    assert ChangeLog.objects.filter(object_type="places.department").count() == 1


def test_a_sort_that_is_not_a_number_is_refused():
    office = make_user(Role.CHAIN_OFFICE)
    with pytest.raises(ValidationError, match="排序应为整数"):
        save_department(name="市商务局", sort="第一", by=office)
    assert not Department.objects.filter(name="市商务局").exists()


def test_a_duplicate_name_is_refused():
    office = make_user(Role.CHAIN_OFFICE)
    save_department(name="市商务局", by=office)
    with pytest.raises(ValidationError):
        save_department(name="市商务局", kind=Department.Kind.OTHER, by=office)
    assert Department.objects.filter(name="市商务局").count() == 1
