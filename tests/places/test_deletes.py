"""Deleting a district, park or department: refused while in use (saying what uses it),
logged under the record's own id once it goes; the city itself cannot be deleted."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from chainchief.accounts.models import ChangeLog, Role
from chainchief.places.models import City, Department, District
from chainchief.places.services import delete_place, save_department
from tests.factories import DistrictFactory, EnterpriseFactory, make_user

pytestmark = pytest.mark.django_db


def test_a_district_with_enterprises_is_not_deleted():
    office = make_user(Role.CHAIN_OFFICE)
    district = DistrictFactory(name="雁峰区")
    EnterpriseFactory(district=district)
    with pytest.raises(ValidationError, match="“雁峰区”仍被.*使用，不能删除"):
        delete_place(instance=district, by=office)
    assert District.objects.filter(pk=district.pk).exists()


def test_a_deleted_department_is_logged_under_its_id():
    office = make_user(Role.CHAIN_OFFICE, username="office1")
    department = save_department(name="市商务局", by=office)
    pk = department.pk
    delete_place(instance=department, by=office)
    assert not Department.objects.filter(pk=pk).exists()
    entry = ChangeLog.objects.get(object_type="places.department", action="delete")
    assert entry.object_id == str(pk) and entry.before["name"] == "市商务局"
    assert entry.user_name == "office1"


def test_the_city_cannot_be_deleted():
    office = make_user(Role.CHAIN_OFFICE)
    city = City.objects.create(name="衡阳市")
    with pytest.raises(ValidationError, match="城市不能删除"):
        delete_place(instance=city, by=office)
    assert City.objects.filter(pk=city.pk).exists()
